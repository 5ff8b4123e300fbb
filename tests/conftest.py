"""Shared fixtures. Tests that need ../shared use the ``shared_dir`` fixture and skip without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(
    os.environ.get("POLICY_PIPELINE_SHARED") or ROOT.parent / "shared"
)  # a worktree can point at it
QINGYANG = ROOT / "corpora" / "qingyang-2021-13.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``; the test is skipped when it is absent (a user's fresh clone has none)."""
    if not (SHARED / "README.md").is_file():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def central_texts(shared_dir: Path) -> dict[str, str]:
    """The 166 central-government texts of ../shared, by file stem."""
    folder = shared_dir / "corpora" / "central"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="session")
def qingyang_text() -> str:
    return QINGYANG.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def qingyang_record(qingyang_text: str):
    """The Qingyang opinion extracted once per test session."""
    import pipeline

    return pipeline.extract(qingyang_text, source=str(QINGYANG))
