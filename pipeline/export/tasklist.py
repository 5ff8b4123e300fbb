"""Task lists (责任分工表) over one or many documents: xlsx, docx, ics, csv (UTF-8 with BOM) or markdown.

``write_tasklist(records, "tasks.xlsx", "xlsx", department="市教育局")`` builds the rows
(:mod:`pipeline.export.tasks_table`) and hands them to the writer of the format: the workbook
(:mod:`~pipeline.export.tasks_xlsx`), the Word table (:mod:`~pipeline.export.tasks_docx`) or the
calendar (:mod:`~pipeline.export.tasks_ics`); CSV and markdown are written here.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.errors import OptionError, ParameterError, PipelineError
from pipeline.export.tasks_table import TaskRow, labels, task_rows, text_cell
from pipeline.models import PolicyRecord

FORMATS = ("xlsx", "csv", "md", "docx", "ics")
# Flat columns of the CSV (machine-readable: ISO dates, ids, the clause text as the link back).
CSV_COLUMNS = (
    "seq",
    "task",
    "lead",
    "co",
    "deadline",
    "due_date",
    "kind",
    "document",
    "doc_number",
    "clause",
    "doc_id",
    "task_id",
    "clause_ids",
    "clause_text",
    "source",
)
MD_COLUMNS = ("seq", "task", "lead", "co", "deadline", "kind", "document", "clause")
EXTRA_HEADERS = {
    "doc_number": "文号",
    "doc_id": "doc_id",
    "task_id": "task_id",
    "clause_ids": "clause_ids",
    "clause_text": "条款原文",
    "source": "source",
}


def write_tasklist(
    records: Iterable[PolicyRecord] | PolicyRecord,
    path: str | Path,
    fmt: str = "xlsx",
    *,
    department: str | None = None,
    due_before: str | date | None = None,
    due_after: str | date | None = None,
    title: str | None = None,
) -> Path:
    """Write the task list of ``records`` (filtered, see :func:`task_rows`) to ``path``; returns it."""
    if fmt not in FORMATS:
        raise OptionError("fmt", fmt, FORMATS)
    rows = task_rows(records, department=department, due_before=due_before, due_after=due_after)
    return write_rows(rows, path, fmt, title=title)


def write_rows(
    rows: list[TaskRow],
    path: str | Path,
    fmt: str = "xlsx",
    *,
    title: str | None = None,
    remind: str | None = None,
    **xlsx: Any,
) -> Path:
    """Write already built rows to ``path`` as ``fmt``; returns the path. ``xlsx`` options go to
    :func:`~pipeline.export.tasks_xlsx.write_xlsx` (split_by, kept, extra, changes)."""
    if fmt not in FORMATS:
        raise OptionError("fmt", fmt, FORMATS)
    path = Path(path)
    if fmt == "xlsx":
        # start-up: the CLI imports this module for --help; each writer loads with its format
        from pipeline.export.tasks_xlsx import write_xlsx

        write_xlsx(rows, path, **xlsx)
    elif fmt == "docx":
        # start-up: loaded with the first .docx task list
        from pipeline.export.tasks_docx import write_docx

        write_docx(rows, path, title=title)
    elif fmt == "ics":
        # start-up: loaded with the first calendar
        from pipeline.export.tasks_ics import write_ics

        write_ics(rows, path, title=title, remind=remind)
    elif fmt == "csv":
        _write_csv(rows, path)
    else:
        _write_md(rows, path)
    return path


def _header(key: str) -> str:
    return EXTRA_HEADERS.get(key) or labels()["columns"][key]


def flat_values(row: TaskRow) -> dict[str, str]:
    """Every CSV column of ``row`` as text (dates ISO, lists joined)."""
    return {
        "seq": str(row.seq),
        "task": row.text,
        "lead": row.lead or "",
        "co": "、".join(row.co),
        "deadline": row.deadline_text or "",
        "due_date": row.due_date.isoformat() if row.due_date else "",
        "kind": row.kind_words,
        "document": row.doc_title or "",
        "doc_number": row.doc_number or "",
        "clause": row.clause_label,
        "doc_id": row.doc_id,
        "task_id": row.task_id,
        "clause_ids": ",".join(row.clause_ids),
        "clause_text": row.clause_text,
        "source": row.source or "",
    }


def _write_csv(rows: list[TaskRow], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens CJK CSV correctly
        writer = csv.writer(fh)
        writer.writerow([_header(k) for k in CSV_COLUMNS])
        for row in rows:
            values = flat_values(row)
            writer.writerow([text_cell(values[k]) for k in CSV_COLUMNS])


def _md_cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _write_md(rows: list[TaskRow], path: Path) -> None:
    lines = ["| " + " | ".join(_header(k) for k in MD_COLUMNS) + " |", "|" + "---|" * len(MD_COLUMNS)]
    for row in rows:
        values = {**flat_values(row), "document": row.document_label}
        lines.append("| " + " | ".join(_md_cell(values[k]) for k in MD_COLUMNS) + " |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


SPLITS = ("unit", "county")


@dataclass
class TaskOutput:
    """What :func:`write_task_outputs` wrote: the files, the backup of a replaced file, the 变更 rows."""

    paths: list[Path] = field(default_factory=list)
    backup: Path | None = None
    changes: list[tuple[str, ...]] | None = None


def write_task_outputs(
    rows: list[TaskRow],
    target: Path,
    fmt: str = "xlsx",
    *,
    title: str | None = None,
    split_by: str | None = None,
    update: Path | None = None,
    force: bool = False,
    remind: str | None = None,
) -> TaskOutput:
    """Write the task list to ``target`` safely (the ``tasks`` command).

    An existing ``target`` is refused unless it is the workbook given to ``update`` or ``force`` is set;
    it is copied to a backup first. ``update`` (xlsx only) keeps the office's columns by task key and adds
    the 变更 sheet. ``split_by`` (unit | county): one sheet per unit in a workbook, one file per unit in a
    folder ``<target stem>-by-<split>/`` for the other formats (a calendar per unit).
    """
    # start-up: the CLI imports this module for --help; the workbook modules load with the tasks command
    from pipeline.export.tasks_update import backup, check_target, plan_update, read_existing
    from pipeline.export.tasks_xlsx import groups_of, safe_sheet_name

    if split_by is not None and split_by not in SPLITS:
        raise OptionError("split_by", split_by, SPLITS)
    if update is not None and fmt != "xlsx":
        raise ParameterError(
            "{update} reads the office's columns from a workbook: use it with {fmt} xlsx", "update", "fmt"
        )
    out = TaskOutput()
    check_target(target, update=update, force=force)
    options: dict[str, Any] = {}
    if update is not None:
        if not update.is_file():
            raise PipelineError(f"{update}: no such workbook to update")
        old = read_existing(update)
        kept, out.changes = plan_update(rows, old)
        options = {"kept": kept, "extra": old.extra, "changes": out.changes}
    if fmt == "xlsx" or split_by is None:
        if target.exists():
            out.backup = backup(target)
        if fmt == "xlsx":
            options["split_by"] = split_by
        out.paths.append(write_rows(rows, target, fmt, title=title, remind=remind, **options))
        return out
    folder = target.with_name(f"{target.stem}-by-{split_by}")
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for name, group in groups_of(rows, split_by).items():
        path = folder / f"{safe_sheet_name(name, used)}.{fmt}"
        renumbered = [dataclasses.replace(r, seq=i) for i, r in enumerate(group, start=1)]
        out.paths.append(write_rows(renumbered, path, fmt, title=f"{title or name}", remind=remind))
    return out


def task_warnings(records: Iterable[PolicyRecord], rows: list[TaskRow]) -> list[str]:
    """The run summary's warnings: documents with no task, tasks without a unit."""
    out = [f"warning: {rec.document.doc_id}: no task found" for rec in records if not rec.tasks]
    without: dict[str, int] = {}
    for row in rows:
        if not row.reached:
            without[row.doc_id] = without.get(row.doc_id, 0) + 1
    out.extend(f"warning: {doc}: {n} tasks without a unit" for doc, n in without.items())
    return out
