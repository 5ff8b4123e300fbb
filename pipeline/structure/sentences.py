"""Sentence splitting inside the segments the clause tree assigns to each clause.

A sentence ends after 。！？；; ! ? or at the end of its segment (a line, a paragraph hard-wrapped over
several lines, a table cell), never inside 《》, 〔〕, （）/(), “”, 【】 or 「」: the nesting depth of each
mark is tracked, and it is reset at every segment end so that one unbalanced mark cannot swallow the
rest of the document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from pipeline.models import Sentence
from pipeline.structure import patterns as P


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _last_closer(text: str, key: str, start: int, end: int) -> int:
    """Offset of the last closing mark of the pair ``key`` in ``text[start:end]``, or -1. A mark opened at
    ``pos`` is closed later in the segment when this is at least ``pos`` (found once per segment: a search
    per opener made a run of unclosed （ quadratic)."""
    return max(text.rfind(closer, start, end) for closer in _closers_of(key))


@cache
def _closers_of(key: str) -> tuple[str, ...]:
    return tuple(ch for ch, k in P.CLOSERS.items() if k == key)


def split_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` without surrounding whitespace, in order.

    Args:
        text: the document text (offsets refer to it).
        start: where the segment starts.
        end: where it ends (default: end of text). Line breaks inside the segment also end sentences.

    Yields:
        ``(start, end)`` of each non-empty sentence.
    """
    end = len(text) if end is None else min(end, len(text))
    depth: dict[str, int] = {}
    last_closer: dict[str, int] = {}  # pair -> its last closing mark in the segment
    open_marks = 0
    sent_start = start
    for m in P.SENTENCE_MARKS_RE.finditer(text, start, end):
        ch = m.group()
        if ch in P.OPENERS:
            key = P.OPENERS[ch]
            if key not in last_closer:
                last_closer[key] = _last_closer(text, key, start, end)
            if last_closer[key] < m.end():
                continue  # a stray “ or （ with no closer in the segment must not swallow its sentences
            depth[key] = depth.get(key, 0) + 1
            open_marks += 1
        elif ch in P.CLOSERS:
            key = P.CLOSERS[ch]
            if depth.get(key, 0) > 0:
                depth[key] -= 1
                open_marks -= 1
        elif open_marks == 0:  # a terminator outside any bracket or quote
            s, e = _trimmed(text, sent_start, m.end())
            if e > s:
                yield s, e
            sent_start = m.end()
    s, e = _trimmed(text, sent_start, end)
    if e > s:
        yield s, e


def split_sentences(text: str, segments: Iterable[tuple[int, int, str | None]]) -> list[Sentence]:
    """Sentences of every segment, numbered ``s1``, ``s2``... in document order.

    Args:
        text: the document text.
        segments: ``(start, end, clause_id)`` pieces of text owned by one clause each.

    Returns:
        The sentences; ``text == source[start:end]`` holds for each.
    """
    out: list[Sentence] = []
    for seg_start, seg_end, clause_id in sorted(segments, key=lambda seg: seg[0]):
        for s, e in split_spans(text, seg_start, seg_end):
            out.append(Sentence(f"s{len(out) + 1}", clause_id, text[s:e], s, e))
    return out
