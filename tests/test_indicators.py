"""The verbatim indicator of a target (pipeline.extractors.indicators): real sentences and the offset invariant."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.evaluate.indicators import indicator_span, lcs_f1, span_f1

# Real sentences (Qingyang 庆政发〔2021〕13号, central 139/061, Shandong 010/020) -> indicator of each target.
CASES = [
    ("全市建成20个以上特色品牌专业,培育5个以上在全省有影响力的专业群集。", ["特色品牌专业", "在全省有影响力的专业群集"]),
    ("“双师型”教师占专业课教师比例达到50%以上。", ["“双师型”教师占专业课教师比例"]),
    ("力争到2025年全市职业院校办学条件达到国家标准,“双师型”教师比例达到50%以上,数字化资源覆盖率达到100%。",
     ["“双师型”教师比例", "数字化资源覆盖率"]),
    ("全面推进厅长突破项目,力争70%以上的中职学校全部指标达标。", ["中职学校全部指标达标"]),
    ("原则上每年按企业职工总数的2%接纳职业院校学生实习。", ["企业职工总数"]),
    ("按照不低于公用经费的5%列支教师培训经费。", ["公用经费"]),
    ("每年至少召开两次会议,研究解决职业教育发展中的重大问题。", ["会议"]),
    ("支持2所国示范学校、1所省示范学校新增家政、健康专业。", ["国示范学校", "省示范学校"]),
    ("绝对精度100Pa以内、噪音水平0.6Pa以内的压力传感器实现商用。", ["绝对精度", "噪音水平"]),
    ("推出性能达到128TFLOPS（16位浮点）、能效比超过1TFLOPS/w的云端神经网络芯片。", ["性能", "能效比"]),
    ("到2020年，全国90%以上地区的宽带接入速率和时延满足人工智能行业应用需求。",
     ["地区的宽带接入速率和时延满足人工智能行业应用需求"]),
    ("培育 150 家以上专业水平高、服务能力强的智能制造系统解决方案供应商。",
     ["专业水平高、服务能力强的智能制造系统解决方案供应商"]),
    ("试点示范项目生产效率平均提高 45%、产品研制周期平均缩短 35%", ["试点示范项目生产效率", "产品研制周期"]),
    ("年登记技术合同成交额突破1953.92亿元；万人发明专利拥有量达到12.4件。", ["年登记技术合同成交额", "万人发明专利拥有量"]),
    ("在役工业机器人数量达到8万台左右；", ["在役工业机器人数量"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_indicator_of_real_sentences(text, expected):
    record = pipeline.extract(text)
    got = [t.indicator for t in record.targets if t.text != "16位"]  # （16位浮点） qualifies a unit
    assert got == expected
    for t in record.targets:
        assert text[t.indicator_start : t.indicator_end] == t.indicator


def test_a_pdf_line_wrap_stays_inside_the_indicator():
    """Central 061 (converted from PDF) wraps lines inside phrases; the span keeps the line break."""
    path = Path(__file__).parent / "fixtures" / "gold" / "central" / "061.txt"
    record = pipeline.extract_file(path)
    by_text = {t.text: t.indicator for t in record.targets}
    assert by_text["150 家以上"] == "专业水平高、服务能力强的智能制造系统解决\n方案供应商"
    assert by_text["45%"] == "试点示范项目生产\n效率"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="建成达到以上个%的比例、，。“”\n率教师全市20506", max_size=40))
def test_indicator_offsets_always_hold(text):
    for t in pipeline.extract(text).targets:
        if t.indicator is None:
            assert t.indicator_start is None and t.indicator_end is None
        else:
            assert text[t.indicator_start : t.indicator_end] == t.indicator


@pytest.mark.shared
def test_indicator_offsets_hold_on_the_central_corpus(central_texts):
    for stem in sorted(central_texts)[:40]:
        text = central_texts[stem]
        for t in pipeline.extract(text).targets:
            if t.indicator is not None:
                assert text[t.indicator_start : t.indicator_end] == t.indicator, (stem, t)


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [((0, 4), (0, 4), 1.0), ((0, 2), (0, 4), 2 / 3), ((0, 4), (4, 8), 0.0), ((2, 6), (0, 4), 0.5)],
)
def test_span_f1(pred, gold, expected):
    assert span_f1(pred, gold) == pytest.approx(expected)


def test_lcs_f1_and_nearest_quote():
    assert lcs_f1("专业群集", "在全省有影响力的专业群集") == pytest.approx(2 * 1 * (4 / 12) / (1 + 4 / 12))
    assert lcs_f1("", "比例") == 0.0
    text = "能效比超过1TFLOPS/w的云端神经网络芯片，推出能效比超过1T OPS/w的终端芯片"
    second = text.rindex("超过1T")
    assert indicator_span(text, (second, second + 8), "能效比") == (second - 3, second)
