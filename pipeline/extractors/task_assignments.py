"""Body task assignments: the units written with an item, （省教育厅牵头，省财政厅配合）, and the task they own.

A **group** is one of (vocabulary in ``task_assignments.json``):

* a parenthetical note whose pieces (split on ，；,;) open with a role label (牵头单位：A；责任单位：B) or end
  in a role word (A牵头 / B配合 / C负责, 按职责分工负责);
* ``由X负责`` in running text (X one or more units);
* a line of its own that opens with a label (责任单位：市经济信息委、市发展改革委) right after a task.

Units are the department mentions of the departments stage inside the group, in written order (collective
words such as 各有关部门 name no unit and are not mentions). The lead is the first unit written as 牵头
(label or word), else the first unit listed; the others are co-units. The deadline is a time piece of the
group itself (6月底完成, 长期坚持), else the deadline of the task's own text (:func:`deadline_in`): 年底前 or
6月底 resolve in the document's year, 每年 is recurring.

The task of a group is the text from the start of its clause (or the end of the previous group in the same
clause) to the group's end: an item with two groups gives two tasks, each with its own span.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from pipeline.context import DocContext
from pipeline.extractors import actor_patterns as rx
from pipeline.extractors.deadlines import parse_deadline_expression
from pipeline.models import Task
from pipeline.resources import load_json
from pipeline.text.pieces import HAN_CHARS, longest_first

PIECE_SPLIT = re.compile(r"[，,；;]")
PAREN = re.compile(r"[(（]([^()（）]{2,300})[)）]")
# Clause kinds a group's task may start at (the innermost one containing the group).
TASK_KINDS = ("item", "bullet", "section", "paragraph", "part")


@cache
def vocabulary() -> dict:
    return load_json("task_assignments.json")


@dataclass(frozen=True, slots=True)
class Group:
    """One assignment group: its span, its units ``(name, role)`` in order, and a deadline piece."""

    start: int
    end: int
    units: tuple[tuple[str, str], ...]
    deadline: tuple[str, str | None, str | None, str] | None  # kind, due, recurrence, text

    @property
    def lead(self) -> str | None:
        return next((n for n, r in self.units if r == "lead"), self.units[0][0] if self.units else None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n, _r in self.units))


@cache
def _role_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    voc = vocabulary()
    labels = {role: rx.alternation(tuple(words)) for role, words in voc["labels"].items()}
    tails = rx.alternation(tuple(voc["label_tails"]))
    label_re = re.compile(
        f"^(?:(?P<lead>{labels['lead']})|(?P<co>{labels['co']}|[{HAN_CHARS}]{{1,4}}(?:{tails})))[:：]"
    )
    words = longest_first(((w, r) for r, ws in voc["words"].items() for w in ws), by=lambda wr: wr[0])
    unit_tails = rx.alternation(tuple(voc["unit_tails"]))
    word_re = re.compile(
        "(?:"
        + "|".join(f"(?P<{r}{i}>{re.escape(w)})" for i, (w, r) in enumerate(words))
        + f")(?:{unit_tails})?$"
    )
    line_re = re.compile(
        rf"^[ \t\u3000]*((?:{rx.alternation(tuple(voc['line_labels']))})[:：][^\n]{{2,200}})$", re.M
    )
    return label_re, word_re, line_re


def _piece_role(piece: str) -> str | None:
    """lead / co / own from the piece's opening label or closing word, else None."""
    label_re, word_re, _line = _role_regexes()
    m = label_re.match(piece)
    if m:
        return "lead" if m.group("lead") else "co"
    m = word_re.search(piece.rstrip("。"))
    if m:
        name = next(k for k, v in m.groupdict().items() if v)
        return name.rstrip("0123456789")
    return None


class _Units:
    """Department mentions of the document (from the departments stage), looked up by span."""

    def __init__(self, ctx: DocContext):
        self.mentions = sorted(ctx.departments, key=lambda d: d.start)
        self.starts = [d.start for d in self.mentions]

    def within(self, start: int, end: int) -> list[tuple[str, int]]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append((self.mentions[i].name, self.mentions[i].start))
            i += 1
        return out


def _pieces(text: str, start: int, end: int):
    pos = start
    for m in PIECE_SPLIT.finditer(text, start, end):
        yield pos, m.start()
        pos = m.end()
    yield pos, end


def parse_group(ctx: DocContext, units: _Units, start: int, end: int) -> Group | None:
    """The group written in ``text[start:end]`` (the inside of a note or a line), or None if none is."""
    text = ctx.text
    roles: list[tuple[str, list[str]]] = []
    deadline = None
    labelled = False
    for s, e in _pieces(text, start, end):
        piece = rx.WHITESPACE.sub("", text[s:e])
        if not piece:
            continue
        role = _piece_role(piece)
        found = [name for name, _pos in units.within(s, e)]
        if role is None:
            parsed = parse_deadline_expression(piece, ctx.meta.date) if not found else None
            if parsed is not None and deadline is None:
                deadline = (*parsed, piece)
                continue
            if found and labelled:  # 参加单位：济南市政府，省大数据局: a label governs up to the next one
                roles[-1][1].extend(found)
                continue
            if found:
                return None  # a piece naming units without a role word: not an assignment note
            continue
        labelled = _role_regexes()[0].match(piece) is not None
        roles.append((role, found))
    if not roles:
        return None
    has_lead = any(r == "lead" for r, _f in roles)
    out: list[tuple[str, str]] = []
    for role, found in roles:
        for name in found:
            if has_lead:
                out.append((name, "lead" if role == "lead" else "co"))
            else:  # no unit written as 牵头: the first listed leads
                out.append((name, "co" if out else "lead"))
    return Group(start, end, tuple(out), deadline)


def find_groups(ctx: DocContext) -> list[Group]:
    """Every assignment group of the document, in text order (table cells excluded)."""
    units = _Units(ctx)
    text = ctx.text
    rows = sorted(
        (min(c.start for c in r.cells), max(c.end for c in r.cells)) for r in ctx.table_rows if r.cells
    )
    row_starts = [s for s, _e in rows]

    def in_table(pos: int) -> bool:
        i = bisect.bisect_right(row_starts, pos) - 1
        return i >= 0 and rows[i][0] <= pos < rows[i][1]

    groups: list[Group] = []
    for m in PAREN.finditer(text):
        if not in_table(m.start()) and (g := parse_group(ctx, units, m.start(1), m.end(1))) is not None:
            groups.append(Group(m.start(), m.end(), g.units, g.deadline))
    _label, _word, line_re = _role_regexes()
    for m in line_re.finditer(text):
        if not in_table(m.start()) and (g := parse_group(ctx, units, m.start(1), m.end(1))) is not None:
            groups.append(Group(m.start(1), m.end(1), g.units, g.deadline))
    voc = vocabulary()["carrier"]
    carrier = re.compile(
        f"{voc['open']}([^，。；,;{voc['open']}]{{2,80}}?)(?:{rx.alternation(tuple(voc['close']))})"
    )
    taken = [(g.start, g.end) for g in groups]
    for m in carrier.finditer(text):
        if in_table(m.start()) or any(s <= m.start() < e for s, e in taken):
            continue
        found = units.within(m.start(1), m.end(1))
        if found and _only_units(text, m.start(1), m.end(1), found):
            names = tuple((n, "lead" if i == 0 else "co") for i, (n, _p) in enumerate(found))
            groups.append(Group(m.start(), m.end(), names, None))
    groups.sort(key=lambda g: g.start)
    return groups


def _only_units(text: str, start: int, end: int, found: list[tuple[str, int]]) -> bool:
    """Whether ``text[start:end]`` holds nothing but the units and separators (由省教育厅、省财政厅负责)."""
    rest = text[start:end]
    for name, _pos in found:
        rest = rest.replace(name, "", 1)
    return not rx.WHITESPACE.sub("", rest).strip("、和及与")


def deadline_in(ctx: DocContext, start: int, end: int):
    """The first deadline of the deadlines stage inside ``text[start:end]``, or None."""
    return next((d for d in ctx.deadlines if start <= d.start and d.end <= end), None)


# ---- tasks ---------------------------------------------------------------------------------------
def _task_start(ctx: DocContext, group: Group, floor: int) -> int:
    """Where the task of ``group`` starts: its clause's start, after the previous group of that clause."""
    clause = ctx.clause_at(group.start)
    start = clause.start if clause is not None else floor
    if not ctx.text[max(start, floor) : group.start].strip() and clause is not None:
        before = ctx.clause_at(max(0, clause.start - 1))  # a line of its own: the task is the line before
        if before is not None:
            start = before.start
    start = max(start, floor)
    while start < group.start and (ctx.text[start].isspace() or ctx.text[start] in "。；;，,"):
        start += 1
    return start


def label_number(label: str | None) -> str | None:
    """The number of an item label (1. -> 1, (十一) -> 十一), else None."""
    if not label:
        return None
    m = rx.LABEL_NUMBER.search(label)
    return m.group() if m else None


def assignment_tasks(ctx: DocContext, groups: list[Group] | None = None) -> list[Task]:
    """One body task per assignment group, in text order (ids ``G1``, ``G2`` …)."""
    groups = find_groups(ctx) if groups is None else groups
    out: list[Task] = []
    prev_end, per_clause = 0, {}
    for group in groups:
        start = _task_start(ctx, group, prev_end)
        prev_end = group.end
        clause = ctx.clause_at(start)
        clause_id = clause.clause_id if clause else None
        per_clause[clause_id] = per_clause.get(clause_id, 0) + 1
        number = label_number(clause.label) if clause else None
        if number and per_clause[clause_id] > 1:
            number = f"{number}-{per_clause[clause_id]}"
        kind = due = text_deadline = None
        if group.deadline is not None:
            kind, due, _rec, text_deadline = group.deadline
        elif (d := deadline_in(ctx, start, group.start)) is not None:
            kind, due, text_deadline = d.kind, d.due_date, d.text
        out.append(
            Task(
                task_id=f"G{len(out) + 1}",
                source="body",
                number=number,
                text=ctx.text[start : group.end],
                departments=group.names,
                lead_department=group.lead,
                deadline_text=text_deadline,
                deadline_kind=kind,
                due_date=due,
                clause_ids=(clause_id,) if clause_id else (),
                start=start,
                end=group.end,
            )
        )
    return out


@cache
def _organise_regex() -> tuple[re.Pattern[str], re.Pattern[str]]:
    voc = vocabulary()
    return rx.word_regex(tuple(voc["organise_headings"])), rx.word_regex(tuple(voc["rhythm"]))


def rhythm_tasks(ctx: DocContext) -> list[Task]:
    """Obligations with a rhythm in a part headed 组织实施 (每年至少召开两次会议): tasks with a recurrence.

    The unit is the last unit named in the sentence before the rhythm word, else the last one named
    earlier in the same clause (领导小组办公室设在市教育局。每年至少召开两次会议 -> 市教育局).
    """
    heading_re, rhythm_re = _organise_regex()
    parts = [
        c
        for c in ctx.clauses
        if c.kind == "part" and heading_re.search(rx.WHITESPACE.sub("", c.heading or c.text[:40]))
    ]
    if not parts:
        return []
    units = _Units(ctx)
    out: list[Task] = []
    for sent in ctx.sentences:
        if not any(p.start <= sent.start < p.end for p in parts) or not rhythm_re.search(sent.text):
            continue
        d = next(
            (d for d in ctx.deadlines if d.kind == "recurring" and sent.start <= d.start < sent.end), None
        )
        if d is None:
            continue
        clause = ctx.clause_at(sent.start)
        named = units.within(sent.start, d.start) or (
            units.within(clause.start, sent.start) if clause else []
        )
        lead = named[-1][0] if named else None
        out.append(
            Task(
                task_id=f"R{len(out) + 1}",
                source="body",
                number=label_number(clause.label) if clause else None,
                text=sent.text,
                departments=(lead,) if lead else (),
                lead_department=lead,
                deadline_text=d.text,
                deadline_kind=d.kind,
                due_date=d.due_date,
                clause_ids=(sent.clause_id,) if sent.clause_id else (),
                start=sent.start,
                end=sent.end,
            )
        )
    return out
