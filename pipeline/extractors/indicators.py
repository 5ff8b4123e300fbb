"""The indicator of a numeric target: the verbatim phrase naming what is measured, with its offsets.

全市建成20个以上特色品牌专业 -> 特色品牌专业; “双师型”教师占专业课教师比例达到50%以上 -> “双师型”教师占专业课教师比例.

Rules, in order (vocabulary in ``resources/indicator_cues.json`` and ``target_cues.json``):

* The *subject* is the text before the number in its clause segment, after a deadline (到2025年), after
  the previous value when a separator follows it (生产效率提高45%、产品研制周期缩短35%), and after the last
  ``、`` preceded by a value; link verbs, comparator words and adverbs are stripped from its end
  (比例达到 -> 比例), lead words (力争, 实现, 推出, 全市 ...) from its start.
* The *forward phrase* is the text after the number and its unit (a leading 的 skipped) up to a
  delimiter, a ``、`` that starts another item (not one joining modifiers: 国、省示范校), a digit or an
  unmatched closing quote; for counts it also ends
  at a stop word (建设, 实现, 对接 ...), for percentages it runs to the end of the segment (70%以上学校达到
  国家标准 -> 学校达到国家标准: the share of what).
* A parameter (按企业职工总数的2%) is measured on its base: the text after 按 (企业职工总数).
* The subject wins when a link verb or comparator joins it to the number, when it holds 占, or when the
  forward text starts with 的 (噪音水平0.6Pa以内的压力传感器 -> 噪音水平); else the forward phrase, else
  the subject (each year's 考核一次: after the last 每年).

A line break between two Chinese characters is a line wrap of converted PDF text, not a boundary; it is
kept inside the span, so ``text == source[start:end]`` holds.
"""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from pipeline.extractors import number_patterns as np_
from pipeline.resources import load_json
from pipeline.text import pieces
from pipeline.text.wordlist import WordList

if TYPE_CHECKING:
    from pipeline.context import DocContext

_HARD = frozenset(np_.SEGMENT_DELIMS) - {"\n"}
_CLOSERS = pieces.QUOTE_CLOSERS
_OPENERS = pieces.QUOTE_OPENERS
# The subject and the forward phrase are read at most this far from the number (speed only: a segment
# without delimiters, such as a flattened table, would otherwise be scanned once per number in it).
_WINDOW = 200
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十百千万两")
_JOINERS = "、和及与并 \u3000"
_TAIL_WORDS = WordList(("的", "和", "及", "与", "并", "、"))  # stripped from the end of a forward phrase


def _longest(words: Any) -> WordList:
    return WordList(sorted(set(words)))  # one order among equal lengths, whatever the lists' order


@cache
def _cues() -> dict[str, Any]:
    cues = load_json("target_cues.json")
    comp = load_json("comparators.json")
    own = load_json("indicator_cues.json")
    link = (
        [w for w in cues["link_verbs"] if w != "的"] + list(comp["prefix"]) + list(own.get("link_words", ()))
    )
    elided = pieces.alternation(own.get("elided_subject_words", ()))
    return {
        "link": _longest(link),
        "base_end": _longest(["的", *link]),  # stripped from the end of a parameter's base
        "adverbs": _longest(list(cues.get("link_adverbs", ())) + list(own.get("link_adverbs", ()))),
        "elided": tuple(own.get("elided_subject_words", ())),
        "elided_re": re.compile(r"(?:19|20)\d{2}\s*年" + (f"|{elided}" if elided else "")),
        # comparator words lead a parameter's base (按照不低于公用经费的5%); one-character ones (超, 近)
        # also start ordinary words (超高清), so only the longer ones are stripped
        "lead": _longest(
            list(cues["lead_words"]) + list(own["lead_words"]) + [w for w in comp["prefix"] if len(w) > 1]
        ),
        "param_before": _longest(cues["parameter_before"]),
        "suffix": _longest(comp["suffix"]),
        "np_stop": _longest(list(cues["np_stop"]) + list(own["np_stop"])),
        "recurrence": _longest(own["recurrence_words"]),
        "max_chars": int(own.get("max_chars", 32)),
        "grant": _longest(cues.get("grant_verbs", ())),  # 给予: its object follows the value
    }


def _is_cjk(ch: str) -> bool:
    return bool(ch) and np_.CJK_RE.match(ch) is not None


def _boundary(text: str, i: int) -> bool:
    """True when ``text[i]`` ends a clause segment (a line break only when it is not a PDF line wrap)."""
    ch = text[i]
    if ch in _HARD:
        return True
    if ch == "\n":
        return not (i > 0 and i + 1 < len(text) and _is_cjk(text[i - 1]) and _is_cjk(text[i + 1]))
    return False


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \u3000\n\t":
        s += 1
    while e > s and text[e - 1] in " \u3000\n\t":
        e -= 1
    return s, e


def _strip_end(text: str, s: int, e: int, words: WordList) -> tuple[int, bool]:
    """``e`` moved back over blanks and the longest of ``words`` ending there, repeatedly."""
    stripped = False
    while e > s:
        e = _trim(text, s, e)[1]
        w = words.ending(text, e, s)
        if not w:
            break
        e, stripped = e - len(w), True
    return e, stripped


def _strip_start(text: str, s: int, e: int, words: WordList) -> int:
    """``s`` moved on over blanks and the longest of ``words`` starting there, repeatedly."""
    while s < e:
        s = _trim(text, s, e)[0]
        w = words.starting(text, s, e)
        if not w:
            break
        s += len(w)
    return s


@lru_cache(maxsize=4)
def _boundaries(text: str) -> list[int]:
    """Sorted offsets where :func:`_boundary` holds, found once per text (speed only)."""
    return [i for i in np_.delimiter_positions(text) if _boundary(text, i)]


def _clause_start(text: str, lo: int, start: int) -> int:
    """Where the clause holding ``start`` begins: after the last :func:`_boundary` before it, not before
    ``lo`` (a clause, not a line: 补贴上限为 / 每年 10 万元 wraps one)."""
    bounds = _boundaries(text)
    b = bisect.bisect_left(bounds, start) - 1
    return bounds[b] + 1 if b >= 0 and bounds[b] >= lo else lo


def _subject_start(ctx: DocContext, text: str, lo: int, start: int, prev_end: int) -> int:
    s = _clause_start(text, lo, start)
    starts = ctx.memo.deadline_starts
    if starts is None or len(starts) != len(ctx.deadlines):
        starts = ctx.memo.deadline_starts = [d.start for d in ctx.deadlines]
    i = bisect.bisect_left(starts, start) - 1
    if i >= 0 and s <= ctx.deadlines[i].start and ctx.deadlines[i].end <= start:
        s = ctx.deadlines[i].end  # 力争到2025年全市…: after the deadline
    if s <= prev_end <= start:
        after = _strip_start(text, prev_end, start, _cues()["suffix"])
        if after < start and text[after] in _JOINERS + "，,":
            s = after + 1  # 提高45%、产品研制周期缩短35%: after the previous value
    i = text.rfind("、", s + 1, start)  # the last 、 preceded by a value (an earlier one sees fewer)
    if i > s and any(ch.isdigit() for ch in text[s:i]) and not _YEAR_BEFORE_RE.search(text, s, i):
        return i + 1  # 性能达到128TFLOPS（16位浮点）、能效比超过…; not 2023年、2024年分别…: years listed
    return s


def _coordinated(text: str, pos: int, i: int, hi: int) -> bool:
    """True when the 、 at ``i`` joins modifiers of one noun: 国、省示范校, 专业水平高、服务能力强的…供应商
    (a one-character conjunct, or a 的 ahead in the segment), not when a number or another item follows."""
    if text[i + 1 : i + 2] in _NUMERALS:
        return False
    if i - pos == 1:
        return True
    j = i + 1
    while j < hi and not _boundary(text, j) and text[j] != "、":
        if text[j] == "的":
            return True
        j += 1
    return False


def forward_phrase(text: str, pos: int, hi: int, *, percent: bool) -> tuple[int, int]:
    """``(start, end)`` of the noun phrase after a value ending at ``pos``, up to ``hi``: the one scanner of
    what follows a number (the target's indicator, and the noun of a structure description)."""
    if pos < hi and text[pos] in _HARD:
        return pos, pos  # 1%，: the segment ends at the unit (speed only: the general case says the same)
    cues = _cues()
    pos = _trim(text, pos, hi)[0]
    if text.startswith("、", pos):
        return pos, pos  # 绝对精度100Pa以内、噪音水平…: the next item, not this one's phrase
    if text.startswith("的", pos):
        pos += 1
    end = _phrase_end(text, pos, hi)
    if end <= pos:
        return pos, pos  # 1%，: the segment ends at the unit
    if not percent and (m := cues["np_stop"].search(text, pos + 1, end)):
        end = m.start()  # the first stop word after the phrase's first character
    end = _before_unclosed(text, pos, end)  # 一次性奖励（同时获得…，: the remark is not the phrase
    end, _ = _strip_end(text, pos, end, _TAIL_WORDS)
    return _trim(text, pos, end)


def _phrase_end(text: str, pos: int, hi: int) -> int:
    """Where the forward phrase from ``pos`` ends before ``hi``: a boundary, a digit, the next listed
    item, a quote closed that it did not open, or a list in round brackets closed."""
    depth, bracketed, listed, end = 0, 0, False, hi
    for i in np_.context_stops(text, pos, hi):  # the other characters change nothing
        ch = text[i]
        if _boundary(text, i) or ch.isdigit():
            end = i
            break
        if ch in "（(":
            bracketed += 1
            continue
        if ch in "）)" and bracketed:
            bracketed -= 1
            if not bracketed and listed:
                end = i + 1
                break  # 31个省（自治区、直辖市）: a list in brackets closes on the noun it annotates
            continue
        if ch == "、" and bracketed:
            listed = (
                True  # alternatives (省（自治区、直辖市）); 国际（地区）合作项目: one word, part of the noun
            )
            continue
        if ch == "、" and not _coordinated(text, pos, i, hi):
            end = i
            break  # 支持2所国示范学校、1所省示范学校: the next value; 万项技改、推动万企转型: the next item
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            if depth == 0:
                end = i
                break
            depth -= 1
    return end


def _before_unclosed(text: str, pos: int, end: int) -> int:
    """``end``, or the first round bracket of ``text[pos:end]`` left open there (a phrase cut by a
    delimiter or a stop word inside a parenthetical remark ends before the remark). Quotes are left
    alone: scraped texts close “ with an ASCII ", which would read as left open."""
    depth, first = 0, end
    for i in range(pos, end):
        if text[i] in "（(":
            if depth == 0:
                first = i
            depth += 1
        elif text[i] in "）)" and depth:
            depth -= 1
    return first if depth else end


def _parameter_base(text: str, s: int, start: int) -> tuple[int, int] | None:
    cues = _cues()
    for w in cues["param_before"]:
        i = text.rfind(w, s, start)
        if i >= 0:
            b = _strip_start(text, i + len(w), start, cues["lead"])
            e, _ = _strip_end(text, b, start, cues["base_end"])
            return (b, e) if e > b and np_.CJK_RE.search(text[b:e]) else None
    return None


# a subject made only of years (2024年、2025年, 2025年底) names when the values hold, not what they measure
# (one way only to split the spaces between years: 2000年 2001年 … cannot make the match backtrack
# exponentially)
_ONE_YEAR = r"(?:19|20)\d{2}\s*年(?:年?底|末|初)?"
_LISTED_YEARS_RE = re.compile(rf"{_ONE_YEAR}(?:\s*[、，,和及与至到—-]\s*{_ONE_YEAR})+\s*(?:分别|$)")
_YEAR_BEFORE_RE = re.compile(rf"{_ONE_YEAR}\s*$")
_YEARS_ONLY_RE = re.compile(rf"(?:{_ONE_YEAR}(?:\s*[、，,和及与至到—-])?\s*)+")


def elided_subject(text: str, lo: int, start: int) -> bool:
    """Whether the clause before the value at ``start`` (in the window from ``lo``) is there but names
    nothing measured: years, the ``elided_subject_words`` of indicator_cues.json (分别, 年均增长) and the
    link words, adverbs and lead words (全市, 力争) an indicator leaves out, with at least one of the first
    two (年均增长10%以上, 2024年、2025年分别突破…): a clause whose subject is that of the sentence's
    previous target."""
    cues = _cues()
    clause = _clause_start(text, max(lo, start - _WINDOW), start)
    if not cues["elided_re"].search(text, clause, start):
        return False  # speed only: no year and no elided word in the clause before the value
    s, e = _trim(text, clause, start)
    head = text[s:e]
    marked = _YEARS_ONLY_RE.sub("", head)
    for w in cues["elided"]:
        marked = marked.replace(w, "")
    if not head or marked == head:
        return False  # nothing before the value, or no year or rate word: 建成120个… names its own
    end, _ = _strip_end(marked, 0, len(marked), cues["link"])
    end, _ = _strip_end(marked, 0, end, cues["adverbs"])
    return np_.CJK_RE.search(marked[_strip_start(marked, 0, end, cues["lead"]) : end]) is None


def find_indicator(
    ctx: DocContext,
    start: int,
    end: int,
    lo: int,
    hi: int,
    *,
    kind: str,
    unit: str | None,
    prev_end: int = -1,
) -> tuple[int, int] | None:
    """``(start, end)`` of the indicator of the target ``text[start:end]`` in the window ``[lo, hi)``.

    Args:
        ctx: the document context (text and deadlines).
        start, end: the target's span (number, unit and adjacent comparator words).
        lo, hi: the sentence or table cell around it.
        kind: the target's kind (a ``parameter`` is measured on its base).
        unit: the target's unit (``%`` reads the forward phrase to the end of the segment).
        prev_end: end of the previous quantity in the window, or -1.

    Returns:
        The span, or None when nothing names the measure.
    """
    text, cues = ctx.text, _cues()
    lo, hi = max(lo, start - _WINDOW), min(hi, end + _WINDOW)
    s = _subject_start(ctx, text, lo, start, prev_end)
    if text[s:start].isspace() or s >= start:
        fwd = forward_phrase(text, end, hi, percent=unit == "%")  # 1%，: nothing before the value to read
        return fwd if fwd[1] - fwd[0] > 1 and np_.CJK_RE.search(text[fwd[0] : fwd[1]]) else None
    if kind == "parameter" and (base := _parameter_base(text, s, start)):
        return base
    subj_end, linked = _strip_end(text, s, start, cues["link"])
    linked = linked or bool(cues["link"].starting(text, start))  # 能效比超过1TFLOPS: 超过 inside the span
    subj_end, _ = _strip_end(text, s, subj_end, cues["adverbs"])
    subj_start = _strip_start(text, s, subj_end, cues["lead"])
    subj_start, subj_end = _trim(text, subj_start, subj_end)
    while subj_start < subj_end and text[subj_start] in _JOINERS:
        subj_start += 1
    if m := _LISTED_YEARS_RE.search(text, subj_start, subj_end):  # 示范项目2023年、2024年分别完成10个和20个
        subj_end = _trim(text, subj_start, m.start())[1]  # the years say when, the words before them what
    has_subject = (
        subj_end > subj_start
        and np_.CJK_RE.search(text[subj_start:subj_end]) is not None
        and not _YEARS_ONLY_RE.fullmatch(
            text, subj_start, subj_end
        )  # 2024年、2025年分别突破…: when, not what
    )
    fwd = forward_phrase(text, end, hi, percent=unit == "%")
    # 达到…的水平 measures the subject; 给予最高300万元的资金补助 the grant after 的
    attributive = text[_trim(text, end, hi)[0] : hi].startswith("的") and not cues["grant"].ending(
        text, subj_end, subj_start
    )
    if has_subject and (linked or "占" in text[subj_start:subj_end] or attributive):
        return _capped(text, subj_start, subj_end)
    if fwd[1] - fwd[0] > 1 and np_.CJK_RE.search(text[fwd[0] : fwd[1]]):
        return fwd
    if has_subject:
        for w in cues["recurrence"]:
            i = text.rfind(w, subj_start, subj_end)
            if i >= 0 and i + len(w) < subj_end:
                return i + len(w), subj_end  # 并每年考核一次 -> 考核
        return _capped(text, subj_start, subj_end)
    return None


def _capped(text: str, s: int, e: int) -> tuple[int, int]:
    limit = _cues()["max_chars"]
    return (max(s, e - limit), e)
