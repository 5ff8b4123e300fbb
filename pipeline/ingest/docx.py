"""Word documents (.docx): body paragraphs and tables, in document order, as plain text.

Each paragraph becomes one line. Each table row becomes one line in Markdown pipe form
``| cell | cell |`` (line breaks inside a cell become a space, ``|`` inside a cell is escaped as ``\\|``),
the header row included as it is in the file and no ``|---|`` separator added. A cell merged across
columns or rows is repeated in each position it covers (python-docx's grid view), so every row of a
table has the same number of cells. Headers, footers, text boxes and comments are not read.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.ingest.archive import check_archive
from pipeline.ingest.regexes import CELL_BREAK

logger = logging.getLogger(__name__)


def pipe_row(cells: list[str]) -> str:
    """One table row as a Markdown pipe line: ``| a | b |``, line breaks in cells turned into spaces."""
    clean = [CELL_BREAK.sub(" ", cell).strip().replace("|", "\\|") for cell in cells]
    return "| " + " | ".join(clean) + " |"


def read_docx_text(path: Path) -> str:
    """The text of a .docx file: paragraphs and table rows in body order, one per line.

    Raises:
        IngestError: the file is not a readable .docx (corrupt, another ZIP, an old .doc renamed).
    """
    import docx
    from docx.table import Table

    check_archive(path, ".docx")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML, key and package errors for bad files
        raise IngestError(path, f"is not a readable .docx file ({type(exc).__name__}: {exc})") from None
    lines: list[str] = []
    try:
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(pipe_row([cell.text for cell in row.cells]) for row in block.rows)
            else:
                lines.append(block.text)
    except Exception as exc:  # malformed XML inside a valid package
        raise IngestError(path, f"has a malformed document body ({type(exc).__name__}: {exc})") from None
    return "\n".join(lines)
