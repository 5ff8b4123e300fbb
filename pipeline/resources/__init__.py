"""Loading of the data files that hold the project's vocabulary (lexicons, aliases, prefixes, patterns).

Code holds the mechanism, these files hold the vocabulary. Each loader reads a file once per process
(``functools.lru_cache``) from the package, or from a directory a user points ``POLICY_PIPELINE_RESOURCES``
at: a file of the same name there is read *in addition to* (lines, CSV rows) or *over* (JSON keys) the
packaged one, so users can extend a lexicon without editing the package. See ``resources/README.md``.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pipeline.errors import ResourceError

ENV_VAR = "POLICY_PIPELINE_RESOURCES"


def _texts(name: str) -> list[tuple[str, str]]:
    """The packaged file's text, then the user override's text if any, as ``(origin, text)``."""
    out = []
    packaged = resources.files("pipeline.resources").joinpath(name)
    if packaged.is_file():
        out.append((f"pipeline/resources/{name}", packaged.read_text(encoding="utf-8")))
    extra_dir = os.environ.get(ENV_VAR)
    if extra_dir:
        extra = Path(extra_dir) / name
        if extra.is_file():
            out.append((str(extra), extra.read_text(encoding="utf-8")))
    if not out:
        raise ResourceError(f"resource file {name!r} not found")
    return out


def vocabulary_digest() -> str:
    """A short hash of every resource file in effect (packaged, plus ``$POLICY_PIPELINE_RESOURCES``).

    Part of a batch document's fingerprint, so that a changed lexicon re-extracts what it may change.
    """
    import hashlib

    digest = hashlib.sha256()
    folders = [Path(str(resources.files("pipeline.resources")))]
    if os.environ.get(ENV_VAR):
        folders.append(Path(os.environ[ENV_VAR]))
    for folder in folders:
        for path in sorted(p for p in folder.glob("*") if p.is_file() and p.suffix in RESOURCE_SUFFIXES):
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


RESOURCE_SUFFIXES = frozenset({".txt", ".csv", ".json"})


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a text file, ``#`` comments stripped, order kept, duplicates dropped."""
    seen: dict[str, None] = {}
    for _origin, text in _texts(name):
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                seen.setdefault(line, None)
    return tuple(seen)


@cache
def load_csv(name: str) -> tuple[Mapping[str, str], ...]:
    """Rows of a CSV file with a header row, read-only; lines starting with ``#`` are comments."""
    rows: list[Mapping[str, str]] = []
    header: list[str] | None = None
    for origin, text in _texts(name):
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        reader = csv.DictReader(io.StringIO(body))
        if header is None:
            header = list(reader.fieldnames or [])
        elif list(reader.fieldnames or []) != header:
            raise ResourceError(f"{origin}: columns {reader.fieldnames} differ from {header}")
        for i, row in enumerate(reader, start=2):
            if None in row:
                raise ResourceError(f"{origin}: row {i} has more cells than the header")
            rows.append(MappingProxyType({k: (v or "").strip() for k, v in row.items()}))
    return tuple(rows)


class MissingKeyError(ResourceError, KeyError):
    """A key a lexicon lacks, named with its file (a ``KeyError`` too, for callers that expect one)."""

    __str__ = Exception.__str__


@dataclass(frozen=True, eq=False)
class Lexicon(Mapping[str, Any]):
    """A loaded JSON lexicon, read-only: the cached object every stage shares cannot be changed by one.

    ``entries`` holds the JSON values frozen (an object is a :class:`Lexicon` named by its key path, an
    array a tuple); a missing key is a :class:`MissingKeyError` naming the file and the key.
    """

    origin: str
    entries: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        try:
            return self.entries[key]
        except KeyError:
            raise MissingKeyError(f"{self.origin}: missing key {key!r}") from None

    def __contains__(self, key: object) -> bool:
        return key in self.entries  # speed only: Mapping's would raise and catch a MissingKeyError

    def get(self, key: str, default: Any = None) -> Any:
        return self.entries.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Lexicon({self.origin!r}, {dict(self.entries)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # a mapping proxy cannot be pickled: a lexicon sent to a worker process is rebuilt from its JSON
        return (frozen, (thawed(self), self.origin))


def thawed(value: Any) -> Any:
    """A frozen value as plain JSON values again (dicts and lists), e.g. to ``json.dumps`` a lexicon."""
    if isinstance(value, Mapping):
        return {k: thawed(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thawed(v) for v in value]
    return value


def frozen(value: Any, origin: str) -> Any:
    """A JSON value made read-only: objects as :class:`Lexicon`, arrays as tuples, recursively."""
    if isinstance(value, dict):
        return Lexicon(origin, MappingProxyType({k: frozen(v, f"{origin} > {k}") for k, v in value.items()}))
    if isinstance(value, list):
        return tuple(frozen(v, origin) for v in value)
    return value


_SCALARS = ((bool, "true/false value"), ((int, float), "number"), (str, "string"))


def _noun(value: Any) -> str:
    """The JSON kind of one value, as a noun (``string``, ``list``)."""
    if isinstance(value, Mapping | list | tuple):
        return "object" if isinstance(value, Mapping) else "list"
    if value is None:
        return "null"
    return next(noun for types, noun in _SCALARS if isinstance(value, types))


def _kind(value: Any) -> str:
    """The JSON kind of ``value`` for a message: ``a string``, ``a list of strings``, ``an object``."""
    noun = _noun(value)
    if value is None:
        return noun
    article = "an" if noun[0] in "aeiou" else "a"
    if isinstance(value, Mapping | list | tuple):
        members = {_noun(v) for v in (value.values() if isinstance(value, Mapping) else value)}
        if len(members) == 1:
            return f"{article} {noun} of {members.pop()}s"
    return f"{article} {noun}"


def _compatible(override: Any, packaged: Any) -> bool:
    """An override value has the packaged value's kind; an empty list or object, or a packaged one of
    mixed members, fits any members."""
    if packaged is None:
        return True
    if isinstance(packaged, dict | list):
        if type(override) is not type(packaged):
            return False
        mixed = " of " not in _kind(packaged)
        return not override or not packaged or mixed or _kind(override) == _kind(packaged)
    return _noun(override) == _noun(packaged)


def _check_override(origin: str, name: str, data: dict[str, Any], merged: dict[str, Any]) -> None:
    """A user's override may only replace keys the packaged file has, with values of the same kind."""
    for key, value in data.items():
        if key.startswith("_"):
            continue
        if key not in merged:
            raise ResourceError(
                f"{origin}: unknown key {key!r} (the keys of {name}: {', '.join(sorted(merged))})"
            )
        if not _compatible(value, merged[key]):
            raise ResourceError(
                f"{origin}: key {key!r} must be {_kind(merged[key])} (as in pipeline/resources/{name}), "
                f"not {_kind(value)}"
            )


@cache
def load_json(name: str) -> Lexicon:
    """A JSON object, read-only; a user override's top-level keys replace the packaged ones.

    Raises:
        ResourceError: invalid JSON, an override key the packaged file does not have (a misspelt key
            would otherwise be ignored silently) or whose value is of another kind (a string for a list);
            a missing key read later names the file too.
    """
    merged: dict[str, Any] = {}
    texts = _texts(name)
    for origin, text in texts:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ResourceError(f"{origin}: invalid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise ResourceError(f"{origin}: expected a JSON object at the top level")
        if merged:
            _check_override(origin, name, data, merged)
        merged.update(data)
    return frozen(merged, " + ".join(origin for origin, _ in texts))


def resource_path(name: str) -> Path:
    """Filesystem path of a packaged resource (for tools that need a path, like jieba's user dict)."""
    return Path(str(resources.files("pipeline.resources").joinpath(name)))


def clear_cache() -> None:
    """Forget loaded resources and everything derived from them (compiled patterns, lexicons, the
    spaCy pipeline), e.g. after changing ``POLICY_PIPELINE_RESOURCES`` in a running process."""
    import sys

    for fn in (load_lines, load_csv, load_json):
        fn.cache_clear()
    for name, module in list(sys.modules.items()):
        if not name.startswith("pipeline.") or module is None:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                value.cache_clear()
