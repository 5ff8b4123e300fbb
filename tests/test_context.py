"""DocContext lookups agree with a brute-force scan."""

from __future__ import annotations

import pytest

import pipeline.api
import pipeline.context
from pipeline.context import make_doc_id, new_context
from pipeline.structure import run as structure_run


def brute_clause_at(ctx, offset):
    best = None
    for c in ctx.clauses:
        if c.start <= offset < c.end and (best is None or c.end - c.start < best.end - best.start):
            best = c
    return best


def brute_sentence_at(ctx, offset):
    return next((s for s in ctx.sentences if s.start <= offset < s.end), None)


def check_lookups(text: str) -> int:
    ctx = new_context(text)
    structure_run(ctx)
    for offset in range(0, len(text), 7):
        assert ctx.clause_at(offset) == brute_clause_at(ctx, offset), offset
        assert ctx.sentence_at(offset) == brute_sentence_at(ctx, offset), offset
    for clause in ctx.clauses:
        chain = ctx.ancestors(clause.clause_id)
        assert chain[0] == clause and chain[-1].parent_id is None
    return len(ctx.clauses)


def test_lookups_on_qingyang(qingyang_text):
    assert check_lookups(qingyang_text) > 70


@pytest.mark.shared
def test_lookups_on_central_sample(central_texts):
    for name in sorted(central_texts)[::15]:
        check_lookups(central_texts[name])


def test_lookups_outside_any_clause():
    ctx = new_context("")
    structure_run(ctx)
    assert ctx.clause_at(0) is None and ctx.sentence_at(0) is None and ctx.clause("c1") is None


def test_context_helpers_live_beside_doccontext_and_keep_their_api_names():
    assert pipeline.api.new_context is pipeline.context.new_context
    assert pipeline.api.make_doc_id is pipeline.context.make_doc_id


def test_typed_fields_carry_overrides_and_header_spans():
    text = "庆阳市人民政府关于推进全市职业教育发展的实施意见\n庆政发〔2021〕13号\n各县（区）人民政府：\n一、总体要求\n"
    ctx = new_context(text, meta={"id": "doc-1", "title": "", "issuer": None})
    assert ctx.meta_overrides == {"id": "doc-1"}  # empty values are not overrides
    structure_run(ctx)
    assert "doc_number" in ctx.header_spans and 0 < ctx.header_body_start <= text.index("一、")
    assert all(text[s:e] for s, e in ctx.header_spans.values())
    assert make_doc_id(ctx.meta, ctx.meta_overrides) == "doc-1"
