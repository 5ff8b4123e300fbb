"""The record contract: keys, round trips, DataFrames, and the offsets invariant everywhere."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.models import RECORD_TYPES, PolicyRecord

CONTRACT = {
    "document": {
        "doc_id",
        "source",
        "sha256",
        "title",
        "doc_number",
        "issuer",
        "level",
        "region",
        "date",
        "recipients",
        "publicity",
        "n_chars",
    },
    "clauses": {"clause_id", "parent_id", "kind", "label", "heading", "text", "start", "end"},
    "obligations": {"clause_id", "text", "start", "end", "modality", "trigger", "actors", "deadline_id"},
    "targets": {
        "clause_id",
        "text",
        "start",
        "end",
        "indicator",
        "value",
        "value_max",
        "unit",
        "comparator",
        "year",
        "kind",
    },
    "deadlines": {"deadline_id", "clause_id", "text", "start", "end", "kind", "due_date", "recurrence"},
    "departments": {"clause_id", "text", "start", "end", "name", "canonical", "level", "kind", "role"},
    "tasks": {
        "task_id",
        "source",
        "number",
        "text",
        "departments",
        "lead_department",
        "deadline_text",
        "deadline_kind",
        "due_date",
        "clause_ids",
    },
    "citations": {
        "clause_id",
        "text",
        "start",
        "end",
        "title",
        "doc_number",
        "resolved_id",
        "level",
        "relation",
    },
}


def assert_offsets(record: PolicyRecord) -> int:
    """Every span equals the source slice it points at; returns how many spans were checked."""
    n = 0
    for kind, span in record.spans():
        assert 0 <= span.start <= span.end <= len(record.text), (kind, span)
        assert record.text[span.start : span.end] == span.text, (kind, span)
        n += 1
    return n


def test_contract_keys_present(qingyang_record):
    data = qingyang_record.to_dict()
    for key, fields in CONTRACT.items():
        assert key in data
        rows = [data[key]] if key == "document" else data[key]
        assert rows, f"no {key} extracted from the Qingyang opinion"
        for row in rows:
            assert fields <= set(row), (key, fields - set(row))


def test_json_round_trip(qingyang_record):
    data = json.loads(qingyang_record.to_json(include_text=True))
    again = PolicyRecord.from_dict(data)
    assert again.to_dict(include_text=True) == data
    assert again == qingyang_record  # the spaCy Doc is not compared


def test_tables_have_one_frame_per_key(qingyang_record):
    frames = qingyang_record.tables()
    assert set(frames) == {"document", *RECORD_TYPES}
    for key, frame in frames.items():
        assert "doc_id" in frame.columns
        if key != "document":
            assert len(frame) == len(getattr(qingyang_record, key))


def test_offsets_qingyang(qingyang_record):
    assert assert_offsets(qingyang_record) > 500


def test_span_groups_for_displacy(qingyang_record):
    doc = qingyang_record.doc
    for key in ("clauses", "targets", "deadlines", "departments", "obligations", "citations"):
        assert len(doc.spans[key]) == len(getattr(qingyang_record, key)), key


@pytest.mark.shared
def test_offsets_all_central_texts(central_texts):
    assert len(central_texts) == 166
    checked = 0
    for name, text in central_texts.items():
        record = pipeline.extract(text, source=name)
        assert record.document.n_chars == len(text)
        checked += assert_offsets(record)
    assert checked > 10_000


def test_empty_and_blank_text_give_empty_records():
    for text in ("", "   \n\n"):
        record = pipeline.extract(text)
        assert record.targets == () and record.tasks == () and record.document.n_chars == len(text)


def test_extract_rejects_bytes():
    with pytest.raises(TypeError, match="str"):
        pipeline.extract(b"\xe5\xba\x86")  # type: ignore[arg-type]


def test_meta_overrides_win_and_unknown_keys_are_refused():
    record = pipeline.extract(
        "关于推进职业教育的通知\n一、总体要求\n到2025年建成10所学校。",
        meta={"id": "x1", "date": "2020-05-06"},
    )
    assert record.document.doc_id == "x1"
    assert record.document.date == "2020-05-06"
    with pytest.raises(pipeline.OptionError, match="metadata key"):
        pipeline.extract("文本", meta={"colour": "red"})


# Policy-like text from real building blocks: labels, numbers, 文号, book titles, odd whitespace.
FRAGMENTS = st.sampled_from(
    [
        "一、",
        "（一）",
        "(二)",
        "1.",
        "2．",
        "3、",
        "——",
        "附件1",
        "序号 |",
        "市教育局 |",
        "2025年 |",
        "到2025年",
        "力争",
        "达到50%以上",
        "不低于4:6",
        "1—2个",
        "10个左右",
        "百分之五十",
        "两次",
        "《国家职业教育改革实施方案》",
        "(甘政发〔2020〕38号)",
        "国发〔2019〕4号",
        "“双师型”",
        "鼓励",
        "不得",
        "市发展改革委",
        "各县(区)政府",
        "。",
        "；",
        "，",
        "\n",
        "\r\n",
        "　　",
        " ",
        "\t",
        "《",
        "》",
        "〔",
        "（",
        "职业教育",
        "建设",
        "每年",
        "长期坚持",
        "2021年4月",
        "二〇二一年三月二日",
        "公开属性：主动公开",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=4)), max_size=40).map("".join))
def test_offsets_hold_on_generated_text(text):
    record = pipeline.extract(text)
    assert record.doc.text == text  # the tokenizer keeps every character, so spans map back
    assert_offsets(record)


def test_to_dict_without_reflection_gives_what_reflection_gives(qingyang_record) -> None:
    import dataclasses

    from pipeline.models import _to_primitive

    record = qingyang_record
    items = [record.document, *(r for kind in RECORD_TYPES for r in getattr(record, kind))]
    kinds = {type(item).__name__ for item in items}
    assert {"DocumentMeta", "Target", "Task", "TableRow", "Citation"} <= kinds
    for item in items:
        slow = {f.name: _to_primitive(getattr(item, f.name)) for f in dataclasses.fields(item)}
        assert item.to_dict() == slow, type(item).__name__


def test_the_doc_is_built_when_asked_for_also_for_a_record_read_back(qingyang_record) -> None:
    doc = qingyang_record.doc
    assert doc is qingyang_record.doc  # built once
    assert doc._.policy is not None and len(doc.spans["targets"]) == len(qingyang_record.targets)
    again = PolicyRecord.from_dict(qingyang_record.to_dict(include_text=True))
    assert again.doc.text == qingyang_record.text and again.doc._.policy is None
    assert [s.label_ for s in again.doc.spans["targets"]] == [s.label_ for s in doc.spans["targets"]]
