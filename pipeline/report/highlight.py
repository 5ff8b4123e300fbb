"""A document's full text as HTML with its records highlighted and clickable; every character escaped.

Spans of different kinds overlap (a target inside an obligation, a department inside a task), so the
text is cut at every span boundary and each piece is wrapped in one ``<span>`` whose classes name the
kinds covering it; each kind has its own CSS property (background, underline, colour, outline), so
overlaps stay readable. Each record also gets an anchor at its start (``#target-3``) and each clause
one (``#c-<clause_id>``), so tables elsewhere link into the text. Offsets are the record's own:
``text[start:end]`` is the span.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from pipeline.models import PolicyRecord

# record kind -> field of PolicyRecord; the order is the legend's
KINDS = {
    "obligation": "obligations",
    "target": "targets",
    "deadline": "deadlines",
    "department": "departments",
    "citation": "citations",
}
# highlighted as well, without records of their own: a target's indicator (``indicator:3`` is target 3's)
SHOWN = (*KINDS, "indicator")
# what the details panel and the tooltip show of each kind (the rest stays in the record JSON)
FIELDS = {
    "obligation": ("modality", "trigger", "actors", "clause_id"),
    "target": ("target_id", "indicator", "value", "value_max", "unit", "comparator", "year", "kind"),
    "deadline": ("deadline_id", "kind", "due_date", "recurrence"),
    "department": ("canonical", "role", "level", "kind", "function"),
    "citation": ("title", "doc_number", "relation", "resolved_id", "level"),
}


def spans(record: PolicyRecord) -> Iterator[tuple[str, int, int, int]]:
    """``(kind, index, start, end)`` of every highlighted record that lies inside the text; a target's
    indicator is an ``indicator`` span with the target's index."""
    n = len(record.text)
    for kind, key in KINDS.items():
        for i, item in enumerate(getattr(record, key)):
            if 0 <= item.start < item.end <= n:
                yield kind, i, item.start, item.end
    for i, t in enumerate(record.targets):
        if (
            t.indicator_start is not None
            and t.indicator_end is not None
            and 0 <= t.indicator_start < t.indicator_end <= n
        ):
            yield "indicator", i, t.indicator_start, t.indicator_end


def details(record: PolicyRecord) -> dict[str, list[dict[str, Any]]]:
    """Per kind, the fields shown when a highlight is clicked (the span text included)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, key in KINDS.items():
        rows = []
        for item in getattr(record, key):
            row = {"text": item.text, "start": item.start, "end": item.end}
            row.update({f: getattr(item, f) for f in FIELDS[kind] if getattr(item, f) not in (None, "", ())})
            rows.append(row)
        out[kind] = rows
    return out


def _anchors(record: PolicyRecord) -> dict[int, list[str]]:
    """Offset -> element ids placed there: each record's start and each clause's start."""
    points: dict[int, list[str]] = defaultdict(list)
    for kind, i, start, _end in spans(record):
        points[start].append(f"{kind}-{i}")
    for clause in record.clauses:
        if 0 <= clause.start <= len(record.text):
            points[clause.start].append(f"c-{clause.clause_id}")
    for task in record.tasks:
        if 0 <= task.start < task.end <= len(record.text):
            points[task.start].append(f"task-{task.task_id}")
    return points


def highlighted_html(record: PolicyRecord) -> str:
    """The record's text as escaped HTML with ``<span class="hl k-target …" data-r="target:3 …">`` pieces."""
    text = record.text
    opening: dict[int, list[tuple[str, int]]] = defaultdict(list)
    closing: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for kind, i, start, end in spans(record):
        opening[start].append((kind, i))
        closing[end].append((kind, i))
    anchors = _anchors(record)
    cuts = sorted({0, len(text), *opening, *closing, *anchors})
    active: dict[tuple[str, int], None] = {}  # insertion-ordered set
    out: list[str] = []
    for a, b in zip(cuts, [*cuts[1:], None], strict=True):
        for key in closing.get(a, ()):
            active.pop(key, None)
        for key in opening.get(a, ()):
            active[key] = None
        out.extend(f'<a class="anchor" id="{html.escape(name)}"></a>' for name in anchors.get(a, ()))
        if b is None:
            break
        piece = html.escape(text[a:b])
        if not active:
            out.append(piece)
            continue
        kinds = " ".join(sorted({f"k-{k}" for k, _ in active}))
        refs = " ".join(f"{k}:{i}" for k, i in active)
        out.append(f'<span class="hl {kinds}" data-r="{refs}">{piece}</span>')
    return "".join(out)
