"""Messy input keeps its content: CR-only and U+2028 line breaks, a stray invalid byte, a bad JSONL line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline
from pipeline.batch import run_batch
from pipeline.ingest import read_document, read_documents
from pipeline.ingest.text import decode_bytes, normalise_breaks
from pipeline.summary import format_summary

QINGYANG = Path(__file__).resolve().parent.parent / "corpora" / "qingyang-2021-13.txt"


@pytest.fixture(scope="module")
def reference() -> pipeline.PolicyRecord:
    return pipeline.extract_file(QINGYANG)


def _shape(record: pipeline.PolicyRecord) -> tuple:
    d = record.document
    return (d.title, d.doc_number, d.date, len(record.clauses), len(record.targets), len(record.deadlines))


@pytest.mark.parametrize(("name", "newline"), [("cr", "\r"), ("u2028", "\u2028"), ("u2029", "\u2029")])
def test_other_line_breaks_keep_the_structure(tmp_path: Path, reference, name: str, newline: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(reference.text.replace("\n", newline).encode("utf-8"))
    record = pipeline.extract_file(path)
    assert _shape(record) == _shape(reference)
    assert len(record.text) == len(reference.text)
    assert any("read as LF" in w for w in record.document.warnings)


def test_the_summary_shows_the_warnings(tmp_path: Path) -> None:
    path = tmp_path / "cr.txt"
    path.write_bytes("关于做好职业教育工作的通知\r各县（区）人民政府：\r到2025年建成10所示范校。\r".encode())
    summary = format_summary(pipeline.extract_file(path))
    assert "warning: 3 line break(s) written as CR read as LF" in summary


def test_crlf_is_left_alone() -> None:
    assert normalise_breaks("一\r\n二\n") == ("一\r\n二\n", None)


def test_a_stray_invalid_byte_becomes_a_replacement_character(tmp_path: Path, reference) -> None:
    raw = reference.text.encode("utf-8")
    cut = raw.index("实施意见".encode()) + 40  # inside the body, between two characters
    cut = next(i for i in range(cut, cut + 4) if raw[i] & 0xC0 != 0x80)
    path = tmp_path / "stray.txt"
    path.write_bytes(raw[:cut] + b"\xff" + raw[cut:])
    for encoding in (None, "utf-8"):  # detected, and forced as with --encoding utf-8
        record = pipeline.extract_file(path, encoding=encoding)
        assert "\ufffd" in record.text
        assert record.text.replace("\ufffd", "", 1) == reference.text
        assert [w for w in record.document.warnings if "U+FFFD" in w]
        assert record.document.title == reference.document.title
        for t in record.targets:
            assert record.text[t.start : t.end] == t.text


def test_many_invalid_bytes_are_not_utf8() -> None:
    gbk = "庆阳市人民政府关于推进全市职业教育发展的实施意见".encode("gb18030")
    warnings: list[str] = []
    text, encoding = decode_bytes(gbk, None, warnings)
    assert (text, encoding, warnings) == ("庆阳市人民政府关于推进全市职业教育发展的实施意见", "gb18030", [])


def _jsonl(tmp_path: Path) -> Path:
    good = {"id": "a", "content": "到2025年，全市建成10所示范校。"}
    other = {"id": "b", "content": "每年开展一次评估。"}
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps(good, ensure_ascii=False),
        '{"id": "x", "content": "broken',
        json.dumps(other, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_malformed_jsonl_line_is_one_failure(tmp_path: Path) -> None:
    path = _jsonl(tmp_path)
    errors: list[tuple[str, str]] = []
    docs = read_documents(path, row_errors=errors)
    assert [d.meta["id"] for d in docs] == ["a", "b"]
    assert errors == [(f"{path}#line2", "line 2 is not valid JSON (Unterminated string starting at)")]
    result = run_batch([path])
    assert len(result.records) == 2
    assert [(f.source, f.error) for f in result.failures] == [(f"{path}#line2", "IngestError")]


def test_without_a_failure_list_a_malformed_line_names_itself(tmp_path: Path) -> None:
    with pytest.raises(pipeline.errors.IngestError, match="line 2 is not valid JSON"):
        read_documents(_jsonl(tmp_path))


def test_single_documents_carry_no_warning_when_clean() -> None:
    assert read_document(QINGYANG).warnings == ()


def test_a_gbk_file_read_as_gbk_keeps_no_utf8_warning():
    # mostly ASCII, a few GBK characters: the lenient UTF-8 reading is tried, rejected, and leaves no trace
    text = "Policy document 2021 edition, section one. " * 3 + "关于推进职业教育发展的实施意见" + " tail." * 3
    warnings: list[str] = []
    decoded, encoding = decode_bytes(text.encode("gbk"), warnings=warnings)
    assert (decoded, encoding, warnings) == (text, "gb18030", [])
