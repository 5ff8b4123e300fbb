"""Departments: cell splitting, canonical names, mentions in text, roles, and the offsets invariant."""

from __future__ import annotations

import pytest
from dept_task_helpers import synthetic_context

from pipeline.extractors import departments
from pipeline.extractors.departments import canonicalize, find_departments, split_department_cell
from pipeline.models import DEPARTMENT_KINDS, DEPARTMENT_ROLES, LEVELS, Region

QINGYANG = Region("甘肃省", "庆阳市")

SPLIT_CASES = [
    ("市教育局 各县(区)政府 庆阳职业技术学院", ["市教育局", "各县(区)政府", "庆阳职业技术学院"]),
    (
        "市发展改革委 市自然资源局 市委编办 市财政局 市教育局 西峰区政府",
        ["市发展改革委", "市自然资源局", "市委编办", "市财政局", "市教育局", "西峰区政府"],
    ),
    ("市教育局、各县（区）人民政府", ["市教育局", "各县（区）人民政府"]),
    (
        "市财政局，市教育局；市人社局/市工信局\n市委组织部",
        ["市财政局", "市教育局", "市人社局", "市工信局", "市委组织部"],
    ),
    ("各县(区)政府  庆阳职业技术学院 ", ["各县(区)政府", "庆阳职业技术学院"]),
    ("", []),
    # cells that lost their spaces (OCR of a scanned 任务清单; a PDF cell wrapped at a space): the names
    # found cover the piece, so it is split into them
    ("市教育局各县（区）政府庆阳职业技术学院", ["市教育局", "各县（区）政府", "庆阳职业技术学院"]),
    (
        "市委组织部市委编办市人社局市教育局各县(区)政府",
        ["市委组织部", "市委编办", "市人社局", "市教育局", "各县(区)政府"],
    ),
    ("市委宣传部市教育局 各县(区)政府", ["市委宣传部", "市教育局", "各县(区)政府"]),
    ("市财政局 市教育局西峰区政府", ["市财政局", "市教育局", "西峰区政府"]),
    ("省发展改革委省教育厅", ["省发展改革委", "省教育厅"]),
    # a piece the names do not cover stays whole
    ("市教育局（牵头）", ["市教育局（牵头）"]),
    ("市文体广电旅游局", ["市文体广电旅游局"]),
    ("县委县政府", ["县委县政府"]),
]

RUN_TOGETHER_CASES = [
    # a body never runs over the end of one name into the next (suffix of 2+ characters, then a prefix)
    ("由市委组织部市人社局负责", ["市委组织部", "市人社局"]),
    ("市政府市教育局", ["市政府", "市教育局"]),
    ("市人民政府办公室", ["市人民政府办公室"]),
]


@pytest.mark.parametrize(("text", "expected"), RUN_TOGETHER_CASES)
def test_a_body_ends_where_the_next_begins(text, expected):
    assert [f.name for f in find_departments(text, QINGYANG)] == expected


@pytest.mark.parametrize(("cell", "expected"), SPLIT_CASES)
def test_split_department_cell(cell, expected):
    pieces = split_department_cell(cell)
    assert [p for p, _s, _e in pieces] == expected
    assert all(cell[s:e] == p for p, s, e in pieces)


def test_split_keeps_parentheses_together():
    assert [p for p, *_ in split_department_cell("各县(区 )政府 市教育局")] == ["各县(区 )政府", "市教育局"]


CANONICAL_CASES = [
    # (written, region, canonical, level, kind)
    ("市教育局", QINGYANG, "庆阳市教育局", "municipal", "government"),
    ("市发改委", QINGYANG, "庆阳市发展和改革委员会", "municipal", "government"),
    ("市发展改革委", QINGYANG, "庆阳市发展和改革委员会", "municipal", "government"),
    ("市发展和改革委员会", QINGYANG, "庆阳市发展和改革委员会", "municipal", "government"),
    ("市人社局", QINGYANG, "庆阳市人力资源和社会保障局", "municipal", "government"),
    ("各县(区)政府", QINGYANG, "庆阳市各县(区)人民政府", "county", "government"),
    ("各县（区）人民政府", QINGYANG, "庆阳市各县(区)人民政府", "county", "government"),
    ("市委编办", QINGYANG, "中共庆阳市委机构编制委员会办公室", "municipal", "party"),
    ("市工信局", QINGYANG, "庆阳市工业和信息化局", "municipal", "government"),
    ("市扶贫办", QINGYANG, "庆阳市扶贫开发办公室", "municipal", "government"),
    ("市委组织部", QINGYANG, "中共庆阳市委组织部", "municipal", "party"),
    ("庆阳市教育局", QINGYANG, "庆阳市教育局", "municipal", "government"),
    ("甘肃省人民政府", QINGYANG, "甘肃省人民政府", "provincial", "government"),
    ("省编委办", QINGYANG, "中共甘肃省委机构编制委员会办公室", "provincial", "party"),
    ("西峰区政府", QINGYANG, "庆阳市西峰区人民政府", "county", "government"),  # a district of the city
    ("西峰区政府", Region("甘肃省"), "西峰区人民政府", "county", "government"),  # no city: as written
    ("兰州市城关区人民政府", QINGYANG, "兰州市城关区人民政府", "county", "government"),
    ("庆阳职业技术学院", QINGYANG, "庆阳职业技术学院", None, "school"),
    ("教育部", QINGYANG, "教育部", "national", "government"),
    ("发展改革委", None, "国家发展和改革委员会", "national", "government"),
    ("人力资源社会保障部", None, "人力资源和社会保障部", "national", "government"),
    ("市教育局", None, "市教育局", "municipal", "government"),
    ("市发改委", None, "市发展和改革委员会", "municipal", "government"),
    ("各县(区)政府", Region(), "各县(区)人民政府", "county", "government"),
]


@pytest.mark.parametrize(("name", "region", "canonical", "level", "kind"), CANONICAL_CASES)
def test_canonicalize(name, region, canonical, level, kind):
    assert canonicalize(name, region) == (canonical, level, kind)


TEXT_CASES = [
    ("市教育局、市财政局、市人社局负责。", QINGYANG, ["市教育局", "市财政局", "市人社局"]),
    ("推进政务服务跨省通办,实现异地可办。", QINGYANG, []),  # 跨省通办 is no 省通办
    ("领导小组和联席会议办公室设在市教育局,负责统筹协调职业教育发展中的重大事项。", QINGYANG, ["市教育局"]),
    (
        "各县(区)和庆阳职业技术学院校分别制定实施方案,并报市教育局备案。",
        QINGYANG,
        ["庆阳职业技术学院", "市教育局"],
    ),
    (
        "支持环县职专、宁县职专实施新校区建设,镇原职专实施宿舍楼建设",
        QINGYANG,
        ["环县职专", "宁县职专", "镇原职专"],
    ),
    ("各县(区)人民政府,市政府有关部门:", QINGYANG, ["各县(区)人民政府"]),  # 市政府有关部门 is generic
    ("打造 “高水平高职学校、高水平专业群集”", QINGYANG, []),  # 高职专业 is no 职专
    ("协调省编委办落实庆阳职业技术学院机构编制备案", QINGYANG, ["省编委办", "庆阳职业技术学院"]),
    (
        "（发展改革委、工业和信息化部、中央网信办牵头，各地区、各部门负责）",
        None,
        ["发展改革委", "工业和信息化部", "中央网信办"],
    ),
    ("充分发挥市场在资源配置中的决定性作用,优化区域布局", None, []),
    ("市场监管总局会同有关部门制定标准", None, ["市场监管总局"]),
]


@pytest.mark.parametrize(("text", "region", "expected"), TEXT_CASES)
def test_find_departments(text, region, expected):
    found = find_departments(text, region)
    assert [f.name for f in found] == expected
    assert all(text[f.start : f.end] == f.name for f in found)


def test_roles_from_inline_note():
    text = "加快建设。（工业和信息化部、发展改革委牵头，科技部负责）"
    ctx = synthetic_context(text)
    departments.run(ctx)
    assert [(d.name, d.role) for d in ctx.departments] == [
        ("工业和信息化部", "lead"),
        ("发展改革委", "lead"),
        ("科技部", "co"),
    ]


def test_qingyang_cells_and_mentions(qingyang_text):
    ctx = synthetic_context(qingyang_text, QINGYANG, "2021-03-02")
    departments.run(ctx)
    first_row = [d for d in ctx.departments if d.clause_id == "t2.r1" and d.role != "mentioned"]
    assert [(d.name, d.role, d.canonical) for d in first_row] == [
        ("市教育局", "lead", "庆阳市教育局"),
        ("各县(区)政府", "co", "庆阳市各县(区)人民政府"),
        ("庆阳职业技术学院", "co", "庆阳职业技术学院"),
    ]
    mentioned = {d.name for d in ctx.departments if d.role == "mentioned"}
    assert {"市教育局", "庆阳职业技术学院", "西峰职专", "省编委办"} <= mentioned
    assert "有关部门" not in mentioned and "市政府有关部门" not in mentioned
    for d in ctx.departments:
        assert qingyang_text[d.start : d.end] == d.text
        assert d.role in DEPARTMENT_ROLES and d.kind in DEPARTMENT_KINDS
        assert d.level is None or d.level in LEVELS


@pytest.mark.shared
def test_central_texts_offsets(central_texts):
    for stem, text in central_texts.items():
        ctx = synthetic_context(text)
        departments.run(ctx)
        for d in ctx.departments:
            assert text[d.start : d.end] == d.text, stem
            assert d.kind in DEPARTMENT_KINDS, stem
