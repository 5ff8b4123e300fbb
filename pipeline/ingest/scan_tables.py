"""Ruled tables of scanned pages: the grid found in the image, the OCR'd lines put in its cells.

OCR gives lines of text with boxes and no notion of a table, so an annex 任务清单 would be read as a
column of loose lines. The grid comes from the image itself:

1. the page is binarised (:data:`DARK`) and its skew measured by the projection profile (the angle
   whose row sums are the most peaked: rulings and text lines are horizontal there), coarse on a small
   copy, then fine;
2. in the deskewed image, a *horizontal ruling* is a run of dark pixels at least :data:`MIN_RULE_SHARE`
   of the page width long (a ruling one pixel thick may step between two rows: rows are dilated by one);
3. between two consecutive horizontal rulings, a *vertical ruling* is a column dark over at least
   :data:`VERTICAL_COVER` of the band (text strokes are short); a band with two vertical rulings or more
   is a table row, and consecutive rows make a table; the columns of the table are the vertical rulings
   of all its rows, clustered (a cell merged across columns has fewer rulings);
4. each OCR'd line goes to the cell that holds its centre (mapped into the deskewed frame); a cell's
   lines are read top to bottom, and two pieces of one visual line more than :data:`SPACE_GAP` of the
   character height apart are joined with a space (the space between two department names).

The rest of the page is left to :func:`~pipeline.ingest.layout.assemble`, which writes each table row
as ``| cell | cell |`` and joins a row cut by a page break. A page without rulings gives no table.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.ingest.layout import Line, Table

DARK = 160  # a grey level below this is ink
MIN_RULE_SHARE = 0.25  # a horizontal ruling is at least this share of the page width
MAX_RULE_WIDTH = 12  # pixels, dilation included
RULE_GAP = 3  # pixels of a broken ruling bridged (resampling thins a rotated line)
VERTICAL_COVER = 0.9  # share of a band's height a vertical ruling covers
MIN_BAND = 8  # pixels: rulings closer than this are one ruling drawn twice
MAX_SKEW = 3.0  # degrees searched either way
MAX_SKEW_PIXELS = 400_000  # ink pixels the skew is measured on
CELL_MARGIN = 4  # pixels of a cell's edge left out of its crop (the rulings)
MIN_INK = 12  # dark pixels: fewer in an empty cell is dust
MIN_CELL_SCORE = 0.5  # recognition confidence below which an empty cell stays empty
SPACE_GAP = 0.45  # a gap this many character heights wide between two pieces of a line is a space


Recogniser = Callable[[Any], tuple[str, float]]  # one line's image -> (text, confidence)


@dataclass(frozen=True)
class Band:
    """One table row in the deskewed frame: between two horizontal rulings, cut by vertical ones."""

    top: float
    bottom: float
    xs: tuple[float, ...]

    def ruled_at(self, x: float, tolerance: float) -> bool:
        """Whether one of the row's vertical rulings stands within ``tolerance`` of ``x``."""
        return any(abs(r - x) <= tolerance for r in self.xs)


def estimate_skew(dark: Any) -> float:
    """The angle (degrees, as for ``PIL.Image.rotate``) that makes the page's lines horizontal.

    Each ink pixel's row after a rotation by ``a`` is ``y - x·tan(a)`` (small angles); the angle whose
    row histogram has the largest sum of squares wins, searched in steps of 0.1° then 0.01°.
    """
    import numpy as np

    ys, xs = np.nonzero(dark)
    if len(ys) > MAX_SKEW_PIXELS:  # an even sample is enough for the histogram's shape
        keep = slice(None, None, len(ys) // MAX_SKEW_PIXELS + 1)
        ys, xs = ys[keep], xs[keep]
    if not len(ys):
        return 0.0
    xs = xs.astype("float64")

    def score(angle: float) -> float:
        rows = np.rint(ys - xs * math.tan(math.radians(angle))).astype("int64")
        counts = np.bincount(rows - rows.min())
        return float((counts.astype("float64") ** 2).sum())

    best = 0.0
    for span, step in ((MAX_SKEW, 0.1), (0.1, 0.01)):
        count = round(span / step)
        best = max((best + step * k for k in range(-count, count + 1)), key=score)
    return round(best, 2)


def _runs(flags: Any, min_length: int, bridge: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the runs of True in a 1-D array, gaps up to ``bridge`` bridged."""
    import numpy as np

    padded = np.concatenate(([0], flags.astype("int8"), [0]))
    edges = np.flatnonzero(np.diff(padded))
    runs: list[list[int]] = []
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        if runs and start - runs[-1][1] <= bridge:
            runs[-1][1] = int(end)
        else:
            runs.append([int(start), int(end)])
    return [(s, e) for s, e in runs if e - s >= min_length]


def horizontal_rulings(dark: Any) -> list[tuple[int, int, int, int]]:
    """``(top, bottom, x0, x1)`` of each horizontal ruling of a deskewed binary page."""
    import numpy as np

    width = dark.shape[1]
    min_length = max(20, int(width * MIN_RULE_SHARE))
    grown = dark.copy()
    grown[1:] |= dark[:-1]
    candidates = np.flatnonzero(grown.sum(axis=1) >= min_length)
    found: list[list[int]] = []  # [top, bottom, x0, x1]
    for y in candidates:
        runs = _runs(grown[y], min_length, RULE_GAP)
        if not runs:
            continue
        x0, x1 = runs[0][0], runs[-1][1]
        if found and y - found[-1][1] <= 2:
            last = found[-1]
            last[1], last[2], last[3] = int(y), min(last[2], x0), max(last[3], x1)
        else:
            found.append([int(y), int(y), x0, x1])
    # a grown row is dark when the row above it is: a ruling's last row is one above its group's
    return [(t, max(t, b - 1), x0, x1) for t, b, x0, x1 in found]


def vertical_rulings(dark: Any, top: int, bottom: int, x0: int, x1: int) -> tuple[float, ...]:
    """x of the vertical rulings crossing the band between rows ``top`` and ``bottom``."""
    left = max(0, x0 - 3)
    band = dark[top:bottom, left : x1 + 4]
    if band.shape[0] < 2:
        return ()
    grown = band.copy()
    grown[:, 1:] |= band[:, :-1]
    grown[:, :-1] |= band[:, 1:]
    cover = grown.mean(axis=0) >= VERTICAL_COVER
    # a ruling is a few pixels wide; a wider dark stretch is a filled area, not a line
    return tuple(left + (s + e - 1) / 2 for s, e in _runs(cover, 1, 0) if e - s <= MAX_RULE_WIDTH)


def find_bands(dark: Any) -> list[list[Band]]:
    """The tables of a deskewed binary page, each a list of its rows from the top."""
    rulings = horizontal_rulings(dark)
    tables: list[list[Band]] = []
    previous_end: int | None = None
    for upper, lower in itertools.pairwise(rulings):
        if lower[0] - upper[1] < MIN_BAND:
            continue
        x0, x1 = max(upper[2], lower[2]), min(upper[3], lower[3])
        xs = vertical_rulings(dark, upper[1] + 2, lower[0] - 1, x0, x1) if x1 > x0 else ()
        if len(xs) < 2:
            previous_end = None
            continue
        band = Band((upper[0] + upper[1]) / 2, (lower[0] + lower[1]) / 2, xs)
        if previous_end is not None and previous_end == upper[0] and tables:
            tables[-1].append(band)
        else:
            tables.append([band])
        previous_end = lower[0]
    return tables


def _columns(bands: list[Band], tolerance: float) -> list[float]:
    xs = sorted(x for band in bands for x in band.xs)
    clusters: list[list[float]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= tolerance:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [sum(c) / len(c) for c in clusters]


def _read_empty_cells(
    gray: Any,
    dark: Any,
    bands: list[Band],
    columns: list[float],
    tolerance: float,
    rows: list[list[str]],
    recognise: Recogniser,
) -> None:
    from PIL import ImageOps

    for band, row in zip(bands, rows, strict=True):
        for i, text in enumerate(row):
            left, right = columns[i], columns[i + 1]
            if text or not band.ruled_at(left, tolerance):
                continue
            j = i + 1  # the cell runs to the next ruling of this row (cells merged across columns)
            while j < len(columns) - 1 and not band.ruled_at(columns[j], tolerance):
                j += 1
            right = columns[j]
            x0, x1 = int(left) + CELL_MARGIN, int(right) - CELL_MARGIN
            y0, y1 = int(band.top) + CELL_MARGIN, int(band.bottom) - CELL_MARGIN
            box = _ink_box(dark[y0:y1, x0:x1])
            if box is None:
                continue
            crop = gray.crop((x0 + box[0], y0 + box[1], x0 + box[2], y0 + box[3]))
            found, score = recognise(ImageOps.expand(crop, border=8, fill=255))
            if found.strip() and score >= MIN_CELL_SCORE:
                row[i] = found.strip()


@dataclass
class _Piece:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


def _cell_text(pieces: list[_Piece]) -> str:
    """A cell's pieces, visual lines joined by line breaks, pieces of one line by a space when apart."""
    lines: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.top + p.bottom) / 2):
        middle = (piece.top + piece.bottom) / 2
        if lines and lines[-1][0].top <= middle <= lines[-1][0].bottom:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    out = []
    for line in lines:
        line.sort(key=lambda p: p.x0)
        text = line[0].text
        for left, right in itertools.pairwise(line):
            height = max(1.0, left.bottom - left.top)
            text += (" " if right.x0 - left.x1 > SPACE_GAP * height else "") + right.text
        out.append(text)
    return "\n".join(out)


def _ink_box(dark: Any) -> tuple[int, int, int, int] | None:
    """``(x0, top, x1, bottom)`` of the first line of ink in a cell's crop, rulings left out."""
    import numpy as np

    if not dark.size:
        return None
    dark = dark.copy()
    dark[:, dark.mean(axis=0) >= 0.6] = False  # a ruling the crop still touches
    dark[dark.mean(axis=1) >= 0.6, :] = False
    rows = _runs(dark.any(axis=1), 1, 2)
    if not rows or dark.sum() < MIN_INK:
        return None
    top, bottom = rows[0]
    columns = np.flatnonzero(dark[top:bottom].any(axis=0))
    return int(columns[0]), top, int(columns[-1]) + 1, bottom


def read_tables(
    image: Any, lines: list[Line], recognise: Recogniser | None = None
) -> tuple[list[Table], list[Line]]:
    """The ruled tables of a page image with the OCR'd ``lines`` in their cells, and the lines left.

    ``lines`` are in the image's pixels; so are the tables' ``top`` and ``bottom``. A cell that holds
    ink but no line (the detector misses a lone digit such as a row's 序号) is read by ``recognise``
    (recognition without detection) on its first line of ink.
    """
    import numpy as np
    from PIL import Image

    gray = image.convert("L")
    dark = np.asarray(gray) < DARK
    angle = estimate_skew(dark)
    if angle:
        gray = gray.rotate(angle, resample=Image.BILINEAR, fillcolor=255)
        dark = np.asarray(gray) < DARK
    tables = find_bands(dark)
    if not tables:
        return [], lines
    height, width = dark.shape
    cx, cy = width / 2, height / 2
    theta = math.radians(angle)
    cos, sin = math.cos(theta), math.sin(theta)

    def deskewed(x: float, y: float) -> tuple[float, float]:
        # PIL rotates counter-clockwise by ``angle`` about the centre (y grows downwards)
        dx, dy = x - cx, y - cy
        return cx + dx * cos + dy * sin, cy - dx * sin + dy * cos

    def original_y(x: float, y: float) -> float:
        dx, dy = x - cx, y - cy
        return cy + dx * sin + dy * cos

    tolerance = max(8.0, width / 100)
    placed: set[int] = set()
    out: list[Table] = []
    for bands in tables:
        columns = _columns(bands, tolerance)
        cells: list[list[list[_Piece]]] = [[[] for _ in columns[:-1]] for _ in bands]
        for n, line in enumerate(lines):
            x0, top = deskewed(line.x0, line.top)
            x1, bottom = deskewed(line.x1, line.bottom)
            mx, my = (x0 + x1) / 2, (top + bottom) / 2
            if not (bands[0].top <= my <= bands[-1].bottom and columns[0] <= mx <= columns[-1]):
                continue
            row = next((i for i, b in enumerate(bands) if b.top <= my <= b.bottom), None)
            if row is None:
                continue
            column = max(i for i, x in enumerate(columns[:-1]) if x <= mx)
            while column > 0 and not bands[row].ruled_at(columns[column], tolerance):
                column -= 1  # a cell merged across columns: its text belongs to its first column
            cells[row][column].append(_Piece(x0, x1, top, bottom, line.text))
            placed.add(n)
        rows = [[_cell_text(cell) for cell in row] for row in cells]
        if recognise is not None:
            _read_empty_cells(gray, dark, bands, columns, tolerance, rows, recognise)
        middle = (columns[0] + columns[-1]) / 2
        out.append(Table(original_y(middle, bands[0].top), original_y(middle, bands[-1].bottom), rows))
    return out, [line for n, line in enumerate(lines) if n not in placed]
