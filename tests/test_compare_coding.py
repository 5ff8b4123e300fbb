"""The instrument coding sheet and its scoring (issue 16, item 7)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.compare.coding import coding_sheet, score_sheet
from pipeline.errors import IngestError


def _sheet(tmp_path: Path, machine: list[str], coder: list[str]) -> Path:
    path = tmp_path / "coding_sheet.csv"
    frame = pd.DataFrame(
        {"item": range(1, len(machine) + 1), "machine_instrument": machine, "coder_instrument": coder}
    )
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_kappa_by_hand(tmp_path: Path) -> None:
    # 10 rows, 8 agree; machine: 4 supply 4 environment 2 none; coder: 5 supply 3 environment 2 none
    machine = ["supply"] * 4 + ["environment"] * 4 + ["none"] * 2
    coder = ["supply"] * 4 + ["environment", "supply", "environment", "environment"] + ["none", "environment"]
    s = score_sheet(_sheet(tmp_path, machine, coder))
    assert s["n"] == 10 and s["agreement"] == 0.8
    pe = 0.4 * 0.5 + 0.4 * 0.4 + 0.2 * 0.1  # chance agreement
    assert s["kappa"] == round((0.8 - pe) / (1 - pe), 3)
    assert s["per_class"]["none"] == {
        "n_machine": 2,
        "n_coder": 1,
        "agreement": 0.9,
        "kappa": round((0.9 - 0.74) / 0.26, 3),
    }


def test_unfilled_rows_skipped_and_bad_label_named(tmp_path: Path) -> None:
    assert score_sheet(_sheet(tmp_path, ["supply", "demand"], ["supply", ""]))["n"] == 1
    with pytest.raises(IngestError, match="row 2: 'policy' is not one of"):
        score_sheet(_sheet(tmp_path, ["supply"], ["policy"]))


def test_sheet_sample_and_cli(tmp_path: Path) -> None:
    inst = pd.DataFrame(
        {
            "doc_id": ["a"] * 5,
            "obligation_start": range(5),
            "obligation_end": range(1, 6),
            "text": list("abcde"),
            "instrument": ["supply", None, "demand", "environment", None],
            "subtype": [None] * 5,
            "evidence": [None] * 5,
        }
    )
    sheet = coding_sheet(inst, n=3)
    assert len(sheet) == 3 and set(sheet["machine_instrument"]) <= {"supply", "demand", "environment", "none"}
    sheet["coder_instrument"] = sheet["machine_instrument"]
    path = tmp_path / "filled.csv"
    sheet.to_csv(path, index=False, encoding="utf-8-sig")
    res = CliRunner().invoke(app, ["score-sheet", str(path)])
    assert res.exit_code == 0 and "agreement: 1.000" in res.output, res.output
    res = CliRunner().invoke(app, ["score-sheet", str(tmp_path / "missing.csv")])
    assert res.exit_code != 0 and "missing.csv" in res.output and "Traceback" not in res.output
