"""Policy instruments: each obligation classed supply-, environment- or demand-side (Rothwell–Zegveld).

The lexicon ``resources/policy_instruments.json`` maps class -> sub-type -> cue words. The cue found
earliest in the obligation wins (the longest at equal position): the main verb of a directive sentence
comes first (加大财政投入 -> 资金投入, 开展试点示范 -> 示范推广). ``evidence`` is the cue with its offsets in
the document text; an obligation without a cue is kept with an empty instrument.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from pipeline.models import PolicyRecord
from pipeline.resources import load_json

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
def _lexicon() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    classes = load_json("policy_instruments.json")["classes"]
    cue_to: dict[str, tuple[str, str]] = {}
    for cls in CLASSES:
        for subtype, cues in classes.get(cls, {}).items():
            for cue in cues:
                cue_to.setdefault(cue, (cls, subtype))
    pattern = re.compile("|".join(re.escape(c) for c in sorted(cue_to, key=len, reverse=True)))
    return pattern, cue_to


def classify(text: str) -> tuple[str, str, int, int] | None:
    """``(class, subtype, start, end)`` of the first instrument cue in ``text``, or None.

    >>> classify("市财政要加大职业教育投入")[:2]
    ('supply', '资金投入')
    """
    pattern, cue_to = _lexicon()
    m = pattern.search(text)
    if m is None:
        return None
    cls, subtype = cue_to[m.group()]
    return cls, subtype, m.start(), m.end()


def instruments_table(records: Sequence[PolicyRecord]) -> Any:
    """``instruments``: one row per obligation with its instrument class, sub-type and evidence span."""
    import pandas as pd

    rows = []
    for r in records:
        for ob in r.obligations:
            found = classify(ob.text)
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
