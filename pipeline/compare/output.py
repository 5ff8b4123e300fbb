"""Writing the comparison tables (CSV, UTF-8 with BOM, formula-safe) and the terminal summary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.compare.core import TABLES, Comparison
from pipeline.compare.instruments import CLASSES
from pipeline.errors import PipelineError
from pipeline.export.batch_outputs import neutralise
from pipeline.store.connect import connect


def safe_frame(frame: Any) -> Any:
    """A copy of ``frame`` whose text cells are neutralised (numbers are left alone)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(neutralise)
    return out


def write_tables(tables: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    """Write each ``{name: DataFrame}`` to ``out_dir/name.csv``; returns the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in tables.items():
        path = out_dir / f"{name}.csv"
        safe_frame(frame).to_csv(path, index=False, encoding="utf-8-sig")
        written[name] = path
    return written


def format_summary(cmp: Comparison) -> str:
    """A few lines for the terminal: counts per table and the strongest reuse pairs."""
    lines = [
        f"documents: {len(cmp.documents)}  targets: {len(cmp.indicators)}  "
        f"canonical indicators: {len(cmp.indicators_wide)}  cascade pairs: {len(cmp.cascade)}",
        f"departments: {cmp.departments['department'].nunique() if len(cmp.departments) else 0}  "
        f"obligations classed: {int(cmp.instruments['instrument'].isin(CLASSES).sum()) if len(cmp.instruments) else 0}"
        f"/{len(cmp.instruments)}  reuse passages: {len(cmp.reuse_pairs)}",
    ]
    if len(cmp.instrument_shares):
        lines.append("instrument profile (share of classed obligations):")
        classes = cmp.instrument_shares[cmp.instrument_shares["subtype"].isna()]
        for doc_id, grp in classes.groupby("doc_id", sort=False):
            parts = "  ".join(f"{r.instrument}={r.share:.0%}" for r in grp.itertuples())
            lines.append(f"  {doc_id}: {parts}")
    if len(cmp.reuse_summary):
        lines.append("text reuse (share of each document inside aligned passages):")
        top = cmp.reuse_summary.sort_values("share_a", ascending=False).head(10)
        for r in top.itertuples():
            lines.append(
                f"  {r.doc_a} ~ {r.doc_b}: {r.share_a:.0%} / {r.share_b:.0%} in {r.n_passages} passages"
            )
    if len(cmp.cascade):
        counts = cmp.cascade["value_change"].value_counts().to_dict()
        lines.append("cascade: " + "  ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        dirs = cmp.cascade["direction"].value_counts().to_dict()
        lines.append("direction: " + "  ".join(f"{k}={v}" for k, v in sorted(dirs.items())))
    return "\n".join(lines)


STORE_PREFIX = "compare_"  # the comparison tables in a store are compare_<name>


def _sql_frame(frame: Any) -> Any:
    """``frame`` with its year columns as nullable integers (pandas keeps them as floats beside NaN)."""
    years = [c for c in frame.columns if str(c) == "year" or str(c).endswith(("_year", ":year"))]
    return frame.astype({c: "Int64" for c in years}) if years else frame


def write_duckdb(tables: dict[str, Any], db: Path) -> list[str]:
    """Write each ``{name: DataFrame}`` as table ``compare_<name>`` of the DuckDB file ``db``, replacing
    the tables of an earlier comparison in one transaction; returns the table names."""
    import duckdb

    names = []
    try:
        con = connect(db)
    except (ValueError, duckdb.Error) as exc:  # locked by a running batch, or not a DuckDB file
        raise PipelineError(f"{db}: cannot open the store ({' '.join(str(exc).split())[:300]})") from None
    try:
        con.execute("BEGIN TRANSACTION")
        for name, frame in tables.items():
            table = f"{STORE_PREFIX}{name}"
            con.register("frame", _sql_frame(frame))
            con.execute(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM frame')
            con.unregister("frame")
            names.append(table)
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise PipelineError(
            f"{db}: cannot write the comparison ({' '.join(str(exc).split())[:300]})"
        ) from None
    finally:
        con.close()
    return names


def read_duckdb(db: Path, doc_ids: Sequence[str]) -> Comparison | None:
    """The :class:`Comparison` stored in ``db`` by :func:`write_duckdb`, or None when a table is missing
    (an earlier version's comparison) or its documents are not exactly ``doc_ids`` (a stale comparison)."""
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return None
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not all(f"{STORE_PREFIX}{name}" in present for name in TABLES):
            return None
        frames = {name: con.execute(f'SELECT * FROM "{STORE_PREFIX}{name}"').df() for name in TABLES}
    except duckdb.Error:
        return None
    finally:
        con.close()
    if list(frames["documents"]["doc_id"]) != list(doc_ids):
        return None
    for frame in frames.values():  # nullable integers back to floats with NaN, as the tables are built
        for col in frame.columns:
            if str(frame[col].dtype) in ("Int64", "Int32"):
                frame[col] = frame[col].astype("float64")
    return Comparison(**frames)
