"""Task-list rows over many documents: departments, clauses, filters, inputs, CSV and markdown."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from tasklist_helpers import BATCH, QINGYANG, batch_records, qingyang

from pipeline.errors import OptionError, PipelineError
from pipeline.export.tasklist import write_tasklist
from pipeline.export.tasks_inputs import load_task_records
from pipeline.export.tasks_table import recurrence_words, task_rows, text_cell


def test_qingyang_rows_carry_canonical_departments_source_and_clause():
    rows = task_rows(qingyang())
    # the 20 annex rows, 7 body items no annex row restates, 2 rhythm obligations of 组织实施
    assert len(rows) == 29 and [r.seq for r in rows] == list(range(1, 30))
    assert sum(r.task_id.startswith("A") for r in rows) == 20  # the 20 tasks of 附件2
    first = rows[0]
    assert first.lead == "庆阳市教育局" and "庆阳职业技术学院" in first.co and first.lead not in first.co
    assert (
        first.document_label
        == "庆阳市人民政府关于推进全市职业教育发展打造“技能庆阳”的实施意见（庆政发〔2021〕13号）"
    )
    assert first.clause_label == "附件2第1项；(八)强化部门协同"
    assert first.link_clause == "c43" and first.clause_text.startswith("(八)强化部门协同")
    assert (first.deadline_text, first.due_date, first.kind_words) == (
        "2021年4月",
        date(2021, 4, 30),
        "限期完成",
    )
    assert {r.kind_words for r in rows if r.kind == "ongoing"} == {"长期坚持"}


def test_batch_keeps_every_task_of_every_document():
    records = batch_records()
    rows = task_rows(records)
    assert len(records) == len(BATCH)
    assert len(rows) == sum(len(r.tasks) for r in records)
    assert len({r.doc_id for r in rows}) == len(BATCH)
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))


@pytest.mark.parametrize(
    ("duration", "words"),
    [
        ("P1Y", "每年"),
        ("P3M", "每季度"),
        ("P1M", "每月"),
        ("P6M", "每半年"),
        ("P5Y", "每5年"),
        ("P2M", "每2个月"),
    ],
)
def test_recurrence_in_words(duration, words):
    assert recurrence_words(duration) == words


def test_recurring_tasks_keep_their_recurrence():
    rows = [r for r in task_rows(batch_records()) if r.kind == "recurring"]
    assert [(r.deadline_text, r.recurrence, r.kind_words) for r in rows] == [
        ("按年度", "P1Y", "每年"),  # Qingyang item 15 (按年度发布…)
        ("每年", "P1Y", "每年"),  # Qingyang 每年至少召开两次会议
        ("每年", "P1Y", "每年"),  # Qingyang 每年考核一次
        ("每年", "P1Y", "每年"),
        ("每季度", "P3M", "每季度"),
        ("每月", "P1M", "每月"),
    ]


@pytest.mark.parametrize("name", ["市教育局", "庆阳市教育局"])
def test_department_filter_takes_written_or_canonical_names(name):
    rows = task_rows(qingyang(), department=name)
    expected = [t for t in qingyang().tasks if "市教育局" in t.departments]
    assert len(rows) == len(expected) > 10
    assert all("庆阳市教育局" in r.departments for r in rows)
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))


def test_department_filter_over_a_batch_uses_each_documents_region():
    rows = task_rows(batch_records(), department="市教育局")
    assert {r.doc_id for r in rows} >= {"庆政发〔2021〕13号", "某政办发〔2023〕12号"}
    assert all("市教育局" in r.written for r in rows)


def test_due_date_filters():
    rows = task_rows(batch_records(), due_after="2023-01-01", due_before="2023-12-31")
    assert rows and all(date(2023, 1, 1) <= r.due_date <= date(2023, 12, 31) for r in rows)
    assert not any(r.kind in ("ongoing", "recurring") for r in rows)
    everything = task_rows(batch_records())
    expected = sum(1 for r in everything if r.due_date and r.due_date.year == 2023)
    assert len(rows) == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"due_before": "2023-13-01"}, "^due_before: '2023-13-01' is not a date"),
        ({"due_after": "next year"}, "^due_after: 'next year' is not a date"),
        ({"due_after": "2024-01-01", "due_before": "2023-01-01"}, "later than due_before"),
    ],
)
def test_bad_date_filters_are_clear_errors(options, message):
    with pytest.raises(PipelineError, match=message):
        task_rows(qingyang(), **options)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+86 123", "'+86 123"),
        ("-5%", "'-5%"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("加强", "加强"),
    ],
)
def test_csv_cells_never_start_a_formula(text, cell):
    assert text_cell(text) == cell


def _with_text(record, text):
    first = dataclasses.replace(record.tasks[0], text=text)
    return dataclasses.replace(record, tasks=(first, *record.tasks[1:]))


def test_csv_has_bom_and_keeps_formula_text_as_text(tmp_path):
    pd = pytest.importorskip("pandas")
    path = write_tasklist(_with_text(qingyang(), '=HYPERLINK("x")'), tmp_path / "t.csv", "csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(df.columns[:5]) == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert len(df) == 29 and df.loc[0, "工作任务"] == '\'=HYPERLINK("x")'
    assert df.loc[0, "截止日期"] == "2021-04-30" and df.loc[0, "文号"] == "庆政发〔2021〕13号"
    assert df.loc[0, "条款原文"].startswith("(八)强化部门协同")


def test_markdown_escapes_bars(tmp_path):
    path = write_tasklist(_with_text(qingyang(), "选优配强|双带头人"), tmp_path / "t.md", "md")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("| 序号 | 工作任务 | 牵头单位 |") and len(lines) == 31
    assert "选优配强\\|双带头人" in lines[2]


def test_unknown_format(tmp_path):
    with pytest.raises(OptionError, match="docx"):
        write_tasklist(qingyang(), tmp_path / "t.pdf", "pdf")


def test_batch_output_folder_is_read_from_its_records(tmp_path):
    records = tmp_path / "out" / "records"
    records.mkdir(parents=True)
    for i, record in enumerate(batch_records()):
        (records / f"{i}.json").write_text(record.to_json(), encoding="utf-8")
    (records / "broken.json").write_text("{not json", encoding="utf-8")
    result = load_task_records([tmp_path / "out"])
    assert len(result.records) == len(BATCH)
    assert [f.source for f in result.failures] == [str(records / "broken.json")]
    stored = task_rows(result.records)
    assert [(r.text, r.lead, r.due_date, r.clause_label) for r in stored] == [
        (r.text, r.lead, r.due_date, r.clause_label) for r in task_rows(batch_records())
    ]


def test_a_record_json_and_a_missing_file(tmp_path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps(qingyang().to_dict(), ensure_ascii=False), encoding="utf-8")
    result = load_task_records([path, tmp_path / "missing.txt", QINGYANG])
    assert len(result.records) == 2 and len(result.failures) == 1
    assert result.failures[0].source.endswith("missing.txt") and result.failures[0].message


def test_cli_writes_one_list_over_many_inputs(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "b.docx"
    args = ["tasks", *BATCH, "--format", "docx", "--out", str(out), "--department", "市应急管理局"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    expected = len(task_rows(batch_records(), department="市应急管理局"))
    assert f"wrote {expected} tasks from {len(BATCH)} documents to {out}" in result.stdout and out.is_file()


def test_cli_calendar_prints_the_tasks_without_a_date(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "q.ics"
    result = CliRunner().invoke(app, ["tasks", QINGYANG, "--format", "ics", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "calendar: 16 dated tasks (3 recurring); 13 without a date:" in result.stdout
    assert result.stdout.count("[长期坚持]") == 7 and out.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_cli_bad_date_is_one_line_error(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(
        app, ["tasks", QINGYANG, "--due-before", "2023/12/31", "--out", str(tmp_path / "t")]
    )
    assert result.exit_code == 1 and result.stderr.startswith(
        "Error: --due-before: '2023/12/31' is not a date"
    )
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "ics", "csv", "md"])
def test_a_filter_that_keeps_nothing_still_writes_a_valid_empty_list(tmp_path, fmt):
    path = write_tasklist(qingyang(), tmp_path / f"t.{fmt}", fmt, department="不存在局")
    assert path.is_file() and path.stat().st_size > 0
    if fmt == "xlsx":
        import openpyxl

        assert openpyxl.load_workbook(path).sheetnames == ["全部任务", "条款原文"]
