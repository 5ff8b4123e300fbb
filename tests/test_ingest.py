"""Ingestion: encodings detected from bytes, docx/html/table readers, and every error a user can hit."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import IngestError
from pipeline.ingest import SUPPORTED_SUFFIXES, decode_bytes, read_document, read_documents

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

# Real lines: the Qingyang header and two sentences of central texts (024.txt, 010.txt).
HEADER = "庆阳市人民政府关于推进全市职业教育发展打造“技能庆阳”的实施意见\n庆政发〔2021〕13号\n"
SENTENCE = "各县(区)人民政府,市政府有关部门:"
CENTRAL = "为深入贯彻习近平总书记关于推动电力装备发展的重要指示精神，认真落实国务院关于制造业数字化转型行动总体部署。"

# (how the text is stored, encoding reported) — the text is written exactly, BOM prepended where named.
ENCODING_CASES = [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gbk", "gb18030"),
    ("gb18030", "gb18030"),
    ("bom+utf-16-le", "utf-16-le"),
    ("bom+utf-16-be", "utf-16-be"),
    ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"),
]


def encode(text: str, how: str) -> bytes:
    if how.startswith("bom+"):
        codec = how.removeprefix("bom+")
        bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        return bom + text.encode(codec)
    return text.encode(how)


@pytest.mark.parametrize(("how", "expected"), ENCODING_CASES)
def test_decode_whole_document_round_trips(qingyang_text: str, how: str, expected: str) -> None:
    text, encoding = decode_bytes(encode(qingyang_text, how))
    assert encoding == expected
    assert text == qingyang_text


@pytest.mark.parametrize(("how", "expected"), ENCODING_CASES)
@pytest.mark.parametrize("line", [HEADER, SENTENCE, CENTRAL, "庆政发〔2021〕13号"])
def test_decode_short_lines(line: str, how: str, expected: str) -> None:
    assert decode_bytes(encode(line, how)) == (line, expected)


def test_read_text_keeps_newlines_and_spaces_and_strips_bom(tmp_path: Path) -> None:
    original = "  " + HEADER.replace("\n", "\r\n") + "\u3000\u3000一、指导思想 \r\n\r\n"
    path = tmp_path / "doc.txt"
    path.write_bytes(codecs.BOM_UTF8 + original.encode("utf-8"))
    doc = read_document(path)
    assert doc.text == original
    assert (doc.source, doc.encoding, doc.meta) == (str(path), "utf-8-sig", {})


@pytest.mark.parametrize("how", [how for how, _ in ENCODING_CASES])
def test_reported_encoding_reads_the_file_again(tmp_path: Path, qingyang_text: str, how: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(encode(qingyang_text, how))
    doc = read_document(path)
    assert read_document(path, encoding=doc.encoding).text == doc.text == qingyang_text


def test_read_markdown_and_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(("# " + HEADER).encode("gb18030"))
    assert read_document(path, encoding="gb18030").text == "# " + HEADER
    assert read_documents(path, text_column="ignored")[0].text == "# " + HEADER


def build_docx(path: Path, rows: list[list[str]]) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("附件")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.add_paragraph("庆阳市人民政府")
    document.save(str(path))


def test_docx_paragraphs_and_table_rows_in_body_order(tmp_path: Path) -> None:
    path = tmp_path / "annex.docx"
    rows = [
        ["序号", "政策内容", "牵头单位", "完成时限"],
        ["1", "支持建设庆阳市职业教育园区,\n力争将其纳入省级“十四五”规划。", "市教育局", "2021年底"],
    ]
    build_docx(path, rows)
    doc = read_document(path)
    assert doc.text == (
        "附件\n"
        "| 序号 | 政策内容 | 牵头单位 | 完成时限 |\n"
        "| 1 | 支持建设庆阳市职业教育园区, 力争将其纳入省级“十四五”规划。 | 市教育局 | 2021年底 |\n"
        "庆阳市人民政府"
    )
    assert doc.encoding is None


def test_docx_merged_cells_repeat_and_pipes_are_escaped(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "重点任务"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "市教育局|市人社局"
    document.save(str(tmp_path / "m.docx"))
    assert read_document(tmp_path / "m.docx").text.splitlines() == [
        "| 重点任务 | 重点任务 | 02 |",
        "| 10 | 11 | 市教育局\\|市人社局 |",
        "| 20 | 21 | 市教育局\\|市人社局 |",
    ]


HTML = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>站点标题</title><style>p {color: red}</style><script>var x = "脚本";</script></head>
<body><header>中国政府网 首页</header><nav><a href="/">首页</a> | <a href="/zc">政策</a></nav>
<div class="content"><h1>关于推进职业教育发展的实施意见</h1>
<p>&#12288;&#12288;各县(区)人民政府,
   市政府有关部门:</p><p>一、指导思想<br>以服务经济社会发展为宗旨。</p>
<table><tr><th>序号</th><th>政策内容</th><th>责任单位</th></tr>
<tr><td>1</td><td>支持建设<br>职业教育园区</td><td rowspan="2">市教育局</td></tr>
<tr><td colspan="2">合计</td></tr></table><!-- 注释 --></div>
<footer>版权所有</footer><script>track();</script></body></html>"""

HTML_TEXT = (
    "关于推进职业教育发展的实施意见\n"
    "\u3000\u3000各县(区)人民政府, 市政府有关部门:\n"
    "一、指导思想\n"
    "以服务经济社会发展为宗旨。\n"
    "| 序号 | 政策内容 | 责任单位 |\n"
    "| 1 | 支持建设 职业教育园区 | 市教育局 |\n"
    "| 合计 | 合计 | 市教育局 |"
)


@pytest.mark.parametrize("charset", ["gbk", "utf-8"])
def test_html_main_text_blocks_and_tables(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(HTML.encode(charset))
    doc = read_document(path)
    assert doc.text == HTML_TEXT
    assert doc.encoding == ("gb18030" if charset == "gbk" else "utf-8")


def test_html_article_is_preferred_and_keeps_its_header() -> None:
    from pipeline.ingest.html import html_to_text

    page = "<body><div>侧栏链接</div><article><header><h1>标题</h1></header><p>正文。</p></article></body>"
    assert html_to_text(page) == "标题\n正文。"


TABLE_HEADER = ["编号", "标题", "发布日期", "发文机关", "文号", "正文", "备注"]
TABLE_ROWS = [
    [
        "A1",
        "关于推进职业教育发展的实施意见",
        "2021/6/30",
        "庆阳市人民政府",
        "庆政发〔2021〕13号",
        HEADER + SENTENCE,
        "",
    ],
    ["", "", "2021年7月1日", "", "", "一、指导思想\r\n  以服务为宗旨。 ", "x"],
]
EXPECTED_META = [
    {
        "id": "A1",
        "title": "关于推进职业教育发展的实施意见",
        "date": "2021-06-30",
        "issuer": "庆阳市人民政府",
        "doc_number": "庆政发〔2021〕13号",
    },
    {"date": "2021-07-01"},
]


def write_table(path: Path, header: list[str], rows: list[list[object]], encoding: str = "utf-8") -> None:
    import csv

    suffix = path.suffix
    if suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(header)
        for row in rows:
            sheet.append([None if v == "" else v for v in row])
        workbook.save(path)
    elif suffix == ".jsonl":
        lines = [json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False) for row in rows]
        path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    else:
        with path.open("w", encoding=encoding, newline="") as fh:
            csv.writer(fh, delimiter="\t" if suffix == ".tsv" else ",").writerows([header, *rows])


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("t.csv", "utf-8-sig"), ("t.csv", "gbk"), ("t.tsv", "utf-8"), ("t.xlsx", ""), ("t.jsonl", "utf-8")],
)
def test_table_rows_become_documents_with_metadata(tmp_path: Path, name: str, encoding: str) -> None:
    path = tmp_path / name
    write_table(path, TABLE_HEADER, TABLE_ROWS, encoding)
    docs = read_documents(path)
    assert [d.text for d in docs] == [r[5] for r in TABLE_ROWS]
    assert [d.meta for d in docs] == EXPECTED_META
    assert [d.source for d in docs] == [f"{path}#A1", f"{path}#2"]


def test_xlsx_date_cells_and_numeric_ids(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_table(path, ["no", "date", "content"], [[7, dt.datetime(2021, 6, 30), SENTENCE]])
    (doc,) = read_documents(path)
    assert doc.meta == {"id": "7", "date": "2021-06-30"}
    assert doc.source == f"{path}#7"


def test_english_title_is_used_only_when_named(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_table(path, ["no", "title_en", "department_en", "content"], [["1", "Opinions", "MOE", SENTENCE]])
    assert read_documents(path)[0].meta == {"id": "1"}
    named = read_documents(path, title_column="title_en", issuer_column="department_en")[0]
    assert named.meta == {"id": "1", "title": "Opinions", "issuer": "MOE"}


def zip_not_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not a word document")


# (file name, how to create it, call, fragment the message must contain)
ERROR_CASES = [
    ("missing.txt", None, read_document, "file not found"),
    ("empty.txt", b"", read_document, "empty (0 bytes)"),
    ("blank.txt", " \r\n\u3000\n".encode(), read_document, "only whitespace"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", read_document, "binary"),
    ("zip.txt", zip_not_docx, read_document, "ZIP container"),
    ("bad.txt", bytes(range(0x80, 0x100)) * 4, read_document, "could not detect the text encoding"),
    ("doc.pdf", b"%PDF-1.4", read_document, "is not a readable PDF"),
    ("book.xls", b"\xd0\xcf\x11\xe0", read_document, "save it as .xlsx"),
    ("noext", b"text", read_documents, "unsupported file type '(no suffix)'"),
    ("t.csv", "正文\n内容\n".encode(), read_document, "use read_documents()"),
    ("fake.docx", zip_not_docx, read_document, "is not a readable .docx file"),
    ("fake.docx", b"not a zip at all", read_documents, "is not a readable .docx file"),
    ("fake.xlsx", zip_not_docx, read_documents, "is not a readable .xlsx file"),
    ("empty.html", b"<html><script>x()</script><nav>a</nav></html>", read_document, "has no text"),
    ("t.csv", b"no,title_en\n1,Opinions\n", read_documents, "has no text column"),
    ("t.csv", b"no,title_en\n1,Opinions\n", read_documents, "available columns: 'no', 'title_en'"),
    (
        "t.csv",
        "编号,正文\n1,内容\n2, \n3,\n".encode(),
        read_documents,
        "2 row(s) have empty text in column '正文': row 2, row 3",
    ),
    ("t.csv", "正文\n".encode(), read_documents, "no data rows"),
    ("t.csv", "正文\n甲,乙\n".encode(), read_documents, "row 1 has 2 cells but the header has 1"),
    ("t.jsonl", '{"text": "甲"}\n{"text": \n'.encode(), read_documents, "line 2 is not valid JSON"),
    ("t.jsonl", '["甲"]\n'.encode(), read_documents, "line 1 is not a JSON object"),
]


@pytest.mark.parametrize(("name", "content", "reader", "fragment"), ERROR_CASES)
def test_errors_name_the_file_and_the_reason(
    tmp_path: Path, name: str, content, reader, fragment: str
) -> None:
    path = tmp_path / name
    if callable(content):
        content(path)
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(IngestError) as info:
        reader(path)
    assert str(path) in str(info.value)
    assert fragment in str(info.value)
    assert info.value.path == str(path)


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"text_column": "body"}, "has no column 'body' (text_column); available columns: '编号', '正文'"),
        ({"id_column": "序号"}, "has no column '序号' (id_column)"),
        ({"encoding": "utf-16-le"}, "is not valid utf-16-le"),
        ({"encoding": "no-such-codec"}, "unknown encoding 'no-such-codec'"),
    ],
)
def test_bad_options_are_errors(tmp_path: Path, options: dict, fragment: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("编号,正文\n1,内容\n".encode())
    with pytest.raises(IngestError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        read_documents(path, **options)


def test_directory_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "docs.txt"
    folder.mkdir()
    with pytest.raises(IngestError, match="is a directory"):
        read_documents(folder)


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {
        ".txt",
        ".md",
        ".docx",
        ".html",
        ".htm",
        ".csv",
        ".tsv",
        ".xlsx",
        ".jsonl",
        *(".pdf", ".doc", ".wps", ".ofd", ".png", ".jpg", ".jpeg", ".tif", ".tiff"),  # issue 14
    }


def test_static_fixture_gov_page() -> None:
    doc = read_document(FIXTURES / "gov-page.html")
    assert doc.encoding == "gb18030"
    assert "var " not in doc.text and "版权所有" not in doc.text
    assert "| 序号 | 任务 | 牵头单位 | 完成时限 |" in doc.text.splitlines()
    # the source breaks this sentence after "，": a line break between CJK characters renders as nothing
    assert (
        "\u3000\u3000（一）指导思想。以习近平新时代中国特色社会主义思想为指导，完整、准确、全面贯彻新发展理念。"
        in doc.text
    )


@pytest.mark.shared
def test_central_policies_csv_matches_the_text_files(shared_dir: Path, central_texts: dict[str, str]) -> None:
    docs = read_documents(shared_dir / "data" / "central-policies.csv", text_column="content")
    assert len(docs) == 166
    by_id = {f"{int(d.meta['id']):03d}": d for d in docs}
    assert set(by_id) == set(central_texts)
    assert all(by_id[stem].text == text for stem, text in central_texts.items())
    assert all(d.meta["date"][:2] == "20" and len(d.meta["date"]) == 10 for d in docs)
    assert "title" not in docs[0].meta  # title_en is a translation, not the document's title


@pytest.mark.shared
def test_central_texts_read_back_from_every_encoding(shared_dir: Path, central_texts: dict[str, str]) -> None:
    for stem in ("001", "050", "120", "166"):
        text = central_texts[stem]
        for how in ("gb18030", "utf-16-le", "bom+utf-16-be"):
            assert decode_bytes(encode(text, how))[0] == text, (stem, how)


# Property: CJK + ASCII text encoded without BOM decodes back exactly, for texts with at least 12 CJK
# characters, 8 of them distinct. Detection reads the non-ASCII bytes, and with few of them the ambiguity
# is real, not a bug: a GB18030 pair is a valid UTF-8 sequence for ~8% of characters; a UTF-16 CJK
# character is two ASCII bytes for ~30%; "一一一" in UTF-16-LE is exactly "NNN" in UTF-16-BE, and
# 乏 (U+4E4F) byte-swapped is 低 (U+4F4E). Distinct characters make a whole text ambiguous only by a
# coincidence of ~1e-4 per text, whereas a repeated one (which hypothesis favours) keeps the ambiguity.
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
OTHER = st.sampled_from(list("abcXYZ 0123456789.,;:()-\n，。、；：？！“”《》（）〔〕【】—…·"))


@st.composite
def chinese_text(draw) -> str:
    cjk = draw(st.lists(CJK, min_size=8, max_size=40, unique=True)) + draw(
        st.lists(CJK, min_size=4, max_size=40)
    )
    chars = cjk + draw(st.lists(OTHER, max_size=60))
    return "".join(draw(st.permutations(chars)))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(text=chinese_text(), codec=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "gb18030"]))
def test_property_decode_round_trips(text: str, codec: str) -> None:
    decoded, _ = decode_bytes(text.encode(codec))
    assert decoded == text
