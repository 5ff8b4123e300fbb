"""The clause tree: one pass over the lines, a stack of open numbered clauses.

Numbering styles (``一、``, ``（一）``, ``1.``, ``（1）``, ``①``, ``第一章`` ...) are nested by the order in
which they appear: a label whose style is already open closes that clause and everything inside it and
becomes its sibling; a style not open yet nests inside the innermost open clause. This reproduces
一、→（一）→1.→（1）→① without assuming that every document uses every level, and keeps documents
that start at （一） or 第一章 right. Unnumbered lines are leaves (``paragraph``, ``bullet``) of the
innermost open clause. ``附件N`` lines open top-level ``annex`` clauses whose tables become ``table_row``
clauses. Header and closing lines come from the header step's spans (``ctx.header_spans``).

Besides the clauses, the builder returns the *segments* of text that each clause owns directly (a line
without its label, a table cell), which the sentence splitter cuts into sentences; so every sentence
belongs to exactly one clause and never crosses a clause boundary.
"""

from __future__ import annotations

import bisect
import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.models import Clause, TableRow
from pipeline.structure import patterns as P
from pipeline.structure.lines import Line
from pipeline.structure.tables import ParsedTable, make_row

log = logging.getLogger(__name__)

# Header-step span names -> clause kind. Names not listed are "header" before the body, "closing" after.
HEADER_KINDS = {
    "title": "title",
    "doc_number": "header",
    "recipients": "header",
    "issuer": "header",
    "signature": "closing",
    "date": "closing",
    "publicity": "closing",
}

# Styles whose place in the hierarchy is fixed whatever the order seen: a chapter is never inside a
# numbered part, an article never inside an item. Lower rank = outer. Other styles nest by order seen.
FIXED_RANK = {"chapter": 0, "division": 1, "article": 2}
# Styles whose labels number provisions, not titled divisions: their clauses get no heading.
NO_HEADING_STYLES = frozenset({"article"})
# A heading is a short title; a longer first sentence after a label is a provision, not a heading.
MAX_HEADING_CHARS = 40

# Text extracted from PDFs keeps the page's line breaks. When most lines have the same length, a line
# of (about) that length that does not end a sentence continues on the next line: the two are one
# paragraph and a sentence may run across the break.
WRAP_SLACK = 3  # half-width characters make a full line a few characters longer or shorter
WRAP_MIN_SHARE = 0.15  # share of non-blank lines at the modal length that marks a wrapped document
UNWRAPPED_ENDS = frozenset("。！？；;!?：:")

Segment = tuple[int, int, int]  # start, end, index of the owning clause
_LineClass = tuple[str, str | None, str | None, int]  # type, style, kind, label end (see _classify)


@dataclass
class _Node:
    parent: int | None
    kind: str
    label: str | None
    heading: str | None
    start: int
    end: int
    style: str | None = None


@dataclass
class StructureResult:
    """What :func:`build_clauses` produces."""

    clauses: list[Clause]
    segments: list[tuple[int, int, str]]  # start, end, clause_id
    table_rows: list[TableRow]


def _classify(text: str, line: Line) -> _LineClass:
    """``(type, style, kind, label_end)`` of a non-blank line outside tables and header spans."""
    s, e = line.start, line.end
    if P.TOC_RE.search(text, s, e):
        return "text", None, None, s
    if P.ANNEX_RE.fullmatch(text, s, e) or P.ANNEX_COLON_RE.fullmatch(text, s, e):
        return "annex", None, "annex", e
    if P.ATTACH_LIST_RE.match(text, s, e):
        return "attach", None, "closing", s
    for style, kind, pattern in P.LABEL_STYLES:
        m = pattern.match(text, s, e)
        if m and m.end() < e:  # a label with nothing after it is a page number or stray numeral
            return "label", style, kind, m.end()
        if m and style in ("chapter", "division", "article"):
            return "label", style, kind, m.end()
    m = P.BULLET_RE.match(text, s, e)
    if m and m.end() < e:
        return "bullet", None, "bullet", m.end()
    if P.DATE_LINE_RE.fullmatch(text, s, e):
        return "date", None, None, s
    return "text", None, None, s


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _heading(text: str, start: int, end: int, style: str | None = None) -> str | None:
    """The short title after a label: up to the first sentence terminator, else the rest of the line.

    None when the label numbers provisions rather than titled divisions (第一条), or when that first
    sentence is too long to be a title (a numbered provision without a heading).
    """
    if style in NO_HEADING_STYLES:
        return None
    start = _skip_space(text, start, end)
    m = P.HEADING_END_RE.search(text, start, end)
    heading = text[start : m.start() if m else end].strip()
    return heading if heading and len(heading) <= MAX_HEADING_CHARS else None


def wrap_width(text: str, lines: list[Line]) -> int | None:
    """The page width in characters if the text is hard-wrapped (PDF extraction), else None."""
    lengths = Counter(ln.end - ln.start for ln in lines if ln.end - ln.start >= 12)
    if not lengths:
        return None
    width, count = lengths.most_common(1)[0]
    near = sum(lengths.get(w, 0) for w in range(width - 1, width + 2))
    nonblank = sum(1 for ln in lines if not ln.blank)
    return width if count >= 5 and near >= WRAP_MIN_SHARE * nonblank else None


def _header_lines(lines: list[Line], spans: Mapping[str, tuple[int, int]]) -> dict[int, str]:
    """Line index -> header span name, for every non-blank line a header span overlaps."""
    starts = [ln.start for ln in lines]
    out: dict[int, str] = {}
    for name, span in spans.items():
        if not span or span[1] <= span[0]:
            continue
        s, e = span
        i = max(bisect.bisect_right(starts, s) - 1, 0)
        while i < len(lines) and lines[i].start < e:
            ln = lines[i]
            if not ln.blank and ln.end > s:
                out.setdefault(i, name)
            i += 1
    return out


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.nodes: list[_Node] = []
        self.segments: list[Segment] = []

    def add(self, kind: str, start: int, end: int, parent: int | None, **kw: str | None) -> int:
        self.nodes.append(
            _Node(parent, kind, kw.get("label"), kw.get("heading"), start, end, kw.get("style"))
        )
        idx = len(self.nodes) - 1
        self.extend(parent, end)
        return idx

    def extend(self, idx: int | None, end: int) -> None:
        while idx is not None and self.nodes[idx].end < end:
            self.nodes[idx].end = end
            idx = self.nodes[idx].parent

    def merge_segment(self, end: int, idx: int) -> None:
        """Extend the last segment (owned by ``idx``) to ``end``: a wrapped line continues it."""
        if self.segments and self.segments[-1][2] == idx:
            self.segments[-1] = (self.segments[-1][0], end, idx)

    def segment(self, start: int, end: int, idx: int) -> None:
        start = _skip_space(self.text, start, end)
        if end > start:
            self.segments.append((start, end, idx))


def build_clauses(
    text: str,
    lines: list[Line],
    tables: list[ParsedTable],
    header_spans: Mapping[str, tuple[int, int]] | None = None,
) -> StructureResult:
    """Build the clause tree, the sentence segments and the table rows in one pass over ``lines``.

    Args:
        text: the document text.
        lines: its lines (:func:`~pipeline.structure.lines.split_lines`).
        tables: the tables found in it (:func:`~pipeline.structure.tables.find_tables`).
        header_spans: ``{name: (start, end)}`` from the header step (title, doc_number, recipients,
            signature, date, publicity); may be empty.

    Returns:
        Clauses in document order (ids ``c1``, ``c2``...), segments and table rows.
    """
    header_spans = header_spans or {}
    header_at = _header_lines(lines, header_spans)
    table_at = {t.first_line: t for t in tables}
    classes, first_label = _classify_lines(text, lines, header_at, table_at)
    walk = _Walk(text, _Builder(text), classes, first_label, has_date="date" in header_spans)
    width = wrap_width(text, lines)
    wrap_from: int | None = None  # clause of the previous line if that line looks cut by the page width
    i = 0
    while i < len(lines):
        ln = lines[i]
        i += 1
        joinable, wrap_from = wrap_from, None
        if ln.blank:
            continue
        name = header_at.get(ln.index)
        if name is not None:
            walk.header_line(ln, name)
            continue
        walk.group = None
        table = table_at.get(ln.index)
        if table is not None:
            walk.table(lines, table)
            i = table.last_line + 1
            continue
        idx = walk.body_line(ln, joinable)
        s, e = ln.start, ln.end
        if idx is not None and width and e - s >= width - WRAP_SLACK and text[e - 1] not in UNWRAPPED_ENDS:
            wrap_from = idx
    return walk.result()


def _classify_lines(
    text: str, lines: list[Line], header_at: Mapping[int, str], table_at: Mapping[int, ParsedTable]
) -> tuple[dict[int, _LineClass], int | None]:
    """The class of every line outside tables and header spans, and the index of the first label line."""
    classes: dict[int, _LineClass] = {}
    skip_to = -1
    first_label: int | None = None
    for ln in lines:
        if ln.index <= skip_to or ln.blank or ln.index in header_at:
            continue
        if ln.index in table_at:
            skip_to = table_at[ln.index].last_line
            continue
        classes[ln.index] = c = _classify(text, ln)
        if first_label is None and c[0] in ("label", "annex"):
            first_label = ln.index
    return classes, first_label


@dataclass
class _Walk:
    """The state of the pass over the lines: open clauses, the current section and running groups."""

    text: str
    b: _Builder
    classes: dict[int, _LineClass]
    first_label: int | None
    has_date: bool
    stack: list[int] = field(default_factory=list)  # open numbered clauses, outermost first
    base: int | None = None  # the open annex, if any
    mode: str = "body"  # body | attach | closing
    group: tuple[str, int] | None = None  # (header name, clause) of the running header/closing group
    annex_title: int | None = None  # annex clause waiting for its title line
    attach: int | None = None  # the 附件：1.xxx list clause while its numbered lines continue
    table_count: dict[int | None, int] = field(default_factory=dict)
    rows: list[TableRow] = field(default_factory=list)

    def top(self) -> int | None:
        return self.stack[-1] if self.stack else self.base

    def header_line(self, ln: Line, name: str) -> None:
        """A line of a header span: joins the running group of that name or opens a header clause."""
        b, s, e = self.b, ln.start, ln.end
        kind = HEADER_KINDS.get(name) or (
            "header" if self.first_label is None or ln.index < self.first_label else "closing"
        )
        if self.group and self.group[0] == name:
            b.extend(self.group[1], e)
            b.segment(s, e, self.group[1])
            return
        if kind == "closing":
            self.stack.clear()
            self.base = None
            self.mode = "closing"
        heading = self.text[s:e] if kind == "title" else None
        idx = b.add(kind, s, e, None, heading=heading)
        b.segment(s, e, idx)
        self.group = (name, idx)

    def table(self, lines: list[Line], table: ParsedTable) -> None:
        """One ``table_row`` clause, its cell segments and one :class:`TableRow` per data row."""
        b, text, parent = self.b, self.text, self.top()
        k = self.table_count[parent] = self.table_count.get(parent, 0) + 1
        if parent is None:
            table_id = f"t{sum(self.table_count.values())}"
        else:
            table_id = f"c{parent + 1}" + (f".{k}" if k > 1 else "")
        number_col = table.header.index("number") if "number" in table.header else None
        for r, cells in enumerate(table.rows):
            first, last = table.row_lines[r]
            start = min((s for s, _ in cells), default=lines[first].start)
            end = max((e for _, e in cells), default=lines[last].end)
            label = None
            if number_col is not None and number_col < len(cells):
                label = text[slice(*cells[number_col])] or None
            idx = b.add("table_row", start, end, parent, label=label)
            for c, (s, e) in enumerate(cells):
                if c != number_col:
                    b.segment(s, e, idx)
            self.rows.append(make_row(text, table, r, f"c{idx + 1}", table_id))
        b.extend(parent, lines[table.last_line].end)
        self.annex_title = None

    def body_line(self, ln: Line, joinable: int | None) -> int | None:
        """Place a body line; the clause owning its text, or None when it changed the section instead."""
        typ, style, kind, label_end = self.classes[ln.index]
        if self._section_line(ln, typ, style):
            return None
        return self._tree_line(ln, typ, style, kind, label_end, joinable)

    def _section_line(self, ln: Line, typ: str, style: str | None) -> bool:
        """Annex titles, 附件 lists and closing lines; True when the line was one of them."""
        b, text, s, e = self.b, self.text, ln.start, ln.end
        if self.annex_title is not None:
            title, self.annex_title = self.annex_title, None
            if typ == "text":
                b.nodes[title].heading = text[s:e]
                b.extend(title, e)
                b.segment(s, e, title)
                return True
        if typ == "annex":
            self.stack.clear()
            self.mode = "body"
            self.base = self.annex_title = b.add("annex", s, e, None, label=text[s:e])
            return True
        if self.mode == "attach" and typ in ("label", "text") and style in (None, "arabic", "paren_arabic"):
            if typ == "label" and self.attach is not None:
                b.extend(self.attach, e)
                b.segment(s, e, self.attach)
                return True
            self.mode = "closing"
        if typ == "attach" and self.base is None:
            self.stack.clear()
            self.mode = "attach"
            self.attach = b.add("closing", s, e, None)
            b.segment(s, e, self.attach)
            return True
        if self.mode in ("closing", "attach") or (
            typ == "date" and not self.has_date and self.base is None and self.stack
        ):
            self.mode = "closing"
            self.stack.clear()
            idx = b.add("closing", s, e, None)
            b.segment(s, e, idx)
            return True
        return False

    def _tree_line(
        self, ln: Line, typ: str, style: str | None, kind: str | None, label_end: int, joinable: int | None
    ) -> int:
        """A numbered clause, a bullet, the continuation of a wrapped line, or a paragraph."""
        b, text, stack, s, e = self.b, self.text, self.stack, ln.start, ln.end
        if typ == "label":
            styles = [b.nodes[n].style for n in stack]
            if style in styles:
                del stack[styles.index(style) :]
            elif style in FIXED_RANK:  # 第X章 / 第X节 / 第X条 close every lower division
                rank = FIXED_RANK[style]
                while stack and FIXED_RANK.get(b.nodes[stack[-1]].style or "", 99) >= rank:
                    stack.pop()
            label = text[s:label_end]
            idx = b.add(
                kind, s, e, self.top(), label=label, heading=_heading(text, label_end, e, style), style=style
            )
            stack.append(idx)
            b.segment(label_end, e, idx)
        elif typ == "bullet":
            label = text[s:label_end]
            idx = b.add("bullet", s, e, self.top(), label=label, heading=_heading(text, label_end, e))
            b.segment(label_end, e, idx)
        elif joinable is not None:  # the previous line was cut by the page width: same paragraph
            idx = joinable
            b.extend(idx, e)
            b.merge_segment(e, idx)
        else:
            before_body = self.first_label is not None and ln.index < self.first_label and self.top() is None
            idx = b.add("preamble" if before_body else "paragraph", s, e, self.top())
            b.segment(s, e, idx)
        return idx

    def result(self) -> StructureResult:
        text = self.text
        clauses = [
            Clause(
                f"c{k + 1}",
                None if n.parent is None else f"c{n.parent + 1}",
                n.kind,
                n.label,
                n.heading,
                text[n.start : n.end],
                n.start,
                n.end,
            )
            for k, n in enumerate(self.b.nodes)
        ]
        segments = [(s, e, f"c{k + 1}") for s, e, k in self.b.segments]
        return StructureResult(clauses, segments, self.rows)
