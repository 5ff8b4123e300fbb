"""Clause tree: Qingyang counts and headings, central documents' structure, offsets invariant."""

from __future__ import annotations

import collections

import pytest

import pipeline.structure as structure
from pipeline.api import new_context
from pipeline.context import DocContext
from pipeline.models import CLAUSE_KINDS
from pipeline.structure.clauses import build_clauses
from pipeline.structure.lines import split_lines
from pipeline.structure.tables import find_tables


def structured(text: str) -> DocContext:
    ctx = new_context(text)
    structure.run(ctx)
    return ctx


def bare_clauses(text: str):
    """The clause tree without header spans (the mechanism alone)."""
    lines = split_lines(text)
    return build_clauses(text, lines, find_tables(text, lines)).clauses


@pytest.fixture(scope="module")
def qy(qingyang_text: str) -> DocContext:
    return structured(qingyang_text)


def of_kind(ctx: DocContext, kind: str):
    return [c for c in ctx.clauses if c.kind == kind]


QINGYANG_COUNTS = [("part", 4), ("section", 11), ("item", 20), ("bullet", 5), ("annex", 2), ("table_row", 27)]


@pytest.mark.parametrize(("kind", "count"), QINGYANG_COUNTS)
def test_qingyang_counts(qy: DocContext, kind: str, count: int) -> None:
    assert len(of_kind(qy, kind)) == count


QINGYANG_HEADINGS = [
    ("part", "一、", "指导思想"),
    ("part", "四、", "组织实施"),
    ("section", "(一)", "加强党对职业教育的领导"),
    ("section", "(十一)", "加强督导评估"),
    ("item", "1.", "加强职业院校党的建设"),
    ("item", "2.", "落实立德树人根本任务"),
    ("item", "12.", "加大信息化建设力度"),
    ("item", "20.", "助力庆阳乡村振兴"),
    ("bullet", "——", "以“园区”建设为基础,构建融合发展的职教体系"),
    ("bullet", "——", "以“技能”培养为目标,提升服务发展的基本功能"),
    ("annex", "附件1", "省政府政策支持清单"),
    ("annex", "附件2", "庆阳市工作任务清单"),
]


@pytest.mark.parametrize(("kind", "label", "heading"), QINGYANG_HEADINGS)
def test_qingyang_headings(qy: DocContext, kind: str, label: str, heading: str) -> None:
    assert (label, heading) in [(c.label, c.heading) for c in of_kind(qy, kind)]


def test_qingyang_every_item_has_heading(qy: DocContext) -> None:
    items = of_kind(qy, "item")
    assert [c.label for c in items] == [f"{k}." for k in range(1, 21)]
    assert all(c.heading and "。" not in c.heading for c in items)


def test_qingyang_nesting(qy: DocContext) -> None:
    by_id = {c.clause_id: c for c in qy.clauses}
    item1 = next(c for c in qy.clauses if c.label == "1.")
    section = by_id[item1.parent_id]
    assert (section.kind, section.label) == ("section", "(一)")
    assert by_id[section.parent_id].label == "三、"
    assert {by_id[b.parent_id].label for b in of_kind(qy, "bullet")} == {"二、"}
    annexes = of_kind(qy, "annex")
    rows = of_kind(qy, "table_row")
    assert collections.Counter(r.parent_id for r in rows) == {
        annexes[0].clause_id: 7,
        annexes[1].clause_id: 20,
    }


def test_qingyang_part_text_spans_descendants(qy: DocContext) -> None:
    part3 = next(c for c in qy.clauses if c.label == "三、")
    assert part3.text.startswith("三、主要任务")
    assert part3.text.endswith("建立契合乡村振兴产业发展新需求的专业体系。")


def test_qingyang_attachment_list_is_not_items(qy: DocContext) -> None:
    listed = [
        c for c in qy.clauses if "庆阳市工作任务清单" in c.text and c.kind not in ("annex", "table_row")
    ]
    assert listed and all(c.kind == "closing" and c.parent_id is None for c in listed)
    assert not any(c.kind == "item" and c.start > listed[0].start for c in qy.clauses)


def test_qingyang_header_and_closing(qy: DocContext) -> None:
    assert [c.kind for c in qy.clauses[:4]] == ["title", "header", "header", "preamble"]
    assert qy.clauses[0].heading == qy.clauses[0].text
    assert qy.clauses[-1].kind == "closing"  # 公开属性 after the annexes
    assert "公开属性" not in of_kind(qy, "annex")[-1].text


def test_ids_in_document_order(qy: DocContext) -> None:
    assert [c.clause_id for c in qy.clauses] == [f"c{k}" for k in range(1, len(qy.clauses) + 1)]
    assert [c.start for c in qy.clauses] == sorted(c.start for c in qy.clauses)


def check_invariants(text: str, ctx: DocContext) -> None:
    by_id = {c.clause_id: c for c in ctx.clauses}
    for c in ctx.clauses:
        assert text[c.start : c.end] == c.text
        assert c.kind in CLAUSE_KINDS
        assert c.text == c.text.strip()
        if c.parent_id is not None:
            parent = by_id[c.parent_id]
            assert parent.start <= c.start and c.end <= parent.end


def test_qingyang_invariants(qingyang_text: str, qy: DocContext) -> None:
    check_invariants(qingyang_text, qy)


@pytest.mark.shared
def test_central_texts_invariants(central_texts: dict[str, str]) -> None:
    kinds: collections.Counter[str] = collections.Counter()
    for text in central_texts.values():
        ctx = structured(text)
        check_invariants(text, ctx)
        kinds.update(c.kind for c in ctx.clauses)
    assert kinds["part"] > 100 and kinds["section"] > 100 and kinds["item"] > 100


@pytest.mark.shared
def test_central_chapters_and_fullwidth_indent(central_texts: dict[str, str]) -> None:
    # 001: "　第一章　智慧林业内涵与重要意义　" then "    　　一、智慧林业内涵及特征" then "（一）基本内涵".
    ctx = structured(central_texts["001"])
    by_id = {c.clause_id: c for c in ctx.clauses}
    ch1 = ctx.clauses[0]
    assert (ch1.kind, ch1.label, ch1.heading) == ("part", "第一章", "智慧林业内涵与重要意义")
    first = next(c for c in ctx.clauses if c.label == "一、")
    assert (first.parent_id, first.heading) == (ch1.clause_id, "智慧林业内涵及特征")
    sec = next(c for c in ctx.clauses if c.label == "（一）")
    assert (sec.heading, by_id[sec.parent_id].label) == ("基本内涵", "一、")
    assert [c.label for c in ctx.clauses if c.label and c.label.startswith("第")][:3] == [
        "第一章",
        "第二章",
        "第三章",
    ]


@pytest.mark.shared
def test_central_articles_under_chapters(central_texts: dict[str, str]) -> None:
    ctx = structured(central_texts["004"])
    by_id = {c.clause_id: c for c in ctx.clauses}
    art = next(c for c in ctx.clauses if c.label == "第四条")
    assert art.kind == "item" and art.heading is None
    assert by_id[art.parent_id].label == "第二章"
    # the unnumbered paragraphs after 第二条 belong to it
    art2 = next(c for c in ctx.clauses if c.label == "第二条")
    assert any(c.parent_id == art2.clause_id and c.kind == "paragraph" for c in ctx.clauses)


NESTING = (
    "一、总则\n（一）目标。正文。\n1.第一项。\n（1）细项。\n①要点。\n2.第二项。\n二、保障\n（一）组织。\n"
)


def test_style_order_nesting() -> None:
    clauses = bare_clauses(NESTING)
    by_id = {c.clause_id: c for c in clauses}
    parent = {c.label: by_id[c.parent_id].label if c.parent_id else None for c in clauses}
    assert parent == {
        "一、": None,
        "（一）": "二、",
        "1.": "（一）",
        "（1）": "1.",
        "①": "（1）",
        "2.": "（一）",
        "二、": None,
    }
    assert [c.kind for c in clauses] == ["part", "section", "item", "item", "item", "item", "part", "section"]


NOT_LABELS = [
    "2021年全市完成培训任务。",
    "5G网络覆盖所有县区。",
    "1+X证书制度试点稳步推进。",
    "1.5倍于上年的投入。",
    "2.0版信息化提升计划启动。",
    "一、二级指标同步调整。",
    "10%以上的学校达标。",
]


@pytest.mark.parametrize("line", NOT_LABELS)
def test_not_labels(line: str) -> None:
    clauses = bare_clauses(f"一、总体要求\n{line}\n")
    assert [c.kind for c in clauses] == ["part", "paragraph"]
    assert clauses[1].label is None


LABELS = [
    ("　　一、智慧林业内涵及特征", "part", "一、", "智慧林业内涵及特征"),
    ("（三）加强宣传推广。支持地方举办大会。", "section", "（三）", "加强宣传推广"),
    ("(七)加强组织领导。加强党委领导。", "section", "(七)", "加强组织领导"),
    ("1．完善人才培养体系。按照思路推进。", "item", "1．", "完善人才培养体系"),
    ("3、持续改善办学条件。", "item", "3、", "持续改善办学条件"),
    ("第三章　智慧林业建设的主要任务与重点工程", "part", "第三章", "智慧林业建设的主要任务与重点工程"),
    ("第一部分 总体要求", "part", "第一部分", "总体要求"),
    (
        "——以“品牌”创建为抓手,培育特色发展的专业集群。立足庆阳。",
        "bullet",
        "——",
        "以“品牌”创建为抓手,培育特色发展的专业集群",
    ),
]


@pytest.mark.parametrize(("line", "kind", "label", "heading"), LABELS)
def test_labels(line: str, kind: str, label: str, heading: str) -> None:
    c = bare_clauses(line + "\n")[0]
    assert (c.kind, c.label, c.heading) == (kind, label, heading)


def test_annex_spans_until_next_annex() -> None:
    text = "一、要求\n正文。\n附件：1.甲清单\n2.乙清单\n附件1\n甲清单\n内容一。\n附件 2\n乙清单\n内容二。\n"
    clauses = bare_clauses(text)
    annexes = [c for c in clauses if c.kind == "annex"]
    assert [(a.label, a.heading) for a in annexes] == [("附件1", "甲清单"), ("附件 2", "乙清单")]
    assert annexes[0].text == "附件1\n甲清单\n内容一。"
    assert not [c for c in clauses if c.kind == "item"]
    assert [c.kind for c in clauses if "乙清单" in c.text] == ["closing", "annex"]


def test_empty_text() -> None:
    ctx = structured("")
    assert ctx.clauses == [] and ctx.sentences == [] and ctx.table_rows == []


def test_chapter_closes_numbered_parts_even_when_first_chapter_was_missed() -> None:
    # central 158: "第一章" is glued to the end of a preamble line, so the first chapter seen is 第二章
    text = "前言。　第一章　\n一、建设目的\n（一）需求导向。\n　第二章　系统架构　\n一、业务架构\n第一条 总则。\n"
    clauses = bare_clauses(text)
    by_label = {c.label: c for c in clauses}
    assert by_label["第二章"].parent_id is None
    second_part = [c for c in clauses if c.label == "一、"][1]
    assert second_part.parent_id == by_label["第二章"].clause_id
    assert by_label["第一条"].parent_id == by_label["第二章"].clause_id
