"""Indicators across documents: each target's indicator as written, its canonical form and scope.

Canonical form (vocabulary in ``resources/indicator_canonical.json``): quotation marks and spaces
dropped, a leading scope word split off into ``scope`` (or, as the extractor leaves scope words out of
the indicator, the first scope word of the clause segment before the target: 全市建成… -> scope 全市), the term synonyms
applied (占比/比重 -> 比例), then the whole-phrase aliases. Units are never merged: the wide table keys
on (canonical, unit), so 50% and 5个百分点 and 20个 of one indicator stay in separate rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from pipeline.compare.units import base_unit
from pipeline.models import PolicyRecord
from pipeline.resources import load_json
from pipeline.text.pieces import longest_first

COLUMNS = [
    "doc_id",
    "target_id",
    "indicator",
    "indicator_start",
    "indicator_end",
    "label",
    "canonical",
    "group",
    "group_score",
    "scope",
    "value",
    "value_max",
    "unit",
    "base_value",
    "base_value_max",
    "base_unit",
    "multiplier",
    "comparator",
    "year",
    "kind",
    "text",
    "start",
    "end",
    "context",
]

CONTEXT_CHARS = 16  # characters of the clause segment kept on each side of the number (``context``)


@cache
def _vocab() -> dict[str, Any]:
    data = load_json("indicator_canonical.json")
    return {
        "scopes": longest_first(data.get("scope_words", ())),
        "synonyms": list(longest_first(data.get("term_synonyms", {}).items(), by=lambda kv: kv[0])),
        "aliases": dict(data.get("aliases", {})),
        "strip": frozenset(data.get("strip_chars", "")),
        "generic": longest_first(data.get("generic_heads", ())),
        "min_score": float(data.get("group_min_score", 88)),
    }


def canonical_indicator(indicator: str | None) -> tuple[str | None, str | None]:
    """``(canonical, scope)`` of an indicator as written; ``(None, None)`` when there is none.

    >>> canonical_indicator("全市“双师型”教师占比")
    ('双师型教师占专业课教师比例', '全市')
    """
    if not indicator:
        return None, None
    v = _vocab()
    s = "".join(ch for ch in indicator if ch not in v["strip"]).translate(_LAYOUT)
    scope = None
    for w in v["scopes"]:
        if s.startswith(w) and len(s) > len(w):
            scope, s = w, s[len(w) :]
            break
    for old, new in v["synonyms"]:
        s = s.replace(old, new)
    s = v["aliases"].get(s, s)
    return (s or None), scope


_DELIMS = "，。；：,;！？!?\n|"
_LAYOUT = str.maketrans("", "", " \u3000\n\r\t")


def label(indicator: str | None) -> str | None:
    """The indicator without layout whitespace (工业互联网核心\n产业规模 -> 工业互联网核心产业规模)."""
    return indicator.translate(_LAYOUT) or None if indicator else None


def context(text: str | None, start: int, end: int) -> str | None:
    """The words around a number: up to :data:`CONTEXT_CHARS` characters each side within its sentence,
    layout whitespace removed (what tells two targets of one indicator apart: 事故认定后5个工作日内)."""
    if not text:
        return None
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    for d in "。；！？":
        before, after = before.rsplit(d, 1)[-1], after.split(d, 1)[0]
    return (before + text[start:end] + after).translate(_LAYOUT)


def scope_before(text: str, pos: int) -> str | None:
    """The first scope word (全市, 全省 ...) of the clause segment before ``pos``: the extractor leaves it out
    of the indicator (全市建成20个以上特色品牌专业 -> 特色品牌专业, scope 全市)."""
    lo = max((text.rfind(d, 0, pos) for d in _DELIMS), default=-1) + 1
    found = [(i, w) for w in _vocab()["scopes"] if (i := text.find(w, lo, pos)) >= 0]
    return min(found)[1] if found else None


def is_generic(canonical: str | None) -> bool:
    """True when a label names no quantity without its object (任务, 最高补助, 分别给予最高)."""
    if not canonical:
        return True
    rest = canonical
    for w in _vocab()["generic"]:
        rest = rest.replace(w, "")
    return sum(1 for ch in rest if "\u4e00" <= ch <= "\u9fff" or ch.isalnum()) < 2


def group_indicators(long: Any) -> Any:
    """``long`` with ``group`` and ``group_score``: canonical labels of one base unit whose rapidfuzz
    ratio to a group's label reaches ``group_min_score`` share that group (greedy, most frequent label
    first, which names the group); generic labels get no group."""
    from rapidfuzz import fuzz, process

    least = _vocab()["min_score"]
    group: dict[tuple[str, str], tuple[str, float]] = {}
    counts = long.assign(u=long["base_unit"].fillna("")).groupby(["u", "canonical"]).size()
    for unit, sub in counts.groupby(level=0):
        heads: list[str] = []
        for (_, label), _n in sub.sort_values(ascending=False, kind="stable").items():
            if is_generic(label):
                continue
            best = process.extractOne(label, heads, scorer=fuzz.ratio, score_cutoff=least) if heads else None
            if best is None:
                heads.append(label)
                group[(unit, label)] = (label, 100.0)
            else:
                group[(unit, label)] = (best[0], round(float(best[1]), 1))
    keys = list(zip(long["base_unit"].fillna(""), long["canonical"], strict=True))
    long = long.copy()
    long["group"] = [group.get(k, (None, None))[0] for k in keys]
    long["group_score"] = [group.get(k, (None, None))[1] for k in keys]
    return long


def indicators_table(records: Sequence[PolicyRecord]) -> Any:
    """``indicators``: one row per target (all kinds), long format."""
    import pandas as pd

    rows = []
    for r in records:
        for t in r.targets:
            canonical, scope = canonical_indicator(t.indicator)
            if scope is None and r.text:
                starts = [t.start] + ([t.indicator_start] if t.indicator_start is not None else [])
                scope = scope_before(r.text, min(starts))
            unit, mult = base_unit(t.unit)
            rows.append(
                {
                    "doc_id": r.document.doc_id,
                    "target_id": t.target_id,
                    "indicator": t.indicator,
                    "indicator_start": t.indicator_start,
                    "indicator_end": t.indicator_end,
                    "label": label(t.indicator),
                    "canonical": canonical,
                    "scope": scope,
                    "value": t.value,
                    "value_max": t.value_max,
                    "unit": t.unit,
                    "base_value": t.value * mult,
                    "base_value_max": t.value_max * mult if t.value_max is not None else None,
                    "base_unit": unit,
                    "multiplier": mult,
                    "comparator": t.comparator,
                    "year": t.year,
                    "kind": t.kind,
                    "text": t.text,
                    "start": t.start,
                    "end": t.end,
                    "context": context(r.text, t.start, t.end),
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return group_indicators(frame) if len(frame) else frame


def _cell(group: Any) -> str:
    """One document's targets of one indicator, as ``>=50% (2025)``, several joined by ``; ``."""
    parts = []
    for t in group.itertuples():
        value = (
            f"{t.value:g}"
            if t.value_max is None or t.value_max != t.value_max
            else f"{t.value:g}-{t.value_max:g}"
        )
        cmp_ = "" if t.comparator in ("=", "range") else t.comparator
        year = f" ({int(t.year)})" if t.year == t.year and t.year is not None else ""
        parts.append(f"{cmp_}{value}{t.unit or ''}{year}")
    return "; ".join(parts)


def wide_table(long: Any, doc_ids: Sequence[str]) -> Any:
    """``indicators_wide``: one row per (canonical, base unit) of goals, one column group per document.

    Columns: canonical, unit (the base unit: 万亿元 and 亿元 share 元), n_documents, then per document
    ``<doc_id>`` (the values as written) and ``<doc_id>:year`` (the latest year).
    """
    import pandas as pd

    kept = long[(long["kind"] == "target") & long["canonical"].notna()]
    columns = ["canonical", "unit", "n_documents"]
    for d in doc_ids:
        columns += [d, f"{d}:year"]
    rows = []
    for (canonical, unit), grp in kept.groupby(["canonical", kept["base_unit"].fillna("")], sort=True):
        row: dict[str, Any] = {"canonical": canonical, "unit": unit or None}
        row["n_documents"] = grp["doc_id"].nunique()
        for d, sub in grp.groupby("doc_id", sort=False):
            row[d] = _cell(sub)
            years = sub["year"].dropna()
            row[f"{d}:year"] = int(years.max()) if len(years) else None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["n_documents", "canonical"], ascending=[False, True], ignore_index=True)
