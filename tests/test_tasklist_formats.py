"""Task-list files opened with the library that reads each: openpyxl, python-docx, icalendar."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tasklist_helpers import batch_records, qingyang

from pipeline.export.tasklist import write_tasklist
from pipeline.export.tasks_ics import calendar_summary, first_due, title_of
from pipeline.export.tasks_table import task_rows
from pipeline.export.tasks_xlsx import SHEET_MAX, safe_sheet_name

openpyxl = pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")
icalendar = pytest.importorskip("icalendar")

HEADER = [
    "序号",
    "工作任务",
    "牵头单位",
    "配合单位",
    "完成时限",
    "截止日期",
    "时限类型",
    "来源文件",
    "文号",
    "条款",
]
TRACKING = ["进度", "完成情况", "备注", "任务编号"]


def _column(ws, name):
    index = [c.value for c in ws[1]].index(name) + 1
    return [ws.cell(row=i, column=index).value for i in range(2, ws.max_row + 1)]


@pytest.fixture(scope="module")
def qingyang_xlsx(tmp_path_factory):
    path = tmp_path_factory.mktemp("x") / "q.xlsx"
    write_tasklist(qingyang(), path, "xlsx")
    return openpyxl.load_workbook(path)


def test_workbook_has_all_tasks_one_sheet_per_lead_and_the_clause_sheet(qingyang_xlsx):
    wb = qingyang_xlsx
    rows = task_rows(qingyang())
    leads = list(dict.fromkeys(r.lead or "未明确牵头单位" for r in rows))
    assert wb.sheetnames == ["全部任务", *leads, "条款原文"]
    assert "庆阳市教育局" in wb.sheetnames and "庆阳市发展和改革委员会" in wb.sheetnames
    assert wb["全部任务"].max_row == 30
    assert sum(wb[name].max_row - 1 for name in leads) == 29
    assert all(wb[name]["C2"].value in (name, None) for name in leads)


def test_task_sheet_columns_dates_tracking_and_overdue_rule(qingyang_xlsx):
    ws = qingyang_xlsx["全部任务"]
    assert [c.value for c in ws[1]] == HEADER + TRACKING
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:N30"
    due = ws["F2"]
    assert due.is_date and due.value.date() == dt.date(2021, 4, 30) and due.number_format == "yyyy-mm-dd"
    kinds = set(_column(ws, "时限类型"))
    assert {"限期完成", "长期坚持"} <= kinds
    [validation] = ws.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"未开始,推进中,已完成,已逾期"'
    assert str(validation.sqref) == "K2:K30"
    [(cells, rules)] = list(ws.conditional_formatting._cf_rules.items())
    assert str(cells.sqref) == "A2:N30"
    formula = rules[0].formula[0]
    assert "TODAY()" in formula and "$F2" in formula and '$K2<>"已完成"' in formula
    assert all(v is None for v in _column(ws, "进度"))  # left for the office to fill in


def test_clause_cell_links_to_the_clause_text(qingyang_xlsx):
    wb = qingyang_xlsx
    cell = wb["全部任务"]["J2"]
    assert cell.value == "附件2第1项；(八)强化部门协同"
    sheet, ref = cell.hyperlink.location.split("!")
    target = wb[sheet.strip("'")][ref]
    assert target.offset(column=1).value == "(八)强化部门协同"
    assert target.offset(column=2).value.startswith("(八)强化部门协同。在庆阳市推进职业教育发展")


def test_formula_like_text_stays_text_in_the_workbook(tmp_path):
    texts = ['=HYPERLINK("http://x")', "+86 0934", "-1%", "@SUM(A1)"]
    tasks = [dataclasses.replace(t, text=s) for t, s in zip(qingyang().tasks, texts, strict=False)]
    record = dataclasses.replace(qingyang(), tasks=tuple(tasks))
    path = write_tasklist(record, tmp_path / "t.xlsx", "xlsx")
    ws = openpyxl.load_workbook(path)["全部任务"]
    cells = [ws.cell(row=i, column=2) for i in range(2, 6)]
    assert [c.value for c in cells] == texts and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize(
    ("name", "used", "expected"),
    [
        ("庆阳市教育局", set(), "庆阳市教育局"),
        ("a/b:c*d?e[f]g\\h", set(), "a_b_c_d_e_f_g_h"),
        ("'quoted'", set(), "quoted"),
        ("x" * 40, set(), "x" * SHEET_MAX),
        ("x" * 40, {"x" * SHEET_MAX}, "x" * 29 + "~2"),
        ("Sheet", {"sheet"}, "Sheet~2"),
    ],
)
def test_safe_sheet_names(name, used, expected):
    got = safe_sheet_name(name, set(used))
    assert got == expected and len(got) <= SHEET_MAX


def test_batch_workbook_spans_every_document(tmp_path):
    path = write_tasklist(batch_records(), tmp_path / "b.xlsx", "xlsx")
    wb = openpyxl.load_workbook(path)
    rows = task_rows(batch_records())
    ws = wb["全部任务"]
    assert ws.max_row == len(rows) + 1
    assert len(set(_column(ws, "文号"))) == len({r.doc_number for r in rows})
    assert {"市应急管理局", "市交通运输局", "庆阳市教育局"} <= set(wb.sheetnames)
    assert "市教育局" in wb.sheetnames  # same written name, other region: its own sheet
    for name in wb.sheetnames[1:-1]:
        assert wb[name].data_validations.dataValidation and wb[name].conditional_formatting


def _header_repeats(table) -> bool:
    from docx.oxml.ns import qn

    tr_pr = table.rows[0]._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def test_word_table_one_row_per_task_header_repeated_landscape(tmp_path):
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    path = write_tasklist(qingyang(), tmp_path / "q.docx", "docx")
    document = docx.Document(str(path))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert document.sections[0].page_width > document.sections[0].page_height
    [table] = document.tables
    header = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "备注"]
    assert [c.text for c in table.rows[0].cells] == header
    assert len(table.rows) == 30 and _header_repeats(table)
    assert not any(_header_repeats_row(r) for r in table.rows[1:])
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "1" and first[2] == "庆阳市教育局" and first[4] == "2021年4月"
    rfonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.paragraphs[0].text == "附件2"  # the document's own task annex
    assert "庆政发〔2021〕13号" in document.paragraphs[2].text


def _header_repeats_row(row) -> bool:
    from docx.oxml.ns import qn

    return row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None


def test_word_font_table_names_the_fallbacks(tmp_path):
    from lxml import etree

    path = write_tasklist(qingyang(), tmp_path / "q.docx", "docx")
    document = docx.Document(str(path))
    part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    root = etree.fromstring(part.blob)
    w = "{" + ns["w"] + "}"
    alt = {
        f.get(f"{w}name"): next((a.get(f"{w}val") for a in f.findall("w:altName", ns)), None)
        for f in root.findall("w:font", ns)
    }
    assert alt["仿宋_GB2312"] == "仿宋" and alt["仿宋"] == "FangSong" and alt["黑体"] == "SimHei"


def test_word_batch_has_one_table_per_document(tmp_path):
    path = write_tasklist(batch_records(), tmp_path / "b.docx", "docx", title="全市重点任务责任分工表")
    document = docx.Document(str(path))
    rows = task_rows(batch_records())
    assert [p.text for p in document.paragraphs[:2]] == ["附件1", "全市重点任务责任分工表"]
    assert len(document.tables) == len({r.doc_id for r in rows})
    assert sum(len(t.rows) - 1 for t in document.tables) == len(rows)
    assert all(_header_repeats(t) for t in document.tables)
    headings = [p.text for p in document.paragraphs if p.text.startswith(("一、", "二、", "三、", "四、"))]
    assert len(headings) == len(document.tables) and "某政办发〔2023〕12号" in "".join(headings)


def _events(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_calendar_parses_back_with_dates_and_recurrences(tmp_path):
    rows = task_rows(batch_records())
    path = write_tasklist(batch_records(), tmp_path / "b.ics", "ics")
    events = _events(path)
    dated = [r for r in rows if first_due(r) is not None]
    assert len(events) == len(dated) and len(events) < len(rows)
    assert [str(e["SUMMARY"]) for e in events] == [title_of(r.text) for r in dated]
    assert all(str(e["DESCRIPTION"]).startswith(r.text) for e, r in zip(events, dated, strict=True))
    first = events[0]
    assert first.decoded("DTSTART") == dt.date(2021, 4, 30)
    assert first.decoded("DTEND") == dt.date(2021, 5, 1)
    assert "庆阳市教育局" in str(first["DESCRIPTION"]) and "庆政发〔2021〕13号" in str(first["DESCRIPTION"])
    rules = {str(e["SUMMARY"]): e["RRULE"] for e in events if "RRULE" in e}
    yearly = rules["开展安全生产大检查"]
    quarterly = rules["组织召开安全生产形势分析会"]
    assert yearly["FREQ"] == ["YEARLY"] and "INTERVAL" not in yearly
    assert (
        quarterly["FREQ"] == ["MONTHLY"] and quarterly["INTERVAL"] == [3] and quarterly["BYMONTHDAY"] == [-1]
    )
    assert yearly["UNTIL"] == [dt.date(2025, 12, 31)]  # the plan's horizon (到2025年)
    assert len(rules) == 6  # 3 of the fixture, 3 of Qingyang (按年度, 每年召开会议, 每年考核)
    by_summary = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events}
    assert by_summary["开展安全生产大检查"] == dt.date(2023, 12, 31)
    assert by_summary["组织召开安全生产形势分析会"] == dt.date(2023, 3, 31)


@pytest.mark.parametrize(
    ("issued", "recurrence", "first"),
    [
        ("2023-03-15", "P1Y", dt.date(2023, 12, 31)),
        ("2023-03-15", "P3M", dt.date(2023, 3, 31)),
        ("2023-05-02", "P3M", dt.date(2023, 6, 30)),
        ("2023-11-20", "P6M", dt.date(2023, 12, 31)),
        ("2024-02-01", "P1M", dt.date(2024, 2, 29)),
        ("2021-03-02", "P5Y", dt.date(2025, 12, 31)),
        ("2023-03-15", "P1W", dt.date(2023, 3, 22)),
        (None, "P1Y", None),
    ],
)
def test_first_occurrence_of_an_undated_recurring_task(issued, recurrence, first):
    row = dataclasses.replace(
        task_rows(qingyang())[0], kind="recurring", due_date=None, recurrence=recurrence
    )
    assert first_due(dataclasses.replace(row, doc_date=issued)) == first


def test_calendar_summary_lists_what_has_no_date():
    rows = task_rows(qingyang())
    text = calendar_summary(rows)
    ongoing = [r for r in rows if r.kind == "ongoing"]
    assert text.startswith(f"calendar: 16 dated tasks (3 recurring); {29 - 16} without a date:")
    assert text.count("[长期坚持]") == len(ongoing) == 7


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=30))
@example(text="0\r0")  # a bare CR: docx reads it back as a line break
def test_any_task_text_survives_the_workbook_and_the_word_table_as_text(tmp_path, text):
    from pipeline.export.tasks_table import clean_text

    record = dataclasses.replace(qingyang(), tasks=(dataclasses.replace(qingyang().tasks[0], text=text),))
    ws = openpyxl.load_workbook(write_tasklist(record, tmp_path / "t.xlsx", "xlsx"))["全部任务"]
    expected = clean_text(text) or None
    assert ws["B2"].value == expected and (expected is None or ws["B2"].data_type == "s")
    document = docx.Document(str(write_tasklist(record, tmp_path / "t.docx", "docx")))
    assert document.tables[0].rows[1].cells[1].text.replace("\n", "") == (expected or "").replace("\n", "")
