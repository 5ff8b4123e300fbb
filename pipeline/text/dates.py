"""The one dates module: 2021年3月2日, 二〇二一年三月二日, 2021-03-02, 2021.3.2, ２０２１年３月２日.

The date patterns of every stage live here (header dates, a closing date line, a date in a table cell),
built from :mod:`pipeline.text.pieces`; numbers are read by :mod:`pipeline.text.numerals`.
:func:`parse_cn_date` reads one date string, :func:`parse_cn_date_parts` also accepts a year and month
without a day (2021年4月), :func:`find_dates` scans a text and gives offsets into it, :func:`month_end`
and :func:`iso` build ISO dates for the deadline stage.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re

from pipeline.text.numerals import to_int
from pipeline.text.pieces import CN_DIGIT, DAY, DIGIT, MONTH, SP, YEAR4

logger = logging.getLogger(__name__)

# Digits are never preceded or followed by another digit, so 62022.10.28 or 120213年 do not match.
# 2021年3月2日 / ２０２１年３月２日 / 2020年8月 4 日; day optional (2021年4月) for parse_cn_date_parts.
DATE_ARABIC_RE = re.compile(
    rf"(?<![0-9０-９])(?P<y>{DIGIT}{{4}}){SP}年{SP}(?P<m>{DIGIT}{{1,2}}){SP}月(?:{SP}(?P<d>{DIGIT}{{1,2}}){SP}[日号])?"
)
# 二〇二一年三月二日: the zero is written 〇 (U+3007), ○ (U+25CB, a circle typed instead) or 零.
DATE_CN_RE = re.compile(
    rf"(?P<y>{CN_DIGIT}{{4}})"
    rf"{SP}年{SP}(?P<m>[一二三四五六七八九十]{{1,3}}){SP}月(?:{SP}(?P<d>[一二三四五六七八九十]{{1,3}}){SP}[日号])?"
)
# A bare year (2021年), accepted by parse_cn_date_parts as (2021, None, None).
YEAR_ONLY_RE = re.compile(rf"(?P<y>{YEAR4}){SP}年")
# 2021-03-02, 2021.3.2, 2021/3/2 (same separator twice, so 2021-2025 or 2.0.1 are not dates).
DATE_NUMERIC_RE = re.compile(
    rf"(?<![0-9０-９.．/／\-－])(?P<y>{DIGIT}{{4}})(?P<sep>[-./－．／])(?P<m>{DIGIT}{{1,2}})(?P=sep)(?P<d>{DIGIT}{{1,2}})(?![0-9０-９])"
)
# A closing date line on its own (2021年3月2日, 二〇二一年三月二日), for the clause tree when the header
# step gave no date span. Requires a day so that "2025年" cells or headings do not match.
DATE_LINE_RE = re.compile(rf"{YEAR4}\s*年\s*{MONTH}\s*月\s*{DAY}\s*日$")
# A calendar date written in a table cell: 2021-06-30, 2021/6/30, 2021.6.30, 2021年6月30日, optionally
# followed by a midnight-style time as spreadsheets and pandas exports add it ("2021-06-30 00:00:00").
# Anything else (a year alone, "2021年6月") is kept as written.
CELL_DATE_RE = re.compile(
    r"\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*"
)
_PATTERNS = (DATE_ARABIC_RE, DATE_CN_RE, DATE_NUMERIC_RE)

DateParts = tuple[int, int | None, int | None]


def _parts(match: re.Match[str]) -> DateParts | None:
    year, month, day = to_int(match["y"]), to_int(match["m"]), to_int(match["d"])
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
        year = to_int(m["y"])
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


def month_end(year: int, month: int) -> str:
    """ISO date of the last day of ``month`` in ``year`` (2024, 2 -> 2024-02-29)."""
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def iso(year: int, month: int, day: int = 0) -> str:
    """ISO date of ``year-month-day``; ``day`` 0 or beyond the month's end means the month's last day."""
    if 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return month_end(year, month)


def cell_date(text: str) -> str | None:
    """ISO date of a whole table cell holding one calendar date (2021/6/30 00:00:00), else None."""
    m = CELL_DATE_RE.fullmatch(text)
    if m is None:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return None  # not a real calendar date


# A signature date printed as eight digits with 年月日 dropped (20151214), accepted only as a whole line.
COMPACT_DATE_RE = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)")
# The letter O typed for the zero of a year in Chinese numerals (二OO三年): replaced by 〇 in a view of
# the same length. Only an O between Chinese digits, or in a run of them before 年, is one.
_CN = "〇○零一二三四五六七八九"
YEAR_ZERO_RE = re.compile(rf"(?<=[{_CN}OＯ])[OＯ](?=[{_CN}OＯ]*年)|[OＯ](?=[{_CN}OＯ]+年)(?<=[{_CN}][OＯ])")
# Era of a document: a year outside the years of the People's Republic's documents (ERA_FIRST-ERA_LAST), or
# this far from the median of its other dates' years, is a garbled one (3133年, 1913年 in a 2018 rule).
ERA_SPAN = 30
ERA_FIRST, ERA_LAST = 1949, 2100
# Any Y年M月D日 as printed, valid or not, for the check of impossible dates.
_ANY_DATE_RE = re.compile(
    rf"(?<![0-9０-９])(?P<y>{DIGIT}{{4}}){SP}年{SP}(?P<m>{DIGIT}{{1,3}}){SP}月(?:{SP}(?P<d>{DIGIT}{{1,3}}){SP}日)?"
)


def compact_date(s: str) -> str | None:
    """ISO date of a whole string of eight digits that is a real date (20151214), else None."""
    m = COMPACT_DATE_RE.fullmatch(s.strip())
    if m is None:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return None


def year_zeros(text: str) -> str:
    """``text`` with the letter O of Chinese-numeral years read as 〇 (二OO三年 -> 二〇〇三年); same length."""
    return YEAR_ZERO_RE.sub("〇", text)


def impossible_dates(text: str) -> list[str]:
    """Warnings for the dates of ``text`` that cannot exist: a month or day beyond the calendar
    (6月81日), or a year more than ``ERA_SPAN`` years from the median year of the text's other dates
    (3133年 in a 2021 document, as garbled digits of scraped corpora have it), or outside 1949-2100.
    A date beyond the calendar is never read as one (:func:`find_dates` skips it) and the deadline stage
    reads only years 19xx/20xx (``pieces.YEAR``), so no due date stands on either."""
    bad: list[tuple[int, str]] = []
    years: list[int] = []
    seen: list[tuple[int, int, int, str]] = []
    for m in _ANY_DATE_RE.finditer(text):
        y, mo = to_int(m["y"]), to_int(m["m"])
        d = to_int(m["d"]) if m["d"] is not None else None
        if y is None or mo is None:
            continue
        try:
            dt.date(y, mo, d or 1)
        except ValueError:
            bad.append((m.start(), f"date {m.group()!r} at offset {m.start()} cannot exist"))
            continue
        years.append(y)
        seen.append((m.start(), y, mo, m.group()))
    plausible = sorted(y for y in years if ERA_FIRST <= y <= ERA_LAST)
    era = plausible[len(plausible) // 2] if plausible else None
    for start, y, _mo, written in seen:
        if not ERA_FIRST <= y <= ERA_LAST or (era is not None and abs(y - era) > ERA_SPAN):
            bad.append(
                (start, f"date {written!r} at offset {start} is far outside the document's era ({era})")
            )
    return [w for _, w in sorted(bad)]
