"""Distribution and print: sheets/files per unit with group recipients expanded, --department through a
group, xlsx page setup, the Word table's GB/T 9704 elements, calendar titles and reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from tasklist_helpers import QINGYANG, qingyang
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.export.tasklist import write_task_outputs
from pipeline.export.tasks_ics import parse_remind, title_of
from pipeline.export.tasks_table import task_rows
from pipeline.export.tasks_xlsx import row_height

openpyxl = pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")
icalendar = pytest.importorskip("icalendar")
COUNTIES = ["西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"]


def test_a_county_finds_the_tasks_of_the_group_recipient():
    """19 of the 20 annex rows name 各县(区)政府; 每年考核一次 names 县(区)政府: 环县 shares all 20."""
    rows = task_rows(qingyang(), department="环县人民政府")
    assert len(rows) == 20 and all("环县人民政府" in r.reached for r in rows)
    assert task_rows(qingyang(), department="庆阳市教育局")  # the lead still finds its own


def test_split_by_unit_gives_a_sheet_per_unit_with_co_units(tmp_path):
    out = write_task_outputs(task_rows(qingyang()), tmp_path / "q.xlsx", split_by="unit")
    wb = openpyxl.load_workbook(out.paths[0])
    assert {f"{c}人民政府" for c in COUNTIES} <= set(wb.sheetnames)
    assert "庆阳职业技术学院" in wb.sheetnames  # a co-unit only, never a lead
    assert wb["环县人民政府"].max_row - 1 == 20


def test_split_by_county_writes_a_calendar_per_county(tmp_path):
    out = write_task_outputs(task_rows(qingyang()), tmp_path / "q.ics", "ics", split_by="county")
    assert sorted(p.stem for p in out.paths) == sorted(COUNTIES)
    assert all(p.parent.name == "q-by-county" for p in out.paths)


def test_workbook_prints_a4_landscape_one_page_wide_header_repeated(tmp_path):
    out = write_task_outputs(task_rows(qingyang()), tmp_path / "q.xlsx")
    ws = openpyxl.load_workbook(out.paths[0])["全部任务"]
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows == "$1:$1"
    assert ws["B2"].font.name == "宋体" and "&P" in ws.oddFooter.center.text
    assert all(ws.row_dimensions[i].height >= 18 for i in range(2, ws.max_row + 1))


@pytest.mark.parametrize(
    ("values", "lines"),
    [({"task": "短"}, 1), ({"task": "字" * 60}, 3), ({"task": "甲\n乙\n丙"}, 3), ({"co": "x" * 61}, 3)],
)
def test_row_height_follows_the_wrapped_lines(values, lines):
    assert row_height(values, {"task": 60, "co": 30}) == round(lines * 14.5 + 4, 1)


def test_word_table_has_annex_label_page_numbers_title_note_and_splittable_rows(tmp_path):
    from docx.oxml.ns import qn

    out = write_task_outputs(task_rows(qingyang()), tmp_path / "q.docx", "docx")
    document = docx.Document(str(out.paths[0]))
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.replace(" ", "") == "——" and "PAGE" in footer._p.xml
    [table] = document.tables
    assert table.rows[0].cells[-1].text == "备注"
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:cantSplit")) is None for r in table.rows[1:])


def test_untitled_document_is_named_by_its_file_not_untitled(tmp_path):
    import pipeline

    record = pipeline.extract_file("tests/fixtures/gold/shandong/055.txt")
    out = write_task_outputs(task_rows(record), tmp_path / "s.docx", "docx")
    texts = [p.text for p in docx.Document(str(out.paths[0])).paragraphs]
    assert texts[:3] == ["附件1", "重点任务责任分工表", "055"] and "未命名文件" not in "".join(texts)


def test_calendar_events_short_titles_full_description_reminders_and_an_end(tmp_path):
    target = tmp_path / "q.ics"
    result = CliRunner().invoke(
        app, ["tasks", QINGYANG, "--format", "ics", "--out", str(target), "--remind", "7d"]
    )
    assert result.exit_code == 0, result.output
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    first = events[0]
    assert str(first["SUMMARY"]) == "各县(区)制定“一县一案”实施方案"
    assert str(first["DESCRIPTION"]).startswith("各县(区)制定“一县一案”实施方案,庆阳职业技术学院制定")
    [alarm] = first.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(days=7)
    meeting = next(e for e in events if str(e["SUMMARY"]) == "每年至少召开两次会议")
    assert meeting["RRULE"]["FREQ"] == ["YEARLY"] and meeting["RRULE"]["UNTIL"] == [dt.date(2025, 12, 31)]


@pytest.mark.parametrize(
    ("value", "delta"),
    [("7d", dt.timedelta(days=7)), ("12h", dt.timedelta(hours=12)), ("2W", dt.timedelta(weeks=2))],
)
def test_remind_values(value, delta):
    assert parse_remind(value) == delta


def test_bad_remind_and_split_are_one_line_errors(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(
        app, ["tasks", QINGYANG, "--format", "ics", "--out", str(tmp_path / "a.ics"), "--remind", "soon"]
    )
    assert bad.exit_code != 0 and "--remind" in bad.output and "Traceback" not in bad.output
    bad = runner.invoke(app, ["tasks", QINGYANG, "--out", str(tmp_path / "a.xlsx"), "--split-by", "town"])
    assert bad.exit_code != 0 and "--split-by" in bad.output


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("1.加强组织领导。成立领导小组。", "加强组织领导"),
        ("每年至少召开两次会议,研究解决重大问题。", "每年至少召开两次会议"),
    ],
)
def test_title_is_the_first_clause(text, title):
    assert title_of(text) == title


def test_summary_warns_of_documents_without_tasks_and_tasks_without_a_unit(tmp_path):
    result = CliRunner().invoke(
        app, ["tasks", QINGYANG, "tests/fixtures/gold/central/139.txt", "--out", str(tmp_path / "t.xlsx")]
    )
    assert result.exit_code == 0, result.output
    assert "no task found" in result.stderr
    assert "庆政发〔2021〕13号: 7 tasks without a unit" in result.stderr
