"""An offline HTML report over a set of records: documents, highlighted texts, tasks, comparison, graph.

::

    import pipeline
    index = pipeline.report(records, "out/report")      # -> Path of out/report/index.html
    index = pipeline.report(records, "out/report", comparison=cmp)   # reuse a Comparison

The folder holds ``index.html`` (documents list, charts, task list, indicators, cascades, departments,
instruments, text reuse, graph), ``doc-NNN.html`` per document (full text with its records
highlighted) and ``graph.html`` (the graph viewer of :mod:`pipeline.link.graph_html`). Every page
inlines its CSS and script; nothing is fetched from the network. :mod:`.highlight` renders texts,
:mod:`.tables` and :mod:`.charts` the pieces, :mod:`.pages` the pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.compare import compare
from pipeline.errors import PipelineError
from pipeline.export.tasks_table import task_rows
from pipeline.models import PolicyRecord

__all__ = ["build_report"]


def build_report(
    records: Iterable[PolicyRecord],
    out_dir: str | Path,
    *,
    comparison: Any = None,
    title: str = "Policy report",
    reuse: bool = True,
    parents: Mapping[str, Sequence[str]] | None = None,
    use_proposed: bool = False,
) -> Path:
    """Write the report of ``records`` into ``out_dir``; returns the path of ``index.html``.

    Args:
        records: extracted records (their ``text`` is shown; a record without text gets no body).
        out_dir: the folder to write (created if needed; existing report files are overwritten).
        comparison: a :class:`pipeline.Comparison` of the same records (computed when None).
        title: the report's title.
        reuse: compute text reuse when the comparison is computed here.
        parents: child doc_id -> doc_ids it implements, for the cascades of a comparison computed
            here (default: the graph's ``implements`` edges, as :func:`pipeline.compare`).
        use_proposed: also use the restatements found by text reuse for those cascades.
    """
    # start-up: networkx (graph, graph_html) and the page templates load with the first report,
    # not with `import pipeline`
    from pipeline.link.graph import build_graph
    from pipeline.link.graph_html import render_html
    from pipeline.report import pages

    records = list(records)
    ids = [r.document.doc_id for r in records]
    if len(set(ids)) < len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise PipelineError(f"two records have doc_id {dup!r}: each document's page is named by its id")
    cmp = (
        comparison
        if comparison is not None
        else compare(records, reuse=reuse, parents=parents, use_proposed=use_proposed)
    )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("doc-*.html"):  # pages of an earlier report into the same folder
        stale.unlink()
    files = {r.document.doc_id: f"doc-{k:03d}.html" for k, r in enumerate(records, 1)}

    def link(doc_id: str) -> str | None:
        return files.get(doc_id)

    for r in records:
        related = pages.related_section(r.document.doc_id, cmp, link)
        page = pages.document_page(r, title, related)
        (out / files[r.document.doc_id]).write_text(page, encoding="utf-8")
    graph = build_graph(records)
    (out / "graph.html").write_text(render_html(graph, title=f"{title}: graph"), encoding="utf-8")
    index = out / "index.html"
    index.write_text(pages.index_page(title, records, cmp, task_rows(records), link), encoding="utf-8")
    return index
