"""Safe file output for batches: file names, spreadsheet-safe CSV cells, atomic writes."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from pipeline.ids import file_stem

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_filename(name: str) -> str:
    """A file name for ``name`` that is valid on every common filesystem (CJK kept), bounded in length
    (:func:`pipeline.ids.file_stem`)."""
    return file_stem(name)


def neutralise(value: Any) -> Any:
    """A CSV cell value that a spreadsheet shows as text: a leading ``'`` before ``= + - @``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_cell(value: Any) -> Any:
    """One CSV cell: None empty, lists and dicts as JSON, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return neutralise(json.dumps(value, ensure_ascii=False))
    return neutralise(value)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed onto it when the block ends without error."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_text(path: Path, **open_args: Any) -> Iterator[IO[str]]:
    """A text file written under a temporary name and renamed onto ``path`` when complete."""
    with atomic_path(path) as tmp, tmp.open("w", **open_args) as fh:
        yield fh


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """A spreadsheet-safe CSV (UTF-8 with BOM, formulas neutralised), atomically; returns the rows."""
    n = 0
    with atomic_text(path, encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
            n += 1
    return n
