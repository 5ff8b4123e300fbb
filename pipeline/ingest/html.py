"""HTML pages (.html, .htm): the main text, one block element per line, tables as pipe rows.

Decoding: a BOM wins, then valid UTF-8, then the charset the page declares in a ``<meta>`` tag (GB2312
and GBK read as their superset GB18030), then detection as for text files. Rendering: ``script``,
``style``, ``nav``, ``header``, ``footer`` (and other non-content elements) are dropped; the largest
``<article>`` or ``<main>`` is used when the page has one, else ``<body>``; HTML whitespace collapses
to one space as in a browser, to nothing when it is a line break between two CJK characters
(U+3000 indentation is content and is kept); each block element starts a
new line; each ``<tr>`` becomes ``| a | b |`` with ``colspan``/``rowspan`` cells repeated.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.ingest.docx import pipe_row
from pipeline.ingest.regexes import HTML_META_CHARSET, HTML_SPACE, HTML_WIDE_BREAK
from pipeline.ingest.text import MIN_PLAUSIBILITY, decode_bytes, decode_with, plausibility, read_bytes

DROPPED = frozenset(
    [
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
        "form",
        "button",
        "select",
        "textarea",
        "head",
        "title",
        "meta",
        "link",
        "object",
        "embed",
    ]
)
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "ul",
        "body",
        "caption",
    ]
)
_MAX_SPAN = 100  # colspan/rowspan values above this are treated as typos


def decode_html(data: bytes, path: Path | None = None, warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode HTML bytes: BOM, valid UTF-8, the declared ``<meta>`` charset, then detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, path, warnings)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = HTML_META_CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            name = codecs.lookup(name).name
        except LookupError:
            name = ""
        if name in {"gb2312", "gbk", "cp936", "euc_cn"}:
            name = "gb18030"
        try:
            text = data.decode(name) if name else None
        except UnicodeDecodeError:
            text = None
        if text is not None and plausibility(text) >= MIN_PLAUSIBILITY:
            return text, name
    return decode_bytes(data, path, warnings)


class _Lines:
    """Accumulates inline text and emits one stripped, non-empty line per block."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._parts: list[str] = []

    def add(self, text: str) -> None:
        self._parts.append(text)

    def break_line(self) -> None:
        line = "".join(self._parts).strip(" ")
        if line:
            self.lines.append(line)
        self._parts = []


def _cell_text(cell) -> str:
    return HTML_SPACE.sub(" ", HTML_WIDE_BREAK.sub("", cell.get_text(" "))).strip(" ")


def _span(cell, attr: str) -> int:
    try:
        return max(1, min(int(str(cell.get(attr, "1")).strip() or 1), _MAX_SPAN))
    except ValueError:
        return 1


def _table_rows(table) -> list[str]:
    """The table's own rows (not those of nested tables) as pipe lines, spans filled in."""
    rows: list[str] = []
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered) from rowspans
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells: list[str] = []
        col = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while col in pending:
                cells.append(_take(pending, col))
                col += 1
            text, colspan, rowspan = _cell_text(cell), _span(cell, "colspan"), _span(cell, "rowspan")
            for _ in range(colspan):
                if rowspan > 1:
                    pending[col] = (text, rowspan - 1)
                cells.append(text)
                col += 1
        while col in pending:
            cells.append(_take(pending, col))
            col += 1
        if any(cells):
            rows.append(pipe_row(cells))
    return rows


def _take(pending: dict[int, tuple[str, int]], col: int) -> str:
    text, left = pending.pop(col)
    if left > 1:
        pending[col] = (text, left - 1)
    return text


def html_to_text(markup: str) -> str:
    """The main text of an HTML document, one block per line (see the module docstring)."""
    from bs4 import BeautifulSoup, NavigableString, Tag
    from bs4.element import PreformattedString

    soup = BeautifulSoup(markup, "lxml")
    candidates = soup.find_all(["article", "main"])
    root = max(candidates, key=lambda t: len(t.get_text())) if candidates else (soup.body or soup)
    out = _Lines()
    stack: list[object] = [root]
    while stack:  # iterative walk: deeply nested pages must not hit the recursion limit
        node = stack.pop()
        if node is None:  # marks the end of a block element
            out.break_line()
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctype, CDATA
                out.add(HTML_SPACE.sub(" ", HTML_WIDE_BREAK.sub("", str(node))))
        elif isinstance(node, Tag):
            name = node.name
            if name in DROPPED and not (name == "header" and node.find_parent("article")):
                continue  # an <article>'s own <header> holds its title: kept
            if name == "br":
                out.break_line()
            elif name == "table":
                out.break_line()
                out.lines.extend(_table_rows(node))
            elif name == "pre":
                out.break_line()
                out.lines.extend(line for line in node.get_text().splitlines() if line.strip())
            else:
                if name in BLOCKS:
                    out.break_line()
                    stack.append(None)
                stack.extend(reversed(node.contents))
    out.break_line()
    return "\n".join(out.lines)


def read_html_text(
    path: Path, encoding: str | None = None, warnings: list[str] | None = None
) -> tuple[str, str]:
    """Read an HTML file: ``(main text, encoding)``; a page without text is an error."""
    data = read_bytes(path)
    if encoding:
        markup = decode_with(data, encoding, path, warnings)
    else:
        markup, encoding = decode_html(data, path, warnings)
    text = html_to_text(markup)
    if not text.strip():
        raise IngestError(path, "HTML page has no text outside scripts, styles and navigation")
    return text, encoding
