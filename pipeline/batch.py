"""Batch runs: many files in, one record per document out, every failure recorded, none fatal.

``run_batch(["corpora/"], out_dir="outputs")`` reads every supported file (a table file holds many
documents), extracts each document, and writes per-document JSON, one CSV per record kind, the task
list and the policy graph. A document that fails is written to ``failures.csv`` with the reason, and the
batch goes on.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.models import PolicyRecord

logger = logging.getLogger(__name__)

# Files a directory scan leaves alone: documentation and the citation registry live beside the corpus.
SKIPPED_NAMES = re.compile(r"^(README.*|CHANGELOG.*|REGISTRY.*|registry\.csv|\..*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Failure:
    """One input (a file, or a row of a table file) that could not be processed."""

    source: str
    error: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "error": self.error, "message": self.message}


@dataclass
class BatchResult:
    records: list[PolicyRecord] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    n_chars: int = 0
    outputs: dict[str, str] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        counts = {
            key: sum(len(getattr(r, key)) for r in self.records)
            for key in ("clauses", "targets", "deadlines", "departments", "obligations", "tasks", "citations")
        }
        return {
            "documents": len(self.records),
            "failures": len(self.failures),
            "characters": self.n_chars,
            "seconds": round(self.seconds, 3),
            "chars_per_second": round(self.n_chars / self.seconds) if self.seconds else None,
            **counts,
        }


def _unique_ids(records: list[PolicyRecord]) -> list[PolicyRecord]:
    """The records with duplicate ``doc_id`` s made unique (``id#2``, ``id#3`` in input order)."""
    seen: dict[str, int] = {}
    out = []
    for record in records:
        doc_id = record.document.doc_id
        seen[doc_id] = seen.get(doc_id, 0) + 1
        if seen[doc_id] > 1:
            new_id = f"{doc_id}#{seen[doc_id]}"
            logger.warning(
                "%s: doc_id %r already used in this batch; using %r", record.document.source, doc_id, new_id
            )
            record = dataclasses.replace(record, document=dataclasses.replace(record.document, doc_id=new_id))
        out.append(record)
    return out


def collect_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file as given, each directory scanned recursively for supported files."""
    from pipeline.ingest import SUPPORTED_SUFFIXES

    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not SKIPPED_NAMES.match(p.name):
                    files.append(p)
        else:
            files.append(path)  # missing or unsupported files fail loudly in ingestion, per file
    return files


def run_batch(
    inputs: Sequence[str | Path],
    *,
    out_dir: str | Path | None = None,
    read_options: dict[str, Any] | None = None,
    registry: str | Path | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> BatchResult:
    """Extract every document under ``inputs``; write outputs to ``out_dir`` when given.

    Args:
        inputs: files and directories (directories are scanned recursively).
        out_dir: where to write outputs (see README "Outputs"); nothing is written when None.
        read_options: options for table files (``text_column`` ...), see :func:`pipeline.read_documents`.
        registry: a registry CSV of known documents for citation resolution (default: none).
        on_progress: called as ``(done, total, source)`` after each file.

    Returns:
        The records, the failures and timing figures.
    """
    from pipeline.api import extract_document
    from pipeline.ingest import read_documents

    result = BatchResult()
    files = collect_inputs(inputs)
    started = time.perf_counter()
    for i, path in enumerate(files, start=1):
        row_errors: list[tuple[str, str]] = []
        try:
            documents = read_documents(path, **(read_options or {}), row_errors=row_errors)
        except PipelineError as exc:
            result.failures.append(Failure(str(path), type(exc).__name__, str(exc)))
            documents = []
        result.failures.extend(Failure(source, "IngestError", reason) for source, reason in row_errors)
        for document in documents:
            try:
                record = extract_document(document)
            except PipelineError as exc:
                result.failures.append(Failure(document.source or str(path), type(exc).__name__, str(exc)))
                continue
            except Exception as exc:  # a bug: record it with its type, keep going, log the traceback
                logger.exception("unexpected error on %s", document.source)
                message = f"internal error ({type(exc).__name__}: {exc})"
                result.failures.append(Failure(document.source or str(path), "InternalError", message))
                continue
            result.records.append(record)
            result.n_chars += record.document.n_chars
        if on_progress:
            on_progress(i, len(files), str(path))
    result.records = _unique_ids(result.records)
    if result.records:
        from pipeline.link.registry import load_registry
        from pipeline.link.resolve import resolve_citations

        # citations resolve against the whole batch first, then the registry (resolved_id)
        result.records = resolve_citations(result.records, load_registry(registry))
    result.seconds = time.perf_counter() - started
    if out_dir is not None:
        from pipeline.export.batch_outputs import write_outputs

        result.outputs = write_outputs(result, Path(out_dir), registry=registry)
    return result
