"""Numeric targets: 建成20个以上特色品牌专业, “双师型”教师比例达到50%以上, 职普比不低于4:6.

Span rule: a target's ``text`` is the number with its unit plus the comparator words that touch it
(``50%以上``, ``不低于4:6``, ``10个左右``, ``约10个``); 达到 and comparators separated from the number
(至少召开两次) set ``comparator`` but stay outside the span.

Indicator rule: the subject before a link verb when the number follows (比例达到50% -> 比例), else the
noun phrase after the unit (建设30门精品在线课程 -> 精品在线课程, after its last 的); for a parameter the
base after 按 (按企业职工总数的2% -> 企业职工总数).

Not targets: numbers without a unit (labels, years, 文号), dates, ordinals (第N), the exclusions of
``target_exclusions.json`` (slogans such as 一县一品牌, plan names, 1+X schemes, 5G), a lone Chinese 一
without a comparator (an article: 一个, 一批) unless the sentence states a recurrence (每年考核一次).

Kind: counted mentions of existing things are ``baseline`` (a number right after a mention verb,
支持2所国示范学校、1所省示范学校, or closing an enumeration of names, 西峰职专、环县职专、镇原职专3所);
a rule the policy sets after 按照/按 (按照1个专业对接一个产业链, 按企业职工总数的2%) is a ``parameter``.
"""

from __future__ import annotations

import bisect
import logging
import re
from functools import cache
from typing import NamedTuple

from pipeline.context import DocContext
from pipeline.extractors import number_patterns as np_
from pipeline.extractors.deadlines import deadline_for, window_at
from pipeline.extractors.indicators import elided_subject, find_indicator, forward_phrase
from pipeline.extractors.numbers import Quantity, find_quantities
from pipeline.models import Target
from pipeline.resources import load_json
from pipeline.text import pieces
from pipeline.text.wordlist import WordList

logger = logging.getLogger(__name__)

_CLOSERS = pieces.QUOTE_CLOSERS
# The text around a number (its segment before it, the noun phrase after its unit) is read at most this
# far (speed only: a segment without delimiters, such as a flattened table, would otherwise be copied
# and scanned once per number in it).
_NP_WINDOW = 200
_OPENERS = pieces.QUOTE_OPENERS
_EXCLUSION_REACH = 8  # a fixed exclusion (target_exclusions.json) is looked for this far around a number


class _Reading(NamedTuple):
    """What one quantity reads as: the target's span and fields, before ids and years are given.

    A named tuple, immutable as a frozen dataclass but built five times faster (one is built per number
    read: a flattened table of percentages holds a hundred thousand)."""

    start: int
    end: int
    quantity: Quantity
    comparator: str
    kind: str
    indicator: tuple[int, int] | None  # offsets of the verbatim phrase measured
    deadline_id: str | None
    sentence_id: str | None = None
    clause_id: str | None = None
    modal: bool = False  # the comparator word carries a modal (不得超过): a limit the policy sets


@cache
def _lexicon() -> dict:
    comp = load_json("comparators.json")
    excl = load_json("target_exclusions.json")
    cues = load_json("target_cues.json")

    def longest(words):
        return WordList(words)

    return {
        "prefix": {**comp["prefix"], **comp.get("adjacent_prefix", {})},
        "prefix_words": longest([*comp["prefix"], *comp.get("adjacent_prefix", {})]),
        "adjacent": frozenset(comp.get("adjacent_prefix", {})),  # 最高: only right before the number
        "adjacent_gap": frozenset(comp.get("adjacent_prefix_gap_words", ())),  # 最高补助50万元
        "suffix": comp["suffix"],
        "suffix_words": longest(comp["suffix"]),
        "within_units": frozenset(comp.get("within_after_units", ())),
        "gap": int(comp.get("max_prefix_gap", 6)),
        "verb_prefixes": tuple(comp.get("verb_prefixes", ())),
        "left_blockers": longest(excl["left_blockers"]),
        "cn_left_blockers": longest(excl.get("cn_left_blockers", ())),
        "descriptors": frozenset(excl.get("descriptor_nouns", ())),
        "mention_verbs": longest(excl["mention_verbs"]),
        "target_verbs": longest([w for w in (*excl["target_verbs"], *cues["link_verbs"]) if w != "的"]),
        "object_verbs": longest([*excl["target_verbs"], *cues.get("grant_verbs", ())]),
        "param_before": longest(cues["parameter_before"]),
        "param_after": longest(cues["parameter_after"]),
        "baseline": longest(cues["baseline"]),
        "weak_baseline": longest(cues.get("baseline_unless_deadline", ())),
        "modal": tuple(comp.get("modal_words", ())),
        "time_units": frozenset(cues.get("limit_kinds", {}).get("time_units", ())),
        "stage_lead": re.compile(r"\s*(?:" + cues.get("stage_lead", "(?!)") + r")[，,：:\s]*(?:到|至)?\s*"),
        "baseline_headings": tuple(cues.get("baseline_headings", ())),
        "np_stop": longest(cues["np_stop"]),
    }


def _segment_start(text: str, lo: int, pos: int) -> int:
    """Start of the clause segment (after the last ，。；...) that contains ``pos``."""
    delims = np_.delimiter_positions(text)
    i = bisect.bisect_left(delims, pos) - 1
    return delims[i] + 1 if i >= 0 and delims[i] >= lo else lo


def _prefix(before: str, lex: dict) -> tuple[str | None, int, str]:
    """(comparator, length of an adjacent comparator word, the word) from the text before the number."""
    stripped = before.rstrip(" \u3000")
    if not stripped:
        return None, 0, ""  # 1%，: nothing before the number in its segment
    words = lex["prefix_words"]
    if w := words.ending(stripped):
        return lex["prefix"][w], len(w) + len(before) - len(stripped), w
    # a word at most ``gap`` characters before the number: only the last gap + longest characters can
    # hold one, so only the words found there are tried (in list order, the last occurrence of each)
    n = len(before)
    for w in words.occurring(before, max(0, n - lex["gap"] - words.longest)):
        if len(w) < 2:
            continue
        i = before.rfind(w, max(0, n - lex["gap"] - len(w)))
        if i >= 0:
            gap = before[i + len(w) :]
            if w in lex["adjacent"] and gap.strip() not in lex["adjacent_gap"]:
                continue  # 最高时速达到350公里: 最高 names a thing here
            if not any(ch.isdigit() for ch in gap):
                return lex["prefix"][w], 0, w
    return None, 0, ""


def _suffix(after: str, lex: dict) -> tuple[str | None, int]:
    if w := lex["suffix_words"].starting(after):
        if w == "多" and after[1:2] in ("元", "样", "种", "方"):  # 多元, 多样: a word, not 'more than'
            return None, 0
        return lex["suffix"][w], len(w)
    return None, 0


def _head_noun(phrase: str) -> str:
    """The head of the noun phrase read after a unit (:func:`forward_phrase`): before its first 和/及/与/并
    (三个维度与…的映射关系 -> 维度) and after its last 的 (十五个环节的 -> 环节)."""
    cut = len(phrase)
    for w in ("和", "及", "与", "并"):
        i = phrase.find(w)
        if 1 < i < cut:
            cut = i
    head = phrase[:cut]
    return head.rsplit("的", 1)[1] or head if "的" in head else head


def _found_before(
    text: str, window: tuple[int, int], pos: int, patterns: tuple[re.Pattern[str], ...], first: dict
) -> bool:
    """Whether one of ``patterns`` matches inside ``text[lo:pos]``, ``pos`` inside the window ``(lo, hi)``.

    The first match in the window is found once per window into ``first`` (speed only: a sentence of
    many numbers would otherwise be searched once per number), and only inside the window (a search to
    the end of the text would make a text of many sentences quadratic)."""
    lo, hi = window
    if window not in first:  # the leftmost match of each pattern: none can start before it
        first[window] = [m.span() if (m := p.search(text, lo, hi)) else (hi, hi) for p in patterns]
    for (s, e), pattern in zip(first[window], patterns, strict=True):
        if e <= pos or (s < pos and pattern.search(text, lo, pos)):
            return True
    return False


class FixedExclusions:
    """The fixed exclusions (target_exclusions.json) of one text, found block by block as the numbers
    read need them, each block in one scan that tries every offset (overlapping matches too).

    Speed only: a number used to be checked by its own scan of ``[start - 8, end + 8)``, which a flattened
    table (a number every two characters) pays for at every number; here each block is scanned once, and
    only the blocks of numbers that reach the check (the glued cells of a table never do). :meth:`meets`
    walks the matches as that window scan met them (each step goes on after the match found, as
    ``finditer`` does); a match is read up to ``tail`` characters past its block, never less far past the
    number than the window read.
    """

    def __init__(self, text: str, *, block: int = 512, tail: int = 64) -> None:
        self.text, self.block, self.tail = text, block, tail
        self._blocks: dict[int, tuple[list[int], list[int]]] = {}

    def _spans(self, k: int) -> tuple[list[int], list[int]]:
        """Starts and ends of the matches starting in block ``k``, ordered by start."""
        found = self._blocks.get(k)
        if found is None:
            lo, hi = k * self.block, min(len(self.text), (k + 1) * self.block)
            starts: list[int] = []
            ends: list[int] = []
            for m in np_.fixed_exclusion_at_re().finditer(self.text, lo, min(len(self.text), hi + self.tail)):
                if m.start() >= hi:
                    break
                starts.append(m.start(1))
                ends.append(m.end(1))
            found = self._blocks[k] = (starts, ends)
        return found

    def meets(self, q: Quantity) -> bool:
        """Whether a scan from ``_EXCLUSION_REACH`` before ``q`` meets a fixed exclusion overlapping it. A
        listed Latin unit inside the number (70dB, 128TFLOPS) is not a code such as 5G."""
        latin_unit = q.raw_unit[:1].isascii() and q.raw_unit[:1].isalpha()
        pos = max(0, q.start - _EXCLUSION_REACH)
        while pos < q.end:
            k = pos // self.block
            starts, ends = self._spans(k)
            i = bisect.bisect_left(starts, pos)
            if i == len(starts) or starts[i] >= q.end:
                pos = (k + 1) * self.block  # none in this block: the next block's first
                continue
            s, e = starts[i], ends[i]
            if q.start < e and not (latin_unit and s >= q.start and e <= q.end):
                return True
            pos = max(e, s + 1)
        return False


def _is_excluded(text: str, q: Quantity, seg_start: int, lex: dict, exclusions: FixedExclusions) -> bool:
    if exclusions.meets(q):
        return True
    if q.is_range and q.value_max is not None and q.value_max <= q.value:
        return True  # 图2-1所示: a label, not a range
    left = text[max(seg_start, q.start - 3) : q.start].rstrip()
    if np_.GLUED_LEFT_RE.search(left) or np_.GLUED_RIGHT_RE.match(text[q.end : q.end + 1]):
        return True
    if lex["left_blockers"].ending(left) or left.endswith("每"):
        return True
    if not q.chinese and left[-1:].isdigit():
        return True  # 175 48 分析仪器: cells of a table flattened into a line
    if (
        (q.start == 0 or text[q.start - 1] == "\n")
        and " " in text[q.start : q.end]
        and "." in text[q.start : q.end]
    ):
        return True  # 5.7 人工智能安全: a section label at the start of a line
    if q.chinese and lex["cn_left_blockers"].ending(left):
        return True
    if q.chinese and text[q.start] in "百千万亿" and (left[-1:] in "（(" or left[-1:].isdigit()):
        return True  # （万元） is a column unit; 28.9 亿条 has its digits before a space
    return q.chinese and text[q.start : q.end].rstrip(q.raw_unit).strip() in ("零", "〇")  # 零部件


def _glued_cell(text: str, prev: Quantity | None, q: Quantity) -> bool:
    """Whether ``q`` follows ``prev`` with nothing but spaces between them and has its unit: 1%1%,
    万元万元 and 10% 20% are the cells of one row of a table flattened into a line (no sentence puts two
    values of one unit side by side), whereas 一个360度 and 30万元一次性 are two quantities. Such a cell
    reads as the cell before it: the same indicator, comparator and kind."""
    return (
        prev is not None
        and q.raw_unit == prev.raw_unit
        and (q.start == prev.end or not text[prev.end : q.start].strip(" \t\u3000"))
    )


def _read_as(reading: _Reading | None, q: Quantity) -> _Reading | None:
    """``q`` read as ``reading`` was (None stays None): the same comparator, kind, indicator, deadline
    and window ids (a direct call: ``_replace`` costs three times as much)."""
    if reading is None:
        return None
    return _Reading(
        q.start,
        q.end,
        q,
        reading.comparator,
        reading.kind,
        reading.indicator,
        reading.deadline_id,
        reading.sentence_id,
        reading.clause_id,
        reading.modal,
    )


def _target(
    ctx: DocContext,
    q: Quantity,
    lo: int,
    hi: int,
    state: dict,
    ids: tuple[str | None, str | None],
    *,
    joined: bool,
) -> _Reading | None:
    """The target record fields of one quantity in the window ``[lo, hi)`` (its sentence and clause ids
    ``ids``), or None if it is not one; ``joined``: only 和, 与, 及 or 、 stands between the previous
    quantity and this one."""
    text, lex = ctx.text, _lexicon()
    seg = _segment_start(text, lo, q.start)
    if _is_excluded(text, q, seg, lex, state["exclusions"]):
        return None
    before = text[max(seg, q.start - _NP_WINDOW) : q.start]
    comparator, pre_len, pre_word = _prefix(before, lex)
    suffix_cmp, suf_len = _suffix(text[q.end : min(hi, q.end + _NP_WINDOW)], lex)
    if suffix_cmp is None and q.raw_unit in lex["within_units"] and text.startswith("内", q.end):
        suffix_cmp, suf_len = "<=", 1  # 30个工作日内: within a time limit
    comparator = suffix_cmp or comparator or (">=" if q.more else None)
    if comparator is None and joined and state.get("prev_cmp"):
        comparator = state["prev_cmp"]  # 分别超过 70%和 50%: the second value shares the comparator
    forced_kind = None
    # 突破一批 / 带动突破和转化一批: a verb before an article does not make it a quantity
    tail = before[-(lex["gap"] + 2) :]
    verb_only = comparator is not None and any(w in tail for w in lex["verb_prefixes"])
    if q.chinese and q.value == 1 and text[q.start] == "一" and (comparator is None or verb_only):
        recurrent = _found_before(  # 每年, 每两年
            text,
            (lo, hi),
            q.start,
            (np_.recurring_re(), np_.RECUR_COUNT_RE),
            state.setdefault("recurrence_at", {}),
        )
        if not (q.raw_unit == "次" and recurrent):
            return None  # 一个, 一批: an article; but 每年考核一次 is a frequency
    head = before[: len(before) - pre_len]
    if lex["mention_verbs"].ending(head) or (head.endswith("、") and state["mention"] == seg):
        state["mention"] = seg  # 支持2所国示范学校、1所省示范学校: a count of what exists
        if deadline_for(ctx, q.start, q.end) is None and text.find("力争", lo, q.start) < 0:
            forced_kind = "baseline"  # 到2025年，支持5所职业院校创建… stays a target
    listed = "、" in head and (np_.CJK_RE.match(head[-1]) or head[-1] in _CLOSERS)
    if listed and comparator is None and not lex["target_verbs"].search(head):
        state["mention"] = seg  # 西峰职专、环县职专、镇原职专3所: the count of the names just listed
        forced_kind = "baseline"
    start, end = q.start - pre_len, q.end + suf_len
    after = text[end : min(hi, end + _NP_WINDOW)]
    noun = forward_phrase(text, end, end + len(after), percent=False) if q.unit != "%" else (end, end)
    if _head_noun(text[noun[0] : noun[1]]) in lex["descriptors"]:
        return None  # 分为智能仓储和智能配送2个部分: a description of structure (of counts, never of a %)
    if q.is_range:
        comparator = "range" if comparator in (None, "=") else comparator
    comparator = comparator or "="
    cue_at = state.setdefault("baseline_cue", {})  # window -> first baseline cue in it
    if (lo, hi) not in cue_at:
        m = lex["baseline"].search(text, lo, hi)
        cue_at[lo, hi] = m.start() if m else hi
    deadline_id = deadline_for(ctx, start, end)
    baseline_cue = cue_at[lo, hi] < q.start
    if not baseline_cue and deadline_id is None and lex["weak_baseline"]:
        weak = (lex["weak_baseline"].pattern,)  # 累计建成…: a total so far, unless a deadline makes it a goal
        baseline_cue = _found_before(text, (lo, hi), q.start, weak, state.setdefault("weak_baseline_at", {}))
    kind = forced_kind or _kind(q, head, after, lex, baseline_cue=baseline_cue)
    indicator = find_indicator(
        ctx, start, end, lo, hi, kind=kind, unit=q.unit, prev_end=state.get("prev_end", -1)
    )
    same_sentence = ids[0] is not None and state.get("prev_sid") == ids[0]
    if indicator is None and (joined or (same_sentence and elided_subject(text, lo, start))):
        # 市场满足率分别超过 70%和 50%: the same indicator; 营收突破2.2万亿元，年均增长10%以上 and
        # …年均增长10%以上，2024年、2025年分别突破2.2万亿元: a clause of the sentence without its subject
        indicator = state.get("prev_ind")
    modal = pre_word.startswith(lex["modal"])
    return _Reading(start, end, q, comparator, kind, indicator, deadline_id, *ids, modal=modal)


def _kind(q: Quantity, head: str, after: str, lex: dict, *, baseline_cue: bool) -> str:
    if lex["param_after"].starting(after):
        return "parameter"
    if lex["param_before"].search(head) and not lex["target_verbs"].ending(head):
        return "parameter"
    if baseline_cue:  # 截至, 累计, 同比 ... earlier in the sentence
        return "baseline"
    return "target"


def _statistic_year(text: str, lo: int, hi: int, start: int, doc_year: int | None, seen: dict) -> int | None:
    """The year of a statistic stated earlier in the sentence ``[lo, hi)``, if it is not after the
    document's year.

    Without a document date a bare year is not trusted (2025年建成… can be a goal). The years of a
    window are read once into ``seen`` (speed only: a sentence of many numbers would otherwise be read
    once per number).
    """
    if doc_year is None:
        return None
    if (lo, hi) not in seen:
        starts, ends, last = [], [], [None]  # last[k]: the year of the last statistic among the first k
        for m in np_.STAT_YEAR_RE.finditer(text, lo, hi):
            y = int(m["y"])
            # 到2023年 in a 2023 document is a goal; 提高到2022年的73% in a 2023 document is the past
            goal = _goal_lead(text[max(lo, m.start() - 3) : m.start()].rstrip()) and y >= doc_year
            starts.append(m.start())
            ends.append(m.end())
            last.append(last[-1] if goal else y)
        seen[lo, hi] = starts, ends, last
    starts, ends, last = seen[lo, hi]
    k = bisect.bisect_left(starts, start)
    if k and ends[k - 1] > start:  # a year running into the number: read the text before it alone
        return _statistic_year(text, lo, start, start, doc_year, {})
    return last[k] if last[k] is not None and last[k] <= doc_year else None


def _goal_lead(before: str) -> bool:
    """到2025年 / 至2025年 lead to a goal; 截至2022年 dates a statistic."""
    return before.endswith("到") or (before.endswith("至") and not before.endswith("截至"))


def _under_baseline_heading(ctx: DocContext, clause_id: str | None) -> bool:
    """True when a heading above ``clause_id`` announces a review of the past (现状与形势, 发展基础)."""
    words = _lexicon()["baseline_headings"]
    return any(c.heading and any(w in c.heading for w in words) for c in ctx.ancestors(clause_id))


def _limit_kind(r: _Reading, year: int | None, lex: dict) -> str:
    """``limit`` / ``time_limit`` for a bound the policy sets, else the reading's kind.

    A bound is a limit when its comparator word carries a modal (不得超过2个, 不得少于6个月) or when it is
    an upper bound without a goal year (延期…不超过4个月, 5个工作日内); an upper bound of a unit of
    time is a ``time_limit``. Goals with a year stay ``target`` (到2020年假阴性率≤1%).
    """
    if r.kind != "target" or not (r.modal or (r.comparator == "<=" and year is None)):
        return r.kind
    return "time_limit" if r.comparator == "<=" and r.quantity.unit in lex["time_units"] else "limit"


def _stage_leads(ctx: DocContext) -> dict[str | None, list[tuple[int, int]]]:
    """parent clause id -> [(start, year)] of the paragraphs that open with a stage lead and a dated
    deadline (第一步，到2020年…; 第一阶段到2025年，…), in text order."""
    lead = _lexicon()["stage_lead"]
    starts = [d.start for d in ctx.deadlines]
    out: dict[str | None, list[tuple[int, int]]] = {}
    for c in ctx.clauses:
        j = bisect.bisect_left(starts, c.start)
        d = ctx.deadlines[j] if j < len(starts) else None
        if d is None or d.kind != "date" or not d.due_date or d.start >= c.start + 16:
            continue
        if lead.fullmatch(ctx.text, c.start, d.start):
            out.setdefault(c.parent_id, []).append((c.start, int(d.due_date[:4])))
    return out


def _stage_year(ctx: DocContext, clause_id: str | None, leads: dict) -> int | None:
    """The year of the nearest earlier sibling that opens with a stage lead: the bullets under 第一步，
    到2020年 are goals of 2020."""
    clause = ctx.clause(clause_id)
    found = leads.get(clause.parent_id) if clause is not None else None
    if not found:
        return None
    i = bisect.bisect_left(found, (clause.start, -1)) - 1
    return found[i][1] if i >= 0 else None


_JOINERS = ("和", "与", "及", "、")
# two years or more, then 分别: 2024年、2025年分别突破2.2万亿元、2.4万亿元 gives each value its year
_RESPECTIVE_RE = re.compile(r"((?:(?:19|20)\d{2}\s*年(?:年?底|末)?(?:\s*[、和及与])?\s*){2,})分别")
_YEAR_RE = re.compile(r"(?:19|20)\d{2}")


def _respective_year(
    text: str, lo: int, start: int, state: dict, ids: tuple, *, after_joiner: bool
) -> int | None:
    """The year of the value at ``start`` when its clause (after ``lo``, the previous value) lists years
    and then 分别 (the first value gets the first year, each value joined to it by 、 or 和 the next one, in
    the same window ``ids``), else None. A listed year wins over a deadline earlier in the sentence
    (到2025年，…2024年、2025年分别突破X、Y: X is 2024's)."""
    m = (
        _RESPECTIVE_RE.search(text, _segment_start(text, lo, start), start)
        if "分别" in text[lo:start]
        else None
    )
    if m is not None:
        listed = [int(y) for y in _YEAR_RE.findall(m.group(1))]
        state["respective"] = (ids, listed, 0)
        return listed[0]
    held = state.get("respective")
    if held is None or held[0] != ids or not after_joiner:
        state["respective"] = None
        return None
    k = held[2] + 1
    state["respective"] = (ids, held[1], k)
    return held[1][k] if k < len(held[1]) else None


def _window_of(
    ctx: DocContext, q: Quantity, cells: list[tuple[int, int, str | None]], cell_starts: list[int]
) -> tuple[int, int, str | None, str | None] | None:
    """(start, end, sentence id, clause id) of the window ``q`` is read in: its table task cell (cut to
    its sentence), else its sentence; None if it lies in neither."""
    win = window_at(ctx, q.start)
    i = bisect.bisect_right(cell_starts, q.start) - 1
    if i >= 0 and q.end <= cells[i][1]:
        lo, hi, cid = cells[i]
        if win is not None:
            lo, hi = max(lo, win[0]), min(hi, win[1])
        return lo, hi, (win[2] if win is not None else None), cid
    if win is not None and q.end <= win[1]:
        return win
    return None


def run(ctx: DocContext) -> None:
    """Find the numeric targets of ``ctx`` (sentences and table task cells) into ``ctx.targets``."""
    text = ctx.text
    cells = sorted(
        (c.start, c.end, row.clause_id) for row in ctx.table_rows if (c := row.cell("task")) is not None
    )
    cell_starts = [c[0] for c in cells]
    # mention: segment start of the last counted mention, for 、-chained mentions
    state = {"mention": -1, "exclusions": FixedExclusions(text)}
    doc_year = int(ctx.meta.date[:4]) if ctx.meta.date and ctx.meta.date[:4].isdigit() else None
    years: dict[int, int] = {}  # target start -> year of the statistic
    respective: dict[int, int] = {}  # target start -> its year in 2024年、2025年分别突破X、Y
    stat_years: dict = {}  # (window start, end) -> the years stated in it, for _statistic_year
    under_baseline: dict[str | None, bool] = {}  # clause id -> _under_baseline_heading (speed only)
    found = []
    prev = None  # (quantity, its reading or None, its window ids) of the last quantity read
    for q in find_quantities(text):  # one pass over the whole text
        where = _window_of(ctx, q, cells, cell_starts)
        if where is None:
            prev = None
            continue
        lo, hi, sid, cid = where
        if prev is not None and prev[2] == (sid, cid) and _glued_cell(text, prev[0], q):
            state["prev_end"] = q.end  # a cell of the same flattened row reads as the cell before it
            rec = _read_as(prev[1], q)
            if rec is not None:
                if prev[1].start in years:
                    years[rec.start] = years[prev[1].start]
                found.append(rec)
            prev = (q, rec, (sid, cid))
            continue
        since = state.get("prev_end", lo)  # the end of the previous quantity
        joined = text[state.get("prev_end", -1) : q.start].strip() in _JOINERS
        rec = _target(ctx, q, lo, hi, state, (sid, cid), joined=joined)
        state["prev_end"] = q.end
        prev = (q, None, (sid, cid))
        if rec is None:
            state["prev_cmp"] = state["prev_ind"] = state["respective"] = None
            continue
        state["prev_cmp"] = rec.comparator if rec.comparator not in ("=", "range") else None
        state["prev_ind"], state["prev_sid"] = rec.indicator, sid
        if rec.kind == "target" and rec.deadline_id is None:
            if cid not in under_baseline:
                under_baseline[cid] = _under_baseline_heading(ctx, cid)
            if under_baseline[cid]:
                rec = rec._replace(kind="baseline")  # 一、现状与形势: figures of what was achieved
        stat_year = (
            _statistic_year(text, lo, hi, q.start, doc_year, stat_years) if rec.deadline_id is None else None
        )
        if stat_year is not None and rec.kind in ("target", "baseline"):
            rec = rec._replace(kind="baseline")  # 2022年我国数字经济规模达50.2万亿元
            years[rec.start] = stat_year
        year_of = _respective_year(text, max(lo, since), q.start, state, (sid, cid), after_joiner=joined)
        if year_of is not None and rec.start not in years:
            respective[rec.start] = year_of
        found.append(rec)
        prev = (q, rec, (sid, cid))
    found.sort(key=lambda r: r.start)
    _share_objects(text, found)
    ctx.targets = _records(ctx, found, years, respective)
    logger.debug("%d targets", len(ctx.targets))


def _share_objects(text: str, found: list[_Reading]) -> None:
    """A value joined to the next by a joiner alone (建成10个和20个示范项目, 分别给予100万元、50万元奖励)
    measures the noun after the next value, when the two have one unit, the next one's indicator is that
    noun and the value has no subject of its own (none, or one ending in a verb whose object follows:
    ``grant_verbs`` of target_cues.json and the target verbs; 新建学校5所和10所幼儿园 keeps 新建学校)."""
    verbs = _lexicon()["object_verbs"]
    for i in range(len(found) - 2, -1, -1):  # from the end: 10个、20个和30个示范项目 passes it back twice
        a, b = found[i], found[i + 1]
        if (
            b.indicator is not None
            and b.indicator[0] >= b.end
            and a.sentence_id == b.sentence_id
            and a.quantity.unit == b.quantity.unit
            and text[a.end : b.start].strip() in _JOINERS
            and (a.indicator is None or verbs.ending(text[a.indicator[0] : a.indicator[1]]))
        ):
            found[i] = a._replace(indicator=b.indicator)


def _records(
    ctx: DocContext, found: list[_Reading], years: dict[int, int], respective: dict[int, int]
) -> list[Target]:
    """The targets of the readings ``found`` (in text order), with ids, years and limit kinds."""
    by_id = {d.deadline_id: d for d in ctx.deadlines}
    targets = []
    leads, stage_years = None, {}  # clause id -> _stage_year (speed only)
    for i, r in enumerate(found, start=1):
        d = by_id.get(r.deadline_id) if r.deadline_id else None
        due = d.due_date if d is not None and d.kind == "date" else None
        year = respective.get(r.start) or (int(due[:4]) if due else years.get(r.start))
        if year is None and r.deadline_id is None and r.kind == "target":
            if leads is None:
                leads = _stage_leads(ctx)
            if r.clause_id not in stage_years:
                stage_years[r.clause_id] = _stage_year(ctx, r.clause_id, leads)
            year = stage_years[r.clause_id]  # 第一步，到2020年；-- bullets under it
        kind = _limit_kind(r, year, _lexicon())
        targets.append(
            Target(
                clause_id=r.clause_id,
                text=ctx.text[r.start : r.end],
                start=r.start,
                end=r.end,
                indicator=ctx.text[r.indicator[0] : r.indicator[1]] if r.indicator else None,
                indicator_start=r.indicator[0] if r.indicator else None,
                indicator_end=r.indicator[1] if r.indicator else None,
                value=r.quantity.value,
                value_max=r.quantity.value_max,
                unit=r.quantity.unit,
                comparator=r.comparator,
                year=year,
                kind=kind,
                target_id=f"t{i}",
                deadline_id=r.deadline_id,
                sentence_id=r.sentence_id,
            )
        )
    return targets
