"""Progress kept across revisions: generate, fill 进度/备注 with openpyxl, regenerate from a changed copy
of the Qingyang opinion (a deadline moved, an annex row removed, a body task added) with ``--update``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.tasklist_helpers import QINGYANG

openpyxl = pytest.importorskip("openpyxl")
ADDED = "建立职业教育年度质量报告制度（市教育局牵头，市财政局配合）。"


def _changed_copy(tmp_path: Path) -> Path:
    lines = Path(QINGYANG).read_text(encoding="utf-8").split("\n")
    annex = lines.index("附件2")
    row2 = lines.index("2 |", annex)
    assert lines[row2 + 3].strip() == "2021年12月 |" or lines[row2 + 3].endswith("|")
    del lines[row2 : row2 + 4]  # annex task 2 (职教园区) removed, and the body item it restated
    del lines[next(i for i, line in enumerate(lines) if line.startswith("8.建设庆阳职教园区"))]
    first_deadline = lines.index("2021年4月 |", annex)
    lines[first_deadline] = "2021年6月 |"  # annex task 1: deadline moved
    review = next(i for i, line in enumerate(lines) if line.startswith("(十一)加强督导评估"))
    lines.insert(review + 1, ADDED)  # a body task with its units
    path = tmp_path / "qingyang-revised.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _sheet(path: Path, name: str = "全部任务") -> list[dict]:
    ws = openpyxl.load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


def test_notes_survive_a_revision_and_the_changes_are_listed(tmp_path):
    book = tmp_path / "tasks.xlsx"
    runner = CliRunner()
    first = runner.invoke(app, ["tasks", QINGYANG, "--out", str(book)])
    assert first.exit_code == 0, first.output
    wb = openpyxl.load_workbook(book)
    ws = wb["全部任务"]
    header = [c.value for c in ws[1]]
    col = {h: header.index(h) + 1 for h in ("进度", "备注", "任务编号", "工作任务")}
    ws.cell(1, len(header) + 1).value = "督办人"  # a column the office added
    notes = {}
    for r in range(2, ws.max_row + 1):
        key = ws.cell(r, col["任务编号"]).value
        notes[key] = (f"推进中{r}", f"备注{r}", f"张{r}", ws.cell(r, col["工作任务"]).value)
        ws.cell(r, col["进度"]).value, ws.cell(r, col["备注"]).value = notes[key][:2]
        ws.cell(r, len(header) + 1).value = notes[key][2]
    wb.save(book)

    refused = runner.invoke(app, ["tasks", QINGYANG, "--out", str(book)])
    assert refused.exit_code != 0 and "--update" in refused.output  # never overwritten silently

    revised = _changed_copy(tmp_path)
    second = runner.invoke(app, ["tasks", str(revised), "--update", str(book)])
    assert second.exit_code == 0, second.output
    backups = list(tmp_path.glob("tasks.bak-*.xlsx"))
    assert len(backups) == 1 and len(_sheet(backups[0])) == len(notes)

    new = _sheet(book)
    assert "督办人" in new[0]
    by_key = {r["任务编号"]: r for r in new}
    kept = [k for k in notes if k in by_key]
    assert len(kept) == len(notes) - 1  # one task removed
    for key in kept:  # the notes are on the same tasks
        assert (by_key[key]["进度"], by_key[key]["备注"], by_key[key]["督办人"]) == notes[key][:3]
        assert by_key[key]["工作任务"] == notes[key][3]
    changes = _sheet(book, "变更")
    kinds = sorted((c["变更"], c["工作任务"][:10]) for c in changes)
    assert kinds == sorted(
        [("新增", ADDED[:10]), ("删除", "建设庆阳市职业教育园"), ("时限变更", "各县(区)制定“一县")]
    )
    removed = next(c for c in changes if c["变更"] == "删除")
    assert "备注：" in removed["原值"]  # the removed task's notes are kept on the 变更 sheet
    moved = next(c for c in changes if c["变更"] == "时限变更")
    assert (moved["原值"], moved["新值"]) == ("2021年4月", "2021年6月")


def test_force_replaces_with_a_backup_and_update_needs_a_workbook(tmp_path):
    book = tmp_path / "t.xlsx"
    runner = CliRunner()
    assert runner.invoke(app, ["tasks", QINGYANG, "--out", str(book)]).exit_code == 0
    forced = runner.invoke(app, ["tasks", QINGYANG, "--out", str(book), "--force"])
    assert forced.exit_code == 0 and "backup" in forced.output
    docx = runner.invoke(app, ["tasks", QINGYANG, "--format", "docx", "--update", str(book)])
    assert docx.exit_code != 0 and "--format xlsx" in docx.output
    other = tmp_path / "notes.xlsx"
    openpyxl.Workbook().save(other)
    bad = runner.invoke(app, ["tasks", QINGYANG, "--update", str(other)])
    assert bad.exit_code != 0 and "全部任务" in bad.output and "Traceback" not in bad.output
