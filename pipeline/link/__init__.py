"""Linking documents: the registry of known documents, citation resolution, the policy graph.

``load_registry`` / ``Registry`` (registry.py), ``resolve_citations`` (resolve.py), ``build_graph``
(graph.py), ``write_graph`` (graph_export.py) and the queries of queries.py. Names are imported lazily
so that the extraction stages do not pay for networkx.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Registry": "pipeline.link.registry",
    "RegistryEntry": "pipeline.link.registry",
    "RegistryError": "pipeline.link.registry",
    "load_registry": "pipeline.link.registry",
    "resolve_citations": "pipeline.link.resolve",
    "build_graph": "pipeline.link.graph",
    "write_graph": "pipeline.link.graph_export",
    "render_html": "pipeline.link.graph_html",
    "implementation_chain": "pipeline.link.queries",
    "implementers": "pipeline.link.queries",
    "department_task_load": "pipeline.link.queries",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'pipeline.link' has no attribute {name!r}")
