"""A fixed word list matched at an offset: the longest word ending or starting there, or the first one after.

Speed only: the extractors read a number's context against word lists of a hundred or more words (link
verbs, comparator words, lead words). A loop of ``str.endswith`` over every word costs more than the
rest of reading the number; here a lookup costs one slice and one set test per distinct word length,
and a search is one compiled alternation. The answers are those of the loops they replace: the
longest listed word wins (two words of one length cannot both end at one offset).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.text.pieces import alternation, longest_first


class WordList:
    """The words of one list, longest first, with the lookups the extractors need."""

    __slots__ = ("_by_len", "_firsts", "_lasts", "_lengths", "_rank", "longest", "pattern", "words")

    def __init__(self, words: Iterable[str]) -> None:
        # duplicates and empty words dropped; a stable sort keeps the list's order among equal lengths
        self.words: tuple[str, ...] = longest_first(w for w in words if w)
        self._rank = {w: i for i, w in enumerate(self.words)}
        self._lengths = tuple(sorted({len(w) for w in self.words}, reverse=True))
        self.longest = self._lengths[0] if self._lengths else 0  # the length of the longest word
        self._by_len = {n: frozenset(w for w in self.words if len(w) == n) for n in self._lengths}
        self._firsts = frozenset(w[0] for w in self.words)  # most offsets fail on one character
        self._lasts = frozenset(w[-1] for w in self.words)
        # the words as one alternation, longest first (at one offset the longest word matches)
        self.pattern = re.compile(alternation(self.words) or "(?!)")

    def __iter__(self):
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def ending(self, text: str, end: int | None = None, start: int = 0) -> str:
        """The longest word ``w`` with ``text[end - len(w):end] == w`` inside ``text[start:end]``, or ""."""
        end = len(text) if end is None else end
        if end <= start or text[end - 1] not in self._lasts:
            return ""
        for n in self._lengths:
            if end - n < start:
                continue
            w = text[end - n : end]
            if w in self._by_len[n]:
                return w
        return ""

    def starting(self, text: str, pos: int = 0, end: int | None = None) -> str:
        """The longest word ``w`` with ``text[pos:pos + len(w)] == w`` inside ``text[pos:end]``, or ""."""
        end = len(text) if end is None else min(end, len(text))
        if pos >= end or text[pos] not in self._firsts:
            return ""
        for n in self._lengths:
            if pos + n > end:
                continue
            w = text[pos : pos + n]
            if w in self._by_len[n]:
                return w
        return ""

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The leftmost occurrence of any word wholly inside ``text[pos:endpos]`` (the longest there)."""
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def occurring(self, text: str, start: int = 0, end: int | None = None) -> list[str]:
        """Every word that occurs wholly inside ``text[start:end]``, in list order (longest first)."""
        end = len(text) if end is None else min(end, len(text))
        if self.pattern.search(text, start, end) is None:  # the usual case, one scan
            return []
        found = {
            text[p : p + n]
            for p in range(start, end)
            for n in self._lengths
            if p + n <= end and text[p : p + n] in self._by_len[n]
        }
        return sorted(found, key=self._rank.__getitem__)
