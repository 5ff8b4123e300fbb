"""Numeral parsing and quantity spans (pipeline.extractors.numbers)."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extractors.numbers import find_quantities, is_chinese_numeral, parse_numeral

NUMERALS = [
    ("50", 50.0),
    ("５０", 50.0),
    ("1,200", 1200.0),
    ("1.5", 1.5),
    ("两", 2.0),
    ("十", 10.0),
    ("十四", 14.0),
    ("两千五百", 2500.0),
    ("一百零五", 105.0),
    ("千", 1000.0),
    ("万", 10000.0),
    ("百分之五十", 50.0),
    ("一点五", 1.5),
]


@pytest.mark.parametrize(("numeral", "expected"), NUMERALS)
def test_parse_numeral(numeral: str, expected: float) -> None:
    assert parse_numeral(numeral) == expected


@pytest.mark.parametrize("bad", ["", "abc", "流", "1.2.3"])
def test_parse_numeral_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_numeral(bad)


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numeral_roundtrip(n: int) -> None:
    written = cn2an.an2cn(n)
    assert is_chinese_numeral(written)
    assert parse_numeral(written) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_arabic_roundtrip(n: int) -> None:
    full_width = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_numeral(str(n)) == n
    assert parse_numeral(full_width) == n


# (text, [(span text, value, value_max, unit)])
QUANTITIES = [
    ("全市建成20个以上特色品牌专业", [("20个", 20.0, None, "个")]),
    ("“双师型”教师比例达到50%以上", [("50%", 50.0, None, "%")]),
    ("数字化资源覆盖率达到100％", [("100％", 100.0, None, "%")]),
    ("确保区域内高中阶段招生职普比不低于4:6", [("4:6", 4.0, 6.0, "ratio")]),
    ("高中阶段招生职普比不低于4∶6", [("4∶6", 4.0, 6.0, "ratio")]),
    ("1—2个省级高水平高职专业(群)", [("1—2个", 1.0, 2.0, "个")]),
    ("拟支持项目数为 1~2 项", [("1~2 项", 1.0, 2.0, "项")]),
    ("每年至少召开两次会议", [("两次", 2.0, None, "次")]),
    ("实现“千亩校园、万名学生”办学规模", [("千亩", 1000.0, None, "亩"), ("万名", 10000.0, None, "名")]),
    ("投资1.5亿元", [("1.5亿元", 1.5, None, "亿元")]),
    ("安排三千万元", [("三千万元", 3000.0, None, "万元")]),
    ("降低两个百分点", [("两个百分点", 2.0, None, "个百分点")]),
    ("占比百分之五十", [("百分之五十", 50.0, None, "%")]),
    ("十四五期间", []),
    ("这一点十分重要", []),  # 十分 = very: 分 counts only after Arabic digits
    ("对接职业教育信息化提升计划2.0版", []),
    ("庆政发〔2021〕13号", []),
    ("ISO 17296-1:2014", []),  # a standard's year, not a ratio
    ("上午9:00开始", []),  # a clock time
]


@pytest.mark.parametrize(("text", "expected"), QUANTITIES)
def test_find_quantities(text: str, expected: list) -> None:
    got = [(text[q.start : q.end], q.value, q.value_max, q.unit) for q in find_quantities(text)]
    assert got == expected


@given(st.text(alphabet="一二两三四五六七八九十百千万个所%0123456789.:—至以上左右名次 ，。", max_size=40))
def test_find_quantities_offsets_and_no_crash(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.value >= 0


def test_window_offsets_are_absolute() -> None:
    text = "前言。建设30门精品在线课程。"
    (q,) = find_quantities(text, 3, len(text))
    assert text[q.start : q.end] == "30门"
