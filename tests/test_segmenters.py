"""The two segmentation engines behind the tokenizer: choice, user dictionary, token conventions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import OptionError
from pipeline.nlp import SEGMENTERS, attach_spaces, build_nlp, default_segmenter, get_nlp
from pipeline.resources import load_lines
from pipeline.segmenters import ENV_VAR, check_segmenter, make_cut

# Real sentences (Qingyang opinion, central texts) with user-dictionary terms, spaces and ASCII runs.
SENTENCES = [
    "深化产教融合、校企合作，建设一批高水平实训基地和双师型教师队伍。",
    "到2025年，全市中职学校  专业群达到30个，职普比大体相当。",
    "市发展改革委、市人社局 按职责分工负责。",
    "《国家职业教育改革实施方案》（国发〔2019〕4号） 要求\n\n\t 各地落实。",
]


def test_engine_names_and_default(monkeypatch):
    assert SEGMENTERS == ("rjieba", "jieba")
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert default_segmenter() == "rjieba"  # declared in pyproject, so installed
    monkeypatch.setenv(ENV_VAR, "jieba")
    assert default_segmenter() == "jieba"
    assert check_segmenter(None) == "jieba"


@pytest.mark.parametrize("bad", ["pkuseg", "", "RJIEBA"])
def test_unknown_engine_names_the_valid_ones(bad, monkeypatch):
    with pytest.raises(OptionError, match="'rjieba', 'jieba'"):
        check_segmenter(bad)
    with pytest.raises(OptionError):
        get_nlp(bad)
    monkeypatch.setenv(ENV_VAR, "nonsense" if bad == "" else bad)
    with pytest.raises(OptionError):
        default_segmenter()


@pytest.mark.parametrize("segmenter", SEGMENTERS)
def test_user_dictionary_words_stay_whole(segmenter):
    cut = make_cut(segmenter)
    bare = make_cut(segmenter, user_dict=None)
    words = [line.split()[0] for line in load_lines("jieba_userdict.txt")]
    split_without = [w for w in words if bare(w) != [w]]
    assert split_without, "the user dictionary must change something, else this test cannot fail"
    assert [w for w in words if cut(w) != [w]] == []


def test_user_dictionary_of_the_user_is_loaded(tmp_path, monkeypatch):
    (tmp_path / "jieba_userdict.txt").write_text("教材建设专班 20 n\n", encoding="utf-8")
    monkeypatch.setenv("POLICY_PIPELINE_RESOURCES", str(tmp_path))
    load_lines.cache_clear()
    try:
        for segmenter in SEGMENTERS:
            assert "教材建设专班" in make_cut(segmenter)("成立教材建设专班。")
    finally:
        monkeypatch.delenv("POLICY_PIPELINE_RESOURCES")
        load_lines.cache_clear()


def test_both_engines_give_the_same_doc():
    text = "\n".join(SENTENCES)
    docs = [get_nlp(s).make_doc(text) for s in SEGMENTERS]
    for doc in docs:
        assert doc.text == text
    rust, python = ([(t.text, t.whitespace_) for t in d] for d in docs)
    assert rust == python
    assert ("市人社局", " ") in python or ("人社局", " ") in python  # one space: trailing, not a token
    assert ("  ", "") not in python and (" ", "") in python  # the second of two spaces is a token


def test_build_nlp_takes_the_engine():
    nlp = build_nlp(stages=("policy_structure",), segmenter="jieba")
    assert nlp.tokenizer.segmenter == "jieba" and nlp.pipe_names == ["policy_structure"]


@given(st.text(alphabet="职业教育 \t\n\u3000ab1-.", max_size=40))
@settings(max_examples=200, deadline=None)
def test_trailing_spaces_rebuild_the_text(text):
    words, spaces = attach_spaces(make_cut("rjieba")(text))
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True)) == text
    for prev, sp, w in zip(words, spaces, words[1:], strict=False):
        assert not (w == " " and not sp and not prev.isspace()), "a lone space after a word is trailing"


def test_cli_segmenter_option(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    path = tmp_path / "doc.txt"
    path.write_text(SENTENCES[0], encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(path), "--segmenter", "jieba"]).exit_code == 0
    bad = runner.invoke(app, ["extract", str(path), "--segmenter", "pkuseg"])
    assert bad.exit_code == 2 and "rjieba" in bad.output and "Traceback" not in bad.output


@pytest.mark.parametrize("command", ["tasks", "graph", "compare"])
def test_batch_commands_pass_the_segmenter_on_without_touching_the_environment(
    tmp_path, monkeypatch, command
):
    import os

    from typer.testing import CliRunner

    from pipeline.cli import app

    monkeypatch.delenv(ENV_VAR, raising=False)
    path = tmp_path / "doc.txt"
    path.write_text(SENTENCES[0], encoding="utf-8")
    out = tmp_path / ("t.csv" if command == "tasks" else "out")
    args = [command, str(path), "--out", str(out), "--segmenter", "jieba"]
    result = CliRunner().invoke(app, [*args, "--format", "csv"] if command == "tasks" else args)
    assert result.exit_code == 0, result.output
    assert ENV_VAR not in os.environ
