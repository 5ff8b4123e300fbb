"""The CLI: every command has help, errors are one line with a non-zero exit, JSON is the contract."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()
COMMANDS = ["extract", "tasks", "evaluate", "graph", "run", "compare", "report", "score-sheet"]


def test_every_command_has_help_text():
    registered = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert registered == set(COMMANDS)
    for command in app.registered_commands:
        assert (command.callback.__doc__ or "").strip(), command
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["extract", "no/such/file.txt"], "no/such/file.txt"),
        (["tasks", "no/such/file.txt"], "no/such/file.txt"),
    ],
)
def test_errors_are_one_line_and_exit_nonzero(args, reason):
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and reason in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1 and "image.png" in result.stderr


def test_extract_json_is_the_contract():
    result = runner.invoke(app, ["extract", "corpora/qingyang-2021-13.txt", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"]["doc_number"] == "庆政发〔2021〕13号"
    assert {"clauses", "targets", "tasks", "citations"} <= set(data)


def test_extract_summary_names_the_document():
    result = runner.invoke(app, ["extract", "corpora/qingyang-2021-13.txt"])
    assert result.exit_code == 0, result.output
    assert "庆政发〔2021〕13号" in result.stdout and "targets" in result.stdout


def test_table_columns_and_encoding_options(tmp_path):
    table = tmp_path / "corpus.csv"
    table.write_bytes("no,body,headline\nx7,到2025年建成10所学校。,关于建设学校的通知\n".encode("gb18030"))
    args = ["extract", str(table), "--json", "--text-column", "body", "--column", "id=no"]
    result = runner.invoke(app, [*args, "--column", "title=headline", "--encoding", "gb18030"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"]["doc_id"] == "x7" and data["document"]["title"] == "关于建设学校的通知"
    assert [t["value"] for t in data["targets"]] == [10.0]


def test_malformed_column_option_is_a_one_line_error(tmp_path):
    result = runner.invoke(app, ["extract", "corpora/qingyang-2021-13.txt", "--column", "colour=red"])
    assert result.exit_code == 1 and "--column" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("command", ["tasks", "graph"])
def test_bad_output_paths_are_one_line_errors(command, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "sub" / ("t.xlsx" if command == "tasks" else "g")
    result = runner.invoke(app, [command, "corpora/qingyang-2021-13.txt", "--out", str(out)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output + result.stderr


def test_runs_that_read_nothing_exit_nonzero(tmp_path):
    assert runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "o")]).exit_code == 1
    result = runner.invoke(app, ["graph", str(tmp_path / "missing"), "--out", str(tmp_path / "g")])
    assert result.exit_code == 1 and "file not found" in result.stderr
