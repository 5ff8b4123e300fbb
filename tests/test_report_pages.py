"""The report's paged tables without a browser: a table beyond one page writes its first page as HTML
and every row as JSON, the JSON rows are the table's rows (tasks, indicators, record tables), cells are
escaped whatever their text, and the JSON of the injection document holds no ``<``."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.export.tasks_table import task_rows
from pipeline.report.cells import cell, td, text_of
from pipeline.report.tables import PAGE_ROWS, grid

INJECTION = Path(__file__).parent / "fixtures" / "report" / "injection-rows.txt"  # in task rows
QINGYANG = Path(__file__).parent.parent / "corpora" / "qingyang-2021-13.txt"
TAG = re.compile(r"<[^>]*>")
NASTY = "<script>alert(\"x\")</script> & 'quoted' <img src=x onerror=alert(1)>"


def _rows(n: int) -> list[list]:
    """``n`` rows with every kind of cell: empty, text, int, float, a link, a long text, pieces."""
    return [
        [
            None if k % 7 == 0 else f"{NASTY} {k}",
            k,
            cell(k / 3),
            {"t": f"doc {k}", "h": f"doc-{k:03d}.html#task-{k}"},
            {"t": "长文本" * 3, "c": "long"},
            {"k": ["a ", {"e": "mark", "c": "diff", "t": "<b>"}, {"e": "a", "h": "doc-001.html", "t": "x"}]},
        ]
        for k in range(n)
    ]


def _table(html: str, table_id: str) -> tuple[BeautifulSoup, list[list] | None]:
    soup = BeautifulSoup(html, "html.parser")
    data = soup.find(id=f"{table_id}-rows")
    return soup, (json.loads(data.string) if data else None)


def _body(rows: list[list]) -> str:
    return "".join(f"<tr>{''.join(td(c) for c in r)}</tr>" for r in rows)


def test_a_large_table_writes_its_first_page_and_every_row_as_json() -> None:
    rows = _rows(PAGE_ROWS * 2 + 7)
    headers = ["a", "b", "c", "d", "e", "f"]
    out = grid(rows, headers, table_id="t")
    soup, data = _table(out, "t")
    table = soup.select_one("table#t")
    assert table["data-rows"] == "t-rows" and table["data-total"] == str(len(rows))
    assert len(soup.select("#t tbody tr")) == PAGE_ROWS
    assert data == rows  # every row, in order, as written
    # the first page is those rows drawn; all JSON rows drawn are the table unpaged
    assert out.split("<tbody>")[1].split("</tbody>")[0] == _body(data[:PAGE_ROWS])
    whole = grid(rows, headers, table_id="t", page_rows=len(rows))
    assert "data-rows" not in whole and "<script" not in whole
    assert whole.split("<tbody>")[1].split("</tbody>")[0] == _body(data)


def test_a_small_table_is_plain_html() -> None:
    out = grid(_rows(PAGE_ROWS), ["a", "b", "c", "d", "e", "f"], table_id="t")
    soup, data = _table(out, "t")
    assert data is None and not soup.select_one("table#t").has_attr("data-rows")
    assert len(soup.select("#t tbody tr")) == PAGE_ROWS


def test_json_rows_cannot_close_their_script() -> None:
    out = grid(_rows(PAGE_ROWS + 1), ["a", "b", "c", "d", "e", "f"], table_id="t")
    payload = out.split('<script type="application/json" id="t-rows">')[1]
    assert payload.count("</script>") == 1 and "<" not in payload.removesuffix("</script>")


PIECE = st.recursive(
    st.text(alphabet="<>&\"'ab 市", max_size=8),
    lambda kids: st.fixed_dictionaries(
        {
            "e": st.sampled_from(["a", "mark", "div", "small", "span", "script", "img"]),
            "k": st.lists(kids, max_size=3),
        },
        optional={"c": st.text(alphabet='"<> x', max_size=4), "h": st.text(alphabet='"<>j:s/', max_size=6)},
    ),
    max_leaves=6,
)
CELL = st.one_of(
    st.none(),
    st.text(alphabet="<>&\"'ab 市", max_size=10),
    st.integers(-5, 10**6),
    st.fixed_dictionaries(
        {"t": st.text(alphabet="<>&\"'ab", max_size=10)},
        optional={"v": st.floats(-10, 10), "c": st.just("long"), "h": st.text(alphabet='"<>#a', max_size=6)},
    ),
    st.fixed_dictionaries({"k": st.lists(PIECE, max_size=4)}),
)


@settings(max_examples=300, deadline=None)
@given(c=CELL)
def test_every_cell_is_escaped(c) -> None:
    out = td(c)
    # the text shown is the data's text, nothing parsed out of it, and only the allowed elements exist
    assert html.unescape(TAG.sub("", out)) == text_of(c)
    assert {name for name in re.findall(r"</?([a-z]+)", out)} <= {"td", "a", "mark", "div", "small", "span"}
    assert all(re.fullmatch(r'</?[a-z]+(?: [a-z-]+="[^"<>]*")*>', tag) for tag in TAG.findall(out))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """Three copies of the Qingyang opinion (so the task and indicator tables run over several pages)
    and last a document whose tasks carry markup, so its rows lie beyond the first page."""
    qingyang = pipeline.extract_file(QINGYANG)
    copies = [
        dataclasses.replace(qingyang, document=dataclasses.replace(qingyang.document, doc_id=f"qy-{k}"))
        for k in range(3)
    ]
    injection = pipeline.extract(INJECTION.read_text(encoding="utf-8"), meta={"id": "inject"})
    records = [*copies, injection]
    index = pipeline.report(records, tmp_path_factory.mktemp("report"), reuse=False)
    return index, records


def test_index_json_rows_are_the_records(built) -> None:
    index, records = built
    soup, tasks = _table(index.read_text(encoding="utf-8"), "tasks-table")
    expected = task_rows(records)
    assert len(expected) > PAGE_ROWS and len(tasks) == len(expected)
    pages = {r.document.doc_id: f"doc-{k:03d}.html" for k, r in enumerate(records, 1)}
    for row, task in zip(tasks, expected, strict=True):
        assert row[0] == task.seq and row[1]["t"] == task.text
        assert row[1]["h"] == f"{pages[task.doc_id]}#task-{task.task_id}"
    shown = [tr.find_all("td")[1].get_text() for tr in soup.select("#tasks-table tbody tr")]
    assert shown == [t.text for t in expected[:PAGE_ROWS]]
    indicators = json.loads(soup.find(id="indicators-table-rows").string)
    assert len(indicators) == sum(len(r.targets) for r in records)
    # the injection's tasks come last, beyond the first page, as data only
    assert "<img src=x onerror=" in tasks[-3][1]["t"] and "</script><script>" in tasks[-1][1]["t"]
    assert "onerror" not in soup.select_one("#tasks-table").get_text()


def test_record_tables_of_a_document_page_are_paged(built) -> None:
    index, records = built
    page = (index.parent / "doc-001.html").read_text(encoding="utf-8")
    soup, obligations = _table(page, "obligation-table")
    assert len(obligations) == len(records[0].obligations) > PAGE_ROWS
    assert [r[0]["h"] for r in obligations] == [f"#obligation-{i}" for i in range(len(obligations))]
    assert len(soup.select("#obligation-table tbody tr")) == PAGE_ROWS


def test_injection_rows_in_json_hold_no_markup(built) -> None:
    index, _ = built
    raw = index.read_text(encoding="utf-8")
    soup = BeautifulSoup(raw, "html.parser")
    for script in soup.select('script[type="application/json"]'):
        assert "<" not in script.string
    assert "\\u003cimg src=x onerror" in raw and "\\u003c/script>\\u003cscript>window.__pwned" in raw
    assert not soup.select("main img, main [onerror], main svg[onload]")
