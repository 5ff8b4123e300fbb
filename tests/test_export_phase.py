"""The export phase of a run (issue 19): the run keeps its lock on the store to the end, a kill or Ctrl-C
while exporting leaves nothing behind that stops the same command again, and a record that cannot be
written is one failure row naming its document."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.store import DB_NAME
from tests.conftest import QINGYANG
from tests.test_interrupt import _alive, _descendants

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups of Linux")

# The run's command in a child process whose record export first writes ``marker`` and sleeps: the test
# then acts while the run is in its export phase (the second export process and the thread are running).
SLOW_EXPORT = """
import pathlib, sys, time
import pipeline.batch.exports as exports
marker, pause = pathlib.Path(sys.argv[1]), float(sys.argv[2])
original = exports.write_records
def slow(*args, **kwargs):
    marker.write_text("exporting", encoding="utf-8")
    time.sleep(pause)
    return original(*args, **kwargs)
exports.write_records = slow
if sys.argv[3] == "slow-tables":  # DuckDB's COPY of the documents table busy for minutes meanwhile
    select = exports._select
    busy = " WHERE (SELECT sum(range) FROM range(100000000000)) > 0"
    exports._select = lambda table, cols: select(table, cols).replace(" ORDER BY", busy + " ORDER BY", 1)
sys.argv = ["policy-pipeline", *sys.argv[4:]]
from pipeline.cli import main
main()
"""
HOLD_STORE = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("holding", flush=True)
time.sleep(120)
"""


def _corpus(tmp_path: Path, n: int = 6) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        shutil.copy(QINGYANG, src / f"d{i:02}.txt")
    return src


def _run_args(src: Path, out: Path) -> list[str]:
    return ["run", str(src), "--out", str(out), "--workers", "2", "-q"]


def _start_slow(src: Path, out: Path, marker: Path, pause: float, tables: str = "tables") -> subprocess.Popen:
    cmd = [sys.executable, "-c", SLOW_EXPORT, str(marker), str(pause), tables, *_run_args(src, out)]
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def _wait_for(marker: Path, proc: subprocess.Popen) -> None:
    for _ in range(3000):  # until the run is exporting (the test waits for a state, it asserts no time)
        if marker.exists() or proc.poll() is not None:
            break
        time.sleep(0.1)
    assert proc.poll() is None, f"the run ended before its export phase: {proc.communicate()[1]}"


def _rerun(src: Path, out: Path) -> dict:
    cmd = [sys.executable, "-c", "from pipeline.cli import main; main()", *_run_args(src, out)]
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_run_stopped_while_exporting_leaves_no_process_and_the_same_command_finishes(tmp_path, sig):
    src, out, marker = _corpus(tmp_path), tmp_path / "out", tmp_path / "exporting"
    proc = _start_slow(src, out, marker, pause=300, tables="slow-tables")
    _wait_for(marker, proc)
    helpers = _descendants(proc.pid)
    assert helpers, "the export phase runs a second process"
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=120)
    if sig == signal.SIGTERM:
        assert _error_lines(err) == ["Error: interrupted; run the same command again to finish the job"]
        assert proc.returncode == 130
    for _ in range(100):  # the parent-death signal reaches the export process
        if not any(_alive(p) for p in helpers):
            break
        time.sleep(0.1)
    assert not [p for p in helpers if _alive(p)], "an export process outlives the run"
    summary = _rerun(src, out)
    assert summary["status"] == "complete" and summary["documents"] == 6
    assert len(list((out / "records").glob("*.json"))) == 6
    assert not list(out.glob(".graph-input*")) and not list(out.glob(".records.*"))


def test_ctrl_c_while_exporting_is_one_error_line_status_interrupted_and_exit_130(tmp_path):
    src, out, marker = _corpus(tmp_path), tmp_path / "out", tmp_path / "exporting"
    proc = _start_slow(src, out, marker, pause=300, tables="slow-tables")
    _wait_for(marker, proc)
    time.sleep(1.0)  # the thread is in its COPY, the second export process done and idle
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: every process of the run's group gets it
    _, err = proc.communicate(timeout=120)
    assert _error_lines(err) == ["Error: interrupted; run the same command again to finish the job"], err
    assert proc.returncode == 130
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["status"] == "interrupted"
    assert _rerun(src, out)["status"] == "complete"


def test_a_reader_that_comes_while_the_run_exports_cannot_make_it_fail(tmp_path):
    """The run never lets the store go: a notebook opening it read-only meanwhile is refused, not the run."""
    src, out, marker = _corpus(tmp_path, 3), tmp_path / "out", tmp_path / "exporting"
    proc = _start_slow(src, out, marker, pause=4)
    _wait_for(marker, proc)
    reader = subprocess.Popen(
        [sys.executable, "-c", HOLD_STORE, str(out / DB_NAME)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["status"] == "complete"
        reader.wait(timeout=60)
        assert reader.returncode != 0 and "lock" in reader.stderr.read()  # the reader was refused
    finally:
        reader.kill()
        reader.wait()


def test_a_store_held_by_another_process_stops_the_run_at_once_naming_the_holder(tmp_path):
    src, out = _corpus(tmp_path, 1), tmp_path / "out"
    run_batch([src], out, workers=1)
    reader = subprocess.Popen(
        [sys.executable, "-c", HOLD_STORE, str(out / DB_NAME)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert reader.stdout.readline().strip() == "holding"
        cmd = [sys.executable, "-c", "from pipeline.cli import main; main()", *_run_args(src, out)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    finally:
        reader.kill()
        reader.wait()
    assert done.returncode == 1
    lines = _error_lines(done.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"Error: {out / DB_NAME}: the store is in use"), lines
    assert f"PID {reader.pid}" in lines[0]


def test_a_record_that_cannot_be_written_is_one_failure_row_and_the_run_completes(tmp_path, monkeypatch):
    import pipeline.batch.exports as exports

    src, out = _corpus(tmp_path, 3), tmp_path / "out"
    real = exports.safe_filename

    def refused(doc_id: str) -> str:  # one document's file name the filesystem refuses (ENAMETOOLONG)
        return "x" * 300 if doc_id.endswith("#2") else real(doc_id)  # the second copy's id

    monkeypatch.setattr(exports, "safe_filename", refused)
    result = run_batch([src], out, workers=1)
    [failure] = result.failures
    assert failure.source == str(src / "d01.txt") and failure.error == "ExportError"
    assert "records/" in failure.message and "too long" in failure.message
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "complete" and summary["failures"] == 1
    assert len(list((out / "records").glob("*.json"))) == 2
    monkeypatch.setattr(exports, "safe_filename", real)
    again = run_batch([src], out, workers=1)  # the store was not marked exported: the record is written
    assert not again.failures and len(list((out / "records").glob("*.json"))) == 3
