"""Issue 15: one loader for every command; output folders are never read as input; one id policy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from store_helpers import QINGYANG, small_corpus
from typer.testing import CliRunner

from pipeline.batch import run_batch
from pipeline.batch.inputs import is_batch_output, scan_inputs
from pipeline.cli import app
from pipeline.loader import load_records

runner = CliRunner()


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A folder holding a document and, beside it, the batch output folder of an earlier run."""
    root = tmp_path_factory.mktemp("tree")
    shutil.copy(QINGYANG, root / "qingyang.txt")
    result = run_batch([root / "qingyang.txt"], root / "OUT", workers=1)
    assert result.ok and is_batch_output(root / "OUT")
    return root


def _nodes(output: str) -> int:
    return int(re.search(r"graph: (\d+) nodes", output).group(1))


def test_a_folder_scan_never_reads_a_batch_output_folder_as_documents(tree, tmp_path):
    """``run corpora --out corpora/out`` twice: the second scan skips corpora/out whole."""
    files, skipped = scan_inputs([tree])
    assert files == [tree / "qingyang.txt"]  # not OUT/tables/*.csv, records/*.json ...
    assert not skipped  # its parquet/ and graph files are not "unsupported documents" either
    assert scan_inputs([tree / "OUT"])[0] == [tree / "OUT"]  # given as an input: read from its store
    again = runner.invoke(app, ["run", str(tree), "--out", str(tree / "OUT"), "-q", "--workers", "1"])
    assert again.exit_code == 0 and "0 extracted, 1 skipped unchanged" in again.stdout
    same = runner.invoke(app, ["run", str(tree / "OUT"), "--out", str(tree / "OUT"), "-q", "--workers", "1"])
    assert same.exit_code == 1 and "is the output folder of this run" in same.output


def test_graph_and_run_read_a_batch_output_folder_from_its_store(tree, tmp_path):
    """On main, ``graph OUT/`` read OUT/tables/*.csv as documents (72,338 nodes for 217 texts, exit 0)."""
    direct = runner.invoke(app, ["graph", str(QINGYANG), "--out", str(tmp_path / "g1")])
    stored = runner.invoke(app, ["graph", str(tree / "OUT"), "--out", str(tmp_path / "g2")])
    assert direct.exit_code == stored.exit_code == 0, stored.output
    assert _nodes(stored.output) == _nodes(direct.output) and "failed" not in stored.stderr
    again = runner.invoke(
        app, ["run", str(tree / "OUT"), "--out", str(tmp_path / "o2"), "-q", "--workers", "1"]
    )
    assert again.exit_code == 0, again.output
    assert "1 extracted, 0 skipped unchanged, 0 failed  (documents in the output: 1)" in again.stdout
    with duckdb.connect(str(tree / "OUT" / "policy.duckdb"), read_only=True) as con:
        before = con.execute("SELECT doc_id, n_chars FROM documents").fetchall()
    with duckdb.connect(str(tmp_path / "o2" / "policy.duckdb"), read_only=True) as con:
        assert con.execute("SELECT doc_id, n_chars FROM documents").fetchall() == before


def test_a_bare_string_is_refused_not_iterated():
    with pytest.raises(TypeError, match="list of paths"):
        run_batch(str(QINGYANG))
    with pytest.raises(TypeError, match="list of paths"):
        load_records(QINGYANG)


def test_the_loader_gives_the_store_ids(tmp_path):
    """The same stem in two folders: ``doc00`` and ``doc00#2`` in the store, and the same from the loader
    (compare named the second ``b/doc00`` before, so its rows did not join the store's)."""
    small_corpus(tmp_path / "a", n=2)
    small_corpus(tmp_path / "b", n=1)
    out = tmp_path / "out"
    run_batch([tmp_path / "a", tmp_path / "b"], out, workers=1)
    with duckdb.connect(str(out / "policy.duckdb"), read_only=True) as con:
        stored = sorted(r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall())
    records, failures = load_records([tmp_path / "a", tmp_path / "b"])
    assert not failures and sorted(r.document.doc_id for r in records) == stored
    from pipeline.compare.inputs import load_inputs

    assert [r.document.doc_id for r in load_inputs([out])[0]] == [r.document.doc_id for r in records]


def test_extract_reads_through_the_one_loader(tree):
    """``extract`` takes what every other command takes: a document, a stored record .json or a batch
    output folder, and prints the same record for each (on main the folder was refused, the JSON read
    as a document)."""
    import json

    direct = runner.invoke(app, ["extract", str(QINGYANG), "--json"])
    stored = runner.invoke(app, ["extract", str(tree / "OUT"), "--json"])
    (record_file,) = (tree / "OUT" / "records").glob("*.json")
    from_json = runner.invoke(app, ["extract", str(record_file), "--json"])
    assert direct.exit_code == stored.exit_code == from_json.exit_code == 0, stored.output
    want = json.loads(direct.stdout)
    for got in (json.loads(stored.stdout), json.loads(from_json.stdout)):
        assert got["document"]["doc_id"] == want["document"]["doc_id"]
        assert [t["text"] for t in got["targets"]] == [t["text"] for t in want["targets"]]
    missing = runner.invoke(app, ["extract", str(tree / "absent.txt")])
    assert missing.exit_code == 1 and "absent.txt" in missing.output and "Traceback" not in missing.output
