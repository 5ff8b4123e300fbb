"""The hand-written regular expressions of the numbers, targets and deadlines stages, each with its reason.

Vocabulary (units, comparator words, exclusions, recurrence words) lives in ``pipeline/resources``
(``units.txt``, ``comparators.json``, ``target_exclusions.json``, ``target_cues.json``,
``deadline_patterns.json``); the patterns that need it are built once by the cached functions below.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache, lru_cache

from pipeline.resources import load_json, load_lines
from pipeline.text.pieces import (
    CJK,
    CN_NUMERAL_CHARS,
    DAY,
    DIGIT_CHARS,
    MONTH,
    NUM_AR,
    NUM_CN,
    PCT_CN,
    QUOTE_CLOSERS,
    QUOTE_OPENERS,
    YEAR,
    YEAR_DIGITS,
    alternation,
    longest_first,
)

# Numbers (NUM_AR 1,200 / ５０, NUM_CN 两千五百 / 一千零五十, PCT_CN 百分之五十), years and months are the
# shared pieces of pipeline/text/pieces.py.
# Range separators between two numbers: 1—2个, 1-2个, 1至2个, 1~2个, 一至两个.
RANGE_SEP = r"(?:——|—|–|-|－|~|～|至|到)"
# Magnitude characters that belong to the unit after Arabic digits (1.5亿元 -> unit 亿元).
MAGNITUDE = "万亿千百"

# Between two amounts that form a range with the unit written twice: 5万元-10万元, 2000 万元至 1 亿元.
# Spaces only around 至/到 (text from PDF); a spaced dash is a column of a spec table (1 GHz - 12.75 GHz).
RANGE_BETWEEN_RE = re.compile(r" ?(?:至|到) ?|——|—|–|-|－|~|～")

# Delimiters of a clause segment: the context of a number never crosses them.
SEGMENT_DELIMS = "，。；：,;！？!?|\n"
SEGMENT_SPLIT_RE = re.compile(f"[{re.escape(SEGMENT_DELIMS)}]")


@cache
def context_stop_re() -> re.Pattern[str]:
    """Any character at which a scan of a number's context may stop: a delimiter, 、, a quotation mark,
    a round bracket or a digit (everything ``str.isdigit`` accepts, ① and ² included). Speed only: the scans jump from
    one such character to the next instead of stepping through every character.

    The decimal digits are ``\\d``; the other digits above U+FFFF have a class of their own, since one
    character above U+FFFF in a class makes ``re`` test its members one by one (ten times slower)."""
    other = [chr(c) for c in range(0x110000) if chr(c).isdigit() and not chr(c).isdecimal()]
    chars = SEGMENT_DELIMS + "、" + "".join(QUOTE_OPENERS) + "".join(QUOTE_CLOSERS) + ROUND_BRACKETS
    bmp = "".join(sorted(set(chars).union(c for c in other if c <= "\uffff")))
    astral = "".join(c for c in other if c > "\uffff")
    return re.compile(f"[{re.escape(bmp)}\\d]" + (f"|[{re.escape(astral)}]" if astral else ""))


ROUND_BRACKETS = "（()）"


@lru_cache(maxsize=4)
def _context_stops(text: str) -> array:
    return array("q", (m.start() for m in context_stop_re().finditer(text)))


def context_stops(text: str, start: int, end: int) -> Iterator[int]:
    """The offsets in ``[start, end)`` where :func:`context_stop_re` matches, in order. Speed only: they
    are found once per text, so a number's scan costs the stops it meets, not the length of its window."""
    stops = _context_stops(text)
    for k in range(bisect_left(stops, start), len(stops)):
        if stops[k] >= end:
            return
        yield stops[k]


@lru_cache(maxsize=4)
def delimiter_positions(text: str) -> list[int]:
    """Sorted offsets of the segment delimiters in ``text``, found once per text (speed only: finding
    the segment of each number by scanning back is quadratic in a segment without delimiters)."""
    return [m.start() for m in SEGMENT_SPLIT_RE.finditer(text)]


# ASCII letters or '+' glued to a number make it a code or a scheme (5G, IPv6, 1+X, 3+2).
GLUED_LEFT_RE = re.compile(r"[A-Za-z+＋]$")
GLUED_RIGHT_RE = re.compile(r"^[A-Za-z+＋]")
CJK_RE = re.compile(CJK)


@cache
def units() -> tuple[tuple[str, ...], frozenset[str]]:
    """All units longest first, and the set of units accepted only after Arabic digits."""
    names: list[str] = []
    arabic_only: set[str] = set()
    for line in load_lines("units.txt"):
        name, *flags = line.split()
        names.append(name)
        if "arabic" in flags:
            arabic_only.add(name)
    return longest_first(names), frozenset(arabic_only)


@cache
def quantity_re() -> re.Pattern[str]:
    """A ratio (4:6) or a number, optional range, optional magnitude and a unit or percent sign."""
    unit_alt = alternation(units()[0])
    number = f"(?:{NUM_AR}|{NUM_CN})"
    first = re.escape("".join(sorted({u[0] for u in units()[0]})) + "%％" + MAGNITUDE)
    return re.compile(
        # Speed only: a cheap look-ahead that a numeral run reaches a unit's first character (or a
        # ratio's digits) before the full alternation is tried; 一 is frequent in running text.
        rf"(?=[{DIGIT_CHARS}{CN_NUMERAL_CHARS}]"
        rf"[{DIGIT_CHARS}{CN_NUMERAL_CHARS}.．,点余多—–\-－~～至到%％ :∶：]{{0,12}}"
        rf"[{first}0-9])"
        "(?:"
        # 4:6 / 4∶6 / 1：1 -- a ratio: short numbers on both sides of the colon, not part of a code
        # (ISO 17296-1:2014, IEEE 802.3：2008) and not a clock time (9:00).
        r"(?<![0-9A-Za-z.\-/])(?P<r1>[0-9]{1,3}(?:\.[0-9]+)?)[:∶：](?!0[0-9])(?P<r2>[0-9]{1,3}(?:\.[0-9]+)?)(?![0-9.:：∶])"
        # a percentage in words needs no unit after it: 百分之五十
        rf"|(?P<pw>{PCT_CN})"
        # 50% / 1—2个 / 10%—20% / 1.5亿元 / 两次
        # (one space may stand before the unit in text converted from PDF: 28.9 亿条)
        # (余/多 after the number means "more than": 40余家, 二十多个)
        # (the multiplier may be written on both bounds of a range: 5万-10万元, m1)
        # (never from inside a run of digits: a start that fails at the run's first digit fails
        # inside it too, and trying each digit of a long run again is quadratic -- '1'*10000)
        rf"|(?<![{DIGIT_CHARS}])(?P<n1>{number})(?P<p1>[%％])?(?:(?P<m1>[万亿]{{1,2}})?(?P<sep>{RANGE_SEP})(?P<n2>{number}))?(?P<more> ?[余多])? ?"
        rf"(?P<unit>[%％]|[{MAGNITUDE}]{{0,2}}(?:{unit_alt}))"
        ")"
    )


@cache
def fixed_exclusion_re() -> re.Pattern[str]:
    """Slogans, counted names, idioms, schemes and dates whose numerals are never targets."""
    data = load_json("target_exclusions.json")
    parts = [re.escape(x) for x in longest_first(data.get("fixed_expressions", ()))]
    parts += [p for p, _why in data.get("fixed_patterns", ())]
    return re.compile("|".join(f"(?:{p})" for p in parts))


@cache
def fixed_exclusion_at_re() -> re.Pattern[str]:
    """:func:`fixed_exclusion_re` tried at every offset, overlapping matches too (group 1 holds each):
    one scan of a stretch of text finds what a scan of each number's window in it would."""
    return re.compile(f"(?=({fixed_exclusion_re().pattern}))")


# ---- deadlines --------------------------------------------------------------------------------------
DATE_LEADS = ("截止到", "截至", "截止", "到", "至", "于", "在", "自", "从")


def _alt(words) -> str:
    return alternation(words)


@cache
def _calendar() -> dict:
    return load_json("calendar_words.json")


def _part_of_year() -> str:
    """A part of a year after 年 or alone (calendar_words.json): 上半年, 年底前, 一季度, 前三季度, 秋季学期,
    or a month range (8月至11月, 1－9月份, whose first 月 may be left out)."""
    cal = _calendar()
    seps = _alt(cal["month_range_seps"])
    return (
        rf"(?P<part>{_alt(cal['year_parts'])})"
        rf"|(?P<qpre>前)?第?(?P<qn>[一二三四1-4１-４])(?:{_alt(cal['quarter_suffixes'])})"
        rf"|(?P<term>{_alt(cal['terms'])})(?P<since>起)?"
        rf"|(?P<r1>{MONTH})月?(?:{seps})(?P<r2>{MONTH})月份?"
    )


@cache
def abs_date_re() -> re.Pattern[str]:
    """An absolute date: 2025年 / 2023年底前 / 2021年4月 / 2021年6月30日前 / 二〇二五年 / ２０２５年 /
    2022年年底前 / 2023年上半年 / 2022年秋季学期 / 2022年8月至11月.

    It starts at the year so the scan is fast; the lead (到/至/截至/于, see DATE_LEADS) is read from the
    text just before it. Whether it is a deadline is decided in code from the lead, the tail
    (底/末/前/以前/内), the part of the year or the table cell.
    """
    tails = _alt(_calendar()["bound_tails"])
    return re.compile(
        # Speed only: a year starts with 1/2 in one of its three scripts; other characters fail here.
        r"(?=[12１２一二])"
        rf"(?P<y>{YEAR}) ?年"  # converted PDFs sometimes put a space before 年
        rf"(?:{_part_of_year()}|(?P<m>{MONTH})月(?:(?P<d>{DAY})[日号])?)?"
        rf"(?P<tail>{tails})?"
    )


@cache
def rel_part_re() -> re.Pattern[str]:
    """A part of a year relative to the document's date, with an optional 今年/明年 before it:
    上半年, 明年上半年, 今年年底前, 一季度, 前三季度, 秋季学期起, 8月至11月, 1－9月份."""
    cal = _calendar()
    return re.compile(
        rf"(?<![{DIGIT_CHARS}年])(?:(?P<rel>{_alt(cal['relative_years'])}))?(?:{_part_of_year()})"
        rf"(?P<tail>{_alt(cal['bound_tails'])})?"
    )


# A written year earlier in the sentence that a later part inherits (2023年上半年试点，下半年推开).
YEAR_MENTION_RE = re.compile(rf"(?P<y>{YEAR}) ?年")
# Sentence ends: a part never inherits a year across them.
SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")


@cache
def part_anchor_re() -> re.Pattern[str]:
    """Speed only: what every part of a year contains (半年, 季度, 秋季学期, 8月至11月...), found first;
    rel_part_re is then tried just before each hit."""
    cal = _calendar()
    words = [*cal["year_parts"], *cal["terms"], *cal["quarter_suffixes"]]
    first = re.escape("".join(sorted({w[0] for w in words})))
    return re.compile(
        rf"(?=[{first}{DIGIT_CHARS}一二三四五六七八九十])"
        rf"(?:{_alt(words)}|{MONTH}月?(?:{_alt(cal['month_range_seps'])}){MONTH}月)"
    )


@cache
def completion_re() -> re.Pattern[str]:
    """A completion verb (完成, 建成...) after a plain date led by 在/于: 在2023年6月完成验收."""
    return re.compile(_alt(_calendar()["completion_verbs"]))


# The end of a date relative to the document date (6月底前, 年底前, 6月30日前): found first, fast, by
# its tail; REL_HEAD_RE then reads the month (and 今年/明年) backwards from it. 年前 alone is not one
# (三年前 = three years ago).
REL_TAIL_RE = re.compile(
    r"(?:[月日](?:底以前|底之前|底前|末前|底|末|以前|之前|前|中旬前|上旬前|下旬前)|年(?:底以前|底之前|底前|底|末))"
)


@cache
def rel_head_re() -> re.Pattern[str]:
    """The month (6月, 今年6月30日) or the 年 (年底, 明年底, 明年年底) before a REL_TAIL_RE tail, read
    backwards; the relative years (今年, 明年) come from ``calendar_words.json``."""
    years = [w for w in _calendar()["relative_years"] if w.endswith("年")]
    stems = _alt(w[:-1] for w in years)
    return re.compile(
        rf"(?<![{DIGIT_CHARS}年])(?P<ry>{_alt(years)})?(?P<m>{MONTH})月(?:(?P<d>{DAY})日)?$"
        # a bare 年底 must not follow a numeral or a year (5年底, 2025年底 is an absolute date); 明年底
        # is 明年 + 底, 明年年底 is 明年 + 年底
        rf"|(?<![{DIGIT_CHARS}{CN_NUMERAL_CHARS}])(?P<ry2>(?:{stems})年?)?年$"
    )


# A five-year plan period: 十四五期间 / “十四五”期间 / 十四五末 / 十三五时期 (the plan name alone is not).
PLAN_RE = re.compile(r"[“\"]?十(?P<n>[一二三四五六七八九])?五[”\"]?(?P<tail>期间|时期|末期|末|内)")
# A bare year inside a sentence (2022年我国数字经济规模达50.2万亿元): with no 到/至 before it and no
# 底前/前 after it, a year at or before the document's own year dates a statistic.
STAT_YEAR_RE = re.compile(rf"(?<![0-9])(?P<y>{YEAR_DIGITS}) ?年(?!底前|前|以前|之前|内)")
# 从2012年到2022年 / 从 2012 至: the start of a period; the 到/至 year after it ends a span of the past.
RANGE_FROM_RE = re.compile(rf"从 ?{YEAR} ?年?[^，。；,;]{{0,6}}$")
# N年一周期 / 每两年 / 每3个月: a recurrence with a count.
RECUR_COUNT_RE = re.compile(r"每(?P<n2>[0-9]+|[两二三四五六七八九十])(?:个)?(?P<u>年|月|季度|周)")
# 5年一周期 / 三年一轮: found by its literal part, the count is read backwards (RECUR_COUNT_HEAD_RE).
RECUR_CYCLE_RE = re.compile(r"年一(?:周期|轮|次)")
RECUR_CYCLE_HEAD_RE = re.compile(r"(?P<n>[0-9]+|[一二两三四五六七八九十])$")


@cache
def recurring_re() -> re.Pattern[str]:
    """The fixed recurrence words of ``deadline_patterns.json`` (每年, 每季度, 按年度...)."""
    return re.compile(alternation(load_json("deadline_patterns.json")["recurring"]))


@cache
def ongoing_re() -> re.Pattern[str]:
    """Words of a deadline table cell meaning 'no end date' (长期坚持, 持续推进)."""
    return re.compile(alternation(load_json("deadline_patterns.json")["ongoing"]))
