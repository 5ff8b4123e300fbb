"""A metadata table for a corpus of body-only texts: one row per input file, read once, applied to each document.

A researcher's corpus often holds the texts alone (the body, no title, 文号 or signature) and keeps what is
known about each document in a spreadsheet. ``--metadata FILE`` (CSV, TSV or xlsx) gives it to every
command that reads documents. Columns, by header name (``pipeline/resources/ingest_columns.csv`` aliases
and the English names below; case ignored):

- a key: ``path`` (the input file's path: as given, relative to the metadata file's folder, the end of
  the input's path (``central/001.txt`` names ``…/corpora/central/001.txt``), or a file name that no
  other row shares) or ``id`` (the file's stem, or a table row's id: ``corpus.csv#12`` is keyed ``12``);
- any of ``title``, ``doc_number``, ``issuer``, ``level`` (national | provincial | municipal | county),
  ``region`` (a place name: 甘肃省庆阳市, 上海市奉贤区) and ``date``.

The semantics are those of a table file's metadata columns: values are trimmed, empty cells are ignored
(the text's own value stays), dates are normalised to ``YYYY-MM-DD``, and a supplied value wins over what
is read in the text; ``document.field_sources`` then says ``supplied``. A row that names no input is
harmless; a row that names one twice, an unknown level or a table without a key column is an error
naming the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.errors import IngestError
from pipeline.ingest.tabular import _cell_str, _norm, _read_delimited, _read_xlsx, column_aliases
from pipeline.models import LEVELS, SourceDocument

FIELDS = ("title", "doc_number", "issuer", "level", "region", "date")
KEY_NAMES = {"path": ("path", "file", "filename", "文件", "文件名", "路径"), "id": ("id", "编号", "doc_id")}
EXTRA_NAMES = {"level": ("level", "层级", "级别"), "region": ("region", "地区", "地域", "place")}


@dataclass(frozen=True)
class MetadataTable:
    """The rows of a metadata file keyed by path, file name and id; ``source`` is the file read."""

    source: str
    by_path: dict[str, dict[str, str]] = field(default_factory=dict)
    by_name: dict[str, dict[str, str]] = field(default_factory=dict)
    by_id: dict[str, dict[str, str]] = field(default_factory=dict)
    base: str = "."

    def lookup(self, source: str | None) -> dict[str, str]:
        """The supplied fields for a document's source (``path`` or ``path#row``), {} when none."""
        if not source:
            return {}
        path, _, row = str(source).partition("#")
        if row and row in self.by_id:
            return self.by_id[row]
        p = Path(path)
        for key in (str(p), _resolved(p)):
            if key in self.by_path:
                return self.by_path[key]
        parts = Path(_resolved(p)).parts
        for n in range(len(parts) - 1, 1, -1):  # central/001.txt names …/corpora/central/001.txt
            key = "/".join(parts[-n:])
            if key in self.by_path:
                return self.by_path[key]
        if p.name in self.by_name:
            return self.by_name[p.name]
        return self.by_id.get(p.stem, {}) if not row else {}  # a file keyed by its stem (001.txt -> 001)

    def __len__(self) -> int:
        return len({id(r) for t in (self.by_path, self.by_name, self.by_id) for r in t.values()})


def _resolved(p: Path) -> str:
    try:
        return str(p.resolve())
    except OSError:
        return str(p)


def _rows(path: Path) -> tuple[list[str], list[list[Any]]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        header, rows = _read_xlsx(path)
    elif suffix in (".csv", ".tsv"):
        header, rows, _ = _read_delimited(path, "\t" if suffix == ".tsv" else ",", None, [])
    else:
        raise IngestError(path, "is not a metadata table (.csv, .tsv or .xlsx)")
    return header, [values for _, values, _ in rows]


def _column_of(header: list[str]) -> dict[str, int]:
    names = [_norm(h) for h in header]
    aliases = {
        **{f: (*column_aliases().get(f, ()), f) for f in ("title", "doc_number", "issuer", "date")},
        **EXTRA_NAMES,
        **KEY_NAMES,
    }
    out: dict[str, int] = {}
    for fld, options in aliases.items():
        for name in options:
            if name.lower() in names and names.index(name.lower()) not in out.values():
                out[fld] = names.index(name.lower())
                break
    return out


def load_metadata(path: str | Path) -> MetadataTable:
    """Read a metadata table (see the module docstring).

    Raises:
        IngestError: the file is missing, of another type, has no ``path``/``id`` column, names an input
            twice, or gives a level that is not one of ``models.LEVELS``.
    """
    path = Path(path)
    if not path.is_file():
        raise IngestError(path, "no such metadata file")
    header, rows = _rows(path)
    cols = _column_of(header)
    if "path" not in cols and "id" not in cols:
        raise IngestError(
            path, f"has no path or id column; columns: {', '.join(h for h in header if h) or 'none'}"
        )
    table = MetadataTable(source=str(path), base=str(path.parent))
    ambiguous: set[str] = set()
    for number, values in enumerate(rows, 1):
        cells = {f: _cell_str(values[i], f) if i < len(values) else "" for f, i in cols.items()}
        row = {f: cells[f] for f in FIELDS if cells.get(f)}
        if row.get("level") and row["level"] not in LEVELS:
            raise IngestError(path, f"row {number}: level {row['level']!r} is not one of {', '.join(LEVELS)}")
        keys = []
        if cells.get("path"):
            p = Path(cells["path"].replace("\\", "/"))
            keys += [(table.by_path, p.as_posix()), (table.by_path, _resolved(path.parent / p))]
            keys += [(table.by_path, _resolved(p))] if not p.is_absolute() else []
            keys += [(table.by_name, p.name)]
        if cells.get("id"):
            keys.append((table.by_id, cells["id"]))
        for target, key in keys:
            if target is table.by_name:  # a bare file name keys a row only when no other row shares it
                ambiguous.add(key) if key in target else target.__setitem__(key, row)
                continue
            if key in target and target[key] is not row:
                raise IngestError(path, f"row {number}: {key!r} is named by an earlier row too")
            target[key] = row
    for key in ambiguous:
        table.by_name.pop(key, None)
    return table


def apply_metadata(document: SourceDocument, table: MetadataTable | None) -> SourceDocument:
    """``document`` with the supplied fields of its row over its own metadata (unchanged when none)."""
    if table is None:
        return document
    row = table.lookup(document.source)
    return replace(document, meta={**document.meta, **row}) if row else document


def metadata_option(value: str | Path | MetadataTable | Mapping | None) -> MetadataTable | None:
    """The table a ``metadata`` read option names: a loaded table, or a path loaded now."""
    if value is None or isinstance(value, MetadataTable):
        return value
    return load_metadata(Path(str(value)))
