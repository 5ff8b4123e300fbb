"""Registry loading and lookup; batch resolution of citations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.link.registry import RegistryError, load_registry, normalise_title
from pipeline.link.resolve import resolve_citations

ROOT = Path(__file__).resolve().parent.parent
DEMO_REGISTRY = ROOT / "corpora" / "registry.csv"

# (lookup kwargs, expected doc_id)
LOOKUPS = [
    ({"doc_number": "国发〔2019〕4号"}, "国发〔2019〕4号"),
    ({"doc_number": "国发[2019]4号"}, "国发〔2019〕4号"),
    ({"title": "国家职业教育改革实施方案"}, "国发〔2019〕4号"),
    ({"title": "职教20条"}, "国发〔2019〕4号"),
    ({"title": '教育部甘肃省人民政府关于整省推进职业教育发展打造"技能甘肃"的意见'}, "甘政发〔2020〕38号"),
    ({"doc_number": "甘政发 〔2020〕 38 号"}, "甘政发〔2020〕38号"),
    ({"title": "中等职业学校设置标准"}, "中等职业学校设置标准"),
    ({"title": "中等职业学校"}, None),
]


@pytest.mark.parametrize(("kwargs", "doc_id"), LOOKUPS)
def test_registry_lookup(kwargs, doc_id):
    entry = load_registry(DEMO_REGISTRY).lookup(**kwargs)
    assert (entry.doc_id if entry else None) == doc_id


def test_registry_facts():
    reg = load_registry(DEMO_REGISTRY)
    gansu = reg.get("甘政发〔2020〕38号")
    assert gansu.issuer == ("教育部", "甘肃省人民政府")
    assert (gansu.level, gansu.region, gansu.implements) == ("provincial", "甘肃省", ("国发〔2019〕4号",))
    qy = reg.get("庆政发〔2021〕13号")
    assert qy.implements == ("甘政发〔2020〕38号", "国发〔2019〕4号")
    assert reg.get("中等职业学校德育大纲").doc_number is None  # unknown stays empty


def test_no_registry_in_the_package():
    """The registry is configuration: without one nothing is known, and the package ships none."""
    from importlib import resources

    assert len(load_registry()) == 0
    assert not resources.files("pipeline.resources").joinpath("registry_seed.csv").is_file()


def test_later_rows_replace_earlier(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text(
        "# my registry\ndoc_id,doc_number,title,aliases,issuer,level,region,date,implements\n"
        "国发〔2019〕4号,国发〔2019〕4号,国家职业教育改革实施方案,职教20条,国务院,national,,2019-01-24,\n"
        "国发〔2019〕4号,国发〔2019〕4号,国家职业教育改革实施方案,职教二十条,国务院,national,,2019-01-24,\n"
        ",甘教职成〔2021〕1号,某某通知,,,provincial,甘肃省,,国发〔2019〕4号\n",
        encoding="utf-8",
    )
    reg = load_registry(path)
    assert reg.lookup(title="职教二十条").doc_id == "国发〔2019〕4号"
    assert reg.lookup(title="职教20条") is None  # the later row replaced the earlier one
    assert reg.get("甘教职成〔2021〕1号").level == "provincial"


QINGYANG = DEMO_REGISTRY.parent / "qingyang-2021-13.txt"


def _resolved(record) -> int:
    return sum(1 for c in record.citations if c.resolved_id)


def test_the_registry_is_configuration_of_the_call_not_process_state():
    """Issue 15: ``extract(text)`` resolved 1 citation before ``use_registry(...)`` and 7 after; now the
    registry is an argument and ``use_registry`` (deprecated) changes nothing."""
    import pipeline
    from pipeline.link.registry import use_registry

    text = QINGYANG.read_text(encoding="utf-8")
    plain = _resolved(pipeline.extract(text))
    with pytest.warns(DeprecationWarning):
        assert len(use_registry(DEMO_REGISTRY)) > 0
    assert _resolved(pipeline.extract(text)) == plain == 1
    assert _resolved(pipeline.extract(text, registry=DEMO_REGISTRY)) == 7
    assert _resolved(pipeline.extract(text, registry=load_registry(DEMO_REGISTRY))) == 7


def test_extract_takes_registry_on_the_command_line():
    import json

    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    plain = runner.invoke(app, ["extract", str(QINGYANG), "--json"])
    given = runner.invoke(app, ["extract", str(QINGYANG), "--json", "--registry", str(DEMO_REGISTRY)])
    assert plain.exit_code == given.exit_code == 0
    count = [sum(1 for c in json.loads(r.stdout)["citations"] if c["resolved_id"]) for r in (plain, given)]
    assert count == [1, 7]


@pytest.mark.parametrize(
    "body",
    [
        "doc_id,title\nx,y\n",  # missing columns
        "doc_id,doc_number,title,aliases,issuer,level,region,date,implements\nx,,t,,,federal,,,\n",  # bad level
    ],
)
def test_bad_registry(tmp_path, body):
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RegistryError):
        load_registry(path)


def test_missing_registry(tmp_path):
    with pytest.raises(RegistryError):
        load_registry(tmp_path / "none.csv")


@given(st.text(alphabet='国家职业教育“”"（）() 〔〕[]\u3000', max_size=20))
def test_normalise_title_ignores_noise(s):
    assert normalise_title(s) == normalise_title(s.replace("（", "(").replace("“", '"').replace(" ", ""))
    assert not any(ch in normalise_title(s) for ch in '“”"（）() 〔〕[]\u3000')


def _record(text: str, source: str):
    import pipeline.structure as structure
    from pipeline.api import make_doc_id, new_context
    from pipeline.extractors import citations

    ctx = new_context(text, source=source)
    structure.run(ctx)
    citations.run(ctx)
    ctx.meta = dataclasses.replace(ctx.meta, doc_id=make_doc_id(ctx.meta, {}))
    return ctx.to_record()


@pytest.mark.shared
def test_batch_resolution_real_pair(central_texts):
    """Central 012 cites 《国家智能制造标准体系建设指南（2021版）》, which is central 063 (title in its header)."""
    citing = _record(central_texts["012"], "012.txt")
    cited = _record(central_texts["063"], "063.txt")
    assert cited.document.title.replace(" ", "") == "国家智能制造标准体系建设指南（2021版）"
    before = [c for c in citing.citations if c.title and "2021版" in c.title]
    assert before and all(c.resolved_id is None for c in before)
    resolved, _ = resolve_citations([citing, cited])
    after = [c for c in resolved.citations if c.title and "2021版" in c.title]
    assert {c.resolved_id for c in after} == {cited.document.doc_id}


def test_batch_resolution_fixture(qingyang_text):
    """The Gansu opinion in the batch: Qingyang's citation resolves to the batch document by 文号."""
    gansu_text = (ROOT / "tests" / "fixtures" / "citations" / "gansu-38-header.txt").read_text(
        encoding="utf-8"
    )
    qy = _record(qingyang_text, "qingyang.txt")
    gansu = dataclasses.replace(
        _record(gansu_text, "gansu.txt"),
    )
    gansu = dataclasses.replace(gansu, document=dataclasses.replace(gansu.document, doc_id="gansu-38"))
    resolved = resolve_citations([qy, gansu], load_registry(DEMO_REGISTRY))
    ids = {c.doc_number: c.resolved_id for c in resolved[0].citations if c.doc_number}
    assert ids["甘政发〔2020〕38号"] == "gansu-38"
    national = [c for c in resolved[1].citations if c.title == "国家职业教育改革实施方案"]
    assert [c.resolved_id for c in national] == ["国发〔2019〕4号"]  # from the registry
