"""The records a task list is made from: documents to extract, or the stored results of a batch.

Each input is offered to the :data:`STORE_READERS` in turn; the first that recognises it returns its
records: a batch output folder (its ``policy.duckdb``, or its ``records/*.json`` when it has no store),
a ``records`` folder, or one record ``.json`` (:mod:`pipeline.store.read`). Anything no reader claims
is a document, a table file or a folder of documents, extracted by :func:`pipeline.batch.run_batch`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.batch import BatchResult
from pipeline.loader import load_records
from pipeline.store.read import is_stored, read_stored

StoreReader = Callable[[Path], BatchResult | None]


def read_batch_output(path: Path) -> BatchResult | None:
    """A batch output folder (store or ``records/*.json``), a ``records`` folder or one record JSON."""
    if not is_stored(path):
        return None
    records, failures = read_stored(path)
    return BatchResult(records=records, failures=failures)


STORE_READERS: list[StoreReader] = [read_batch_output]


def load_task_records(
    inputs: Sequence[str | Path],
    *,
    read_options: dict[str, Any] | None = None,
    segmenter: str | None = None,
) -> BatchResult:
    """Records for a task list: stored ones as they are, the other inputs extracted (failures kept);
    the inputs no reader claims go through the one loader, :func:`pipeline.loader.load_records`."""
    result = BatchResult()
    documents: list[Path] = []
    for item in inputs:
        path = Path(item)
        for reader in STORE_READERS:
            found = reader(path)
            if found is not None:
                result.records.extend(found.records)
                result.failures.extend(found.failures)
                break
        else:
            documents.append(path)
    if documents:
        records, failures = load_records(documents, read_options=read_options, segmenter=segmenter)
        result.records.extend(records)
        result.failures.extend(failures)
    return result
