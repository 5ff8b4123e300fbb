"""The panel researchers load: jurisdiction x indicator x year (issue 16, item 5).

``panel`` (long): one row per goal, limit, time limit or parameter of a document, with the document's
jurisdiction (its region, 全国 for a national document without one), level, region, 6-digit division
code, date and doc_id, the canonical indicator, the value as written and brought to its base unit.
``panel_wide``: one row per (canonical, base_unit, year), one column per jurisdiction holding the base
value of the latest document of that jurisdiction (several targets of one document: the first in the
text). ``jurisdictions``: per jurisdiction, documents, targets by year, instrument profile and the
departments that lead most tasks. :func:`write_panel` writes CSV, Parquet and Stata ``.dta`` (format 118:
Unicode strings) and ``panel_codebook.csv``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.compare.output import safe_frame

KINDS = ("target", "limit", "time_limit", "parameter")
CODEBOOK = [
    (
        "jurisdiction",
        "",
        "the document's region (province+city+county), 全国 for a national document without one",
    ),
    ("level", "", "government level of the issuer: national, provincial, municipal, county"),
    ("region", "", "the region as read from the header (see README Metadata)"),
    ("division_code", "", "6-digit 统计用区划代码 of the region's most specific known part"),
    ("date", "", "the document's date (YYYY-MM-DD) as read from its header or metadata"),
    ("doc_id", "", "the document"),
    ("target_id", "", "the target within the document (t1, t2 ...)"),
    ("canonical", "", "canonical indicator (resources/indicator_canonical.json) of the label"),
    (
        "group",
        "",
        "similarity group of the canonical label (rapidfuzz ratio >= group_min_score); empty for generic labels",
    ),
    ("group_score", "", "rapidfuzz ratio (0-100) of the canonical label to its group's label"),
    ("label", "", "the indicator as written, layout whitespace removed"),
    ("scope", "", "scope word (全省, 全市, 年均, 累计 ...) before the indicator"),
    ("kind", "", "target (a goal), limit (a bound the policy sets), time_limit (within N days), parameter"),
    ("comparator", "", ">=, <=, =, ~ (about) or range as read from the words around the number"),
    ("year", "year", "goal year: the governing deadline, the enclosing heading or a stage lead"),
    ("value", "unit", "the number as written"),
    ("unit", "", "the unit as written (万亿元, 个工作日)"),
    ("base_value", "base_unit", "value x multiplier: the value in the base unit"),
    ("base_unit", "", "the unit without its magnitude (元, 家, 人, 工作日; resources/unit_scales.json)"),
    ("multiplier", "", "the magnitude of the written unit (1e4 for 万家)"),
    ("text", "", "the target as written in the document (number, unit and comparator words)"),
]
COLUMNS = [c[0] for c in CODEBOOK]


def _jurisdiction(row: Any) -> str:
    if isinstance(row.region, str) and row.region:
        return row.region
    return "全国" if row.level == "national" else "unknown"


def panel_table(documents: Any, indicators: Any) -> Any:
    """``panel``: the long jurisdiction x indicator x year table."""
    import pandas as pd

    docs = documents.copy()
    docs["jurisdiction"] = [_jurisdiction(r) for r in docs.itertuples()]
    kept = indicators[indicators["kind"].isin(KINDS) & indicators["canonical"].notna()]
    merged = kept.merge(
        docs[["doc_id", "jurisdiction", "level", "region", "division_code", "date"]], on="doc_id"
    )
    if merged.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = merged[COLUMNS].sort_values(["jurisdiction", "canonical", "year", "doc_id"], na_position="last")
    return out.reset_index(drop=True)


def wide_panel(panel: Any) -> Any:
    """``panel_wide``: (canonical, base_unit, year) x jurisdiction of base values."""
    import pandas as pd

    if panel.empty:
        return pd.DataFrame(columns=["canonical", "base_unit", "year"])
    frame = panel.assign(year=panel["year"].fillna(-1), base_unit=panel["base_unit"].fillna(""))
    frame = frame.sort_values(["date", "doc_id"], na_position="first", kind="stable")
    # the latest document of a jurisdiction wins; within it the first target in the text
    latest = frame.groupby(["canonical", "base_unit", "year", "jurisdiction"], sort=False).agg(
        doc=("doc_id", "last")
    )
    firsts = frame.drop_duplicates(["canonical", "base_unit", "year", "jurisdiction", "doc_id"])
    firsts = firsts.merge(latest.reset_index(), on=["canonical", "base_unit", "year", "jurisdiction"])
    firsts = firsts[firsts["doc_id"] == firsts["doc"]]
    wide = firsts.pivot_table(
        index=["canonical", "base_unit", "year"], columns="jurisdiction", values="base_value", aggfunc="first"
    ).reset_index()
    wide.columns.name = None
    wide["year"] = wide["year"].where(wide["year"] >= 0)
    return wide


def jurisdictions_table(documents: Any, panel: Any, instrument_shares: Any, departments: Any) -> Any:
    """``jurisdictions``: per jurisdiction, documents, targets by year, instrument profile, lead departments."""
    import pandas as pd

    docs = documents.assign(jurisdiction=[_jurisdiction(r) for r in documents.itertuples()])
    if "duplicate_of" in docs.columns:  # a near-duplicate document counts once
        docs = docs[docs["duplicate_of"].isna()]
    rows = []
    for j, grp in docs.groupby("jurisdiction", sort=True):
        ids = set(grp["doc_id"])
        p = panel[(panel["jurisdiction"] == j) & panel["doc_id"].isin(ids)]
        years = p["year"].dropna().astype(int).value_counts().sort_index()
        inst = instrument_shares[instrument_shares["doc_id"].isin(ids)] if len(instrument_shares) else None
        profile = ""
        if inst is not None and len(inst):
            n = inst.groupby("instrument")["n"].sum().sort_values(ascending=False)
            total = n.sum() or 1
            profile = "; ".join(f"{k} {v / total:.0%}" for k, v in n.items())
        dep = departments[departments["doc_id"].isin(ids)] if len(departments) else None
        leads = ""
        if dep is not None and len(dep):
            top = dep.groupby("department")["tasks_led"].sum().sort_values(ascending=False)
            leads = "; ".join(f"{k} ({int(v)})" for k, v in top.head(5).items() if v > 0)
        rows.append(
            {
                "jurisdiction": j,
                "level": ",".join(sorted({str(x) for x in grp["level"].dropna()})) or None,
                "division_code": next((c for c in grp["division_code"] if isinstance(c, str) and c), None),
                "n_documents": len(ids),
                "n_targets": len(p),
                "year_counts": "; ".join(f"{y}: {n}" for y, n in years.items()),
                "instrument_profile": profile,
                "lead_departments": leads,
            }
        )
    cols = ["jurisdiction", "level", "division_code", "n_documents", "n_targets", "year_counts",
            "instrument_profile", "lead_departments"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def _stata(frame: Any) -> Any:
    """A copy Stata accepts: text columns as str ('' for missing), names of at most 32 characters."""
    out = frame.copy()
    if out.empty:  # Stata cannot type an empty text column: an empty panel has numeric columns only
        out = out.astype("float64")
    import pandas as pd

    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = ["" if pd.isna(v) else str(v) for v in out[col].astype(object)]
    names, seen = {}, set()
    for i, col in enumerate(out.columns):
        name = str(col)[:32] or f"v{i}"
        while name in seen:
            name = f"{name[:28]}_{i}"
        seen.add(name)
        names[col] = name
    return out.rename(columns=names)


def write_panel(panel: Any, wide: Any, out_dir: str | Path) -> dict[str, Path]:
    """Write the panel (long and wide) as CSV, Parquet (through DuckDB) and Stata .dta, and its codebook."""
    import duckdb
    import pandas as pd

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, frame in (("panel", panel), ("panel_wide", wide)):
        csv_path = out / f"{name}.csv"
        safe_frame(frame).to_csv(csv_path, index=False, encoding="utf-8-sig")
        pq = out / f"{name}.parquet"
        con = duckdb.connect()
        try:
            con.register("frame", frame)
            con.execute(f"COPY frame TO '{str(pq).replace(chr(39), chr(39) * 2)}' (FORMAT parquet)")
        finally:
            con.close()
        dta = out / f"{name}.dta"
        _stata(frame).to_stata(dta, write_index=False, version=118)
        written.update({f"{name}.csv": csv_path, f"{name}.parquet": pq, f"{name}.dta": dta})
    book = pd.DataFrame(CODEBOOK, columns=["variable", "unit", "how_read"])
    wide_note = pd.DataFrame(
        [
            (
                "<jurisdiction> (panel_wide)",
                "base_unit",
                "base value of the latest document of the jurisdiction",
            )
        ],
        columns=book.columns,
    )
    path = out / "panel_codebook.csv"
    pd.concat([book, wide_note]).to_csv(path, index=False, encoding="utf-8-sig")
    written["panel_codebook.csv"] = path
    return written
