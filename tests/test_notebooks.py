"""The notebooks in notebooks/ run top to bottom (nbclient, a fresh kernel, a time limit per cell).

Marked ``notebooks`` (``pytest -m notebooks`` runs only them; ``-m "not notebooks"`` skips them);
02_compare needs ../shared and is skipped without it, as its first cell says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SHARED = NOTEBOOKS.parent.parent / "shared" / "corpora"
NEEDS_SHARED = {"02_compare.ipynb"}
CELL_TIMEOUT = 300  # seconds per cell: 02_compare's batch and compare of twenty documents take ~20 s


@pytest.mark.notebooks
@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_notebook_runs_top_to_bottom(name: str) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    if name in NEEDS_SHARED and not (SHARED / "shandong").is_dir():
        pytest.skip(f"{name} needs ../shared/corpora, which is absent")
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, when one fails
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []


def test_every_notebook_is_committed_without_outputs() -> None:
    import json

    for path in NOTEBOOKS.glob("*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code"), path.name
