"""Deadlines (pipeline.extractors.deadlines): expressions, table cells, governing deadline of a span."""

from __future__ import annotations

import pytest

from pipeline.api import new_context
from pipeline.components import run_stages
from pipeline.extractors import deadlines
from pipeline.extractors.deadlines import deadline_for, find_deadlines, parse_deadline_expression

SIGNED = "2021-03-02"

# (real sentence, [(span text, kind, due_date, recurrence)]) -- body text, document signed 2021-03-02
BODY = [
    (
        "力争到2025年全市职业院校办学条件达到国家标准,“双师型”教师比例达到50%以上",
        [("到2025年", "date", "2025-12-31", None)],
    ),
    ("每年至少召开两次会议,研究解决职业教育发展中的重大问题", [("每年", "recurring", None, "P1Y")]),
    ("落实好教师5年一周期的全员轮训制度", [("5年一周期", "recurring", None, "P5Y")]),
    ("按年度发布行业人才供需、校企合作等供求信息", [("按年度", "recurring", None, "P1Y")]),
    ("同级财政纳入年度预算按实聘人数和工作量核发工资", []),
    ("对接庆阳“十四五”规划和2035年远景目标战略定位", []),
    ("及庆阳市国民经济和社会发展第十四个五年规划和2035年远景目标", []),
    ("(教职成厅〔2019〕7号)要求", []),
    ("庆阳市人民政府\n2021年3月2日", []),
    ("“十四五”期间,建成一批示范基地", [("“十四五”期间", "date", "2025-12-31", None)]),
    ("到“十三五”末", [("“十三五”末", "date", "2020-12-31", None)]),
    ("十一五期间", [("十一五期间", "date", "2010-12-31", None)]),
    ("十五五时期", [("十五五时期", "date", "2030-12-31", None)]),
    ("2023年底前完成", [("2023年底前", "date", "2023-12-31", None)]),
    ("力争各省级管理平台年底前基本建成", [("年底前", "date", "2021-12-31", None)]),
    ("6月底前报送", [("6月底前", "date", "2021-06-30", None)]),
    ("请于2018年12月10日前寄出", [("2018年12月10日前", "date", "2018-12-10", None)]),
    ("截至2022年底,全国累计建成153家国家绿色数据中心", []),
    ("截至2022 年底,全国一体化政务服务平台", []),
    ("从2012年的42.1%提高到2021年的73%", []),
    ("每两年滚动修订", [("每两年", "recurring", None, "P2Y")]),
    # text converted from PDF (central 061): spaces around the year
    ("到 2025 年，规模以上制造业企业大部分实现数字化网络化", [("到 2025 年", "date", "2025-12-31", None)]),
    # 年年 inside 近5年年均 and a period of the past are not deadlines
    ("近5年年均增速达到10%", []),
    ("从2012到2022年，数字经济规模年均增长15%", []),
    # a bare year introducing goals is their target year; a plan name is not
    ("2025 年的主要目标是：", [("2025 年", "date", "2025-12-31", None)]),
    ("每季度通报一次", [("每季度", "recurring", None, "P3M")]),
    ("每半年开展一次评估", [("每半年", "recurring", None, "P6M")]),
    ("三年前已建成", []),
]


@pytest.mark.parametrize(("text", "expected"), BODY)
def test_body_deadlines(text: str, expected: list) -> None:
    got = [(text[s:e], k, d, r) for s, e, k, d, r in find_deadlines(text, SIGNED)]
    assert got == expected


# (deadline cell of a task table, reference date, (kind, due_date, recurrence))
CELLS = [
    ("2021年4月", SIGNED, ("date", "2021-04-30", None)),
    ("2025年", SIGNED, ("date", "2025-12-31", None)),
    ("2021年", None, ("date", "2021-12-31", None)),
    ("2022年2月", None, ("date", "2022-02-28", None)),
    ("2024年2月", None, ("date", "2024-02-29", None)),
    ("2023年底前", SIGNED, ("date", "2023-12-31", None)),
    ("长期坚持", SIGNED, ("ongoing", None, None)),
    ("持续推进", SIGNED, ("ongoing", None, None)),
    ("长期", SIGNED, ("ongoing", None, None)),
    ("每年", SIGNED, ("recurring", None, "P1Y")),
    ("年度", SIGNED, ("recurring", None, "P1Y")),
    ("年底前", SIGNED, ("date", "2021-12-31", None)),
    ("年底前", None, ("date", None, None)),
    ("6月底前", None, ("date", None, None)),
    ("6月底前", "2021-08-15", ("date", "2022-06-30", None)),
    ("十四五末", None, ("date", "2025-12-31", None)),
    ("", None, None),
    ("市教育局", None, None),
]


@pytest.mark.parametrize(("cell", "ref", "expected"), CELLS)
def test_parse_deadline_expression(cell: str, ref: str | None, expected: tuple | None) -> None:
    assert parse_deadline_expression(cell, ref) == expected


def _ctx(text: str, date: str | None = SIGNED):
    stages = ("policy_structure", "policy_deadlines")
    return run_stages(new_context(text, meta={"date": date} if date else None), stages)


def test_a_deadline_governs_its_sentence() -> None:
    text = "到2025年,全市建成20个以上特色品牌专业。每年考核一次。"
    ctx = _ctx(text)
    assert [(d.deadline_id, d.text, d.kind) for d in ctx.deadlines] == [
        ("d1", "到2025年", "date"),
        ("d2", "每年", "recurring"),
    ]
    assert deadline_for(ctx, text.index("20个"), text.index("20个") + 3) == "d1"
    assert deadline_for(ctx, text.index("考核"), text.index("考核") + 2) == "d2"


def test_deadline_for_prefers_preceding_then_following() -> None:
    text = "专业课教师比例达到60%以上,力争到2025年实现。"
    ctx = _ctx(text)
    assert deadline_for(ctx, text.index("60%"), text.index("60%") + 3) == "d1"  # following
    assert deadline_for(ctx, 0, 1) == "d1"
    assert deadline_for(_ctx("没有期限的句子。"), 0, 2) is None


@pytest.fixture(scope="module")
def qingyang_ctx(qingyang_text: str):
    return _ctx(qingyang_text, None)


def test_qingyang_deadlines(qingyang_ctx) -> None:
    ctx = qingyang_ctx
    texts = [d.text for d in ctx.deadlines]
    assert "到2025年" in texts and "5年一周期" in texts and "按年度" in texts
    assert "2035年" not in " ".join(texts)
    assert all(ctx.text[d.start : d.end] == d.text for d in ctx.deadlines)
    assert [d.deadline_id for d in ctx.deadlines] == [f"d{i}" for i in range(1, len(ctx.deadlines) + 1)]
    cells = [r.cell("deadline") for r in ctx.table_rows if r.cell("deadline") is not None]
    assert cells, "the task table of the annex has a deadline column"
    for cell in cells:  # every deadline cell yields a deadline inside it
        assert any(cell.start <= d.start and d.end <= cell.end for d in ctx.deadlines), cell.text
    by_text = {(d.text, d.kind, d.due_date) for d in ctx.deadlines}
    assert ("2021年4月", "date", "2021-04-30") in by_text
    assert ("长期坚持", "ongoing", None) in by_text
    assert ("2021年", "date", "2021-12-31") in by_text


def test_qingyang_row_deadline_governs_task(qingyang_ctx) -> None:
    ctx = qingyang_ctx
    row = next(r for r in ctx.table_rows if r.cell("task") and "30门精品在线课程" in r.cell("task").text)
    task = row.cell("task")
    did = deadline_for(ctx, task.start, task.start + 4)
    d = next(d for d in ctx.deadlines if d.deadline_id == did)
    assert (d.text, d.due_date) == ("2023年", "2023-12-31")


@pytest.mark.shared
def test_central_corpus_no_crash_and_offsets(central_texts: dict[str, str]) -> None:
    total = 0
    for name, text in central_texts.items():
        ctx = _ctx(text, None)
        for d in ctx.deadlines:
            assert text[d.start : d.end] == d.text, name
            assert d.kind in ("date", "recurring", "ongoing")
        total += len(ctx.deadlines)
    assert total > 50


def _clause_ctx(text: str, clause_start: int):
    from pipeline.models import Clause, Sentence

    ctx = new_context(text)
    cut = text.index("。") + 1
    ctx.clauses = [Clause("c1", None, "item", None, None, text[clause_start:], clause_start, len(text))]
    ctx.sentences = [
        Sentence("s1", "c1", text[:cut], 0, cut),
        Sentence("s2", "c1", text[cut:], cut, len(text)),
    ]
    ctx.index()
    deadlines.run(ctx)
    return ctx


def test_deadline_opening_a_clause_governs_its_later_sentences() -> None:
    text = "（三）力争到2025年,完成以下任务。建成5个示范基地。"
    at = text.index("5个")
    ctx = _clause_ctx(text, 0)
    assert [d.text for d in ctx.deadlines] == ["到2025年"]
    assert deadline_for(ctx, at, at + 2) == "d1"
    late = "（三）完成以下任务,力争到2025年见效。建成5个示范基地。"
    at = late.index("5个")
    assert deadline_for(_clause_ctx(late, 0), at, at + 2) is None  # not at the clause's start


def test_lead_in_with_a_year_governs_the_bullets_after_it() -> None:
    text = (
        "二、总体目标\n2025 年的主要目标是：\n——转型升级成效显著。建成 500 个以上智能制造示范工厂。\n"
        "——供给能力明显增强。市场满足率超过 70%。\n培育 150 家以上系统解决方案供应商。\n"
        "三、重点任务\n建成 20 个平台。"
    )
    ctx = _ctx(text, None)
    (goal,) = [d for d in ctx.deadlines if d.text == "2025 年"]
    for phrase in ("500 个以上", "超过 70%", "150 家以上"):
        i = text.index(phrase)
        assert deadline_for(ctx, i, i + len(phrase)) == goal.deadline_id, phrase
    i = text.index("20 个平台")
    assert deadline_for(ctx, i, i + 4) is None  # another part: the lead-in does not reach it
