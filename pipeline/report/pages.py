"""The report's HTML pages: the shell every page shares, the index and one page per document.

Data reaches the browser only as escaped HTML or as JSON inside ``<script type="application/json">``
with every ``<`` written ``\\u003c``, so no document text can open an element or a script.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from pipeline.models import PolicyRecord
from pipeline.report import cells, charts, highlight, tables
from pipeline.report.cells import json_script

__all__ = ["document_page", "index_page", "json_script", "related_section", "shell"]

esc = html.escape

SECTIONS = (
    ("documents", "Documents"),
    ("charts", "Charts"),
    ("tasks", "Tasks"),
    ("indicators", "Indicators"),
    ("cascades", "Cascades"),
    ("departments", "Departments"),
    ("instruments", "Instruments"),
    ("reuse", "Text reuse"),
    ("graph", "Graph"),
)


@cache
def _asset(name: str) -> str:
    return resources.files("pipeline.report").joinpath(name).read_text(encoding="utf-8")


def shell(title: str, nav: str, body: str, *, data: str = "") -> str:
    """A complete page: inline CSS and script, nothing fetched from the network."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_asset('report.css')}</style></head><body>"
        f'<header class="top"><h1>{esc(title)}</h1><nav>{nav}</nav></header>'
        f"<main>{body}</main>{data}<script>{_asset('report.js')}</script></body></html>\n"
    )


def doc_label(record: PolicyRecord) -> str:
    """A short name for charts and links: the 文号, else the id and the start of the title."""
    d = record.document
    if d.doc_number:
        return d.doc_number
    title = (d.title or "").strip()
    return f"{d.doc_id} {title[:14]}".strip()


def _counts(record: PolicyRecord) -> list[cells.Cell]:
    keys = ("targets", "tasks", "obligations", "departments", "citations")
    return [cells.cell(len(getattr(record, k))) for k in keys] + [cells.cell(len(record.text))]


def documents_table(records: Sequence[PolicyRecord], link: cells.Link) -> str:
    """The documents list, each linked to its page."""
    rows = []
    for r in records:
        d = r.document
        region = "".join(dict.fromkeys(p for p in (d.region.province, d.region.city, d.region.county) if p))
        title = d.title or "(untitled)"
        rows.append(
            [
                cells.doc_cell(d.doc_id, link),
                cells.long_cell(title, link(d.doc_id)),
                cells.cell(d.doc_number),
                cells.cell(d.level),
                cells.cell(region or None),
                cells.cell(d.date),
                *_counts(r),
            ]
        )
    headers = ("doc_id", "title", "文号", "level", "region", "date", "targets", "tasks")
    headers += ("obligations", "departments", "citations", "chars")
    return tables.grid(rows, headers, table_id="documents-table")


def index_page(
    title: str, records: Sequence[PolicyRecord], cmp: Any, task_rows: Sequence[Any], link: cells.Link
) -> str:
    """``index.html``: every comparison section of the report."""
    labels = {r.document.doc_id: doc_label(r) for r in records}
    nav = "".join(f'<a href="#{key}">{esc(name)}</a>' for key, name in SECTIONS)
    ind_cols = ["doc_id", "target_id", "indicator", "canonical", "scope", "value", "value_max", "unit"]
    ind_cols += ["comparator", "year", "text"]
    parts = {
        "documents": documents_table(records, link),
        "charts": '<div class="charts"><figure><figcaption>Targets by deadline year</figcaption>'
        f'<div class="chartbox">{charts.year_counts_svg(records, labels=labels)}</div></figure>'
        "<figure><figcaption>Policy-instrument profile (share of classed obligations)</figcaption>"
        f'<div class="chartbox">{charts.instrument_profile_svg(cmp.instrument_shares, labels=labels)}'
        "</div></figure></div>",
        "tasks": f'<div class="scroll">{tables.task_table(task_rows, link)}</div>',
        "indicators": "<h3>Canonical indicators of two or more documents</h3>"
        + tables.frame_table(shared_indicators(cmp.indicators_wide), table_id="indicators-wide", link=link)
        + '<h3>Every indicator as written</h3><div class="scroll">'
        + tables.frame_table(cmp.indicators, table_id="indicators-table", link=link, columns=ind_cols)
        + "</div>",
        "cascades": tables.frame_table(cmp.cascade, table_id="cascade-table", link=link),
        "departments": '<div class="scroll">'
        + tables.frame_table(cmp.departments, table_id="departments-table", link=link)
        + "</div>",
        "instruments": tables.frame_table(cmp.instrument_shares, table_id="instruments-table", link=link),
        "reuse": "<h3>Shares of each document inside passages aligned with the other</h3>"
        + tables.frame_table(cmp.reuse_summary, table_id="reuse-summary", link=link)
        + '<h3>Aligned passages, differences marked</h3><div class="scroll">'
        + tables.reuse_pairs_html(cmp.reuse_pairs, link)
        + "</div>",
        "graph": '<p><a href="graph.html">Open the graph on its own page</a>. Documents and their links '
        "come first, by level; tick targets, tasks and departments to add them.</p>"
        # loaded by report.js when the section comes into view: the index's load event does not wait
        # for the graph viewer
        '<iframe class="graph" data-src="graph.html" title="policy graph"></iframe>',
    }
    body = "".join(
        f'<section id="{key}"><h2>{esc(name)}</h2>{parts[key]}</section>' for key, name in SECTIONS
    )
    return shell(title, nav, body)


def _record_tables(record: PolicyRecord, details: dict[str, list[dict[str, Any]]]) -> str:
    """One table per kind of record of the document, each row linked to its place in the text."""
    out = []
    for kind in highlight.KINDS:
        rows = details[kind]
        if not rows:
            continue
        cols = ["text", *highlight.FIELDS[kind]]
        grid_rows = []
        for i, row in enumerate(rows):
            first = cells.long_cell(row["text"], f"#{kind}-{i}")
            grid_rows.append([first, *(cells.cell(_flat(row.get(c))) for c in cols[1:])])
        out.append(f"<h3>{esc(kind)}s ({len(rows)})</h3>")
        out.append(tables.grid(grid_rows, cols, table_id=f"{kind}-table"))
    return "".join(out)


def _flat(value: Any) -> Any:
    return "、".join(map(str, value)) if isinstance(value, list | tuple) else value


def shared_indicators(wide: Any) -> Any:
    """The wide indicator table folded for a page: canonical indicators of two or more documents, the
    values of all documents in one ``values`` column (``doc: value; …``) instead of two columns per
    document (436 columns on the 218 shared documents)."""
    import pandas as pd

    cols = ["canonical", "unit", "n_documents", "values"]
    if wide is None or wide.empty:
        return pd.DataFrame(columns=cols)
    kept = wide[wide["n_documents"] >= 2]
    docs = [c for c in wide.columns[3:] if not str(c).endswith(":year")]
    rows = [
        {
            "canonical": r["canonical"],
            "unit": r["unit"],
            "n_documents": r["n_documents"],
            "values": "; ".join(f"{d}: {r[d]}" for d in docs if isinstance(r[d], str) and r[d]),
        }
        for _, r in kept.iterrows()
    ]
    return pd.DataFrame(rows, columns=cols)


def related_section(doc_id: str, cmp: Any, link: cells.Link) -> str:
    """The document's parents and children (links), its cascade rows and its reuse partners, linked."""
    if cmp is None:
        return ""
    parts = []
    links = getattr(cmp, "links", None)
    if links is not None and len(links):
        mine = links[(links["doc_id"] == doc_id) | (links["parent_id"] == doc_id)]
        if len(mine):
            parts.append(
                "<h3>Parents and children</h3>" + tables.frame_table(mine, table_id="doc-links", link=link)
            )
    casc = cmp.cascade
    if len(casc):
        mine = casc[(casc["doc_id"] == doc_id) | (casc["parent_id"] == doc_id)]
        cols = ["doc_id", "parent_id", "canonical", "text", "parent_text", "direction", "year", "parent_year"]
        if len(mine):
            parts.append(
                "<h3>Cascades</h3>"
                + tables.frame_table(mine, table_id="doc-cascade", link=link, columns=cols)
            )
    summ = cmp.reuse_summary
    if len(summ):
        mine = summ[
            ((summ["doc_a"] == doc_id) | (summ["doc_b"] == doc_id)) & (summ["doc_a"] != summ["doc_b"])
        ]
        if len(mine):
            mine = mine.sort_values("n_passages", ascending=False)
            parts.append(
                "<h3>Reuse partners</h3>" + tables.frame_table(mine, table_id="doc-reuse", link=link)
            )
    return f'<section id="related"><h2>Related documents</h2>{"".join(parts)}</section>' if parts else ""


def document_page(record: PolicyRecord, report_title: str, related: str = "") -> str:
    """One document: metadata, the highlighted full text, the details panel, its record tables and the
    ``related`` section (parents, cascades, reuse partners)."""
    d = record.document
    details = highlight.details(record)
    boxes = "".join(
        f'<label><input type="checkbox" value="{k}" checked> <span class="key k-{k}">{k}</span></label>'
        for k in highlight.SHOWN
    )
    meta = [("doc_id", d.doc_id), ("文号", d.doc_number), ("issuer", "、".join(d.issuer)), ("date", d.date)]
    meta += [("level", d.level), ("source", d.source)]
    meta_html = "".join(f"<b>{esc(k)}</b> {esc(str(v))} &nbsp; " for k, v in meta if v)
    text = highlight.highlighted_html(record) if record.text else '<span class="empty">(no text kept)</span>'
    body = (
        f"<p>{meta_html}</p>"
        f'<div class="legend">Highlight: {boxes} — click a highlight for its record.</div>'
        f'<div class="doc-layout"><div class="doctext" id="doctext">{text}</div>'
        '<aside id="details">Click a highlighted span.</aside></div>'
        f'<section id="records-tables">{_record_tables(record, details)}</section>'
        f"{related}"
    )
    nav = f'<a href="index.html">← {esc(report_title)}</a><a href="#records-tables">records</a>'
    return shell(d.title or d.doc_id, nav, body, data=json_script("records", details))
