"""Amounts (pipeline.extractors.numbers and the targets stage): ranges with the multiplier written once
or twice, Chinese numerals with 零, open bounds with （含）, thousands separators.

Rows marked "corpus" are quoted from ../shared/corpora/shandong; the others are short excerpts of the
form as published in other places' subsidy and planning documents.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pipeline
from pipeline.extractors.numbers import find_quantities

# (sentence, [(span, value, value_max, unit)])
QUANTITIES = [
    # corpus shandong/023 (济南): the unit written on both bounds, different multipliers
    ("对上一年度营业收入在 2000 万元至 1 亿元之间的企业", [("2000 万元至 1 亿元", 2000, 10000, "万元")]),
    ("对上一年度营业收入在 500 万元至 2000 万元之间的企业", [("500 万元至 2000 万元", 500, 2000, "万元")]),
    # excerpts: 广东 (multiplier twice), 浙江 (once), 江苏 (Chinese numerals), 四川 (零), 北京 (separator)
    ("给予5万-10万元奖励", [("5万-10万元", 5, 10, "万元")]),
    ("按照建设投资给予50到100万元补助", [("50到100万元", 50, 100, "万元")]),
    ("每个项目奖励二十万至五十万元", [("二十万至五十万元", 20, 50, "万元")]),
    ("省级财政安排一千零五十万元专项资金", [("一千零五十万元", 1050, None, "万元")]),
    ("累计投入资金1,200万元", [("1,200万元", 1200, None, "万元")]),
    # two amounts of different units are not a range
    ("建成5个基地、10所学校", [("5个", 5, None, "个"), ("10所", 10, None, "所")]),
]


@pytest.mark.parametrize(("text", "expected"), QUANTITIES)
def test_quantities(text: str, expected: list) -> None:
    got = [(text[q.start : q.end], q.value, q.value_max, q.unit) for q in find_quantities(text)]
    assert got == expected


# (sentence, (target span, comparator)) through the whole pipeline
OPEN_BOUNDS = [
    # corpus shandong/042 (青岛): 超过…（含） is at least
    (
        "租赁自用办公场所和生产经营场地面积超过300平方米（含）的，给予最长五年的房租补贴",
        ("超过300平方米", ">="),
    ),
    # excerpt: 河南 open bound written with （含）以上
    ("对新认定的省级示范区3个（含）以上的市，给予奖励", ("3个（含）以上", ">=")),
]


@pytest.mark.parametrize(("text", "expected"), OPEN_BOUNDS)
def test_open_bounds(text: str, expected: tuple) -> None:
    record = pipeline.extract(text)
    assert [(t.text, t.comparator) for t in record.targets] == [expected]


@given(st.integers(1, 9999), st.integers(1, 9999), st.sampled_from(["-", "至", "到", "—"]))
def test_range_with_multiplier_written_twice_equals_once(low: int, high: int, sep: str) -> None:
    twice = find_quantities(f"奖励{low}万{sep}{high}万元")
    once = find_quantities(f"奖励{low}{sep}{high}万元")
    assert [(q.value, q.value_max, q.unit) for q in twice] == [(q.value, q.value_max, q.unit) for q in once]
    assert [(q.value, q.value_max, q.unit) for q in once] == [(low, high, "万元")]
