"""The task-list workbook (openpyxl): all tasks, one sheet per lead (or per unit / county), tracking columns.

Each task sheet has a frozen header and a filter; 截止日期 is a real date cell; 进度 offers a drop-down
(data validation) and rows whose due date is before ``TODAY()`` and whose 进度 is not 已完成 turn red
by conditional formatting, so the highlight follows the calendar instead of the export day. 条款 links
to the clause text on the 条款原文 sheet. Text is always written as text, never as a formula.
The workbook is written in openpyxl's write-only mode: rows stream to the file, so memory stays flat
however many tasks there are.

Print: A4 landscape, fit to one page wide, the header row repeated on every page, page numbers in the
footer, a CJK font (``xlsx_font``) and row heights estimated from the wrapped text, so a printed cell
shows all its lines. The office's columns (进度, 完成情况, 备注, and any column it added) are filled from
``kept`` (task key -> values) when the list is regenerated with ``--update``
(:mod:`pipeline.export.tasks_update`), which also passes the 变更 sheet's rows.
"""

from __future__ import annotations

import re
from contextlib import suppress
from copy import copy
from pathlib import Path
from typing import Any

from pipeline.export.tasks_keys import county_of
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
    ("status", 24),
    ("note", 24),
    ("key", 16),
)
WRAPPED = {"task", "lead", "co", "document", "clause", "status", "note"}
LINE_POINTS = 14.5  # one line of 10.5 pt CJK text
PAPER_A4 = "9"  # the SpreadsheetML paper size code of A4
EXTRA_WIDTH = 20
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
    return "文号" if key == "doc_number" else labels()["columns"].get(key, key)


def _values(row: TaskRow, kept: dict[str, Any]) -> dict[str, Any]:
    office = {k: kept.get(header(k)) for k in labels()["office_columns"]}
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
        **office,
        "key": row.key,
        **kept,  # the columns the office added, by header
    }


def groups_of(rows: list[TaskRow], split_by: str | None) -> dict[str, list[TaskRow]]:
    """Rows per sheet: per lead (default), per unit reached (lead, co-units, divisions of a group
    recipient) or per county-level division those units belong to."""
    lab = labels()
    out: dict[str, list[TaskRow]] = {}
    for row in rows:
        if split_by == "unit":
            names = list(row.reached) or [lab["sheet_no_unit"]]
        elif split_by == "county":
            names = list(dict.fromkeys(c for u in row.reached if (c := county_of(u, row.region))))
        else:
            names = [row.lead or lab["sheet_no_lead"]]
        for name in names:
            out.setdefault(name, []).append(row)
    return out


def write_xlsx(
    rows: list[TaskRow],
    path: Path,
    *,
    split_by: str | None = None,
    kept: dict[str, dict[str, Any]] | None = None,
    extra: tuple[str, ...] = (),
    changes: list[tuple[str, ...]] | None = None,
) -> None:
    """Write the workbook: 全部任务, one sheet per lead (or unit / county), 变更 when given, 条款原文.

    ``kept`` maps a task key to the office's values by column header; ``extra`` are the headers of the
    columns the office added (written after ours, in their order)."""
    from openpyxl import Workbook

    lab = labels()
    wb = Workbook(write_only=True)
    used: set[str] = set()
    clause_sheet = safe_sheet_name(lab["sheet_clauses"], set())
    links = _clause_rows(rows)
    kept = kept or {}
    sheet = (clause_sheet, links, kept, extra)
    _task_sheet(wb.create_sheet(safe_sheet_name(lab["sheet_all"], used)), rows, sheet)
    for name, group_rows in groups_of(rows, split_by).items():
        _task_sheet(wb.create_sheet(safe_sheet_name(name, used)), group_rows, sheet)
    if changes is not None:
        _change_sheet(wb.create_sheet(safe_sheet_name(lab["sheet_changes"], used)), changes)
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
    """Column widths, page setup, the frozen header row (bold, filled, centred); before any other row."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"
    _page_setup(ws)
    bold, fill = Font(name=labels()["xlsx_font"], bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cells = []
    for text in headers:
        cell = _cell(ws, text, centre)
        cell.font, cell.fill = bold, fill
        cells.append(cell)
    ws.append(cells)


def _page_setup(ws) -> None:
    """A4 landscape, one page wide, header row on every page, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = labels()["xlsx_footer"]


def row_height(values: dict[str, Any], widths: dict[str, int]) -> float:
    """Points that show every wrapped cell of a row: the most lines any cell needs, a line being the
    column width in display units (a CJK character counts 2, as Excel's widths do)."""
    lines = 1
    for key, width in widths.items():
        text = values.get(key)
        if not isinstance(text, str) or not text:
            continue
        per_line = max(1, int(width * 0.95))
        needed = sum(
            max(1, -(-sum(2 if ord(ch) > 0x2E7F else 1 for ch in part) // per_line))
            for part in text.split("\n")
        )
        lines = max(lines, needed)
    return round(lines * LINE_POINTS + 4, 1)


def _task_sheet(ws, rows: list[TaskRow], sheet: tuple) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    clause_sheet, links, kept, extra = sheet
    keys = [k for k, _w in COLUMNS] + list(extra)
    widths = [w for _k, w in COLUMNS] + [EXTRA_WIDTH] * len(extra)
    _start_sheet(ws, [header(k) for k in keys], widths)
    wrapped_widths = {k: w for k, w in zip(keys, widths, strict=True) if k in WRAPPED or k in extra}
    font = Font(name=labels()["xlsx_font"])
    wrapped = Alignment(wrap_text=True, vertical="top")
    wrap = _cell(ws, None, wrapped)  # style templates, copied into each cell
    wrap.font = font
    top = _cell(ws, None, Alignment(vertical="top"))
    top.font = font
    date = _cell(ws, None, top)
    date.number_format = "yyyy-mm-dd"
    link = _cell(ws, None)
    link.style = "Hyperlink"
    link.alignment = wrapped
    clause_col = get_column_letter(keys.index("clause") + 1)
    for i, row in enumerate(rows, start=2):
        values = _values(row, kept.get(row.key, {}))
        ws.row_dimensions[i].height = row_height(values, wrapped_widths)
        cells = []
        for key in keys:
            value = values.get(key) if values.get(key) != "" else None
            style = wrap if key in WRAPPED or key in extra else top
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


def _change_sheet(ws, changes: list[tuple[str, ...]]) -> None:
    """变更: one row per task added, removed, or whose deadline or units changed."""
    from openpyxl.styles import Alignment

    _start_sheet(ws, list(labels()["change_columns"]), [10, 16, 60, 40, 40])
    wrap = _cell(ws, None, Alignment(wrap_text=True, vertical="top"))
    for change in changes:
        ws.append([_cell(ws, value, wrap) for value in change])


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
