"""PDF, .doc/.wps and OFD files made from the Qingyang opinion read as its plain text does.

Fixtures: tests/fixtures/formats (made by tools/make_format_fixtures.py: python-docx, then LibreOffice
headless for the PDF and the .doc); the OFD is built here (tests/ofd_helpers.py). OCR: test_ocr.py.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from format_helpers import (
    EXCERPT_TXT,
    FORMATS,
    QINGYANG_TXT,
    extract_file,
    extract_text_file,
    recall,
    task_rows,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from ofd_helpers import write_ofd

from pipeline.errors import IngestError
from pipeline.ingest import SUPPORTED_SUFFIXES, read_document
from pipeline.ingest.layout import Line, Page, Table, assemble, tidy
from pipeline.ingest.regexes import PAGE_NUMBER


@pytest.fixture(scope="module")
def plain():  # type: ignore[no-untyped-def]
    return extract_text_file(QINGYANG_TXT)


@pytest.fixture(scope="module")
def from_docx():  # type: ignore[no-untyped-def]
    return extract_file(FORMATS / "qingyang.docx")


@pytest.fixture(scope="module")
def from_pdf():  # type: ignore[no-untyped-def]
    return extract_file(FORMATS / "qingyang.pdf")


def test_suffixes_are_supported() -> None:
    for suffix in (".pdf", ".doc", ".wps", ".ofd", ".png", ".jpg", ".jpeg", ".tif", ".tiff"):
        assert suffix in SUPPORTED_SUFFIXES


# ---- PDF with a text layer ----


def test_pdf_reads_as_the_plain_text(plain, from_pdf) -> None:  # type: ignore[no-untyped-def]
    assert from_pdf.document.title == plain.document.title
    assert from_pdf.document.doc_number == plain.document.doc_number == "庆政发〔2021〕13号"
    assert recall(from_pdf, plain) >= 0.95


def test_pdf_annex_table_gives_the_docx_task_rows(from_docx, from_pdf) -> None:  # type: ignore[no-untyped-def]
    rows = task_rows(from_docx)
    assert len(rows) >= 20
    assert task_rows(from_pdf) == rows


def test_pdf_drops_page_numbers_and_joins_wrapped_lines(from_pdf) -> None:  # type: ignore[no-untyped-def]
    text = from_pdf.text
    assert "— 3 —" not in text and "—3—" not in text
    # one paragraph of the source, wrapped over four lines in the PDF, is one line again
    para = next(
        line for line in QINGYANG_TXT.read_text(encoding="utf-8").split("\n") if line.startswith("为深入")
    )
    assert para.replace(" (", "(").replace("( ", "(") in text.replace(" (", "(").replace("( ", "(")


def test_pdf_page_map_traces_spans_to_pages(from_pdf) -> None:  # type: ignore[no-untyped-def]
    import pdfplumber

    pages = from_pdf.document.pages
    with pdfplumber.open(FORMATS / "qingyang.pdf") as pdf:
        assert len(pages) == len(pdf.pages)
        layer = [p.extract_text().replace("\n", "").replace(" ", "") for p in pdf.pages]
    assert pages[0][0] == 0 and pages[-1][1] == len(from_pdf.text)
    for n, (start, end) in enumerate(pages):
        assert 0 <= start <= end <= len(from_pdf.text)
        if n:
            assert start >= pages[n - 1][0]
        head = re.sub(r"[|\s]", "", from_pdf.text[start : start + 20])[:4]
        # a table row cut by the page break starts on the page before (it is in both ranges)
        assert head and (head in layer[n] or (n and head in layer[n - 1])), (n, head)
    for target in from_pdf.targets:  # every span sits on a page that holds its text
        page = next(i for i, (s, e) in enumerate(pages) if s <= target.start < e)
        assert target.text.replace(" ", "")[:2] in layer[page] + layer[min(page + 1, len(layer) - 1)]


def test_pdf_page_map_survives_to_dict_and_back(from_pdf) -> None:  # type: ignore[no-untyped-def]
    from pipeline.models import PolicyRecord

    again = PolicyRecord.from_dict(from_pdf.to_dict())
    assert again.document.pages == from_pdf.document.pages
    assert isinstance(from_pdf.to_dict()["document"]["pages"][0], list)


def test_text_formats_have_no_page_map(plain) -> None:  # type: ignore[no-untyped-def]
    assert plain.document.pages == ()


def test_broken_pdf_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    with pytest.raises(IngestError, match=r"broken\.pdf: is not a readable PDF"):
        read_document(bad)


# ---- .doc / .wps through a converter ----

CONVERTERS = ["antiword", "catdoc", "soffice"]


@pytest.mark.parametrize("converter", CONVERTERS)
def test_doc_reads_as_the_plain_text(converter: str, plain, from_docx, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pipeline.ingest.doc as doc_module

    found = shutil.which(converter)
    if not found:
        pytest.skip(f"{converter} is not installed (make test installs antiword and catdoc as root)")
    monkeypatch.setattr(doc_module.shutil, "which", lambda name: found if name == converter else None)
    record = extract_file(FORMATS / "qingyang.doc")
    assert record.document.title == plain.document.title
    assert record.document.doc_number == plain.document.doc_number
    assert recall(record, plain) >= 0.95
    assert len(task_rows(record)) == len(task_rows(from_docx))
    wps = tmp_path / "qingyang.wps"  # a .wps of WPS Office 2003+ is the same OLE Word binary
    shutil.copy(FORMATS / "qingyang.doc", wps)
    assert read_document(wps).text == read_document(FORMATS / "qingyang.doc").text


def test_doc_without_a_converter_names_what_to_install(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pipeline.ingest.doc as doc_module

    monkeypatch.setattr(doc_module.shutil, "which", lambda name: None)
    with pytest.raises(
        IngestError, match=r"qingyang\.doc: .*none is installed: install LibreOffice.*antiword"
    ):
        read_document(FORMATS / "qingyang.doc")


def test_doc_converter_failure_is_one_error(tmp_path: Path) -> None:
    if not (shutil.which("antiword") or shutil.which("catdoc") or shutil.which("soffice")):
        pytest.skip("no .doc converter installed")
    bad = tmp_path / "not-word.doc"
    bad.write_bytes(b"this is not an OLE compound file at all " * 20)
    try:
        document = read_document(bad)
    except IngestError as exc:
        assert exc.path == str(bad)
    else:  # catdoc prints a plain-text file as it is: then it is read as text
        assert "not an OLE" in document.text


# ---- OFD ----


def _excerpt_paragraphs() -> list[str]:
    return [line for line in EXCERPT_TXT.read_text(encoding="utf-8").split("\n") if line]


def test_ofd_reads_the_text_in_reading_order(tmp_path: Path) -> None:
    path = write_ofd(_excerpt_paragraphs(), tmp_path / "excerpt.ofd")
    document = read_document(path)
    assert document.text == "\n".join(_excerpt_paragraphs())  # page numbers dropped, lines joined
    assert len(document.pages) >= 2 and document.pages[0][0] == 0
    assert document.pages[-1][1] == len(document.text)


def test_ofd_extracts_as_the_plain_text(tmp_path: Path) -> None:
    path = write_ofd(_excerpt_paragraphs(), tmp_path / "excerpt.ofd")
    plain, record = extract_text_file(EXCERPT_TXT), extract_file(path)
    assert (record.document.title, record.document.doc_number) == (
        plain.document.title,
        plain.document.doc_number,
    )
    assert recall(record, plain) == 1.0


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"Doc_0/Document.xml": "<x/>"}, "has no 'OFD.xml'"),
        ({"OFD.xml": "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>"}, "names no DocBody/DocRoot"),
        ({"OFD.xml": "<ofd:OFD"}, "OFD.xml is malformed XML"),
    ],
)
def test_broken_ofd_is_one_clear_error(members: dict[str, str], reason: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.ofd"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(IngestError, match=reason):
        read_document(path)


# ---- layout rules (real lines of PDF text layers) ----


@pytest.mark.parametrize(
    ("layer", "expected"),
    [
        ("2019 年 7 月 26 日", "2019年7月26日"),
        ("国办发〔2019〕 97 号", "国办发〔2019〕97号"),
        ("力争到 2025 年全市职业院校", "力争到2025年全市职业院校"),
        ("达到 50% 以上", "达到50%以上"),
        ("市教育局 市财政局", "市教育局 市财政局"),  # names separated by a space keep it
        ("政 策 内 容", "政 策 内 容"),
        ("第 3 条", "第3条"),
        ("特制定本意见 。", "特制定本意见。"),
    ],
)
def test_tidy_removes_the_spaces_chinese_has_not(layer: str, expected: str) -> None:
    assert tidy(layer) == expected


@pytest.mark.parametrize(
    ("line", "is_number"),
    [("— 3 —", True), ("-3-", True), ("－ 12 －", True), ("第 3 页", True), ("第3页 共9页", True), ("3/11", True),
     ("7", True), ("一、指导思想", False), ("2021年3月2日", False), ("附件2", False)],
)  # fmt: skip
def test_page_numbers(line: str, is_number: bool) -> None:
    assert bool(PAGE_NUMBER.fullmatch(line)) is is_number


def _page(lines: list[tuple[float, float, str]], height: float = 800.0) -> Page:
    return Page(600.0, height, [Line(x0, x1, top, top + 10, text, 10.0) for x0, x1, top, text in
                                [(a, b, 100 + 15 * i, t) for i, (a, b, t) in enumerate(lines)]])  # fmt: skip


def test_assemble_joins_full_lines_and_keeps_short_ones() -> None:
    page = _page([(90, 510, "为深入贯彻落实习近平总书记视察甘肃重要讲话和指示精神，落实《国家职业"), (90, 300, "教育改革实施方案》，特制定本意见。"),
                  (90, 200, "一、指导思想"), (110, 510, "以习近平新时代中国特色社会主义思想为指导，全面贯彻"), (90, 200, "党的十九大精神。")])  # fmt: skip
    text, pages = assemble([page])
    assert text.split("\n") == [
        "为深入贯彻落实习近平总书记视察甘肃重要讲话和指示精神，落实《国家职业教育改革实施方案》，特制定本意见。",
        "一、指导思想",
        "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神。",
    ]
    assert pages == ((0, len(text)),)


def test_assemble_merges_a_table_row_cut_by_a_page_break() -> None:
    header = ["序号", "工作任务", "责任部门", "完成时限"]
    first = Page(
        600.0,
        800.0,
        [Table(100, 700, [header, ["6", "建设5个左右市级专业教学资源库，建", "市教育局 各县(区)", ""]])],
    )
    second = Page(600.0, 800.0, [Table(70, 300, [header, ["", "设30门精品在线课程。", "政府", "2023年"], ["7", "建成5个", "市教育局", "2023年"]])])  # fmt: skip
    text, pages = assemble([first, second])
    assert text.split("\n") == [
        "| 序号 | 工作任务 | 责任部门 | 完成时限 |",
        "| 6 | 建设5个左右市级专业教学资源库，建设30门精品在线课程。 | 市教育局 各县(区)政府 | 2023年 |",
        "| 7 | 建成5个 | 市教育局 | 2023年 |",
    ]
    assert pages[0][0] == 0 and pages[1][1] == len(text) and pages[1][0] <= text.index("| 6 |")


words = st.text(alphabet="职业教育发展打造技能庆阳2025年，。", min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 60), st.integers(200, 510), words), max_size=12),
        min_size=1,
        max_size=4,
    )
)
def test_assemble_page_map_is_ordered_and_in_bounds(pages_spec) -> None:  # type: ignore[no-untyped-def]
    pages = [_page([(90 + indent, x1, t) for indent, x1, t in spec]) for spec in pages_spec]
    text, spans = assemble(pages)
    assert len(spans) == len(pages)
    previous = 0
    for start, end in spans:
        assert previous <= start <= end <= len(text)
        previous = start
    assert "".join(t.strip() for spec in pages_spec for _, _, t in spec).replace(" ", "") == text.replace(
        "\n", ""
    ).replace(" ", "")


def test_batch_store_keeps_the_page_map(tmp_path: Path, from_pdf) -> None:  # type: ignore[no-untyped-def]
    from pipeline.batch import run_batch
    from pipeline.store.read import read_store

    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(FORMATS / "qingyang.pdf", folder / "qingyang.pdf")
    shutil.copy(FORMATS / "qingyang.docx", folder / "qingyang.docx")
    result = run_batch([folder], tmp_path / "out", workers=1)
    assert not result.failures
    stored = {Path(r.document.source).suffix: r for r in read_store(tmp_path / "out" / "policy.duckdb")}
    assert [tuple(p) for p in stored[".pdf"].document.pages] == list(from_pdf.document.pages)
    assert tuple(stored[".docx"].document.pages) == ()


@pytest.mark.shared
@pytest.mark.parametrize("name", ["shandong-042.pdf", "shandong-042.doc"])
def test_shandong_measure_reads_as_its_plain_text(name: str, shared_dir: Path) -> None:
    """A Shandong measure dense in targets (41), saved as .docx, printed to PDF and saved as .doc."""
    if name.endswith(".doc") and not (
        shutil.which("antiword") or shutil.which("catdoc") or shutil.which("soffice")
    ):
        pytest.skip("no .doc converter installed")
    plain = extract_text_file(shared_dir / "corpora" / "shandong" / "042.txt")
    record = extract_file(FORMATS / name)
    assert len(plain.targets) >= 40
    assert recall(record, plain) >= 0.95


def test_assemble_drops_running_headers_but_keeps_body_lines_in_the_band() -> None:
    def page(n: int, heading: str) -> Page:
        return Page(600.0, 800.0, [
            Line(200, 400, 30, 40, f"山东省人民政府公报 2023年第{n}期", 10.0),  # running header, number varies
            Line(90, 300, 100, 110, heading, 10.0),
            Line(90, 510, 115, 125, "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的", 10.0),
            Line(90, 200, 130, 140, "二十大精神。", 10.0),
            Line(280, 320, 760, 770, f"— {n} —", 10.0),  # page number
        ])  # fmt: skip

    pages = [page(1, "一、总体要求"), page(2, "二、重点任务"), page(3, "三、保障措施")]
    pages[0].blocks.append(Line(90, 300, 740, 750, "2021年3月2日", 10.0))  # a body line low on one page only
    text, spans = assemble(pages)
    para = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神。"
    assert text.split("\n") == [
        "一、总体要求",
        para,
        "2021年3月2日",
        "二、重点任务",
        para,
        "三、保障措施",
        para,
    ]
    assert [text[s:e].split("\n")[0] for s, e in spans] == ["一、总体要求", "二、重点任务", "三、保障措施"]


@pytest.mark.parametrize(
    ("second", "joined"),
    [("二、重点任务", False), ("（一）加强组织领导", False), ("1.完善人才培养体系", False), ("1.5万人次", True),
     ("第三条规定执行", True), ("、三中全会精神", True)],
)  # fmt: skip
def test_assemble_breaks_before_enumerated_items(second: str, joined: bool) -> None:
    page = Page(
        600.0,
        800.0,
        [
            Line(90, 510, 100, 110, "全面贯彻党的十九大和十九届二中", 10.0),
            Line(90, 300, 115, 125, second, 10.0),
        ],
    )
    text, _ = assemble([page])
    assert ("\n" not in text) is joined


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 5), st.floats(0.5, 20, allow_nan=False).map(lambda v: round(v, 2))),
        max_size=8,
    )
)
def test_ofd_delta_x_runs_expand(runs) -> None:  # type: ignore[no-untyped-def]
    from pipeline.ingest.ofd import _advances

    text = " ".join(f"g {n} {v}" if n > 1 else f"{v}" for n, v in runs)
    assert _advances(text) == [v for n, v in runs for _ in range(n)]


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet="职业教育2025年号〔〕，。 %ab", max_size=40))
def test_tidy_only_removes_spaces(text: str) -> None:
    out = tidy(text)
    assert out.replace(" ", "") == text.strip().replace(" ", "")
    assert "  " not in out or "  " in text
