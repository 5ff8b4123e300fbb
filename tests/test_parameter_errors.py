"""Library errors name the parameter a caller passed; the CLI's one error line names the flag that sets it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.errors import OptionError, ParameterError
from pipeline.export.tasklist import write_task_outputs
from pipeline.export.tasks_ics import parse_remind
from pipeline.export.tasks_table import check_date_filters

QINGYANG = Path(__file__).resolve().parent.parent / "corpora" / "qingyang-2021-13.txt"
runner = CliRunner()

LIBRARY_CASES = [
    (lambda: pipeline.run_batch([QINGYANG], workers=0), "workers must be a whole number >= 1, not 0"),
    (lambda: pipeline.run_batch([QINGYANG], engine="spark"), "invalid engine 'spark'"),
    (
        lambda: pipeline.run_batch([QINGYANG], scheduler="tcp://x:1"),
        "scheduler is only used with engine dask",
    ),
    (lambda: pipeline.run_batch([QINGYANG], doc_timeout=-1), "doc_timeout must be a number of seconds > 0"),
    (lambda: pipeline.run_batch([QINGYANG], segmenter="nope"), "invalid segmenter 'nope'"),
    (
        lambda: pipeline.run_batch([QINGYANG], read_options={"encoding": "no-such"}),
        "encoding 'no-such': unknown encoding",
    ),
    (lambda: check_date_filters("2024-01-01", "2025-01-01"), "due_after 2025-01-01 is later than due_before"),
    (lambda: check_date_filters("2024-13-01", None), "due_before: '2024-13-01' is not a date"),
    (lambda: parse_remind("soon"), "remind: 'soon' is not a lead time"),
]


@pytest.mark.parametrize(("call", "message"), LIBRARY_CASES)
def test_a_library_error_names_the_parameter_not_a_flag(call, message) -> None:
    with pytest.raises(ParameterError) as caught:
        call()
    assert message in str(caught.value)
    assert "--" not in str(caught.value)


def test_write_task_outputs_names_its_parameters(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match=r"^invalid split_by 'x'"):
        write_task_outputs([], tmp_path / "t.xlsx", "xlsx", split_by="x")
    with pytest.raises(ParameterError, match=r"^update reads .* use it with fmt xlsx"):
        write_task_outputs([], tmp_path / "t.docx", "docx", update=tmp_path / "t.xlsx")


CLI_CASES = [
    (
        ["run", str(QINGYANG), "--out", "{tmp}/o", "--scheduler", "tcp://x:1"],
        "--scheduler is only used with --engine dask",
    ),
    (
        ["run", str(QINGYANG), "--out", "{tmp}/o", "--encoding", "no-such"],
        "--encoding 'no-such': unknown encoding",
    ),
    (["tasks", str(QINGYANG), "--out", "{tmp}/t.xlsx", "--split-by", "x"], "invalid --split-by 'x'"),
    (
        ["tasks", str(QINGYANG), "--out", "{tmp}/t.docx", "--format", "docx", "--update", "{tmp}/t.xlsx"],
        "--update reads the office's columns from a workbook: use it with --format xlsx",
    ),
    (
        ["tasks", str(QINGYANG), "--out", "{tmp}/t.xlsx", "--due-before", "2024-13-01"],
        "--due-before: '2024-13-01'",
    ),
]


@pytest.mark.parametrize(("args", "line"), CLI_CASES)
def test_the_cli_names_the_flag(args, line, tmp_path: Path) -> None:
    result = runner.invoke(app, [arg.replace("{tmp}", str(tmp_path)) for arg in args])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"Error: {line}" in result.stderr


def test_render_replaces_only_the_named_parameters() -> None:
    exc = ParameterError("{workers} must be >= 1; see {docs}", "workers")
    assert str(exc) == "workers must be >= 1; see {docs}"
    assert exc.render({"workers": "--workers"}) == "--workers must be >= 1; see {docs}"
