"""Table corpora (.csv, .tsv, .xlsx, .jsonl): one document per row.

A row gives a document's text (the *text column*) and optional metadata columns (``id``, ``title``,
``date``, ``issuer``, ``doc_number``). Columns are named by the caller or found through the aliases
in ``pipeline/resources/ingest_columns.csv``. The text is kept exactly as stored; metadata values are
trimmed strings, empty ones dropped, dates normalised to ``YYYY-MM-DD``. Rows are numbered from 1,
header excluded; a document's source is ``"{path}#{id or row number}"``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import IngestError
from pipeline.ingest.archive import check_archive
from pipeline.ingest.text import decode_file, map_controls, normalise_breaks
from pipeline.models import SourceDocument
from pipeline.resources import load_csv
from pipeline.text.dates import cell_date

logger = logging.getLogger(__name__)

FIELDS = ("text", "id", "title", "date", "issuer", "doc_number")
_CSV_FIELD_LIMIT = 2**31 - 1  # the csv module's default (131,072 characters) is below long documents
_MAX_LISTED = 10  # empty rows named in an error message

# (row number, cell values in header order, where the row is for messages)
Row = tuple[int, list[Any], str]


@cache
def column_aliases() -> dict[str, tuple[str, ...]]:
    """Known header names per field, in priority order, from ``ingest_columns.csv``."""
    out: dict[str, list[str]] = {field: [] for field in FIELDS}
    for row in load_csv("ingest_columns.csv"):
        out.setdefault(row["field"], []).append(row["name"].lower())
    return {field: tuple(names) for field, names in out.items()}


def _norm(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def pick_columns(header: list[str], options: Mapping[str, str | None], path: Path) -> dict[str, int]:
    """Column index per field: the named column (which must exist) or the first alias present."""
    names = [_norm(h) for h in header]
    available = ", ".join(repr(h) for h in header if h.strip()) or "none"
    chosen: dict[str, int] = {}
    for field in FIELDS:
        wanted = options.get(field)
        if wanted is not None:
            if _norm(wanted) not in names:
                raise IngestError(
                    path, f"has no column {wanted!r} ({field}_column); available columns: {available}"
                )
            chosen[field] = names.index(_norm(wanted))
            continue
        for alias in column_aliases().get(field, ()):
            if alias in names and names.index(alias) not in chosen.values():
                chosen[field] = names.index(alias)
                break
    if "text" not in chosen:
        looked = ", ".join(column_aliases()["text"])
        raise IngestError(
            path,
            f"has no text column (looked for: {looked}); available columns: {available}; "
            "name it with text_column=...",
        )
    return chosen


class Formula(str):
    """An .xlsx formula cell whose file holds no computed value (written by a program that does not
    calculate, e.g. openpyxl or pandas): the cell reads as empty, and the message says why."""


def _cell_str(value: Any, field: str) -> str:
    """A cell as a string; for metadata trimmed, dates as ``YYYY-MM-DD``."""
    if value is None or isinstance(value, Formula):
        return ""
    if isinstance(value, dt.datetime | dt.date):
        date = value.date() if isinstance(value, dt.datetime) else value
        if field == "date" or (isinstance(value, dt.datetime) and value.time() == dt.time()):
            return date.isoformat()
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # spreadsheets store the id 12 as 12.0
    if isinstance(value, list | tuple):
        return "、".join(_cell_str(v, field) for v in value if v not in (None, ""))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if field == "text":
        return text
    text = text.strip()
    if field == "date":
        return cell_date(text) or text  # a date that is not a real calendar date is kept as written
    return text


def build_documents(
    path: Path,
    header: list[str],
    rows: Iterable[Row],
    options: Mapping[str, str | None],
    encoding: str | None,
    row_errors: list[tuple[str, str]] | None = None,
    file_warnings: Iterable[str] = (),
) -> list[SourceDocument]:
    """One :class:`SourceDocument` per row; rows with empty text are an error naming them.

    ``file_warnings`` (decoding repairs of the whole file) are kept in every row's document.

    With ``row_errors`` (a list), a bad row is appended to it as ``(source, reason)`` and the other
    rows are kept, instead of the whole file failing: a batch records each bad row as a failure.
    """
    columns = pick_columns(header, options, path)
    file_warnings = tuple(file_warnings)
    documents: list[SourceDocument] = []
    empty: list[str] = []
    for number, values, where in rows:
        if len(values) > len(header) and any(_cell_str(v, "meta") for v in values[len(header) :]):
            reason = f"{where} has {len(values)} cells but the header has {len(header)}"
            if row_errors is None:
                raise IngestError(path, reason)
            row_errors.append((f"{path}#{number}", reason))
            continue
        cells = {f: _cell_str(values[i], f) if i < len(values) else "" for f, i in columns.items()}
        if any("\x00" in v for v in cells.values()):
            reason = f"{where} contains a NUL byte (binary data), not text"
            if row_errors is None:
                raise IngestError(path, reason)
            row_errors.append((f"{path}#{number}", reason))
            continue
        text = cells.pop("text")
        if not text.strip():
            i = columns["text"]
            if i < len(values) and isinstance(values[i], Formula):
                reason = (
                    f"{where} has a formula ({values[i][:60]}) without a saved value in its text column; "
                    "open and save the file in Excel or LibreOffice to store the values"
                )
                if row_errors is None:
                    raise IngestError(path, reason)
                row_errors.append((f"{path}#{number}", reason))
            elif row_errors is not None:
                row_errors.append((f"{path}#{number}", f"{where} has empty text"))
            else:
                empty.append(where)
            continue
        meta = {f: map_controls(v)[0] for f, v in cells.items() if v}
        text, breaks = normalise_breaks(text)
        warnings = (*file_warnings, breaks) if breaks else tuple(file_warnings)
        documents.append(SourceDocument(text, f"{path}#{meta.get('id') or number}", meta, encoding, warnings))
    if empty:
        listed = ", ".join(empty[:_MAX_LISTED]) + (" ..." if len(empty) > _MAX_LISTED else "")
        raise IngestError(
            path,
            f"{len(empty)} row(s) have empty text in column {header[columns['text']]!r}: {listed}; "
            "fill them in or remove them",
        )
    if not documents and not row_errors:
        raise IngestError(path, "table has a header but no data rows")
    duplicates = [k for k, n in Counter(d.meta.get("id") for d in documents).items() if k and n > 1]
    if duplicates:
        logger.warning("%s: %d duplicate ids, e.g. %r", path, len(duplicates), duplicates[0])
    return documents


def _read_delimited(
    path: Path, delimiter: str, encoding: str | None, warnings: list[str] | None = None
) -> tuple[list[str], list[Row], str]:
    text, encoding = decode_file(path, encoding, warnings)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)  # only ever raised: harmless to other users of csv
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = [r for r in reader if r]
    except csv.Error as exc:
        raise IngestError(
            path, f"is not valid {path.suffix[1:].upper()} near line {reader.line_num}: {exc}"
        ) from None
    header, data = records[0], records[1:]
    rows = [(i, r, f"row {i}") for i, r in enumerate(data, start=1) if any(c.strip() for c in r)]
    return header, rows, encoding


def _read_xlsx(path: Path) -> tuple[list[str], list[Row]]:
    from openpyxl import load_workbook

    check_archive(path, ".xlsx")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML, key and InvalidFileException errors
        raise IngestError(path, f"is not a readable .xlsx file ({type(exc).__name__}: {exc})") from None
    try:
        sheet = workbook.worksheets[0]
        if len(workbook.worksheets) > 1:
            logger.info("%s: reading the first of %d sheets, %r", path, len(workbook.worksheets), sheet.title)
        header: list[str] | None = None
        rows: list[Row] = []
        for sheet_row, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if not any(v not in (None, "") for v in values):
                continue
            if header is None:
                header = ["" if v is None else str(v) for v in values]
                continue
            number = len(rows) + 1
            rows.append((number, list(values), f"row {number} (sheet {sheet.title!r} row {sheet_row})"))
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(path, f"has an unreadable sheet ({type(exc).__name__}: {exc})") from None
    finally:
        workbook.close()
    if header is None:
        raise IngestError(path, f"sheet {sheet.title!r} is empty")
    while header and not header[-1].strip():
        header.pop()  # openpyxl reports formatted but empty columns at the right
    if any(v is None for _n, values, _w in rows for v in values):
        _mark_formulas(path, rows)
    return header, rows


def _mark_formulas(path: Path, rows: list[Row]) -> None:
    """Replace each empty cell that holds a formula without a saved value by its :class:`Formula`
    (a second read of the sheet, with formulas, only when some cell is empty)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        by_sheet_row: dict[int, list[Any]] = {}
        for sheet_row, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            if any(isinstance(v, str) and v.startswith("=") for v in values):
                by_sheet_row[sheet_row] = list(values)
    finally:
        workbook.close()
    for _number, values, where in rows:
        sheet_row = int(where.rsplit("row ", 1)[1].rstrip(")"))
        formulas = by_sheet_row.get(sheet_row, [])
        for i, v in enumerate(values):
            if (
                v is None
                and i < len(formulas)
                and isinstance(formulas[i], str)
                and formulas[i].startswith("=")
            ):
                values[i] = Formula(formulas[i])


def _read_jsonl(
    path: Path,
    encoding: str | None,
    row_errors: list[tuple[str, str]] | None = None,
    warnings: list[str] | None = None,
) -> tuple[list[str], list[Row], str]:
    """Objects of a JSON Lines file; with ``row_errors`` a malformed line is one error, the rest kept."""
    text, encoding = decode_file(path, encoding, warnings)
    objects: list[tuple[int, dict[str, Any]]] = []
    for line_no, line in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028 may be in strings
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            reason = None if isinstance(obj, dict) else f"line {line_no} is not a JSON object"
        except json.JSONDecodeError as exc:
            reason = f"line {line_no} is not valid JSON ({exc.msg})"
        if reason is None:
            objects.append((line_no, obj))
        elif row_errors is None:
            raise IngestError(path, reason)
        else:
            row_errors.append((f"{path}#line{line_no}", reason))
    header = list(dict.fromkeys(k for _, obj in objects for k in obj))
    rows = [
        (i, [obj.get(k) for k in header], f"row {i} (line {line_no})")
        for i, (line_no, obj) in enumerate(objects, start=1)
    ]
    return header, rows, encoding


def read_table(
    path: Path,
    options: Mapping[str, str | None],
    encoding: str | None = None,
    row_errors: list[tuple[str, str]] | None = None,
) -> list[SourceDocument]:
    """The documents of a table file, one per row (see the module docstring)."""
    suffix = path.suffix.lower()
    warnings: list[str] = []
    if suffix == ".xlsx":
        header, rows = _read_xlsx(path)
        used: str | None = None
    elif suffix == ".jsonl":
        header, rows, used = _read_jsonl(path, encoding, row_errors, warnings)
    else:
        header, rows, used = _read_delimited(path, "\t" if suffix == ".tsv" else ",", encoding, warnings)
    return build_documents(path, header, rows, options, used, row_errors, warnings)
