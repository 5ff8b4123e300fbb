"""Files derived from the store, regenerated whole at the end of a run that changed it.

``parquet/<table>.parquet`` and ``tables/<table>.csv`` for ``documents`` and every record kind,
``records/<doc_id>.json`` (the record contract with its text), ``tasks.xlsx`` and ``graph.graphml``.
Each file is written under a temporary name and renamed; ``records/`` is built beside the old one and
swapped in, so no stale record of a removed document survives.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import shutil
import typing
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.export.batch_outputs import FORMULA_START, atomic_path, safe_filename
from pipeline.store.duck import Store
from pipeline.store.read import iter_payloads
from pipeline.store.schema import KINDS, document_columns, kind_columns

TABLES = ("documents", *KINDS)
INTERNAL = ("base_doc_id", "ordinal")  # bookkeeping not exported
CSV_SKIPPED = {"documents": ("text",)}  # whole texts live in DuckDB, Parquet and records/*.json
GRAPH_KINDS = ("targets", "tasks", "departments", "citations")  # what the graph and task list read


def repr_col(name: str) -> str:
    """A quoted SQL column name (``end`` is a keyword)."""
    return f'"{name}"'


def _columns(table: str) -> list[str]:
    cols = document_columns() if table == "documents" else kind_columns(table)
    return [c for c, _ in cols if c not in INTERNAL]


def _select(table: str, columns: list[str]) -> str:
    order = "doc_id" if table == "documents" else "doc_id, seq"
    quoted = ", ".join(f'"{c}"' for c in columns)
    return f"SELECT {quoted} FROM {table} ORDER BY {order}"


def write_tables(store: Store, out_dir: Path) -> dict[str, str]:
    """Parquet and CSV of every table; returns ``{output name: path}``."""
    written: dict[str, str] = {}
    for sub in ("parquet", "tables"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        columns = _columns(table)
        path = out_dir / "parquet" / f"{table}.parquet"
        with atomic_path(path) as tmp:
            tmp_sql = str(tmp).replace("'", "''")
            store.con.execute(f"COPY ({_select(table, columns)}) TO '{tmp_sql}' (FORMAT parquet)")
        written[f"parquet:{table}"] = str(path)
        path = out_dir / "tables" / f"{table}.csv"
        _write_table_csv(store, table, [c for c in columns if c not in CSV_SKIPPED.get(table, ())], path)
        written[f"table:{table}"] = str(path)
    return written


# A text cell starting like a formula gets a leading apostrophe (the rule of batch_outputs.csv_cell).
_FORMULA = "^[" + "".join("\\" + c if c in "-]^\\" else c for c in FORMULA_START) + "]"


def _csv_expr(name: str, sql_type: str) -> str:
    col = repr_col(name)
    if sql_type == "VARCHAR[]":
        return f"to_json({col})::VARCHAR AS {col}"  # lists as JSON
    if sql_type == "VARCHAR":
        return f"CASE WHEN regexp_matches({col}, '{_FORMULA}') THEN '''' || {col} ELSE {col} END AS {col}"
    return col


def _write_table_csv(store: Store, table: str, columns: list[str], path: Path) -> None:
    """A spreadsheet-safe CSV of a table (UTF-8 with BOM, formulas neutralised), written by DuckDB."""
    types = dict(document_columns() if table == "documents" else kind_columns(table))
    order = "doc_id" if table == "documents" else "doc_id, seq"
    exprs = ", ".join(_csv_expr(c, types[c]) for c in columns)
    with atomic_path(path) as tmp:
        body = tmp.with_name(tmp.name + ".body")
        try:
            body_sql = str(body).replace("'", "''")
            store.con.execute(f"COPY (SELECT {exprs} FROM {table} ORDER BY {order}) TO '{body_sql}' (HEADER)")
            with tmp.open("wb") as out, body.open("rb") as src:
                out.write(codecs.BOM_UTF8)  # Excel opens CJK CSV correctly only with the BOM
                shutil.copyfileobj(src, out)
        finally:
            body.unlink(missing_ok=True)


def write_records(store: Store, out_dir: Path) -> str:
    """``records/<doc_id>.json`` for every document (with its text), swapped in whole."""
    final = out_dir / "records"
    fresh = out_dir / f".records.tmp-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    used: set[str] = set()
    for payload in iter_payloads(store.con):
        name = safe_filename(payload["document"]["doc_id"])
        while name in used:
            name += "_"
        used.add(name)
        (fresh / f"{name}.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    old = out_dir / f".records.old-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    os.replace(fresh, final)
    shutil.rmtree(old, ignore_errors=True)
    return str(final)


def _slim(payload: dict[str, Any]) -> dict[str, Any]:
    """A payload with one department mention per (name, canonical, level): all the graph reads of them."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for d in payload["departments"]:  # ordered by last occurrence, so "last one wins" maps are unchanged
        key = (d["name"], d["canonical"], d["level"])
        seen.pop(key, None)
        seen[key] = d
    return {**payload, "departments": list(seen.values())}


@cache
def _fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """``(field, is a tuple)`` of a record class; its type hints read once."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, "tuple" in str(hints[f.name])) for f in dataclasses.fields(cls))


def _build(cls: type, data: dict[str, Any]) -> Any:
    return cls(
        **{n: tuple(data[n]) if t and data[n] is not None else data[n] for n, t in _fields(cls) if n in data}
    )


def light_record(payload: dict[str, Any]) -> Any:
    """A :class:`~pipeline.models.PolicyRecord` of what the graph and task list read (no clauses, text)."""
    from pipeline.models import RECORD_TYPES, DocumentMeta, PolicyRecord, Region

    doc = dict(payload["document"])
    doc["region"] = Region(**(doc.get("region") or {}))
    kinds = {k: tuple(_build(RECORD_TYPES[k], r) for r in payload[k]) for k in GRAPH_KINDS}
    return PolicyRecord(document=_build(DocumentMeta, doc), **kinds)


def write_tasks_and_graph(store: Store, out_dir: Path, registry: Any) -> dict[str, str]:
    """``tasks.xlsx`` and ``graph.graphml`` from the records' documents, targets, tasks and citations."""
    from pipeline.export.tasklist import write_tasklist
    from pipeline.link import build_graph, write_graph

    records = [light_record(_slim(p)) for p in iter_payloads(store.con, GRAPH_KINDS, text=False)]
    if not records:  # an empty store: no task list, no graph (nor stale ones of an earlier run)
        for name in ("tasks.xlsx", "graph.graphml"):
            (out_dir / name).unlink(missing_ok=True)
        return {}
    written: dict[str, str] = {}
    path = out_dir / "tasks.xlsx"
    with atomic_path(path) as tmp:
        write_tasklist(records, tmp, fmt="xlsx")
    written["tasks"] = str(path)
    graph = build_graph(records, registry=registry)
    stem = f".graph.tmp-{os.getpid()}"
    produced = write_graph(graph, out_dir, formats=("graphml",), stem=stem)["graphml"]
    path = out_dir / "graph.graphml"
    os.replace(produced, path)
    written["graph:graphml"] = str(path)
    return written


def write_exports(store: Store, out_dir: Path, registry: Any, *, parallel: bool = False) -> dict[str, str]:
    """Every derived file; marks the store exported when all are written.

    With ``parallel``, the task list and the graph are written by a second process while this one
    writes the records and a thread has DuckDB write the tables (the store is read-only meanwhile,
    then opened again for writing).
    """
    for leftover in out_dir.glob(".records.*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if not parallel:
        written = write_tables(store, out_dir)
        written["records"] = write_records(store, out_dir)
        written.update(write_tasks_and_graph(store, out_dir, registry))
    else:
        from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

        from pipeline.batch.engines import pool_context

        store.reopen(read_only=True)
        try:
            with (
                ProcessPoolExecutor(max_workers=1, mp_context=pool_context()) as pool,
                ThreadPoolExecutor(max_workers=1) as thread,
                store.cursor() as handle,
            ):
                other = pool.submit(_tasks_and_graph_of, store.path, out_dir, registry)
                tables = thread.submit(write_tables, handle, out_dir)
                records = write_records(store, out_dir)
                written = {**tables.result(), "records": records, **other.result()}
        finally:
            store.reopen(read_only=False)
    store.mark_exported()
    return written


def _tasks_and_graph_of(db_path: Path, out_dir: Path, registry: Any) -> dict[str, str]:
    """:func:`write_tasks_and_graph` in another process, reading the store read-only."""
    with Store(db_path, read_only=True) as store:
        return write_tasks_and_graph(store, out_dir, registry)


def expected_exports(out_dir: Path, *, has_documents: bool = True) -> dict[str, Path]:
    """Every derived file a store gives (tasks and graph only when it holds documents)."""
    paths = {}
    for table in TABLES:
        paths[f"parquet:{table}"] = out_dir / "parquet" / f"{table}.parquet"
        paths[f"table:{table}"] = out_dir / "tables" / f"{table}.csv"
    paths["records"] = out_dir / "records"
    if has_documents:
        paths["tasks"] = out_dir / "tasks.xlsx"
        paths["graph:graphml"] = out_dir / "graph.graphml"
    return paths


def existing_exports(out_dir: Path) -> dict[str, str]:
    """The derived files already in ``out_dir`` (a run that changed nothing keeps them)."""
    return {key: str(path) for key, path in expected_exports(out_dir).items() if path.exists()}
