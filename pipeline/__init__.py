"""policy-pipeline: turn Chinese government policy documents into structured, checkable data.

The public verbs::

    import pipeline
    record = pipeline.extract(text)                 # -> PolicyRecord
    record = pipeline.extract_file("doc.docx")      # read + extract
    pipeline.parse_doc_number("庆政发〔2021〕13号")   # -> DocNumber
    graph = pipeline.build_graph(records)           # -> networkx.MultiDiGraph
"""

from __future__ import annotations

from pipeline.api import extract, extract_document, extract_file, iter_file_records
from pipeline.errors import IngestError, OptionError, PipelineError
from pipeline.models import DocNumber, PolicyRecord, SourceDocument

__version__ = "0.1.0"

__all__ = [
    "DocNumber",
    "IngestError",
    "OptionError",
    "PipelineError",
    "PolicyRecord",
    "SourceDocument",
    "__version__",
    "extract",
    "extract_document",
    "extract_file",
    "iter_file_records",
]
