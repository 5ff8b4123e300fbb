"""A minimal stand-in for the structure stage, used by the departments/obligations/tasks tests.

It reads the Qingyang layout only (一、 parts, (一) sections, 1. items, annex tables with one cell per
line ending in " |") so that these stages can be tested without depending on pipeline.structure.
"""

from __future__ import annotations

import re

from pipeline.api import new_context
from pipeline.context import DocContext
from pipeline.models import Cell, Clause, Region, Sentence, TableRow

PART = re.compile(r"^([一二三四五六七八九十]+)、(.*)")
SECTION = re.compile(r"^[(（]([一二三四五六七八九十]+)[)）](.*)")
ITEM = re.compile(r"^(\d+)\.(.*)")
CANON = {
    "序号": "number",
    "工作任务": "task",
    "责任部门": "departments",
    "完成时限": "deadline",
    "牵头单位": "lead",
    "配合单位": "co",
    "政策内容": "policy",
}


def synthetic_context(text: str, region: Region | None = None, date: str | None = None) -> DocContext:
    """A context with clauses, sentences and table rows read from the Qingyang layout."""
    import dataclasses

    ctx = new_context(text)
    ctx.meta = dataclasses.replace(ctx.meta, region=region or Region(), date=date)
    pos, part, section, n = 0, None, None, 0
    lines = []
    for line in text.splitlines(keepends=True):
        lines.append((pos, line.rstrip("\n")))
        pos += len(line)
    i = 0
    while i < len(lines):
        start, line = lines[i]
        end = start + len(line)
        if line.strip() == "附件2" or line.strip() == "附件1":
            i = _table(ctx, lines, i + 1, f"t{line.strip()[-1]}")
            continue
        n += 1
        cid = f"c{n}"
        if m := PART.match(line):
            part, section, kind, label = cid, None, "part", m.group(1) + "、"
            parent = None
        elif m := SECTION.match(line):
            section, kind, label, parent = cid, "section", f"({m.group(1)})", part
        elif m := ITEM.match(line):
            kind, label, parent = "item", m.group(1) + ".", section or part
        else:
            kind, label, parent = "paragraph", None, section or part
        heading = line.split("。")[0] if kind != "paragraph" else None
        ctx.clauses.append(Clause(cid, parent, kind, label, heading, line, start, end))
        for k, m in enumerate(re.finditer(r"[^。]+。?", line)):
            ctx.sentences.append(Sentence(f"{cid}.s{k}", cid, m.group(), start + m.start(), start + m.end()))
        i += 1
    ctx.index()
    return ctx


def _table(ctx: DocContext, lines, i: int, table_id: str) -> int:
    i += 1  # title line
    header = []
    while i < len(lines) and not lines[i][1].strip().startswith("1 |"):
        header.append(CANON.get(re.sub(r"\s", "", lines[i][1]).rstrip("|"), "x"))
        i += 1
    row = 0
    while i < len(lines) and lines[i][1].endswith("|"):
        cells = []
        for col in header:
            start, line = lines[i]
            body = line[:-1].rstrip()
            cells.append(Cell(col, body, start, start + len(body)))
            i += 1
        row += 1
        cid = f"{table_id}.r{row}"
        ctx.clauses.append(
            Clause(cid, None, "table_row", None, None, cells[0].text, cells[0].start, cells[-1].end)
        )
        ctx.table_rows.append(TableRow(cid, table_id, row, tuple(cells), tuple(header)))
    return i
