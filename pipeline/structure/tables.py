"""Tables inside the text: detection, cell offsets and canonical column names.

Three renderings are recognised, each over whole lines:

* one cell per line, each line ending in ``|`` (how the Qingyang annexes were converted): a header row
  of N cells, then rows of N cells; N is the number of cells before the first row-number cell ("1").
  A cell whose text runs over several lines ends at the first line ending in ``|``;
* Markdown / pipe tables, one row per line (``| a | b |``, optional ``|---|`` separator), which is how
  ingestion renders docx and html tables;
* tab-separated rows (same number of fields on consecutive lines).

Header cells (whitespace removed) are mapped onto canonical columns by ``resources/table_columns.json``.
The clause step turns each data row into a ``table_row`` clause and a :class:`~pipeline.models.TableRow`.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field
from functools import cache

from pipeline.models import Cell, TableRow
from pipeline.resources import load_json
from pipeline.structure import patterns as P
from pipeline.structure.lines import Line
from pipeline.text.pieces import longest_first

log = logging.getLogger(__name__)

_WS_RE = re.compile(r"\s+")
# A multi-line cell may not run longer than this many lines: past it the block is not a table.
MAX_CELL_LINES = 40

Span = tuple[int, int]


@dataclass
class ParsedTable:
    """A table found in the text. ``rows`` hold cell spans; ``row_lines`` each row's line range."""

    kind: str  # "cell_lines" | "pipe" | "tab"
    first_line: int
    last_line: int
    header: tuple[str, ...]
    header_cells: list[Span] = field(default_factory=list)
    rows: list[list[Span]] = field(default_factory=list)
    row_lines: list[tuple[int, int]] = field(default_factory=list)


@cache
def _aliases() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    exact: dict[str, str] = {}
    for canonical, names in load_json("table_columns.json").items():
        if canonical.startswith("_"):
            continue
        for name in names:
            exact.setdefault(_WS_RE.sub("", name), canonical)
    by_length = longest_first(((a, c) for a, c in exact.items() if len(a) >= 2), by=lambda x: x[0])
    return exact, by_length


def canonical_column(header: str) -> str:
    """The canonical column name of a header cell, or the cell's text without whitespace.

    Args:
        header: the header cell as written (``"政 策 内 容"``, ``"牵头单位（部门）"``).

    Returns:
        ``"content"``, ``"lead"``... or the whitespace-stripped header when no alias applies.
    """
    key = _WS_RE.sub("", header)
    exact, by_length = _aliases()
    if key in exact:
        return exact[key]
    for alias, canonical in by_length:
        if key.startswith(alias):
            return canonical
    return key


def column_names(text: str, header_cells: list[Span], n: int) -> tuple[str, ...]:
    """Canonical names of ``n`` columns: unique, positional (``col3``) where a header is missing."""
    names: list[str] = []
    for k in range(n):
        name = canonical_column(text[slice(*header_cells[k])]) if k < len(header_cells) else ""
        if not name or name in names:
            raw = _WS_RE.sub("", text[slice(*header_cells[k])]) if k < len(header_cells) else ""
            name = raw if raw and raw not in names else f"col{k + 1}"
        names.append(name)
    return tuple(names)


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ---- one cell per line ---------------------------------------------------------------------------


def _is_cell_line(text: str, line: Line) -> bool:
    return not line.blank and text[line.end - 1] == "|" and text[line.start] != "|"


def _parse_cell_lines(text: str, lines: list[Line], i: int) -> ParsedTable | None:
    """The one-cell-per-line table starting at line ``i`` (a line ending in ``|``), if any."""
    cells: list[tuple[int, int, int, int]] = []  # start, end, first line, last line
    n_cols: int | None = None
    pending: Line | None = None
    j = i
    while j < len(lines):
        line = lines[j]
        if line.blank:
            break
        if _is_cell_line(text, line):
            content_end = P.CELL_END_RE.search(text, line.start, line.end).start()
            first = pending or line
            s, e = _strip(text, first.start, content_end)
            cells.append((s, e, first.index, j))
            pending = None
            if n_cols is None and len(cells) > 1 and P.ROW_NUMBER_RE.match(text, s, e) and e > s:
                n_cols = len(cells) - 1
        else:
            at_boundary = n_cols is not None and (len(cells) - n_cols) % n_cols == 0
            if at_boundary or text[line.start] == "|" or (pending and j - pending.index >= MAX_CELL_LINES):
                break
            pending = pending or line
        j += 1
    if not n_cols or n_cols < 2 or len(cells) < 2 * n_cols:
        return None
    body = cells[n_cols:]
    body = body[: len(body) - len(body) % n_cols]
    table = ParsedTable(
        kind="cell_lines",
        first_line=cells[0][2],
        last_line=body[-1][3],
        header=(),
        header_cells=[(s, e) for s, e, _, _ in cells[:n_cols]],
    )
    table.header = column_names(text, table.header_cells, n_cols)
    for k in range(0, len(body), n_cols):
        row = body[k : k + n_cols]
        table.rows.append([(s, e) for s, e, _, _ in row])
        table.row_lines.append((row[0][2], row[-1][3]))
    return table


# ---- pipe (Markdown) tables ----------------------------------------------------------------------


def _is_pipe_line(text: str, line: Line) -> bool:
    return line.end - line.start >= 2 and text[line.start] == "|" and text[line.end - 1] == "|"


def _pipe_cells(text: str, line: Line) -> list[Span]:
    bars = [k for k in range(line.start, line.end) if text[k] == "|" and (k == 0 or text[k - 1] != "\\")]
    return [_strip(text, a + 1, b) for a, b in itertools.pairwise(bars)]


def _parse_pipe(text: str, lines: list[Line], i: int) -> ParsedTable | None:
    j = i
    while j < len(lines) and _is_pipe_line(text, lines[j]):
        j += 1
    rows = [ln for ln in lines[i:j] if not P.PIPE_SEPARATOR_RE.fullmatch(text, ln.start, ln.end)]
    if len(rows) < 2:
        return None
    header_cells = _pipe_cells(text, rows[0])
    table = ParsedTable("pipe", i, j - 1, (), header_cells)
    width = max(len(_pipe_cells(text, ln)) for ln in rows)
    table.header = column_names(text, header_cells, width)
    for ln in rows[1:]:
        table.rows.append(_pipe_cells(text, ln))
        table.row_lines.append((ln.index, ln.index))
    return table


# ---- tab-separated -------------------------------------------------------------------------------


def _tab_cells(text: str, line: Line) -> list[Span]:
    out, pos = [], line.start
    while True:
        tab = text.find("\t", pos, line.end)
        end = line.end if tab < 0 else tab
        out.append(_strip(text, pos, end))
        if tab < 0:
            return out
        pos = tab + 1


def _filled(cells: list[Span]) -> int:
    return sum(1 for s, e in cells if e > s)


def _parse_tab(text: str, lines: list[Line], i: int) -> ParsedTable | None:
    head = _tab_cells(text, lines[i])
    if _filled(head) < 2:
        return None
    j = i + 1
    rows: list[list[Span]] = []
    while j < len(lines) and not lines[j].blank and "\t" in text[lines[j].start : lines[j].end]:
        cells = _tab_cells(text, lines[j])
        if len(cells) != len(head) or _filled(cells) < 2:
            break
        rows.append(cells)
        j += 1
    if not rows:
        return None
    table = ParsedTable("tab", i, j - 1, column_names(text, head, len(head)), head, rows)
    table.row_lines = [(k, k) for k in range(i + 1, j)]
    return table


def find_tables(text: str, lines: list[Line]) -> list[ParsedTable]:
    """All tables of the text, in order, without overlaps (one pass over the lines).

    Args:
        text: the document text.
        lines: its lines from :func:`~pipeline.structure.lines.split_lines`.

    Returns:
        The parsed tables, sorted by their first line.
    """
    out: list[ParsedTable] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        table = None
        if not line.blank:
            if _is_pipe_line(text, line):
                table = _parse_pipe(text, lines, i)
            elif _is_cell_line(text, line):
                table = _parse_cell_lines(text, lines, i)
            elif "\t" in text[line.start : line.end]:
                table = _parse_tab(text, lines, i)
        if table is not None:
            log.debug(
                "table (%s) at lines %d-%d: %s", table.kind, table.first_line, table.last_line, table.header
            )
            out.append(table)
            i = table.last_line + 1
        else:
            i += 1
    return out


def make_row(text: str, table: ParsedTable, k: int, clause_id: str, table_id: str) -> TableRow:
    """The :class:`TableRow` of data row ``k`` (0-based) of ``table``."""
    cells = []
    for c, (s, e) in enumerate(table.rows[k]):
        column = table.header[c] if c < len(table.header) else f"col{c + 1}"
        cells.append(Cell(column=column, text=text[s:e], start=s, end=e))
    return TableRow(
        clause_id=clause_id, table_id=table_id, row_index=k + 1, cells=tuple(cells), header=table.header
    )
