"""Ruled tables of scans (pipeline/ingest/scan_tables.py): the grid found in the image, OCR'd lines put in
its cells. The geometry is tested on drawn grids (no OCR needed); the whole path on a scanned page of the
Qingyang annex (tests/fixtures/formats/annex-scan.png) against the plain text's task rows."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from format_helpers import FORMATS, QINGYANG_TXT, extract_file, extract_text_file
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from pipeline.ingest.layout import Line, Page, Table, assemble
from pipeline.ingest.scan_tables import estimate_skew, find_bands, read_tables

COLUMNS = (100, 180, 520, 700, 820)  # x of the vertical rulings
ROWS = (100, 140, 260, 330)  # y of the horizontal rulings


def _grid(angle: float = 0.0, columns=COLUMNS, rows=ROWS) -> Image.Image:  # type: ignore[no-untyped-def]
    image = Image.new("L", (900, 500), 255)
    draw = ImageDraw.Draw(image)
    for y in rows:
        draw.line([(columns[0], y), (columns[-1], y)], fill=0, width=2)
    for x in columns:
        draw.line([(x, rows[0]), (x, rows[-1])], fill=0, width=2)
    return image.rotate(angle, resample=Image.BILINEAR, fillcolor=255) if angle else image


def _line(x0: float, top: float, text: str, width: float = 60, height: float = 22) -> Line:
    return Line(x0, x0 + width, top, top + height, text, height)


@settings(max_examples=15, deadline=None)
@given(st.floats(min_value=-2.5, max_value=2.5))
def test_the_skew_of_a_ruled_page_is_found(angle: float) -> None:
    dark = np.asarray(_grid(angle)) < 160
    # within 1.5 pixels of drift over the grid's 720 pixels: what a ruling's rows can tell apart
    assert estimate_skew(dark) == pytest.approx(-angle, abs=0.12)


def test_rows_and_columns_come_from_the_rulings() -> None:
    (bands,) = find_bands(np.asarray(_grid()) < 160)
    assert [round(b.top) for b in bands] == [100, 140, 260]
    assert [round(b.bottom) for b in bands] == [140, 260, 330]
    assert all([round(x) for x in b.xs] == list(COLUMNS) for b in bands)


def test_a_page_without_rulings_has_no_table() -> None:
    image = Image.new("L", (900, 500), 255)
    ImageDraw.Draw(image).rectangle([100, 100, 400, 120], fill=0)  # a black bar is no grid
    lines = [_line(100, 200, "一、总体目标")]
    assert read_tables(image, lines) == ([], lines)


@pytest.mark.parametrize("angle", [0.0, 0.7, -1.5])
def test_lines_land_in_their_cells_on_a_skewed_page(angle: float) -> None:
    image = _grid(angle)
    centre = (image.width / 2, image.height / 2)
    theta = np.radians(angle)

    def placed(x: float, y: float, text: str) -> Line:  # a line of the straight page, as the scan has it
        dx, dy = x - centre[0], y - centre[1]
        x2 = centre[0] + dx * np.cos(theta) + dy * np.sin(theta)
        y2 = centre[1] - dx * np.sin(theta) + dy * np.cos(theta)
        return _line(x2, y2, text)

    lines = [
        placed(110, 108, "序号"),
        placed(190, 108, "工作任务"),
        placed(530, 108, "责任部门"),
        placed(710, 108, "完成时限"),
        placed(110, 150, "1"),
        placed(190, 150, "建设职业教育园区,"),
        placed(190, 176, "打造专业集群。"),
        placed(530, 150, "市发展改革委"),
        placed(600, 150, "市财政局"),  # the same visual line, apart: a space between the two names
        placed(710, 150, "2025年"),
        placed(190, 270, "长期坚持推进。"),
        placed(100, 420, "附件3"),  # under the table
    ]
    lines[8] = Line(lines[8].x0 + 20, lines[8].x1 + 20, lines[8].top, lines[8].bottom, "市财政局", 22)
    (table,), rest = read_tables(image, lines)
    assert [line.text for line in rest] == ["附件3"]
    assert table.rows == [
        ["序号", "工作任务", "责任部门", "完成时限"],
        ["1", "建设职业教育园区,\n打造专业集群。", "市发展改革委 市财政局", "2025年"],
        ["", "长期坚持推进。", "", ""],
    ]
    assert table.top == pytest.approx(100, abs=6) and table.bottom == pytest.approx(330, abs=6)


def test_a_cell_merged_across_columns_keeps_its_text_in_its_first_column() -> None:
    image = _grid()
    draw = ImageDraw.Draw(image)
    draw.line([(520, 141), (520, 259)], fill=255, width=4)  # row 2: 工作任务 and 责任部门 are one cell
    (table,), _ = read_tables(image, [_line(600, 180, "由各县区落实")])
    assert table.rows[1] == ["", "由各县区落实", "", ""]


def test_an_inked_cell_without_a_line_is_read_by_the_recogniser() -> None:
    image = _grid()
    ImageDraw.Draw(image).rectangle([115, 150, 128, 172], fill=0)  # ink the detector gave no line for
    seen: list[tuple[int, int]] = []

    def recognise(crop: Image.Image) -> tuple[str, float]:
        seen.append(crop.size)
        return "7", 0.9

    (table,), _ = read_tables(image, [_line(190, 150, "建成5个工作室")], recognise)
    assert table.rows[1][:2] == ["7", "建成5个工作室"]
    assert len(seen) == 1  # the empty cells without ink are not read
    assert seen[0] == (14 + 16, 23 + 16)  # the ink's box, 8 white pixels around


def test_the_recogniser_is_not_trusted_below_its_floor() -> None:
    image = _grid()
    ImageDraw.Draw(image).rectangle([115, 150, 128, 172], fill=0)
    (table,), _ = read_tables(image, [], lambda crop: ("?", 0.2))
    assert table.rows[1][0] == ""


def test_a_scanned_table_is_written_as_pipe_rows() -> None:
    image = _grid()
    tables, rest = read_tables(image, [_line(110, 108, "序号"), _line(190, 108, "工作任务")])
    text, _ = assemble([Page(900.0, 500.0, [*rest, *tables])])
    assert text.split("\n")[0] == "| 序号 | 工作任务 |  |  |"
    assert isinstance(tables[0], Table)


# ---- the whole path: a scanned annex page, OCR'd ------------------------------------------------------
def _names(task) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return tuple(unicodedata.normalize("NFKC", d) for d in task.departments)  # （区） is (区)


def test_a_scanned_annex_page_gives_the_task_rows_of_the_text() -> None:
    pytest.importorskip("rapidocr_onnxruntime", reason="the [ocr] extra is not installed")
    scanned = extract_file(FORMATS / "annex-scan.png")
    plain = {t.number: t for t in extract_text_file(QINGYANG_TXT).tasks if t.source == "annex"}
    rows = {t.number: t for t in scanned.tasks if t.source == "annex"}
    assert set(rows) == {"1", "2", "3", "4", "5", "6"}  # row 6 runs on to the next page
    for number in ("1", "2", "3", "4", "5"):
        found, want = rows[number], plain[number]
        assert (found.deadline_text, found.due_date) == (want.deadline_text, want.due_date), number
        assert _names(found) == _names(want), number
        assert found.lead_department == want.lead_department, number
    assert rows["6"].deadline_text == "2023年"
    for table_row in scanned.table_rows:  # every cell is a span of the record's text
        for cell in table_row.cells:
            assert scanned.text[cell.start : cell.end] == cell.text
