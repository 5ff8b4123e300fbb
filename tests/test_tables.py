"""Tables: one-cell-per-line annexes, pipe and tab tables, canonical columns, cell offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pipeline.structure as structure
from pipeline.api import new_context
from pipeline.context import DocContext
from pipeline.structure.lines import split_lines
from pipeline.structure.tables import canonical_column, find_tables

FIXTURES = Path(__file__).parent / "fixtures" / "structure"


def structured(text: str) -> DocContext:
    ctx = new_context(text)
    structure.run(ctx)
    return ctx


def check_cells(text: str, ctx: DocContext) -> None:
    by_id = {c.clause_id: c for c in ctx.clauses}
    for row in ctx.table_rows:
        clause = by_id[row.clause_id]
        assert clause.kind == "table_row"
        for cell in row.cells:
            assert text[cell.start : cell.end] == cell.text
            assert cell.text == cell.text.strip() and "|" not in cell.text
            assert clause.start <= cell.start and cell.end <= clause.end


COLUMNS = [
    ("序号", "number"),
    ("政 策 内 容", "content"),
    ("工作任务", "task"),
    ("重点任务", "task"),
    ("责任部门", "departments"),
    ("责任单位", "departments"),
    ("牵头单位", "lead"),
    ("牵头单位（部门）", "lead"),
    ("配合单位", "co"),
    ("完成时限", "deadline"),
    ("时间节点", "deadline"),
    ("2025年目标", "2025年目标"),
    ("属 性", "属性"),
]


@pytest.mark.parametrize(("header", "column"), COLUMNS)
def test_canonical_column(header: str, column: str) -> None:
    assert canonical_column(header) == column


@pytest.fixture(scope="module")
def qy(qingyang_text: str) -> DocContext:
    return structured(qingyang_text)


# Annex 2 of the Qingyang opinion, as written: (number, start of task, departments, deadline).
ANNEX2 = [
    ("1", "各县(区)制定“一县一案”实施方案", "市教育局 各县(区)政府 庆阳职业技术学院", "2021年4月"),
    (
        "2",
        "建设庆阳市职业教育园区",
        "市发展改革委 市自然资源局 市委编办 市财政局 市教育局 西峰区政府",
        "2025年",
    ),
    ("3", "全面推进厅长突破项目", "市教育局 各县(区)政府", "2025年"),
    ("4", "支持庆阳建设3所省级中职“双优”学校", "市教育局 各县(区)政府 庆阳职业技术学院", "2023年"),
    ("5", "全市开展1+X职业技能等级证书认定项目申报", "市教育局 各县(区)政府", "2021年"),
    ("6", "建设5个左右市级专业教学资源库", "市教育局 各县(区)政府", "2023年"),
    ("7", "建成5个市级技术技能传承创新", "市教育局 市财政局 市发展改革委 市工信局 各县(区)政府", "2023年"),
    ("8", "选优配强职业院校领导班子", "市委组织部 各县(区)政府", "长期坚持"),
    ("9", "建立职业院校高层次人才引进机制", "市委组织部 市委编办 市人社局 市教育局 各县(区)政府", "2025年"),
    ("10", "建立健全改革创新容错纠错机制", "市委组织部 各县(区)政府", "长期坚持"),
    ("11", "严格执行高中阶段招生政策", "市教育局 各县(区)政府", "2023年"),
    ("12", "市内所有企业需设置学生实习", "市工信局 市发展改革委 市教育局 各县(区)政府", "长期坚持"),
    ("13", "落实职业学校毕业生在落户", "市委组织部 市人社局 市财政局 各县(区)政府", "长期坚持"),
    (
        "14",
        "建立职业院校、行业企业“一对一”结对合作",
        "市教育局 市发展改革委 市工信局 各县(区)政府",
        "长期坚持",
    ),
    (
        "15",
        "发挥庆阳市职业教育产教联盟作用",
        "市财政局 市发展改革委 市自然资源局 市工信局 市教育局 各县(区)政府",
        "长期坚持",
    ),
    ("16", "开展服务乡村振兴计划人才培养", "市教育局 市农业农村局 各县(区)政府", "2023年"),
    (
        "17",
        "面向农村劳动力、两后生",
        "市人社局 市扶贫办 市农业农村局 市退役军人事务局 市科技局 市教育局 各县(区)政府",
        "2023年",
    ),
    (
        "18",
        "引导职业院校开展文化遗产",
        "市文体广电旅游局 市人社局 市农业农村局 市教育局 各县(区)政府",
        "2023年",
    ),
    ("19", "建立与职业院校办学规模", "市财政局 市发展改革委 市教育局 各县(区)政府", "2021年"),
    ("20", "加强对政府和有关部门履行发展职业教育职责", "市委宣传部 市教育局 各县(区)政府", "长期坚持"),
]


def annex_rows(ctx: DocContext, k: int):
    annex = [c for c in ctx.clauses if c.kind == "annex"][k]
    return [r for r in ctx.table_rows if r.table_id == annex.clause_id]


@pytest.mark.parametrize(("number", "task", "departments", "deadline"), ANNEX2)
def test_qingyang_annex2_rows(
    qy: DocContext, number: str, task: str, departments: str, deadline: str
) -> None:
    row = annex_rows(qy, 1)[int(number) - 1]
    assert row.row_index == int(number)
    assert row.header == ("number", "task", "departments", "deadline")
    assert row.cell("number").text == number
    assert row.cell("task").text.startswith(task) and row.cell("task").text.endswith("。")
    assert row.cell("departments").text == departments
    assert row.cell("deadline").text == deadline


def test_qingyang_annex1_rows(qy: DocContext) -> None:
    rows = annex_rows(qy, 0)
    assert [r.cell("number").text for r in rows] == [str(k) for k in range(1, 8)]
    assert all(r.header == ("number", "content") for r in rows)
    assert rows[6].cell("content").text == "加强对庆阳职业教育的督查指导,提升职业教育的社会效益。"
    clause = next(c for c in qy.clauses if c.clause_id == rows[0].clause_id)
    assert clause.label == "1" and clause.text.startswith("1 |\n把打造陇东南")


def test_qingyang_cells_invariants(qingyang_text: str, qy: DocContext) -> None:
    assert len(qy.table_rows) == 27
    check_cells(qingyang_text, qy)


MULTILINE = "附件\n任务表\n序号 |\n工作\n任务 |\n完成时限 |\n1 |\n第一行\n第二行。 |\n2021年 |\n2 |\n任务二。 |\n2022年 |\n说明文字。\n"


def test_cell_lines_multiline_cells() -> None:
    ctx = structured(MULTILINE)
    assert [r.header for r in ctx.table_rows] == [("number", "task", "deadline")] * 2
    assert ctx.table_rows[0].cell("task").text == "第一行\n第二行。"
    assert ctx.table_rows[1].cell("deadline").text == "2022年"
    assert ctx.clauses[-1].kind == "paragraph" and ctx.clauses[-1].text == "说明文字。"
    check_cells(MULTILINE, ctx)


PIPE = "一、任务分工\n| 序号 | 工作内容 | 责任单位 |\n|---|:---:|---|\n| 1 | 建设平台。 | 市工信局 |\n| 2 | 推进共享。 |  |\n后文。\n"


def test_pipe_table_inline() -> None:
    ctx = structured(PIPE)
    part = ctx.clauses[0]
    assert [(r.table_id, r.row_index) for r in ctx.table_rows] == [(part.clause_id, 1), (part.clause_id, 2)]
    assert [[(c.column, c.text) for c in r.cells] for r in ctx.table_rows] == [
        [("number", "1"), ("task", "建设平台。"), ("departments", "市工信局")],
        [("number", "2"), ("task", "推进共享。"), ("departments", "")],
    ]
    rows = [c for c in ctx.clauses if c.kind == "table_row"]
    assert all(c.parent_id == part.clause_id for c in rows)
    check_cells(PIPE, ctx)


def test_tab_table() -> None:
    text = (FIXTURES / "tab_indicators.txt").read_text(encoding="utf-8")
    ctx = structured(text)
    assert [r.cells[0].text for r in ctx.table_rows] == [
        "数字经济核心产业增加值占GDP比重(%)",
        "每万人拥有5G基站数(个)",
    ]
    assert ctx.table_rows[0].header == ("indicator", "2020年", "2025年目标", "属性")
    assert ctx.table_rows[1].cell("2025年目标").text == "26"
    check_cells(text, ctx)


def test_tabs_with_empty_cells_are_not_a_table() -> None:
    text = "　\t　\t　\n　\t　\t　\n"
    assert find_tables(text, split_lines(text)) == []


def test_docx_rendered_markdown_table() -> None:
    text = (FIXTURES / "docx_tasks.txt").read_text(encoding="utf-8")
    ctx = structured(text)
    annex = next(c for c in ctx.clauses if c.kind == "annex")
    assert annex.heading == "数字经济发展重点任务分工表"
    rows = ctx.table_rows
    assert [r.table_id for r in rows] == [annex.clause_id] * 3
    assert rows[0].header == ("number", "task", "lead", "co", "deadline")
    assert [r.cell("lead").text for r in rows] == ["市工信局", "市大数据局", "市发展改革委"]
    assert rows[1].cell("co").text == "" and rows[2].cell("deadline").text == "长期坚持"
    # two sentences in the task cell of row 2, both owned by its table_row clause
    row2 = [s.text for s in ctx.sentences if s.clause_id == rows[1].clause_id]
    assert row2[:2] == ["建设城市大数据中心;", "推进政务数据共享。"]
    check_cells(text, ctx)


_cell = st.text(alphabet="任务市局年月 0123。,", min_size=0, max_size=8)


@given(st.lists(st.lists(_cell, min_size=3, max_size=3), min_size=1, max_size=5))
def test_pipe_roundtrip(body: list[list[str]]) -> None:
    lines = ["| 序号 | 任务 | 时限 |", "| --- | --- | --- |"] + ["| " + " | ".join(r) + " |" for r in body]
    text = "\n".join(lines) + "\n"
    ctx = structured(text)
    assert [[c.text for c in r.cells] for r in ctx.table_rows] == [[c.strip() for c in r] for r in body]
    check_cells(text, ctx)


@pytest.mark.shared
def test_central_texts_cells(central_texts: dict[str, str]) -> None:
    for text in central_texts.values():
        check_cells(text, structured(text))
