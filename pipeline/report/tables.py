"""HTML tables of the report: any DataFrame, the task list and the reuse pairs side by side.

Every cell is a :mod:`.cells` value, escaped when written. Tables carry ``class="grid"``; ``report.js``
makes their headers sort and adds a filter box above each. A table of more than :data:`PAGE_ROWS` rows
is written with its first page only and all its rows as JSON next to it (``data-rows``): the browser
lays out one page at a time, whatever the size of the corpus, while sorting and filtering go over every
row.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pipeline.export.tasks_table import TaskRow
from pipeline.report.cells import Cell, Link, cell, doc_cell, esc, json_script, long_cell, td

PAGE_ROWS = 50  # rows laid out per page of a table (report.js PAGE_SIZES[0] is the same)


def grid(
    rows: Sequence[Sequence[Cell]],
    headers: Sequence[str],
    *,
    table_id: str,
    caption: str | None = None,
    classes: str = "grid",
    page_rows: int = PAGE_ROWS,
) -> str:
    """A sortable, filterable table of cells; beyond ``page_rows`` rows only the first page is HTML
    (so the page opens fast and shows rows without script) and every row is JSON for ``report.js``."""
    if not rows:
        return f'<p class="empty" id="{table_id}">Nothing to show.</p>'
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    paged = len(rows) > page_rows
    body = "".join(f"<tr>{''.join(td(c) for c in r)}</tr>" for r in (rows[:page_rows] if paged else rows))
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    data = f' data-rows="{table_id}-rows" data-total="{len(rows)}"' if paged else ""
    table = (
        f'<table class="{classes}" id="{table_id}"{data}>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )
    return table + (json_script(f"{table_id}-rows", [list(r) for r in rows]) if paged else "")


def frame_table(
    frame: Any,
    *,
    table_id: str,
    link: Link,
    columns: Sequence[str] | None = None,
    doc_columns: Sequence[str] = ("doc_id", "doc_a", "doc_b", "parent_id"),
    limit: int | None = None,
) -> str:
    """A DataFrame as a grid; columns naming documents link to their pages."""
    if frame is None or frame.empty:
        return f'<p class="empty" id="{table_id}">Nothing to show.</p>'
    cols = [c for c in (columns or frame.columns) if c in frame.columns]
    rows = []
    for rec in (
        frame[cols].head(limit).itertuples(index=False) if limit else frame[cols].itertuples(index=False)
    ):
        rows.append(
            [doc_cell(v, link) if c in doc_columns else cell(v) for c, v in zip(cols, rec, strict=True)]
        )
    return grid(rows, cols, table_id=table_id)


TASK_HEADERS = ("#", "task", "lead", "co", "deadline", "due", "kind", "document", "clause")


def task_table(rows: Sequence[TaskRow], link: Link) -> str:
    """The task list: one row per task, the task text linked to its clause in the document page."""
    grid_rows = []
    for row in rows:
        href = link(row.doc_id)
        grid_rows.append(
            [
                cell(row.seq),
                long_cell(row.text, f"{href}#task-{row.task_id}" if href else None),
                cell(row.lead),
                cell("、".join(row.co)),
                cell(row.deadline_text),
                cell(row.due_date.isoformat() if row.due_date else None),
                cell(row.kind_words),
                doc_cell(row.doc_id, link, row.doc_number or row.doc_title or row.doc_id),
                cell(row.clause_label),
            ]
        )
    return grid(grid_rows, TASK_HEADERS, table_id="tasks-table")


def diff_pieces(a: str, b: str) -> tuple[list[Any], list[Any]]:
    """Both passages as cell pieces, the characters that differ as ``mark.diff`` pieces."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out_a: list[Any] = []
    out_b: list[Any] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pa, pb = a[i1:i2], b[j1:j2]
        if op == "equal":
            out_a.append(pa)
            out_b.append(pb)
            continue
        if pa:
            out_a.append({"e": "mark", "c": "diff", "t": pa})
        if pb:
            out_b.append({"e": "mark", "c": "diff", "t": pb})
    return out_a, out_b


def diff_pair(a: str, b: str) -> tuple[str, str]:
    """Both passages escaped, the characters that differ wrapped in ``<mark class="diff">``."""
    pieces_a, pieces_b = diff_pieces(a, b)
    return text_html(pieces_a), text_html(pieces_b)


def text_html(pieces: list[Any]) -> str:
    """Cell pieces as the escaped HTML inside their cell (what :func:`.cells.td` writes)."""
    out = td({"k": pieces})
    return out[len("<td>") : -len("</td>")]


def _passage(doc: Any, start: Any, end: Any, text: list[Any], link: Link) -> Cell:
    """One side of an aligned pair: the document (linked) and its offsets above the marked text."""
    href = link(str(doc))
    name: Any = {"e": "a", "h": href, "t": str(doc)} if href else str(doc)
    return {"c": "passage", "k": [{"e": "div", "c": "src", "k": [name, f" [{start}:{end}]"]}, *text]}


def reuse_pairs_html(pairs: Any, link: Link, *, limit: int = 300) -> str:
    """The aligned passages side by side, edited ones first, their differences marked."""
    if pairs is None or pairs.empty:
        return '<p class="empty" id="reuse-pairs">No reused passages found.</p>'
    # edited passages (a target changed, a deadline moved) first, then the longest
    order = pairs.assign(_copied=pairs["label"] == "copied", _len=pairs["a_end"] - pairs["a_start"])
    shown = order.sort_values(["_copied", "_len"], ascending=[True, False]).head(limit)
    rows = []
    for p in shown.itertuples(index=False):
        a, b = diff_pieces(str(p.a_text), str(p.b_text))
        label: list[Any] = [str(p.label)]
        if isinstance(p.detail, str) and p.detail:
            label.append({"e": "small", "c": "detail", "t": p.detail})
        rows.append(
            [
                _passage(p.doc_a, p.a_start, p.a_end, a, link),
                _passage(p.doc_b, p.b_start, p.b_end, b, link),
                {"t": f"{p.similarity:.2f}", "v": float(p.similarity)},
                {"k": label},
            ]
        )
    out = grid(rows, ("A", "B", "similarity", "label"), table_id="reuse-pairs", classes="grid pairs")
    if len(pairs) > limit:
        out += f"<p>{limit} of {len(pairs)} passages shown; reuse_pairs.csv of compare holds all.</p>"
    return out
