"""pipeline.report without a browser: escaping, highlight offsets (property test), pages, CLI."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.models import Deadline, DepartmentMention, DocumentMeta, PolicyRecord, Target
from pipeline.report.highlight import highlighted_html
from pipeline.report.pages import json_script
from pipeline.report.tables import diff_pair

INJECTION = Path(__file__).parent / "fixtures" / "report" / "injection.txt"
QINGYANG = Path(__file__).parent.parent / "corpora" / "qingyang-2021-13.txt"
# a national decision and a provincial opinion restating it with targets raised and a year moved
PARENT = (
    "国务院关于加快发展现代职业教育的决定\n"
    "到2025年，全国“双师型”教师占专业课教师比例达到50%以上，建成300个高水平专业群。\n"
    "到2030年，职业教育毕业生就业率达到95%以上。各地要加大财政投入，落实税收优惠政策。\n"
)
CHILD = (
    "甘肃省人民政府关于贯彻落实国务院关于加快发展现代职业教育的决定的实施意见\n"
    "到2025年，全省“双师型”教师占专业课教师比例达到60%以上，建成20个高水平专业群。\n"
    "到2028年，职业教育毕业生就业率达到95%以上。省财政厅要加大财政投入，省教育厅负责开展试点示范。\n"
)
TAG = re.compile(r"<[^>]*>")
PIECE = re.compile(r'<span class="hl [^"]*" data-r="([^"]*)">([^<]*)</span>')


def _visible(fragment: str) -> str:
    return html.unescape(TAG.sub("", fragment))


def _target(text: str, start: int, end: int) -> Target:
    return Target(None, text[start:end], start, end, None, 1.0, None, None, ">=", None, "target")


def _deadline(text: str, start: int, end: int) -> Deadline:
    return Deadline("d", None, text[start:end], start, end, "by", None, None)


def _department(text: str, start: int, end: int) -> DepartmentMention:
    s = text[start:end]
    return DepartmentMention(None, s, start, end, s, s, None, "government", "lead")


SPAN = st.tuples(st.integers(0, 60), st.integers(1, 20))


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="到年<>&\"'市教局达x \n", min_size=1, max_size=60),
    spans=st.lists(st.tuples(st.sampled_from(["t", "d", "p"]), SPAN), max_size=8),
)
def test_highlighting_keeps_every_character_and_span(text: str, spans) -> None:
    made: dict[str, list] = {"t": [], "d": [], "p": []}
    build = {"t": _target, "d": _deadline, "p": _department}
    for kind, (start, length) in spans:
        start = min(start, len(text) - 1)
        end = min(start + length, len(text))
        made[kind].append(build[kind](text, start, end))
    record = PolicyRecord(
        DocumentMeta(doc_id="x"),
        text=text,
        targets=tuple(made["t"]),
        deadlines=tuple(made["d"]),
        departments=tuple(made["p"]),
    )
    out = highlighted_html(record)
    assert _visible(out) == text  # nothing lost, nothing added, every character escaped
    assert "<" not in TAG.sub("", out)
    pieces = [(refs.split(), html.unescape(piece)) for refs, piece in PIECE.findall(out)]
    for kind, items in (("target", made["t"]), ("deadline", made["d"]), ("department", made["p"])):
        for i, item in enumerate(items):
            assert "".join(p for refs, p in pieces if f"{kind}:{i}" in refs) == item.text


@pytest.mark.parametrize(
    ("a", "b", "marked_a", "marked_b"),
    [
        ("教师比例达到50%以上", "教师比例达到60%以上", ["5"], ["6"]),
        ("到2025年建成", "到2028年建成", ["5"], ["8"]),
        ("市教育局牵头", "省教育厅牵头", ["市", "局"], ["省", "厅"]),
        ("<b>同</b>", "<b>同</b>", [], []),
    ],
)
def test_reuse_pairs_mark_what_differs(a: str, b: str, marked_a: list, marked_b: list) -> None:
    out_a, out_b = diff_pair(a, b)
    assert _visible(out_a) == a and _visible(out_b) == b
    assert re.findall(r'<mark class="diff">(.*?)</mark>', out_a) == marked_a
    assert re.findall(r'<mark class="diff">(.*?)</mark>', out_b) == marked_b


def test_json_script_cannot_close_its_element() -> None:
    out = json_script("records", {"text": "</script><script>alert(1)</script><!--"})
    assert out.count("</script>") == 1 and "<!--" not in out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = [
        pipeline.extract(PARENT, meta={"id": "parent"}),
        pipeline.extract(CHILD, meta={"id": "child"}),
        pipeline.extract(INJECTION.read_text(encoding="utf-8"), meta={"id": "inject"}),
        pipeline.extract_file(QINGYANG),
    ]
    out = tmp_path_factory.mktemp("report")
    return pipeline.report(records, out, title="测试 <b>report</b>", parents={"child": ["parent"]})


def test_report_pages_and_sections(built: Path) -> None:
    out = built.parent
    assert sorted(p.name for p in out.iterdir()) == [
        "doc-001.html",
        "doc-002.html",
        "doc-003.html",
        "doc-004.html",
        "graph.html",
        "index.html",
    ]
    soup = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser")
    assert soup.title.get_text() == "测试 <b>report</b>"
    assert len(soup.select("#documents-table tbody tr")) == 4
    # the child raised 双师型 from 50% to 60% and moved 就业率 from 2030 to 2028
    cascade = soup.select_one("#cascade-table").get_text(" ")
    assert "child" in cascade and "parent" in cascade and "raised" in cascade
    assert soup.select("#reuse-pairs tbody tr")
    links = {a["href"] for a in soup.select("#documents-table a")}
    assert links == {"doc-001.html", "doc-002.html", "doc-003.html", "doc-004.html"}


def test_every_link_reaches_an_element(built: Path) -> None:
    ids: dict[str, set[str]] = {}
    pages = {
        p.name: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in built.parent.glob("*.html")
    }
    for name, soup in pages.items():
        ids[name] = {e["id"] for e in soup.select("[id]")}
    checked = 0
    for name, soup in pages.items():
        # the links of the rows shipped as JSON (tables beyond one page) as well as those written as HTML
        hrefs = [a["href"] for a in soup.select("a[href]")] + json_row_links(soup)
        for href in hrefs:
            page, _, anchor = href.partition("#")
            page = page or name
            assert page in pages, (name, href)
            if anchor:
                assert anchor in ids[page], (name, href)
                checked += 1
    qingyang = pipeline.extract_file(QINGYANG)
    # every task of the task list, every record of the record tables, every section of the menu
    assert checked >= len(qingyang.tasks) + len(qingyang.targets) + len(qingyang.citations) + 9


def json_row_links(soup: BeautifulSoup) -> list[str]:
    """Every ``h`` (href) in the JSON rows of the page's paged tables."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if value.get("h"):
                out.append(value["h"])
            walk(value.get("k", []))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for table in soup.select("table[data-rows]"):
        walk(json.loads(soup.find(id=table["data-rows"]).string))
    return out


def test_no_page_loads_anything_from_the_network(built: Path) -> None:
    for page in built.parent.glob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.select("script[src], link[href], img[src]"), page.name
        # the graph viewer is loaded on demand by report.js (data-src), never from elsewhere
        frames = [f.get("src") or f.get("data-src") for f in soup.select("iframe")]
        assert all(src == "graph.html" for src in frames), page.name


def test_injection_text_is_escaped_everywhere(built: Path) -> None:
    for page in built.parent.glob("*.html"):
        raw = page.read_text(encoding="utf-8")
        assert "window.__pwned" not in raw or "&lt;script&gt;window.__pwned" in raw or "\\u003c" in raw
        soup = BeautifulSoup(raw, "html.parser")
        assert not soup.select("img, svg[onload], [onerror], iframe[src^=javascript], textarea"), page.name
        assert all("__pwned" not in s.get_text() for s in soup.select("script:not([type])")), page.name
    page = BeautifulSoup((built.parent / "doc-003.html").read_text(encoding="utf-8"), "html.parser")
    assert (
        "<img src=x onerror=\"window.__pwned = 2; alert('img')\">" in page.select_one("#doctext").get_text()
    )


runner = CliRunner()


def test_cli_report_from_documents_and_records(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", str(QINGYANG), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    assert "missing.txt" in result.output and (tmp_path / "r" / "index.html").is_file()
    # a batch output folder: records/*.json read back with their text from the source file
    pipeline.run_batch([QINGYANG], out_dir=tmp_path / "batch")
    result = runner.invoke(
        app, ["report", str(tmp_path / "batch"), "--out", str(tmp_path / "r2"), "--no-reuse"]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "r2" / "doc-001.html").read_text(encoding="utf-8")
    assert "技能庆阳" in page and 'class="hl k-target' in page


def test_cli_report_without_documents_fails_clearly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path / "nothing.txt"), "--out", str(tmp_path / "r")])
    assert result.exit_code == 1
    assert "nothing.txt" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r").exists()


def test_charts_draw_one_bar_per_year_and_document_with_escaped_labels() -> None:
    from pipeline.report.charts import instrument_profile_svg, year_counts_svg

    parent = pipeline.extract(PARENT, meta={"id": "parent"})
    child = pipeline.extract(CHILD, meta={"id": "child"})
    svg = year_counts_svg([parent, child], labels={"parent": "<国务院>", "child": "甘肃"})
    years = {(r.document.doc_id, t.year or "no year") for r in (parent, child) for t in r.targets}
    assert svg.count('class="bar"') == len(years) >= 4
    assert "&lt;国务院&gt;" in svg and "<国务院>" not in svg
    shares = pipeline.compare([parent, child], reuse=False).instrument_shares
    svg = instrument_profile_svg(shares)
    totals = shares[shares["subtype"].isna()]
    assert svg.count('class="bar"') == len(totals)
    assert "No targets" in year_counts_svg([pipeline.extract("各地要加强组织领导。")])


def test_duplicate_ids_are_refused_and_stale_pages_removed(tmp_path):
    import dataclasses

    from pipeline.errors import PipelineError
    from pipeline.report import build_report

    record = pipeline.extract("关于推进工作的通知\n一、到2025年建成5个中心。", source="a.txt")
    (tmp_path / "doc-099.html").write_text("old", encoding="utf-8")
    build_report([record], tmp_path, reuse=False)
    assert sorted(p.name for p in tmp_path.glob("doc-*.html")) == ["doc-001.html"]
    twin = dataclasses.replace(record, document=dataclasses.replace(record.document, source="b.txt"))
    with pytest.raises(PipelineError, match="doc_id"):
        build_report([record, twin], tmp_path, reuse=False)
