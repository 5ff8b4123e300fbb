"""The rows of a task list over many documents: one row per task, with its source document and clause.

Every writer (xlsx, docx, ics, csv, md) renders the same :class:`TaskRow` s. Departments are shown by
their canonical name in the document's region (市教育局 in a 庆阳市 document -> 庆阳市教育局), the lead
first; the deadline as written, its parsed due date and its kind in words (``tasklist_labels.json``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from pipeline.errors import ParameterError
from pipeline.export.batch_outputs import neutralise
from pipeline.models import Clause, PolicyRecord, Region, Task
from pipeline.resources import load_json
from pipeline.text.pieces import XML_CONTROL_CHARS

DURATION = re.compile(r"^P(\d+)([YMWD])$")
# Characters XML (xlsx, docx) cannot hold; stripped from rendered text, with surrounding whitespace.
_CONTROL = re.compile(f"[{XML_CONTROL_CHARS}]")


@cache
def labels() -> dict[str, Any]:
    """Column headers, kind words, 进度 states, sheet names and titles (``tasklist_labels.json``)."""
    return load_json("tasklist_labels.json")


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One task of the list, ready to render."""

    seq: int
    doc_id: str
    doc_title: str | None
    doc_number: str | None
    doc_date: str | None
    task_id: str
    text: str
    lead: str | None
    co: tuple[str, ...]
    written: tuple[str, ...]
    deadline_text: str | None
    kind: str | None
    due_date: date | None
    recurrence: str | None
    clause_ids: tuple[str, ...]
    link_clause: str
    link_label: str
    clause_label: str
    clause_text: str
    source: str | None
    region: Region = dataclasses.field(default_factory=Region)
    key: str = ""
    reached: tuple[str, ...] = ()  # lead, co-units, and the governments a group recipient stands for
    horizon: date | None = None  # the plan's last day: recurring tasks end there
    annex: str | None = None  # the label of the annex whose table row the task is (附件2)

    @property
    def document_label(self) -> str:
        """``title（文号）``, or whichever of the two is known."""
        title = self.doc_title or labels()["untitled"]
        return f"{title}（{self.doc_number}）" if self.doc_number else title

    @property
    def kind_words(self) -> str:
        """The deadline kind in words: 限期完成, 长期坚持, 每年, 每季度 …; empty when unknown."""
        if self.kind == "recurring":
            return recurrence_words(self.recurrence)
        return labels()["kind_words"].get(self.kind or "", "")

    @property
    def departments(self) -> tuple[str, ...]:
        """Canonical lead then co departments."""
        return ((self.lead,) if self.lead else ()) + self.co


def recurrence_words(duration: str | None) -> str:
    """``P1Y`` -> 每年, ``P3M`` -> 每季度, ``P5Y`` -> 每5年 (units from ``tasklist_labels.json``)."""
    lab = labels()
    if not duration:
        return ""
    if duration in lab["recurrence_words"]:
        return lab["recurrence_words"][duration]
    m = DURATION.match(duration)
    if not m:
        return duration
    return lab["recurrence_fallback"].format(n=m.group(1), unit=lab["duration_units"][m.group(2)])


def clean_text(text: str | None) -> str:
    """``text`` fit for a cell: line breaks as ``\\n``, no control characters XML forbids, no surrounding
    (full-width) spaces. A bare ``\\r`` would become a different break in each format (docx reads it back
    as a line break, xlsx keeps it), so every line ending is normalised first."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def parse_date_option(value: str | date | None, name: str) -> date | None:
    """A date parameter (``due_before="2023-12-31"``) as a date; a clear error naming ``name`` else."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ParameterError(
            f"{{{name}}}: {value!r} is not a date; expected YYYY-MM-DD, e.g. 2023-12-31", name
        ) from None


def check_date_filters(
    due_before: str | date | None, due_after: str | date | None
) -> tuple[date | None, date | None]:
    """Both date filters parsed; an error when either is not a date or they exclude every date."""
    before = parse_date_option(due_before, "due_before")
    after = parse_date_option(due_after, "due_after")
    if before and after and after > before:
        raise ParameterError(
            f"{{due_after}} {after} is later than {{due_before}} {before}: no task can match",
            "due_after",
            "due_before",
        )
    return before, after


def _clause_label(clause: Clause, clauses: dict[str, Clause]) -> str:
    if clause.kind == "table_row":
        parent = clauses.get(clause.parent_id or "")
        annex = (parent.label if parent and parent.label else "") or ""
        return labels()["annex_row"].format(annex=annex, row=clause.label or clause.clause_id)
    return f"{clause.label or ''}{clause.heading or ''}".strip() or clause.clause_id


def _row(rec: PolicyRecord, task: Task, clauses: dict[str, Clause], seq: int, extra: dict) -> TaskRow:
    # start-up: `import pipeline` (and --help) loads this module but not the extractors
    from pipeline.extractors.deadlines import parse_deadline_expression
    from pipeline.extractors.departments import canonicalize

    region = rec.document.region
    canon = [canonicalize(name, region)[0] for name in task.departments]
    lead = canonicalize(task.lead_department, region)[0] if task.lead_department else None
    co = tuple(dict.fromkeys(c for c in canon if c != lead))
    recurrence = None
    if task.deadline_kind == "recurring" and task.deadline_text:
        parsed = parse_deadline_expression(task.deadline_text, rec.document.date)
        recurrence = parsed[2] if parsed else None
    found = [clauses[c] for c in task.clause_ids if c in clauses]
    # The clause to link to: the body clause an annex row restates (its text reads as prose), else its own.
    link = next((c for c in found if c.kind != "table_row"), found[0] if found else None)
    return TaskRow(
        seq=seq,
        doc_id=rec.document.doc_id,
        doc_title=clean_text(rec.document.title) or None,
        doc_number=rec.document.doc_number,
        doc_date=rec.document.date,
        task_id=task.task_id,
        text=clean_text(task.text),
        lead=lead,
        co=co,
        written=task.departments,
        deadline_text=task.deadline_text,
        kind=task.deadline_kind,
        due_date=date.fromisoformat(task.due_date) if task.due_date else None,
        recurrence=recurrence,
        clause_ids=task.clause_ids,
        link_clause=link.clause_id if link else task.task_id,
        link_label=_clause_label(link, clauses) if link else "",
        clause_label="；".join(_clause_label(c, clauses) for c in found),
        clause_text=clean_text(link.text if link else task.text),
        source=rec.document.source,
        region=region,
        key=extra["keys"].get(task.task_id, ""),
        reached=_reached(lead, co, task.departments, region),
        horizon=extra["horizon"],
        annex=_annex_label(found[0], clauses) if found else None,
    )


def _annex_label(clause: Clause, clauses: dict[str, Clause]) -> str | None:
    parent = clauses.get(clause.parent_id or "") if clause.kind == "table_row" else None
    return (parent.label or None) if parent else None


def _reached(
    lead: str | None, co: tuple[str, ...], written: tuple[str, ...], region: Region
) -> tuple[str, ...]:
    # start-up: tasks_keys loads the extractors, which `import pipeline` does not
    from pipeline.export.tasks_keys import division_units

    units = [*((lead,) if lead else ()), *co]
    for name in written:
        units.extend(division_units(name, region))
    return tuple(dict.fromkeys(units))


def leads_or_shares(row: TaskRow, department: str) -> bool:
    """Whether ``department`` (canonical or as written, e.g. 市教育局) leads or shares the task, directly or
    through a group recipient (环县人民政府 shares the tasks of 各县(区)政府 in a 庆阳市 document)."""
    # start-up: `import pipeline` loads this module but not the extractors
    from pipeline.extractors.departments import canonicalize

    name = department.strip()
    canonical = canonicalize(name, row.region)[0]
    return name in row.written or canonical in row.departments or bool({name, canonical} & set(row.reached))


def task_rows(
    records: Iterable[PolicyRecord] | PolicyRecord,
    *,
    department: str | None = None,
    due_before: str | date | None = None,
    due_after: str | date | None = None,
) -> list[TaskRow]:
    """The rows of every task of ``records``, in document order, numbered 1..n after filtering.

    Args:
        department: keep the tasks this department leads or shares (canonical or as written).
        due_before: keep the tasks due on or before this date (tasks without a due date are dropped).
        due_after: keep the tasks due on or after this date (tasks without a due date are dropped).
    """
    before, after = check_date_filters(due_before, due_after)
    if isinstance(records, PolicyRecord):
        records = [records]
    rows: list[TaskRow] = []
    for rec in records:
        # start-up: tasks_keys loads the extractors, which `import pipeline` does not
        from pipeline.export.tasks_keys import horizon, task_keys

        clauses = {c.clause_id: c for c in rec.clauses}
        extra = {"keys": task_keys(rec), "horizon": horizon(rec)}
        for task in rec.tasks:
            row = _row(rec, task, clauses, len(rows) + 1, extra)
            if department and not leads_or_shares(row, department):
                continue
            if (before or after) and row.due_date is None:
                continue
            if (before and row.due_date > before) or (after and row.due_date < after):
                continue
            rows.append(row)
    return rows


def text_cell(value: str | None) -> str:
    """Text for a formula-capable cell: one starting with = + - @ gets a leading apostrophe (CSV)."""
    return neutralise(value or "")
