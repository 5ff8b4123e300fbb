"""The DuckDB store of a batch: documents keyed by source, replaced whole, one transaction each.

A document's ``source`` (a path, or ``path#row`` for a table row) is its key; its ``fingerprint`` (hash
of the text and metadata, pipeline version, segmenter) tells whether it must be extracted again. Rows
of a replaced document are deleted and the new ones inserted in the same transaction, so a run killed
at any moment leaves every document either whole or absent. Work that spans documents (unique doc ids,
citation resolution) runs in :meth:`Store.finalise`, from the tables, at the end of every run that
changed anything; ``store_state.exports_stale`` records that the derived files must be rewritten.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.store.schema import (
    KINDS,
    create_statements,
    document_columns,
    document_row,
    kind_columns,
    kind_rows,
)

logger = logging.getLogger(__name__)

DB_NAME = "policy.duckdb"
STALE = "exports_stale"


def _frame(columns: tuple[tuple[str, str], ...], rows: list[tuple[Any, ...]]) -> Any:
    import pandas as pd

    return pd.DataFrame(rows, columns=[c for c, _ in columns])


class Store:
    """An open ``policy.duckdb``; use as a context manager."""

    def __init__(self, path: str | Path) -> None:
        import duckdb

        self.path = Path(path)
        try:
            self.con = duckdb.connect(str(self.path))
        except duckdb.Error as exc:  # locked by another run, or not a DuckDB file
            reason = " ".join(str(exc).split())[:300]
            raise PipelineError(f"{self.path}: cannot open the store ({reason})") from None
        for statement in create_statements():
            self.con.execute(statement)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- bookkeeping -------------------------------------------------------------------------------
    def fingerprints(self) -> dict[str, str]:
        """``{source: fingerprint}`` of every stored document."""
        return dict(self.con.execute("SELECT source, fingerprint FROM documents").fetchall())

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

    def _free_id(self, base: str, source: str) -> str:
        taken = self.con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [base]).fetchone()
        if not taken:
            return base
        # provisional until finalise() numbers duplicates in input order (id, id#2, id#3 ...)
        return f"{base}#~{hashlib.sha256(source.encode('utf-8')).hexdigest()[:12]}"

    def put(
        self, source: str, payload: Mapping[str, Any], *, fingerprint: str, ordinal: int, **info: str
    ) -> None:
        """Insert (or replace) one document's record payload (``PolicyRecord.to_dict(include_text=True)``)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._remove(source)
            base = payload["document"]["doc_id"]
            doc_id = self._free_id(base, source)
            row = document_row(payload)
            row.update(
                doc_id=doc_id,
                source=source,
                text=payload.get("text", ""),
                fingerprint=fingerprint,
                base_doc_id=base,
                ordinal=ordinal,
                pipeline_version=info.get("pipeline_version"),
                segmenter=info.get("segmenter"),
            )
            cols = document_columns()
            doc_frame = _frame(cols, [tuple(row.get(c) for c, _ in cols)])  # noqa: F841 (read by DuckDB)
            self.con.execute("INSERT INTO documents SELECT * FROM doc_frame")
            for kind in KINDS:
                rows = kind_rows(kind, doc_id, payload.get(kind) or [])
                if rows:
                    frame = _frame(kind_columns(kind), rows)  # noqa: F841 (read by DuckDB)
                    self.con.execute(f"INSERT INTO {kind} SELECT * FROM frame")
            extracted = [
                (doc_id, i, c.get("resolved_id"), c.get("level"), c.get("region"))
                for i, c in enumerate(payload.get("citations") or [])
            ]
            if extracted:
                self.con.executemany("INSERT INTO citations_extracted VALUES (?, ?, ?, ?, ?)", extracted)
            self._set_state(STALE, "1")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

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
    def finalise(self, ordinals: Mapping[str, int], *, prune: bool, registry: Any) -> dict[str, int]:
        """Input order, pruning, unique doc ids and citation resolution over the whole store.

        Args:
            ordinals: ``{source: position}`` of the documents read in this run (input order).
            prune: delete stored documents not read in this run.
            registry: the :class:`~pipeline.link.registry.Registry` citations resolve against.

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
                self._resolve(registry)
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
        changes = [
            (source, current, wanted[source]) for source, _, current in rows if current != wanted[source]
        ]
        for step in (0, 1):  # through unique temporary ids, so that swaps never collide
            for i, (_source, current, new) in enumerate(changes):
                old, to = (current, f"\x00renaming{i}") if step == 0 else (f"\x00renaming{i}", new)
                for table in ("documents", *KINDS, "citations_extracted"):
                    self.con.execute(f"UPDATE {table} SET doc_id = ? WHERE doc_id = ?", [to, old])
        if changes:
            self._set_state(STALE, "1")
        return len(changes)

    def _resolve(self, registry: Any) -> None:
        """Every citation's ``resolved_id`` (and level, region) from the extracted values, as in memory."""
        import pandas as pd

        from pipeline.link.resolve import BatchIndex, resolve_citation
        from pipeline.models import Citation, DocumentMeta, PolicyRecord, Region

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
        index = BatchIndex(stubs, registry)
        names = (
            "clause_id",
            "text",
            "start",
            "end",
            "title",
            "doc_number",
            "resolved_id",
            "level",
            "relation",
        )
        rows = self.con.execute(
            'SELECT c.doc_id, c.seq, c.clause_id, c.text, c.start, c."end", c.title, c.doc_number, '
            "e.resolved_id, e.level, c.relation, e.region FROM citations c "
            "JOIN citations_extracted e USING (doc_id, seq)"
        )
        updates = []
        while chunk := rows.fetchmany(5000):
            for doc_id, seq, *values, region in chunk:
                c = Citation(**dict(zip(names, values, strict=True)), region=region)
                c = resolve_citation(index, c, doc_id)
                updates.append((doc_id, seq, c.resolved_id, c.level, c.region))
        resolved = pd.DataFrame(updates, columns=["doc_id", "seq", "resolved_id", "level", "region"])  # noqa: F841
        self.con.execute(
            "UPDATE citations SET resolved_id = r.resolved_id, level = r.level, region = r.region "
            "FROM resolved r WHERE citations.doc_id = r.doc_id AND citations.seq = r.seq"
        )

    def iter_rows(self, sql: str, size: int = 5000) -> Iterator[tuple[Any, ...]]:
        """The rows of a query, fetched in chunks (memory bounded)."""
        cursor = self.con.cursor()
        try:
            cursor.execute(sql)
            while chunk := cursor.fetchmany(size):
                yield from chunk
        finally:
            cursor.close()
