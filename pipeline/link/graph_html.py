"""A self-contained offline HTML view of the policy graph: inline SVG, CSS and a few lines of JS.

Positions come from ``networkx.spring_layout`` with a fixed seed (same graph, same picture). Nodes are
coloured by kind, documents by level; hovering a node shows its attributes (SVG ``<title>``), clicking
it highlights its neighbours. Nothing is loaded from the network.
"""

from __future__ import annotations

import html
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
RADIUS = {"document": 9, "department": 6, "task": 4, "target": 4, "indicator": 5}
_SIZE, _PAD = 1000, 40

_CSS = """
body{font-family:sans-serif;margin:0;background:#fafafa}
header{padding:8px 14px;background:#fff;border-bottom:1px solid #ddd}
#legend span{display:inline-block;margin-right:12px;font-size:13px}
#legend i{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:4px}
svg{width:100%;height:calc(100vh - 70px)}
line{stroke:#999;stroke-opacity:.5}
line.implements{stroke:#d62828;stroke-width:2;stroke-opacity:.8}
circle{stroke:#fff;stroke-width:1;cursor:pointer}
text{font-size:10px;pointer-events:none;fill:#333}
.dim{opacity:.12}
"""

_JS = """
(function(){
  var svg=document.getElementById('g'), on=null;
  svg.addEventListener('click',function(ev){
    var id=ev.target.getAttribute&&ev.target.getAttribute('data-id');
    var all=svg.querySelectorAll('[data-id],line');
    if(!id||id===on){on=null;all.forEach(function(e){e.classList.remove('dim')});return;}
    on=id;var keep={};keep[id]=1;
    svg.querySelectorAll('line').forEach(function(l){
      var s=l.getAttribute('data-s'),t=l.getAttribute('data-t');
      if(s===id||t===id){keep[s]=1;keep[t]=1;l.classList.remove('dim')}else{l.classList.add('dim')}});
    svg.querySelectorAll('[data-id]').forEach(function(e){
      if(keep[e.getAttribute('data-id')]){e.classList.remove('dim')}else{e.classList.add('dim')}});
  });
})();
"""


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


def render_html(graph: nx.MultiDiGraph, *, title: str = "Policy graph", seed: int = 7) -> str:
    """The graph as one HTML page with an inline SVG drawing, a legend and no external reference."""
    pos = nx.spring_layout(nx.Graph(graph), seed=seed) if graph.number_of_nodes() else {}
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def xy(n: str) -> tuple[float, float]:
        x, y = pos[n]
        w = _SIZE - 2 * _PAD
        return _PAD + (x - min(xs)) / span_x * w, _PAD + (y - min(ys)) / span_y * w

    esc = html.escape
    parts = [f'<svg id="g" viewBox="0 0 {_SIZE} {_SIZE}">']
    for u, v, key in graph.edges(keys=True):
        (x1, y1), (x2, y2) = xy(u), xy(v)
        parts.append(
            f'<line class="{esc(str(key))}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'data-s="{esc(u)}" data-t="{esc(v)}"><title>{esc(u)} {esc(str(key))} {esc(v)}</title></line>'
        )
    for n, data in graph.nodes(data=True):
        x, y = xy(n)
        r = RADIUS.get(data.get("kind", ""), 4)
        parts.append(
            f'<circle data-id="{esc(n)}" cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{node_colour(data)}">'
            f"<title>{esc(_tooltip(n, data))}</title></circle>"
        )
        label = _label(n, data)
        if label:
            parts.append(f'<text x="{x + r + 2:.1f}" y="{y + 3:.1f}">{esc(label)}</text>')
    parts.append("</svg>")
    legend = [
        f'<span><i style="background:{c}"></i>document: {esc(k)}</span>' for k, c in LEVEL_COLOURS.items()
    ]
    legend += [f'<span><i style="background:{c}"></i>{esc(k)}</span>' for k, c in KIND_COLOURS.items()]
    counts = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><b>{esc(title)}</b> — {counts}. Hover a node for details, click to highlight neighbours; "
        f'red edges: implements.<div id="legend">{"".join(legend)}</div></header>'
        f"{''.join(parts)}<script>{_JS}</script></body></html>\n"
    )
