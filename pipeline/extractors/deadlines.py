"""Deadlines: dates (到2025年, 2023年底前, 6月底前, 十四五期间), recurrences (每年, 5年一周期) and
ongoing duties (长期坚持 in a deadline table cell).

In body text a year counts only with a deadline marker: a lead 到/至 or a tail 底/末/前/内 (so the
2035年远景目标, a 2019年 history sentence or a 文号 year are not deadlines). A deadline table cell is always
parsed as a deadline (a bare 2021年 there means 2021-12-31). Relative dates (6月底前, 年底前) are resolved
against ``ctx.meta.date``; without it ``due_date`` is None.
"""

from __future__ import annotations

import bisect
import logging

from pipeline.context import DocContext
from pipeline.extractors.deadline_forms import Found, find_deadlines, parse_deadline_expression
from pipeline.models import Deadline, TableRow

__all__ = ["Found", "deadline_for", "find_deadlines", "parse_deadline_expression", "run", "window_at"]

logger = logging.getLogger(__name__)

# How far into a clause a deadline may start and still govern the whole clause (label + 力争).
OPENING_WINDOW = 12


def run(ctx: DocContext) -> None:
    """Find the deadlines of ``ctx`` (sentences and deadline table cells) into ``ctx.deadlines``."""
    ref = ctx.meta.date
    found: dict[tuple[int, int], tuple[str | None, str, str | None, str | None]] = {}
    for s, e, kind, due, rec in find_deadlines(ctx.text, ref):  # one pass over the whole text
        win = window_at(ctx, s)
        if win is not None and e <= win[1]:
            found[(s, e)] = (win[3], kind, due, rec)
    body = sorted(found)  # body readings by start, to find those a cell overlaps by bisection
    starts = [k[0] for k in body]
    longest = max((e - s for s, e in body), default=0)
    for row in ctx.table_rows:
        cell = row.cell("deadline")
        if cell is None or not cell.text.strip():
            continue
        in_cell: list[tuple[int, int]] = []
        for s, e, kind, due, rec in find_deadlines(cell.text, ref, cell=True):
            key = (cell.start + s, cell.start + e)
            # the overlapping body readings start in (key start - longest, key end)
            lo = bisect.bisect_right(starts, key[0] - longest)
            near = body[lo : bisect.bisect_left(starts, key[1])]
            for other in [k for k in (*near, *in_cell) if k[0] < key[1] and key[0] < k[1]]:
                found.pop(other, None)  # the cell reading wins over a body reading of the same characters
            found[key] = (row.clause_id, kind, due, rec)
            in_cell.append(key)
    ctx.deadlines = [
        Deadline(f"d{i}", clause_id, ctx.text[s:e], s, e, kind, due, rec)
        for i, ((s, e), (clause_id, kind, due, rec)) in enumerate(sorted(found.items()), start=1)
    ]
    ctx.memo.deadline_index = None
    logger.debug("%d deadlines", len(ctx.deadlines))


# ---- which deadline governs a span ------------------------------------------------------------------
def _index(ctx: DocContext) -> dict:
    idx = ctx.memo.deadline_index
    if idx is None or idx["n"] != len(ctx.deadlines) or idx["rows"] != len(ctx.table_rows):
        rows = sorted(
            (
                (min(c.start for c in r.cells), max(c.end for c in r.cells), r)
                for r in ctx.table_rows
                if r.cells
            ),
            key=lambda t: t[0],
        )
        idx = ctx.memo.deadline_index = {
            "n": len(ctx.deadlines),
            "rows": len(ctx.table_rows),
            "starts": [d.start for d in ctx.deadlines],
            "by_start": {d.start: d for d in ctx.deadlines},
            "row_starts": [r[0] for r in rows],
            "row_spans": rows,
        }
    return idx


def _row_at(ctx: DocContext, offset: int) -> TableRow | None:
    idx = _index(ctx)
    i = bisect.bisect_right(idx["row_starts"], offset) - 1
    if i >= 0 and idx["row_spans"][i][0] <= offset < idx["row_spans"][i][1]:
        return idx["row_spans"][i][2]
    return None


def window_at(ctx: DocContext, offset: int) -> tuple[int, int, str | None, str | None] | None:
    """``(start, end, sentence_id, clause_id)`` of the sentence at ``offset``, or None (the stage needs the
    sentences of the structure stage: :data:`pipeline.components.STAGES`)."""
    sent = ctx.sentence_at(offset)
    if sent is not None:
        return sent.start, sent.end, sent.sentence_id, sent.clause_id
    return None


def deadline_for(ctx: DocContext, start: int, end: int) -> str | None:
    """The ``deadline_id`` governing ``text[start:end]``, or None.

    Order: a deadline in the same sentence (nearest preceding, else nearest following); else the
    deadline cell of the enclosing table row; else a deadline opening the enclosing clause or one of
    its ancestors (a bullet beginning 力争到2025年 governs its sentences).
    """
    if not ctx.deadlines:
        return None
    idx = _index(ctx)
    starts = idx["starts"]
    row = _row_at(ctx, start)
    win = window_at(ctx, start)
    clause_id = None
    if win is not None:
        w_start, w_end, _sid, clause_id = win
        i = bisect.bisect_right(starts, start) - 1
        while i >= 0 and ctx.deadlines[i].start >= w_start:
            if ctx.deadlines[i].end <= start:
                return ctx.deadlines[i].deadline_id
            i -= 1
        j = bisect.bisect_left(starts, end)
        if j < len(starts) and ctx.deadlines[j].start < w_end:
            return ctx.deadlines[j].deadline_id
    if row is not None:
        cell = row.cell("deadline")
        if cell is not None:
            j = bisect.bisect_left(starts, cell.start)
            if j < len(starts) and ctx.deadlines[j].start < cell.end:
                return ctx.deadlines[j].deadline_id
        clause_id = clause_id or row.clause_id
    for clause in ctx.ancestors(clause_id):
        j = bisect.bisect_left(starts, clause.start)
        d = ctx.deadlines[j] if j < len(starts) else None
        if (
            d is not None
            and d.start < min(clause.start + OPENING_WINDOW, clause.end)
            and not start <= d.start < end
        ):
            return d.deadline_id
        lead_in = _lead_in(ctx, clause)
        if lead_in is not None:
            j = bisect.bisect_left(starts, lead_in.start)
            if j < len(starts) and ctx.deadlines[j].start < lead_in.end:
                return ctx.deadlines[j].deadline_id
    return None


LIST_KINDS = ("bullet", "item")
LEAD_IN_REACH = 8  # siblings; a list introduced by a colon is rarely longer


def _lead_in(ctx: DocContext, clause) -> object | None:
    """The paragraph ending in a colon that introduces the list ``clause`` belongs to, if any.

    2025 年的主要目标是： followed by ——…, ——… bullets: the bullets are its siblings, not its children.
    The walk back passes over list members and the paragraphs between them (a bullet's continuation
    in text converted from PDF), at most ``LEAD_IN_REACH`` siblings.
    """
    if clause.kind not in (*LIST_KINDS, "paragraph"):
        return None
    siblings = _children(ctx).get(clause.parent_id, [])
    i = bisect.bisect_left([c.start for c in siblings], clause.start) - 1
    for sib in reversed(siblings[max(0, i - LEAD_IN_REACH + 1) : i + 1]):
        if sib.text.rstrip().endswith(("：", ":")):
            return sib
        if sib.kind not in (*LIST_KINDS, "paragraph"):
            return None
    return None


def _children(ctx: DocContext) -> dict:
    key = (id(ctx.clauses), len(ctx.clauses))
    cached = ctx.memo.deadline_children
    if cached is None or cached[0] != key:
        children: dict = {}
        for c in sorted(ctx.clauses, key=lambda c: c.start):
            children.setdefault(c.parent_id, []).append(c)
        cached = ctx.memo.deadline_children = (key, children)
    return cached[1]
