"""The policy graph: documents, departments, tasks, targets and indicators, and how they relate.

Nodes (attribute ``kind``) and their ids, stable across runs:

* ``doc:<doc_id>`` documents: ``title, doc_number, issuer, level, region, date, in_corpus, in_registry``.
  A cited document outside the batch and the registry is ``doc:<文号>`` or ``doc:<normalised title>``.
* ``dept:<canonical name>`` departments (issuers and task owners): ``name, level``.
* ``task:<doc_id>:<task_id>``: ``text, number, source, deadline_text, due_date``.
* ``target:<doc_id>:<target_id>``: ``indicator, value, value_max, unit, comparator, year, target_kind``.
* ``indicator:<name>``: ``name``.

Edges (attribute ``relation``, also the edge key, so a relation between two nodes appears once with a
``count``): ``cites``, ``implements`` (from citations, and from the registry's ``implements`` column),
``issued_by`` (document -> department), ``has_task``, ``lead`` / ``responsible_for`` (department -> task),
``has_target``, ``measures`` (target -> indicator), ``restates`` (a target of an implementing document
-> the target on the same indicator in the implemented document).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.link.registry import Registry, RegistryEntry, load_registry, normalise_title
from pipeline.link.resolve import BatchIndex, region_str, resolve_citations
from pipeline.models import Citation, PolicyRecord

logger = logging.getLogger(__name__)


def doc_node(doc_id: str) -> str:
    return f"doc:{doc_id}"


def _add_edge(g: nx.MultiDiGraph, u: str, v: str, relation: str, **attrs: Any) -> None:
    if g.has_edge(u, v, key=relation):
        g.edges[u, v, relation]["count"] += 1
        return
    g.add_edge(u, v, key=relation, relation=relation, count=1, **attrs)


def _add_dept(g: nx.MultiDiGraph, name: str, level: str | None = None) -> str:
    node = f"dept:{name}"
    if node not in g:
        g.add_node(node, kind="department", name=name, level=level)
    elif level and not g.nodes[node].get("level"):
        g.nodes[node]["level"] = level
    return node


def _citation_key(c: Citation) -> str:
    """Node id of a citation that resolved to nothing known: its 文号, else its normalised title."""
    return doc_node(c.doc_number or normalise_title(c.title) or c.text)


class _Builder:
    def __init__(self, records: list[PolicyRecord], registry: Registry) -> None:
        self.g = nx.MultiDiGraph()
        self.registry = registry
        self.index = BatchIndex(records, registry)
        self.records = records
        self.entry_nodes: dict[str, str] = {}  # registry doc_id -> node id

    def entry_node(self, entry: RegistryEntry) -> str:
        """The node of a registry entry (the batch document's node when it is one), added if new."""
        if entry.doc_id in self.entry_nodes:
            return self.entry_nodes[entry.doc_id]
        batch = self.index.entry_batch_id(entry)
        node = doc_node(batch or entry.doc_id)
        self.entry_nodes[entry.doc_id] = node
        if batch:
            self.g.nodes[node]["in_registry"] = True
        else:
            self.g.add_node(
                node,
                kind="document",
                doc_id=entry.doc_id,
                title=entry.title,
                doc_number=entry.doc_number,
                issuer=list(entry.issuer),
                level=entry.level,
                region=entry.region,
                date=entry.date,
                in_corpus=False,
                in_registry=True,
            )
        for name in entry.issuer:
            _add_edge(self.g, node, _add_dept(self.g, name), "issued_by")
        for ref in entry.implements:
            target = self.registry.resolve_ref(ref)
            if target is not None:
                _add_edge(self.g, node, self.entry_node(target), "implements", source="registry")
            else:
                _add_edge(self.g, node, self._unknown(ref, None), "implements", source="registry")
        return node

    def _unknown(self, doc_number: str | None, c: Citation | None) -> str:
        node = _citation_key(c) if c is not None else doc_node(doc_number or "")
        if node not in self.g:
            self.g.add_node(
                node,
                kind="document",
                doc_id=node.removeprefix("doc:"),
                title=c.title if c else None,
                doc_number=c.doc_number if c else doc_number,
                level=c.level if c else None,
                region=c.region if c else None,
                in_corpus=False,
                in_registry=False,
            )
        return node

    def add_record(self, rec: PolicyRecord) -> None:
        g, meta = self.g, rec.document
        node = doc_node(meta.doc_id)
        g.add_node(
            node,
            kind="document",
            doc_id=meta.doc_id,
            title=meta.title,
            doc_number=meta.doc_number,
            issuer=list(meta.issuer),
            level=meta.level,
            region=region_str(meta.region),
            date=meta.date,
            in_corpus=True,
            in_registry=False,
        )
        for name in meta.issuer:
            _add_edge(g, node, _add_dept(g, name, meta.level), "issued_by")

    def add_links(self, rec: PolicyRecord) -> None:
        g, doc_id = self.g, rec.document.doc_id
        node = doc_node(doc_id)
        entry = self.index.entry_for_record(rec)
        if entry is not None:
            self.entry_nodes.setdefault(entry.doc_id, node)
            self.entry_node(entry)
            g.nodes[node]["in_registry"] = True
        for c in rec.citations:
            if c.relation == "self":
                continue
            if c.resolved_id and doc_node(c.resolved_id) in g and c.resolved_id in self.index.records:
                target = doc_node(c.resolved_id)
            elif c.resolved_id and self.registry.get(c.resolved_id) is not None:
                target = self.entry_node(self.registry.get(c.resolved_id))
            else:
                target = self._unknown(None, c)
            if target != node:
                _add_edge(g, node, target, c.relation, evidence=c.text)
        levels = {d.canonical: d.level for d in rec.departments}
        canon = {d.name: d.canonical for d in rec.departments if d.canonical}  # 市教育局 -> 庆阳市教育局
        for task in rec.tasks:
            t_node = f"task:{doc_id}:{task.task_id}"
            g.add_node(
                t_node,
                kind="task",
                doc_id=doc_id,
                text=task.text,
                number=task.number,
                source=task.source,
                deadline_text=task.deadline_text,
                due_date=task.due_date,
            )
            _add_edge(g, node, t_node, "has_task")
            lead = canon.get(task.lead_department or "", task.lead_department)
            if lead:
                _add_edge(g, _add_dept(g, lead, levels.get(lead)), t_node, "lead")
            for name in task.departments:
                name = canon.get(name, name)
                if name != lead:
                    _add_edge(g, _add_dept(g, name, levels.get(name)), t_node, "responsible_for")
        for i, t in enumerate(rec.targets):
            tid = t.target_id or f"t{i + 1}"
            t_node = f"target:{doc_id}:{tid}"
            g.add_node(
                t_node,
                kind="target",
                doc_id=doc_id,
                text=t.text,
                indicator=t.indicator,
                value=t.value,
                value_max=t.value_max,
                unit=t.unit,
                comparator=t.comparator,
                year=t.year,
                target_kind=t.kind,
            )
            _add_edge(g, node, t_node, "has_target")
            if t.indicator:
                i_node = f"indicator:{t.indicator}"
                if i_node not in g:
                    g.add_node(i_node, kind="indicator", name=t.indicator)
                _add_edge(g, t_node, i_node, "measures")

    def add_restates(self) -> None:
        """Targets of an implementing document on the same indicator as the implemented one's."""
        g = self.g
        by_doc: dict[str, dict[str, list[str]]] = {}
        for n, data in g.nodes(data=True):
            if data.get("kind") == "target" and data.get("indicator"):
                by_doc.setdefault(doc_node(data["doc_id"]), {}).setdefault(data["indicator"], []).append(n)
        for u, v, rel in list(g.edges(keys=True)):
            if rel != "implements" or u not in by_doc or v not in by_doc:
                continue
            for indicator, targets in by_doc[u].items():
                for a in targets:
                    for b in by_doc[v].get(indicator, ()):
                        _add_edge(g, a, b, "restates")


def build_graph(
    records: Iterable[PolicyRecord], registry: Registry | str | Path | None = None
) -> nx.MultiDiGraph:
    """The policy graph of a batch of records.

    Args:
        records: extracted records (their citations are re-resolved against the batch and registry).
        registry: a :class:`Registry`, a registry CSV path, or None for no registry.

    Returns:
        A ``networkx.MultiDiGraph``; see the module docstring for node ids and relations.
    """
    if registry is None or isinstance(registry, str | Path):
        registry = load_registry(registry)
    records = resolve_citations(records, registry)
    builder = _Builder(records, registry)
    for rec in records:
        builder.add_record(rec)
    for rec in records:
        builder.add_links(rec)
    builder.add_restates()
    logger.debug("graph: %d nodes, %d edges", builder.g.number_of_nodes(), builder.g.number_of_edges())
    return builder.g
