"""The :class:`Comparison` of a set of records and the :func:`compare` verb that builds it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.models import PolicyRecord
from pipeline.structure.divisions import region_code

# file stem -> field of Comparison, in the order they are written
TABLES = (
    "documents",
    "indicators",
    "indicators_wide",
    "cascade",
    "links",
    "panel",
    "jurisdictions",
    "departments",
    "instruments",
    "instrument_shares",
    "reuse_pairs",
    "reuse_summary",
    "terms",
)

DOCUMENT_COLUMNS = ["doc_id", "source", "title", "level", "region", "division_code", "date"]


@dataclass(frozen=True)
class Comparison:
    """The comparison tables, one ``pandas.DataFrame`` each (columns: README "Compare")."""

    documents: Any
    indicators: Any
    indicators_wide: Any
    cascade: Any
    links: Any
    panel: Any
    jurisdictions: Any
    departments: Any
    instruments: Any
    instrument_shares: Any
    reuse_pairs: Any
    reuse_summary: Any
    terms: Any

    def tables(self) -> dict[str, Any]:
        """``{name: DataFrame}`` in :data:`TABLES` order."""
        return {name: getattr(self, name) for name in TABLES}

    def write_csv(self, out_dir: str | Path) -> dict[str, Path]:
        """Write every table as ``out_dir/NAME.csv`` (UTF-8 with BOM, formula-safe); returns the paths."""
        # cycle: compare.output imports this module (and `import pipeline` does not load it)
        from pipeline.compare.output import write_tables

        return write_tables(self.tables(), Path(out_dir))

    def write_duckdb(self, db: str | Path) -> list[str]:
        """Write every table into the DuckDB file ``db`` (a batch store) as ``compare_NAME``, replacing
        an earlier comparison; returns the table names."""
        # cycle: compare.output imports this module (and `import pipeline` does not load it)
        from pipeline.compare.output import write_duckdb

        return write_duckdb(self.tables(), Path(db))

    def write_panel(self, out_dir: str | Path) -> dict[str, Path]:
        """Write the panel (long and wide) as CSV, Parquet and Stata .dta with its codebook."""
        # cycle: compare.panel imports compare.output, which imports this module (start-up too)
        from pipeline.compare.panel import wide_panel, write_panel

        return write_panel(self.panel, wide_panel(self.panel), out_dir)

    def summary(self) -> str:
        """A short text summary for the terminal."""
        # cycle: compare.output imports this module (and `import pipeline` does not load it)
        from pipeline.compare.output import format_summary

        return format_summary(self)


def _region(record: PolicyRecord) -> str | None:
    r = record.document.region
    parts = [p for p in (r.province, r.city, r.county) if p]
    return "".join(dict.fromkeys(parts)) or None


def documents_table(records: Sequence[PolicyRecord]) -> Any:
    """``documents``: one row per record compared."""
    import pandas as pd

    rows = [
        {
            "doc_id": r.document.doc_id,
            "source": r.document.source,
            "title": r.document.title,
            "level": r.document.level,
            "region": _region(r),
            "division_code": r.document.region_code or region_code(r.document.region),
            "date": r.document.date,
        }
        for r in records
    ]
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)


DUPLICATE_SHARE = 0.9  # both texts at least this much inside aligned passages: near-duplicates


def mark_duplicates(documents: Any, summary: Any, share: float = DUPLICATE_SHARE) -> Any:
    """``documents`` with ``duplicate_of`` (the first document, in input order, of which this one is a
    near-duplicate: both reuse shares >= ``share``) and ``self_repeat`` (the share of the text that
    repeats inside the document itself: a text holding its own text twice). Near-duplicates are left out
    of the jurisdiction summaries (:mod:`pipeline.compare.panel`)."""
    order = {d: i for i, d in enumerate(documents["doc_id"])}
    first: dict[str, str] = {}
    repeat: dict[str, float] = {}
    for row in summary.itertuples():
        if row.doc_a == row.doc_b:
            repeat[row.doc_a] = round(float(max(row.share_a, row.share_b)), 3)
        elif min(row.share_a, row.share_b) >= share and row.doc_a in order and row.doc_b in order:
            early, late = sorted((row.doc_a, row.doc_b), key=order.__getitem__)
            root = first.get(early, early)
            if late not in first or order[root] < order[first[late]]:
                first[late] = root
    out = documents.copy()
    out["duplicate_of"] = [first.get(d) for d in out["doc_id"]]
    out["self_repeat"] = [repeat.get(d, 0.0) for d in out["doc_id"]]
    return out


def implements_pairs(records: Sequence[PolicyRecord]) -> dict[str, list[str]]:
    """child doc_id -> doc_ids it implements among ``records``, from the graph's ``implements`` edges."""
    # networkx: loaded only when the graph gives the parents, not by `import pipeline`
    from pipeline.link.graph import build_graph

    ids = {r.document.doc_id for r in records}
    graph = build_graph(records)
    out: dict[str, list[str]] = {}
    for u, v, key in graph.edges(keys=True):
        if key != "implements":
            continue
        a = graph.nodes[u].get("doc_id") or u.removeprefix("doc:")
        b = graph.nodes[v].get("doc_id") or v.removeprefix("doc:")
        if a in ids and b in ids and a != b and b not in out.get(a, []):
            out.setdefault(a, []).append(b)
    return out


def compare(
    records: Iterable[PolicyRecord],
    *,
    parents: Mapping[str, Sequence[str]] | None = None,
    reuse: bool = True,
    top_terms: int = 30,
    use_proposed: bool = False,
    links_source: str | None = None,
    include_duplicates: bool = False,
) -> Comparison:
    """Compare ``records`` side by side.

    Args:
        records: extracted records (their ``text`` is needed for reuse and terms).
        parents: child doc_id -> doc_ids it implements, for cascades; by default the ``implements``
            edges of :func:`pipeline.build_graph` between the records.
        reuse: compute text reuse (the slowest table); when False its tables are empty.
        top_terms: terms kept per document.
        use_proposed: also use the links proposed by text reuse (restatements) for cascades.
        links_source: what ``parents`` came from, for the ``links`` table (``file``, ``parent``);
            default ``given`` (``implements`` when ``parents`` is None).
        include_duplicates: count near-duplicate documents and the repeated passages of a document in
            the instrument shares (left out by default, :func:`pipeline.compare.instruments.counted`).

    Returns:
        A :class:`Comparison`.
    """
    # start-up: the table modules (numpy through reuse) load with the first comparison,
    # not with `import pipeline`
    from pipeline.compare import cascade, departments, indicators, instruments, links, panel, terms
    from pipeline.compare import reuse as reuse_mod

    records = list(records)
    ids = [r.document.doc_id for r in records]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ValueError(f"compare: doc_id {dup!r} occurs more than once; make ids unique first")
    source = links_source or ("implements" if parents is None else "given")
    if parents is None:
        parents = implements_pairs(records) if len(records) > 1 else {}
    ind = indicators.indicators_table(records)
    inst = instruments.instruments_table(records)
    if reuse:
        pairs, summary = reuse_mod.reuse_tables(records)
    else:
        pairs, summary = reuse_mod.empty_tables()
    proposed = links.proposed_links(summary, records)
    used = {c: list(ps) for c, ps in parents.items()}
    if use_proposed:
        for child, found in proposed.items():
            used.setdefault(child, []).extend(p for p, _s in found if p not in used.get(child, []))
    docs = mark_duplicates(documents_table(records), summary)
    deps = departments.departments_table(records)
    keep = None if include_duplicates else instruments.counted(inst, docs, pairs)
    shares = instruments.shares_table(inst, keep)
    long = panel.panel_table(docs, ind)
    return Comparison(
        documents=docs,
        indicators=ind,
        indicators_wide=indicators.wide_table(ind, ids),
        cascade=cascade.cascade_table(ind, used),
        links=links.links_table(parents, proposed, source),
        panel=long,
        jurisdictions=panel.jurisdictions_table(docs, long, shares, deps),
        departments=deps,
        instruments=inst,
        instrument_shares=shares,
        reuse_pairs=pairs,
        reuse_summary=summary,
        terms=terms.terms_table(records, top=top_terms),
    )


def replace_ids(records: Sequence[PolicyRecord], new_ids: Mapping[str, str]) -> list[PolicyRecord]:
    """The records with their doc_ids renamed by ``new_ids`` (others unchanged)."""
    out = []
    for r in records:
        new = new_ids.get(r.document.doc_id)
        if new:
            r = dataclasses.replace(r, document=dataclasses.replace(r.document, doc_id=new))
        out.append(r)
    return out
