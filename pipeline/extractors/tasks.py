"""Tasks: the work items of a document, from its responsibility table and from its task chapter.

* **annex tasks**: every row of a task table, i.e. a table with a ``task`` column and a ``departments``
  or ``lead`` column (附件2 工作任务清单). A table without a responsibility column (附件1 政策支持清单:
  序号 | 政策内容) lists policies, not tasks, and gives none. ``departments`` are the names as written,
  lead column first then co column; ``deadline_kind``/``due_date`` come from the deadline cell read by
  ``pipeline.extractors.deadlines.parse_deadline_expression`` with the document date as reference.
* **body tasks** (one 台账): every assignment group of the body no annex row restates (
  :mod:`pipeline.extractors.task_assignments`: lead, co-units, deadline; two groups -> two tasks), every
  numbered item under a part whose heading holds a word of ``task_headings.txt`` (三、主要任务) that has no
  group (a part without items gives its sections), and the rhythm obligations of 组织实施 (recurring).
* **linking**: an annex task restates body text; its ``clause_ids`` are its own row clause followed by
  the body clauses whose sentences are similar (:data:`LINK_THRESHOLD`). A body clause an annex row
  restates is attached to that row this way and is not listed again as a body task.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from functools import cache

from pipeline.context import DocContext
from pipeline.extractors import actor_patterns as rx
from pipeline.extractors import task_assignments as ta
from pipeline.extractors.deadlines import parse_deadline_expression
from pipeline.extractors.departments import cell_departments
from pipeline.extractors.similarity import BigramIndex
from pipeline.models import Clause, Task
from pipeline.resources import load_lines

log = logging.getLogger(__name__)

# Similarity (rapidfuzz partial_ratio, 0-100) of an annex task sentence and a body sentence above which
# the annex task restates the body sentence. On Qingyang 附件2, the 18 true restatements score 61-100
# (task 5 and item 13 on 1+X: 65; task 4 and item 9: 68) while the best unrelated pairs score 46-52
# (task 2 vs the 容错纠错 section, task 20 vs item 15).
LINK_THRESHOLD = 60.0
# Sentences shorter than this (headings such as 4.严格执行招生政策。) match too easily to link on.
MIN_LINK_CHARS = 12
# Item headings shorter than this (加强领导) are too generic to be found abbreviated in an annex row.
MIN_HEADING_CHARS = 6
BODY_KINDS = frozenset({"part", "section", "item", "bullet", "paragraph"})
SUB_SENTENCE = re.compile(r"[^。；;！？!?]+")


@cache
def _heading_regex() -> re.Pattern[str]:
    return rx.word_regex(load_lines("task_headings.txt"))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of ``text[start:end]`` without surrounding whitespace and table bars."""
    while start < end and (text[start].isspace() or text[start] in "|｜"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "|｜"):
        end -= 1
    return start, end


def is_task_row(row) -> bool:
    """A row of a task table: it has a task cell and a responsibility cell."""
    has_resp = any(row.cell(c) is not None for c in ("departments", "lead", "co"))
    return row.cell("task") is not None and has_resp


def annex_tasks(ctx: DocContext) -> list[Task]:
    """One task per row of every task table, in document order."""
    out: list[Task] = []
    for row in ctx.table_rows:
        if not is_task_row(row):
            continue
        cell = row.cell("task")
        start, end = _trim(ctx.text, cell.start, cell.end)
        found = cell_departments(row)
        names = [name for name, *_ in found]
        lead = next((name for name, _s, _e, role in found if role == "lead"), None)
        number_cell = row.cell("number")
        number = rx.WHITESPACE.sub("", number_cell.text).strip("|｜") if number_cell else None
        deadline_cell = row.cell("deadline")
        deadline_text = rx.WHITESPACE.sub("", deadline_cell.text).strip("|｜") if deadline_cell else None
        kind = due = None
        if deadline_text:
            parsed = parse_deadline_expression(deadline_text, ctx.meta.date)
            if parsed is not None:
                kind, due = parsed[0], parsed[1]
        out.append(
            Task(
                task_id=f"A{len(out) + 1}",
                source="annex",
                number=number or None,
                text=ctx.text[start:end],
                departments=tuple(dict.fromkeys(names)),
                lead_department=lead,
                deadline_text=deadline_text or None,
                deadline_kind=kind,
                due_date=due,
                clause_ids=(row.clause_id,),
                start=start,
                end=end,
            )
        )
    return out


def task_clauses(ctx: DocContext) -> list[Clause]:
    """Body clauses that are tasks: items (else sections) under a part headed 主要任务 and the like."""
    heading_re = _heading_regex()
    parts = {
        c.clause_id
        for c in ctx.clauses
        if c.kind == "part" and heading_re.search(rx.WHITESPACE.sub("", c.heading or c.text[:40]))
    }
    if not parts:
        return []
    by_kind: dict[str, list[Clause]] = {"item": [], "section": []}
    for c in ctx.clauses:
        if c.kind in by_kind and any(a.clause_id in parts for a in ctx.ancestors(c.parent_id)):
            by_kind[c.kind].append(c)
    return by_kind["item"] or by_kind["section"]


def _body_sentences(ctx: DocContext) -> list[tuple[str, str, str]]:
    """``(clause_id, normalised text, text)`` of body sentences long enough to link on."""
    kinds = {c.clause_id: c.kind for c in ctx.clauses}
    out = []
    for s in ctx.sentences:
        if kinds.get(s.clause_id) not in BODY_KINDS:
            continue
        norm = rx.WHITESPACE.sub("", s.text)
        for m in SUB_SENTENCE.finditer(norm):
            if len(m.group()) >= MIN_LINK_CHARS:
                out.append((s.clause_id, m.group(), s.text))
    return out


def link(annex: list[Task], ctx: DocContext) -> dict[str, list[tuple[str, float]]]:
    """For each annex task id, the body clause ids it restates with their best score, best first.

    Only the pairs the bigram index finds plausible are scored (:mod:`pipeline.extractors.similarity`),
    so the cost grows with the document, not with annex rows times body sentences.
    """
    body = _body_sentences(ctx)
    index = BigramIndex([norm for _cid, norm, _text in body])
    links: dict[str, list[tuple[str, float]]] = {}
    for task in annex:
        best: dict[str, float] = {}
        for piece in SUB_SENTENCE.findall(rx.WHITESPACE.sub("", task.text)):
            if len(piece) < MIN_LINK_CHARS:
                continue
            for pos, score in index.matches(piece, LINK_THRESHOLD):
                clause_id = body[pos][0]
                if score > best.get(clause_id, 0.0):
                    best[clause_id] = score
        links[task.task_id] = sorted(best.items(), key=lambda kv: -kv[1])
    return links


def _covered(ctx: DocContext, links: dict[str, list[tuple[str, float]]]) -> set[str]:
    """Body clauses an annex row restates, with their ancestors (the item of a restated sentence)."""
    out: set[str] = set()
    for pairs in links.values():
        for clause_id, _score in pairs:
            out.update(a.clause_id for a in ctx.ancestors(clause_id))
    return out


def in_window(short: str, text: str, window: int) -> bool:
    """Whether ``short``'s characters occur in order inside ``window`` characters of ``text``: an item
    heading abbreviated in an annex row (建设庆阳职教园区 in 建设庆阳市职业教育园区).

    From each occurrence of the first character, each next character is the earliest one after the
    last (greedy, which finds an in-order match whenever one exists in the window)."""
    if not short:
        return True
    start = text.find(short[0])
    while start >= 0:
        limit, j = min(len(text), start + window), start + 1
        for ch in short[1:]:
            j = text.find(ch, j, limit)
            if j < 0:
                break
            j += 1
        else:
            return True
        start = text.find(short[0], start + 1)
    return False


def heading_links(ctx: DocContext, annex: list[Task]) -> dict[str, list[tuple[str, float]]]:
    """Items whose heading (at least :data:`MIN_HEADING_CHARS`) an annex row abbreviates within twice
    its length: ``annex task id -> [(clause id, 100.0)]``, added to the sentence links.

    Only the rows holding every character of a heading are tried (an index of the rows' characters):
    the cost grows with the links found, not with items times rows."""
    rows = [rx.WHITESPACE.sub("", task.text) for task in annex]
    holding: dict[str, set[int]] = {}
    for n, row in enumerate(rows):
        for ch in set(row):
            holding.setdefault(ch, set()).add(n)
    out: dict[str, list[tuple[str, float]]] = {}
    for clause in ctx.clauses:
        heading = rx.WHITESPACE.sub("", clause.heading or "").strip("。.")
        if clause.kind != "item" or len(heading) < MIN_HEADING_CHARS:
            continue
        candidates = set.intersection(*(holding.get(ch, set()) for ch in set(heading)))
        for n in sorted(candidates):
            if in_window(heading, rows[n], 2 * len(heading)):
                out.setdefault(annex[n].task_id, []).append((clause.clause_id, 100.0))
    return out


def _heading_tasks(ctx: DocContext, skip: set[str], spans: list[tuple[int, int]]) -> list[Task]:
    """Items (else sections) under a task heading that no annex row restates and no group assigns."""
    out = []
    for clause in task_clauses(ctx):
        if clause.clause_id in skip or any(clause.start <= s < clause.end for s, _e in spans):
            continue
        start, end = _trim(ctx.text, clause.start, clause.end)
        d = ta.deadline_in(ctx, start, end)
        out.append(
            Task(
                task_id="B",
                source="body",
                number=ta.label_number(clause.label),
                text=ctx.text[start:end],
                deadline_text=d.text if d else None,
                deadline_kind=d.kind if d else None,
                due_date=d.due_date if d else None,
                clause_ids=(clause.clause_id,),
                start=start,
                end=end,
            )
        )
    return out


def body_tasks(ctx: DocContext, links: dict[str, list[tuple[str, float]]]) -> list[Task]:
    """Body tasks no annex row covers: assignment groups, task-heading items without a group, and the
    rhythm obligations of 组织实施, in text order, ids ``B1`` … (:mod:`.task_assignments`)."""
    covered = _covered(ctx, links)
    groups = ta.find_groups(ctx)
    assigned = [t for t in ta.assignment_tasks(ctx, groups) if not covered.intersection(t.clause_ids)]
    spans = [(g.start, g.end) for g in groups] + [(t.start, t.end) for t in assigned]
    found = assigned + _heading_tasks(ctx, covered, spans)
    taken = [(t.start, t.end) for t in found]
    for t in ta.rhythm_tasks(ctx):
        if not any(s <= t.start < e or t.start <= s < t.end for s, e in taken):
            found.append(t)
    found.sort(key=lambda t: t.start)
    return [dataclasses.replace(t, task_id=f"B{i}") for i, t in enumerate(found, start=1)]


def run(ctx: DocContext) -> None:
    """Fill ``ctx.tasks``: annex tasks (linked to the body clauses they restate), then body tasks."""
    annex = annex_tasks(ctx)
    links = link(annex, ctx) if annex else {}
    for task_id, pairs in (heading_links(ctx, annex) if annex else {}).items():
        known = {cid for cid, _s in links.get(task_id, ())}
        links.setdefault(task_id, []).extend(p for p in pairs if p[0] not in known)
    linked = [
        dataclasses.replace(t, clause_ids=(*t.clause_ids, *(cid for cid, _s in links.get(t.task_id, ()))))
        for t in annex
    ]
    ctx.tasks.extend(linked)
    ctx.tasks.extend(body_tasks(ctx, links))
    log.debug("tasks: %d annex, %d body", len(annex), len(ctx.tasks) - len(annex))
