"""Write the policy graph as GraphML, GEXF, node-link JSON and a self-contained offline HTML view.

GraphML and GEXF hold typed scalar attributes only, so a copy of the graph is flattened first: None
values are dropped, lists and tuples are joined with ``|``, other non-scalar values become JSON text.
The JSON export keeps lists and nulls (``networkx.node_link_data`` with ``edges="edges"``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.errors import OptionError

logger = logging.getLogger(__name__)

FORMATS = ("graphml", "gexf", "json", "html")
_SUFFIX = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "html": ".html"}


def _flat(value: Any) -> Any:
    """A scalar GraphML/GEXF can store, or None to drop the attribute."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return "|".join(str(v) for v in value if v is not None)
    return json.dumps(value, ensure_ascii=False, default=str)


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose attributes are all str, int, float or bool (no None)."""
    flat = nx.MultiDiGraph()
    flat.graph.update({k: v for k, v in ((k, _flat(v)) for k, v in graph.graph.items()) if v is not None})
    for n, data in graph.nodes(data=True):
        flat.add_node(n, **{k: v for k, v in ((k, _flat(v)) for k, v in data.items()) if v is not None})
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = {k: x for k, x in ((k, _flat(x)) for k, x in data.items()) if x is not None}
        flat.add_edge(u, v, key=key, **attrs)
    return flat


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | set):
        return list(value)
    return value


def to_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Node-link data of the graph (``nodes``, ``edges``), lists kept as JSON lists."""
    data = nx.node_link_data(graph, edges="edges")
    for item in (*data["nodes"], *data["edges"]):
        for k, v in item.items():
            item[k] = _jsonable(v)
    return data


def write_graph(
    graph: nx.MultiDiGraph,
    out_dir: str | Path,
    formats: Iterable[str] = FORMATS,
    *,
    stem: str = "graph",
) -> dict[str, Path]:
    """Write ``graph`` to ``out_dir/<stem>.<format>`` for each format.

    Args:
        graph: from :func:`pipeline.link.graph.build_graph`.
        out_dir: created if missing.
        formats: any of ``graphml``, ``gexf``, ``json``, ``html``.
        stem: file name without suffix.

    Returns:
        ``{format: path}`` of the files written.

    Raises:
        OptionError: an unknown format.
    """
    formats = tuple(formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise OptionError("graph format", fmt, FORMATS)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    flat = flatten(graph) if {"graphml", "gexf"} & set(formats) else None
    for fmt in formats:
        path = out / f"{stem}{_SUFFIX[fmt]}"
        if fmt == "graphml":
            nx.write_graphml(flat, path, encoding="utf-8")
        elif fmt == "gexf":
            nx.write_gexf(flat, path, encoding="utf-8")
        elif fmt == "json":
            path.write_text(json.dumps(to_json(graph), ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            from pipeline.link.graph_html import render_html

            path.write_text(render_html(graph), encoding="utf-8")
        written[fmt] = path
        logger.debug("wrote %s", path)
    return written
