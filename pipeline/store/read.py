"""Reading the records of a batch output folder back, for ``compare``, ``report`` and ``tasks``.

A folder holding ``policy.duckdb`` is read from the database: it is the source of truth, committed one
document per transaction, while ``records/*.json`` are only regenerated at the end of a run (a run
killed before that leaves them stale, and the store says so). A folder with only ``records/*.json``
(an older run, or a copy of the records alone) is read from those files. Either way the records keep
their text, so offsets can be checked and text reuse compared. Records saved without text get it back
from ``document.source`` when that file still exists with the same SHA-256.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pipeline.context import sha256_of
from pipeline.errors import IngestError
from pipeline.ingest import read_document
from pipeline.models import Failure, PolicyRecord
from pipeline.store.connect import connect
from pipeline.store.duck import DB_NAME
from pipeline.store.schema import (
    BOOKKEEPING,
    KINDS,
    document_columns,
    document_dict,
    kind_columns,
    record_items,
)

logger = logging.getLogger(__name__)

CHUNK = 500  # rows fetched from a table at a time


def _quoted(names: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in names)


def _rows(cursor: Any) -> Iterator[tuple[Any, ...]]:
    while batch := cursor.fetchmany(CHUNK):
        yield from batch


def iter_payloads(
    con: Any, kinds: tuple[str, ...] = KINDS, *, text: bool = True, order: str = "doc_id"
) -> Iterator[dict[str, Any]]:
    """Record payloads (``PolicyRecord.to_dict`` form) rebuilt from a store connection, streamed.

    ``order`` is the SQL ``ORDER BY`` of ``documents`` the payloads follow (``doc_id`` breaks ties).
    Each table is read in one ordered scan on a cursor of its own, and the scans are merged document
    by document: the cost is linear in the store, and memory holds one document's rows and a fetch
    buffer per table, whatever the store's size.
    """
    doc_cols = [c for c, _ in document_columns() if text or c != "text"]
    ranked = f"SELECT doc_id, row_number() OVER (ORDER BY {order}, doc_id) AS rank_ FROM documents"
    cursors = [con.cursor() for _ in range(len(kinds) + 1)]
    try:
        documents = cursors[0]
        documents.execute(f"SELECT {_quoted(doc_cols)} FROM documents ORDER BY {order}, doc_id")
        scans: dict[str, Any] = {}
        for kind, cursor in zip(kinds, cursors[1:], strict=True):
            names = [c for c, _ in kind_columns(kind)]
            columns = ", ".join(f'k."{n}"' for n in names)
            cursor.execute(
                f"WITH ranked AS ({ranked}) SELECT {columns} "
                f"FROM {kind} AS k JOIN ranked USING (doc_id) ORDER BY ranked.rank_, k.seq"
            )
            scans[kind] = record_items(kind, _rows(cursor))
        yield from _merged(_rows(documents), doc_cols, scans, text=text)
    finally:
        for cursor in cursors:
            cursor.close()


def _merged(
    documents: Iterator[tuple[Any, ...]], doc_cols: list[str], scans: dict[str, Any], *, text: bool
) -> Iterator[dict[str, Any]]:
    """Payloads from the ordered ``documents`` rows and the kind scans in the same order."""
    pending = {kind: next(scan, None) for kind, scan in scans.items()}
    for doc in documents:
        row = dict(zip(doc_cols, doc, strict=True))
        doc_id = row["doc_id"]
        payload: dict[str, Any] = {"document": document_dict(row)}
        for kind in KINDS:
            items: list[dict[str, Any]] = []
            if kind in scans:
                while (head := pending[kind]) is not None and head[0] == doc_id:
                    items.append(head[1])
                    pending[kind] = next(scans[kind], None)
            payload[kind] = items
        if text:
            payload["text"] = row["text"]
        yield payload
    if stray := [kind for kind, head in pending.items() if head is not None]:
        # a kind row left over was not in the documents' order: it would be dropped without a word
        raise ValueError(f"rows of {', '.join(stray)} are not in the order of the documents")


def keeps_order(con: Any) -> bool:
    """Whether a scan without ``ORDER BY`` returns a table's or a file's rows in their stored order
    (DuckDB's ``preserve_insertion_order``, on unless a user's configuration turned it off)."""
    return bool(con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0])


def iter_ordered_payloads(
    con: Any, relations: Mapping[str, str], kinds: tuple[str, ...] = KINDS, *, text: bool = True
) -> Iterator[dict[str, Any]]:
    """Payloads, as :func:`iter_payloads` in ``doc_id`` order, from relations already in that order.

    ``relations`` maps ``documents`` and each of ``kinds`` to what DuckDB reads it from, written in
    ``doc_id`` (then ``seq``) order: the batch's Parquet export, ``read_parquet('…')``. They are read
    without sorting, so memory holds a row group per relation; :func:`iter_payloads` sorts every kind
    table at once, which holds all of them (issue 18: about 200 MiB of sort buffers at 2,170
    documents, growing with the store). Sorted again only if DuckDB may reorder scans (see
    :func:`keeps_order`).
    """
    bookkeeping = {c for c, _ in BOOKKEEPING}  # not read by document_dict (and not all exported)
    doc_cols = [c for c, _ in document_columns() if c not in bookkeeping or (text and c == "text")]
    in_order = keeps_order(con)
    cursors = [con.cursor() for _ in range(len(kinds) + 1)]
    try:
        sort = "" if in_order else " ORDER BY doc_id"
        cursors[0].execute(f"SELECT {_quoted(doc_cols)} FROM {relations['documents']}{sort}")
        scans: dict[str, Any] = {}
        for kind, cursor in zip(kinds, cursors[1:], strict=True):
            names = [c for c, _ in kind_columns(kind)]
            sort = "" if in_order else " ORDER BY doc_id, seq"
            cursor.execute(f"SELECT {_quoted(names)} FROM {relations[kind]}{sort}")
            scans[kind] = record_items(kind, _rows(cursor))
        yield from _merged(_increasing(_rows(cursors[0])), doc_cols, scans, text=text)
    finally:
        for cursor in cursors:
            cursor.close()


def _increasing(documents: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """``documents`` rows, checked to come in ``doc_id`` order (its first column): a relation that is
    not sorted would otherwise give every payload, in another order, without a word. Python compares
    strings by code point, as DuckDB's default collation compares their UTF-8 bytes."""
    last = None
    for row in documents:
        if last is not None and row[0] <= last:
            raise ValueError(f"documents are not in doc_id order ({row[0]!r} after {last!r})")
        last = row[0]
        yield row


def has_store(path: Path) -> bool:
    """True when ``path`` is a batch output folder holding ``policy.duckdb``."""
    return path.is_dir() and (path / DB_NAME).is_file()


def connect_readonly(db: Path) -> Any:
    """A read-only DuckDB connection to a store; a clear :class:`IngestError` when it cannot be opened."""
    import duckdb

    try:
        return connect(db, read_only=True)
    except ValueError as exc:  # not a DuckDB file
        raise IngestError(db, f"cannot open the store ({exc})") from None
    except duckdb.Error as exc:  # locked by a running batch, or not a DuckDB file
        reason = " ".join(str(exc).split())[:300]
        raise IngestError(db, f"cannot open the store ({reason})") from None


def read_store(db: Path) -> list[PolicyRecord]:
    """Every record of a ``policy.duckdb``, with its text, in the input order of the batch."""
    import duckdb

    con = connect_readonly(db)
    try:
        payloads = list(iter_payloads(con, order="ordinal NULLS LAST, source"))
    except duckdb.Error as exc:  # not a store of this pipeline (missing table or column)
        reason = " ".join(str(exc).split())[:300]
        raise IngestError(db, f"not a policy-pipeline store ({reason})") from None
    finally:
        con.close()
    return [PolicyRecord.from_dict(p) for p in payloads]


def with_text(record: PolicyRecord) -> PolicyRecord:
    """A record saved without text, with the text of its source file when that file is unchanged."""
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


def read_record_json(path: Path) -> list[PolicyRecord]:
    """Records saved as JSON (one file: a record or a list of records)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(path, f"not a record JSON file ({exc})") from None
    items = data if isinstance(data, list) else [data]
    try:
        return [with_text(PolicyRecord.from_dict(d)) for d in items]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise IngestError(path, f"not a record JSON file ({type(exc).__name__}: {exc})") from None


def records_dir(path: Path) -> Path | None:
    """The ``records/`` folder ``path`` stands for (``DIR/records`` or a folder named ``records``)."""
    if not path.is_dir():
        return None
    if (path / "records").is_dir():
        return path / "records"
    return path if path.name == "records" else None


def is_stored(path: Path) -> bool:
    """True when ``path`` holds stored records: a store, a records folder or one record ``.json``."""
    if path.is_file():
        return path.suffix.lower() == ".json"
    return has_store(path) or records_dir(path) is not None


def read_stored(path: Path) -> tuple[list[PolicyRecord], list[Any]]:
    """``(records, failures)`` of stored records (see :func:`is_stored`); failures as in ``run_batch``.

    A folder with ``policy.duckdb`` is read from the store, else from its ``records/*.json``.
    """
    if has_store(path):
        files = [path / DB_NAME]
        reader = read_store
    else:
        folder = records_dir(path)
        files = [path] if folder is None else sorted(folder.glob("*.json"))
        reader = read_record_json
    records: list[PolicyRecord] = []
    failures: list[Any] = []
    for file in files:
        try:
            records.extend(reader(file))
        except IngestError as exc:
            failures.append(Failure(str(file), type(exc).__name__, str(exc)))
    return records, failures
