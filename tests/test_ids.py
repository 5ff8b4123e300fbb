"""Issue 15/19: one id policy -- bounded, filesystem-safe ids, inputs keyed however their path is spelt."""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st
from store_helpers import QINGYANG

from pipeline.batch import run_batch
from pipeline.ids import MAX_ID_BYTES, bounded_id, file_stem, input_key


@given(st.text(min_size=1, max_size=400))
def test_bounded_ids_fit_and_stay_distinct(doc_id):
    bounded = bounded_id(doc_id)
    assert len(bounded.encode("utf-8")) <= MAX_ID_BYTES
    assert bounded == doc_id or bounded != bounded_id(doc_id + "x")
    stem = file_stem(doc_id)
    assert stem and len((stem + ".json").encode("utf-8")) < 255 and "/" not in stem and "\0" not in stem


def test_a_251_byte_file_stem_writes_its_record(tmp_path):
    """A legal file name (251 bytes + .txt) gave ``OSError: File name too long`` on records/<id>.json."""
    name = "关于推进职业教育改革的实施意见" * 5 + "ab"  # 15 chars x 3 bytes x 5 + 2 = 227 bytes
    name += "c" * (251 - len(name.encode("utf-8")))
    src = tmp_path / f"{name}.txt"
    shutil.copy(QINGYANG, src)
    text = src.read_text(encoding="utf-8").split("\n", 2)[2]  # no 文号 line: the id is the stem
    src.write_text(text, encoding="utf-8")
    result = run_batch([src], tmp_path / "out", workers=1)
    assert result.ok, result.failures
    files = list((tmp_path / "out" / "records").glob("*.json"))
    assert len(files) == 1 and len(files[0].name.encode("utf-8")) < 255


def test_a_long_table_id_is_bounded(tmp_path):
    table = tmp_path / "t.csv"
    long_id = "编号" * 60  # 360 bytes
    import csv

    with table.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([("id", "text"), (long_id, QINGYANG.read_text(encoding="utf-8")[:400])])
    result = run_batch([table], tmp_path / "out", workers=1)
    assert result.ok, result.failures
    assert len(list((tmp_path / "out" / "records").glob("*.json"))) == 1


def test_the_same_input_spelt_three_ways_is_one_document(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    shutil.copy(QINGYANG, tmp_path / "in" / "good.txt")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    spellings = ["in/good.txt", "./in/good.txt", str(tmp_path / "in" / "good.txt"), "in/../in/good.txt"]
    assert {input_key(s) for s in spellings} == {input_key("in/good.txt")}
    first = run_batch([spellings[0]], out, workers=1).summary()
    assert (first["extracted"], first["documents"]) == (1, 1)
    for spelling in spellings[1:]:
        again = run_batch([spelling], out, workers=1).summary()
        assert (again["skipped_unchanged"], again["documents"]) == (1, 1), spelling
    outside = input_key(os.path.dirname(tmp_path))
    assert outside.is_absolute()


def test_run_batch_refuses_a_bare_string():
    with pytest.raises(TypeError):
        run_batch("in/good.txt")
