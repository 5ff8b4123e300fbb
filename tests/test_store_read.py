"""compare, report and tasks read a batch output folder from its store, as they read the source files."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
from tasklist_helpers import BATCH
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.compare.inputs import load_inputs
from pipeline.export.tasks_inputs import STORE_READERS, load_task_records
from pipeline.export.tasks_table import task_rows
from pipeline.store.read import read_stored


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory):
    """A real batch of four documents into a store."""
    out = tmp_path_factory.mktemp("batch") / "out"
    result = pipeline.run_batch(list(BATCH), out, workers=1)
    assert result.ok and not result.records  # streamed into the store
    return out


@pytest.fixture(scope="module")
def source_records():
    records, failures = load_inputs(list(BATCH))
    assert not failures
    return records


def _copy(batch_out, tmp_path, *, keep: tuple[str, ...]):
    """A copy of the batch folder with only ``keep`` (the store, the records folder)."""
    out = tmp_path / "copy"
    out.mkdir()
    for name in keep:
        src = batch_out / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, out / name)
    return out


def test_the_store_gives_back_the_records_with_their_text(batch_out, source_records):
    records, failures = load_inputs([batch_out])
    assert not failures
    assert records == source_records  # metadata, every record kind and the text, in input order
    for record in records:
        for _, span in record.spans():
            assert record.text[span.start : span.end] == span.text


def test_the_store_is_read_not_the_exported_json(batch_out, tmp_path, source_records):
    out = _copy(batch_out, tmp_path, keep=("policy.duckdb",))
    assert load_inputs([out])[0] == source_records
    (out / "records").mkdir()  # stale or foreign JSON beside a store is not read
    (out / "records" / "stale.json").write_text("{not json", encoding="utf-8")
    records, failures = load_inputs([out])
    assert records == source_records and not failures


def test_a_folder_with_only_records_json_still_works(batch_out, tmp_path, source_records):
    out = _copy(batch_out, tmp_path, keep=("records",))
    records, failures = read_stored(out)
    assert not failures
    by_id = {r.document.doc_id: r for r in records}  # records/ is in file name order
    assert by_id == {r.document.doc_id: r for r in source_records}


def test_a_file_that_is_not_a_store_is_a_failure_naming_it(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "policy.duckdb").write_text("not a database", encoding="utf-8")
    records, failures = read_stored(out)
    assert not records and failures[0].source == str(out / "policy.duckdb")
    assert "cannot open the store" in failures[0].message
    result = CliRunner().invoke(app, ["compare", str(out), "--out", str(tmp_path / "cmp")])
    assert result.exit_code == 1 and "cannot open the store" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_compare_on_the_store_equals_compare_on_the_sources(batch_out, source_records):
    stored, _ = load_inputs([batch_out])
    a, b = pipeline.compare(source_records), pipeline.compare(stored)
    for name, frame in a.tables().items():
        pd.testing.assert_frame_equal(frame, b.tables()[name], obj=name)
    assert len(b.reuse_pairs) and len(b.indicators)  # not an equality of empty tables


def test_tasks_on_the_store_equal_tasks_on_the_sources(batch_out, source_records):
    assert STORE_READERS[0](batch_out) is not None
    result = load_task_records([batch_out])
    assert not result.failures
    rows = task_rows(result.records)
    assert rows == task_rows(source_records)  # every column: text, departments, dates, clause, source
    assert len(rows) > 30  # 40: Qingyang lists 29 since restated body items are not repeated


def test_report_on_the_store_equals_report_on_the_sources(batch_out, tmp_path):
    runner = CliRunner()
    for name, inputs in (("files", list(BATCH)), ("store", [str(batch_out)])):
        result = runner.invoke(app, ["report", *inputs, "--out", str(tmp_path / name), "--no-reuse"])
        assert result.exit_code == 0, result.output
    pages = sorted(p.relative_to(tmp_path / "files") for p in (tmp_path / "files").rglob("*.html"))
    assert len(pages) > 4
    for page in pages:
        assert (tmp_path / "files" / page).read_bytes() == (tmp_path / "store" / page).read_bytes(), page


def test_compare_writes_its_tables_into_the_input_store(batch_out, tmp_path):
    out = _copy(batch_out, tmp_path, keep=("policy.duckdb", "records"))
    for _ in range(2):  # a second comparison replaces the first
        result = CliRunner().invoke(app, ["compare", str(out), "--out", str(tmp_path / "cmp")])
        assert result.exit_code == 0, result.output
    assert "compare_* in" in result.output
    con = duckdb.connect(str(out / "policy.duckdb"), read_only=True)
    try:
        csv = pd.read_csv(tmp_path / "cmp" / "indicators.csv", encoding="utf-8-sig")
        assert con.execute("SELECT count(*) FROM compare_indicators").fetchone()[0] == len(csv) > 0
        # every compared target is a stored target of a stored document, and its offsets hold
        joined = con.execute(
            'SELECT count(*), count(*) FILTER (WHERE substr(d.text, c.start + 1, c."end" - c.start) = c.text) '
            "FROM compare_indicators c JOIN targets t USING (doc_id, target_id) JOIN documents d USING (doc_id)"
        ).fetchone()
        assert joined == (len(csv), len(csv))
        types = dict(
            con.execute("SELECT column_name, column_type FROM (DESCRIBE compare_indicators)").fetchall()
        )
        assert types["year"] == "BIGINT" and types["value"] == "DOUBLE"  # years are not 2025.0
        docs = con.execute("SELECT doc_id FROM compare_documents ORDER BY doc_id").fetchall()
        assert docs == con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()
        shares = con.execute(
            "SELECT instrument, sum(n) FROM compare_instrument_shares WHERE subtype IS NULL GROUP BY 1"
        ).fetchall()
        assert {i for i, _ in shares} <= {"supply", "environment", "demand"} and shares
        assert con.execute("SELECT count(*) FROM compare_reuse_summary").fetchone()[0] == len(
            pd.read_csv(tmp_path / "cmp" / "reuse_summary.csv", encoding="utf-8-sig")
        )
    finally:
        con.close()


def test_compare_of_files_writes_no_store(tmp_path):
    result = CliRunner().invoke(
        app, ["compare", BATCH[1], BATCH[2], "--out", str(tmp_path / "cmp"), "--no-reuse"]
    )
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.rglob("*.duckdb"))


@pytest.mark.shared
def test_a_real_pair_compared_from_its_store(shared_dir, tmp_path):
    """Shandong 033 restates central 037 (139 is unrelated): the store gives the reuse of the files."""
    corpora = shared_dir / "corpora"
    files = [
        corpora / "shandong" / "033.txt",
        corpora / "central" / "037.txt",
        corpora / "central" / "139.txt",
    ]
    result = pipeline.run_batch(files, tmp_path / "out", workers=1)
    assert result.ok
    stored, failures = load_inputs([tmp_path / "out"])
    assert not failures and [r.document.doc_id for r in stored] == ["033", "037", "139"]
    summary = pipeline.compare(stored).reuse_summary
    pd.testing.assert_frame_equal(summary, pipeline.compare(load_inputs(files)[0]).reuse_summary)
    share = {(r.doc_a, r.doc_b): min(r.share_a, r.share_b) for r in summary.itertuples()}
    assert share[("033", "037")] > 0.9 > 0.1 > share.get(("033", "139"), 0.0)
