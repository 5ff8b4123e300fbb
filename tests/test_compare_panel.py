"""The jurisdiction x indicator x year panel (issue 16, item 5): long, wide, CSV/Parquet/Stata, codebook."""

from __future__ import annotations

import pandas as pd

import pipeline
from pipeline.compare.panel import COLUMNS, wide_panel

# real sentences: shandong/046 (a provincial opinion) and its restatement in shandong/051
PROVINCE = (
    "山东省人民政府\n关于加快新一代信息技术产业发展的意见\n到2025年年底，全省信息技术产业营收突破2.2万亿元。"
)
NATIONAL = "国务院关于印发新一代人工智能发展规划的通知\n到2020年，人工智能核心产业规模超过1500亿元。"


def test_panel_long_wide_and_files(tmp_path) -> None:
    records = [
        pipeline.extract(PROVINCE, meta={"id": "p", "level": "provincial", "date": "2023-08-01"}),
        pipeline.extract(NATIONAL, meta={"id": "n", "level": "national", "date": "2017-07-08"}),
    ]
    cmp = pipeline.compare(records, parents={}, reuse=False)
    panel = cmp.panel
    assert list(panel.columns) == COLUMNS
    row = panel[panel.doc_id == "p"].iloc[0]
    assert (row.kind, row.year, row.base_value, row.base_unit, row.multiplier) == (
        "target",
        2025,
        2.2e12,
        "元",
        1e12,
    )
    nat = panel[panel.doc_id == "n"].iloc[0]
    assert nat.jurisdiction == "全国" and nat.base_value == 1500e8 and nat.year == 2020
    wide = wide_panel(panel)
    assert {"canonical", "base_unit", "year"} <= set(wide.columns) and "全国" in wide.columns
    written = cmp.write_panel(tmp_path)
    dta = pd.read_stata(written["panel.dta"])
    assert set(dta["doc_id"]) == {"p", "n"} and dta["base_unit"].tolist().count("元") == 2
    import duckdb

    assert duckdb.sql(f"select count(*) from '{written['panel.parquet']}'").fetchall()[0][0] == len(panel)
    book = pd.read_csv(written["panel_codebook.csv"], encoding="utf-8-sig")
    assert set(COLUMNS) <= set(book["variable"])
    summary = cmp.jurisdictions.set_index("jurisdiction")
    assert summary.loc["全国", "year_counts"] == "2020: 1" and summary.loc["全国", "n_documents"] == 1


def test_similar_labels_group_and_generic_heads_do_not() -> None:
    from pipeline.compare.indicators import group_indicators

    long = pd.DataFrame(
        {
            "canonical": ["人工智能核心产业规模", "人工智能核心产业规模", "全省人工智能核心产业规模", "最高补助", "最高补助", "奖励"],
            "base_unit": ["元", "元", "元", "元", "元", "元"],
        }
    )  # fmt: skip
    got = group_indicators(long)
    assert got["group"].tolist()[:3] == ["人工智能核心产业规模"] * 3
    assert got["group_score"].tolist()[0] == 100.0 and 88 <= got["group_score"].tolist()[2] < 100
    assert got["group"].isna().tolist()[3:] == [True, True, True]


def test_report_folds_the_wide_indicator_table() -> None:
    from pipeline.report.pages import shared_indicators

    wide = pd.DataFrame(
        [("a", "%", 2, ">=50%", 2025, "60%", None), ("b", "个", 1, "3个", None, None, None)],
        columns=["canonical", "unit", "n_documents", "p", "p:year", "c", "c:year"],
    )
    assert shared_indicators(wide).values.tolist() == [["a", "%", 2, "p: >=50%; c: 60%"]]


def test_an_empty_panel_is_still_written(tmp_path) -> None:
    cmp = pipeline.compare([pipeline.extract("加强组织领导。", meta={"id": "x"})], parents={}, reuse=False)
    assert cmp.panel.empty
    written = cmp.write_panel(tmp_path)
    assert pd.read_stata(written["panel.dta"]).empty and written["panel_codebook.csv"].is_file()
