"""Target cascades: how a document restates the targets of the documents it implements.

For each (child, parent) pair, every goal, limit and time limit of the child is paired with the
best-matching parent target of the same canonical indicator and base unit (万亿元 and 亿元 compare as
元): the highest ``match_score``, a weighted rapidfuzz similarity of the labels and of the words around
the numbers (vocabulary and weights in ``resources/cascade.json``), the nearest year breaking ties. A
7-working-day report is paired with the parent's 5-day report on the same event, not with the first
``上报`` of the parent.

``value_change`` (raised/kept/lowered) is numeric, on the base values; ``direction`` says what it
means for the one obliged: ``stricter``, ``looser`` or ``same`` (a higher goal or lower bound, a lower
upper limit, a shorter time limit is stricter; with equal values an earlier year is stricter); None when
the two bounds are of opposite senses (<= against >=).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from pipeline.resources import load_json

COLUMNS = [
    "doc_id",
    "parent_id",
    "canonical",
    "unit",
    "kind",
    "target_id",
    "parent_target_id",
    "indicator",
    "parent_indicator",
    "text",
    "parent_text",
    "value",
    "parent_value",
    "base_value",
    "parent_base_value",
    "comparator",
    "parent_comparator",
    "value_change",
    "direction",
    "year",
    "parent_year",
    "year_change",
    "match_score",
]

KINDS = ("target", "limit", "time_limit", "parameter")


@cache
def _vocab() -> dict[str, Any]:
    data = load_json("cascade.json")
    return {
        "lower": tuple(data.get("lower_is_stricter", ())),
        "window": int(data.get("lower_is_stricter_window", 8)),
        "weights": dict(data.get("weights", {})),
        "min_score": float(data.get("min_score", 0.6)),
    }


def _missing(x: Any) -> bool:
    return x is None or x != x


def _change(child: float | None, parent: float | None, words: tuple[str, str, str]) -> str | None:
    if _missing(child) or _missing(parent):
        return None
    return words[0] if child > parent else words[2] if child < parent else words[1]


def _before(t: Any) -> str:
    """The words right before the number (its context up to the target's text)."""
    ctx = t.context if isinstance(t.context, str) else ""
    text = "".join(str(t.text).split())
    i = ctx.find(text)
    return ctx[max(0, i - _vocab()["window"]) : i] if i >= 0 else ""


def sense(t: Any) -> str:
    """``lower`` when a lower value is stricter for the one obliged, else ``higher``."""
    if t.comparator == "<=" or t.kind == "time_limit":
        return "lower"
    if t.comparator == ">=":
        return "higher"
    before = _before(t)
    return "lower" if any(w in before for w in _vocab()["lower"]) else "higher"


def direction(child: Any, parent: Any) -> str | None:
    """stricter / looser / same for the child target against its parent target."""
    s = sense(child)
    if s != sense(parent):
        return None
    change = _change(child.base_value, parent.base_value, ("up", "same", "down"))
    if change is None:
        return None
    if change == "same":
        years = _change(_year(child), _year(parent), ("later", "same", "earlier"))
        return {"later": "looser", "earlier": "stricter"}.get(years or "same", "same")
    return "stricter" if (change == "up") == (s == "higher") else "looser"


def _year(t: Any) -> int | None:
    return None if _missing(t.year) else int(t.year)


def _similarity(a: Any, b: Any) -> float:
    """rapidfuzz ratio of two strings (0..1); a short label inside a longer one (以及每车 in
    交通事故责任强制险凭证以及每车) counts by its partial ratio, discounted."""
    from rapidfuzz import fuzz

    a = a if isinstance(a, str) else ""
    b = b if isinstance(b, str) else ""
    if not a or not b:
        return 0.0
    partial = fuzz.partial_ratio(a, b) * 0.9 if min(len(a), len(b)) >= 2 else 0.0
    return max(fuzz.ratio(a, b), partial) / 100.0


def _masked(t: Any) -> str:
    """The context with the target's own text replaced by one mark: the number being compared does not
    make two sentences alike or unlike (应在2个工作日内上报 / 应在5个工作日内上报)."""
    ctx = t.context if isinstance(t.context, str) else ""
    return ctx.replace("".join(str(t.text).split()), "#", 1)


def match_score(child: Any, parent: Any) -> float:
    """How well ``parent`` matches ``child`` (0..1+): label and context similarity, a shared bound sense."""
    w = _vocab()["weights"]
    score = w.get("label", 0.4) * _similarity(child.label, parent.label)
    score += w.get("context", 0.6) * _similarity(_masked(child), _masked(parent))
    if child.comparator == parent.comparator and child.comparator in ("<=", ">="):
        score += w.get("same_comparator", 0.1)
    if child.canonical == parent.canonical:
        score += w.get("same_canonical", 0.2)
    return round(score, 3)


def _best(t: Any, candidates: list[Any], child_len: int, parent_len: int) -> tuple[Any, float]:
    """The best parent candidate: highest score (to 0.01), then nearest year, then the nearest relative
    position in the text (a restatement keeps its parent's order: the second 五百万元 of the child is
    the second of the parent)."""
    scored = [(match_score(t, c), c) for c in candidates]
    ty = _year(t) or 0
    rel = t.start / max(child_len, 1)

    def key(sc: tuple[float, Any]) -> tuple[float, int, float]:
        c = sc[1]
        return (round(sc[0], 2), -abs((_year(c) or ty) - ty), -abs(c.start / max(parent_len, 1) - rel))

    best = max(scored, key=key)
    return best[1], best[0]


def cascade_table(indicators: Any, parents: Mapping[str, Sequence[str]]) -> Any:
    """``cascade``: paired targets of child and parent documents (``indicators`` is the long table)."""
    import pandas as pd

    kept = indicators[indicators["kind"].isin(KINDS) & indicators["label"].notna()]
    by_doc: dict[tuple[str, str], list[Any]] = {}
    for t in kept.itertuples():
        unit = t.base_unit if isinstance(t.base_unit, str) else ""
        by_doc.setdefault((t.doc_id, unit), []).append(t)
    least = _vocab()["min_score"]
    ends = indicators.groupby("doc_id")["end"].max().to_dict() if len(indicators) else {}
    rows = []
    for child, parent_ids in parents.items():
        for parent in parent_ids:
            for (doc, unit), targets in by_doc.items():
                if doc != child or (parent, unit) not in by_doc:
                    continue
                candidates = by_doc[(parent, unit)]
                for t in targets:
                    p, score = _best(t, candidates, ends.get(child, 1), ends.get(parent, 1))
                    if score < least:
                        continue  # no parent target of this quantity
                    canonical = t.canonical
                    rows.append(
                        {
                            "doc_id": child,
                            "parent_id": parent,
                            "canonical": canonical,
                            "unit": unit or None,
                            "kind": t.kind,
                            "target_id": t.target_id,
                            "parent_target_id": p.target_id,
                            "indicator": t.indicator,
                            "parent_indicator": p.indicator,
                            "text": t.text,
                            "parent_text": p.text,
                            "value": t.value,
                            "parent_value": p.value,
                            "base_value": t.base_value,
                            "parent_base_value": p.base_value,
                            "comparator": t.comparator,
                            "parent_comparator": p.comparator,
                            "value_change": _change(
                                t.base_value, p.base_value, ("raised", "kept", "lowered")
                            ),
                            "direction": direction(t, p),
                            "year": _year(t),
                            "parent_year": _year(p),
                            "year_change": _change(_year(t), _year(p), ("later", "same", "earlier")),
                            "match_score": score,
                        }
                    )
    return pd.DataFrame(rows, columns=COLUMNS)
