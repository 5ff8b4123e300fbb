"""Overlap agreement of target indicators with the gold's verbatim ``indicator_quote`` (tests/gold/README.md).

An indicator is a phrase, so exact match is too harsh and a yes/no overlap too lenient: agreement is the
character-level F1 of the predicted and gold phrases. With offsets on both sides it is the F1 of the two
character spans (overlap / predicted length, overlap / gold length); a prediction without offsets is scored
by the longest common subsequence of the two strings (LCS length / each length). A gold quote of ``null``
(nothing is named) agrees only with a prediction of no indicator. The score of a document is the mean
over the matched targets whose gold has ``indicator_quote``.
"""

from __future__ import annotations

from typing import Any

WINDOW = 160  # characters around the target in which the gold quote is looked for


def indicator_span(text: str, target: tuple[int, int], quote: str) -> tuple[int, int] | None:
    """The occurrence of ``quote`` nearest to the ``target`` span (within :data:`WINDOW`), or None."""
    lo, hi = max(0, target[0] - WINDOW - len(quote)), min(len(text), target[1] + WINDOW + len(quote))
    best: tuple[int, int] | None = None
    pos = text.find(quote, lo, hi)
    while pos >= 0:
        end = pos + len(quote)
        gap = max(target[0] - end, pos - target[1], 0)
        if best is None or gap < max(target[0] - best[1], best[0] - target[1], 0):
            best = (pos, end)
        pos = text.find(quote, pos + 1, hi)
    return best


def _f1(common: int, n_pred: int, n_gold: int) -> float:
    if not common:
        return 0.0
    p, r = common / n_pred, common / n_gold
    return 2 * p * r / (p + r)


def span_f1(pred: tuple[int, int], gold: tuple[int, int]) -> float:
    """Character F1 of two spans."""
    common = max(0, min(pred[1], gold[1]) - max(pred[0], gold[0]))
    return _f1(common, pred[1] - pred[0], gold[1] - gold[0])


def lcs_f1(pred: str, gold: str) -> float:
    """Character F1 of two strings by their longest common subsequence."""
    from rapidfuzz.distance import LCSseq

    return _f1(LCSseq.similarity(pred, gold), len(pred), len(gold)) if pred and gold else 0.0


def agreement(text: str, gold: dict[str, Any], gold_span: tuple[int, int], pred: Any) -> float:
    """Agreement of one matched prediction's indicator with the gold item's ``indicator_quote``."""
    quote = gold["indicator_quote"]
    if quote is None:
        return float(not pred.indicator)
    if not pred.indicator:
        return 0.0
    span = indicator_span(text, gold_span, quote)
    start, end = getattr(pred, "indicator_start", None), getattr(pred, "indicator_end", None)
    if span is not None and start is not None and end is not None:
        return span_f1((start, end), span)
    return lcs_f1(pred.indicator, quote)


def add_agreement(
    totals: dict[str, list[float]],
    bad: dict[str, Any],
    text: str,
    gold: dict[str, Any],
    span: tuple[int, int],
    pred: Any,
) -> None:
    """Add one matched target's agreement to ``totals['indicator']`` (sum, count); below 0.5 it is also
    listed in ``bad`` as a wrong attribute."""
    agree = agreement(text, gold, span, pred)
    total = totals.setdefault("indicator", [0.0, 0])
    total[0] += agree
    total[1] += 1
    if agree < 0.5:
        bad["indicator"] = {"expected": gold["indicator_quote"], "got": pred.indicator}


def check_quote(text: str, item: dict[str, Any], span: tuple[int, int]) -> str | None:
    """Why ``item['indicator_quote']`` is malformed for the target at ``span``, or None when it is fine."""
    if "indicator_quote" not in item:
        return None
    quote = item["indicator_quote"]
    if quote is None:
        return None
    if not isinstance(quote, str) or not quote:
        return "'indicator_quote' must be a non-empty string or null"
    if indicator_span(text, span, quote) is None:
        return f"indicator_quote {quote!r} is not within {WINDOW} characters of the target"
    return None
