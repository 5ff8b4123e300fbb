"""A self-contained offline HTML view of the policy graph of any size: data, CSS and viewer script inline.

The layout is computed in the browser by ``graph_view.js`` (ours, shipped with the package): documents
first, on rings by level, then a force simulation whose repulsion only looks at nearby nodes, so
thousands of nodes stay interactive (``networkx.spring_layout`` needs scipy above 500 nodes and grows
with the square of their number). Nodes are coloured by kind, documents by level; other kinds are
shown by checkbox or around a clicked node; labels are drawn only where they overlap no other label.
Nothing is loaded from the network.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

import networkx as nx

KIND_COLOURS = {
    "department": "#6a994e",
    "task": "#bc6c25",
    "target": "#9d4edd",
    "indicator": "#e9c46a",
    "document": "#8d99ae",  # a document of unknown level
}
LEVEL_COLOURS = {
    "national": "#d62828",
    "provincial": "#f77f00",
    "municipal": "#1d70a2",
    "county": "#2a9d8f",
}
KINDS = ("document", "department", "task", "target", "indicator")

_CSS = """
body{font-family:sans-serif;margin:0;background:#fafafa;display:flex;flex-direction:column;height:100vh}
header{padding:6px 12px;background:#fff;border-bottom:1px solid #ddd;font-size:13px}
header label,#legend span{display:inline-block;margin-right:12px}
#legend i{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:4px}
main{flex:1;display:flex;min-height:0}
canvas{flex:1;min-width:0;cursor:grab}
#info{width:300px;overflow:auto;white-space:pre-wrap;font-size:12px;padding:8px;border-left:1px solid #ddd}
"""


def _script() -> str:
    """The viewer script, shipped next to this module."""
    return resources.files("pipeline.link").joinpath("graph_view.js").read_text(encoding="utf-8")


def node_colour(data: dict[str, Any]) -> str:
    """Fill colour: documents by level, other nodes by kind."""
    if data.get("kind") == "document" and data.get("level") in LEVEL_COLOURS:
        return LEVEL_COLOURS[data["level"]]
    return KIND_COLOURS.get(data.get("kind", ""), "#adb5bd")


def _label(node: str, data: dict[str, Any]) -> str:
    kind = data.get("kind")
    if kind == "document":
        return str(data.get("doc_number") or data.get("title") or node)[:24]
    if kind in ("department", "indicator"):
        return str(data.get("name") or node)[:16]
    return ""


def _tooltip(node: str, data: dict[str, Any]) -> str:
    lines = [node]
    for k, v in data.items():
        if v not in (None, "", [], ()):
            v = "|".join(map(str, v)) if isinstance(v, list | tuple) else v
            lines.append(f"{k}: {str(v)[:120]}")
    return "\n".join(lines)


def graph_data(graph: nx.MultiDiGraph) -> dict[str, list[list[Any]]]:
    """Nodes as ``[id, kind, label, colour, tooltip, level]`` and edges as ``[source, target, relation]``
    (indices into the nodes), the compact form the viewer reads."""
    index = {n: i for i, n in enumerate(graph.nodes)}
    nodes = [
        [n, data.get("kind", ""), _label(n, data), node_colour(data), _tooltip(n, data), data.get("level")]
        for n, data in graph.nodes(data=True)
    ]
    edges = [[index[u], index[v], str(key)] for u, v, key in graph.edges(keys=True)]
    return {"nodes": nodes, "edges": edges}


def render_html(graph: nx.MultiDiGraph, *, title: str = "Policy graph") -> str:
    """The graph as one offline HTML page: the data as JSON, a canvas and the viewer script inline.

    The browser computes the layout (a grid-based force simulation), so any size renders; documents
    are shown first, the other kinds by checkbox or around a clicked node.
    """
    esc = html.escape
    # "</" or "<!--" would end or confuse the <script> element; "\u003c" is "<" to JSON.
    payload = json.dumps(graph_data(graph), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    kinds = "".join(
        f'<label><input type="checkbox" value="{k}"{" checked" if k == "document" else ""}> {k}s</label>'
        for k in KINDS
    )
    legend = [
        f'<span><i style="background:{c}"></i>document: {esc(k)}</span>' for k, c in LEVEL_COLOURS.items()
    ]
    legend += [f'<span><i style="background:{c}"></i>{esc(k)}</span>' for k, c in KIND_COLOURS.items()]
    counts = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><b>{esc(title)}</b> — {counts} (<span id=status></span>). Show: "
        f'<span id="kinds">{kinds}</span> <input id="search" placeholder="find a node (Enter)"> '
        '<button id="reset">reset</button> Wheel: zoom, drag: pan, click: details and neighbours; '
        f'red edges: implements.<div id="legend">{"".join(legend)}</div></header>'
        '<main><canvas id="view"></canvas><div id="info"></div></main>'
        "<noscript>This view needs JavaScript; graph.graphml, graph.gexf and graph.json hold the same graph.</noscript>"
        f'<script type="application/json" id="graph-data">{payload}</script>'
        f"<script>{_script()}</script></body></html>\n"
    )
