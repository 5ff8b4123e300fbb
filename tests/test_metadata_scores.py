"""The document metadata of the 21 saved pages of ../shared/data/webpages never scores below its recorded
levels (tests/metadata_levels.json); the scorer itself is checked on records made here."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluate.metadata import METADATA_FIELDS, evaluate_metadata, score_folder
from pipeline.models import DocumentMeta, Region

LEVELS = json.loads((Path(__file__).parent / "metadata_levels.json").read_text(encoding="utf-8"))


def test_webpage_metadata_does_not_drop_below_recorded_levels(shared_dir):
    score = score_folder(shared_dir / "data" / "webpages")
    assert score.n == 21
    levels = LEVELS["webpages/gold.jsonl"]
    assert set(levels) == set(METADATA_FIELDS)
    failures = [f"{f}: {score.accuracy(f)} < {lvl}" for f, lvl in levels.items() if score.accuracy(f) < lvl]
    assert not failures, "; ".join(failures) + f"\nerrors: {score.to_dict()['errors']}"


def test_held_out_pages_do_not_drop_below_recorded_levels():
    """tests/fixtures/pages: ten pages of governments the rules were not written from (runs without ../shared)."""
    score = score_folder(Path(__file__).parent / "fixtures" / "pages")
    assert score.n == 10
    levels = LEVELS["fixtures/pages/gold.jsonl"]
    failures = [f"{f}: {score.accuracy(f)} < {lvl}" for f, lvl in levels.items() if score.accuracy(f) < lvl]
    assert not failures, "; ".join(failures) + f"\nerrors: {score.to_dict()['errors']}"


def test_second_held_out_pages_do_not_drop_below_recorded_levels():
    """tests/fixtures/pages2: fifteen pages of fifteen more governments (runs without ../shared)."""
    score = score_folder(Path(__file__).parent / "fixtures" / "pages2")
    assert score.n == 15
    levels = LEVELS["fixtures/pages2/gold.jsonl"]
    assert set(levels) == set(METADATA_FIELDS)
    failures = [f"{f}: {score.accuracy(f)} < {lvl}" for f, lvl in levels.items() if score.accuracy(f) < lvl]
    assert not failures, "; ".join(failures) + f"\nerrors: {score.to_dict()['errors']}"


GOLD = [
    {
        "id": "a",
        "title": "X关于Y的通知",
        "doc_number": "滬府發(fā)〔2017〕92號",
        "issuer": "南京市人民政府辦公廳",
        "level": "municipal",
        "province": "江苏省",
        "city": "南京市",
        "county": None,
        "date": None,
    },
]


def test_scorer_compares_normal_forms_and_counts_invented_values():
    meta = DocumentMeta(
        doc_id="a",
        title="X关于Y的通知",
        doc_number="沪府发[2017]92号",
        issuer=("南京市人民政府办公厅",),
        level="municipal",
        region=Region(province="江苏省", city="南京市"),
        date="2017-01-01",
    )
    score = evaluate_metadata({"a": meta}, GOLD)
    assert score.right == {f: 1 for f in METADATA_FIELDS} | {"date": 0}  # a date where the page shows none
    assert score.errors["date"] == [("a", None, "2017-01-01")]
    assert evaluate_metadata({}, GOLD).right == dict.fromkeys(METADATA_FIELDS, 0)
