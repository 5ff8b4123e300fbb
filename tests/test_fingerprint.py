"""Issue 15: the batch fingerprint is the digest of the package's own code beside the resources, so an
upgraded stage re-extracts what an incremental run stored before (it kept stale results on 0.1.0)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from store_helpers import QINGYANG

import pipeline
from pipeline.batch.fingerprint import code_digest, pipeline_digest

PACKAGE = Path(pipeline.__file__).resolve().parent


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(PACKAGE, root / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_code_digest_changes_with_any_module_and_is_computed_once(tmp_path):
    root = _copy(tmp_path) / "pipeline"
    before = code_digest(root)
    stage = root / "extractors" / "targets.py"
    stage.write_text(stage.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert code_digest(root) == before  # cached: computed once per process
    code_digest.cache_clear()
    assert code_digest(root) != before
    assert code_digest() in pipeline_digest()


def test_a_changed_stage_re_extracts_on_an_incremental_run(tmp_path):
    """The issue's reproduction: the targets stage changed to find nothing; the second ``run`` must
    extract again and store no targets, not report "1 skipped unchanged" with 48 stale targets."""
    site = _copy(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(site)}
    cli = [sys.executable, "-c", "from pipeline.cli import main; main()"]
    out = tmp_path / "out"

    def run() -> str:
        proc = subprocess.run(
            [*cli, "run", str(QINGYANG), "--out", str(out), "-q", "--workers", "1"],
            capture_output=True,
            cwd=tmp_path,  # not the checkout: its pipeline/ would shadow the copy
            text=True,
            env=env,
            check=True,
        )
        return proc.stdout

    first = run()
    assert "1 extracted" in first and "targets=48" in first
    stage = site / "pipeline" / "extractors" / "targets.py"
    code = stage.read_text(encoding="utf-8")
    head = "def run(ctx: DocContext) -> None:\n"
    assert head in code
    stage.write_text(code.replace(head, head + "    return  # finds nothing\n", 1), encoding="utf-8")
    second = run()
    assert "1 extracted, 0 skipped unchanged" in second and "targets=0" in second
