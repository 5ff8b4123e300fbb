"""Chinese calendar dates: 2021年3月2日, 二〇二一年三月二日, 2021-03-02, 2021.3.2, ２０２１年３月２日.

:func:`parse_cn_date` reads one date string, :func:`parse_cn_date_parts` also accepts a year and month
without a day (2021年4月), :func:`find_dates` scans a text and gives offsets into it. Chinese numerals are
converted with cn2an, on the numeral pieces only.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from pipeline.structure.header_patterns import DATE_ARABIC_RE, DATE_CN_RE, DATE_NUMERIC_RE, YEAR_ONLY_RE

logger = logging.getLogger(__name__)

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
# cn2an knows 〇 and 零 but not the look-alike circle ○ (U+25CB) that many texts use for zero.
_ZERO = str.maketrans({"○": "〇"})
_PATTERNS = (DATE_ARABIC_RE, DATE_CN_RE, DATE_NUMERIC_RE)

DateParts = tuple[int, int | None, int | None]


def _number(piece: str | None) -> int | None:
    """An int from ASCII, full-width or Chinese digits; None for a missing or unreadable piece."""
    if piece is None:
        return None
    piece = piece.translate(_FULLWIDTH).translate(_ZERO)
    if piece.isascii() and piece.isdigit():
        return int(piece)
    try:
        import cn2an  # imported on first use: it costs ~0.15 s, too much for `--help`

        return int(cn2an.cn2an(piece, "normal"))
    except (ValueError, KeyError, TypeError):  # cn2an raises ValueError on malformed numerals
        logger.debug("not a Chinese numeral: %r", piece)
        return None


def _parts(match: re.Match[str]) -> DateParts | None:
    year, month, day = _number(match["y"]), _number(match["m"]), _number(match["d"])
    if year is None or month is None or not 1 <= month <= 12:
        return None
    if match["d"] is not None:
        if day is None:
            return None
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return year, month, day


def parse_cn_date_parts(s: str) -> DateParts | None:
    """``(year, month, day)`` of a whole-string date; ``day`` (and for a bare year, month) may be None.

    Args:
        s: e.g. "2021年3月2日", "二〇二一年四月", "2021.3.2", "2021年".

    Returns:
        The parts, or None when ``s`` is not a date on its own.
    """
    s = s.strip() if isinstance(s, str) else ""
    if not s:
        return None
    for pattern in _PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            return _parts(m)
    m = YEAR_ONLY_RE.fullmatch(s)
    if m:
        year = _number(m["y"])
        return (year, None, None) if year else None
    return None


def parse_cn_date(s: str) -> dt.date | None:
    """A full date written as one string, or None (also for partial dates like 2021年4月)."""
    parts = parse_cn_date_parts(s)
    if parts is None or parts[1] is None or parts[2] is None:
        return None
    return dt.date(parts[0], parts[1], parts[2])


def find_date_parts(text: str) -> list[tuple[int, int, DateParts]]:
    """Every date in ``text``, full or year-month, as ``(start, end, parts)`` sorted by start."""
    found: list[tuple[int, int, DateParts]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            parts = _parts(m)
            if parts is not None:
                found.append((m.start(), m.end(), parts))
    found.sort()
    out: list[tuple[int, int, DateParts]] = []
    for item in found:  # patterns do not overlap in practice; keep the first of any overlap
        if not out or item[0] >= out[-1][1]:
            out.append(item)
    return out


def find_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every full date in ``text`` as ``(start, end, date)``; ``text[start:end]`` is the date as written."""
    return [
        (s, e, dt.date(p[0], p[1], p[2])) for s, e, p in find_date_parts(text) if p[2] is not None and p[1]
    ]
