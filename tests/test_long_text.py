"""A text over spaCy's default limit of 1,000,000 characters: no E088, offsets intact, linear records."""

from __future__ import annotations

import json

import pytest
from test_contract import assert_offsets
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.errors import PipelineError
from pipeline.nlp import MAX_LENGTH

COPIES = 86  # 86 x 11,701 characters of the Qingyang opinion: just over a million


def test_a_million_characters_through_the_cli(tmp_path, qingyang_text, qingyang_record):
    text = "\n\n".join([qingyang_text] * COPIES)
    assert len(text) > 1_000_000
    path = tmp_path / "compilation.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    checked = 0
    for kind in ("clauses", "sentences", "obligations", "targets", "deadlines", "departments", "citations"):
        for span in data[kind]:
            assert text[span["start"] : span["end"]] == span["text"], (kind, span)
            checked += 1
    assert checked > 100 * COPIES
    # every copy gives what the single text gives (the header of copies 2.. is body text, hence >=)
    for kind in ("targets", "tasks", "obligations", "sentences"):
        assert len(data[kind]) >= COPIES * len(getattr(qingyang_record, kind)), kind
    assert len(data["targets"]) == COPIES * len(qingyang_record.targets)
    assert len(data["tasks"]) == COPIES * len(qingyang_record.tasks)


def test_offsets_hold_in_the_library_record_too(qingyang_text):
    record = pipeline.extract("\n\n".join([qingyang_text] * 3))
    assert assert_offsets(record) > 1500


def test_beyond_the_limit_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    with pytest.raises(PipelineError, match="exceeds the limit"):
        pipeline.extract("规" * (MAX_LENGTH + 1), source="huge.txt")
    path = tmp_path / "huge.txt"
    path.write_text("规划" * 40, encoding="utf-8")
    monkeypatch.setattr(pipeline.nlp.get_nlp(), "max_length", 50)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert "huge.txt" in result.output and "exceeds the limit of 50" in result.output
    assert "Traceback" not in result.output
