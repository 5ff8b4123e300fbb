"""The DuckDB store of a batch: documents keyed by source, replaced whole, in small transactions.

A document's ``source`` (a path, or ``path#row`` for a table row) is its key; its ``fingerprint`` (hash
of the text and metadata, pipeline version, segmenter) tells whether it must be extracted again. Rows
of a replaced document are deleted and the new ones inserted in the same transaction (one per small
group of documents), so a run killed at any moment leaves every document either whole or absent. Work
that spans documents (unique doc ids, citation resolution) runs in :meth:`Store.finalise`, from the
tables, at the end of every run that changed anything; ``store_state.exports_stale`` records that the derived files must be rewritten.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.errors import ParameterError, PipelineError
from pipeline.models import Citation, DocumentMeta, PolicyRecord, Region
from pipeline.store.connect import connect
from pipeline.store.schema import KINDS, Rows, create_statements, document_columns, payload_rows

logger = logging.getLogger(__name__)

DB_NAME = "policy.duckdb"
# How DuckDB names the process holding the lock on a store (its IOException on opening).
LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class Entry(NamedTuple):
    """One document to store: its key, rows (:func:`~pipeline.store.schema.payload_rows`), fingerprint
    and input position."""

    source: str
    rows: Rows
    fingerprint: str
    ordinal: int


# stub records of the stored documents -> (citation, doc_id) -> the citation resolved
Resolver = Callable[[list[Any]], Callable[[Any, str], Any]]
STALE = "exports_stale"
SCHEMA = "schema"  # signature of the CREATE statements the store was made with


class Store:
    """An open ``policy.duckdb``; use as a context manager."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.reopen(read_only=read_only)
        if not read_only:
            self._create()

    def _create(self) -> None:
        """Create the tables (a new store) or check that an existing store has today's schema.

        Rows are inserted by column name, but a table of an older schema lacks today's columns: such a
        store is refused with a clear message instead of failing half-way through a run.
        """
        statements = create_statements()
        signature = hashlib.sha256("\n".join(statements).encode("utf-8")).hexdigest()[:16]
        existed = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'documents'"
        ).fetchone()[0]
        for statement in statements:
            self.con.execute(statement)
        row = self.con.execute("SELECT value FROM store_state WHERE key = ?", [SCHEMA]).fetchone()
        if existed and (row is None or row[0] != signature):
            self.con.close()
            raise ParameterError(
                f"{self.path}: this store was written by another version of policy-pipeline (its tables "
                "differ); write to a new {out} folder, or delete the store to rebuild it",
                "out",
            )
        self._set_state(SCHEMA, signature)

    def reopen(self, *, read_only: bool) -> None:
        """(Re)connect; read-only lets other processes read the store at the same time."""
        import duckdb

        if getattr(self, "con", None) is not None:
            self.con.close()
        try:
            self.con = connect(self.path, read_only=read_only)
        except ValueError as exc:  # not a DuckDB file (an SQLite file, a truncated store)
            raise PipelineError(f"{self.path}: cannot open the store ({exc})") from None
        except duckdb.Error as exc:  # locked by another run, or not a DuckDB file
            reason = " ".join(str(exc).split())
            if holder := LOCK_HOLDER.search(reason):
                raise PipelineError(
                    f"{self.path}: the store is in use by another process ({holder['program']}, PID "
                    f"{holder['pid']}); close it (a read-only connection too) and run again"
                ) from None
            raise PipelineError(f"{self.path}: cannot open the store ({reason[:300]})") from None

    def cursor(self) -> Store:
        """Another handle on this open store, for use from another thread."""
        other = object.__new__(Store)
        other.path, other.con = self.path, self.con.cursor()
        return other

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- bookkeeping -------------------------------------------------------------------------------
    def fingerprints(self) -> dict[str, str]:
        """``{source: fingerprint}`` of every stored document, in input order."""
        return dict(
            self.con.execute("SELECT source, fingerprint FROM documents ORDER BY ordinal, source").fetchall()
        )

    def set_fingerprints(self, fingerprints: Mapping[str, str]) -> None:
        """Record new fingerprints of stored documents whose rows stay (a table row unchanged in a
        changed table file)."""
        if fingerprints:
            self.con.execute(
                "UPDATE documents SET fingerprint = f.fp FROM (SELECT unnest(?::VARCHAR[]) AS source, "
                "unnest(?::VARCHAR[]) AS fp) f WHERE documents.source = f.source",
                [list(fingerprints), list(fingerprints.values())],
            )

    def _set_state(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO store_state VALUES (?, ?)", [key, value])

    @property
    def exports_stale(self) -> bool:
        row = self.con.execute("SELECT value FROM store_state WHERE key = ?", [STALE]).fetchone()
        return row is None or row[0] == "1"

    def mark_exported(self) -> None:
        self._set_state(STALE, "0")

    def count(self, table: str) -> int:
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def counts(self) -> dict[str, int]:
        """Rows per table: ``documents`` and every kind."""
        return {t: self.count(t) for t in ("documents", *KINDS)}

    # -- one document ------------------------------------------------------------------------------
    def _delete_doc(self, doc_id: str) -> None:
        for table in (*KINDS, "citations_extracted"):
            self.con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
        self.con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])

    def _taken_ids(self, bases: list[str]) -> set[str]:
        """Which of ``bases`` are already the doc_id of a stored document."""
        found = self.con.execute(
            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [bases]
        ).fetchall()
        return {doc_id for (doc_id,) in found}

    @staticmethod
    def _free_id(base: str, source: str, taken: set[str]) -> str:
        if base not in taken:
            return base
        # provisional until finalise() numbers duplicates in input order (id, id#2, id#3 ...)
        return f"{base}#~{hashlib.sha256(source.encode('utf-8')).hexdigest()[:12]}"

    def put(
        self, source: str, payload: Mapping[str, Any], *, fingerprint: str, ordinal: int, **info: str
    ) -> None:
        """Insert (or replace) one document's record payload (``PolicyRecord.to_dict(include_text=True)``)."""
        self.put_many([Entry(source, payload_rows(dict(payload)), fingerprint, ordinal)], **info)

    def put_many(self, entries: list[Entry], **info: str) -> None:
        """Insert (or replace) a small group of documents in one transaction (all or none is stored).

        The rows come ready from the workers; here they are only concatenated column by column and
        inserted with one statement per table.
        """
        cols = [c for c, _ in document_columns()]
        docs: dict[str, list[Any]] = {c: [] for c in cols}
        tables: dict[str, dict[str, list[Any]]] = {}
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._remove_many([e.source for e in entries])
            taken = self._taken_ids([e.rows.base_doc_id for e in entries])
            for e in entries:
                base = e.rows.base_doc_id
                doc_id = self._free_id(base, e.source, taken)
                taken.add(doc_id)
                row = {
                    **e.rows.document,
                    "doc_id": doc_id,
                    "source": e.source,
                    "fingerprint": e.fingerprint,
                    "base_doc_id": base,
                    "ordinal": e.ordinal,
                    "pipeline_version": info.get("pipeline_version"),
                    "segmenter": info.get("segmenter"),
                }
                for c in cols:
                    docs[c].append(row.get(c))
                for table, columns in e.rows.tables.items():
                    into = tables.setdefault(table, {c: [] for c in columns})
                    for c, values in columns.items():
                        into[c] += values if c != "doc_id" else [doc_id] * len(values)
            self._insert("documents", docs)
            for table, columns in tables.items():
                self._insert(table, columns)
            self._set_state(STALE, "1")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _insert(self, table: str, columns: dict[str, list[Any]]) -> None:
        import pandas as pd

        if columns and next(iter(columns.values())):
            frame = pd.DataFrame(columns)  # noqa: F841 (read by DuckDB by its name)
            names = ", ".join(f'"{c}"' for c in columns)
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM frame")

    def _remove_many(self, sources: list[str]) -> None:
        """Delete the stored documents of ``sources`` (and their rows), if any."""
        found = self.con.execute(
            "SELECT doc_id FROM documents WHERE source IN (SELECT unnest(?::VARCHAR[]))", [sources]
        ).fetchall()
        if found:
            ids = [doc_id for (doc_id,) in found]
            for table in (*KINDS, "citations_extracted", "documents"):
                self.con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            self._set_state(STALE, "1")

    def _remove(self, source: str) -> bool:
        row = self.con.execute("SELECT doc_id FROM documents WHERE source = ?", [source]).fetchone()
        if row:
            self._delete_doc(row[0])
            self._set_state(STALE, "1")
        return bool(row)

    def remove(self, source: str) -> bool:
        """Delete a document and its rows; True when it was stored."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            removed = self._remove(source)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return removed

    # -- the whole store ---------------------------------------------------------------------------
    def finalise(self, ordinals: Mapping[str, int], *, prune: bool, resolver: Resolver) -> dict[str, int]:
        """Input order, pruning, unique doc ids and citation resolution over the whole store.

        Args:
            ordinals: ``{source: position}`` of the documents read in this run (input order).
            prune: delete stored documents not read in this run.
            resolver: given the stored documents (stub records), the function that resolves one
                citation of a document (the store is a leaf: the batch passes the link layer's rules).

        Returns:
            ``{"pruned": n, "renamed": n}``.
        """
        stats = {"pruned": 0, "renamed": 0}
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(
                "CREATE OR REPLACE TEMP TABLE seen AS "
                "SELECT unnest(?::VARCHAR[]) AS source, unnest(?::BIGINT[]) AS ordinal",
                [list(ordinals), list(ordinals.values())],
            )
            if prune:
                gone = self.con.execute(
                    "SELECT source FROM documents WHERE source NOT IN (SELECT source FROM seen)"
                ).fetchall()
                for (source,) in gone:
                    self._remove(source)
                stats["pruned"] = len(gone)
            moved = self.con.execute(
                "SELECT count(*) FROM documents d LEFT JOIN seen s USING (source) "
                "WHERE d.ordinal IS DISTINCT FROM s.ordinal"
            ).fetchone()[0]
            if moved:
                self.con.execute(
                    "UPDATE documents SET ordinal = s.ordinal FROM "
                    "(SELECT d.source, s.ordinal FROM documents d LEFT JOIN seen s USING (source)) s "
                    "WHERE documents.source = s.source"
                )
                self._set_state(STALE, "1")
            stats["renamed"] = self._number_duplicates()
            if self.exports_stale:
                self._resolve(resolver)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return stats

    def ordered_documents(self, columns: str = "doc_id") -> list[tuple[Any, ...]]:
        """Rows of ``documents`` in input order (documents not read in this run last, by source)."""
        return self.con.execute(
            f"SELECT {columns} FROM documents ORDER BY ordinal NULLS LAST, source"
        ).fetchall()

    def _number_duplicates(self) -> int:
        """Give documents sharing an id ``id``, ``id#2``, ``id#3`` in input order; returns renames."""
        rows = self.ordered_documents("source, base_doc_id, doc_id")
        used: dict[str, int] = {}
        wanted: dict[str, str] = {}
        for source, base, _ in rows:
            used[base] = used.get(base, 0) + 1
            wanted[source] = base if used[base] == 1 else f"{base}#{used[base]}"
        changes = [(current, wanted[source]) for source, _, current in rows if current != wanted[source]]
        if changes:  # one UPDATE per table maps every old id to its new one at once, so swaps are safe
            self.con.execute(
                "CREATE OR REPLACE TEMP TABLE renames AS "
                "SELECT unnest(?::VARCHAR[]) AS old_id, unnest(?::VARCHAR[]) AS new_id",
                [[old for old, _ in changes], [new for _, new in changes]],
            )
            for table in ("documents", *KINDS, "citations_extracted"):
                self.con.execute(
                    f"UPDATE {table} SET doc_id = r.new_id FROM renames r WHERE {table}.doc_id = r.old_id"
                )
            self._set_state(STALE, "1")
        return len(changes)

    def _resolve(self, resolver: Resolver) -> None:
        """Every citation's ``resolved_id`` (and level, region) from the extracted values, as in memory."""
        import pandas as pd  # heavy: only when citations are resolved

        stubs = [
            PolicyRecord(
                document=DocumentMeta(
                    doc_id=doc_id, title=title, doc_number=number, level=level, region=Region(p, c, k)
                )
            )
            for doc_id, title, number, level, p, c, k in self.ordered_documents(
                "doc_id, title, doc_number, level, region_province, region_city, region_county"
            )
        ]
        resolve_citation = resolver(stubs)
        # the Citation fields, read from the stored table, except what the extraction itself resolved
        names = [f.name for f in dataclasses.fields(Citation) if f.name != "region"]
        extracted = {"resolved_id", "level"}
        columns = ", ".join(f'{"e" if n in extracted else "c"}."{n}"' for n in names)
        rows = self.con.execute(
            f"SELECT c.doc_id, c.seq, {columns}, e.region FROM citations c "
            "JOIN citations_extracted e USING (doc_id, seq)"
        )
        updates = []
        while chunk := rows.fetchmany(5000):
            for doc_id, seq, *values, region in chunk:
                c = Citation(**dict(zip(names, values, strict=True)), region=region)
                c = resolve_citation(c, doc_id)
                updates.append((doc_id, seq, c.resolved_id, c.level, c.region))
        resolved = pd.DataFrame(updates, columns=["doc_id", "seq", "resolved_id", "level", "region"])  # noqa: F841
        self.con.execute(
            "UPDATE citations SET resolved_id = r.resolved_id, level = r.level, region = r.region "
            "FROM resolved r WHERE citations.doc_id = r.doc_id AND citations.seq = r.seq"
        )
