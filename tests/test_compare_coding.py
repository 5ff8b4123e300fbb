"""The instrument coding sheet and its scoring (issue 16, item 7)."""

from __future__ import annotations

import json
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


GOLD_SHEET = Path(__file__).parent / "gold" / "instruments-sheet.csv"


def test_coder_sheet_kappa_holds_its_level(tmp_path: Path) -> None:
    """The 100 obligations of the shared corpora coded by reading (tests/gold/README.md, codebook), scored
    against the classes the lexicon gives their texts today; the level in gold_levels.json only rises."""
    from pipeline.compare.instruments import classify

    level = json.loads((GOLD_SHEET.parent.parent / "gold_levels.json").read_text(encoding="utf-8"))
    sheet = pd.read_csv(GOLD_SHEET, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(sheet) == 100 and set(sheet["coder_instrument"]) == {"supply", "environment", "demand", "none"}
    sheet["machine_instrument"] = [(classify(t) or ("none",))[0] for t in sheet["text"]]
    path = tmp_path / "rescored.csv"
    sheet.to_csv(path, index=False, encoding="utf-8-sig")
    score = score_sheet(path)
    for metric, floor in level["instruments-sheet.csv"]["instruments"].items():
        assert score[metric] >= floor, f"{metric}: {score[metric]} < {floor}"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # submission procedures and eligibility of a call (central/015, shandong 008 and 054 annexes)
        (
            "如果申请人已经承担与本重大研究计划相关的其他科技计划项目，应当在申请书正文中论述区别与联系。",
            "none",
        ),
        ("符合《行动计划》重点任务方向，申报企业拥有自主知识产权，产品（技术）水平应达到国内先进。", "none"),
        # descriptions of what a system can do (central/162, central/165)
        (
            "还可以参照以往相似违法违规行为的处罚信息，对日常监管、行政处罚等业务形成的文书进行智能分析。",
            "none",
        ),
        ("通过智能随访，可以有效减轻随访工作人员的工作负担，减少医疗机构的成本投入。", "none"),
        # a guiding-ideology sentence (central/159)
        ("以党的十八大和十八届三中全会精神为指导，深入贯彻落实科学发展观，通过全面深化改革。", "none"),
        # a generic cue (支持) gives way to a weak one (培养): central/135, shandong 008
        ("支持高校依托国家“千人计划”“万人计划”等大力培养引进优秀青年骨干人才；", "supply"),
        # 科研 inside the actor word 科研院所 is no cue (shandong 020): 改革 decides
        ("推进科研院所正职领导持股改革试点，探索股权激励机制。", "environment"),
        # a cue inside a title in 《》 is no cue
        ("按照《行动计划》要求开展场景征集活动。", "demand"),
    ],
)
def test_none_class_and_cue_tiers_on_real_sentences(sentence: str, expected: str) -> None:
    from pipeline.compare.instruments import classify

    assert (classify(sentence) or ("none",))[0] == expected
