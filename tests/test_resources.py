"""Every resource file parses, and a user directory extends the packaged vocabulary."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources as importlib_resources

import pytest

from pipeline import resources
from pipeline.errors import ResourceError

FILES = sorted(
    p.name
    for p in importlib_resources.files("pipeline.resources").iterdir()
    if p.name.endswith((".txt", ".csv", ".json"))
)


def test_readme_lists_every_resource_file():
    readme = importlib_resources.files("pipeline.resources").joinpath("README.md").read_text(encoding="utf-8")
    assert FILES and all(f"`{name}`" in readme for name in FILES), [
        n for n in FILES if f"`{n}`" not in readme
    ]


@pytest.mark.parametrize("name", FILES)
def test_resource_parses(name):
    if name.endswith(".json"):
        assert resources.load_json(name)
    elif name.endswith(".csv"):
        rows = resources.load_csv(name)
        assert rows and all(None not in row for row in rows)
    else:
        assert resources.load_lines(name)


def test_user_directory_extends_lines_csv_and_json(tmp_path, monkeypatch):
    (tmp_path / "actors.txt").write_text("# mine\n合作社\n", encoding="utf-8")
    header = resources.load_csv("departments.csv")[0].keys()
    (tmp_path / "departments.csv").write_text(
        ",".join(header) + "\n市数据局,市大数据局,municipal,government,city\n", encoding="utf-8"
    )
    (tmp_path / "deadline_patterns.json").write_text(json.dumps({"plan_base_year": 1956}), encoding="utf-8")
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    resources.clear_cache()
    try:
        assert "合作社" in resources.load_lines("actors.txt") and "企业" in resources.load_lines("actors.txt")
        assert any(r["name"] == "市数据局" for r in resources.load_csv("departments.csv"))
        assert resources.load_json("deadline_patterns.json")["recurring"]  # packaged keys kept
    finally:
        monkeypatch.delenv(resources.ENV_VAR)
        resources.clear_cache()


def test_malformed_user_files_are_resource_errors(tmp_path, monkeypatch):
    (tmp_path / "target_cues.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "departments.csv").write_text("wrong,header\nx,y\n", encoding="utf-8")
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    resources.clear_cache()
    try:
        with pytest.raises(ResourceError, match=r"target_cues\.json"):
            resources.load_json("target_cues.json")
        with pytest.raises(ResourceError, match=r"departments\.csv"):
            resources.load_csv("departments.csv")
    finally:
        monkeypatch.delenv(resources.ENV_VAR)
        resources.clear_cache()


def test_clear_cache_applies_a_user_override_to_derived_rules(tmp_path, monkeypatch):
    import pipeline

    sentence = "到2025年，培育5家龙头企业。"
    assert [t.text for t in pipeline.extract(sentence).targets] == ["5家"]
    packaged = resources.load_json("target_exclusions.json")["fixed_expressions"]
    (tmp_path / "target_exclusions.json").write_text(
        json.dumps({"fixed_expressions": [*packaged, "培育5家"]}, ensure_ascii=False), encoding="utf-8"
    )
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    resources.clear_cache()
    try:
        assert pipeline.extract(sentence).targets == ()
    finally:
        monkeypatch.delenv(resources.ENV_VAR)
        resources.clear_cache()
    assert [t.text for t in pipeline.extract(sentence).targets] == ["5家"]


def test_a_misspelt_override_key_and_a_missing_key_name_the_file(tmp_path, monkeypatch):
    """Issue 15: a misspelt key in a user's override was ignored silently; a missing one was a bare
    ``KeyError`` deep in an extractor."""
    import pytest

    from pipeline.errors import ResourceError
    from pipeline.resources import clear_cache, load_json

    (tmp_path / "comparators.json").write_text('{"comparatorz": {}}', encoding="utf-8")
    monkeypatch.setenv("POLICY_PIPELINE_RESOURCES", str(tmp_path))
    clear_cache()
    try:
        with pytest.raises(ResourceError, match=r"comparators.json: unknown key 'comparatorz'"):
            load_json("comparators.json")
    finally:
        monkeypatch.delenv("POLICY_PIPELINE_RESOURCES")
        clear_cache()
    with pytest.raises(ResourceError, match=r"pipeline/resources/comparators.json: missing key 'nope'"):
        load_json("comparators.json")["nope"]


@pytest.mark.parametrize("name", [n for n in FILES if n.endswith(".json")])
def test_a_loaded_lexicon_is_read_only_to_its_leaves(name):
    """The cached lexicon is shared by every stage: one caller changing it would change them all."""
    lexicon = resources.load_json(name)
    assert dataclasses.is_dataclass(lexicon) and lexicon.origin.endswith(name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        lexicon.origin = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        lexicon.entries["_new"] = 1  # type: ignore[index]
    stack = [lexicon]
    while stack:
        value = stack.pop()
        assert not isinstance(value, list | dict | set)
        if isinstance(value, resources.Lexicon):
            stack.extend(value.values())
        elif isinstance(value, tuple):
            stack.extend(value)


def test_a_nested_missing_key_names_the_file_and_the_path():
    recurring = resources.load_json("deadline_patterns.json")["recurring"]
    assert "nope" not in recurring and recurring.get("nope", 1) == 1  # membership and get never raise
    with pytest.raises(ResourceError, match=r"deadline_patterns.json > recurring: missing key 'nope'"):
        resources.load_json("deadline_patterns.json")["recurring"]["nope"]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            {"verb_prefixes": "达到"},
            r"key 'verb_prefixes' must be a list of strings \(as in pipeline/resources/comparators.json\), not a string",
        ),
        (
            {"verb_prefixes": [1, 2]},
            r"key 'verb_prefixes' must be a list of strings .* not a list of numbers",
        ),
        ({"prefix": ["以上"]}, r"key 'prefix' must be an object of strings .* not a list of strings"),
        ({"max_prefix_gap": "2"}, r"key 'max_prefix_gap' must be a number .* not a string"),
    ],
)
def test_an_override_of_another_kind_is_a_resource_error_naming_file_and_key(
    override, message, tmp_path, monkeypatch
):
    packaged = resources.load_json("comparators.json")
    assert all(key in packaged for key in override)  # the keys exist: only the kind is wrong
    (tmp_path / "comparators.json").write_text(json.dumps(override, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    resources.clear_cache()
    try:
        with pytest.raises(ResourceError, match=str(tmp_path / "comparators.json") + ": " + message):
            resources.load_json("comparators.json")
    finally:
        monkeypatch.delenv(resources.ENV_VAR)
        resources.clear_cache()


def test_an_override_of_the_same_kind_and_an_empty_list_are_accepted(tmp_path, monkeypatch):
    (tmp_path / "comparators.json").write_text(
        json.dumps({"verb_prefixes": ["起码"], "modal_words": []}, ensure_ascii=False), encoding="utf-8"
    )
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    resources.clear_cache()
    try:
        loaded = resources.load_json("comparators.json")
        assert loaded["verb_prefixes"] == ("起码",) and loaded["modal_words"] == ()
    finally:
        monkeypatch.delenv(resources.ENV_VAR)
        resources.clear_cache()


@pytest.mark.parametrize("name", [n for n in FILES if n.endswith(".csv")])
def test_csv_rows_are_read_only(name):
    row = resources.load_csv(name)[0]
    with pytest.raises(TypeError):
        row[next(iter(row))] = "changed"  # type: ignore[index]


def test_a_lexicon_pickles_and_thaws_to_its_json():
    import pickle

    lexicon = resources.load_json("deadline_patterns.json")
    again = pickle.loads(pickle.dumps(lexicon))
    assert again == lexicon and again.origin == lexicon.origin
    assert isinstance(again["recurring"], resources.Lexicon) and again["recurring"].origin.endswith(
        "recurring"
    )
    packaged = importlib_resources.files("pipeline.resources").joinpath("deadline_patterns.json")
    assert resources.thawed(lexicon) == json.loads(packaged.read_text(encoding="utf-8"))
