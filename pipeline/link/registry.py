"""The registry: documents known to the user that may not be in the corpus being processed.

A registry is configuration, not package data: a CSV file (format in ``corpora/REGISTRY.md``) with the
columns ``doc_id, doc_number, title, aliases, issuer, level, region, date, implements``; multi-valued
cells are ``|``-separated and ``#`` lines are comments. Pass one with ``--registry FILE`` (CLI
every extracting command), ``extract(text, registry=...)``, ``run_batch(..., registry=FILE)`` or
``build_graph(records, registry=FILE)``; it is configuration of a call, never process-wide state.
``corpora/registry.csv`` is the demo's registry (``make demo`` passes it).
"""

from __future__ import annotations

import csv
import io
import logging
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.extractors.citation_patterns import TITLE_NOISE_RE
from pipeline.models import LEVELS
from pipeline.structure.docnumber import normalise_doc_number

logger = logging.getLogger(__name__)

COLUMNS = ("doc_id", "doc_number", "title", "aliases", "issuer", "level", "region", "date", "implements")


class RegistryError(PipelineError):
    """A registry file is missing, malformed or inconsistent."""


def normalise_title(title: str | None) -> str:
    """A title as compared for identity: NFKC, no whitespace, quotes, brackets or book marks."""
    if not title:
        return ""
    return TITLE_NOISE_RE.sub("", unicodedata.normalize("NFKC", title))


def normalise_number(doc_number: str | None) -> str:
    """A 文号 as compared for identity (``str(DocNumber)``), or "" when it does not parse."""
    if not doc_number:
        return ""
    return normalise_doc_number(doc_number) or ""


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One known document. Unknown fields are empty (never guessed)."""

    doc_id: str
    doc_number: str | None = None
    title: str | None = None
    aliases: tuple[str, ...] = ()
    issuer: tuple[str, ...] = ()
    level: str | None = None
    region: str | None = None
    date: str | None = None
    implements: tuple[str, ...] = ()


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


def entry_from_row(row: dict[str, str], origin: str = "registry") -> RegistryEntry:
    """A :class:`RegistryEntry` from one CSV row; checks level and the id."""
    doc_number = (row.get("doc_number") or "").strip()
    title = (row.get("title") or "").strip()
    doc_id = (row.get("doc_id") or "").strip() or normalise_number(doc_number) or title
    if not doc_id:
        raise RegistryError(f"{origin}: a row has neither doc_id, doc_number nor title")
    level = (row.get("level") or "").strip() or None
    if level is not None and level not in LEVELS:
        raise RegistryError(f"{origin}: {doc_id}: level {level!r} not one of {', '.join(LEVELS)}")
    return RegistryEntry(
        doc_id=doc_id,
        doc_number=normalise_number(doc_number) or doc_number or None,
        title=title or None,
        aliases=_split(row.get("aliases", "")),
        issuer=_split(row.get("issuer", "")),
        level=level,
        region=(row.get("region") or "").strip() or None,
        date=(row.get("date") or "").strip() or None,
        implements=_split(row.get("implements", "")),
    )


class Registry:
    """Known documents, looked up by doc_id, normalised 文号, normalised title or alias."""

    def __init__(self, entries: Iterable[RegistryEntry] = ()) -> None:
        self._by_id: dict[str, RegistryEntry] = {}
        for entry in entries:
            self._by_id[entry.doc_id] = entry
        self._by_number: dict[str, RegistryEntry] = {}
        self._by_title: dict[str, RegistryEntry] = {}
        for entry in self._by_id.values():
            if entry.doc_number:
                self._by_number.setdefault(normalise_number(entry.doc_number) or entry.doc_number, entry)
            for name in (entry.title, *entry.aliases):
                key = normalise_title(name)
                if key:
                    self._by_title.setdefault(key, entry)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[RegistryEntry]:
        return iter(self._by_id.values())

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._by_id

    def get(self, doc_id: str) -> RegistryEntry | None:
        return self._by_id.get(doc_id)

    def lookup(self, *, doc_number: str | None = None, title: str | None = None) -> RegistryEntry | None:
        """The entry with this 文号, else with this title or alias (normalised), else None."""
        if doc_number:
            hit = self._by_number.get(normalise_number(doc_number) or doc_number)
            if hit is not None:
                return hit
        if title:
            return self._by_title.get(normalise_title(title))
        return None

    def resolve_ref(self, ref: str) -> RegistryEntry | None:
        """An ``implements`` cell value: a doc_id, a 文号 or a title."""
        return self._by_id.get(ref) or self.lookup(doc_number=ref, title=ref)


def _read_rows(text: str, origin: str) -> list[dict[str, str]]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    reader = csv.DictReader(io.StringIO(body))
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise RegistryError(f"{origin}: missing columns {sorted(missing)}; expected {', '.join(COLUMNS)}")
    return [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]


def load_registry(path: str | Path | None = None) -> Registry:
    """Load a registry.

    Args:
        path: a registry CSV (e.g. ``corpora/registry.csv``); None gives an empty registry.

    Returns:
        The :class:`Registry`; a later row with the doc_id of an earlier one replaces it.

    Raises:
        RegistryError: the file is missing or a row is malformed.
    """
    entries: list[RegistryEntry] = []
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise RegistryError(f"{p}: registry file not found")
        entries.extend(entry_from_row(r, str(p)) for r in _read_rows(p.read_text(encoding="utf-8"), str(p)))
    registry = Registry(entries)
    logger.debug("registry: %d documents", len(registry))
    return registry


def use_registry(registry: Registry | str | Path | None) -> Registry:
    """Deprecated, and without effect on extraction: pass ``registry=`` to :func:`pipeline.extract`
    (``--registry`` on the command line). Returns the registry loaded, as it did."""
    import warnings

    warnings.warn(
        "use_registry() no longer changes extraction; pass registry= to pipeline.extract()",
        DeprecationWarning,
        stacklevel=2,
    )
    return registry if isinstance(registry, Registry) else load_registry(registry)
