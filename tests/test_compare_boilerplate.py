"""Boilerplate and duplicates in the comparison (issue 16, item 6), on real documents of ../shared."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.compare.instruments import counted, shares_table
from pipeline.compare.reuse import reuse_tables

# four Shandong provincial texts whose tasks carry （牵头单位：…；责任单位：…） notes, and two without
SHANDONG = ("019", "046", "051", "055", "025", "048", "032", "036")


@pytest.fixture(scope="module")
def shandong_records(shared_dir: Path) -> list:
    folder = shared_dir / "corpora" / "shandong"
    return [pipeline.extract_file(folder / f"{n}.txt") for n in SHANDONG]


def _formula(text: str) -> bool:
    return "牵头单位" in text or "责任单位" in text


def test_assignment_formulas_no_longer_dominate_actor_changes(shandong_records: list) -> None:
    """Without the filter the （牵头单位：…） formula "actor changed" passages (department lists) are most of the
    cross-document passages of these texts; with it (the default) a tenth or less of them is left, a minority."""
    raw, _ = reuse_tables(shandong_records, boilerplate=True)
    kept, _ = reuse_tables(shandong_records)

    def counts(pairs: pd.DataFrame) -> tuple[int, int]:
        cross = pairs[pairs["doc_a"] != pairs["doc_b"]]
        actor = cross[cross["label"].str.contains("actor changed") & cross["a_text"].map(_formula)]
        return len(actor), len(cross)

    formula_raw, cross_raw = counts(raw)
    formula_kept, cross_kept = counts(kept)
    assert formula_raw >= 100 and formula_raw > cross_raw / 2, (formula_raw, cross_raw)  # they dominate
    assert formula_kept <= formula_raw / 10 and formula_kept < cross_kept / 2, (formula_kept, cross_kept)


def test_near_duplicate_and_repeated_passages_left_out_of_shares() -> None:
    inst = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "obligation_start": [0, 100, 500, 0],
            "obligation_end": [50, 150, 550, 50],
            "instrument": ["supply", "demand", "supply", "environment"],
            "subtype": ["资金投入", "示范推广", "资金投入", "法规管制"],
        }
    )
    docs = pd.DataFrame({"doc_id": ["a", "b"], "duplicate_of": [None, "a"]})
    # a holds its own text twice: 400..600 restates 0..200
    own = pd.DataFrame(
        {"doc_a": ["a"], "doc_b": ["a"], "a_start": [0], "a_end": [200], "b_start": [400], "b_end": [600]}
    )
    keep = counted(inst, docs, own)
    assert keep.tolist() == [True, True, False, False]
    shares = shares_table(inst, keep)
    totals = shares[shares["subtype"].isna()].set_index(["doc_id", "instrument"])["share"]
    assert set(shares["doc_id"]) == {"a"} and totals[("a", "supply")] == 0.5
    assert set(shares_table(inst)["doc_id"]) == {"a", "b"}  # --include-duplicates
