"""Citation stage: 《titles》, attached 文号, bare 文号, named references, aliases, short forms, relations."""

from __future__ import annotations

import dataclasses
import re

import pytest

import pipeline
from pipeline.api import make_doc_id, new_context
from pipeline.extractors import citations
from pipeline.extractors.citations import scan_titles
from pipeline.models import CITATION_RELATIONS


def _ctx(text: str, registry=None, **meta):
    import pipeline.structure as structure

    ctx = new_context(text, meta=meta or None, registry=registry)
    structure.run(ctx)
    citations.run(ctx)
    ctx.meta = dataclasses.replace(ctx.meta, doc_id=make_doc_id(ctx.meta, ctx.meta_overrides))
    return ctx


QINGYANG_EXPECTED = [
    # (title, doc_number, level, relation)
    ("国家职业教育改革实施方案", None, "national", "implements"),
    (
        "教育部甘肃省人民政府关于整省推进职业教育发展打造“技能甘肃”的意见",
        "甘政发〔2020〕38号",
        "provincial",
        "implements",
    ),
    (
        "教育部办公厅关于加强和改进新时代中等职业学校德育工作的意见",
        "教职成厅〔2019〕7号",
        "national",
        "cites",
    ),
    # neither title nor 文号 says the level of these three: without a registry it stays unknown
    ("中等职业学校德育大纲", None, None, "cites"),
    ("中等职业学校学生公约", None, None, "cites"),
    ("中等职业学校设置标准", None, None, "cites"),
]


def test_qingyang_book_title_citations(qingyang_text):
    ctx = _ctx(qingyang_text)
    got = [(c.title, c.doc_number, c.level, c.relation) for c in ctx.citations if c.text.startswith("《")]
    assert got == QINGYANG_EXPECTED
    gansu = next(c for c in ctx.citations if c.doc_number == "甘政发〔2020〕38号")
    assert gansu.region == "甘肃省"
    assert gansu.text.endswith("( 甘政发〔2020〕38号)")  # the span covers the attached 文号
    for c in ctx.citations:
        assert qingyang_text[c.start : c.end] == c.text


def test_qingyang_named_and_self(qingyang_text):
    ctx = _ctx(qingyang_text)
    named = [c for c in ctx.citations if "国民经济和社会发展" in c.text]
    assert [(c.title, c.level, c.region, c.relation) for c in named] == [
        (
            "庆阳市国民经济和社会发展第十四个五年规划和2035年远景目标",
            "municipal",
            "甘肃省庆阳市",
            "implements",
        )
    ]
    selfs = [c for c in ctx.citations if c.relation == "self"]
    assert [c.text for c in selfs] == ["本意见"]
    assert selfs[0].resolved_id == "庆政发〔2021〕13号"


def test_qingyang_with_the_demo_registry(qingyang_text):
    """A registry (configuration) supplies what the text cannot: the three 中等职业学校 titles are national."""
    from pathlib import Path

    from pipeline.link.registry import load_registry

    ctx = _ctx(
        qingyang_text, registry=load_registry(Path(__file__).parent.parent / "corpora" / "registry.csv")
    )
    got = [(c.title, c.level, c.resolved_id) for c in ctx.citations if c.text.startswith("《")]
    assert [level for _t, level, _r in got] == [
        "national",
        "provincial",
        "national",
        "national",
        "national",
        "national",
    ]
    assert got[3][2] == "中等职业学校德育大纲"


def test_qingyang_full_pipeline(qingyang_text):
    """The full pipeline gives the same six book-title citations."""
    record = pipeline.extract(qingyang_text)
    got = [(c.title, c.doc_number, c.level, c.relation) for c in record.citations if c.text[0] == "《"]
    assert got == QINGYANG_EXPECTED


# (sentence, expected [(text, title, doc_number, relation)])
CASES = [
    (  # central 019: the 文号 written inside the book marks is split off the title
        "落实《新一代人工智能发展规划（国发〔2017〕35 号）》要求，推进试点。",
        [
            (
                "《新一代人工智能发展规划（国发〔2017〕35 号）》",
                "新一代人工智能发展规划",
                "国发〔2017〕35号",
                "implements",
            )
        ],
    ),
    (
        "为落实《国家职业教育改革实施方案》（以下简称“职教20条”），特制定本方案。\n一、总体要求\n深入落实“职教20条”和《职教20条》。",
        [
            ("《国家职业教育改革实施方案》", "国家职业教育改革实施方案", None, "implements"),
            ("本方案", None, None, "self"),
            ("“职教20条”", "国家职业教育改革实施方案", None, "cites"),
            ("《职教20条》", "国家职业教育改革实施方案", None, "cites"),
        ],
    ),
    (  # central 039: 特制定《X》 is the document itself, and so is its alias
        "为贯彻落实党中央决策部署，特制定《中小企业数字化转型指南》（以下简称《指南》）。\n一、总则\n按照《指南》要求开展工作。",
        [
            ("《中小企业数字化转型指南》", "中小企业数字化转型指南", None, "self"),
            ("《指南》", "中小企业数字化转型指南", None, "self"),
            ("《指南》", "中小企业数字化转型指南", None, "self"),
        ],
    ),
    (  # central 083-like: full-width parenthesis, then a bare 文号 and 上述文件
        "根据《国务院关于印发新一代人工智能发展规划的通知》（国发〔2017〕35号），制定本办法。\n一、总则\n参照国办发〔2020〕20号执行，上述文件同时适用。",
        [
            (
                "《国务院关于印发新一代人工智能发展规划的通知》（国发〔2017〕35号）",
                "国务院关于印发新一代人工智能发展规划的通知",
                "国发〔2017〕35号",
                "implements",
            ),
            ("本办法", None, None, "self"),
            ("国办发〔2020〕20号", None, "国办发〔2020〕20号", "cites"),
            ("上述文件", None, "国办发〔2020〕20号", "cites"),
        ],
    ),
    (  # a generic short form resolves to the latest earlier title ending in that word
        "一、总体要求\n认真贯彻《智能制造标准应用试点实施方案》，各地按照《实施方案》组织申报。",
        [
            ("《智能制造标准应用试点实施方案》", "智能制造标准应用试点实施方案", None, "cites"),
            ("《实施方案》", "智能制造标准应用试点实施方案", None, "cites"),
        ],
    ),
    (
        "一、总体要求\n衔接国家“十四五”规划，落实《中华人民共和国网络安全法》，提高基本方案质量。",
        [
            ("国家“十四五”规划", "国家“十四五”规划", None, "cites"),
            ("《中华人民共和国网络安全法》", "中华人民共和国网络安全法", None, "cites"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences(text, expected):
    ctx = _ctx(text)
    got = [
        (c.text, c.title if c.relation != "self" or c.title else None, c.doc_number, c.relation)
        for c in ctx.citations
    ]
    assert got == expected
    for c in ctx.citations:
        assert text[c.start : c.end] == c.text


# (title, expected level)
LEVEL_CASES = [
    ("《中华人民共和国网络安全法》", "national"),
    ("《公路法》", "national"),
    ("《甘肃省人民政府关于加快发展的意见》", "provincial"),
    ("《北京市智慧城市建设规划》", "provincial"),
    ("《智慧城市建设指南》", None),  # 智慧城市 is not a city
    ("《管理办法》", None),
    ("《中共中央 国务院关于全面深化新时代教师队伍建设改革的意见》", "national"),
]


@pytest.mark.parametrize(("title", "level"), LEVEL_CASES)
def test_title_levels(title, level):
    ctx = _ctx(f"一、总体要求\n参考{title}执行。")
    assert [c.level for c in ctx.citations] == [level]


def test_empty_text():
    ctx = new_context("")
    citations.run(ctx)
    assert ctx.citations == []


def _depth0_count(text: str) -> int:
    """Independent count by regex: 《…》 without inner book marks or 。, on one line or wrapped once
    within 80 characters; plus those that contain a nested 《…》 on one line."""
    flat = [
        m
        for m in re.finditer(r"《[^《》。]*?》", text)
        if m.group().count("\n") <= 1 and ("\n" not in m.group() or len(m.group()) - 1 <= 80)
    ]
    nested = re.findall(r"《[^《》\n]*《[^《》\n]*》[^《》\n]*》", text)
    return len(flat) + len(nested)


@pytest.mark.shared
def test_central_corpus_titles_and_offsets(central_texts):
    total = 0
    for name, text in central_texts.items():
        ctx = _ctx(text)
        titles = [c for c in ctx.citations if c.text.startswith("《")]
        assert len(titles) == _depth0_count(text) == len(scan_titles(text)), name
        for c in ctx.citations:
            assert text[c.start : c.end] == c.text, (name, c)
            assert c.relation in CITATION_RELATIONS
        total += len(titles)
    assert total > 500


def test_a_title_wrapped_onto_the_next_line_is_one_citation():
    text = "根据《关于加快发展\n现代职业教育的决定》要求，制定本方案。\n一、总体要求\n到2025年建成10所学校。"
    (c,) = [c for c in _ctx(text).citations if c.relation != "self"]
    assert c.title == "关于加快发展现代职业教育的决定" and text[c.start : c.end] == c.text
