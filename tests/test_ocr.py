"""Scans read by OCR (the [ocr] extra, installed by `make test`): a page of the Qingyang opinion
rasterised at 150 dpi and rotated 0.7 degrees (tests/fixtures/formats/excerpt-scan.png, made by
tools/make_format_fixtures.py), as an image and as a scanned PDF, compared with the plain text."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from format_helpers import EXCERPT_TXT, FORMATS, extract_file, extract_text_file, recall

from pipeline.errors import IngestError
from pipeline.ingest import read_document

SCAN = FORMATS / "excerpt-scan.png"


def _scanned_pdf(folder: Path) -> Path:
    from PIL import Image

    path = folder / "excerpt-scan.pdf"
    with Image.open(SCAN) as image:
        image.save(path, "PDF", resolution=150)
    return path


@pytest.mark.parametrize("kind", ["image", "pdf"])
def test_scans_without_the_extra_name_it(kind: str, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails as when not installed
    path = SCAN if kind == "image" else _scanned_pdf(tmp_path)
    with pytest.raises(IngestError, match=re.escape("pip install 'policy-pipeline[ocr]'")) as caught:
        read_document(path)
    assert caught.value.path == str(path)


def test_unreadable_image_is_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "scan.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    pytest.importorskip("rapidocr_onnxruntime", reason="the [ocr] extra is not installed")
    with pytest.raises(IngestError, match=r"scan\.png: is not a readable image"):
        read_document(bad)


@pytest.fixture(scope="module")
def plain():  # type: ignore[no-untyped-def]
    return extract_text_file(EXCERPT_TXT)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):  # type: ignore[no-untyped-def]
    pytest.importorskip("rapidocr_onnxruntime", reason="the [ocr] extra is not installed")
    folder = tmp_path_factory.mktemp("scans")
    return {"image": extract_file(SCAN), "pdf": extract_file(_scanned_pdf(folder))}


@pytest.mark.parametrize("kind", ["image", "pdf"])
def test_scan_reads_as_the_plain_text(kind: str, plain, scanned) -> None:  # type: ignore[no-untyped-def]
    record = scanned[kind]
    assert record.document.title == plain.document.title
    assert record.document.doc_number == plain.document.doc_number == "庆政发〔2021〕13号"
    assert len(plain.targets) >= 5
    assert recall(record, plain) >= 0.85


@pytest.mark.parametrize("kind", ["image", "pdf"])
def test_scan_keeps_page_confidence_and_map(kind: str, scanned) -> None:  # type: ignore[no-untyped-def]
    record = scanned[kind]
    (warning,) = [w for w in record.document.warnings if "OCR" in w]
    confidence = float(re.search(r"page 1: OCR confidence (0\.\d+) \(\d+ lines\)", warning).group(1))
    assert 0.8 <= confidence <= 1.0
    assert record.document.pages == ((0, len(record.text)),)


def test_a_page_scanned_upside_down_is_read_turned(plain, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("rapidocr_onnxruntime", reason="the [ocr] extra is not installed")
    from PIL import Image

    path = tmp_path / "upside-down.png"
    with Image.open(SCAN) as image:
        image.rotate(180).save(path)
    record = extract_file(path)
    assert "page 1: scanned upside down, read turned 180°" in record.document.warnings
    assert record.document.doc_number == "庆政发〔2021〕13号"
    assert recall(record, plain) >= 0.85


def test_an_upright_page_is_read_once(scanned) -> None:  # type: ignore[no-untyped-def]
    assert not [w for w in scanned["image"].document.warnings if "upside down" in w]


@pytest.mark.parametrize(
    ("read", "fixed"),
    [
        ("1一2个省级高水平高职专业", "1—2个省级高水平高职专业"),  # the range dash read as 一 (Qingyang scan)
        ("一一以“品牌”创建为抓手", "——以“品牌”创建为抓手"),
        ("扩大职业院校选人丶用人自主权", "扩大职业院校选人、用人自主权"),
        ("庆政发{2021）13号", "庆政发〔2021〕13号"),
        ('"双师型"教师', "“双师型”教师"),
        ("一是加强领导，二是12一", "一是加强领导，二是12一"),  # 一 not between two digits stays
    ],
)
def test_known_ocr_confusions_are_set_right(read: str, fixed: str) -> None:
    from pipeline.ingest.ocr import fix_ocr_text

    assert fix_ocr_text(read) == fixed
