"""policy-pipeline: turn Chinese government policy documents into structured, checkable data.

The public verbs::

    import pipeline
    record = pipeline.extract(text)                   # -> PolicyRecord
    record = pipeline.extract_file("doc.docx")        # read + extract
    docs = pipeline.read_documents("corpus.csv", text_column="content")
    pipeline.parse_doc_number("庆政发〔2021〕13号")     # -> DocNumber
    graph = pipeline.build_graph(records)             # -> networkx.MultiDiGraph
    result = pipeline.run_batch(["corpora/"], "outputs", workers=2)   # -> outputs/policy.duckdb ...
    cmp = pipeline.compare(records)                   # -> Comparison (indicators, reuse, ...)
    index = pipeline.report(records, "out/report")    # -> Path of the offline HTML report
"""

from __future__ import annotations

import inspect
import types
from typing import Any

from pipeline import compare, report
from pipeline.api import extract, extract_document, extract_file, iter_file_records
from pipeline.batch import run_batch
from pipeline.compare import Comparison
from pipeline.errors import IngestError, OptionError, ParameterError, PipelineError
from pipeline.ingest import read_document, read_documents
from pipeline.models import DocNumber, PolicyRecord, SourceDocument
from pipeline.structure.docnumber import parse_doc_number


class _CallableModule(types.ModuleType):
    """A subpackage that is also its main verb: ``pipeline.compare(records)`` calls
    :func:`pipeline.compare.compare`, and ``import pipeline.compare as c`` still gives the subpackage
    (with ``c.indicators``, ``c.inputs`` ...), not a function that hid it."""

    __verb__: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(self, self.__verb__)(*args, **kwargs)


for _module, _verb in ((compare, "compare"), (report, "build_report")):
    _module.__class__ = _CallableModule
    _module.__verb__ = _verb
    _module.__signature__ = inspect.signature(getattr(_module, _verb))  # help() and IDEs see the verb's

__version__ = "0.1.0"

__all__ = [
    "Comparison",
    "DocNumber",
    "IngestError",
    "OptionError",
    "ParameterError",
    "PipelineError",
    "PolicyRecord",
    "SourceDocument",
    "__version__",
    "build_graph",
    "compare",
    "extract",
    "extract_document",
    "extract_file",
    "iter_file_records",
    "load_registry",
    "parse_doc_number",
    "read_document",
    "read_documents",
    "report",
    "run_batch",
]


def build_graph(records: Any, registry: Any = None) -> Any:
    """The policy graph of ``records`` (see :func:`pipeline.link.graph.build_graph`); imports networkx."""
    # networkx: loaded by the first graph, not by `import pipeline`
    from pipeline.link.graph import build_graph as _build_graph

    return _build_graph(records, registry=registry)


def load_registry(path: Any = None) -> Any:
    """The registry of known documents read from ``path`` (a CSV; None gives an empty registry)."""
    # start-up: `import pipeline` does not load the registry (nor the citation patterns it reads)
    from pipeline.link.registry import load_registry as _load_registry

    return _load_registry(path)
