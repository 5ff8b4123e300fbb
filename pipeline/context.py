"""The working state of one document while the stages run (structure -> extract -> assemble).

Stages read what earlier stages put here and append their own records. The finished, immutable
:class:`~pipeline.models.PolicyRecord` is built from it by :meth:`DocContext.to_record`.
:func:`new_context` starts one; :func:`make_doc_id` gives the finished record its id.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import OptionError
from pipeline.ids import bounded_id
from pipeline.models import (
    Citation,
    Clause,
    Deadline,
    DepartmentMention,
    DocumentMeta,
    Obligation,
    PolicyRecord,
    Sentence,
    TableRow,
    Target,
    Task,
)

META_KEYS = ("id", "title", "date", "issuer", "doc_number", "level", "region", "recipients", "publicity")


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class StageMemo:
    """Lookups memoised on a context, each stored with the key that invalidates it (see their users)."""

    clause_index: tuple[Any, ...] | None = None  # DocContext.clause_at / clause / ancestors
    deadline_index: dict[str, Any] | None = None  # extractors.deadlines._index
    deadline_children: tuple[Any, ...] | None = None  # extractors.deadlines._children
    deadline_starts: list[int] | None = None  # extractors.indicators._deadline_starts


@dataclass
class DocContext:
    """Mutable per-document state shared by the stages. ``text`` is never modified."""

    text: str
    meta: DocumentMeta
    clauses: list[Clause] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    table_rows: list[TableRow] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    departments: list[DepartmentMention] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    # metadata supplied by the caller (``META_KEYS``, empty values dropped); it wins over detection
    meta_overrides: dict[str, Any] = field(default_factory=dict)
    # set by the header step: name (title, doc_number, recipients, signature, date, publicity) -> span
    header_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    header_body_start: int = 0  # offset where the body begins after the header lines
    _sentence_starts: list[int] = field(default_factory=list, repr=False)
    memo: StageMemo = field(default_factory=StageMemo, repr=False)
    # configuration of the citation stage: known documents (a link.registry.Registry) or None
    registry: Any = field(default=None, repr=False)

    # ---- lookups -------------------------------------------------------------------------------
    def index(self) -> None:
        """(Re)build the offset indexes after ``sentences`` changed."""
        self.sentences.sort(key=lambda s: s.start)
        self._sentence_starts = [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset``, if any."""
        if not self._sentence_starts and self.sentences:
            self.index()
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def clause_at(self, offset: int) -> Clause | None:
        """The innermost clause containing character ``offset``, if any (O(log n + depth))."""
        order, starts, by_id = self._clause_lookup()
        i = bisect.bisect_right(starts, offset) - 1
        clause = order[i] if i >= 0 else None
        # The clause starting last at or before ``offset`` is either the innermost one containing it
        # or a descendant of it that ended earlier: walk up the parents.
        while clause is not None and not (clause.start <= offset < clause.end):
            clause = by_id.get(clause.parent_id) if clause.parent_id else None
        return clause

    def _clause_lookup(self) -> tuple[list[Clause], list[int], dict[str, Clause]]:
        cached = self.memo.clause_index
        key = (id(self.clauses), len(self.clauses))  # a replaced or grown list invalidates the index
        if cached is None or cached[0] != key:
            order = sorted(self.clauses, key=lambda c: (c.start, -c.end))
            cached = (key, order, [c.start for c in order], {c.clause_id: c for c in self.clauses})
            self.memo.clause_index = cached
        return cached[1], cached[2], cached[3]

    def clause(self, clause_id: str | None) -> Clause | None:
        return self._clause_lookup()[2].get(clause_id) if clause_id is not None else None

    def ancestors(self, clause_id: str | None) -> list[Clause]:
        """The clause itself, then its parent, up to the root."""
        by_id = self._clause_lookup()[2]
        out = []
        while clause_id is not None and clause_id in by_id:
            clause = by_id[clause_id]
            out.append(clause)
            clause_id = clause.parent_id
        return out

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    # ---- result --------------------------------------------------------------------------------
    def to_record(self, doc: Any = None) -> PolicyRecord:
        return PolicyRecord(
            document=self.meta,
            text=self.text,
            clauses=tuple(self.clauses),
            sentences=tuple(self.sentences),
            table_rows=tuple(self.table_rows),
            obligations=tuple(self.obligations),
            targets=tuple(self.targets),
            deadlines=tuple(self.deadlines),
            departments=tuple(self.departments),
            tasks=tuple(self.tasks),
            citations=tuple(self.citations),
            _doc=doc,
        )


def new_context(
    text: str,
    *,
    source: str | None = None,
    meta: Mapping[str, Any] | None = None,
    warnings: Sequence[str] = (),
    registry: Any = None,
    pages: Sequence[tuple[int, int]] = (),
) -> DocContext:
    """A fresh :class:`DocContext` for ``text``; ``meta`` overrides what the header parser finds.

    ``warnings`` (what ingestion repaired) are kept in ``document.warnings``, the page map in
    ``document.pages``; ``registry`` (a loaded :class:`~pipeline.link.registry.Registry` or None) is what
    the citation stage resolves against.
    """
    unknown = set(meta or {}) - set(META_KEYS)
    if unknown:
        raise OptionError("metadata key", sorted(unknown)[0], META_KEYS)
    sha = sha256_of(text)
    return DocContext(
        text=text,
        meta=DocumentMeta(
            doc_id="",
            source=source,
            sha256=sha,
            n_chars=len(text),
            warnings=tuple(warnings),
            pages=tuple((int(s), int(e)) for s, e in pages),
        ),
        meta_overrides={k: v for k, v in (meta or {}).items() if v not in (None, "")},
        registry=registry,
    )


def make_doc_id(meta: DocumentMeta, overrides: Mapping[str, Any]) -> str:
    """A stable id: the supplied ``id``, else the normalised 文号, else the file stem, else the hash;
    bounded by :func:`pipeline.ids.bounded_id`."""
    return bounded_id(_raw_doc_id(meta, overrides))


def _raw_doc_id(meta: DocumentMeta, overrides: Mapping[str, Any]) -> str:
    if overrides.get("id") not in (None, ""):
        return str(overrides["id"])
    if meta.doc_number:
        return meta.doc_number
    if meta.source:
        stem = Path(meta.source.split("#", 1)[0]).stem
        suffix = meta.source.split("#", 1)[1] if "#" in meta.source else ""
        return re.sub(r"\s+", "_", stem + (f"#{suffix}" if suffix else ""))
    return meta.sha256[:12]
