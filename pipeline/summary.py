"""A short human-readable summary of a :class:`PolicyRecord` (the CLI's default output)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.models import Citation, PolicyRecord, Target, Task


def _fmt_value(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def format_summary(record: PolicyRecord, *, max_rows: int = 12) -> str:
    """Metadata, counts per record kind, the clause outline and the first targets and tasks."""
    d = record.document
    region = "".join(x for x in (d.region.province, d.region.city, d.region.county) if x)
    lines = [
        f"{d.title or '(untitled)'}",
        f"  文号 {d.doc_number or '-'}   issuer {'、'.join(d.issuer) or '-'}   date {d.date or '-'}",
        f"  level {d.level or '-'}   region {region or '-'}   publicity {d.publicity or '-'}",
        f"  recipients {'、'.join(d.recipients) or '-'}   {d.n_chars} chars   id {d.doc_id}",
        *(f"  warning: {w}" for w in d.warnings),
    ]
    kinds = Counter(c.kind for c in record.clauses)
    outline = ", ".join(f"{n} {k}" for k, n in kinds.items())
    lines.append(f"clauses: {outline or 'none'}")
    counts = {k: len(getattr(record, k)) for k in ("targets", "deadlines", "departments", "obligations")}
    counts.update(tasks=len(record.tasks), citations=len(record.citations))
    lines.append("records: " + "  ".join(f"{k}={v}" for k, v in counts.items()))
    lines += _section("targets", record.targets, _target_line, max_rows)
    lines += _section("tasks", record.tasks, _task_line, max_rows)
    lines += _section("citations", record.citations, _citation_line, max_rows)
    return "\n".join(lines)


def _section(title: str, items: Sequence[Any], line: Callable[[Any], str], max_rows: int) -> list[str]:
    """A titled list of at most ``max_rows`` items, saying how many more there are."""
    if not items:
        return []
    out = [f"{title}:", *(f"  {line(item)}" for item in items[:max_rows])]
    if len(items) > max_rows:
        out.append(f"  … {len(items) - max_rows} more")
    return out


def _target_line(t: Target) -> str:
    value = _fmt_value(t.value) + (f"–{_fmt_value(t.value_max)}" if t.value_max is not None else "")
    year = f" by {t.year}" if t.year else ""
    return f"{t.indicator or '?'} {t.comparator} {value} {t.unit or ''}{year}  [{t.kind}] «{t.text}»"


def _task_line(task: Task) -> str:
    who = "、".join(task.departments) or "-"
    return f"{task.source} {task.number or ''}: {task.text[:40]}… | {who} | {task.due_date or '-'}"


def _citation_line(c: Citation) -> str:
    return f"[{c.relation}] {c.title or ''} {c.doc_number or ''} ({c.level or '?'})"
