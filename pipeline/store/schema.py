"""The store's tables: one per record kind plus ``documents``, their columns derived from the models.

Every kind table starts with ``doc_id`` and ``seq`` (the record's position in its document), then the
fields of its dataclass in order. Lists of strings are ``VARCHAR[]``; table cells are JSON text.
``documents`` holds the metadata of :class:`~pipeline.models.DocumentMeta` (region flattened), the
decoded ``text`` and the run bookkeeping (``fingerprint``, ``pipeline_version``, ``segmenter``).
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, NamedTuple

from pipeline.models import RECORD_TYPES, DocumentMeta

KINDS: tuple[str, ...] = tuple(RECORD_TYPES)
JSON_COLUMNS = {("table_rows", "cells")}  # nested records kept as JSON text
REGION_FIELDS = ("province", "city", "county")
# document fields kept as JSON text, with their empty value: field_sources ({"title": "text", "level":
# "inferred:docnumber"}) and pages, the page map ([[start, end], ...])
DOCUMENT_JSON_FIELDS = ("field_sources", "pages")
_JSON_EMPTY = {"field_sources": "{}", "pages": "[]"}

# documents: the contract's document fields (region flattened), then the text and the bookkeeping
BOOKKEEPING = (
    ("text", "VARCHAR"),
    ("fingerprint", "VARCHAR"),
    ("pipeline_version", "VARCHAR"),
    ("segmenter", "VARCHAR"),
    ("base_doc_id", "VARCHAR"),
    ("ordinal", "BIGINT"),
)


def _sql_type(hint: Any) -> str:
    text = str(hint)
    if "tuple[str" in text:
        return "VARCHAR[]"
    if "float" in text:
        return "DOUBLE"
    if "int" in text and "str" not in text:
        return "BIGINT"
    if "bool" in text:
        return "BOOLEAN"
    return "VARCHAR"


@cache
def kind_columns(kind: str) -> tuple[tuple[str, str], ...]:
    """``(column, SQL type)`` of a kind table, ``doc_id`` and ``seq`` first."""
    cls = RECORD_TYPES[kind]
    hints = typing.get_type_hints(cls)
    cols = [("doc_id", "VARCHAR"), ("seq", "BIGINT")]
    for f in dataclasses.fields(cls):
        sql = "VARCHAR" if (kind, f.name) in JSON_COLUMNS else _sql_type(hints[f.name])
        cols.append((f.name, sql))
    return tuple(cols)


@cache
def document_columns() -> tuple[tuple[str, str], ...]:
    """``(column, SQL type)`` of ``documents``: metadata (region flattened), text, bookkeeping."""
    hints = typing.get_type_hints(DocumentMeta)
    cols: list[tuple[str, str]] = []
    for f in dataclasses.fields(DocumentMeta):
        if f.name == "region":
            cols += [(f"region_{k}", "VARCHAR") for k in REGION_FIELDS]
        elif f.name in DOCUMENT_JSON_FIELDS:
            cols.append((f.name, "VARCHAR"))
        else:
            cols.append((f.name, _sql_type(hints[f.name])))
    return (*cols, *BOOKKEEPING)


def create_statements() -> list[str]:
    """``CREATE TABLE IF NOT EXISTS`` for every table, then the views."""

    def table(name: str, cols: tuple[tuple[str, str], ...], extra: str = "") -> str:
        body = ", ".join(f'"{c}" {t}' for c, t in cols)
        return f"CREATE TABLE IF NOT EXISTS {name} ({body}{extra})"

    stmts = [table("documents", document_columns(), ", PRIMARY KEY (source)")]
    stmts += [table(kind, kind_columns(kind)) for kind in KINDS]
    stmts.append(
        "CREATE TABLE IF NOT EXISTS citations_extracted "
        "(doc_id VARCHAR, seq BIGINT, resolved_id VARCHAR, level VARCHAR, region VARCHAR)"
    )
    stmts.append("CREATE TABLE IF NOT EXISTS store_state (key VARCHAR PRIMARY KEY, value VARCHAR)")
    stmts += VIEWS
    return stmts


VIEWS = [
    """CREATE OR REPLACE VIEW targets_view AS
    SELECT t.doc_id, d.title AS doc_title, d.doc_number, d.level AS doc_level, t.target_id, t.indicator,
           t.comparator, t.value, t.value_max, t.unit, t.year, t.kind, t.text,
           dl.text AS deadline_text, dl.due_date, t.start, t."end", t.clause_id
    FROM targets t JOIN documents d USING (doc_id)
    LEFT JOIN deadlines dl ON dl.doc_id = t.doc_id AND dl.deadline_id = t.deadline_id""",
    """CREATE OR REPLACE VIEW tasks_view AS
    SELECT t.doc_id, d.title AS doc_title, d.doc_number, t.task_id, t.number, t.text,
           t.lead_department, t.departments, len(t.departments) AS n_departments,
           t.deadline_text, t.due_date, t.source, t.start, t."end"
    FROM tasks t JOIN documents d USING (doc_id)""",
    """CREATE OR REPLACE VIEW task_departments AS
    SELECT t.doc_id, t.task_id, unnest(t.departments) AS department,
           unnest(t.departments) = t.lead_department AS is_lead
    FROM tasks t""",
    """CREATE OR REPLACE VIEW citation_links AS
    SELECT c.doc_id, d.title AS doc_title, c.relation, c.title AS cited_title, c.doc_number AS cited_number,
           c.resolved_id, r.title AS resolved_title, c.level, c.text, c.start, c."end"
    FROM citations c JOIN documents d USING (doc_id)
    LEFT JOIN documents r ON r.doc_id = c.resolved_id""",
]
VIEW_NAMES = ("targets_view", "tasks_view", "task_departments", "citation_links")


def document_row(payload: dict[str, Any]) -> dict[str, Any]:
    """The contract columns of a ``documents`` row from a record payload (``to_dict`` output)."""
    doc = dict(payload["document"])
    region = doc.pop("region", None) or {}
    row = {}
    flattened = {f"region_{k}": k for k in REGION_FIELDS}  # not region_code, a field of its own
    for name, _ in document_columns():
        if name in flattened:
            row[name] = region.get(flattened[name])
        elif name in DOCUMENT_JSON_FIELDS:
            value = doc.get(name)
            row[name] = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else _JSON_EMPTY[name]
        elif name in doc:
            row[name] = doc[name]
    return row


class Rows(NamedTuple):
    """One document ready for the store, built where it was extracted (a worker), not in the main process.

    ``tables`` maps each kind (and ``citations_extracted``) to its columns (``{column: values}``), with
    ``doc_id`` holding ``base_doc_id``: the store renames it only when that id is already taken.
    """

    base_doc_id: str
    n_chars: int
    document: dict[str, Any]  # document_row() plus the text
    tables: dict[str, dict[str, list[Any]]]


EXTRACTED_COLUMNS = (
    ("doc_id", "VARCHAR"),
    ("seq", "BIGINT"),
    ("resolved_id", "VARCHAR"),
    ("level", "VARCHAR"),
    ("region", "VARCHAR"),
)


def payload_rows(payload: dict[str, Any]) -> Rows:
    """A record payload (``PolicyRecord.to_dict(include_text=True)``) as store rows, column by column."""
    base = payload["document"]["doc_id"]
    text = payload.get("text", "")
    tables: dict[str, dict[str, list[Any]]] = {}
    for kind in KINDS:
        items = payload.get(kind) or []
        names = [c for c, _ in kind_columns(kind)][2:]
        json_cols = {c for k, c in JSON_COLUMNS if k == kind}
        columns: dict[str, list[Any]] = {"doc_id": [base] * len(items), "seq": list(range(len(items)))}
        for c in names:
            values = [item.get(c) for item in items]
            if c in json_cols:
                values = [json.dumps(v, ensure_ascii=False) for v in values]
            columns[c] = values
        tables[kind] = columns
    citations = payload.get("citations") or []
    tables["citations_extracted"] = {
        "doc_id": [base] * len(citations),
        "seq": list(range(len(citations))),
        **{k: [c.get(k) for c in citations] for k in ("resolved_id", "level", "region")},
    }
    return Rows(base, len(text), {**document_row(payload), "text": text}, tables)


def record_items(kind: str, rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(doc_id, payload dict)`` of kind-table rows in column order (inverse of :func:`payload_rows`)."""
    names = [c for c, _ in kind_columns(kind)][2:]
    json_cols = [c for c in names if (kind, c) in JSON_COLUMNS]
    for row in rows:
        item = dict(zip(names, row[2:], strict=True))
        for name in json_cols:
            if item[name] is not None:
                item[name] = json.loads(item[name])
        yield row[0], item


def document_dict(row: dict[str, Any]) -> dict[str, Any]:
    """The contract's ``document`` dict from a ``documents`` row (region nested again)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(DocumentMeta):
        if f.name == "region":
            out["region"] = {k: row[f"region_{k}"] for k in REGION_FIELDS}
        elif f.name in DOCUMENT_JSON_FIELDS:
            out[f.name] = json.loads(row.get(f.name) or _JSON_EMPTY[f.name])
        else:
            out[f.name] = row[f.name]
    return out
