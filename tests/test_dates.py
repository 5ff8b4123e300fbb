"""Chinese date parsing and finding (tables from real texts, hypothesis round trips)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.dates import find_date_parts, find_dates, parse_cn_date, parse_cn_date_parts

CASES = [
    ("2021年3月2日", dt.date(2021, 3, 2)),  # Qingyang signature date
    ("二〇二一年三月二日", dt.date(2021, 3, 2)),
    ("二○二一年三月二日", dt.date(2021, 3, 2)),  # ○ U+25CB typed for 〇
    ("二零二一年十二月三十一日", dt.date(2021, 12, 31)),
    ("2021-03-02", dt.date(2021, 3, 2)),
    ("2021.3.2", dt.date(2021, 3, 2)),
    ("2021/3/2", dt.date(2021, 3, 2)),
    ("２０１９年５月１４日", dt.date(2019, 5, 14)),  # central text 110
    ("2020年8月 4 日", dt.date(2020, 8, 4)),  # central text 086
    ("2021年4月", None),
    ("2021年2月30日", None),
    ("2021-2025", None),
    ("长期坚持", None),
]


@pytest.mark.parametrize(("s", "expected"), CASES)
def test_parse_cn_date(s: str, expected: dt.date | None) -> None:
    assert parse_cn_date(s) == expected


PARTS = [
    ("2021年4月", (2021, 4, None)),
    ("二〇二三年六月", (2023, 6, None)),
    ("2023年", (2023, None, None)),
    ("2021年3月2日", (2021, 3, 2)),
    ("2021年13月", None),
    ("到期", None),
]


@pytest.mark.parametrize(("s", "expected"), PARTS)
def test_parse_parts(s: str, expected: tuple | None) -> None:
    assert parse_cn_date_parts(s) == expected


def test_find_dates_offsets() -> None:
    text = "本通知自 2013年11月1日起执行。工业和信息化部 二○二○年十月一日 B62022.10.28，到2025年底"
    hits = find_dates(text)
    assert [text[s:e] for s, e, _ in hits] == ["2013年11月1日", "二○二○年十月一日"]
    assert [d for _, _, d in hits] == [dt.date(2013, 11, 1), dt.date(2020, 10, 1)]


def test_find_parts_keeps_partial() -> None:
    text = "2021年4月 | 长期坚持 | 2023年"
    assert [p for _, _, p in find_date_parts(text)] == [(2021, 4, None)]


DIGITS = "〇一二三四五六七八九"


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")) + (
        "" if ones == 0 else DIGITS[ones]
    )


@given(st.dates(dt.date(1949, 1, 1), dt.date(2099, 12, 31)))
def test_round_trip_forms(d: dt.date) -> None:
    year_cn = "".join(DIGITS[int(c)] for c in str(d.year))
    forms = [
        f"{d.year}年{d.month}月{d.day}日",
        f"{year_cn}年{_cn(d.month)}月{_cn(d.day)}日",
        f"{year_cn.replace('〇', '○')}年{_cn(d.month)}月{_cn(d.day)}日",
        d.isoformat(),
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}/{d.month}/{d.day}",
    ]
    for form in forms:
        assert parse_cn_date(form) == d, form
        assert [(s, e) for s, e, _ in find_dates(f"于{form}印发")] == [(1, 1 + len(form))]
