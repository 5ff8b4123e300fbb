"""Target cascades: how a document restates the targets of the documents it implements.

For each (child, parent) pair, targets of the same canonical indicator and unit are paired (the parent
target of the nearest year, then the first); the row says whether the child raised, kept or lowered the
value and whether it moved the year earlier or later. "Raised" is numeric: whether it is stricter depends on
the indicator (降低20% -> 30% is, 不超过30个月 -> 85个月 is not).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

COLUMNS = [
    "doc_id",
    "parent_id",
    "canonical",
    "unit",
    "target_id",
    "parent_target_id",
    "indicator",
    "parent_indicator",
    "value",
    "parent_value",
    "comparator",
    "parent_comparator",
    "value_change",
    "year",
    "parent_year",
    "year_change",
]


def _change(child: float | None, parent: float | None, words: tuple[str, str, str]) -> str | None:
    if child is None or parent is None or child != child or parent != parent:
        return None
    return words[0] if child > parent else words[2] if child < parent else words[1]


def cascade_table(indicators: Any, parents: Mapping[str, Sequence[str]]) -> Any:
    """``cascade``: paired targets of child and parent documents (``indicators`` is the long table)."""
    import pandas as pd

    kept = indicators[(indicators["kind"] == "target") & indicators["canonical"].notna()]
    by_key: dict[tuple[str, str, str], list[Any]] = {}
    for t in kept.itertuples():
        by_key.setdefault((t.doc_id, t.canonical, t.unit or ""), []).append(t)
    rows = []
    for child, parent_ids in parents.items():
        for parent in parent_ids:
            for (doc, canonical, unit), targets in by_key.items():
                if doc != child or (parent, canonical, unit) not in by_key:
                    continue
                candidates = by_key[(parent, canonical, unit)]
                for t in targets:
                    p = min(
                        candidates,
                        key=lambda c: (
                            abs((c.year or 0) - (t.year or 0)) if c.year == c.year else 99,
                            c.start,
                        ),
                    )
                    year = None if t.year != t.year else t.year
                    pyear = None if p.year != p.year else p.year
                    rows.append(
                        {
                            "doc_id": child,
                            "parent_id": parent,
                            "canonical": canonical,
                            "unit": unit or None,
                            "target_id": t.target_id,
                            "parent_target_id": p.target_id,
                            "indicator": t.indicator,
                            "parent_indicator": p.indicator,
                            "value": t.value,
                            "parent_value": p.value,
                            "comparator": t.comparator,
                            "parent_comparator": p.comparator,
                            "value_change": _change(t.value, p.value, ("raised", "kept", "lowered")),
                            "year": year,
                            "parent_year": pyear,
                            "year_change": _change(year, pyear, ("later", "same", "earlier")),
                        }
                    )
    return pd.DataFrame(rows, columns=COLUMNS)
