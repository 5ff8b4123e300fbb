"""Text reuse between documents (and within one): MinHash/LSH candidates confirmed by local alignment.

1. Each text is compacted (whitespace, table bars ``|`` and dot leaders dropped; an offset map leads back) and cut
   into units: its sentences (an annex cell is one), long ones into windows of :data:`WINDOW` characters.
2. Character :data:`SHINGLE`-grams are counted by document frequency across the compared corpus; a
   shingle shared by many documents (以习近平新时代中国特色社会主义思想为指导) is boilerplate: it is left out of
   the MinHash sets and its characters weigh less in the alignment (:func:`boilerplate_weight`).
3. Each unit's MinHash goes into a ``datasketch.MinHashLSH`` index; querying it gives candidate
   unit pairs without comparing all pairs (a unit's own document is queried too, for an annex that
   restates the body).
4. Each candidate pair is aligned with :func:`pipeline.compare.align.smith_waterman`; alignments of the
   same two documents that touch on both sides are merged into passages.
5. A passage with fewer than :data:`MIN_PASSAGE` characters outside boilerplate on either side (the
   （牵头单位：…） formula, recipient and contact lines, headings, by document frequency) is left out.
6. A passage is labelled from the records inside its two spans: ``target changed`` (50% -> 60%),
   ``deadline moved``, ``actor changed``, else ``copied``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pipeline.compare.align import Alignment, smith_waterman
from pipeline.models import PolicyRecord

SHINGLE = 5  # characters per shingle
WINDOW = 240  # characters per window
STRIDE = 120
EXTEND = 120  # characters added on each side of a candidate unit before aligning it
NUM_PERM = 128
LSH_THRESHOLD = 0.3  # estimated Jaccard of unit shingle sets
LSH_WEIGHTS = (0.2, 0.8)  # false positives are cheap (the alignment rejects them), misses are not
MIN_PASSAGE = 24  # aligned characters (compacted) on each side: an annex row can be this short
MIN_SIMILARITY = 0.6
RARE = 0.6  # a character weighs at least this (its shingle is in about 12 or fewer of 218 documents): not boilerplate
PAIR_COLUMNS = [
    "doc_a",
    "doc_b",
    "a_start",
    "a_end",
    "b_start",
    "b_end",
    "similarity",
    "label",
    "detail",
    "a_text",
    "b_text",
]
SUMMARY_COLUMNS = ["doc_a", "doc_b", "share_a", "share_b", "n_passages", "chars_a", "chars_b"]
_DROP_RE = re.compile(r"[\s\u3000|]+|[.…·．]{3,}")  # whitespace, table bars, dot leaders of a contents list


@dataclass
class _Doc:
    record: PolicyRecord
    compact: str
    pos: np.ndarray  # compact index -> offset in record.text
    weight: np.ndarray | None = None  # per compact character
    own: np.ndarray | None = (
        None  # cumulative count of characters neither boilerplate nor in a department name
    )


def _compact(record: PolicyRecord) -> _Doc:
    dropped = np.zeros(len(record.text), dtype=bool)
    for m in _DROP_RE.finditer(record.text):
        dropped[m.start() : m.end()] = True
    keep = np.flatnonzero(~dropped)
    return _Doc(record, "".join(record.text[i] for i in keep), keep.astype(np.int64))


def _shingles(s: str) -> list[str]:
    return [s[i : i + SHINGLE] for i in range(len(s) - SHINGLE + 1)]


def boilerplate_weight(df: int, n_docs: int) -> float:
    """Weight (0.1..1) of a shingle found in ``df`` of ``n_docs`` documents: 1 when at most two share it,
    falling with log(n/df) as more do; all 1 below four documents (no corpus to judge by)."""
    if n_docs < 4 or df <= 2:
        return 1.0
    return min(1.0, max(0.1, math.log(n_docs / df) / math.log(n_docs / 2)))


def _weights(docs: list[_Doc]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(_shingles(d.compact)))
    n = len(docs)
    weights = {sh: boilerplate_weight(c, n) for sh, c in df.items() if c > 2}
    for d in docs:
        sh = np.array([weights.get(s, 1.0) for s in _shingles(d.compact)] or [1.0])
        w = np.zeros(len(d.compact))
        for k in range(SHINGLE):  # a character weighs as much as the best shingle covering it
            seg = w[k : k + len(sh)]
            np.maximum(seg, sh[: len(seg)], out=seg)
        d.weight = w
        own = w >= RARE
        for m in d.record.departments:  # an assignment or recipient list is names, not restated text
            own[np.searchsorted(d.pos, m.start) : np.searchsorted(d.pos, m.end)] = False
        d.own = np.concatenate([[0], np.cumsum(own)])
    return weights


def _units(d: _Doc) -> list[tuple[int, int]]:
    """Compact spans to hash: the record's sentences (an annex cell is one), long ones cut into windows of
    :data:`WINDOW` by :data:`STRIDE`; fixed windows over the whole text when there are no sentences."""
    n = len(d.compact)
    spans = [
        (int(np.searchsorted(d.pos, s.start)), int(np.searchsorted(d.pos, s.end))) for s in d.record.sentences
    ] or [(0, n)]
    out = []
    for lo, hi in spans:
        if hi - lo <= WINDOW:
            out.append((lo, hi))
            continue
        out += [(s, min(hi, s + WINDOW)) for s in range(lo, max(lo + 1, hi - WINDOW + STRIDE), STRIDE)]
    return [(lo, hi) for lo, hi in out if hi - lo >= MIN_PASSAGE // 2]


def _candidates(docs: list[_Doc], weights: dict[str, float]) -> set[tuple[int, int, int, int, int, int]]:
    """Candidate unit pairs ``(doc_i, lo_i, hi_i, doc_j, lo_j, hi_j)``, each pair once."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    hashes: dict[tuple[int, int, int], Any] = {}
    for i, d in enumerate(docs):
        for lo, hi in _units(d):
            sh = {x for x in _shingles(d.compact[lo:hi]) if weights.get(x, 1.0) >= 0.5}
            if len(sh) < 5:
                continue
            mh = MinHash(num_perm=NUM_PERM, seed=1)
            mh.update_batch([x.encode("utf-8") for x in sh])
            key = (i, lo, hi)
            if key not in hashes:
                lsh.insert(key, mh)
                hashes[key] = mh
    pairs = set()
    for key, mh in hashes.items():
        i, lo, hi = key
        for j, lo2, hi2 in lsh.query(mh):
            if (j, lo2) <= (i, lo) or (i == j and lo2 < hi):
                continue  # each pair once; within a document only units that do not overlap
            pairs.add((i, lo, hi, j, lo2, hi2))
    return pairs


def _align(a: _Doc, span_a: tuple[int, int], b: _Doc, span_b: tuple[int, int]) -> Alignment | None:
    a_lo, b_lo = max(0, span_a[0] - EXTEND), max(0, span_b[0] - EXTEND)
    a_hi, b_hi = span_a[1] + EXTEND, span_b[1] + EXTEND
    if a is b:
        a_hi = min(a_hi, b_lo)  # the two sides of a self-alignment never overlap
    al = smith_waterman(a.compact[a_lo:a_hi], b.compact[b_lo:b_hi], a.weight[a_lo:a_hi], b.weight[b_lo:b_hi])
    if al is None:
        return None
    return Alignment(
        al.a_start + a_lo, al.a_end + a_lo, al.b_start + b_lo, al.b_end + b_lo, al.score, al.matches
    )


def _merge(alignments: list[Alignment]) -> list[Alignment]:
    """Alignments of one document pair that overlap or touch on both sides, merged."""
    out: list[Alignment] = []
    for al in sorted(alignments, key=lambda x: (x.a_start, x.b_start)):
        for k, cur in enumerate(out):
            touch_a = al.a_start <= cur.a_end + SHINGLE and cur.a_start <= al.a_end + SHINGLE
            touch_b = al.b_start <= cur.b_end + SHINGLE and cur.b_start <= al.b_end + SHINGLE
            if touch_a and touch_b:
                # matches of the overlapping part are counted once, in proportion to the new length
                a_new = max(0, al.a_end - max(al.a_start, cur.a_end))
                extra = round(al.matches * a_new / max(1, al.a_end - al.a_start))
                out[k] = Alignment(
                    min(cur.a_start, al.a_start),
                    max(cur.a_end, al.a_end),
                    min(cur.b_start, al.b_start),
                    max(cur.b_end, al.b_end),
                    cur.score + al.score,
                    cur.matches + extra,
                )
                break
        else:
            out.append(al)
    return out


def _covered(alignments: list[Alignment], span_a: tuple[int, int], span_b: tuple[int, int]) -> bool:
    ca, cb = sum(span_a) // 2, sum(span_b) // 2
    return any(x.a_start <= ca < x.a_end and x.b_start <= cb < x.b_end for x in alignments)


def _fmt_target(t: Any) -> str:
    return f"{t.value:g}{t.unit or ''}"


def _pairs(
    xs: list[Any], span_a: tuple[int, int], ys: list[Any], span_b: tuple[int, int]
) -> list[tuple[Any, Any]]:
    """Records of the two spans paired by relative position (within a tenth of the passage)."""
    la, lb = max(1, span_a[1] - span_a[0]), max(1, span_b[1] - span_b[0])
    out, used = [], set()
    for x in xs:
        rx = (x.start - span_a[0]) / la
        best = min(
            (y for y in ys if id(y) not in used),
            key=lambda y: abs((y.start - span_b[0]) / lb - rx),
            default=None,
        )
        if best is not None and abs((best.start - span_b[0]) / lb - rx) <= 0.1:
            used.add(id(best))
            out.append((x, best))
    return out


def _only_here(mine: list[Any], theirs: list[Any], their_text: str) -> list[str]:
    """Canonical departments of ``mine`` absent from the other side, by canonical name and by text (a name
    the other side's department stage read differently is not a change)."""
    canon = {m.canonical for m in theirs}
    return list(
        dict.fromkeys(m.canonical for m in mine if m.canonical not in canon and m.text not in their_text)
    )


def label_passage(
    a: PolicyRecord, span_a: tuple[int, int], b: PolicyRecord, span_b: tuple[int, int]
) -> tuple[str, str]:
    """``(label, detail)`` of an aligned passage from the records inside each span.

    Targets and deadlines of the two spans are paired by relative position; a pair with another value
    (or unit) is a changed target, a pair with another due date a moved deadline; a department that the
    other side lacks (by canonical name and by text) is a changed actor.
    """

    def inside(items: Sequence[Any], span: tuple[int, int]) -> list[Any]:
        return sorted((x for x in items if span[0] <= x.start and x.end <= span[1]), key=lambda x: x.start)

    labels, details = [], []
    targets = _pairs(inside(a.targets, span_a), span_a, inside(b.targets, span_b), span_b)
    changed = [(x, y) for x, y in targets if (x.value, x.unit) != (y.value, y.unit)]
    if changed:
        labels.append("target changed")
        details += [f"{_fmt_target(x)} → {_fmt_target(y)}" for x, y in changed]
    deadlines = _pairs(inside(a.deadlines, span_a), span_a, inside(b.deadlines, span_b), span_b)
    moved = [(x, y) for x, y in deadlines if (x.due_date, x.recurrence) != (y.due_date, y.recurrence)]
    if moved:
        labels.append("deadline moved")
        details += [f"{x.due_date or x.recurrence} → {y.due_date or y.recurrence}" for x, y in moved]
    ma, mb = inside(a.departments, span_a), inside(b.departments, span_b)
    only_a = _only_here(ma, mb, b.text[span_b[0] : span_b[1]])
    only_b = _only_here(mb, ma, a.text[span_a[0] : span_a[1]])
    if only_a or only_b:
        labels.append("actor changed")
        details.append(f"{'、'.join(only_a) or '-'} → {'、'.join(only_b) or '-'}")
    return ("; ".join(labels) or "copied"), "; ".join(details)


def empty_tables() -> tuple[Any, Any]:
    import pandas as pd

    return pd.DataFrame(columns=PAIR_COLUMNS), pd.DataFrame(columns=SUMMARY_COLUMNS)


def _union(spans: list[tuple[int, int]]) -> int:
    total, end = 0, -1
    for s, e in sorted(spans):
        if e > end:
            total += e - max(s, end)
            end = e
    return total


def is_boilerplate(d: _Doc, start: int, end: int) -> bool:
    """True when the compact span ``start:end`` of ``d`` holds fewer than :data:`MIN_PASSAGE` characters
    that are neither boilerplate (weight below :data:`RARE`, by document frequency) nor inside a department
    name: a passage made of formulas (（牵头单位：省发展改革委；责任单位：…）, recipient and contact lines,
    headings)."""
    return int(d.own[end] - d.own[start]) < MIN_PASSAGE


def reuse_tables(records: Sequence[PolicyRecord], *, boilerplate: bool = False) -> tuple[Any, Any]:
    """``(reuse_pairs, reuse_summary)`` of ``records`` (see the module docstring); passages that are
    boilerplate on either side (:func:`is_boilerplate`) are left out unless ``boilerplate``."""
    import pandas as pd

    docs = [_compact(r) for r in records]
    weights = _weights(docs)
    by_pair: dict[tuple[int, int], list[Alignment]] = {}
    for i, lo, hi, j, lo2, hi2 in sorted(_candidates(docs, weights)):
        found = by_pair.setdefault((i, j), [])
        if _covered(found, (lo, hi), (lo2, hi2)):
            continue
        al = _align(docs[i], (lo, hi), docs[j], (lo2, hi2))
        if al is not None and min(al.a_end - al.a_start, al.b_end - al.b_start) >= MIN_PASSAGE:
            found.append(al)
    pair_rows, summary_rows = [], []
    for (i, j), found in sorted(by_pair.items()):
        a, b = docs[i], docs[j]
        passages = [
            p
            for p in _merge(found)
            if p.similarity >= MIN_SIMILARITY
            and (
                boilerplate
                or not (is_boilerplate(a, p.a_start, p.a_end) or is_boilerplate(b, p.b_start, p.b_end))
            )
        ]
        if not passages:
            continue
        for p in passages:
            span_a = (int(a.pos[p.a_start]), int(a.pos[p.a_end - 1]) + 1)
            span_b = (int(b.pos[p.b_start]), int(b.pos[p.b_end - 1]) + 1)
            label, detail = label_passage(a.record, span_a, b.record, span_b)
            pair_rows.append(
                {
                    "doc_a": a.record.document.doc_id,
                    "doc_b": b.record.document.doc_id,
                    "a_start": span_a[0],
                    "a_end": span_a[1],
                    "b_start": span_b[0],
                    "b_end": span_b[1],
                    "similarity": round(p.similarity, 3),
                    "label": label,
                    "detail": detail,
                    "a_text": a.record.text[span_a[0] : span_a[1]],
                    "b_text": b.record.text[span_b[0] : span_b[1]],
                }
            )
        spans_a = [(p.a_start, p.a_end) for p in passages]
        spans_b = [(p.b_start, p.b_end) for p in passages]
        if i == j:
            spans_a = spans_b = spans_a + spans_b
        chars_a, chars_b = _union(spans_a), _union(spans_b)
        summary_rows.append(
            {
                "doc_a": a.record.document.doc_id,
                "doc_b": b.record.document.doc_id,
                "share_a": round(chars_a / max(1, len(a.compact)), 4),
                "share_b": round(chars_b / max(1, len(b.compact)), 4),
                "n_passages": len(passages),
                "chars_a": chars_a,
                "chars_b": chars_b,
            }
        )
    return pd.DataFrame(pair_rows, columns=PAIR_COLUMNS), pd.DataFrame(summary_rows, columns=SUMMARY_COLUMNS)
