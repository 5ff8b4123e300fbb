"""The records a task list is made from: documents to extract, or the stored results of a batch.

Each input is offered to the :data:`STORE_READERS` in turn; the first that recognises it returns its
records (a batch output folder's ``records/*.json``, or one record ``.json``). Anything no reader claims
is a document, a table file or a folder of documents, extracted by :func:`pipeline.batch.run_batch`.
A new store (e.g. a database file in the batch folder) is one more reader function.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.batch import BatchResult, Failure
from pipeline.errors import IngestError
from pipeline.models import PolicyRecord

StoreReader = Callable[[Path], BatchResult | None]


def _record_from_json(path: Path) -> PolicyRecord:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return PolicyRecord.from_dict(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(path, f"not a readable record JSON ({exc})") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise IngestError(path, f"not a policy record (missing or bad field: {exc})") from None


def _read_jsons(files: list[Path]) -> BatchResult:
    result = BatchResult()
    for file in files:
        try:
            result.records.append(_record_from_json(file))
        except IngestError as exc:
            result.failures.append(Failure(str(file), type(exc).__name__, str(exc)))
    return result


def read_records_folder(path: Path) -> BatchResult | None:
    """A batch output folder (``DIR/records/*.json``) or a folder named ``records`` itself."""
    if not path.is_dir():
        return None
    if (path / "records").is_dir():
        path = path / "records"
    elif path.name != "records":
        return None
    return _read_jsons(sorted(path.glob("*.json")))


def read_record_json(path: Path) -> BatchResult | None:
    """One record written by ``PolicyRecord.to_json`` (``records/<doc_id>.json``)."""
    if path.is_file() and path.suffix.lower() == ".json":
        return _read_jsons([path])
    return None


STORE_READERS: list[StoreReader] = [read_records_folder, read_record_json]


def load_task_records(
    inputs: Sequence[str | Path], *, read_options: dict[str, Any] | None = None
) -> BatchResult:
    """Records for a task list: stored ones as they are, the other inputs extracted (failures kept)."""
    from pipeline.batch import run_batch

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
        extracted = run_batch(documents, read_options=read_options)
        result.records.extend(extracted.records)
        result.failures.extend(extracted.failures)
        result.seconds, result.n_chars = extracted.seconds, extracted.n_chars
    return result
