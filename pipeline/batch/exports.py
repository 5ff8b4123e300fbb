"""Files derived from the store, regenerated whole at the end of a run that changed it.

``parquet/<table>.parquet`` and ``tables/<table>.csv`` for ``documents`` and every record kind,
``records/<doc_id>.json`` (the record contract with its text), ``tasks.xlsx`` and ``graph.graphml``.
Each file is written under a temporary name and renamed; ``records/`` is built beside the old one and
swapped in, so no stale record of a removed document survives.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import errno
import json
import os
import shutil
import typing
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.batch.engines import die_with_parent, pool_context
from pipeline.export import tasklist
from pipeline.export.batch_outputs import FORMULA_START, atomic_path, safe_filename
from pipeline.models import RECORD_TYPES, DocumentMeta, Failure, PolicyRecord, Region
from pipeline.store.duck import Store
from pipeline.store.read import iter_ordered_payloads, iter_payloads, keeps_order
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


def write_tables(store: Store, out_dir: Path, *, csv: bool = True) -> dict[str, str]:
    """Parquet (and, with ``csv``, CSV) of every table; returns ``{output name: path}``."""
    parquet = write_parquet(store, out_dir)
    return _by_table(parquet, write_csv_tables(store, out_dir, parquet) if csv else {})


def write_parquet(store: Store, out_dir: Path) -> dict[str, str]:
    """``parquet/<table>.parquet`` of every table, sorted by DuckDB one table at a time (``doc_id``,
    then ``seq``): the CSV tables and ``records/`` are then read from these files in that order,
    without sorting the store again."""
    (out_dir / "parquet").mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    for table in TABLES:
        path = out_dir / "parquet" / f"{table}.parquet"
        with atomic_path(path) as tmp:
            tmp_sql = str(tmp).replace("'", "''")
            store.con.execute(f"COPY ({_select(table, _columns(table))}) TO '{tmp_sql}' (FORMAT parquet)")
        written[f"parquet:{table}"] = str(path)
    return written


def write_csv_tables(store: Store, out_dir: Path, parquet: dict[str, str]) -> dict[str, str]:
    """``tables/<table>.csv`` of every table, read in order from its Parquet export (:func:`write_parquet`)."""
    (out_dir / "tables").mkdir(parents=True, exist_ok=True)
    relations = parquet_relations(parquet)
    written: dict[str, str] = {}
    for table in TABLES:
        path = out_dir / "tables" / f"{table}.csv"
        columns = [c for c in _columns(table) if c not in CSV_SKIPPED.get(table, ())]
        _write_table_csv(store, table, columns, path, relations[table])
        written[f"table:{table}"] = str(path)
    return written


def parquet_relations(parquet: dict[str, str]) -> dict[str, str]:
    """``{table: "read_parquet('…')"}`` of the Parquet exports (``{"parquet:<table>": path}``)."""
    return {
        table: "read_parquet('{}')".format(parquet[f"parquet:{table}"].replace("'", "''")) for table in TABLES
    }


def _by_table(parquet: dict[str, str], csv: dict[str, str]) -> dict[str, str]:
    """The outputs of both kinds table by table (the order ``summary.json`` lists them in)."""
    keys = (f"{kind}:{table}" for table in TABLES for kind in ("parquet", "table"))
    return {key: (parquet | csv)[key] for key in keys if key in parquet or key in csv}


# A text cell starting like a formula gets a leading apostrophe (the rule of batch_outputs.csv_cell).
_FORMULA = "^[" + "".join("\\" + c if c in "-]^\\" else c for c in FORMULA_START) + "]"


def _csv_expr(name: str, sql_type: str) -> str:
    col = repr_col(name)
    if sql_type == "VARCHAR[]":
        return f"to_json({col})::VARCHAR AS {col}"  # lists as JSON
    if sql_type == "VARCHAR":
        return f"CASE WHEN regexp_matches({col}, '{_FORMULA}') THEN '''' || {col} ELSE {col} END AS {col}"
    return col


def _write_table_csv(store: Store, table: str, columns: list[str], path: Path, source: str) -> None:
    """A spreadsheet-safe CSV of a table (UTF-8 with BOM, formulas neutralised), written by DuckDB from
    ``source``, the table's Parquet export, in its order (``doc_id``, ``seq``)."""
    types = dict(document_columns() if table == "documents" else kind_columns(table))
    order = (
        "" if keeps_order(store.con) else " ORDER BY " + ("doc_id" if table == "documents" else "doc_id, seq")
    )
    exprs = ", ".join(_csv_expr(c, types[c]) for c in columns)
    with atomic_path(path) as tmp:
        body = tmp.with_name(tmp.name + ".body")
        try:
            body_sql = str(body).replace("'", "''")
            store.con.execute(f"COPY (SELECT {exprs} FROM {source}{order}) TO '{body_sql}' (HEADER)")
            with tmp.open("wb") as out, body.open("rb") as src:
                out.write(codecs.BOM_UTF8)  # Excel opens CJK CSV correctly only with the BOM
                shutil.copyfileobj(src, out)
        finally:
            body.unlink(missing_ok=True)


def write_records(
    store: Store,
    out_dir: Path,
    failures: list[Failure] | None = None,
    parquet: Callable[[], dict[str, str]] | None = None,
) -> str:
    """``records/<doc_id>.json`` for every document (with its text), swapped in whole.

    A record that cannot be written (its file refused by the filesystem, a value JSON cannot hold) is
    one ``ExportError`` on ``failures``, naming the document, and the others are written; without
    ``failures`` it raises. ``parquet`` gives the Parquet exports of the tables (waiting for them when
    another thread writes them): the records are read from those files in their order, one document
    at a time, so memory stays flat; without it they are read from the store, which sorts every table
    at once.
    """
    final = out_dir / "records"
    fresh = out_dir / f".records.tmp-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    used: set[str] = set()
    payloads = (
        iter_payloads(store.con)
        if parquet is None
        else iter_ordered_payloads(store.con, parquet_relations(parquet()))
    )
    for payload in payloads:
        name = safe_filename(payload["document"]["doc_id"])
        while name in used:
            name += "_"
        used.add(name)
        try:
            (fresh / f"{name}.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        except (OSError, ValueError, TypeError) as exc:
            if failures is None or getattr(exc, "errno", None) in FATAL_ERRNOS:
                raise
            with contextlib.suppress(OSError):  # a file begun before the fault
                (fresh / f"{name}.json").unlink(missing_ok=True)
            failures.append(export_failure(payload["document"], f"records/{name}.json", exc))
    old = out_dir / f".records.old-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    os.replace(fresh, final)
    shutil.rmtree(old, ignore_errors=True)
    return str(final)


# A full disk or a read-only folder fails every record alike: the run's one Error line, not a row each.
FATAL_ERRNOS = (errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES)


def export_failure(document: dict[str, Any], output: str, exc: BaseException) -> Failure:
    """The failure row of a document one export could not write: its source, the file and why."""
    reason = getattr(exc, "strerror", None) or " ".join(str(exc).split())[:300] or type(exc).__name__
    source = document.get("source") or document["doc_id"]
    return Failure(source, "ExportError", f"{output}: {reason} (document {document['doc_id']})")


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
    doc = dict(payload["document"])
    doc["region"] = Region(**(doc.get("region") or {}))
    kinds = {k: tuple(_build(RECORD_TYPES[k], r) for r in payload[k]) for k in GRAPH_KINDS}
    return PolicyRecord(document=_build(DocumentMeta, doc), **kinds)


def write_tasks_and_graph(
    store: Store,
    out_dir: Path,
    registry: Any,
    failures: list[Failure] | None = None,
    relations: dict[str, str] | None = None,
) -> dict[str, str]:
    """``tasks.xlsx`` and ``graph.graphml`` from the records' documents, targets, tasks and citations.

    When one of them cannot be written, the documents it fails on are found (:func:`isolate`), each is
    one ``ExportError`` on ``failures`` naming the file, and the file is written without them; without
    ``failures``, or when every document fails alike (a fault of the export, not of a document), it raises.
    ``relations`` (``documents`` and :data:`GRAPH_KINDS`, already in ``doc_id`` order: the Parquet
    exports, the sorted snapshot) are read without sorting; without it the store's tables are sorted.
    """
    # networkx: only in the process that writes the graph (the second one when parallel)
    from pipeline.link import build_graph, write_graph

    payloads = (
        iter_payloads(store.con, GRAPH_KINDS, text=False)
        if relations is None
        else iter_ordered_payloads(store.con, relations, GRAPH_KINDS, text=False)
    )
    records = [light_record(_slim(p)) for p in payloads]
    if not records:  # an empty store: no task list, no graph (nor stale ones of an earlier run)
        for name in ("tasks.xlsx", "graph.graphml"):
            (out_dir / name).unlink(missing_ok=True)
        return {}
    written: dict[str, str] = {}
    path = out_dir / "tasks.xlsx"

    def tasks(some: list[Any]) -> None:
        with atomic_path(path) as tmp:
            tasklist.write_tasklist(some, tmp, fmt="xlsx")

    _write_or_isolate(tasks, records, "tasks.xlsx", failures)
    written["tasks"] = str(path)
    stem = f".graph.tmp-{os.getpid()}"

    def graph(some: list[Any]) -> None:
        built = build_graph(some, registry=registry)  # read by nothing else: flattened where it is
        produced = write_graph(built, out_dir, formats=("graphml",), stem=stem, in_place=True)
        os.replace(produced["graphml"], out_dir / "graph.graphml")

    try:
        _write_or_isolate(graph, records, "graph.graphml", failures)
    finally:
        (out_dir / f"{stem}.graphml").unlink(missing_ok=True)
    written["graph:graphml"] = str(out_dir / "graph.graphml")
    return written


def _write_or_isolate(write: Any, records: list[Any], output: str, failures: list[Failure] | None) -> None:
    """``write(records)``; if it fails and ``failures`` is given, again without the documents it fails on."""
    try:
        write(records)
        return
    except Exception as exc:
        if failures is None or getattr(exc, "errno", None) in FATAL_ERRNOS:
            raise
        first = exc
    bad = isolate(records, write)
    if len(bad) == len(records):
        raise first  # every document alike: the export's fault, the run's one Error line
    failures.extend(
        export_failure({"doc_id": r.document.doc_id, "source": r.document.source}, output, e) for r, e in bad
    )
    failing = {id(r) for r, _ in bad}
    write([r for r in records if id(r) not in failing])


def isolate(items: list[Any], attempt: Any) -> list[tuple[Any, Exception]]:
    """The items ``attempt`` fails on, each with its error, found by halving: ``attempt(part)`` runs on
    about 2·k·log2(n) parts for k failing items of n (the whole list is known to fail)."""
    if not items:
        return []
    middle = len(items) // 2
    bad: list[tuple[Any, Exception]] = []
    for part in (items[:middle], items[middle:]) if middle else (items,):  # one item: itself
        try:
            attempt(part)
        except Exception as exc:
            bad.extend([(part[0], exc)] if len(part) == 1 else isolate(part, attempt))
    return bad


def write_exports(
    store: Store,
    out_dir: Path,
    registry: Any,
    *,
    parallel: bool = False,
    failures: list[Failure] | None = None,
    records: bool = True,
    csv: bool = True,
) -> dict[str, str]:
    """Every derived file; marks the store exported when all are written (with no document's failure
    added to ``failures``, so the next run writes them again). ``records`` and ``csv`` turn off
    ``records/`` and ``tables/*.csv``.

    With ``parallel``, the task list and the graph are written by a second process while this one
    writes the records and a thread has DuckDB write the tables. The run keeps its connection (and its
    lock on the store) throughout: the second process reads a snapshot of what it needs, a temporary
    DuckDB file, so no other process can take the store in between.
    """
    for leftover in out_dir.glob(".records.*"):  # of a run killed while exporting
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out_dir.glob(f"{SNAPSHOT}*"):
        leftover.unlink(missing_ok=True)
    before = len(failures) if failures is not None else 0
    if not parallel:
        written = write_tables(store, out_dir, csv=csv)
        if records:
            written["records"] = write_records(store, out_dir, failures, parquet=lambda: written)
        relations = parquet_relations(written)
        written.update(write_tasks_and_graph(store, out_dir, registry, failures, relations=relations))
    else:
        from concurrent.futures import ThreadPoolExecutor

        snapshot = out_dir / f"{SNAPSHOT}{os.getpid()}.duckdb"
        try:
            _snapshot(store, snapshot)
            pool = pool_context().Pool(1, initializer=init_export_process)
            try:
                other = pool.apply_async(
                    _tasks_and_graph_of, (snapshot, out_dir, registry, failures is not None)
                )
                with store.cursor() as handle, ThreadPoolExecutor(max_workers=1) as thread:
                    # the thread writes the Parquet files, then the CSV tables from them; the records
                    # are read from the same files as soon as they are there
                    parquet = thread.submit(write_parquet, handle, out_dir)
                    tables = thread.submit(
                        lambda: write_csv_tables(handle, out_dir, parquet.result()) if csv else {}
                    )
                    try:
                        folder = (
                            {"records": write_records(store, out_dir, failures, parquet=parquet.result)}
                            if records
                            else {}
                        )
                        graph_written, graph_failures = other.get()
                        written = {**_by_table(parquet.result(), tables.result()), **folder, **graph_written}
                        if failures is not None:
                            failures.extend(graph_failures)
                    except BaseException:
                        tables.cancel()
                        handle.con.interrupt()  # the thread's COPY stops rather than being waited for
                        raise
                pool.close()
            except BaseException:  # Ctrl-C, SIGTERM or an error: the second process stops now
                pool.terminate()
                raise
            finally:
                pool.join()
        finally:
            snapshot.unlink(missing_ok=True)
            snapshot.with_name(snapshot.name + ".wal").unlink(missing_ok=True)
    if failures is None or len(failures) == before:
        store.mark_exported()
    return written


SNAPSHOT = ".graph-input.tmp-"  # the tables the graph and the task list read, for the second process


def _snapshot(store: Store, path: Path) -> None:
    """Copy ``documents`` (without texts) and the graph's kinds into a new DuckDB file at ``path``, each
    sorted as the second process reads it (``doc_id``, ``seq``): sorted here one table at a time, the
    tables are read there in a stream, instead of being sorted there all at once."""
    path.unlink(missing_ok=True)
    target = str(path).replace("'", "''")
    store.con.execute(f"ATTACH '{target}' AS snapshot")
    try:
        store.con.execute(
            "CREATE TABLE snapshot.documents AS SELECT * REPLACE ('' AS text) FROM documents ORDER BY doc_id"
        )
        for kind in GRAPH_KINDS:
            store.con.execute(f"CREATE TABLE snapshot.{kind} AS SELECT * FROM {kind} ORDER BY doc_id, seq")
    finally:
        store.con.execute("DETACH snapshot")


def init_export_process() -> None:
    """The export's second process dies with the run (even after ``kill -9``) and leaves Ctrl-C, which
    the terminal sends to every process of the run, to the run: no traceback of its own."""
    import signal

    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _tasks_and_graph_of(
    db_path: Path, out_dir: Path, registry: Any, collect: bool
) -> tuple[dict[str, str], list[Failure]]:
    """:func:`write_tasks_and_graph` in another process, reading the snapshot read-only; what it wrote
    and the failures of its documents (with ``collect``)."""
    failures: list[Failure] = []
    in_order = {table: table for table in ("documents", *GRAPH_KINDS)}  # sorted by _snapshot
    with Store(db_path, read_only=True) as store:
        collected = failures if collect else None
        return write_tasks_and_graph(store, out_dir, registry, collected, relations=in_order), failures


def expected_exports(
    out_dir: Path, *, has_documents: bool = True, records: bool = True, csv: bool = True
) -> dict[str, Path]:
    """Every derived file a store gives (tasks and graph only when it holds documents; records/ and
    the CSV tables unless turned off)."""
    paths = {}
    for table in TABLES:
        paths[f"parquet:{table}"] = out_dir / "parquet" / f"{table}.parquet"
        if csv:
            paths[f"table:{table}"] = out_dir / "tables" / f"{table}.csv"
    if records:
        paths["records"] = out_dir / "records"
    if has_documents:
        paths["tasks"] = out_dir / "tasks.xlsx"
        paths["graph:graphml"] = out_dir / "graph.graphml"
    return paths


def existing_exports(out_dir: Path, *, records: bool = True, csv: bool = True) -> dict[str, str]:
    """The derived files already in ``out_dir`` (a run that changed nothing keeps them)."""
    expected = expected_exports(out_dir, records=records, csv=csv)
    return {key: str(path) for key, path in expected.items() if path.exists()}


def drop_unwanted_exports(out_dir: Path, *, records: bool = True, csv: bool = True) -> list[Path]:
    """Remove ``records/`` (unless ``records``) and the CSV tables (unless ``csv``) that an earlier run
    wrote: a run that turns a file type off leaves no stale copy of it. Returns what was removed."""
    wanted = expected_exports(out_dir, records=records, csv=csv)
    removed = []
    for key, path in expected_exports(out_dir).items():
        if key in wanted or not path.exists():
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        removed.append(path)
    if not csv:
        with contextlib.suppress(OSError):
            (out_dir / "tables").rmdir()  # only when nothing else is in it
    return removed
