"""pipeline.compare: canonical indicators, cascades, departments, instruments, terms, CSV output, CLI."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.compare.indicators import canonical_indicator, scope_before
from pipeline.compare.instruments import classify
from pipeline.compare.output import neutralise

PARENT = (
    "国务院关于加快发展现代职业教育的决定\n"
    "到2025年，全国“双师型”教师占专业课教师比例达到50%以上，建成300个高水平专业群，"
    "职业院校办学条件全面达标，产教融合校企合作机制更加完善。\n"
    "到2030年，职业教育毕业生就业率达到95%以上。各地要加大财政投入，落实税收优惠政策。\n"
)
# restates the parent with two targets changed and one year moved, as a provincial opinion does
CHILD = (
    "甘肃省人民政府关于贯彻落实国务院关于加快发展现代职业教育的决定的实施意见\n"
    "到2025年，全省“双师型”教师占专业课教师比例达到60%以上，建成20个高水平专业群，"
    "职业院校办学条件全面达标，产教融合校企合作机制更加完善。\n"
    "到2028年，职业教育毕业生就业率达到95%以上。省财政厅要加大财政投入，省教育厅负责开展试点示范。\n"
)


@pytest.fixture(scope="module")
def pair():
    return [
        pipeline.extract(PARENT, meta={"id": "parent"}),
        pipeline.extract(CHILD, meta={"id": "child"}),
    ]


@pytest.mark.parametrize(
    ("written", "canonical", "scope"),
    [
        ("全市“双师型”教师占专业课教师比例", "双师型教师占专业课教师比例", "全市"),
        ("全省“双师型”教师占比", "双师型教师占专业课教师比例", "全省"),
        ("“双师型”教师比例", "双师型教师占专业课教师比例", None),
        ("研发投入强度", "研究与试验发展经费投入强度", None),
        ("数字经济核心产业增加值占GDP比重", "数字经济核心产业增加值占GDP比例", None),
        ("特色品牌专业", "特色品牌专业", None),
        ("全市", "全市", None),  # a scope word alone is the indicator, not a scope
        (None, None, None),
    ],
)
def test_canonical_indicator(written, canonical, scope):
    assert canonical_indicator(written) == (canonical, scope)


@pytest.mark.parametrize(
    ("text", "number", "scope"),
    [
        ("产业链等专业,全市建成20个以上特色品牌专业,培育5个以上", "20", "全市"),
        ("到2020年，全国90%以上地区的宽带接入速率", "90", "全国"),
        (
            "全市职业院校办学条件达到国家标准,“双师型”教师比例达到50%以上",
            "50",
            None,
        ),  # 全市 is an earlier clause
    ],
)
def test_scope_before_a_target(text, number, scope):
    assert scope_before(text, text.index(number)) == scope


# Real obligation sentences (Qingyang 庆政发〔2021〕13号; central 061, 139) and their instrument by reading.
@pytest.mark.parametrize(
    ("sentence", "instrument", "subtype", "cue"),
    [
        (
            "建立与职业院校办学规模、培养成本、办学质量相适应的财政经费投入与保障机制。",
            "supply",
            "资金投入",
            "财政",
        ),
        ("加大财政金融支持。", "supply", "资金投入", "财政"),
        ("强化人才培养。", "supply", "人才培养", "人才培养"),
        (
            "加强应届毕业生、在职人员、转岗人员数字化技能培训，推进产教融合型企业建设。",
            "supply",
            "人才培养",
            "培训",
        ),
        ("支持建设庆阳市职业教育园区", "supply", "基础设施", "园区"),
        ("鼓励国家相关产业基金、社会资本加大对智能制造的投资力度。", "environment", "金融支持", "基金"),
        ("落实国家对职业教育的税收优惠政策", "environment", "税收优惠", "税收"),
        ("健全产教融合激励机制。", "environment", "策略性措施", "激励"),
        ("支持农村非遗传承人、民间艺人建立工作室。", "environment", "策略性措施", "支持"),
        ("支持庆阳开展“1+X”证书制度试点，扩大试点规模", "demand", "示范推广", "试点"),
        (
            "鼓励各地方、行业开展多场景、多层级应用示范，培育推广智能化设计、网络协同制造等新模式。",
            "demand",
            "示范推广",
            "应用示范",
        ),
        (
            "加强与相关国家、地区及国际组织的交流，开展智能制造技术、标准、人才等合作。",
            "demand",
            "海外交流",
            "国际组织",
        ),
    ],
)
def test_instrument_of_real_sentences(sentence, instrument, subtype, cue):
    cls, sub, start, end = classify(sentence)
    assert (cls, sub, sentence[start:end]) == (instrument, subtype, cue)


def test_instrument_none_without_cue():
    assert classify("着力打造系统解决方案。") is None


def test_compare_tables_of_a_constructed_pair(pair):
    cmp = pipeline.compare(pair, parents={"child": ["parent"]})
    assert list(cmp.documents["doc_id"]) == ["parent", "child"]
    ind = cmp.indicators.set_index(["doc_id", "value"])
    assert ind.loc[("parent", 50.0), "canonical"] == "双师型教师占专业课教师比例"
    assert ind.loc[("child", 60.0), "scope"] == "全省"
    wide = cmp.indicators_wide.set_index(["canonical", "unit"])
    row = wide.loc[("双师型教师占专业课教师比例", "%")]
    assert row["n_documents"] == 2 and row["parent"] == ">=50% (2025)" and row["child:year"] == 2025
    casc = cmp.cascade.set_index("canonical")
    assert casc.loc["双师型教师占专业课教师比例", ["value_change", "year_change"]].tolist() == [
        "raised",
        "same",
    ]
    assert casc.loc["高水平专业群", "value_change"] == "lowered"
    assert casc.loc["职业教育毕业生就业率", ["value_change", "year_change"]].tolist() == ["kept", "earlier"]
    dep = cmp.departments[cmp.departments["doc_id"] == "child"].set_index("department")
    assert dep["obligations"].sum() >= 2
    inst = cmp.instruments[cmp.instruments["doc_id"] == "child"]
    for row in inst.dropna(subset=["evidence"]).itertuples():
        assert CHILD[row.evidence_start : row.evidence_end] == row.evidence
    shares = cmp.instrument_shares[cmp.instrument_shares["subtype"].isna()]
    assert shares.groupby("doc_id")["share"].sum().round(6).eq(1.0).all()
    terms = cmp.terms[cmp.terms["doc_id"] == "parent"]["term"].tolist()
    assert "专业群" in terms and "加强" not in terms


def test_reuse_finds_the_restated_passage_and_its_changed_target(pair):
    cmp = pipeline.compare(pair, parents={})
    rows = cmp.reuse_pairs
    assert set(rows["doc_a"] + rows["doc_b"]) == {"parentchild"}
    row = rows.iloc[0]
    assert row.label == "target changed; deadline moved; actor changed"
    assert row.detail == "50% → 60%; 300个 → 20个; 2030-12-31 → 2028-12-31; - → 甘肃省财政厅"
    a_text = PARENT if row.doc_a == "parent" else CHILD
    assert a_text[row.a_start : row.a_end] == row.a_text
    summary = cmp.reuse_summary.iloc[0]
    assert 0.3 < summary.share_a < 1 and summary.n_passages == len(rows)


def test_compare_refuses_duplicate_ids(pair):
    with pytest.raises(ValueError, match="parent"):
        pipeline.compare([pair[0], pair[0]])


@pytest.mark.parametrize(
    ("value", "expected"), [("=SUM(A1)", "'=SUM(A1)"), ("-1", "'-1"), ("@x", "'@x"), ("市", "市"), (3, 3)]
)
def test_neutralise_formula_cells(value, expected):
    assert neutralise(value) == expected


def test_cli_compare_writes_bom_csvs(tmp_path):
    (tmp_path / "parent.txt").write_text(PARENT, encoding="utf-8")
    (tmp_path / "child.txt").write_text(CHILD.replace("省财政厅", "=省财政厅"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["compare", str(tmp_path), "--out", str(out), "--parent", "parent"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "documents: 2" in result.output and "cascade: " in result.output
    names = {p.name for p in out.glob("*.csv")}
    assert {
        "documents.csv",
        "indicators.csv",
        "indicators_wide.csv",
        "cascade.csv",
        "reuse_pairs.csv",
    } <= names
    raw = (out / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (out / "reuse_pairs.csv").open(encoding="utf-8-sig") as fh:
        texts = [r["b_text"] + r["a_text"] for r in csv.DictReader(fh)]
    assert all(not t.startswith("=") for t in texts)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["compare", "no/such/dir"], "no/such/dir"),
        (["compare", "{tmp}", "--parent", "nobody"], "--parent 'nobody'"),
    ],
)
def test_cli_compare_errors(tmp_path, args, reason):
    (tmp_path / "a.txt").write_text(PARENT, encoding="utf-8")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and reason in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_record_json_inputs_get_their_text_back(tmp_path, pair):
    src = tmp_path / "parent.txt"
    src.write_text(PARENT, encoding="utf-8")
    record = pipeline.extract_file(src)
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "parent.json").write_text(record.to_json(), encoding="utf-8")
    from pipeline.compare.inputs import load_inputs

    records, failures = load_inputs([tmp_path])
    assert not failures and records[0].text == PARENT and records[0].targets == record.targets
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    records, failures = load_inputs([tmp_path / "bad.json"])
    assert not records and "bad.json" in failures[0].message


@pytest.fixture(scope="module")
def real_records(shared_dir):
    """Real pairs of ../shared: Shandong 033 = central 037, Shandong 032/036 restate central 070; the
    Qingyang opinion (annex restating its body); central 139 and 061 as unrelated documents."""
    from pipeline.compare.inputs import load_inputs

    corpora = shared_dir / "corpora"
    files = [corpora / "qingyang" / "qingyang-2021-13.txt"]
    files += [corpora / "shandong" / f"{n}.txt" for n in ("032", "033", "036")]
    files += [corpora / "central" / f"{n}.txt" for n in ("037", "070", "139", "061")]
    records, failures = load_inputs(files)
    assert not failures
    return records


def _stem_ids(records) -> dict[str, str]:
    """File stem -> doc_id (a document printing its 文号 is named by it)."""
    from pathlib import Path

    return {Path(r.document.source).stem: r.document.doc_id for r in records}


@pytest.mark.shared
def test_reuse_of_real_pairs_against_unrelated_pairs(real_records):
    from pipeline.compare.reuse import reuse_tables

    pairs, summary = reuse_tables(real_records)
    share = {(r.doc_a, r.doc_b): (r.share_a, r.share_b) for r in summary.itertuples()}
    # shandong/032 prints its 文号 (济工信装备字〔2022〕1号), which is its doc_id
    s032 = _stem_ids(real_records)["032"]
    assert min(share[("033", "037")]) > 0.95  # the same text
    assert min(share[("036", "070")]) > 0.7 and share[(s032, "070")][1] > 0.7  # restatements
    related = {("033", "037"), (s032, "036"), ("036", s032), (s032, "070"), ("036", "070")}
    for (a, b), (sa, sb) in share.items():
        if a != b and (a, b) not in related:
            assert max(sa, sb) < 0.02, (a, b)  # unrelated documents share formulae at most
    qy = pairs[(pairs.doc_a == "庆政发〔2021〕13号") & (pairs.doc_b == "庆政发〔2021〕13号")]
    annex = real_records[0].text.index("附件2")
    body_to_annex = qy[(qy.a_end <= annex) & (qy.b_start >= annex)]
    assert len(body_to_annex) >= 8  # annex-2 rows restating the body, verbatim or edited
    row = body_to_annex[body_to_annex.a_text.str.contains("精品在线课程")].iloc[0]
    assert "建设30门精品在线课程" in row.b_text


@pytest.mark.shared
def test_cascade_of_shandong_restatements_of_central_070(real_records):
    """Shandong 032 and 036 restate the national road-test rules (central 070) with some limits changed."""
    ids = {r.document.doc_id for r in real_records}
    s032 = _stem_ids(real_records)["032"]
    records = [r for r in real_records if r.document.doc_id in {s032, "036", "070"}]
    assert {s032, "036", "070"} <= ids
    cmp = pipeline.compare(records, parents={s032: ["070"], "036": ["070"]}, reuse=False)
    rows = {(r.doc_id, r.canonical, r.unit): r for r in cmp.cascade.itertuples()}
    test_time = rows[("036", "测试时间", "月")]  # 不超过85个月 against 不超过30个月, as the texts say
    assert (test_time.value, test_time.parent_value, test_time.value_change) == (85, 30, "raised")
    assert test_time.direction == "looser"  # a longer time limit relaxes the rule
    assert rows[(s032, "测试时间", "月")].value_change == "lowered"  # 18 against 30
    assert rows[(s032, "测试时间", "月")].direction == "stricter"
    assert rows[("036", "记分周期内没有被记满", "个")].value_change == "kept"


@pytest.mark.shared
def test_near_duplicates_flagged_and_counted_once(real_records):
    """Shandong 033 and central 037 are the same text; the Qingyang annex restates its body."""
    cmp = pipeline.compare(real_records, parents={})
    docs = cmp.documents.set_index("doc_id")
    ids = _stem_ids(real_records)
    assert docs.loc[ids["037"], "duplicate_of"] == ids["033"] and docs["duplicate_of"].notna().sum() == 1
    assert docs.loc[ids["qingyang-2021-13"], "self_repeat"] > 0.15
    assert cmp.jurisdictions["n_documents"].sum() == len(real_records) - 1


def test_the_verbs_do_not_hide_their_subpackages():
    # issue 15: pipeline.compare / pipeline.report were functions, so `import pipeline.compare as c`
    # gave a function without the subpackage's modules
    import importlib
    import types

    for name, verb in (("compare", "compare"), ("report", "build_report")):
        module = importlib.import_module(f"pipeline.{name}")
        assert isinstance(module, types.ModuleType) and getattr(pipeline, name) is module
        assert callable(module) and callable(getattr(module, verb))
    import pipeline.compare as c

    assert c.inputs.__name__ == "pipeline.compare.inputs"
