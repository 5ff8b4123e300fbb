"""HTML tables of the report: any DataFrame, the task list and the reuse pairs side by side.

Every cell is escaped. Tables carry ``class="grid"``; ``report.js`` makes their headers sort and adds
a filter box above each. Numbers carry ``data-v`` so they sort as numbers.
"""

from __future__ import annotations

import difflib
import html
import math
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.export.tasks_table import TaskRow

esc = html.escape
Link = Callable[[str], str | None]  # doc_id -> href of its page (None: no page)


def cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "<td></td>"
    if isinstance(value, bool):
        return f"<td>{value}</td>"
    if isinstance(value, int | float):
        shown = f"{value:.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        return f'<td class="num" data-v="{value}">{shown}</td>'
    return f"<td>{esc(str(value))}</td>"


def doc_cell(doc_id: Any, link: Link, label: str | None = None) -> str:
    href = link(str(doc_id))
    shown = esc(label or str(doc_id))
    return f'<td><a href="{esc(href)}">{shown}</a></td>' if href else f"<td>{shown}</td>"


def grid(
    rows: Sequence[Sequence[str]], headers: Sequence[str], *, table_id: str, caption: str | None = None
) -> str:
    """A sortable, filterable table of ready cells (each an escaped ``<td>…</td>``)."""
    if not rows:
        return f'<p class="empty" id="{table_id}">Nothing to show.</p>'
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(f"<tr>{''.join(r)}</tr>" for r in rows)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table class="grid" id="{table_id}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


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
    cells = []
    for row in rows:
        href = link(row.doc_id)
        anchor = f"{href}#task-{row.task_id}" if href else None
        task = f'<a href="{esc(anchor)}">{esc(row.text)}</a>' if anchor else esc(row.text)
        cells.append(
            [
                cell(row.seq),
                f'<td class="long">{task}</td>',
                cell(row.lead),
                cell("、".join(row.co)),
                cell(row.deadline_text),
                cell(row.due_date.isoformat() if row.due_date else None),
                cell(row.kind_words),
                doc_cell(row.doc_id, link, row.doc_number or row.doc_title or row.doc_id),
                cell(row.clause_label),
            ]
        )
    return grid(cells, TASK_HEADERS, table_id="tasks-table")


def diff_pair(a: str, b: str) -> tuple[str, str]:
    """Both passages escaped, the characters that differ wrapped in ``<mark class="diff">``."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out_a: list[str] = []
    out_b: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pa, pb = esc(a[i1:i2]), esc(b[j1:j2])
        if op == "equal":
            out_a.append(pa)
            out_b.append(pb)
            continue
        if pa:
            out_a.append(f'<mark class="diff">{pa}</mark>')
        if pb:
            out_b.append(f'<mark class="diff">{pb}</mark>')
    return "".join(out_a), "".join(out_b)


def reuse_pairs_html(pairs: Any, link: Link, *, limit: int = 300) -> str:
    """The aligned passages side by side, edited ones first, their differences marked."""
    if pairs is None or pairs.empty:
        return '<p class="empty" id="reuse-pairs">No reused passages found.</p>'
    # edited passages (a target changed, a deadline moved) first, then the longest
    order = pairs.assign(_copied=pairs["label"] == "copied", _len=pairs["a_end"] - pairs["a_start"])
    shown = order.sort_values(["_copied", "_len"], ascending=[True, False]).head(limit)
    out = [
        '<table class="grid pairs" id="reuse-pairs"><thead><tr><th>A</th><th>B</th>'
        "<th>similarity</th><th>label</th></tr></thead><tbody>"
    ]
    for p in shown.itertuples(index=False):
        a, b = diff_pair(str(p.a_text), str(p.b_text))
        href_a, href_b = link(str(p.doc_a)), link(str(p.doc_b))
        head_a = f'<a href="{esc(href_a or "")}">{esc(str(p.doc_a))}</a> [{p.a_start}:{p.a_end}]'
        head_b = f'<a href="{esc(href_b or "")}">{esc(str(p.doc_b))}</a> [{p.b_start}:{p.b_end}]'
        detail = f"<br><small>{esc(str(p.detail))}</small>" if isinstance(p.detail, str) and p.detail else ""
        out.append(
            f'<tr><td class="passage"><div class="src">{head_a}</div>{a}</td>'
            f'<td class="passage"><div class="src">{head_b}</div>{b}</td>'
            f'<td class="num" data-v="{p.similarity}">{p.similarity:.2f}</td>'
            f"<td>{esc(str(p.label))}{detail}</td></tr>"
        )
    out.append("</tbody></table>")
    if len(pairs) > limit:
        out.append(f"<p>{limit} of {len(pairs)} passages shown; reuse_pairs.csv of compare holds all.</p>")
    return "".join(out)
