"""Policy instruments: each obligation classed supply-, environment- or demand-side (Rothwell–Zegveld).

The lexicon ``resources/policy_instruments.json`` maps class -> sub-type -> cue words. The cue found
earliest in the obligation wins (the longest at equal position): the main verb of a directive sentence
comes first (加大财政投入 -> 资金投入, 开展试点示范 -> 示范推广); weak cues (支持, 鼓励, 机制) decide only when
no other cue is found, so 支持庆阳建设职业教育园区 is 基础设施, not 策略性措施. ``evidence`` is the cue with its offsets in
the document text; an obligation that is no instrument (a none frame such as 申请人 or 还可以, or no cue at
all) is kept with the class ``none`` and left out of the shares.
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


def _compiled(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(alternation(words) or "(?!)")


@cache
def _lexicon() -> tuple[
    tuple[re.Pattern[str], ...], dict[str, tuple[str, str]], re.Pattern[str], re.Pattern[str]
]:
    """``(tiers, cue_to, none_frames, masks)``: the cue patterns strong, weak, generic (each decides only
    when the ones before find nothing), cue -> (class, subtype), the none frames and the spans no cue may
    touch (actor words holding a cue, titles in 《》)."""
    data = load_json("policy_instruments.json")
    cue_to: dict[str, tuple[str, str]] = {}
    for cls in CLASSES:
        for subtype, cues in data["classes"].get(cls, {}).items():
            for cue in cues:
                cue_to.setdefault(cue, (cls, subtype))
    generic = frozenset(data.get("generic_cues", ())) & set(cue_to)
    weak = (frozenset(data.get("weak_cues", ())) & set(cue_to)) - generic
    tiers = (_compiled(set(cue_to) - weak - generic), _compiled(weak), _compiled(generic))
    masks = alternation(data.get("non_cue_words", ()))
    mask = re.compile("《[^《》]{0,60}》" + (f"|{masks}" if masks else ""))
    return tiers, cue_to, _compiled(data.get("none_frames", ())), mask


def _cue(pattern: re.Pattern[str], text: str, skip: Sequence[tuple[int, int]]) -> re.Match[str] | None:
    """The first match of ``pattern`` that is a word of its own: not inside a ``skip`` span (a department
    mention, an actor word, a title) nor right before an organ suffix (工业和信息化部: 信息化 is part of the
    organ's name)."""
    suffixes = _organ_suffixes()
    for m in pattern.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in skip) or text.startswith(suffixes, m.end()):
            continue
        return m
    return None


def classify(text: str, skip: Sequence[tuple[int, int]] = ()) -> tuple[str, str, int, int] | None:
    """``(class, subtype, start, end)`` of the instrument cue of ``text``, or None.

    A none frame (申请人, 还可以, 为指导) makes the class ``none`` (subtype empty, the frame as evidence).
    Otherwise the earliest cue wins, the longest at equal position; a weak cue (培养, 机制) only when no
    other is found, a generic one (支持, 鼓励) only when no weak one is either; a cue inside an organ's name
    (``skip`` spans, or right before 部/厅/局 …), an actor word (科研院所) or a title in 《》 is no cue.

    >>> classify("市财政要加大职业教育投入力度")[:2]
    ('supply', '资金投入')
    >>> classify("如果申请人已经承担其他科技计划项目，应当在申请书正文中论述")[:2]
    ('none', '')
    """
    tiers, cue_to, frames, mask = _lexicon()
    frame = frames.search(text)
    if frame:
        return "none", "", frame.start(), frame.end()
    skip = [*skip, *((m.start(), m.end()) for m in mask.finditer(text))]
    for pattern in tiers:
        m = _cue(pattern, text, skip)
        if m is not None:
            cls, subtype = cue_to[m.group()]
            return cls, subtype, m.start(), m.end()
    return None


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
                "instrument": "none",
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
                    subtype=subtype or None,
                    evidence=ob.text[s:e],
                    evidence_start=ob.start + s,
                    evidence_end=ob.start + e,
                )
            rows.append(row)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("evidence_start", "evidence_end"):
        frame[col] = frame[col].astype("Int64")
    return frame


def counted(instruments: Any, documents: Any = None, reuse_pairs: Any = None) -> Any:
    """Boolean mask of the ``instruments`` rows that count in the shares: False for every obligation of a
    near-duplicate document (``documents.duplicate_of`` set) and for an obligation inside the later copy
    of a passage its document repeats (a self-reuse passage, ``doc_a == doc_b``)."""
    import pandas as pd

    keep = pd.Series(True, index=instruments.index)
    if documents is not None and "duplicate_of" in documents.columns:
        dups = set(documents.loc[documents["duplicate_of"].notna(), "doc_id"])
        keep &= ~instruments["doc_id"].isin(dups)
    if reuse_pairs is not None and len(reuse_pairs):
        own = reuse_pairs[reuse_pairs["doc_a"] == reuse_pairs["doc_b"]]
        spans: dict[str, list[tuple[int, int]]] = {}
        for row in own.itertuples():
            spans.setdefault(row.doc_b, []).append((int(row.b_start), int(row.b_end)))
        for i, row in enumerate(instruments.itertuples()):
            for s, e in spans.get(row.doc_id, ()):
                if s <= row.obligation_start and row.obligation_end <= e:
                    keep.iloc[i] = False
                    break
    return keep


def shares_table(instruments: Any, keep: Any = None) -> Any:
    """``instrument_shares``: per document, the share of classed obligations per class (subtype empty)
    and per (class, subtype); only the rows of ``keep`` (a mask, :func:`counted`) when given."""
    import pandas as pd

    if keep is not None:
        instruments = instruments[keep]
    classed = instruments[instruments["instrument"].isin(CLASSES)]
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
