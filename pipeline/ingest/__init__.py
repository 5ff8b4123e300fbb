"""Ingestion: files to :class:`~pipeline.models.SourceDocument` (decoded text + known metadata).

Single-document files (``.txt``, ``.md``, ``.docx``, ``.html``, ``.htm``, ``.pdf``, ``.doc``, ``.wps``,
``.ofd`` and the images ``.png``, ``.jpg``, ``.jpeg``, ``.tif``, ``.tiff``) give one document; table files
(``.csv``, ``.tsv``, ``.xlsx``, ``.jsonl``) give one document per row. The file type comes from the
suffix; the text encoding is detected from the bytes (:func:`decode_bytes`). Every failure is an
:class:`~pipeline.errors.IngestError` naming the file and the reason.

    from pipeline.ingest import read_document, read_documents
    doc = read_document("qingyang-2021-13.txt")
    docs = read_documents("central-policies.csv", text_column="content")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.errors import IngestError
from pipeline.ingest.text import decode_bytes, decode_file, normalise_breaks
from pipeline.models import SourceDocument

__all__ = ["SUPPORTED_SUFFIXES", "decode_bytes", "read_document", "read_documents"]

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")  # scans: OCR, the [ocr] extra
PAGED_SUFFIXES = (".pdf", ".ofd", *IMAGE_SUFFIXES)  # documents with a page map
DOCUMENT_SUFFIXES = (*TEXT_SUFFIXES, ".docx", *HTML_SUFFIXES, ".doc", ".wps", *PAGED_SUFFIXES)
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".jsonl")
SUPPORTED_SUFFIXES = (*DOCUMENT_SUFFIXES, *TABLE_SUFFIXES)

# Formats people try that are not read, with what to do instead.
_HINTS = {
    ".xls": "old binary Excel files are not read; save it as .xlsx",
    ".json": "JSON is read as JSON Lines only (one object per line); name the file .jsonl",
}


def _checked(path: str | Path) -> Path:
    """The path, if it names an existing non-empty file of a supported type."""
    path = Path(path)
    if path.is_dir():
        raise IngestError(path, "is a directory; read the files in it one by one (or use batch)")
    if not path.exists():
        raise IngestError(path, "file not found")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = _HINTS.get(suffix, f"supported suffixes: {', '.join(SUPPORTED_SUFFIXES)}")
        raise IngestError(path, f"unsupported file type {suffix or '(no suffix)'!r}; {hint}")
    if path.stat().st_size == 0:
        raise IngestError(path, "file is empty (0 bytes)")
    return path


def read_document(path: str | Path, *, encoding: str | None = None) -> SourceDocument:
    """Read one single-document file (txt, md, docx, html, pdf, doc, wps, ofd, png, jpg, tif).

    Args:
        path: the file.
        encoding: force a text encoding (txt, md, html) instead of detecting it.

    Returns:
        The document; ``source`` is the path, ``encoding`` the codec used (None for binary formats),
        ``pages`` the page map of a PDF, OFD or image: ``(start, end)`` of each page in ``text``.

    Raises:
        IngestError: missing, empty, binary, undecodable, corrupt or unsupported file, or a table file
            (use :func:`read_documents`).
    """
    path = _checked(path)
    suffix = path.suffix.lower()
    warnings: list[str] = []
    pages: tuple[tuple[int, int], ...] = ()
    if suffix not in DOCUMENT_SUFFIXES:
        raise IngestError(path, f"a {suffix} file holds one document per row; use read_documents()")
    if suffix in PAGED_SUFFIXES or suffix in (".doc", ".wps"):
        (text, pages), used = _read_binary(path, suffix, warnings), None
        if not text.strip():
            raise IngestError(path, "has no text (no text layer, or OCR found none)")
    elif suffix == ".docx":
        # start-up: each reader loads with the first file of its kind, not with `import pipeline`
        from pipeline.ingest.docx import read_docx_text

        text, used = read_docx_text(path), None
        if not text.strip():
            raise IngestError(path, "document has no text in its paragraphs or tables")
    elif suffix in HTML_SUFFIXES:
        # start-up: loaded with the first HTML file
        from pipeline.ingest.html import read_html_text

        text, used = read_html_text(path, encoding, warnings)
    else:
        text, used = decode_file(path, encoding, warnings)

    if not pages:
        text, breaks = normalise_breaks(text)  # the paged readers write LF only: their offsets stand
        warnings += [breaks] if breaks else []
    return SourceDocument(
        text=text, source=str(path), meta={}, encoding=used, warnings=tuple(warnings), pages=pages
    )


def _read_binary(path: Path, suffix: str, warnings: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Text and page map of the formats read through a layout (PDF, OFD, images) or a converter."""
    if suffix == ".pdf":
        # start-up: loaded with the first PDF (layout, OCR fallback)
        from pipeline.ingest.pdf import read_pdf

        return read_pdf(path, warnings)
    if suffix == ".ofd":
        # start-up: loaded with the first OFD file
        from pipeline.ingest.ofd import read_ofd

        return read_ofd(path)
    if suffix in IMAGE_SUFFIXES:
        # start-up: loaded with the first image (OCR)
        from pipeline.ingest.ocr import read_image

        return read_image(path, warnings)
    # start-up: loaded with the first .doc or .wps file
    from pipeline.ingest.doc import read_doc

    return read_doc(path), ()


def read_documents(
    path: str | Path,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    title_column: str | None = None,
    date_column: str | None = None,
    issuer_column: str | None = None,
    doc_number_column: str | None = None,
    encoding: str | None = None,
    row_errors: list[tuple[str, str]] | None = None,
    metadata: Any = None,
) -> list[SourceDocument]:
    """Read every document of a file: one per row of a table file, one for the other types.

    Columns not named are found by their usual headers (``content``/``正文``, ``id``/``编号``,
    ``title``/``标题``, ``date``/``发布日期``, ``issuer``/``发文机关``, ``doc_number``/``文号``; see
    ``pipeline/resources/ingest_columns.csv``). The column options are ignored for single-document files.

    Args:
        path: the file.
        text_column: the column holding each document's text.
        id_column, title_column, date_column, issuer_column, doc_number_column: metadata columns.
        encoding: force a text encoding (txt, md, html, csv, tsv, jsonl) instead of detecting it.
        row_errors: when a list is given, a table row that cannot be used (empty text, extra cells) is
            appended to it as ``(source, reason)`` and the other rows are returned.
        metadata: a metadata table (:func:`pipeline.ingest.metadata.load_metadata`, or its path) whose
            row for each document supplies its title, 文号, issuer, level, region and date.

    Returns:
        The documents in file order; a row's ``source`` is ``"{path}#{id or row number}"``.

    Raises:
        IngestError: as :func:`read_document`, and a table without the text column (the message lists
            the columns), a named column that is absent, or rows whose text is empty (named).
    """
    # start-up: `import pipeline` does not load the metadata tables
    from pipeline.ingest.metadata import apply_metadata, metadata_option

    table = metadata_option(metadata)
    path = _checked(path)
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return [apply_metadata(read_document(path, encoding=encoding), table)]
    # start-up: loaded with the first table file
    from pipeline.ingest.tabular import read_table

    options = {
        "text": text_column,
        "id": id_column,
        "title": title_column,
        "date": date_column,
        "issuer": issuer_column,
        "doc_number": doc_number_column,
    }
    return [apply_metadata(d, table) for d in read_table(path, options, encoding, row_errors)]
