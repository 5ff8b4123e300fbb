"""OCR of scans: images (.png, .jpg, .tif) and the pages of a PDF without a text layer.

Behind the ``[ocr]`` extra (``pip install 'policy-pipeline[ocr]'``): RapidOCR on ONNX Runtime
(``rapidocr-onnxruntime``, Apache-2.0), whose PP-OCRv4 detection and recognition models ship inside the
wheel, so nothing is downloaded at run time. Without it, a scan fails with one error naming the extra.

Each recognised line becomes a :class:`~pipeline.ingest.layout.Line` (its box in pixels), and the page
goes through :func:`~pipeline.ingest.layout.assemble` like a PDF page; the lines inside a ruled table
are put in its cells first (:mod:`pipeline.ingest.scan_tables`). One warning per page records
the OCR's mean confidence (weighted by characters), e.g. ``page 1: OCR confidence 0.962 (35 lines)``.
Known confusions are set right (:func:`fix_ocr_text`): the brackets of a 文号's year, which OCR reads
as lookalikes (``{2021）`` -> ``〔2021〕``), ASCII quotes beside CJK (-> “ ”), and the characters and
line openers of ``pipeline/resources/ocr_fixes.json`` (丶 -> 、, 一一 -> ——), and what stands between
two digits (1一2个 -> 1—2个).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import IngestError
from pipeline.ingest.layout import Line, Page, assemble
from pipeline.ingest.regexes import OCR_YEAR_BRACKETS
from pipeline.ingest.scan_tables import read_tables
from pipeline.resources import load_json
from pipeline.text.pieces import alternation

EXTRA = "pip install 'policy-pipeline[ocr]'"
MAX_PIXELS = 100_000_000  # one page image; an A4 page at 600 dpi is 35 million
MAX_FRAMES = 2000  # pages of a multi-page TIFF
UNCLIP_RATIO = 1.3
UPRIGHT_CONFIDENCE = 0.8  # a page read with less is read again turned 180° (an upright page: 0.95+)


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    # boxes grown less than the default 1.6: the lines of a 公文 page are close, and grown boxes of two
    # lines merge into one that the detector then drops (a whole line lost on the Qingyang scan)
    return RapidOCR(det_unclip_ratio=UNCLIP_RATIO)


@cache
def _fixes() -> tuple[dict[str, str], dict[str, str], dict[str, str], re.Pattern[str] | None]:
    data = load_json("ocr_fixes.json")
    between = dict(data.get("between_digits", {}))
    between_re = re.compile(f"(?<=[0-9])(?:{alternation(between)})(?=[0-9])") if between else None
    return dict(data.get("characters", {})), dict(data.get("line_openers", {})), between, between_re


def fix_ocr_text(text: str) -> str:
    """One OCR'd line with the known confusions set right (``ocr_fixes.json``, year brackets, quotes)."""
    characters, openers, between, between_re = _fixes()
    for wrong, right in openers.items():
        if text.startswith(wrong):
            text = right + text[len(wrong) :]
            break
    text = "".join(characters.get(c, c) for c in text)
    if between_re is not None:
        text = between_re.sub(lambda m: between[m.group()], text)  # 1一2个 -> 1—2个
    text = OCR_YEAR_BRACKETS.sub(r"〔\1〕", text)
    out, open_quote = [], False
    for i, c in enumerate(text):
        if c == '"' and not (text[i - 1 : i].isascii() and text[i + 1 : i + 2].isascii()):
            c = "”" if open_quote else "“"  # an ASCII quote beside CJK: the curly one it was
        if c in "“”":
            open_quote = c == "“"
        out.append(c)
    return "".join(out)


def _require(path: Path, what: str) -> None:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        raise IngestError(path, f"{what} needs OCR, which is not installed: {EXTRA}") from None


def _read_lines(image: Any) -> tuple[list[Line], float, float]:
    """The OCR'd lines of a page image, their characters and their confidence-weighted characters."""
    import numpy as np

    # no text-angle classifier: on an upright page it turns whole lines upside down, whose recognition
    # is then empty and the line lost (14 of 42 lines of a Qingyang page); pages are turned whole instead
    result, _ = _engine()(np.asarray(image.convert("RGB")), use_cls=False)
    blocks: list[Line] = []
    chars = weighted = 0.0
    for box, text, score in result or ():
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        text = fix_ocr_text(text)
        blocks.append(Line(min(xs), max(xs), min(ys), max(ys), text, max(ys) - min(ys)))
        chars += len(text)
        weighted += len(text) * float(score)
    return blocks, chars, weighted


def ocr_page(image: Any, number: int, warnings: list[str]) -> Page:
    """One page image (a PIL image) as a :class:`Page` of OCR'd lines; its confidence in ``warnings``.

    A page read with a mean confidence under :data:`UPRIGHT_CONFIDENCE` (or no text) is read again
    turned 180° (a sheet scanned upside down reads as a few low-confidence scraps), and the reading with
    more confident characters is kept, with a warning.
    """
    blocks, chars, weighted = _read_lines(image)
    turned = False
    if not chars or weighted / chars < UPRIGHT_CONFIDENCE:
        flipped = image.rotate(180)
        other = _read_lines(flipped)
        if other[2] > weighted:
            (blocks, chars, weighted), image, turned = other, flipped, True
    confidence = f"confidence {weighted / chars:.3f}" if chars else "no text found"
    warnings.append(f"page {number}: OCR {confidence} ({len(blocks)} lines)")
    if turned:
        warnings.append(f"page {number}: scanned upside down, read turned 180°")
    tables, rest = read_tables(image, blocks, _recognise_line)
    return Page(float(image.width), float(image.height), [*rest, *tables])


def _recognise_line(image: Any) -> tuple[str, float]:
    """One line's image read without detection (a cell the detector missed): text and confidence."""
    import numpy as np

    result, _ = _engine()(np.asarray(image.convert("RGB")), use_det=False, use_cls=False)
    if not result:
        return "", 0.0
    text, score = result[0][0], float(result[0][1])
    return fix_ocr_text(text), score


def _frames(path: Path) -> Iterator[Any]:
    from PIL import Image, ImageSequence

    try:
        with Image.open(path) as image:
            for n, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if n > MAX_FRAMES:
                    raise IngestError(path, f"has more than {MAX_FRAMES:,} pages")
                if frame.width * frame.height > MAX_PIXELS:
                    raise IngestError(
                        path, f"page {n} is {frame.width}x{frame.height} pixels, over {MAX_PIXELS:,}"
                    )
                yield frame.copy()
    except IngestError:
        raise
    except Exception as exc:  # PIL raises UnidentifiedImageError, OSError, DecompressionBombError
        raise IngestError(path, f"is not a readable image ({type(exc).__name__}: {exc})") from None


def read_image(path: Path, warnings: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The OCR'd text of an image (every page of a multi-page TIFF) and its page map."""
    _require(path, "an image")
    pages = [ocr_page(frame, n, warnings) for n, frame in enumerate(_frames(path), start=1)]
    return assemble(pages)


def ocr_pdf_pages(path: Path, numbers: Iterable[int], dpi: int, warnings: list[str]) -> list[Page]:
    """The PDF pages ``numbers`` (0-based) rendered at ``dpi`` (pypdfium2) and OCR'd."""
    numbers = list(numbers)
    _require(path, f"{len(numbers)} page(s) without a text layer (a scan)")
    import pypdfium2

    pages: list[Page] = []
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for number in numbers:
            page = pdf[number]
            width, height = page.get_size()
            scale = dpi / 72
            if width * height * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (width * height)) ** 0.5
            image = page.render(scale=scale, grayscale=True).to_pil()
            pages.append(ocr_page(image, number + 1, warnings))
            page.close()
    finally:
        pdf.close()
    return pages
