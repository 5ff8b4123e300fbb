"""The task-list workbook (openpyxl): all tasks, one sheet per lead department, tracking columns.

Each task sheet has a frozen header and a filter; 截止日期 is a real date cell; 进度 offers a drop-down
(data validation) and rows whose due date is before ``TODAY()`` and whose 进度 is not 已完成 turn red
by conditional formatting, so the highlight follows the calendar instead of the export day. 条款 links
to the clause text on the 条款原文 sheet. Text is always written as text, never as a formula.
"""

from __future__ import annotations

import re
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
    wb = Workbook()
    used: set[str] = set()
    clause_sheet = safe_sheet_name(lab["sheet_clauses"], set())
    links = _clause_rows(rows)
    ws = wb.active
    ws.title = safe_sheet_name(lab["sheet_all"], used)
    _task_sheet(ws, rows, clause_sheet, links)
    by_lead: dict[str, list[TaskRow]] = {}
    for row in rows:
        by_lead.setdefault(row.lead or lab["sheet_no_lead"], []).append(row)
    for lead, lead_rows in by_lead.items():
        _task_sheet(wb.create_sheet(safe_sheet_name(lead, used)), lead_rows, clause_sheet, links)
    used.add(clause_sheet.casefold())
    _clause_sheet(wb.create_sheet(clause_sheet), rows, links)
    wb.save(path)


def _clause_rows(rows: list[TaskRow]) -> dict[tuple[str, str], int]:
    """Row number on the 条款原文 sheet of each task's own clause, keyed by (doc_id, clause_id)."""
    out: dict[tuple[str, str], int] = {}
    for row in rows:
        out.setdefault(_link_key(row), len(out) + 2)
    return out


def _link_key(row: TaskRow) -> tuple[str, str]:
    return (row.doc_id, row.link_clause)


def _header_row(ws, keys: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append(keys)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"


def _task_sheet(ws, rows: list[TaskRow], clause_sheet: str, links: dict[tuple[str, str], int]) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    keys = [k for k, _w in COLUMNS]
    _header_row(ws, [header(k) for k in keys])
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for i, row in enumerate(rows, start=2):
        values = _values(row)
        for j, key in enumerate(keys, start=1):
            cell = ws.cell(row=i, column=j)
            value = values[key] if values[key] != "" else None
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # "=SUM(1)" or "+86…" stays text, never a formula
            cell.alignment = wrap if key in WRAPPED else top
            if key == "due_date" and value is not None:
                cell.number_format = "yyyy-mm-dd"
        clause_cell = ws.cell(row=i, column=keys.index("clause") + 1)
        target = f"'{clause_sheet}'!A{links[_link_key(row)]}"
        clause_cell.hyperlink = Hyperlink(ref=clause_cell.coordinate, location=target)
        clause_cell.style = "Hyperlink"
        clause_cell.alignment = wrap
    for j, (_key, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
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
    ws.add_data_validation(dv)
    dv.add(f"{progress}2:{progress}{last}")
    done = lab["progress_done"]
    rule = FormulaRule(
        formula=[f'AND(ISNUMBER(${due}2),${due}2<TODAY(),${progress}2<>"{done}")'],
        fill=PatternFill("solid", fgColor=OVERDUE_FILL, bgColor=OVERDUE_FILL),
    )
    ws.conditional_formatting.add(f"A2:{get_column_letter(len(keys))}{last}", rule)


def _clause_sheet(ws, rows: list[TaskRow], links: dict[tuple[str, str], int]) -> None:
    from openpyxl.styles import Alignment

    _header_row(ws, list(labels()["clause_columns"]))
    wrap = Alignment(wrap_text=True, vertical="top")
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = _link_key(row)
        if key in seen:
            continue
        seen.add(key)
        r = links[key]
        for j, value in enumerate((row.document_label, row.link_label, row.clause_text), start=1):
            cell = ws.cell(row=r, column=j, value=value)
            cell.data_type = "s"
            cell.alignment = wrap
    for letter, width in zip("ABC", (36, 20, 100), strict=True):
        ws.column_dimensions[letter].width = width
