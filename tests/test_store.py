"""The batch store: incremental re-runs, kill-and-rerun equality, the Dask engine, safe CSVs."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from store_helpers import QINGYANG, small_corpus, table_rows

from pipeline.batch import run_batch
from pipeline.export.batch_outputs import csv_cell, neutralise, write_csv

CLI = [sys.executable, "-c", "from pipeline.cli import main; main()"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return small_corpus(tmp_path_factory.mktemp("corpus") / "in")


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """An uninterrupted run over the corpus, on a pool of two worker processes."""
    out = tmp_path_factory.mktemp("reference")
    result = run_batch([corpus], out, workers=2)
    assert result.ok and result.extracted == 12
    return out


def test_store_equals_the_in_memory_batch(corpus, reference):
    """Ids, offsets and citation resolution in the store are those of the in-memory batch."""
    records = run_batch([corpus], workers=1).records
    con = duckdb.connect(str(reference / "policy.duckdb"), read_only=True)
    ids = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY ordinal").fetchall()]
    assert ids == [r.document.doc_id for r in records]
    assert ids[2:4] == ["庆政发〔2021〕102号", "庆政发〔2021〕102号#2"]
    stored = sorted(con.execute("SELECT doc_id, seq, resolved_id, level, region FROM citations").fetchall())
    expected = sorted(
        (r.document.doc_id, i, c.resolved_id, c.level, c.region)
        for r in records
        for i, c in enumerate(r.citations)
    )
    assert stored == expected
    assert ("庆政发〔2021〕105号", "庆政发〔2021〕101号") in {
        (s[0], s[2]) for s in stored
    }  # in-batch, by 文号
    for doc_id, text in con.execute("SELECT doc_id, text FROM documents").fetchall():  # offsets checkable
        for t, start, end in con.execute(
            'SELECT text, start, "end" FROM sentences WHERE doc_id = ?', [doc_id]
        ).fetchall():
            assert text[start:end] == t
    con.close()
    import networkx as nx

    from pipeline.link import build_graph

    stored_graph = nx.read_graphml(reference / "graph.graphml")
    graph = build_graph(records)
    assert set(stored_graph.nodes) == set(graph.nodes)
    assert stored_graph.number_of_edges() == graph.number_of_edges()
    record = json.loads((reference / "records" / "庆政发〔2021〕100号.json").read_text(encoding="utf-8"))
    assert record["text"].startswith("庆阳市人民政府关于推进第0项工作")


def test_incremental_reruns(corpus, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(corpus.glob("*.txt"))[:4]:
        (folder / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    first = run_batch([folder], out, workers=1)
    assert (first.extracted, first.skipped) == (4, 0)
    again = run_batch([folder], out, workers=1)
    assert (again.extracted, again.skipped) == (0, 4) and again.ok
    assert again.summary()["tasks"] == first.summary()["tasks"]

    changed = folder / "doc01.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "到2025年建成10所示范学校。\n", encoding="utf-8")
    (folder / "doc00.txt").unlink()
    third = run_batch([folder], out, workers=1)
    assert (third.extracted, third.skipped) == (1, 2)
    con = duckdb.connect(str(out / "policy.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 4  # doc00 kept without --prune
    n = con.execute(
        "SELECT count(*) FROM targets WHERE doc_id = '庆政发〔2021〕101号' AND value = 10"
    ).fetchone()[0]
    assert n == 1  # replaced, not duplicated
    dupes = con.execute("SELECT count(*) - count(DISTINCT (doc_id, seq)) FROM sentences").fetchone()[0]
    assert dupes == 0
    con.close()

    pruned = run_batch([folder], out, workers=1, prune=True)
    assert pruned.pruned == 1 and pruned.summary()["documents"] == 3
    assert not (out / "records" / "庆政发〔2021〕100号.json").exists()  # no stale record files
    assert len(list((out / "records").glob("*.json"))) == 3
    forced = run_batch([folder], out, workers=1, force=True)
    assert (forced.extracted, forced.skipped) == (3, 0)
    assert table_rows(out / "policy.duckdb")["tasks"] == table_rows(out / "policy.duckdb")["tasks"]


def test_killed_run_resumes_to_the_same_tables(corpus, reference, tmp_path):
    """SIGKILL mid-run, then re-run: every table equals the uninterrupted run's."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*CLI, "run", str(corpus), "--out", str(out), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    seen = 0
    deadline = time.monotonic() + 120
    assert proc.stderr is not None
    for line in proc.stderr:  # progress lines: "[done/total] source"
        if line.startswith("["):
            seen += 1
        if seen >= 9 or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert seen >= 9
    partial = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert partial["status"] == "running"  # the folder says it is incomplete
    con = duckdb.connect(str(out / "policy.duckdb"), read_only=True)
    stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    assert stored < 12  # committed in small groups: a few documents may be lost, never half of one
    rerun = subprocess.run(
        [*CLI, "run", str(corpus), "--out", str(out), "--quiet"], capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{12 - stored} extracted, {stored} skipped unchanged" in rerun.stdout
    assert table_rows(out / "policy.duckdb") == table_rows(reference / "policy.duckdb")
    for name in ("tables/tasks.csv", "tables/citations.csv", "tables/documents.csv"):
        assert (out / name).read_bytes() == (reference / name).read_bytes()


def test_mixed_folder_lists_every_failure_and_exits_1(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_bytes(QINGYANG.read_bytes())
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0 binary excel")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "rows.csv").write_text(
        'id,title,content\nr1,"=HYPERLINK(""http://x"")",到2025年建成10所学校。\nr2,空,\nr3,+1,力争培育5个以上示范基地。\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    proc = subprocess.run(
        [*CLI, "run", str(folder), "--out", str(out), "--workers", "1", "-q"], capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stderr
    with (out / "failures.csv").open(encoding="utf-8-sig") as fh:
        failures = {(Path(r["path"]).name, r["row"], r["error"]) for r in csv.DictReader(fh)}
    assert failures == {
        ("old.xls", "", "UnsupportedFile"),
        ("empty.txt", "", "IngestError"),
        ("rows.csv", "2", "IngestError"),
    }
    con = duckdb.connect(str(out / "policy.duckdb"), read_only=True)
    assert sorted(r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()) == [
        "r1",
        "r3",
        "庆政发〔2021〕13号",
    ]
    n_parquet = con.execute(f"SELECT count(*) FROM '{out / 'parquet' / 'documents.parquet'}'").fetchone()[0]
    assert n_parquet == 3
    con.close()
    with (out / "tables" / "documents.csv").open(encoding="utf-8-sig") as fh:
        titles = {r["doc_id"]: r["title"] for r in csv.DictReader(fh)}
    assert titles["r1"] == '\'=HYPERLINK("http://x")' and titles["r3"] == "'+1"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "complete" and summary["failures"] == 3


def test_clean_run_exits_0_and_prints_the_summary(tmp_path):
    proc = subprocess.run(
        [*CLI, "run", str(QINGYANG), "--out", str(tmp_path / "o"), "--workers", "1"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "done: 1 extracted, 0 skipped unchanged, 0 failed" in proc.stdout
    assert "chars/s" in proc.stdout and "tasks=29" in proc.stdout
    assert "[1/1]" in proc.stderr  # plain progress lines when stderr is not a terminal


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--registry", "pyproject.toml"], "--registry"),
        (["--registry", "missing.csv"], "registry file not found"),
        (
            ["--engine", "dask", "--scheduler", "tcp://x:1", "--workers", "1", "--engine", "local"],
            "--scheduler",
        ),
        (["--encoding", "no-such-codec"], "--encoding"),
    ],
)
def test_options_are_checked_before_any_work(args, message, tmp_path):
    out = tmp_path / "o"
    proc = subprocess.run(
        [*CLI, "run", str(QINGYANG), "--out", str(out), *args], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error:") and message in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()  # nothing started


def test_out_must_not_be_a_file(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    proc = subprocess.run([*CLI, "run", str(QINGYANG), "--out", str(target)], capture_output=True, text=True)
    assert proc.returncode == 1 and "--out" in proc.stderr and "not a folder" in proc.stderr


def test_dask_local_cluster_gives_the_same_tables(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        result = run_batch(
            [corpus], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address, workers=1
        )
    assert result.ok and result.settings["engine"] == "dask"
    assert table_rows(tmp_path / "dask" / "policy.duckdb") == table_rows(reference / "policy.duckdb")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+86 10", "'+86 10"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("到2025年", "到2025年"),
        ("a=b", "a=b"),
        (-5, -5),  # numbers stay numbers
        (None, ""),
    ],
)
def test_csv_cells_are_neutralised(value, cell):
    assert csv_cell(value) == cell


def test_csv_lists_are_json_and_file_has_bom(tmp_path):
    path = tmp_path / "t.csv"
    write_csv(path, ["a", "b"], [(["=x", "y"], "=1")])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows == [["a", "b"], ['\'["=x", "y"]', "'=1"]] or rows == [["a", "b"], ['["=x", "y"]', "'=1"]]
    assert neutralise("=x") == "'=x"


def test_progress_reporter_modes():
    import io

    from pipeline.batch.progress import progress_reporter

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain = io.StringIO()
    with progress_reporter(stream=plain) as progress:
        progress(1, 2, "a.txt")
    assert plain.getvalue() == "[1/2] a.txt\n"
    with progress_reporter(quiet=True) as progress:
        assert progress is None
    with progress_reporter(stream=Tty()) as progress:  # the rich bar
        progress(1, 2, "a.txt")
        progress(2, 2, "b.txt")


def test_version():
    proc = subprocess.run([*CLI, "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("policy-pipeline ")


def test_an_unknown_segmenter_is_a_usage_error_naming_the_choices(tmp_path):
    out = tmp_path / "o"
    proc = subprocess.run(
        [*CLI, "run", str(QINGYANG), "--out", str(out), "--segmenter", "nope"], capture_output=True, text=True
    )
    assert proc.returncode == 2  # typer's usage error, before any work
    assert "rjieba" in proc.stderr and "jieba" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_a_store_of_another_schema_is_refused_with_a_clear_error(tmp_path):
    out = tmp_path / "o"
    run_batch([QINGYANG], out, workers=1)
    with duckdb.connect(str(out / "policy.duckdb")) as con:  # as an older pipeline would have left it
        con.execute("ALTER TABLE departments DROP COLUMN function")
        con.execute("DELETE FROM store_state WHERE key = 'schema'")
    proc = subprocess.run(
        [*CLI, "run", str(QINGYANG), "--out", str(out), "--force"], capture_output=True, text=True
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Error:") and "another version" in proc.stderr


def test_a_changed_lexicon_re_extracts(tmp_path, monkeypatch):
    out = tmp_path / "o"
    assert run_batch([QINGYANG], out, workers=1).summary()["extracted"] == 1
    assert run_batch([QINGYANG], out, workers=1).summary()["skipped_unchanged"] == 1
    extra = tmp_path / "vocab"
    extra.mkdir()
    (extra / "actors.txt").write_text("职教集团\n", encoding="utf-8")
    monkeypatch.setenv("POLICY_PIPELINE_RESOURCES", str(extra))
    assert run_batch([QINGYANG], out, workers=1).summary()["extracted"] == 1


def test_a_stored_file_that_no_longer_reads_leaves_no_stale_rows(tmp_path):
    corpus = small_corpus(tmp_path / "in", n=3)
    out = tmp_path / "o"
    run_batch([corpus], out, workers=1)
    (corpus / "doc01.txt").write_bytes(b"%PDF-1.4 not text")  # the same file, now unreadable
    result = run_batch([corpus], out, workers=1)
    assert [f.source for f in result.failures] == [str(corpus / "doc01.txt")]
    with duckdb.connect(str(out / "policy.duckdb"), read_only=True) as con:
        sources = sorted(r[0] for r in con.execute("SELECT source FROM documents").fetchall())
        orphans = con.execute(
            "SELECT count(*) FROM targets WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
        )
        assert orphans.fetchone()[0] == 0
    assert sources == [str(corpus / "doc00.txt"), str(corpus / "doc02.txt")]


def test_the_store_has_an_explicit_memory_limit(tmp_path, monkeypatch):
    # issue 18: DuckDB's own default is 80% of the machine's memory; the store sets its limit (and
    # spills to disk beyond it), which a user can change
    import pytest

    from pipeline.errors import PipelineError
    from pipeline.store import Store
    from pipeline.store.connect import MEMORY_ENV

    def limit() -> str:
        with Store(tmp_path / "policy.duckdb") as store:
            return store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    monkeypatch.delenv(MEMORY_ENV, raising=False)
    assert limit() == "1.8 GiB"  # 2GB
    monkeypatch.setenv(MEMORY_ENV, "300MB")
    assert limit() == "286.1 MiB"
    monkeypatch.setenv(MEMORY_ENV, "lots")
    with pytest.raises(PipelineError, match=MEMORY_ENV):
        limit()
