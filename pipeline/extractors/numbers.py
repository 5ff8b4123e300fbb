"""Numeral spans -> values: Arabic, full-width and Chinese numerals, percentages, ratios and ranges.

Only the small numeral substrings found by :func:`find_quantities` are normalised (``cn2an`` on the
numeral alone), never the document text, so 三中全会 or （一） are left untouched.

Magnitude rule: a magnitude character after digits belongs to the unit (1.5亿元 -> 1.5 亿元,
3000万元 -> 3000 万元), and so does a trailing 万/亿 of a longer Chinese numeral (三千万元 -> 3000 万元).
A magnitude character standing alone is the number itself (千亩 -> 1000 亩, 万名 -> 10000 名).
"""

from __future__ import annotations

from typing import NamedTuple

from pipeline.extractors import number_patterns as np_
from pipeline.text.numerals import is_chinese_numeral, magnitude, to_number

__all__ = ["Quantity", "find_quantities", "is_chinese_numeral", "parse_numeral"]


class Quantity(NamedTuple):
    """A number with its unit, as found in the text (absolute offsets, ``end`` after the unit).

    A named tuple: immutable, and built five times faster than a frozen dataclass (one per number of
    the text).

    ``value_max`` is the upper bound of a range (1—2个) or the second term of a ratio (4:6).
    ``chinese`` tells whether the (first) numeral is written in Chinese characters.
    """

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str | None
    is_ratio: bool = False
    is_range: bool = False
    chinese: bool = False
    raw_unit: str = ""
    more: bool = False  # 40余家, 二十多个: "more than" the value


def parse_numeral(s: str) -> float:
    """The value of one numeral (see :func:`pipeline.text.numerals.to_number`).

    Raises:
        ValueError: ``s`` is not a numeral.
    """
    return to_number(s)


def _split_magnitude(numeral: str) -> tuple[str, str]:
    """Move a trailing 万/亿 of a longer Chinese numeral to the unit: ``三千万`` -> (``三千``, ``万``)."""
    if not is_chinese_numeral(numeral):
        return numeral, ""
    i = len(numeral)
    while i > 1 and numeral[i - 1] in "万亿":
        i -= 1
    return numeral[:i], numeral[i:]


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number-with-unit, percentage or ratio in ``text[start:end]``, in text order.

    Units accepted only after Arabic digits (``units.txt`` flag ``arabic``) are dropped after Chinese
    numerals. Numerals that fail to parse are skipped. Offsets are absolute offsets into ``text``.
    """
    end = len(text) if end is None else end
    unit_arabic_only = np_.units()[1]
    out: list[Quantity] = []
    for m in np_.quantity_re().finditer(text, start, end):
        r1, r2, pw, n1, n2, raw_unit, m1, more = m.group("r1", "r2", "pw", "n1", "n2", "unit", "m1", "more")
        try:
            if r1:
                out.append(Quantity(m.start(), m.end(), parse_numeral(r1), parse_numeral(r2), "ratio", True))
                continue
            if pw:
                out.append(Quantity(m.start(), m.end(), parse_numeral(pw), None, "%", chinese=True))
                continue
            chinese = is_chinese_numeral(n1)
            unit = "%" if raw_unit in "%％" else raw_unit
            last = n2 if n2 else n1
            if is_chinese_numeral(last):
                head, mag = _split_magnitude(last)
                if mag:
                    unit = mag + unit
                    if n2:
                        n2 = head
                        n1 = _split_magnitude(n1)[0]
                    else:
                        n1 = head
            bare_unit = unit.lstrip(np_.MAGNITUDE)
            if chinese and (unit in unit_arabic_only or bare_unit in unit_arabic_only):
                continue
            value = parse_numeral(n1)
            value_max = parse_numeral(n2) if n2 else None
            if m1:  # 5万-10万元: the first bound in the unit's multiplier
                value *= magnitude(m1) / magnitude(_leading_magnitude(unit))
        except ValueError:
            continue
        out.append(
            Quantity(
                m.start(),
                m.end(),
                value,
                value_max,
                unit,
                is_range=value_max is not None,
                chinese=chinese,
                raw_unit=raw_unit,
                more=bool(more),
            )
        )
    return _merge_ranges(text, out)


def _leading_magnitude(unit: str) -> str:
    return unit[: len(unit) - len(unit.lstrip(np_.MAGNITUDE))]


def _merge_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """Join two amounts of the same unit separated only by a range sign into one range, the second
    converted to the first's multiplier: 5万元-10万元 -> 5-10 万元, 2000 万元至 1 亿元 -> 2000-10000 万元."""
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not (prev.is_range or prev.is_ratio or q.is_range or q.is_ratio)
            and prev.unit
            and q.unit
            and prev.unit.lstrip(np_.MAGNITUDE) == q.unit.lstrip(np_.MAGNITUDE)
            and np_.RANGE_BETWEEN_RE.fullmatch(text, prev.end, q.start)
        ):
            scale = magnitude(_leading_magnitude(q.unit)) / magnitude(_leading_magnitude(prev.unit))
            out[-1] = Quantity(
                prev.start,
                q.end,
                prev.value,
                q.value * scale,
                prev.unit,
                is_range=True,
                chinese=prev.chinese,
                raw_unit=prev.raw_unit,
                more=q.more,
            )
            continue
        out.append(q)
    return out
