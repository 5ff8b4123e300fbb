"""Departments across documents: per document and canonical department, tasks led, tasks shared, obligations.

A task is *led* by its ``lead_department`` and *shared* by its other departments; names as written
are mapped to canonical names through the document's own department mentions. An obligation counts
for a department when one of the department's mentions lies inside the obligation's span. ``function``
comes from the department records when they carry one (the function taxonomy), else it is empty.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from pipeline.models import PolicyRecord

COLUMNS = ["doc_id", "department", "function", "kind", "tasks_led", "tasks_shared", "obligations", "mentions"]


def _rows(record: PolicyRecord) -> list[dict[str, Any]]:
    canonical: dict[str, str] = {}
    info: dict[str, dict[str, Any]] = {}
    for m in record.departments:
        canonical.setdefault(m.name, m.canonical)
        canonical.setdefault(m.text, m.canonical)
        row = info.setdefault(
            m.canonical,
            {
                "doc_id": record.document.doc_id,
                "department": m.canonical,
                "function": getattr(m, "function", None),
                "kind": m.kind,
                "tasks_led": 0,
                "tasks_shared": 0,
                "obligations": 0,
                "mentions": 0,
            },
        )
        row["mentions"] += 1

    def entry(name: str) -> dict[str, Any]:
        key = canonical.get(name, name)
        return info.setdefault(
            key,
            {
                "doc_id": record.document.doc_id,
                "department": key,
                "function": None,
                "kind": None,
                "tasks_led": 0,
                "tasks_shared": 0,
                "obligations": 0,
                "mentions": 0,
            },
        )

    for task in record.tasks:
        lead = canonical.get(task.lead_department or "", task.lead_department)
        if task.lead_department:
            entry(task.lead_department)["tasks_led"] += 1
        for name in dict.fromkeys(canonical.get(n, n) for n in task.departments):
            if name != lead:
                entry(name)["tasks_shared"] += 1
    mentions = sorted((m.start, m.canonical) for m in record.departments)
    starts = [s for s, _ in mentions]
    for ob in record.obligations:
        lo, hi = bisect.bisect_left(starts, ob.start), bisect.bisect_left(starts, ob.end)
        for name in dict.fromkeys(c for _, c in mentions[lo:hi]):
            info[name]["obligations"] += 1
    return list(info.values())


def departments_table(records: Sequence[PolicyRecord]) -> Any:
    """``departments``: one row per (document, canonical department)."""
    import pandas as pd

    rows = [row for r in records for row in _rows(r)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(
        ["doc_id", "tasks_led", "tasks_shared", "obligations", "mentions"],
        ascending=[True, False, False, False, False],
        ignore_index=True,
    )
