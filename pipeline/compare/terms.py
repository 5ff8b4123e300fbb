"""Term profiles: the top terms of each document, the input of 词频 and 共词 analyses.

Words come from the project's segmenter (:mod:`pipeline.nlp`, jieba with the project's dictionary);
single characters, numbers, punctuation and the policy stop words of ``resources/policy_stopwords.txt``
are dropped. ``tfidf`` is the count times the smoothed inverse document frequency over the compared
documents, ``log((1 + n) / (1 + df)) + 1``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from pipeline.models import PolicyRecord
from pipeline.resources import load_lines
from pipeline.text.pieces import HAN_CHARS

COLUMNS = ["doc_id", "rank", "term", "count", "per_10k", "doc_freq", "tfidf"]
_WORD_RE = re.compile(rf"[{HAN_CHARS}A-Za-z][{HAN_CHARS}A-Za-z0-9\-\+]*")


def term_counts(text: str) -> Counter[str]:
    """Counts of the content words of ``text``."""
    # spaCy: loaded when a text is first counted (an empty comparison never loads it)
    from pipeline.nlp import get_nlp

    stop = frozenset(load_lines("policy_stopwords.txt"))
    tokenizer = get_nlp().tokenizer
    words = (t.text for t in tokenizer(text))
    return Counter(w for w in words if len(w) > 1 and _WORD_RE.fullmatch(w) and w not in stop)


def terms_table(records: Sequence[PolicyRecord], *, top: int = 30) -> Any:
    """``terms``: the ``top`` terms of each document by count."""
    import pandas as pd

    counts = {r.document.doc_id: term_counts(r.text) for r in records}
    df: Counter[str] = Counter()
    for c in counts.values():
        df.update(c.keys())
    n_docs = len(counts)
    rows = []
    for r in records:
        doc_id = r.document.doc_id
        c = counts[doc_id]
        n_chars = max(1, len(r.text))
        for rank, (term, n) in enumerate(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:top], start=1):
            rows.append(
                {
                    "doc_id": doc_id,
                    "rank": rank,
                    "term": term,
                    "count": n,
                    "per_10k": round(n * 10000 / n_chars, 2),
                    "doc_freq": df[term],
                    "tfidf": round(n * (math.log((1 + n_docs) / (1 + df[term])) + 1), 4),
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)
