"""PDF files: the text layer through pdfplumber (pdfminer.six), scanned pages through OCR.

Each page's ruled tables are read as tables (pdfplumber's line strategy), the characters outside them
as lines (pdfplumber's ``extract_text_lines``); :func:`pipeline.ingest.layout.assemble` puts them in
reading order, joins lines broken by the page width, drops running headers, footers and page numbers,
and writes table rows as the docx reader does. A page with (almost) no text layer is a scan: it is
rendered (pypdfium2, ``OCR_DPI``) and read by :mod:`pipeline.ingest.ocr` when the ``[ocr]`` extra is
installed, otherwise the file fails with one error naming the extra.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.ingest.layout import Line, Page, Table, assemble, join_pieces, tidy
from pipeline.ingest.ocr import ocr_pdf_pages

logger = logging.getLogger(__name__)

MAX_PAGES = 2000  # a longer file is refused: policy documents run to tens of pages, compilations hundreds
MIN_LAYER_CHARS = 10  # a page with fewer characters in its text layer is treated as a scan
OCR_DPI = 200


def _text_page(page) -> Page:  # type: ignore[no-untyped-def]
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    body = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes)) if boxes else page
    blocks: list[Line | Table] = [
        Line(t["x0"], t["x1"], t["top"], t["bottom"], t["text"], t["bottom"] - t["top"])
        for t in body.extract_text_lines(return_chars=False)
    ]
    blocks += [Table(t.bbox[1], t.bbox[3], _cells(page, t)) for t in found]
    return Page(float(page.width), float(page.height), blocks)


def _inside(obj, box) -> bool:  # type: ignore[no-untyped-def]
    """Whether an object's centre lies in ``box`` (a glyph's box pokes out of its cell's top)."""
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _cells(page, table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The table's cell texts, a cell's wrapped lines joined without a space, unless the text layer has
    a space character after the line's last glyph (``市文体广电旅游局 / 市人社局``: the wrap came at a
    space the layer keeps)."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells = []
        for box in row.cells:
            cell = page.filter(lambda o, b=box: _inside(o, b)) if box else None
            if cell is None:
                cells.append("")
                continue
            stream = cell.chars  # content-stream order: what follows a line's last glyph
            after = {_key(c): stream[i + 1]["text"] for i, c in enumerate(stream[:-1])}
            text, previous = "", None
            for line in cell.extract_text_lines(return_chars=True):
                piece = tidy(line["text"])
                gap = previous is not None and after.get(_key(previous), "").isspace()
                text = text + " " + piece if gap else join_pieces(text, piece)
                previous = line["chars"][-1]
            cells.append(text)
        rows.append(cells)
    return rows


def _key(char) -> tuple[float, float, str]:  # type: ignore[no-untyped-def]
    return (round(char["x0"], 2), round(char["top"], 2), char["text"])


def read_pdf(path: Path, warnings: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text of a PDF and its page map; OCR'd pages add their confidence to ``warnings``.

    Raises:
        IngestError: not a readable PDF, encrypted, over ``MAX_PAGES``, or scanned pages without the
            ``[ocr]`` extra.
    """
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises PDFSyntaxError, PSEOF, PDFPasswordIncorrect...
        name = type(exc).__name__
        reason = "is encrypted (password protected)" if "Password" in name else "is not a readable PDF"
        raise IngestError(path, f"{reason} ({name}: {exc})") from None
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise IngestError(path, f"has {len(pdf.pages):,} pages, more than the limit of {MAX_PAGES:,}")
        pages: list[Page] = []
        scanned: list[int] = []
        try:
            for number, page in enumerate(pdf.pages):
                if len(page.chars) < MIN_LAYER_CHARS:
                    scanned.append(number)
                    pages.append(Page(float(page.width), float(page.height)))
                else:
                    pages.append(_text_page(page))
                page.close()  # pdfplumber caches each page's objects; free them as we go
        except IngestError:
            raise
        except Exception as exc:
            raise IngestError(path, f"has an unreadable page ({type(exc).__name__}: {exc})") from None
    if scanned:
        for number, page in zip(scanned, ocr_pdf_pages(path, scanned, OCR_DPI, warnings), strict=True):
            pages[number] = page
    return assemble(pages)
