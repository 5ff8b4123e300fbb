"""A candidate index for fuzzy sentence matching: score only the pairs that share enough character bigrams.

Scoring every (query, sentence) pair with ``rapidfuzz.fuzz.partial_ratio`` grows with the product of
their numbers, i.e. with the square of a document's length. :class:`BigramIndex` keeps, for each
distinct sentence, its set of character bigrams and an inverted index bigram -> sentences; a query is
scored only against the sentences sharing at least :data:`MIN_SHARED` of the bigrams of the shorter of
the two. Identical sentences are stored once (a compilation repeats text), identical queries are scored
once.

The filter is safe for the threshold it serves: a ``partial_ratio`` of 60 needs a common subsequence of
at least 43 % of the shorter string, and on the shared corpora every pair scoring 60 or more shares at
least 43 % of the shorter string's bigrams; :data:`MIN_SHARED` (25 %) leaves a margin below that.
``tests/test_tasks_linking.py`` checks the indexed result equals all-pairs scoring.
"""

from __future__ import annotations

import math
from collections import Counter

from rapidfuzz import fuzz

# Share of the shorter string's distinct bigrams a pair must have in common to be scored at all.
MIN_SHARED = 0.25


def bigrams(text: str) -> frozenset[str]:
    """The distinct character bigrams of ``text``."""
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


class BigramIndex:
    """Distinct sentences with their bigrams; :meth:`scores` gives the ones similar to a query."""

    def __init__(self, sentences: list[str]) -> None:
        ids: dict[str, int] = {}
        #: for each distinct sentence, its positions in the input
        self.positions: list[list[int]] = []
        for pos, text in enumerate(sentences):
            i = ids.setdefault(text, len(ids))
            if i == len(self.positions):
                self.positions.append([])
            self.positions[i].append(pos)
        self.texts: list[str] = list(ids)
        self.sizes: list[int] = []
        self.postings: dict[str, list[int]] = {}
        for i, text in enumerate(self.texts):
            grams = bigrams(text)
            self.sizes.append(len(grams))
            for g in grams:
                self.postings.setdefault(g, []).append(i)
        self._memo: dict[tuple[str, float], dict[int, float]] = {}

    def scores(self, query: str, threshold: float) -> dict[int, float]:
        """``{distinct sentence id: partial_ratio}`` of the sentences scoring ``threshold`` or more."""
        key = (query, threshold)
        if key not in self._memo:
            grams = bigrams(query)
            shared: Counter[int] = Counter()
            for g in grams:
                shared.update(self.postings.get(g, ()))
            out = {}
            for i, n in shared.items():
                if n < math.ceil(MIN_SHARED * min(len(grams), self.sizes[i])):
                    continue
                score = fuzz.partial_ratio(query, self.texts[i], score_cutoff=threshold)
                if score >= threshold:
                    out[i] = score
            self._memo[key] = out
        return self._memo[key]

    def matches(self, query: str, threshold: float) -> list[tuple[int, float]]:
        """``(input position, score)`` of every input sentence scoring ``threshold`` or more, in order."""
        hits = self.scores(query, threshold)
        return sorted((pos, score) for i, score in hits.items() for pos in self.positions[i])
