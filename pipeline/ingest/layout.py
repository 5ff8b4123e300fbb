"""Page layouts to text: what the PDF, OCR and OFD readers share once they have positioned lines.

A reader turns each page into :class:`Line` s (text with a box, in page units, y growing downwards)
and :class:`Table` s (rows of cell texts). :func:`assemble` makes the document text from them:

1. running headers, footers and page numbers are dropped: a line in the top or bottom band of a page
   that is a page number (``— 3 —``, ``- 3 -``, ``第 3 页``, ``3/11``, ``3``) or whose text (digits
   aside) recurs in that band on at least half of the pages (two at least);
2. blocks are read top to bottom, a line's pieces left to right;
3. a line that reaches the right edge of the text block (measured over all pages of the same width) is joined to the next one (no space between
   CJK characters; one space between two Latin words), unless the next one is indented or opens an
   enumerated item (一、 （二） 3. ①; 第X条 after a sentence end); a short line ends its paragraph;
4. the spaces text layers put between CJK and digits (``2019 年 7 月``) and before CJK punctuation
   are removed (:data:`~pipeline.ingest.regexes.CJK_GAP`);
5. each table row becomes one ``| cell | cell |`` line as the docx reader writes it (a cell's wrapped
   lines joined as in 3); a row cut by a page break (the continued part has an empty first cell and as
   many cells) is joined back, and a header row repeated on the next page is dropped.

It returns the text and the page map: ``(start, end)`` of each page's characters in that text.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from pipeline.ingest.docx import pipe_row
from pipeline.ingest.regexes import (
    ARTICLE_OPENER,
    CJK_GAP,
    CLOSING_PUNCT,
    ITEM_OPENER,
    PAGE_NUMBER,
    SENTENCE_END,
)

EDGE_CHARS = 2.5  # a line ending within this many characters of the right edge is full (kinsoku pushes
# a character whose follower may not open a line, such as 、, to the next one)
MARGIN_BAND = 0.09  # share of the page height at the top and bottom where running lines live


@dataclass
class Line:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float = 10.0  # character height, the unit of the indentation and edge tolerances


@dataclass
class Table:
    top: float
    bottom: float
    rows: list[list[str]]


@dataclass
class Page:
    width: float
    height: float
    blocks: list[Line | Table] = field(default_factory=list)


def tidy(text: str) -> str:
    """Spaces of the text layer removed where Chinese has none (CJK–CJK, CJK–digit)."""
    return CJK_GAP.sub("", text.strip())


def join_pieces(left: str, right: str) -> str:
    """Two pieces of one paragraph: nothing between them, or one space between two Latin words (a
    number broken by the line end, ``20`` + ``25``, is one number)."""
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalpha()
        and right[0].isascii()
        and right[0].isalpha()
    ):
        return f"{left} {right}"
    return left + right


def _cell(text: str | None) -> str:
    parts = [tidy(p) for p in (text or "").splitlines() if p.strip()]
    out = ""
    for part in parts:
        out = join_pieces(out, part)
    return out


def _running(pages: list[Page]) -> set[int]:
    """ids of the lines that are running headers, footers or page numbers."""
    seen: dict[str, set[int]] = {}
    banded: list[tuple[Line, int, str]] = []
    for number, page in enumerate(pages):
        for block in page.blocks:
            if not isinstance(block, Line):
                continue
            if block.bottom > page.height * MARGIN_BAND and block.top < page.height * (1 - MARGIN_BAND):
                continue
            key = re.sub(r"\d+", "#", re.sub(r"\s+", "", block.text))
            banded.append((block, number, key))
            seen.setdefault(key, set()).add(number)
    threshold = max(2, (len(pages) + 1) // 2)
    return {
        id(line)
        for line, _, key in banded
        if PAGE_NUMBER.fullmatch(line.text.strip()) or len(seen[key]) >= threshold
    }


def _rows(table: Table) -> list[list[str]]:
    return [[_cell(c) for c in row] for row in table.rows if any((c or "").strip() for c in row)]


def _edges(pages: list[Page], running: set[int]) -> dict[int, tuple[float, float, float]]:
    """Left and right edge of the text block and the median character size, per page width: the block
    is the same on every page of a size, so a page of two short lines is measured against the others."""
    by_width: dict[int, list[Line]] = {}
    for page in pages:
        lines = by_width.setdefault(round(page.width), [])
        lines += [b for b in page.blocks if isinstance(b, Line) and id(b) not in running and b.text.strip()]
    return {
        width: (
            min((b.x0 for b in lines), default=0.0),
            max((b.x1 for b in lines), default=float(width)),
            statistics.median([b.size for b in lines]) if lines else 10.0,
        )
        for width, lines in by_width.items()
    }


class _Writer:
    """Finished lines plus the paragraph being built, with the offsets of what is added."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: str | None = None
        self.done = 0  # len("\n".join(lines))

    def _sep(self) -> int:
        return 1 if self.lines else 0

    def flush(self) -> None:
        if self.current is not None:
            self.done += self._sep() + len(self.current)
            self.lines.append(self.current)
            self.current = None

    def new_line(self, text: str) -> int:
        """Start a paragraph (or write a table row); its offset."""
        self.flush()
        self.current = text
        return self.done + self._sep()

    def extend(self, text: str) -> int:
        """Continue the paragraph; the offset of the added text."""
        assert self.current is not None
        joined = join_pieces(self.current, text)
        self.current = joined
        return self.done + self._sep() + len(joined) - len(text)

    def replace_last_row(self, text: str) -> int:
        """Rewrite the last finished line (a table row continued on the next page); its offset."""
        self.flush()
        old = self.lines.pop()
        self.done -= len(old) + self._sep()
        return self.new_line(text)

    def end(self) -> int:
        if self.current is None:
            return self.done
        return self.done + self._sep() + len(self.current)


def assemble(pages: list[Page]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The document text and each page's ``(start, end)`` in it (see the module docstring).

    A paragraph that runs on over a page break is split exactly there; a table row cut by a page break
    is one line, inside both pages' ranges.
    """
    running = _running(pages)
    writer = _Writer()
    spans: list[tuple[int, int]] = []
    table: list[list[str]] | None = None  # rows of the table block just written (page breaks)
    full = False  # the paragraph's last line reached the right edge: it may continue
    edges = _edges(pages, running)
    for page in pages:
        blocks = [b for b in page.blocks if id(b) not in running]
        left, right, size = edges[round(page.width)]
        start: int | None = None
        for block in sorted(blocks, key=lambda b: (round(b.top, 1), getattr(b, "x0", 0.0))):
            if isinstance(block, Table):
                rows = _rows(block)
                if table and rows and len(rows[0]) == len(table[-1]):
                    if rows[0] == table[0]:
                        rows = rows[1:]  # the header row repeated on the new page
                    if rows and not rows[0][0]:  # the rest of a row cut by the page break
                        table[-1] = [join_pieces(a, b) for a, b in zip(table[-1], rows[0], strict=True)]
                        at = writer.replace_last_row(pipe_row(table[-1]))
                        start = at if start is None else start
                        rows = rows[1:]
                else:
                    table = []
                for row in rows:
                    at = writer.new_line(pipe_row(row))
                    start = at if start is None else start
                    table.append(row)
                writer.flush()
                full = False
                continue
            text = tidy(block.text)
            if not text:
                continue
            table = None
            indented = block.x0 > left + 1.5 * size
            current = writer.current or ""
            opens_item = bool(ITEM_OPENER.match(text)) or (
                bool(ARTICLE_OPENER.match(text)) and bool(SENTENCE_END.search(current[-1:]))
            )
            continues = full or text[0] in CLOSING_PUNCT  # 、。，） never open a line
            if writer.current is not None and continues and not indented and not opens_item:
                at = writer.extend(text)
            else:
                at = writer.new_line(text)
            start = at if start is None else start
            full = block.x1 >= right - EDGE_CHARS * size
        end = writer.end()
        spans.append((end if start is None else start, end))
    writer.flush()
    return "\n".join(writer.lines), tuple(spans)
