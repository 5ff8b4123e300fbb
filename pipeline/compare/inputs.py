"""What ``policy-pipeline compare`` and ``report`` read: documents (extracted on the way) and stored records.

An input is a document or table file, a folder of documents, a record JSON file, or a batch output
folder (read from its ``policy.duckdb``, or from ``records/*.json`` when it has no store; see
:mod:`pipeline.store.read`). A record saved without text keeps an empty one when its source is gone
(reuse and terms then skip it). Ids that collide (``033`` in two corpora) become ``folder/stem``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.models import PolicyRecord
from pipeline.store.duck import DB_NAME
from pipeline.store.read import has_store, is_stored, read_record_json, read_stored

__all__ = ["load_inputs", "read_records", "stores_of"]

read_records = read_record_json  # the former name


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
    segmenter: str | None = None,
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
        if not is_stored(path):
            documents.append(path)
            continue
        stored, failed = read_stored(path)
        records.extend(stored)
        failures.extend(failed)
    if documents:
        result = run_batch(documents, read_options=read_options, on_progress=on_progress, segmenter=segmenter)
        records.extend(result.records)
        failures.extend(result.failures)
    return _unique(records), failures


def stores_of(inputs: Sequence[str | Path]) -> list[Path]:
    """The ``policy.duckdb`` of every input that is a batch output folder with a store."""
    return [Path(item) / DB_NAME for item in inputs if has_store(Path(item))]
