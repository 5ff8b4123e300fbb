"""Questions asked of the policy graph: what a document implements, who implements it, who does what."""

from __future__ import annotations

from typing import Any

import networkx as nx

from pipeline.models import LEVELS

_RANK = {lvl: i for i, lvl in enumerate(reversed(LEVELS))}  # county 0 ... national 3


def _node(graph: nx.MultiDiGraph, doc_id: str) -> str:
    node = doc_id if doc_id.startswith("doc:") else f"doc:{doc_id}"
    if node not in graph:
        raise KeyError(f"no document {doc_id!r} in the graph")
    return node


def _doc_id(graph: nx.MultiDiGraph, node: str) -> str:
    return graph.nodes[node].get("doc_id") or node.removeprefix("doc:")


def _implemented(graph: nx.MultiDiGraph, node: str) -> list[str]:
    return [v for _, v, key in graph.out_edges(node, keys=True) if key == "implements"]


def implementation_chain(graph: nx.MultiDiGraph, doc_id: str, *, same_level: bool = False) -> list[str]:
    """The document and every document it implements, directly or not, from local to national.

    Args:
        graph: from :func:`pipeline.link.graph.build_graph`.
        doc_id: a document id (``庆政发〔2021〕13号``) or node id (``doc:...``).
        same_level: also list implemented documents at the start's level or of unknown level (a
            municipal plan implemented by a municipal opinion); by default the chain only goes up.

    Returns:
        doc_ids ordered by level (county, municipal, provincial, national; unknown last), then by
        distance: for the Qingyang opinion ``[庆政发〔2021〕13号, 甘政发〔2020〕38号, 国发〔2019〕4号]``.
    """
    start = _node(graph, doc_id)
    dist = {start: 0}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for v in _implemented(graph, node):
                if v not in dist:
                    dist[v] = dist[node] + 1
                    nxt.append(v)
        frontier = nxt

    def order(node: str) -> tuple[int, int, int, str]:
        rank = _RANK.get(graph.nodes[node].get("level"), len(_RANK))
        return (node != start, rank, dist[node], node)

    start_rank = _RANK.get(graph.nodes[start].get("level"), -1)
    keep = [
        n for n in dist if n == start or same_level or _RANK.get(graph.nodes[n].get("level"), -1) > start_rank
    ]
    return [_doc_id(graph, n) for n in sorted(keep, key=order)]


def implementers(graph: nx.MultiDiGraph, doc_id: str, *, transitive: bool = False) -> list[str]:
    """doc_ids of the documents that implement ``doc_id`` (and, with ``transitive``, their implementers)."""
    start = _node(graph, doc_id)
    seen: dict[str, None] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for u, _, key in graph.in_edges(node, keys=True):
                if key == "implements" and u not in seen and u != start:
                    seen[u] = None
                    nxt.append(u)
        frontier = nxt if transitive else []
    return sorted(_doc_id(graph, n) for n in seen)


def department_task_load(graph: nx.MultiDiGraph) -> Any:
    """A pandas DataFrame: one row per department with its number of tasks as lead and as co-owner.

    Columns: ``department, lead, co, total, documents`` (distinct documents the tasks come from),
    sorted by ``total`` then ``lead``, descending.
    """
    import pandas as pd

    rows = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "department":
            continue
        lead = co = 0
        docs = set()
        for _, task, key in graph.out_edges(node, keys=True):
            if key not in ("lead", "responsible_for"):
                continue
            lead += key == "lead"
            co += key == "responsible_for"
            docs.add(graph.nodes[task].get("doc_id"))
        if lead or co:
            rows.append(
                {
                    "department": data.get("name"),
                    "lead": lead,
                    "co": co,
                    "total": lead + co,
                    "documents": len(docs),
                }
            )
    frame = pd.DataFrame(rows, columns=["department", "lead", "co", "total", "documents"])
    return frame.sort_values(
        ["total", "lead", "department"], ascending=[False, False, True], ignore_index=True
    )
