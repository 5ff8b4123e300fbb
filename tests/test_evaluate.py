"""The gold scorer (pipeline.evaluate) on tiny synthetic records, and the gold files themselves."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import GoldFormatError
from pipeline.evaluate import KINDS, evaluate, load_gold, locate, validate_gold
from pipeline.evaluate.indicators import indicator_span
from pipeline.models import Deadline, DepartmentMention, DocumentMeta, Obligation, PolicyRecord, Target, Task

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))

# A real sentence pair from the Qingyang text (庆政发〔2021〕13号), 三、主要任务 item 4 and 四、组织实施.
TEXT = (
    "确保区域内高中阶段招生职普比不低于4:6,逐步实现高中阶段教育职普比大体相当。"
    "领导小组和联席会议办公室设在市教育局。每年至少召开两次会议,研究解决职业教育发展中的重大问题。"
    "各县(区)和庆阳职业技术学院校分别制定实施方案,并报市教育局备案。"
)


# ------------------------------------------------------------------------------------- factories
def span(quote: str, occurrence: int = 1) -> tuple[int, int]:
    found = locate(TEXT, quote, occurrence)
    assert found is not None, quote
    return found


def target(
    quote: str, value: float, unit: str = "%", comparator: str = "=", *, occurrence: int = 1, **kw: Any
) -> Target:
    start, end = span(quote, occurrence)
    fields: dict[str, Any] = dict(value_max=None, year=None, kind="target", indicator=None)
    fields.update(kw)
    return Target(None, quote, start, end, value=value, unit=unit, comparator=comparator, **fields)


def dept(quote: str, canonical: str, role: str = "mentioned", occurrence: int = 1) -> DepartmentMention:
    start, end = span(quote, occurrence)
    return DepartmentMention(None, quote, start, end, quote, canonical, "municipal", "government", role)


def record(**kinds: Any) -> PolicyRecord:
    return PolicyRecord(
        document=DocumentMeta(doc_id="t"), text=TEXT, **{k: tuple(v) for k, v in kinds.items()}
    )


def gold(**kinds: Any) -> dict[str, Any]:
    return {"document": {"source": "synthetic"}, "complete": {k: True for k in kinds}, **kinds}


G_RATIO = {
    "quote": "不低于4:6",
    "value": 4,
    "value_max": 6,
    "unit": "ratio",
    "comparator": ">=",
    "year": None,
    "kind": "target",
}
G_TWICE = {
    "quote": "至少召开两次",
    "value": 2,
    "value_max": None,
    "unit": "次",
    "comparator": ">=",
    "year": None,
    "kind": "target",
}
P_RATIO = target("不低于4:6", 4, "ratio", ">=", value_max=6)
P_TWICE = target("两次", 2, "次", ">=")


# ------------------------------------------------------------------------------------- scoring
def test_perfect_match_scores_one() -> None:
    ev = evaluate(record(targets=[P_RATIO, P_TWICE]), gold(targets=[G_RATIO, G_TWICE]))
    s = ev.kinds["targets"]
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert s.precision == s.recall == s.f1 == 1.0
    assert s.all_correct == [2, 2]


def test_one_miss_lowers_recall_only() -> None:
    s = evaluate(record(targets=[P_RATIO]), gold(targets=[G_RATIO, G_TWICE])).kinds["targets"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 1)
    assert s.precision == 1.0 and s.recall == 0.5
    assert [m["quote"] for m in s.misses] == ["至少召开两次"]


def test_one_false_positive_lowers_precision_only() -> None:
    extra = target("4:6", 4, "ratio")  # overlaps the gold ratio, but that one is taken by P_RATIO
    s = evaluate(record(targets=[P_RATIO, extra, P_TWICE]), gold(targets=[G_RATIO, G_TWICE])).kinds["targets"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 0)
    assert s.precision == pytest.approx(2 / 3)
    assert [p["text"] for p in s.false_positives] == ["4:6"]


def test_wrong_attribute_is_a_match_with_an_error() -> None:
    wrong = target("不低于4:6", 4, "ratio", "=", value_max=6)
    s = evaluate(record(targets=[wrong]), gold(targets=[G_RATIO])).kinds["targets"]
    assert s.tp == 1
    assert s.attributes["comparator"] == [0, 1] and s.attributes["value"] == [1, 1]
    assert s.all_correct == [0, 1]
    assert s.wrong[0]["errors"] == {"comparator": {"expected": ">=", "got": "="}}


SPAN_CASES = [  # (predicted quote, occurrence, matches the gold quote "至少召开两次")
    ("每年至少召开两次会议", 1, True),  # longer span containing the gold quote
    ("两次", 1, True),  # shorter span inside it
    ("每年至", 1, True),  # partial overlap
    ("每年", 1, False),  # touches the gold span, does not overlap it
    ("会议", 1, False),
]


@pytest.mark.parametrize(("quote", "occurrence", "matches"), SPAN_CASES)
def test_span_overlap_decides_the_match(quote: str, occurrence: int, matches: bool) -> None:
    s = evaluate(
        record(targets=[target(quote, 2, "次", ">=", occurrence=occurrence)]), gold(targets=[G_TWICE])
    )
    assert s.kinds["targets"].tp == int(matches)


def test_occurrence_selects_the_nth_quote() -> None:
    g = gold(
        departments=[{"quote": "市教育局", "occurrence": 2, "canonical": "庆阳市教育局", "role": "mentioned"}]
    )
    first = evaluate(record(departments=[dept("市教育局", "庆阳市教育局")]), g).kinds["departments"]
    second = evaluate(record(departments=[dept("市教育局", "庆阳市教育局", occurrence=2)]), g).kinds[
        "departments"
    ]
    assert (first.tp, first.fp, first.fn) == (0, 1, 1)
    assert (second.tp, second.fp, second.fn) == (1, 0, 0)


def test_departments_need_equal_canonical_names() -> None:
    g = gold(
        departments=[{"quote": "市教育局", "occurrence": 1, "canonical": "庆阳市教育局", "role": "mentioned"}]
    )
    s = evaluate(record(departments=[dept("市教育局", "市教育局")]), g).kinds["departments"]
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_incomplete_kind_reports_recall_without_precision() -> None:
    start, end = span("每年至少召开两次会议")
    obls = [
        Obligation(None, TEXT[start:end], start, end, "aim", "至少"),
        Obligation(None, "x", 0, 1, "must", "确保"),
    ]
    g = gold(obligations=[{"quote": "每年至少召开两次会议", "modality": "must"}])
    g["complete"]["obligations"] = False
    s = evaluate(record(obligations=obls), g).kinds["obligations"]
    assert s.precision is None and s.f1 is None and s.fp is None
    assert s.recall == 1.0 and s.attributes["modality"] == [0, 1]


def _task(number: str, source: str, departments: tuple[str, ...], due: str | None) -> Task:
    return Task(f"t{number}", source, number, "", departments, departments[0], None, "date", due)


def test_tasks_match_by_number_and_source_and_compare_department_lists() -> None:
    g = gold(
        tasks=[
            {"number": "1", "source": "annex", "departments": ["市教育局", "各县(区)政府"],
             "departments_canonical": ["庆阳市教育局", "庆阳市各县(区)人民政府"], "lead_department": "市教育局",
             "due_date": "2021-04-30", "deadline_kind": "date"}
        ]
    )  # fmt: skip
    preds = [
        _task(
            "1", "annex", ("庆阳市教育局", "庆阳市各县(区)人民政府"), "2021-04-30"
        ),  # canonical names: accepted
        _task("1", "body", ("市教育局",), None),  # out of scope: the gold covers annex tasks only
    ]
    s = evaluate(record(tasks=preds), g).kinds["tasks"]
    assert (s.tp, s.fp, s.fn, s.n_pred) == (1, 0, 0, 1)
    assert s.all_correct == [1, 1]
    s = evaluate(record(tasks=[_task("1", "annex", ("市教育局",), "2021-12-31")]), g).kinds["tasks"]
    assert s.attributes["departments"] == [0, 1] and s.attributes["lead_department"] == [1, 1]
    assert s.attributes["due_date"] == [0, 1]


def test_deadlines_and_report() -> None:
    start, end = span("每年")
    dl = Deadline("d1", None, "每年", start, end, "recurring", None, "P1Y")
    g = gold(deadlines=[{"quote": "每年", "kind": "recurring", "due_date": None, "recurrence": "P1Y"}])
    ev = evaluate(
        record(deadlines=[dl], targets=[P_TWICE]), {**g, "targets": [G_RATIO], "complete": {"targets": True}}
    )
    assert ev.kinds["deadlines"].all_correct == [1, 1] and ev.kinds["deadlines"].precision is None
    report = ev.format_report()
    assert "targets" in report and "Misses in targets" in report and "'不低于4:6'" in report
    assert "False positives in targets" in report and "'两次'" in report
    assert set(json.loads(json.dumps(ev.to_dict(), ensure_ascii=False))["kinds"]) == {"deadlines", "targets"}


def test_indicator_overlap_agreement() -> None:
    """Character F1 of the indicator spans; without offsets, by LCS of the strings; none scores 0."""
    g = gold(
        targets=[{**G_RATIO, "indicator_quote": "高中阶段招生职普比"}, {**G_TWICE, "indicator_quote": "会议"}]
    )
    s_, e_ = span("区域内高中阶段招生职普比")  # 12 predicted characters, 9 of them gold: F1 = 2*0.75*1/1.75
    wide = target(
        "不低于4:6",
        4,
        "ratio",
        ">=",
        value_max=6,
        indicator=TEXT[s_:e_],
        indicator_start=s_,
        indicator_end=e_,
    )
    twice = target("两次", 2, "次", ">=", indicator="会议")  # no offsets: LCS of the strings, 1.0
    s = evaluate(record(targets=[wide, twice]), g).kinds["targets"]
    assert s.overlap["indicator"][1] == 2
    assert s.overlap["indicator"][0] == pytest.approx(2 * 0.75 / 1.75 + 1.0)
    assert s.to_dict()["overlap_agreement"]["indicator"] == pytest.approx((2 * 0.75 / 1.75 + 1.0) / 2)
    none = evaluate(record(targets=[P_RATIO, P_TWICE]), g)
    assert none.kinds["targets"].overlap["indicator"] == [0.0, 2]
    assert (
        "Overlap agreement" in none.format_report() and "indicator: expected '会议'" in none.format_report()
    )


def test_indicator_quote_must_be_near_its_target(monkeypatch) -> None:
    import pipeline.evaluate.indicators as ei

    monkeypatch.setattr(ei, "WINDOW", 10)
    far = {**G_RATIO, "indicator_quote": "市教育局备案"}
    with pytest.raises(GoldFormatError, match="indicator_quote '市教育局备案' is not within 10 characters"):
        validate_gold(gold(targets=[far]), TEXT + "\n" * 200 + "市教育局备案")  # WINDOW patched to 10 below
    with pytest.raises(GoldFormatError, match="indicator_quote"):
        validate_gold(gold(targets=[{**G_RATIO, "indicator_quote": ""}]), TEXT)


# ------------------------------------------------------------------------------------- malformed gold
def _without(d: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != key}


BAD_GOLD = [  # (gold, fragment of the error message)
    ({"targets": [G_RATIO]}, "document"),
    ({"document": {"source": "x"}}, "no annotated kind"),
    (gold(targets=G_RATIO), "must be a list"),
    (gold(targets=[_without(G_RATIO, "unit")]), "missing key(s) unit"),
    (gold(targets=[{**G_RATIO, "comparator": "<"}]), "comparator '<'"),
    (gold(targets=[{**G_RATIO, "value": "4"}]), "value must be a number"),
    (gold(targets=[{**G_RATIO, "quote": "不低于5:5"}]), "is not in the text"),
    (
        gold(departments=[{"quote": "市教育局", "canonical": "庆阳市教育局", "role": "mentioned"}]),
        "occurs 2 times",
    ),
    (
        gold(departments=[{"quote": "市教育局", "occurrence": 3, "canonical": "c", "role": "mentioned"}]),
        "not 3",
    ),
    (
        gold(departments=[{"quote": "市教育局", "occurrence": 1, "canonical": "c", "role": "boss"}]),
        "role 'boss'",
    ),
    (gold(targets=[{**G_RATIO, "sentence": "每年至少召开两次会议"}]), "'sentence' does not contain"),
    (gold(deadlines=[{"quote": "每年", "kind": "date", "due_date": "2025年"}]), "not an ISO date"),
    ({**gold(targets=[G_RATIO]), "complete": {"target": True}}, "'complete'"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_GOLD)
def test_malformed_gold_raises_with_a_reason(bad: dict[str, Any], message: str) -> None:
    with pytest.raises(GoldFormatError) as info:
        evaluate(record(), {**copy.deepcopy(bad), "_path": "g.json"})
    assert message in str(info.value) and "g.json" in str(info.value)


def test_load_gold_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=re.escape("bad.json: not valid")):
        load_gold(bad)
    with pytest.raises(GoldFormatError, match="no such file"):
        load_gold(tmp_path / "missing.json")
    good = tmp_path / "g.json"
    good.write_text(
        json.dumps(gold(targets=[{**G_RATIO, "quote": "不低于9:1"}]), ensure_ascii=False), "utf-8"
    )
    with pytest.raises(
        GoldFormatError, match=re.escape("g.json: targets[0]: quote '不低于9:1' is not in the text")
    ):
        load_gold(good, text=TEXT)


@given(
    st.text(alphabet="ab市局", max_size=30),
    st.text(alphabet="ab市局", min_size=1, max_size=3),
    st.integers(1, 5),
)
def test_locate_finds_the_nth_occurrence(text: str, quote: str, n: int) -> None:
    starts = [i for i in range(len(text)) if text.startswith(quote, i)]
    expected = (starts[n - 1], starts[n - 1] + len(quote)) if len(starts) >= n else None
    assert locate(text, quote, n) == expected


# ------------------------------------------------------------------------------------- the gold files
def _source_text(g: dict[str, Any]) -> str:
    source = g["document"]["source"]
    for base in (ROOT, ROOT / "tests" / "fixtures" / "gold"):
        if (base / source).is_file():
            return (base / source).read_text(encoding="utf-8")
    raise AssertionError(f"no copy of {source} in the repository")


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_quotes_exist_and_perfect_predictions_score_one(path: Path) -> None:
    g = load_gold(path)  # validates every quote, occurrence and sentence against the source copy
    text = _source_text(g)
    validate_gold(g, text, path=str(path))
    # Predictions built from the gold itself must score 1.0 everywhere: the gold is self-consistent.
    preds: dict[str, list[Any]] = {}
    for kind in KINDS:
        for item in g.get(kind, []):
            start, end = locate(text, item["quote"], item.get("occurrence")) if "quote" in item else (0, 0)
            quote = text[start:end]
            if kind == "targets":
                keep = {k: item[k] for k in ("value", "value_max", "unit", "comparator", "year", "kind")}
                ind = item.get("indicator_quote")
                span = indicator_span(text, (start, end), ind) if ind else None
                if span:
                    keep.update(indicator_start=span[0], indicator_end=span[1])
                rec: Any = Target(None, quote, start, end, ind, **keep)
            elif kind == "deadlines":
                rec = Deadline(
                    "d", None, quote, start, end, item["kind"], item["due_date"], item.get("recurrence")
                )
            elif kind == "departments":
                rec = DepartmentMention(
                    None, quote, start, end, quote, item["canonical"], None, "other", item["role"]
                )
            elif kind == "obligations":
                rec = Obligation(None, quote, start, end, item["modality"], "")
            else:
                deps = tuple(item["departments"])
                rec = Task("t", item["source"], item["number"], quote, deps, item["lead_department"],
                           item.get("deadline_text"), item.get("deadline_kind"), item["due_date"], (), start, end)  # fmt: skip
            preds.setdefault(kind, []).append(rec)
    ev = evaluate(PolicyRecord(DocumentMeta(doc_id=path.stem), text=text, **preds), g)
    for kind, s in ev.kinds.items():
        assert (s.fn, s.fp or 0) == (0, 0), kind
        assert s.all_correct[0] == s.all_correct[1] == s.n_gold, kind
        assert all(total == n for total, n in s.overlap.values()), kind


def test_qingyang_gold_covers_the_brief() -> None:
    g = load_gold(GOLD_DIR / "qingyang-2021-13.json")
    assert [t["number"] for t in g["tasks"]] == [str(i) for i in range(1, 21)]
    assert len(g["obligations"]) >= 40
    assert g["complete"] == {
        "targets": True,
        "deadlines": True,
        "departments": True,
        "obligations": False,
        "tasks": True,
    }
    leads = [d for d in g["departments"] if d["role"] == "lead"]
    assert len(leads) == 20


def test_fixture_copies_match_shared(shared_dir: Path) -> None:
    checked = 0
    for path in GOLD_FILES:
        source = json.loads(path.read_text(encoding="utf-8"))["document"]["source"]
        if source.startswith(("central/", "shandong/")):
            checked += 1
            copy = (ROOT / "tests" / "fixtures" / "gold" / source).read_bytes()
            assert copy == (shared_dir / "corpora" / source).read_bytes(), source
    assert checked == 6  # central 061, 139 and shandong 046, 055, 006, 027
