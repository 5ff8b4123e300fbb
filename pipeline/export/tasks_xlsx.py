"""The task-list workbook (openpyxl): all tasks, one sheet per lead department, tracking columns.

Each task sheet has a frozen header and a filter; 截止日期 is a real date cell; 进度 offers a drop-down
(data validation) and rows whose due date is before ``TODAY()`` and whose 进度 is not 已完成 turn red
by conditional formatting, so the highlight follows the calendar instead of the export day. 条款 links
to the clause text on the 条款原文 sheet. Text is always written as text, never as a formula.
The workbook is written in openpyxl's write-only mode: rows stream to the file, so memory stays flat
however many tasks there are.
"""

from __future__ import annotations

import re
from contextlib import suppress
from copy import copy
from pathlib import Path
from typing import Any

from pipeline.export.tasks_table import TaskRow, labels

# Column keys in order (headers from tasklist_labels.json) and their widths in characters.
COLUMNS = (
    ("seq", 6),
    ("task", 60),
    ("lead", 22),
    ("co", 30),
    ("deadline", 12),
    ("due_date", 12),
    ("kind", 10),
    ("document", 36),
    ("doc_number", 18),
    ("clause", 20),
    ("progress", 10),
    ("note", 24),
)
WRAPPED = {"task", "lead", "co", "document", "clause", "note"}
OVERDUE_FILL = "FFC7CE"  # Excel's light red
HEADER_FILL = "DDEBF7"
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
SHEET_MAX = 31


def safe_sheet_name(name: str, used: set[str]) -> str:
    """``name`` as a valid, unused Excel sheet name: no []:*?/\\, at most 31 chars, unique (any case)."""
    base = _SHEET_UNSAFE.sub("_", name).strip("'") or "_"
    candidate, n = base[:SHEET_MAX], 1
    while candidate.casefold() in used:
        n += 1
        suffix = f"~{n}"
        candidate = base[: SHEET_MAX - len(suffix)] + suffix
    used.add(candidate.casefold())
    return candidate


def header(key: str) -> str:
    return "文号" if key == "doc_number" else labels()["columns"][key]


def _values(row: TaskRow) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "task": row.text,
        "lead": row.lead or "",
        "co": "、".join(row.co),
        "deadline": row.deadline_text or "",
        "due_date": row.due_date,
        "kind": row.kind_words,
        "document": row.doc_title or labels()["untitled"],
        "doc_number": row.doc_number or "",
        "clause": row.clause_label,
        "progress": None,
        "note": None,
    }


def write_xlsx(rows: list[TaskRow], path: Path) -> None:
    """Write the workbook: 全部任务, one sheet per lead department, then 条款原文."""
    from openpyxl import Workbook

    lab = labels()
    wb = Workbook(write_only=True)
    used: set[str] = set()
    clause_sheet = safe_sheet_name(lab["sheet_clauses"], set())
    links = _clause_rows(rows)
    _task_sheet(wb.create_sheet(safe_sheet_name(lab["sheet_all"], used)), rows, clause_sheet, links)
    by_lead: dict[str, list[TaskRow]] = {}
    for row in rows:
        by_lead.setdefault(row.lead or lab["sheet_no_lead"], []).append(row)
    for lead, lead_rows in by_lead.items():
        _task_sheet(wb.create_sheet(safe_sheet_name(lead, used)), lead_rows, clause_sheet, links)
    used.add(clause_sheet.casefold())
    _clause_sheet(wb.create_sheet(clause_sheet), rows, links)
    try:
        wb.save(path)
    except BaseException:  # e.g. an unwritable path: finish the sheets' streams before raising
        for ws in wb.worksheets:
            if not ws.closed:
                with suppress(Exception):
                    ws.close()
        raise


def _clause_rows(rows: list[TaskRow]) -> dict[tuple[str, str], int]:
    """Row number on the 条款原文 sheet of each task's own clause, keyed by (doc_id, clause_id)."""
    out: dict[tuple[str, str], int] = {}
    for row in rows:
        out.setdefault(_link_key(row), len(out) + 2)
    return out


def _link_key(row: TaskRow) -> tuple[str, str]:
    return (row.doc_id, row.link_clause)


def _cell(ws, value: Any, style: Any = None) -> Any:
    """A write-only cell; text stays text (``"=SUM(1)"`` or ``"+86…"`` is never a formula).

    ``style`` is an Alignment, or a cell whose style is copied (cheaper than resolving it per cell).
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if isinstance(style, Alignment):
        cell.alignment = style
    elif style is not None:
        cell._style = copy(style._style)
    return cell


def _start_sheet(ws, headers: list[str], widths: list[int]) -> None:
    """Column widths, the frozen header row (bold, filled, centred); before any other row."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cells = []
    for text in headers:
        cell = _cell(ws, text, centre)
        cell.font, cell.fill = bold, fill
        cells.append(cell)
    ws.append(cells)


def _task_sheet(ws, rows: list[TaskRow], clause_sheet: str, links: dict[tuple[str, str], int]) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    keys = [k for k, _w in COLUMNS]
    _start_sheet(ws, [header(k) for k in keys], [w for _k, w in COLUMNS])
    wrapped = Alignment(wrap_text=True, vertical="top")
    wrap = _cell(ws, None, wrapped)  # style templates, copied into each cell
    top = _cell(ws, None, Alignment(vertical="top"))
    date = _cell(ws, None, top)
    date.number_format = "yyyy-mm-dd"
    link = _cell(ws, None)
    link.style = "Hyperlink"
    link.alignment = wrapped
    clause_col = get_column_letter(keys.index("clause") + 1)
    for i, row in enumerate(rows, start=2):
        values = _values(row)
        cells = []
        for key in keys:
            value = values[key] if values[key] != "" else None
            style = wrap if key in WRAPPED else top
            if key == "due_date" and value is not None:
                style = date
            elif key == "clause":
                style = link
            cell = _cell(ws, value, style)
            if key == "clause":
                target = f"'{clause_sheet}'!A{links[_link_key(row)]}"
                cell.hyperlink = Hyperlink(ref=f"{clause_col}{i}", location=target)
            cells.append(cell)
        ws.append(cells)
    last = max(2, len(rows) + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{last}"
    _tracking(ws, keys, last)


def _tracking(ws, keys: list[str], last: int) -> None:
    """进度 drop-down and the overdue highlight (due date before TODAY() and 进度 not 已完成)."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lab = labels()
    progress = get_column_letter(keys.index("progress") + 1)
    due = get_column_letter(keys.index("due_date") + 1)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(lab["progress"]) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=header("progress"),
        error="、".join(lab["progress"]),
    )
    ws.data_validations.append(dv)
    dv.add(f"{progress}2:{progress}{last}")
    done = lab["progress_done"]
    rule = FormulaRule(
        formula=[f'AND(ISNUMBER(${due}2),${due}2<TODAY(),${progress}2<>"{done}")'],
        fill=PatternFill("solid", fgColor=OVERDUE_FILL, bgColor=OVERDUE_FILL),
    )
    ws.conditional_formatting.add(f"A2:{get_column_letter(len(keys))}{last}", rule)


def _clause_sheet(ws, rows: list[TaskRow], links: dict[tuple[str, str], int]) -> None:
    """One row per linked clause, in the order of ``links`` (row 2, 3 …)."""
    from openpyxl.styles import Alignment

    _start_sheet(ws, list(labels()["clause_columns"]), [36, 20, 100])
    wrap = _cell(ws, None, Alignment(wrap_text=True, vertical="top"))
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = _link_key(row)
        if key in seen:
            continue
        seen.add(key)
        assert links[key] == len(seen) + 1  # written in order: the row a task's link points to
        values = (row.document_label, row.link_label, row.clause_text)
        ws.append([_cell(ws, value, wrap) for value in values])
