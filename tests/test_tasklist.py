"""Task-list writers: xlsx (header, frozen pane, widths, filter), csv with BOM, markdown, bad format."""

from __future__ import annotations

import pytest

from pipeline.errors import OptionError
from pipeline.export.tasklist import COLUMNS, SHEET_NAME, write_tasklist
from pipeline.models import DocumentMeta, PolicyRecord, Task

TASKS = (
    Task(
        "A1",
        "annex",
        "1",
        "各县(区)制定“一县一案”实施方案。",
        ("市教育局", "各县(区)政府"),
        "市教育局",
        "2021年4月",
        "date",
        "2021-04-30",
        ("t2.r1", "c43"),
        0,
        10,
    ),
    Task(
        "A2",
        "annex",
        "8",
        "选优配强职业院校领导班子|双带头人",
        ("市委组织部",),
        "市委组织部",
        "长期坚持",
        "ongoing",
        None,
        ("t2.r8",),
        11,
        20,
    ),
)
RECORD = PolicyRecord(DocumentMeta(doc_id="庆政发〔2021〕13号"), tasks=TASKS)


def test_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = write_tasklist(RECORD, tmp_path / "t.xlsx", "xlsx")
    ws = openpyxl.load_workbook(path)[SHEET_NAME]
    assert [c.value for c in ws[1]] == list(COLUMNS)
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:K3"
    assert ws.column_dimensions["E"].width >= 60  # task text
    assert ws["E2"].alignment.wrap_text
    assert ws["F2"].value == "市教育局、各县(区)政府"
    assert ws["J3"].value is None and ws["K2"].value == "t2.r1,c43"


def test_csv_with_bom(tmp_path):
    pd = pytest.importorskip("pandas")
    path = write_tasklist([RECORD, RECORD], tmp_path / "t.csv", "csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert list(df.columns) == list(COLUMNS) and len(df) == 4
    assert df.loc[0, "departments"] == "市教育局、各县(区)政府"
    assert df.loc[1, "due_date"] != df.loc[1, "due_date"]  # NaN: no due date


def test_markdown(tmp_path):
    path = write_tasklist(RECORD, tmp_path / "t.md", "md")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("| doc_id | task_id |") and len(lines) == 4
    assert "选优配强职业院校领导班子\\|双带头人" in lines[3]


def test_unknown_format(tmp_path):
    with pytest.raises(OptionError, match="xlsx"):
        write_tasklist(RECORD, tmp_path / "t.pdf", "pdf")


def test_xlsx_numbers_sort_numerically_and_formulas_stay_text(tmp_path):
    import dataclasses

    import openpyxl

    import pipeline

    record = pipeline.extract_file("corpora/qingyang-2021-13.txt")
    first = dataclasses.replace(record.tasks[0], text='=HYPERLINK("x")')
    record = dataclasses.replace(record, tasks=(first, *record.tasks[1:]))
    path = tmp_path / "t.xlsx"
    write_tasklist(record, path, fmt="xlsx")
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    numbers = [row[header.index("number")].value for row in ws.iter_rows(min_row=2)]
    assert all(isinstance(n, int) for n in numbers) and numbers[:3] == [1, 2, 3]
    text_cell = ws.cell(row=2, column=header.index("text") + 1)
    assert text_cell.data_type == "s" and text_cell.value.startswith("=HYPERLINK")
