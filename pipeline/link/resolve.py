"""Resolve citations across a batch: to a document of the same batch first, then to the registry.

The citation stage resolves each document alone (against the registry passed to ``extract``, if any). Here, with all
records of a batch at hand, a citation's ``resolved_id`` becomes the ``doc_id`` of the batch document
with the same normalised 文号, else the same normalised title (whitespace, quotes and bracket variants
ignored), else the registry entry found the same way (mapped back to a batch document when that entry
is one). Level and region missing on the citation are filled from what it resolved to.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable

from pipeline.link.registry import Registry, RegistryEntry, load_registry, normalise_number, normalise_title
from pipeline.models import Citation, PolicyRecord

logger = logging.getLogger(__name__)


def region_str(region: object) -> str | None:
    """A :class:`~pipeline.models.Region` (or a string) as one string such as 甘肃省庆阳市."""
    if region is None or isinstance(region, str):
        return region or None
    parts = (getattr(region, k, None) for k in ("province", "city", "county"))
    return "".join(p for p in parts if p) or None


class BatchIndex:
    """The documents of a batch by normalised 文号 and title, plus the registry behind them."""

    def __init__(self, records: Iterable[PolicyRecord], registry: Registry) -> None:
        self.registry = registry
        self.records: dict[str, PolicyRecord] = {}
        self.by_number: dict[str, str] = {}
        self.by_title: dict[str, str] = {}
        for rec in records:
            meta = rec.document
            self.records[meta.doc_id] = rec
            number = normalise_number(meta.doc_number)
            if number:
                self.by_number.setdefault(number, meta.doc_id)
            title = normalise_title(meta.title)
            if title:
                self.by_title.setdefault(title, meta.doc_id)

    def batch_id(self, doc_number: str | None, title: str | None) -> str | None:
        """The doc_id of the batch document with this 文号, else this title."""
        number = normalise_number(doc_number)
        if number and number in self.by_number:
            return self.by_number[number]
        key = normalise_title(title)
        return self.by_title.get(key) if key else None

    def entry_batch_id(self, entry: RegistryEntry) -> str | None:
        """The batch document a registry entry describes, if any."""
        if entry.doc_id in self.records:
            return entry.doc_id
        for name in (entry.title, *entry.aliases):
            hit = self.batch_id(entry.doc_number, name)
            if hit:
                return hit
        return None

    def entry_for_record(self, rec: PolicyRecord) -> RegistryEntry | None:
        meta = rec.document
        return self.registry.get(meta.doc_id) or self.registry.lookup(
            doc_number=meta.doc_number, title=meta.title
        )

    def resolve(self, citation: Citation) -> tuple[str | None, PolicyRecord | RegistryEntry | None]:
        """``(resolved_id, what it is)`` for one citation; ``(None, None)`` when unknown."""
        hit = self.batch_id(citation.doc_number, citation.title)
        if hit:
            return hit, self.records[hit]
        entry = None
        if citation.doc_number or citation.title:
            entry = self.registry.lookup(doc_number=citation.doc_number, title=citation.title)
        if entry is None and citation.resolved_id:
            entry = self.registry.get(citation.resolved_id)
        if entry is None:
            return None, None
        hit = self.entry_batch_id(entry)
        return (hit, self.records[hit]) if hit else (entry.doc_id, entry)


def _filled(citation: Citation, resolved_id: str | None, target: object) -> Citation:
    changes: dict[str, object] = {"resolved_id": resolved_id}
    if target is not None and citation.level is None:
        meta = getattr(target, "document", target)
        level = getattr(meta, "level", None)
        if level:
            changes["level"] = level
            changes["region"] = citation.region or region_str(getattr(meta, "region", None))
    return dataclasses.replace(citation, **changes)


def resolve_citation(index: BatchIndex, citation: Citation, doc_id: str) -> Citation:
    """One citation of document ``doc_id`` resolved against ``index`` (``self`` ones to ``doc_id``)."""
    if citation.relation == "self":
        return dataclasses.replace(citation, resolved_id=doc_id)
    resolved_id, target = index.resolve(citation)
    return _filled(citation, resolved_id, target)


def resolve_citations(
    records: Iterable[PolicyRecord], registry: Registry | None = None
) -> list[PolicyRecord]:
    """Records with every citation's ``resolved_id`` set against the batch, then the registry.

    Args:
        records: the batch (records are frozen; new ones are returned).
        registry: known documents; None for no registry.

    Returns:
        The records in the same order. ``self`` citations resolve to their own document.
    """
    records = list(records)
    index = BatchIndex(records, registry if registry is not None else load_registry())
    out = []
    for rec in records:
        new = tuple(resolve_citation(index, c, rec.document.doc_id) for c in rec.citations)
        out.append(dataclasses.replace(rec, citations=new))
    logger.debug("resolved citations of %d records", len(out))
    return out
