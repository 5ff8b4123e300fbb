"""Batch runs: every failure recorded, the rest processed, outputs written."""

from __future__ import annotations

import csv
import json

from pipeline.batch import collect_inputs, run_batch

QINGYANG = "corpora/qingyang-2021-13.txt"


def test_collect_inputs_skips_docs_and_registry(tmp_path):
    names = (
        "a.txt",
        "b.docx",
        "README.md",
        "REGISTRY.md",
        "registry.csv",
        ".hidden.txt",
        "notes.pdf",
        "c.xls",
    )
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    names = [p.name for p in collect_inputs([tmp_path])]
    assert names == ["a.txt", "b.docx", "notes.pdf"]


def test_failures_are_recorded_and_the_rest_processed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    result = run_batch([QINGYANG, empty, binary, tmp_path / "missing.txt"], tmp_path / "out", workers=1)
    assert result.summary()["documents"] == 1 and not result.ok
    assert sorted(f.source.rsplit("/", 1)[-1] for f in result.failures) == [
        "binary.txt",
        "empty.txt",
        "missing.txt",
    ]
    assert all(f.error == "IngestError" and f.message for f in result.failures)
    with (tmp_path / "out" / "failures.csv").open(encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 3


def test_outputs_written(tmp_path):
    out = tmp_path / "out"
    result = run_batch([QINGYANG], out_dir=out, workers=1)  # out_dir: the former name of out
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 1 and summary["failures"] == 0 and summary["status"] == "complete"
    assert summary["tasks"] == result.summary()["tasks"] == 29  # 20 annex rows, 7 body items, 2 rhythm tasks
    assert (out / "records" / "庆政发〔2021〕13号.json").is_file() and (out / "policy.duckdb").is_file()
    for key in ("documents", "clauses", "targets", "tasks", "citations"):
        assert (out / "tables" / f"{key}.csv").is_file() and (out / "parquet" / f"{key}.parquet").is_file()
    assert (out / "tasks.xlsx").is_file() and (out / "graph.graphml").is_file()


def test_a_bad_row_is_a_failure_and_the_other_rows_are_processed(tmp_path):
    table = tmp_path / "corpus.csv"
    table.write_text(
        "id,content\na1,到2025年建成10所学校。\na2,\na3,力争培育5个以上示范基地。\n", encoding="utf-8"
    )
    result = run_batch([table], workers=1)
    assert [r.document.doc_id for r in result.records] == ["a1", "a3"]
    (failure,) = result.failures
    assert failure.source.endswith("corpus.csv#2") and "empty text" in failure.message


def test_duplicate_ids_are_made_unique_and_citations_resolve_in_batch(tmp_path):
    cited = "关于推进智能制造的指导意见\n工信部规〔2023〕1号\n一、总体要求\n到2025年建成10个示范工厂。\n"
    citing = "为落实《关于推进智能制造的指导意见》，制定本方案。\n一、主要目标\n到2025年培育5家企业。\n"
    for name, text in (("a.txt", cited), ("b.txt", citing), ("c.txt", cited)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_batch([tmp_path], workers=1)
    ids = [r.document.doc_id for r in result.records]
    assert ids == ["工信部规〔2023〕1号", "b", "工信部规〔2023〕1号#2"]
    (citation,) = [c for c in result.records[1].citations if c.relation != "self"]
    assert citation.resolved_id == result.records[0].document.doc_id


def test_records_and_csv_can_be_turned_off_and_on_again(tmp_path):
    # issue 18: records/ and the CSV tables are optional; the store and Parquet are what a corpus needs
    out = tmp_path / "out"
    result = run_batch([QINGYANG], out, workers=1, records=False, csv=False)
    assert result.ok
    assert not (out / "records").exists() and not (out / "tables").exists()
    assert (out / "parquet" / "targets.parquet").exists() and (out / "tasks.xlsx").exists()
    assert not any(k == "records" or k.startswith("table:") for k in result.outputs)

    again = run_batch([QINGYANG], out, workers=1)  # nothing changed, but the files asked for are missing
    assert any((out / "records").glob("*.json"))
    assert (out / "tables" / "targets.csv").exists() and "records" in again.outputs

    run_batch([QINGYANG], out, workers=1, records=False, csv=False)  # no stale copy stays
    assert not (out / "records").exists() and not (out / "tables").exists()


def test_the_cli_takes_no_records_and_no_csv(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "out"
    res = CliRunner().invoke(
        app, ["run", QINGYANG, "--out", str(out), "--workers", "1", "--no-records", "--no-csv", "-q"]
    )
    assert res.exit_code == 0, res.output
    assert not (out / "records").exists() and not (out / "tables").exists()
    assert (out / "policy.duckdb").exists()
