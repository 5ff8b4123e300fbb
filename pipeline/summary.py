"""A short human-readable summary of a :class:`PolicyRecord` (the CLI's default output)."""

from __future__ import annotations

from collections import Counter

from pipeline.models import PolicyRecord


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
    ]
    kinds = Counter(c.kind for c in record.clauses)
    outline = ", ".join(f"{n} {k}" for k, n in kinds.items())
    lines.append(f"clauses: {outline or 'none'}")
    counts = {k: len(getattr(record, k)) for k in ("targets", "deadlines", "departments", "obligations")}
    counts.update(tasks=len(record.tasks), citations=len(record.citations))
    lines.append("records: " + "  ".join(f"{k}={v}" for k, v in counts.items()))
    if record.targets:
        lines.append("targets:")
        for t in record.targets[:max_rows]:
            value = _fmt_value(t.value) + (f"–{_fmt_value(t.value_max)}" if t.value_max is not None else "")
            year = f" by {t.year}" if t.year else ""
            lines.append(
                f"  {t.indicator or '?'} {t.comparator} {value} {t.unit or ''}{year}  [{t.kind}] «{t.text}»"
            )
        if len(record.targets) > max_rows:
            lines.append(f"  … {len(record.targets) - max_rows} more")
    if record.tasks:
        lines.append("tasks:")
        for task in record.tasks[:max_rows]:
            who = "、".join(task.departments) or "-"
            lines.append(
                f"  {task.source} {task.number or ''}: {task.text[:40]}… | {who} | {task.due_date or '-'}"
            )
        if len(record.tasks) > max_rows:
            lines.append(f"  … {len(record.tasks) - max_rows} more")
    if record.citations:
        lines.append("citations:")
        for c in record.citations[:max_rows]:
            lines.append(f"  [{c.relation}] {c.title or ''} {c.doc_number or ''} ({c.level or '?'})")
    return "\n".join(lines)
