"""What ``policy-pipeline compare`` reads: documents (extracted on the way) and saved record JSON.

An input is a document or table file, a folder of documents, a record JSON file, or a folder holding
``records/*.json`` (a batch output folder). Saved records carry no text; it is read back from
``document.source`` when that file still exists and has the same SHA-256, else the record keeps an
empty text (reuse and terms then skip it). Ids that collide (``033`` in two corpora) become
``folder/stem``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import IngestError
from pipeline.models import PolicyRecord

logger = logging.getLogger(__name__)


def _record_files(path: Path) -> list[Path] | None:
    """The record JSON files ``path`` stands for, or None when it is not a record input."""
    if path.is_file() and path.suffix.lower() == ".json":
        return [path]
    if path.is_dir() and (path / "records").is_dir():
        return sorted((path / "records").glob("*.json"))
    return None


def _with_text(record: PolicyRecord) -> PolicyRecord:
    import dataclasses

    from pipeline.context import sha256_of
    from pipeline.ingest import read_document

    source = record.document.source
    if record.text or not source or "#" in source or not Path(source).is_file():
        return record
    try:
        text = read_document(source).text
    except IngestError:
        return record
    if record.document.sha256 and sha256_of(text) != record.document.sha256:
        logger.warning("%s changed since it was extracted; its text is not used", source)
        return record
    return dataclasses.replace(record, text=text)


def read_records(path: Path) -> list[PolicyRecord]:
    """Records saved as JSON (one file: a record or a list of records)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(path, f"not a record JSON file ({exc})") from None
    items = data if isinstance(data, list) else [data]
    try:
        return [_with_text(PolicyRecord.from_dict(d)) for d in items]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise IngestError(path, f"not a record JSON file ({type(exc).__name__}: {exc})") from None


def _base_id(doc_id: str, ids: set[str]) -> str:
    """``033`` for ``033#2`` when ``033`` is also an id (the batch's way of making ids unique)."""
    base, sep, n = doc_id.rpartition("#")
    return base if sep and n.isdigit() and base in ids else doc_id


def _unique(records: list[PolicyRecord]) -> list[PolicyRecord]:
    """Records whose ids collide renamed ``folder/stem`` after their source (then ``#n`` if needed)."""
    from pipeline.compare.core import replace_ids

    ids = {r.document.doc_id for r in records}
    counts: dict[str, int] = {}
    for r in records:
        base = _base_id(r.document.doc_id, ids)
        counts[base] = counts.get(base, 0) + 1
    out: list[PolicyRecord] = []
    seen: set[str] = set()
    for r in records:
        doc_id = base = _base_id(r.document.doc_id, ids)
        if counts[base] > 1 and r.document.source:
            src = Path(r.document.source.split("#", 1)[0])
            if src.parent.name:
                doc_id = f"{src.parent.name}/{base}"
        new, n = doc_id, 1
        while new in seen:
            n += 1
            new = f"{doc_id}#{n}"
        seen.add(new)
        out.extend(replace_ids([r], {r.document.doc_id: new}))
    return out


def load_inputs(
    inputs: Sequence[str | Path],
    *,
    read_options: dict[str, Any] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> tuple[list[PolicyRecord], list[Any]]:
    """``(records, failures)`` of ``inputs`` (see the module docstring); failures as in :func:`run_batch`."""
    from pipeline.batch import Failure, run_batch

    records: list[PolicyRecord] = []
    failures: list[Any] = []
    documents: list[Path] = []
    for item in inputs:
        path = Path(item)
        if not path.exists():
            failures.append(Failure(str(path), "IngestError", f"{path}: no such file or directory"))
            continue
        files = _record_files(path)
        if files is None:
            documents.append(path)
            continue
        for f in files:
            try:
                records.extend(read_records(f))
            except IngestError as exc:
                failures.append(Failure(str(f), "IngestError", str(exc)))
    if documents:
        result = run_batch(documents, read_options=read_options, on_progress=on_progress)
        records.extend(result.records)
        failures.extend(result.failures)
    return _unique(records), failures
