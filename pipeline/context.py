"""The working state of one document while the stages run (structure -> extract -> assemble).

Stages read what earlier stages put here and append their own records. The finished, immutable
:class:`~pipeline.models.PolicyRecord` is built from it by :meth:`DocContext.to_record`.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any

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


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    extra: dict[str, Any] = field(default_factory=dict)  # scratch space shared between stages
    _sentence_starts: list[int] = field(default_factory=list, repr=False)

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
        order, starts, by_id = self._clause_index()
        i = bisect.bisect_right(starts, offset) - 1
        clause = order[i] if i >= 0 else None
        # The clause starting last at or before ``offset`` is either the innermost one containing it
        # or a descendant of it that ended earlier: walk up the parents.
        while clause is not None and not (clause.start <= offset < clause.end):
            clause = by_id.get(clause.parent_id) if clause.parent_id else None
        return clause

    def _clause_index(self) -> tuple[list[Clause], list[int], dict[str, Clause]]:
        cached = self.extra.get("_clause_index")
        key = (id(self.clauses), len(self.clauses))  # a replaced or grown list invalidates the index
        if cached is None or cached[0] != key:
            order = sorted(self.clauses, key=lambda c: (c.start, -c.end))
            cached = (key, order, [c.start for c in order], {c.clause_id: c for c in self.clauses})
            self.extra["_clause_index"] = cached
        return cached[1], cached[2], cached[3]

    def clause(self, clause_id: str | None) -> Clause | None:
        return self._clause_index()[2].get(clause_id) if clause_id is not None else None

    def ancestors(self, clause_id: str | None) -> list[Clause]:
        """The clause itself, then its parent, up to the root."""
        by_id = self._clause_index()[2]
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
            doc=doc,
        )
