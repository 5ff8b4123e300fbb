"""Folder scans (issue 19): what cannot be scanned is a failure row and the rest is processed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pipeline
from pipeline.batch.inputs import scan_inputs
from pipeline.errors import IngestError
from tests.conftest import QINGYANG


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_bytes(QINGYANG.read_bytes())
    (root / "sub" / "also.txt").write_bytes(QINGYANG.read_bytes()[:3000])
    return root


def test_broken_and_looping_links_are_failures_and_the_rest_is_read(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    (root / "broken.txt").symlink_to(root / "gone.txt")
    (root / "self.txt").symlink_to(root / "self.txt")
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)
    files, failures = scan_inputs([root])
    assert sorted(p.name for p in files) == ["also.txt", "good.txt"]
    kinds = {Path(f.source).name: f.error for f in failures}
    assert kinds == {"broken.txt": "BrokenLink", "self.txt": "BrokenLink", "back": "SymlinkLoop"}


def test_an_unreadable_folder_is_a_failure_and_the_rest_is_read(tmp_path: Path, monkeypatch) -> None:
    root = _corpus(tmp_path)
    real = os.scandir

    def scandir(path="."):  # what a folder without read/execute permission does (root ignores the mode)
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = pipeline.run_batch([root], workers=1)
    assert result.extracted == 1
    assert [(Path(f.source).name, f.error) for f in result.failures] == [("sub", "UnreadableFolder")]
    assert "Permission denied" in result.failures[0].message


def test_a_looping_link_argument_is_one_clear_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(IngestError, match="loops"):
        scan_inputs([loop])


def test_the_cli_reports_a_looping_link_argument_in_one_error_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    res = CliRunner().invoke(app, ["run", str(loop), "--out", str(tmp_path / "out"), "--workers", "1"])
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert res.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error:") and "loops" in lines[0]
