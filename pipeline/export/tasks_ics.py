"""Task deadlines as an iCalendar file (icalendar): one all-day VEVENT per dated task.

A recurring task (每年, 每季度 … recorded as an ISO-8601 duration such as ``P1Y``, ``P3M``) gets an
``RRULE``; when its deadline names no date, its first occurrence is the end of the period in which the
document was issued (每年 in a document of 2021-03-02 -> 2021-12-31, then yearly). Ongoing tasks
(长期坚持) and tasks without a deadline have no date: :func:`undated` lists them for the caller to print.

An event is titled with the task's first clause (up to the first 。；, at most :data:`TITLE_MAX`
characters, the list label dropped); its description holds the full text, the units and the source. A
recurring task ends at the plan's horizon (``UNTIL``: 31 December of the document's last target or deadline
year). ``remind="7d"`` adds a ``VALARM`` that many days (``d``), hours (``h``) or weeks (``w``) before.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pipeline.errors import ParameterError
from pipeline.export.tasks_table import DURATION, TaskRow, labels
from pipeline.extractors.actor_patterns import LEADING_LABEL

TITLE_MAX = 40
_FIRST_CLAUSE = re.compile(r"[^。；;！？!?，,\n]+")
_REMIND = re.compile(r"^\s*(\d+)\s*([dhw])\s*$", re.I)

FREQ = {"Y": "YEARLY", "M": "MONTHLY", "W": "WEEKLY", "D": "DAILY"}
PRODID = "-//policy-pipeline//task list//ZH"


def _period(duration: str | None) -> tuple[int, str] | None:
    m = DURATION.match(duration or "")
    return (int(m.group(1)), m.group(2)) if m else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def first_due(row: TaskRow) -> date | None:
    """The date of the task's (first) occurrence, or None when it has none."""
    if row.due_date is not None:
        return row.due_date
    period = _period(row.recurrence) if row.kind == "recurring" else None
    if period is None or not row.doc_date:
        return None
    try:
        issued = date.fromisoformat(row.doc_date)
    except ValueError:
        return None
    n, unit = period
    if unit == "Y":
        return date(issued.year + n - 1, 12, 31)
    if unit == "M":
        end = ((issued.month - 1) // n + 1) * n  # periods aligned on January: quarters end in 3, 6, 9, 12
        return _month_end(issued.year + (end - 1) // 12, (end - 1) % 12 + 1)
    return issued + timedelta(days=n * (7 if unit == "W" else 1))


def undated(rows: list[TaskRow]) -> list[TaskRow]:
    """The rows that cannot be placed on a calendar (ongoing, or no deadline)."""
    return [row for row in rows if first_due(row) is None]


def calendar_summary(rows: list[TaskRow], *, width: int = 40) -> str:
    """What the calendar holds, then every task it cannot hold (ongoing or undated), one per line."""
    dated = [row for row in rows if first_due(row) is not None]
    recurring = sum(1 for row in dated if _rrule(row, first_due(row)) is not None)  # type: ignore[arg-type]
    left = undated(rows)
    lines = [f"calendar: {len(dated)} dated tasks ({recurring} recurring); {len(left)} without a date:"]
    for row in left:
        text = row.text if len(row.text) <= width else row.text[:width] + "…"
        kind = row.kind_words or "无时限"
        lines.append(f"  {row.seq}. [{kind}] {row.lead or '-'}: {text}")
    return "\n".join(lines)


def title_of(text: str) -> str:
    """The first clause of a task (1.加强组织领导。… -> 加强组织领导), cut at :data:`TITLE_MAX`."""
    body = LEADING_LABEL.sub("", text or "", count=1)
    m = _FIRST_CLAUSE.search(body)
    first = (m.group() if m else body).strip()
    return first if len(first) <= TITLE_MAX else first[:TITLE_MAX] + "…"


def parse_remind(value: str | None) -> timedelta | None:
    """``7d`` / ``12h`` / ``2w`` as a timedelta; a clear error for anything else."""
    if value is None:
        return None
    m = _REMIND.match(value)
    if not m:
        raise ParameterError(
            f"{{remind}}: {value!r} is not a lead time; expected e.g. 7d, 12h or 2w", "remind"
        )
    n, unit = int(m.group(1)), m.group(2).lower()
    return {"d": timedelta(days=n), "h": timedelta(hours=n), "w": timedelta(weeks=n)}[unit]


def _rrule(row: TaskRow, due: date) -> dict | None:
    period = _period(row.recurrence) if row.kind == "recurring" else None
    if period is None:
        return None
    n, unit = period
    rule: dict = {"FREQ": FREQ[unit]}
    if n > 1:
        rule["INTERVAL"] = n
    if unit == "M" and due == _month_end(due.year, due.month):
        rule["BYMONTHDAY"] = -1  # month ends stay month ends (30 Apr, 31 May …)
    if row.horizon is not None and row.horizon >= due:
        rule["UNTIL"] = row.horizon  # the plan's last day: a recurring task does not run forever
    return rule


def _description(row: TaskRow) -> str:
    cols = labels()["columns"]
    lines = [
        row.text,
        "",
        f"{cols['lead']}：{row.lead or ''}",
        f"{cols['co']}：{'、'.join(row.co)}",
        f"{cols['deadline']}：{row.deadline_text or ''}（{row.kind_words}）",
        f"{cols['document']}：{row.document_label}",
        f"{cols['clause']}：{row.clause_label}",
    ]
    return "\n".join(lines)


def write_ics(
    rows: list[TaskRow],
    path: Path,
    *,
    title: str | None = None,
    stamp: datetime | None = None,
    remind: str | None = None,
) -> None:
    """Write one VEVENT per dated row of ``rows`` to ``path`` (with a VALARM when ``remind`` is given)."""
    from icalendar import Alarm, Calendar, Event

    before = parse_remind(remind)
    stamp = stamp or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title or labels()["title_many"])
    for row in rows:
        due = first_due(row)
        if due is None:
            continue
        event = Event()
        key = (row.key or f"{row.doc_id}|{row.task_id}").encode()
        event.add("uid", f"{hashlib.sha1(key).hexdigest()}@policy-pipeline")
        event.add("dtstamp", stamp)
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("summary", title_of(row.text))
        event.add("description", _description(row))
        if row.lead:
            event.add("categories", [row.lead])
        rule = _rrule(row, due)
        if rule:
            event.add("rrule", rule)
        if before is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title_of(row.text))
            alarm.add("trigger", -before)
            event.add_component(alarm)
        cal.add_component(event)
    path.write_bytes(cal.to_ical())
