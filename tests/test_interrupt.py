"""A killed or interrupted run (issue 19): one message, no orphan workers, and the same command again
finishes the job without manual cleanup."""

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

from tests.conftest import QINGYANG

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups of Linux")


def _children(pid: int) -> list[int]:
    out = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(status.parent.name))
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start(src: Path, out: Path) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-c",
        "from pipeline.cli import main; main()",
        "run",
        str(src),
        "--out",
        str(out),
        "--workers",
        "2",
        "-q",
    ]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_run_stopped_during_extraction_leaves_no_worker_and_the_rerun_finishes(tmp_path, sig) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        shutil.copy(QINGYANG, src / f"d{i:02}.txt")
    out = tmp_path / "out"
    proc = _start(src, out)
    workers: list[int] = []
    for _ in range(600):  # until the pool is up (the test waits for a state, it asserts no time)
        workers = _descendants(proc.pid)
        if len(workers) >= 3 or proc.poll() is not None:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be stopped"
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=120)
    if sig == signal.SIGTERM:
        lines = [line for line in err.splitlines() if line.strip()]
        assert lines == ["Error: interrupted; run the same command again to finish the job"], err
        assert json.loads((out / "summary.json").read_text())["status"] == "interrupted"
    for _ in range(100):  # the kernel's parent-death signal reaches the workers
        if not any(_alive(p) for p in workers):
            break
        time.sleep(0.1)
    assert not [p for p in workers if _alive(p)], "orphan workers survive the run"
    again = _start(src, out)
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "complete" and summary["documents"] == 40
