"""Policy instruments: each obligation classed supply-, environment- or demand-side (Rothwell–Zegveld).

The lexicon ``resources/policy_instruments.json`` maps class -> sub-type -> cue words. The cue found
earliest in the obligation wins (the longest at equal position): the main verb of a directive sentence
comes first (加大财政投入 -> 资金投入, 开展试点示范 -> 示范推广); weak cues (支持, 鼓励, 机制) decide only when
no other cue is found, so 支持庆阳建设职业教育园区 is 基础设施, not 策略性措施. ``evidence`` is the cue with its offsets in
the document text; an obligation without a cue is kept with an empty instrument.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from pipeline.models import PolicyRecord
from pipeline.resources import load_json
from pipeline.text.pieces import alternation, longest_first

CLASSES = ("supply", "environment", "demand")
COLUMNS = [
    "doc_id",
    "obligation_start",
    "obligation_end",
    "modality",
    "instrument",
    "subtype",
    "evidence",
    "evidence_start",
    "evidence_end",
    "text",
]
SHARE_COLUMNS = ["doc_id", "instrument", "subtype", "n", "share"]


@cache
def _organ_suffixes() -> tuple[str, ...]:
    return tuple(longest_first(load_json("policy_instruments.json").get("organ_suffixes", ())))


@cache
def _lexicon() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, str]]]:
    data = load_json("policy_instruments.json")
    cue_to: dict[str, tuple[str, str]] = {}
    for cls in CLASSES:
        for subtype, cues in data["classes"].get(cls, {}).items():
            for cue in cues:
                cue_to.setdefault(cue, (cls, subtype))
    weak = frozenset(data.get("weak_cues", ())) & set(cue_to)

    def compiled(words: Iterable[str]) -> re.Pattern[str]:
        return re.compile(alternation(words) or "(?!)")

    return compiled(set(cue_to) - weak), compiled(weak), cue_to


def _cue(pattern: re.Pattern[str], text: str, skip: Sequence[tuple[int, int]]) -> re.Match[str] | None:
    """The first match of ``pattern`` that is a word of its own: not inside a ``skip`` span (a department
    mention) nor right before an organ suffix (工业和信息化部: 信息化 is part of the organ's name)."""
    suffixes = _organ_suffixes()
    for m in pattern.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in skip) or text.startswith(suffixes, m.end()):
            continue
        return m
    return None


def classify(text: str, skip: Sequence[tuple[int, int]] = ()) -> tuple[str, str, int, int] | None:
    """``(class, subtype, start, end)`` of the instrument cue of ``text``, or None.

    The earliest cue wins, the longest at equal position; a weak cue (支持, 鼓励) only when no other is found;
    a cue inside an organ's name (``skip`` spans, or right before 部/厅/局 …) is no cue.

    >>> classify("市财政要加大职业教育投入力度")[:2]
    ('supply', '资金投入')
    """
    strong, weak, cue_to = _lexicon()
    m = _cue(strong, text, skip) or _cue(weak, text, skip)
    if m is None:
        return None
    cls, subtype = cue_to[m.group()]
    return cls, subtype, m.start(), m.end()


def instruments_table(records: Sequence[PolicyRecord]) -> Any:
    """``instruments``: one row per obligation with its instrument class, sub-type and evidence span."""
    import pandas as pd

    rows = []
    for r in records:
        mentions = sorted((m.start, m.end) for m in r.departments)
        for ob in r.obligations:
            skip = [(s - ob.start, e - ob.start) for s, e in mentions if s < ob.end and e > ob.start]
            found = classify(ob.text, skip)
            row = {
                "doc_id": r.document.doc_id,
                "obligation_start": ob.start,
                "obligation_end": ob.end,
                "modality": ob.modality,
                "instrument": None,
                "subtype": None,
                "evidence": None,
                "evidence_start": None,
                "evidence_end": None,
                "text": ob.text,
            }
            if found:
                cls, subtype, s, e = found
                row.update(
                    instrument=cls,
                    subtype=subtype,
                    evidence=ob.text[s:e],
                    evidence_start=ob.start + s,
                    evidence_end=ob.start + e,
                )
            rows.append(row)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("evidence_start", "evidence_end"):
        frame[col] = frame[col].astype("Int64")
    return frame


def shares_table(instruments: Any) -> Any:
    """``instrument_shares``: per document, the share of classed obligations per class (subtype empty)
    and per (class, subtype)."""
    import pandas as pd

    classed = instruments[instruments["instrument"].notna()]
    rows = []
    for doc_id, grp in classed.groupby("doc_id", sort=False):
        total = len(grp)
        for cls in CLASSES:
            n = int((grp["instrument"] == cls).sum())
            rows.append({"doc_id": doc_id, "instrument": cls, "subtype": None, "n": n, "share": n / total})
        for (cls, subtype), sub in grp.groupby(["instrument", "subtype"], sort=True):
            rows.append(
                {
                    "doc_id": doc_id,
                    "instrument": cls,
                    "subtype": subtype,
                    "n": len(sub),
                    "share": len(sub) / total,
                }
            )
    return pd.DataFrame(rows, columns=SHARE_COLUMNS)
