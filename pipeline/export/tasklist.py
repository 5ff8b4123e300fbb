"""Task-list writers: one row per task (责任分工表) as Excel, CSV (UTF-8 with BOM) or Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.errors import OptionError
from pipeline.models import PolicyRecord

FORMATS = ("xlsx", "csv", "md")
COLUMNS = (
    "doc_id",
    "task_id",
    "source",
    "number",
    "text",
    "departments",
    "lead_department",
    "deadline_text",
    "deadline_kind",
    "due_date",
    "clause_ids",
)
SHEET_NAME = "责任分工表"
# Excel column widths (characters); the task text is wide and wrapped.
WIDTHS = {"text": 80, "departments": 40, "lead_department": 20, "clause_ids": 24, "deadline_text": 14}
DEFAULT_WIDTH = 12


def tasklist_rows(records: Iterable[PolicyRecord] | PolicyRecord) -> list[dict[str, Any]]:
    """One dict per task of every record, with the columns of :data:`COLUMNS` (lists joined)."""
    if isinstance(records, PolicyRecord):
        records = [records]
    rows = []
    for rec in records:
        for task in rec.tasks:
            row = {"doc_id": rec.document.doc_id}
            for col in COLUMNS[1:]:
                value = getattr(task, col)
                if col == "departments":
                    value = "、".join(value)
                elif col == "clause_ids":
                    value = ",".join(value)
                row[col] = value
            rows.append(row)
    return rows


def write_tasklist(
    records: Iterable[PolicyRecord] | PolicyRecord, path: str | Path, fmt: str = "xlsx"
) -> Path:
    """Write the task list of ``records`` to ``path`` as ``fmt`` (xlsx, csv or md); returns the path."""
    if fmt not in FORMATS:
        raise OptionError("task-list format", fmt, FORMATS)
    path = Path(path)
    rows = tasklist_rows(records)
    {"xlsx": _write_xlsx, "csv": _write_csv, "md": _write_md}[fmt](rows, path)
    return path


def _xlsx_value(column: str, value: Any) -> Any:
    """Task numbers that are whole numbers become ints, so the sheet sorts 1, 2, 10 (not 1, 10, 2)."""
    if column == "number" and isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _write_xlsx(rows: list[dict[str, Any]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        values = [_xlsx_value(c, row[c]) for c in COLUMNS]
        ws.append(values)
        for c, value in enumerate(values, start=1):  # addressed directly: ws[max_row] is O(rows) per call
            if isinstance(value, str) and value.startswith("="):
                ws.cell(row=r, column=c).data_type = "s"  # text such as "=..." stays text, never a formula
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, col in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = WIDTHS.get(col, DEFAULT_WIDTH)
        if col in ("text", "departments"):
            for cell in ws[letter][1:]:
                cell.alignment = wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(rows) + 1)}"
    wb.save(path)


def _write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    import csv

    from pipeline.export.batch_outputs import csv_cell

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: csv_cell(v) for k, v in row.items()})  # "=..." stays text


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _write_md(rows: list[dict[str, Any]], path: Path) -> None:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_md_cell(row[c]) for c in COLUMNS) + " |" for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
