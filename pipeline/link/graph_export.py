"""Write the policy graph as GraphML, GEXF, node-link JSON and a self-contained offline HTML view.

GraphML and GEXF hold typed scalar attributes only, so a copy of the graph is flattened first: None
values are dropped, lists and tuples are joined with ``|``, other non-scalar values become JSON text.
The JSON export keeps lists and nulls (``networkx.node_link_data`` with ``edges="edges"``).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.errors import OptionError
from pipeline.link.graph_html import render_html
from pipeline.text.pieces import XML_CONTROL_CHARS

logger = logging.getLogger(__name__)

FORMATS = ("graphml", "gexf", "json", "html")
_SUFFIX = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "html": ".html"}


# Characters XML 1.0 cannot hold: text/pieces XML_CONTROL_CHARS and lone surrogates.
_NOT_XML = re.compile(f"[{XML_CONTROL_CHARS}\ud800-\udfff]")


def _xml_safe(value: str) -> str:
    """``value`` with each character XML cannot hold replaced by a space (text from ``extract()`` is
    not cleaned at ingest: this keeps GraphML and GEXF writable whatever it holds)."""
    return _NOT_XML.sub(" ", value)


def _flat(value: Any) -> Any:
    """A scalar GraphML/GEXF can store, or None to drop the attribute."""
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return _xml_safe(value)
    if isinstance(value, list | tuple | set):
        return _xml_safe("|".join(str(v) for v in value if v is not None))
    return _xml_safe(json.dumps(value, ensure_ascii=False, default=str))


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose attributes are all str, int, float or bool (no None)."""
    flat = nx.MultiDiGraph()
    flat.graph.update({k: v for k, v in ((k, _flat(v)) for k, v in graph.graph.items()) if v is not None})
    for n, data in graph.nodes(data=True):
        flat.add_node(
            _flat(n), **{k: v for k, v in ((k, _flat(v)) for k, v in data.items()) if v is not None}
        )
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = {k: x for k, x in ((k, _flat(x)) for k, x in data.items()) if x is not None}
        flat.add_edge(_flat(u), _flat(v), key=_flat(key), **attrs)
    return flat


def flatten_in_place(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``graph`` itself with the attributes :func:`flatten` gives, for a graph nothing reads afterwards:
    no second copy of every node and edge is held while the file is written. A copy (:func:`flatten`)
    when a node id or an edge key would change (a character XML cannot hold)."""
    ids_kept = all(_flat(n) == n for n in graph) and all(
        _flat(key) == key for _, _, key in graph.edges(keys=True)
    )
    if not ids_kept:
        return flatten(graph)
    for data in (
        graph.graph,
        *(d for _, d in graph.nodes(data=True)),
        *(d for *_, d in graph.edges(data=True)),
    ):
        _flatten_dict(data)
    return graph


def _flatten_dict(data: dict[str, Any]) -> None:
    """The attributes of ``data`` flattened where they are, None values removed (the order kept)."""
    for k, v in list(data.items()):
        flat = _flat(v)
        if flat is None:
            del data[k]
        else:
            data[k] = flat


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
    in_place: bool = False,
) -> dict[str, Path]:
    """Write ``graph`` to ``out_dir/<stem>.<format>`` for each format.

    Args:
        graph: from :func:`pipeline.link.graph.build_graph`.
        out_dir: created if missing.
        formats: any of ``graphml``, ``gexf``, ``json``, ``html``.
        stem: file name without suffix.
        in_place: with only GraphML and GEXF among ``formats``, flatten ``graph`` itself rather than a
            copy (the caller does not read it again: a batch's export holds one graph, not two).

    Returns:
        ``{format: path}`` of the files written.

    Raises:
        OptionError: an unknown format.
    """
    formats = tuple(formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise OptionError("formats", fmt, FORMATS)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    from pipeline.export.batch_outputs import atomic_path  # the one atomic writer of output files

    written: dict[str, Path] = {}
    flat = None
    if {"graphml", "gexf"} & set(formats):
        in_place = in_place and set(formats) <= {"graphml", "gexf"}  # json and html read the graph as built
        flat = flatten_in_place(graph) if in_place else flatten(graph)
    for fmt in formats:
        path = out / f"{stem}{_SUFFIX[fmt]}"
        with atomic_path(path) as tmp:  # a failed write never truncates an existing file
            if fmt == "graphml":
                nx.write_graphml(flat, tmp, encoding="utf-8")
            elif fmt == "gexf":
                nx.write_gexf(flat, tmp, encoding="utf-8")
            elif fmt == "json":
                tmp.write_text(json.dumps(to_json(graph), ensure_ascii=False, indent=1), encoding="utf-8")
            else:
                tmp.write_text(render_html(graph), encoding="utf-8")
        written[fmt] = path
        logger.debug("wrote %s", path)
    return written
