"""Deadline forms as a reader sees them (pipeline.extractors.deadline_forms), sentences of several provinces.

Rows marked "corpus" are quoted from ../shared/corpora (山东 plans and central texts); the others are short
excerpts of the form as published by other provinces' departments, written into the table.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extractors.deadline_forms import find_deadlines, parse_deadline_expression

SIGNED = "2022-03-01"

# (place, sentence, [(span, kind, due_date, recurrence)]), document signed 2022-03-01
FORMS = [
    # 山东 (corpus shandong/017, 046, 010, 023)
    (
        "山东",
        "到2020年年底，省属煤矿、生产能力120万吨/年以上大",
        [("到2020年年底", "date", "2020-12-31", None)],
    ),
    (
        "山东",
        "产业链供应链韧性和安全水平显著增强，到2025年年底，全省信息技术产业营收突破2.2万亿元",
        [("到2025年年底", "date", "2025-12-31", None)],
    ),
    ("山东", "集群生态化水平逐年提升", [("逐年", "recurring", None, "P1Y")]),
    (
        "山东",
        "每季度将运营情况、资金使用情况和绩效完成情况报济南市工业和信息化局",
        [("每季度", "recurring", None, "P3M")],
    ),
    # central (corpus central/110, 009, 042): full-width years, 之前 bound, a date in a 于…完成 frame
    (
        "交通运输部",
        "到２０２５年,突破一批制约智能航运发展的关键技术",
        [("到２０２５年", "date", "2025-12-31", None)],
    ),
    (
        "工信部",
        "示范单位如有大模型更新，在2024年3月底之前，可申请一次",
        [("2024年3月底之前", "date", "2024-03-31", None)],
    ),
    (
        "工信部",
        "申报主体须于2022年10月28日前完成线上申报",
        [("2022年10月28日前", "date", "2022-10-28", None)],
    ),
    # 甘肃 (庆阳 opinion)
    ("甘肃", "力争到2025年全市职业院校办学条件达到国家标准", [("到2025年", "date", "2025-12-31", None)]),
    # excerpts of other provinces' education and work-plan documents
    (
        "浙江",
        "自2022年秋季学期起，全省义务教育学校全面实施课后服务",
        [("自2022年秋季学期起", "date", "2022-09-01", None)],
    ),
    (
        "江苏",
        "各地要于2022年年底前完成校外培训机构的清理整治",
        [("2022年年底前", "date", "2022-12-31", None)],
    ),
    ("广东", "学校每学期至少组织开展一次应急疏散演练", [("每学期", "recurring", None, "P6M")]),
    ("四川", "每学年对教师进行一次师德考核", [("每学年", "recurring", None, "P1Y")]),
    ("河南", "到二〇二五年，全省建成100所高水平中等职业学校", [("到二〇二五年", "date", "2025-12-31", None)]),
    (
        "湖北",
        "2023年上半年完成试点评估，下半年全面推开",
        [("2023年上半年", "date", "2023-06-30", None), ("下半年", "date", "2023-12-31", None)],
    ),
    (
        "湖南",
        "一季度完成项目谋划，前三季度完成主体工程",
        [("一季度", "date", "2022-03-31", None), ("前三季度", "date", "2022-09-30", None)],
    ),
    ("福建", "8月至11月集中开展安全生产专项整治行动", [("8月至11月", "date", "2022-11-30", None)]),
    ("安徽", "明年底前，各县（市、区）全部建成区域医疗中心", [("明年底前", "date", "2023-12-31", None)]),
    ("河北", "在2023年6月完成验收并投入使用", [("2023年6月", "date", "2023-06-30", None)]),
    ("江西", "老旧小区改造任务于2025年以前全部完成", [("2025年以前", "date", "2025-12-31", None)]),
    ("云南", "今年6月底前，各州（市）要完成摸底排查", [("今年6月底前", "date", "2022-06-30", None)]),
    (
        "贵州",
        "各地于二〇二二年十二月三十一日前完成",
        [("二〇二二年十二月三十一日前", "date", "2022-12-31", None)],
    ),
    ("陕西", "各市9月底以前报送工作总结", [("9月底以前", "date", "2022-09-30", None)]),
    ("山西", "年底以前完成全部验收", [("年底以前", "date", "2022-12-31", None)]),
    # not deadlines: statistics and durations
    ("山东", "今年以来，为贯彻落实“数字山东”建设部署", []),
    ("湖北", "2021年上半年，全省地区生产总值增长", []),
    ("湖北", "上半年全省实现地区生产总值", []),
    ("浙江", "三年内完成全部改造", []),
]


@pytest.mark.parametrize(("place", "text", "expected"), FORMS)
def test_deadline_forms(place: str, text: str, expected: list) -> None:
    got = [(text[s:e], k, d, r) for s, e, k, d, r in find_deadlines(text, SIGNED)]
    assert got == expected, place


def test_relative_forms_without_a_document_date_have_no_due_date() -> None:
    got = find_deadlines("一季度完成项目谋划，明年底前全部建成", None)
    assert [(k, d) for _s, _e, k, d, _r in got] == [("date", None), ("date", None)]


def test_a_past_quarter_of_the_document_year_means_the_next_one() -> None:
    assert parse_deadline_expression("一季度", "2022-05-10") == ("date", "2023-03-31", None)


def test_month_range_must_ascend() -> None:
    assert find_deadlines("2022年11至8月", SIGNED) == []


_CN = "〇一二三四五六七八九"


@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)), st.sampled_from(["到", "于"])
)
def test_any_year_month_day_deadline_reads_back(day: dt.date, lead: str) -> None:
    text = f"{lead}{day.year}年{day.month}月{day.day}日前完成"
    (_s, _e, kind, due, _r), *_ = find_deadlines(text, SIGNED)
    assert (kind, due) == ("date", day.isoformat())


@given(st.integers(1950, 2099), st.booleans())
def test_chinese_and_full_width_years_read_as_ascii(year: int, chinese: bool) -> None:
    digits = (
        "".join(_CN[int(c)] for c in str(year))
        if chinese
        else str(year).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    )
    found = find_deadlines(f"到{digits}年，全面建成", SIGNED)
    assert [(k, d) for _s, _e, k, d, _r in found] == [("date", f"{year}-12-31")]


_FRAGMENTS = st.sampled_from(
    [
        "到",
        "于",
        "在",
        "自",
        "2022",
        "二〇二二",
        "２０２２",
        "年",
        "月",
        "日",
        "底前",
        "以前",
        "上半年",
        "下半年",
        "一",
        "三",
        "十二",
        "季度",
        "前",
        "第",
        "至",
        "－",
        "秋季学期",
        "起",
        "明年",
        "今年",
        "完成",
        "每学期",
        "，",
        "。",
        "9",
        "13",
    ]
)


@given(st.lists(_FRAGMENTS, max_size=14).map("".join), st.sampled_from([None, "2022-03-01", "2021-11-30"]))
def test_any_mix_of_date_words_gives_ordered_valid_spans(text: str, ref: str | None) -> None:
    found = find_deadlines(text, ref)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(found))  # ordered, non-overlapping
    for s, e, kind, due, _rec in found:
        assert 0 <= s < e <= len(text)
        assert kind in ("date", "recurring", "ongoing")
        if due is not None:
            dt.date.fromisoformat(due)


def test_a_zero_period_is_no_recurrence():
    from pipeline.extractors.deadline_forms import recurrences

    assert [r[4] for r in recurrences("每0年检查一次，每3个月报告一次")] == ["P3M"]
