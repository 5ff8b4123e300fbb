"""Sentence splitting: terminators, protected brackets and quotes, offsets, clause assignment."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pipeline.structure as structure
from pipeline.api import new_context
from pipeline.context import DocContext
from pipeline.structure.sentences import split_sentences, split_spans


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_spans(text)]


CASES = [
    # Qingyang: 《》 titles and a 〔〕 文号 inside （ ） never end a sentence.
    (
        "落实《国家职业教育改革实施方案》 ( 甘政发〔2020〕38号)要求,特制定本意见。",
        ["落实《国家职业教育改革实施方案》 ( 甘政发〔2020〕38号)要求,特制定本意见。"],
    ),
    # half-width ; ends a sentence (Qingyang's bullets are written with it)
    (
        "构建以专业建设和教学改革为突破口的教学新生态;构建数量充足结构合理的专业化职教师资培养模式;",
        ["构建以专业建设和教学改革为突破口的教学新生态;", "构建数量充足结构合理的专业化职教师资培养模式;"],
    ),
    (
        "以“园区”建设为基础,构建融合发展的职教体系。整合西峰城区职业教育资源。",
        ["以“园区”建设为基础,构建融合发展的职教体系。", "整合西峰城区职业教育资源。"],
    ),
    # a full stop inside quotes belongs to the quotation
    (
        "制定“聘任能工巧匠。补充学校专业课教师缺口”的政策;制定相关政策。",
        ["制定“聘任能工巧匠。补充学校专业课教师缺口”的政策;", "制定相关政策。"],
    ),
    # central text: full-width brackets and a question mark
    ("（以下简称平台。）是指什么？平台是服务体系！", ["（以下简称平台。）是指什么？", "平台是服务体系！"]),
    # line ends end sentences; surrounding whitespace is stripped
    ("　　第一行没有句号\n　　第二行。 ", ["第一行没有句号", "第二行。"]),
    # an unbalanced opening mark (no closer in the segment) is stray: sentences still split
    (
        "（未闭合的括号。还在括号里\n新的一行。结束。",
        ["（未闭合的括号。", "还在括号里", "新的一行。", "结束。"],
    ),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split(text: str, expected: list[str]) -> None:
    pieces = []
    pos = 0
    for line in text.split("\n"):
        pieces += [text[s:e] for s, e in split_spans(text, pos, pos + len(line))]
        pos += len(line) + 1
    assert pieces == expected


def test_segments_numbered_in_order() -> None:
    text = "甲。乙。\n丙；丁"
    sents = split_sentences(text, [(5, 8, "c2"), (0, 4, "c1")])
    assert [(s.sentence_id, s.clause_id, s.text) for s in sents] == [
        ("s1", "c1", "甲。"),
        ("s2", "c1", "乙。"),
        ("s3", "c2", "丙；"),
        ("s4", "c2", "丁"),
    ]


_plain = st.text(alphabet="政策落实推进职业教育。；！？,、 12", max_size=12)
_inner = st.text(alphabet="国家方案。；！？;!?", max_size=10)


@given(
    st.lists(st.tuples(_plain, _inner, st.sampled_from(["《》", "〔〕", "（）", "()", "“”"])), max_size=6),
    _plain,
)
def test_no_boundary_inside_balanced_marks(parts: list[tuple[str, str, str]], tail: str) -> None:
    text, protected = "", []
    for before, inner, (op, cl) in parts:
        text += before
        protected.append((len(text), len(text) + len(inner) + 2))
        text += op + inner + cl
    text += tail
    spans = list(split_spans(text))
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and e > s
    for lo, hi in protected:
        for s, e in spans:
            assert not (lo < e < hi), (text, text[s:e])
    # every non-space character is in exactly one sentence
    covered = [k for s, e in spans for k in range(s, e)]
    assert len(covered) == len(set(covered))
    assert {k for k, ch in enumerate(text) if not ch.isspace()} <= set(covered)


@pytest.fixture(scope="module")
def qy(qingyang_text: str) -> DocContext:
    ctx = new_context(qingyang_text)
    structure.run(ctx)
    return ctx


def test_qingyang_preamble_is_one_sentence(qy: DocContext) -> None:
    preamble = next(c for c in qy.clauses if c.kind == "preamble")
    sents = [s for s in qy.sentences if s.clause_id == preamble.clause_id]
    assert len(sents) == 1 and sents[0].text.endswith("特制定本意见。")


def test_qingyang_item_sentences_exclude_label(qy: DocContext) -> None:
    item1 = next(c for c in qy.clauses if c.label == "1.")
    first = next(s for s in qy.sentences if s.clause_id == item1.clause_id)
    assert first.text == "加强职业院校党的建设。"
    assert first.start == item1.start + 2


def test_qingyang_table_cells_are_sentences(qy: DocContext) -> None:
    row = qy.table_rows[-1]
    cells = {c.column: c for c in row.cells}
    in_row = [s.text for s in qy.sentences if s.clause_id == row.clause_id]
    assert "长期坚持" in in_row and cells["number"].text not in in_row
    assert all("|" not in s.text for s in qy.sentences)


def check_sentences(text: str, ctx: DocContext) -> None:
    by_id = {c.clause_id: c for c in ctx.clauses}
    starts = [s.start for s in ctx.sentences]
    assert starts == sorted(starts)
    assert [s.sentence_id for s in ctx.sentences] == [f"s{k}" for k in range(1, len(ctx.sentences) + 1)]
    prev_end = 0
    for s in ctx.sentences:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
        assert s.start >= prev_end  # no overlaps
        prev_end = s.end
        clause = by_id[s.clause_id]
        assert clause.start <= s.start and s.end <= clause.end


def test_qingyang_sentences_invariants(qingyang_text: str, qy: DocContext) -> None:
    check_sentences(qingyang_text, qy)
    # every sentence belongs to the innermost clause containing it
    assert all(qy.clause_at(s.start).clause_id == s.clause_id for s in qy.sentences)
    assert qy.sentence_at(qy.sentences[10].start) == qy.sentences[10]


@pytest.mark.shared
def test_central_sentences_invariants(central_texts: dict[str, str]) -> None:
    total = 0
    for text in central_texts.values():
        ctx = new_context(text)
        structure.run(ctx)
        check_sentences(text, ctx)
        total += len(ctx.sentences)
    assert total > 10000


@pytest.mark.shared
def test_pdf_wrapped_lines_join_into_one_sentence(central_texts: dict[str, str]) -> None:
    # 008 is hard-wrapped at the page width: a sentence runs over three physical lines
    ctx = new_context(central_texts["008"])
    structure.run(ctx)
    sent = next(s for s in ctx.sentences if s.text.startswith("编制轻工行业设备"))
    assert sent.text.count("\n") == 3 and sent.text.endswith("艺数字化改造升级。")


def test_unwrapped_short_lines_stay_apart() -> None:
    ctx = new_context("一、指导思想\n坚持问题导向\n二、目标\n")
    structure.run(ctx)
    assert [s.text for s in ctx.sentences] == ["指导思想", "坚持问题导向", "目标"]


def test_a_stray_opening_mark_does_not_swallow_the_following_sentences():
    from pipeline.structure.sentences import split_spans

    text = "各地要“加强管理。各县要落实责任。市教育局要在6月底前完成。"
    assert [text[a:b] for a, b in split_spans(text)] == [
        "各地要“加强管理。",
        "各县要落实责任。",
        "市教育局要在6月底前完成。",
    ]
