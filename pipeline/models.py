"""Typed, immutable records: the contract every stage produces and every export consumes.

Every record that carries ``start``/``end`` satisfies ``text == source[start:end]`` where ``source`` is
the decoded document text the user sees. Lists are stored as tuples (records are frozen) and come out
of :meth:`to_dict` as JSON lists. :meth:`from_dict` accepts what :meth:`to_dict` gives.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar

# Allowed values of the enumerated fields. Stages and tests import these instead of repeating strings.
CLAUSE_KINDS = (
    "title",
    "header",
    "preamble",
    "part",
    "section",
    "item",
    "bullet",
    "paragraph",
    "annex",
    "table_row",
    "closing",
)
MODALITIES = ("must", "prohibit", "encourage", "aim", "permit")
COMPARATORS = (">=", "<=", "=", "~", "range")
TARGET_KINDS = ("target", "parameter", "baseline", "limit", "time_limit")
DEADLINE_KINDS = ("date", "recurring", "ongoing")
DEPARTMENT_ROLES = ("lead", "co", "mentioned")
DEPARTMENT_KINDS = ("party", "government", "school", "enterprise", "social", "other")
LEVELS = ("national", "provincial", "municipal", "county")
TASK_SOURCES = ("annex", "body")
CITATION_RELATIONS = ("implements", "cites", "self")


def _to_primitive(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.to_dict() if hasattr(value, "to_dict") else dataclasses.asdict(value)
    if isinstance(value, tuple | list):
        return [_to_primitive(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_primitive(v) for k, v in value.items()}
    return value


_PLAIN = (str, int, float, bool, type(None))


def _is_plain(hint: Any) -> bool:
    """Whether a field of this type hint is already JSON-ready (``str``, ``int | None``...)."""
    if hint in _PLAIN:
        return True
    return typing.get_origin(hint) in (typing.Union, types.UnionType) and all(
        a in _PLAIN for a in typing.get_args(hint)
    )


@functools.cache
def _to_dict_plan(cls: type) -> tuple[tuple[str, bool], ...]:
    """``(field, needs converting)`` of a record class, its type hints read once (speed only: ``to_dict``
    runs for every record of a batch)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, not _is_plain(hints[f.name])) for f in dataclasses.fields(cls))


class _Record:
    """Mixin: ``to_dict`` / ``from_dict`` for flat frozen dataclasses of primitive fields."""

    def to_dict(self) -> dict[str, Any]:
        out = {}
        for name, convert in _to_dict_plan(type(self)):
            value = getattr(self, name)
            out[name] = _to_primitive(value) if convert else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        hints = typing.get_type_hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue
            value = data[f.name]
            if isinstance(value, list) and "tuple" in str(hints.get(f.name, "")):
                value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
            kwargs[f.name] = value
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class DocNumber(_Record):
    """A parsed 文号 (document number), e.g. 庆政发〔2021〕13号 or 国务院令第638号."""

    prefix: str
    year: int | None
    serial: int
    raw: str = ""

    def __str__(self) -> str:
        if self.year is None:
            return f"{self.prefix}第{self.serial}号"
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


@dataclass(frozen=True, slots=True)
class Region(_Record):
    province: str | None = None
    city: str | None = None
    county: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentMeta(_Record):
    doc_id: str
    source: str | None = None
    sha256: str = ""
    title: str | None = None
    doc_number: str | None = None
    issuer: tuple[str, ...] = ()
    level: str | None = None
    region: Region = field(default_factory=Region)
    date: str | None = None
    recipients: tuple[str, ...] = ()
    publicity: str | None = None
    n_chars: int = 0
    region_code: str | None = None  # 6-digit division code of the region's most specific known part
    warnings: tuple[str, ...] = ()  # what ingestion repaired: invalid bytes replaced, line breaks read
    # where each field came from: "text" (read in it), "supplied" (metadata given), "inferred:<from>"
    # (inferred:issuer, inferred:docnumber, inferred:title, inferred:recipients); absent: not known
    field_sources: dict[str, str] = field(default_factory=dict)
    doc_number_printed: str | None = None  # the 文号 as printed (滬府發(fā)〔2017〕92號, 武政发[2017]52号)
    # page map of a PDF, OFD or image: page n covers text[pages[n - 1][0]:pages[n - 1][1]]; () otherwise
    pages: tuple[tuple[int, int], ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentMeta:
        data = dict(data)
        region = data.get("region") or {}
        data["region"] = region if isinstance(region, Region) else Region.from_dict(region)
        return _Record.from_dict.__func__(cls, data)  # type: ignore[attr-defined]  # slots: no bare super()


@dataclass(frozen=True, slots=True)
class Clause(_Record):
    clause_id: str
    parent_id: str | None
    kind: str
    label: str | None
    heading: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence(_Record):
    sentence_id: str
    clause_id: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Cell(_Record):
    column: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TableRow(_Record):
    """One data row of an annex or inline table, its cells named by the canonical column."""

    clause_id: str
    table_id: str
    row_index: int
    cells: tuple[Cell, ...]
    header: tuple[str, ...] = ()

    def cell(self, column: str) -> Cell | None:
        return next((c for c in self.cells if c.column == column), None)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TableRow:
        data = dict(data)
        data["cells"] = tuple(Cell.from_dict(c) for c in data.get("cells", ()))
        data["header"] = tuple(data.get("header", ()))
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Obligation(_Record):
    clause_id: str | None
    text: str
    start: int
    end: int
    modality: str
    trigger: str
    actors: tuple[str, ...] = ()
    deadline_id: str | None = None
    sentence_id: str | None = None


@dataclass(frozen=True, slots=True)
class Target(_Record):
    clause_id: str | None
    text: str
    start: int
    end: int
    indicator: str | None
    value: float
    value_max: float | None
    unit: str | None
    comparator: str
    year: int | None
    kind: str
    target_id: str = ""
    deadline_id: str | None = None
    sentence_id: str | None = None
    indicator_start: int | None = None  # offsets of ``indicator`` in the source (None without one)
    indicator_end: int | None = None


@dataclass(frozen=True, slots=True)
class Deadline(_Record):
    deadline_id: str
    clause_id: str | None
    text: str
    start: int
    end: int
    kind: str
    due_date: str | None
    recurrence: str | None


@dataclass(frozen=True, slots=True)
class DepartmentMention(_Record):
    clause_id: str | None
    text: str
    start: int
    end: int
    name: str
    canonical: str
    level: str | None
    kind: str
    role: str
    function: str | None = None  # id of department_functions.csv (education, hr_social_security ...)
    members: tuple[str, ...] = ()  # division codes a group (各县（区）人民政府) stands for


@dataclass(frozen=True, slots=True)
class Task(_Record):
    task_id: str
    source: str
    number: str | None
    text: str
    departments: tuple[str, ...] = ()
    lead_department: str | None = None
    deadline_text: str | None = None
    deadline_kind: str | None = None
    due_date: str | None = None
    clause_ids: tuple[str, ...] = ()
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Citation(_Record):
    clause_id: str | None
    text: str
    start: int
    end: int
    title: str | None
    doc_number: str | None
    resolved_id: str | None
    level: str | None
    relation: str
    region: str | None = None


RECORD_TYPES: dict[str, type] = {
    "clauses": Clause,
    "sentences": Sentence,
    "table_rows": TableRow,
    "obligations": Obligation,
    "targets": Target,
    "deadlines": Deadline,
    "departments": DepartmentMention,
    "tasks": Task,
    "citations": Citation,
}


# What builds the Doc of a record read back (JSON, a store): registered by pipeline.api, which may
# import the spaCy pipeline; this module may not (it is the lowest room).
_DOC_BUILDER: list[typing.Callable[[PolicyRecord], Any]] = []


def set_doc_builder(builder: typing.Callable[[PolicyRecord], Any]) -> None:
    """Register what builds ``record.doc`` for a record that came without one."""
    _DOC_BUILDER[:] = [builder]


@dataclass(frozen=True)
class PolicyRecord:
    """Everything extracted from one document. ``text`` is the source the offsets refer to."""

    document: DocumentMeta
    text: str = field(default="", repr=False)
    clauses: tuple[Clause, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    table_rows: tuple[TableRow, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    targets: tuple[Target, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    departments: tuple[DepartmentMention, ...] = ()
    tasks: tuple[Task, ...] = ()
    citations: tuple[Citation, ...] = ()
    # the spaCy Doc, or what builds it on first use (see :attr:`doc`)
    _doc: Any = field(default=None, repr=False, compare=False)

    @property
    def doc(self) -> Any:
        """The spaCy ``Doc`` of the text with a span group per record kind (displaCy), built the first
        time it is read: the extraction never needs it. A record read back from JSON or a store gets a
        Doc of its text and records (``doc._.policy`` is then None)."""
        if self._doc is None or callable(self._doc):
            if self._doc is not None:
                built = self._doc()
            elif _DOC_BUILDER:
                built = _DOC_BUILDER[0](self)
            else:  # models used without the package's api (nothing registered a builder)
                return None
            object.__setattr__(self, "_doc", built)  # a cache: the record stays immutable
        return self._doc

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without what would build the Doc (it holds the pipeline): a copy builds its own."""
        state = dict(self.__dict__)
        if callable(state.get("_doc")):
            state["_doc"] = None
        return state

    KEYS: ClassVar[tuple[str, ...]] = ("document", *RECORD_TYPES)

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        """The JSON contract: ``document`` plus one list per record kind (see README)."""
        out: dict[str, Any] = {"document": self.document.to_dict()}
        for key in RECORD_TYPES:
            out[key] = [r.to_dict() for r in getattr(self, key)]
        if include_text:
            out["text"] = self.text
        return out

    def to_json(self, *, include_text: bool = False, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(include_text=include_text), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyRecord:
        kwargs: dict[str, Any] = {"document": DocumentMeta.from_dict(data["document"])}
        for key, typ in RECORD_TYPES.items():
            kwargs[key] = tuple(typ.from_dict(r) for r in data.get(key, ()))  # type: ignore[attr-defined]
        kwargs["text"] = data.get("text", "")
        return cls(**kwargs)

    def spans(self) -> typing.Iterator[tuple[str, Any]]:
        """Every record that carries offsets, as ``(kind, record)``; used to check the invariant."""
        for key in RECORD_TYPES:
            for rec in getattr(self, key):
                if key == "table_rows":
                    for cell in rec.cells:
                        yield key, cell
                else:
                    yield key, rec

    def tables(self) -> dict[str, Any]:
        """One pandas DataFrame per key of the contract (``document`` is a one-row frame)."""
        import pandas as pd

        doc = self.document.to_dict()
        region = doc.pop("region") or {}
        doc.update({f"region_{k}": v for k, v in region.items()})
        frames = {"document": pd.DataFrame([doc])}
        for key, typ in RECORD_TYPES.items():
            rows = [dict(doc_id=self.document.doc_id, **r.to_dict()) for r in getattr(self, key)]
            columns = ["doc_id", *(f.name for f in dataclasses.fields(typ))]
            frames[key] = pd.DataFrame(rows, columns=columns)
        return frames


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """What ingestion yields: the decoded text the user sees, where it came from, and known metadata.

    ``meta`` holds metadata supplied alongside the text (columns of a table, docx core properties):
    any of ``id``, ``title``, ``date``, ``issuer``, ``doc_number``. It overrides what the header parser
    finds in the text.
    """

    text: str
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    warnings: tuple[str, ...] = ()  # decoding repairs (invalid bytes replaced by U+FFFD)
    pages: tuple[tuple[int, int], ...] = ()  # page map of paged formats: (start, end) of page n at [n - 1]


@dataclass(frozen=True)
class Failure:
    """One input that could not be processed: a file, a row of a table file, or an unsupported file.

    ``source`` is the file, or ``file#row`` for a table row; ``row`` the row (or line) alone.
    """

    source: str
    error: str
    message: str
    row: str | None = None

    @property
    def path(self) -> str:
        if self.row and self.source.endswith(f"#{self.row}"):
            return self.source[: -len(self.row) - 1]
        return self.source

    @property
    def reason(self) -> str:
        """The message on one line."""
        return " ".join(self.message.split())

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "row": self.row or "", "error": self.error, "reason": self.reason}
