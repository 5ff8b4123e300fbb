"""Deadline expressions in one string: dates, parts of a year, recurrences, plan periods.

Forms read (vocabulary in ``deadline_patterns.json`` and ``calendar_words.json``):

- absolute dates with a lead or a tail: 到2025年, 2023年底前, 2025年以前, 于2022年年底前, 到二〇二五年,
  到２０２５年, 2018年12月10日前; a plain date led by 在/于 and followed by a completion verb in the same
  clause (在2023年6月完成验收);
- parts of a year, with a year or relative to the document's date: 2023年上半年, 一季度, 前三季度,
  2022年8月至11月, 1－9月份, 明年底前, 今年上半年; academic terms start a period (自2022年秋季学期起 ->
  2022-09-01);
- dates relative to the document's date: 6月底前, 年底前 (resolved against ``reference_date``);
- plan periods: 十四五期间 -> 2025-12-31;
- recurrences: 每年, 逐年, 每学年, 每学期, 每季度, 每两年, 5年一周期.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.extractors import number_patterns as np_
from pipeline.resources import load_json
from pipeline.text.dates import iso
from pipeline.text.numerals import to_int

# (start, end, kind, due_date, recurrence) of one expression, offsets relative to the scanned string.
Found = tuple[int, int, str, str | None, str | None]

# Leads that make a plain date (no tail) a deadline: a goal year (到2025年) or the start of a period
# (自2022年秋季学期).
GOAL_LEADS = ("到", "至")
FRAME_LEADS = ("在", "于")
START_LEADS = ("自", "从")
# How far after a plain date led by 在/于 a completion verb may stand (在2023年6月底完成 → 在…完成).
FRAME_REACH = 12
# How far before its anchor (半年, 季度, 学期) a part of a year may start: 明年上 / 前三 / 第一.
PART_LEAD = 4
# How far back a part of a year looks for the year it belongs to, within its sentence.
YEAR_REACH = 40


def _calendar() -> dict:
    return load_json("calendar_words.json")


def _ref_year_month(reference_date: str | None) -> tuple[int, int] | None:
    if not reference_date:
        return None
    m = re.match(r"(\d{4})-(\d{2})", reference_date)
    return (int(m[1]), int(m[2])) if m else None


def _month(s: str | None) -> int | None:
    m = to_int(s)
    return m if m is not None and 1 <= m <= 12 else None


def _lead(s: str, pos: int) -> tuple[str, int]:
    """The date lead (到, 截至...) written just before ``pos`` and where it starts, or ``("", pos)``.

    Spaces between the lead and the year are allowed (到 2025 年, in text converted from PDF).
    """
    window = s[max(0, pos - 6) : pos]
    before = window.rstrip(" \u3000")
    gap = len(window) - len(before)
    lead = next((w for w in np_.DATE_LEADS if before.endswith(w)), "")
    return lead, pos - gap - len(lead)


def _completes(s: str, end: int) -> bool:
    """A completion verb follows ``end`` within the same clause segment (在2023年6月完成验收)."""
    seg = np_.SEGMENT_SPLIT_RE.search(s, end, end + FRAME_REACH)
    return np_.completion_re().search(s, end, seg.start() if seg else end + FRAME_REACH) is not None


def _year_before(s: str, pos: int) -> int | None:
    """The last year written in the sentence before ``pos`` (a later 下半年 belongs to it)."""
    lo = max(0, pos - YEAR_REACH)
    ends = list(np_.SENTENCE_END_RE.finditer(s, lo, pos))
    years = list(np_.YEAR_MENTION_RE.finditer(s, ends[-1].end() if ends else lo, pos))
    return to_int(years[-1]["y"]) if years else None


def _part_date(m: re.Match[str], year: int) -> str | None:
    """ISO date a part of a year means: its end (上半年 06-30, 前三季度 09-30, 8月至11月 11-30), or the
    start of an academic term (秋季学期 09-01); None when it is not a part of a year."""
    cal = _calendar()
    if m["part"]:
        month, day = cal["year_parts"][m["part"]]
        return iso(year, month, day)
    if m["qn"]:
        return iso(year, 3 * to_int(m["qn"]))  # type: ignore[operator]  # qn is 一-四 / 1-4
    if m["term"]:
        month, day = cal["terms"][m["term"]]
        return iso(year, month, day)
    if m["r2"]:
        first, last = _month(m["r1"]), _month(m["r2"])
        return iso(year, last) if first and last and first < last else None
    return None


def abs_dates(s: str, cell: bool) -> Iterator[Found]:
    """Dates written with their year (see the module docstring)."""
    patterns = load_json("deadline_patterns.json")
    not_before, goal_after = patterns["not_before_year"], patterns.get("goal_after_year", ())
    for m in np_.abs_date_re().finditer(s):
        (lead, lead_start), tail, year = _lead(s, m.start()), m["tail"] or "", to_int(m["y"])
        if year is None or lead in not_before:
            continue  # 截至2020年底: the reference date of a statistic
        if lead in GOAL_LEADS and np_.RANGE_FROM_RE.search(s, max(0, lead_start - 12), lead_start):
            continue  # 从2012到2022年: a period of the past, not a deadline
        due = _part_date(m, year)
        if due is None and (m["part"] or m["qn"] or m["term"] or m["r2"]):
            continue  # 2022年11至8月: not a month range
        if due is not None:
            bounded = tail or m["term"] or (m["part"] or "").startswith("年")  # 2022年年底前
            if not (cell or bounded or lead or _completes(s, m.end())):
                continue  # 2021年上半年全省…: a statistic unless led, bounded or completed
            begin = lead_start if lead in (*GOAL_LEADS, *START_LEADS) else m.start()
            yield begin, m.end(), "date", due, None
            continue
        goal = not m["m"] and any(s.startswith(w, m.end()) for w in goal_after)
        framed = lead in FRAME_LEADS and _completes(s, m.end())
        if not cell and lead not in GOAL_LEADS and not tail and not goal and not framed:
            continue  # 2035年远景目标, 2021年3月2日: not a deadline; 2025年的主要目标是 is one
        if not cell and not tail and not goal and not m["m"] and s.startswith("的", m.end()):
            continue  # 提高到2021年的73%: a point of a past series
        if not cell and m["d"] and "前" not in tail and not framed:
            continue  # a full date without 前 is an event or the signing date
        month = _month(m["m"]) if m["m"] else None
        due = iso(year, month, to_int(m["d"]) or 0) if month else f"{year:04d}-12-31"
        begin = lead_start if lead in GOAL_LEADS else m.start()
        yield begin, m.end(), "date", due, None


def rel_dates(s: str, reference_date: str | None) -> Iterator[Found]:
    """Dates relative to the document's date: 6月底前, 年底前, 明年底前, 今年6月30日前."""
    ref = _ref_year_month(reference_date)
    for t in np_.REL_TAIL_RE.finditer(s):
        unit_end = t.start() + 1  # just after 月 / 日 / 年
        m = np_.rel_head_re().search(s, max(0, unit_end - 10), unit_end)
        if m is None or s[max(0, m.start() - 3) : m.start()].rstrip()[-1:].isdigit():
            continue  # 截至2022 年底: the year is separated by a space
        rel = m["ry"] or m["ry2"] or ""
        rel = rel if not rel or rel.endswith("年") else rel + "年"  # 明 (of 明年底) -> 明年
        due = None
        if ref:
            year = ref[0] + _calendar()["relative_years"].get(rel, 0)
            if m["m"]:
                month = _month(m["m"])
                if month is None:
                    continue
                if not rel and month < ref[1]:
                    year += 1  # 6月底前 in a document signed in August: next year's June
                due = iso(year, month, to_int(m["d"]) or 0)
            else:
                due = f"{year:04d}-12-31"
        yield m.start(), t.end(), "date", due, None


def rel_parts(s: str, reference_date: str | None, cell: bool) -> Iterator[Found]:
    """Parts of the document's year (or the next): 上半年, 一季度, 前三季度, 明年上半年, 8月至11月.

    In body text a bare part needs a bound (前, 以前), a lead (到, 于, 在) or a completion verb after it
    (一季度完成部署), so 上半年全省实现… (a statistic) is not a deadline; a month range needs no marker.
    """
    ref = _ref_year_month(reference_date)
    cal = _calendar()
    for m in _part_matches(s):
        rel, tail = m["rel"], m["tail"] or ""
        if m["part"] and m["part"].startswith("年") and not rel:
            continue  # 年底前 alone is read by rel_dates; 三年内 is a duration
        lead, lead_start = _lead(s, m.start())
        if lead in ("截至", "截止", "截止到"):
            continue
        marked = cell or rel or tail or lead or m["r2"] or m["term"] or _completes(s, m.end())
        if not marked:
            continue
        due = None
        written = None if rel else _year_before(s, m.start())
        if written is not None:
            due = _part_date(m, written)
            if due is None:
                continue
        elif ref:
            year = ref[0] + cal["relative_years"].get(rel or "", 0)
            due = _part_date(m, year)
            if due is None:
                continue
            if not rel and due[:7] < f"{ref[0]:04d}-{ref[1]:02d}" and not m["term"]:
                due = _part_date(m, year + 1)  # 一季度 in a document signed in May: next year's
        elif m["r2"] and _part_date(m, 2000) is None:
            continue
        begin = lead_start if lead in (*GOAL_LEADS, *START_LEADS) else m.start()
        yield begin, m.end(), "date", due, None


def _part_matches(s: str) -> Iterator[re.Match[str]]:
    """Non-overlapping rel_part_re matches, tried only just before the hits of part_anchor_re (fast)."""
    last_end = 0
    for a in np_.part_anchor_re().finditer(s):
        if a.start() < last_end:
            continue
        for pos in range(max(last_end, a.start() - PART_LEAD), a.start() + 1):
            m = np_.rel_part_re().match(s, pos)
            if m is not None and m.end() >= a.end():
                last_end = m.end()
                yield m
                break


def plans(s: str) -> Iterator[Found]:
    """Five-year plan periods: 十四五期间, “十三五”末."""
    base = load_json("deadline_patterns.json")["plan_base_year"]
    for m in np_.PLAN_RE.finditer(s):
        n = 10 + (to_int(m["n"]) or 0)
        yield m.start(), m.end(), "date", f"{base + 5 * (n - 1) + 4}-12-31", None


def recurrences(s: str) -> Iterator[Found]:
    """Recurrences: 每年, 逐年, 每学期, 每季度, 每两年, 5年一周期."""
    table = load_json("deadline_patterns.json")["recurring"]
    for m in np_.recurring_re().finditer(s):
        yield m.start(), m.end(), "recurring", None, table[m[0]]
    for m in np_.RECUR_COUNT_RE.finditer(s):
        n = to_int(m["n2"]) if m["n2"] else 1
        if not n:
            continue  # 每0年: no period
        unit = {"年": "Y", "月": "M", "周": "W"}.get(m["u"], "M")
        if m["u"] == "季度":
            n *= 3
        yield m.start(), m.end(), "recurring", None, f"P{n}{unit}"
    for m in np_.RECUR_CYCLE_RE.finditer(s):
        h = np_.RECUR_CYCLE_HEAD_RE.search(s, max(0, m.start() - 4), m.start())
        if h is not None:
            yield h.start(), m.end(), "recurring", None, f"P{to_int(h['n'])}Y"


def find_deadlines(s: str, reference_date: str | None = None, *, cell: bool = False) -> list[Found]:
    """All deadline expressions in ``s`` as ``(start, end, kind, due_date, recurrence)``, non-overlapping.

    Args:
        s: a sentence, a cell or any string.
        reference_date: ISO date the relative expressions (6月底前, 年底前, 一季度) refer to.
        cell: ``s`` is a deadline table cell: bare years count and 长期坚持 means ongoing.
    """
    found = [
        *abs_dates(s, cell),
        *plans(s),
        *recurrences(s),
        *rel_dates(s, reference_date),
        *rel_parts(s, reference_date, cell),
    ]
    if cell:
        found += [(m.start(), m.end(), "ongoing", None, None) for m in np_.ongoing_re().finditer(s)]
        if not found and s.strip() in ("年度", "每年度"):
            found.append((s.index("年度"), s.index("年度") + 2, "recurring", None, "P1Y"))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[Found] = []
    for f in found:  # earlier and longer first; drop overlaps (2025年底前 also contains 年底前)
        if not out or f[0] >= out[-1][1]:
            out.append(f)
    return out


def parse_deadline_expression(
    text: str, reference_date: str | None
) -> tuple[str, str | None, str | None] | None:
    """Parse a deadline expression such as a table cell (2021年4月, 长期坚持, 每年, 2023年底前).

    Returns:
        ``(kind, due_date, recurrence)`` of the first expression found, or None.
    """
    found = find_deadlines(text or "", reference_date, cell=True)
    if not found:
        return None
    _s, _e, kind, due, rec = found[0]
    return kind, due, rec
