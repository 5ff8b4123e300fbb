"""The report's paged tables in headless chromium: a table longer than a page shows one page and a
count, the page buttons turn pages, filtering and sorting go over every row (not just the page shown),
rows drawn from JSON are the rows Python writes, their links work and their markup stays text.
Skipped, with the reason, where no chromium binary exists."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from browser_helpers import PageWatch, chromium

import pipeline
from pipeline.export.tasks_table import task_rows
from pipeline.report.cells import td
from pipeline.report.tables import PAGE_ROWS

INJECTION = Path(__file__).parent / "fixtures" / "report" / "injection-rows.txt"

# a node as comparable data: tag, class, number of data-v, href, children (text nodes merged)
CANON = """
(root) => {
  function canon(n) {
    if (n.nodeType === 3) return n.data;
    var v = n.getAttribute("data-v");
    return [n.tagName.toLowerCase(), n.getAttribute("class") || "", v === null ? null : Number(v),
            n.getAttribute("href"), Array.from(n.childNodes).map(canon)];
  }
  root.normalize();
  return Array.from(root.children).map(canon);
}
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, qingyang_record):
    """Three copies of the Qingyang opinion (87 tasks, 145 targets) and last a document whose tasks
    carry markup, so that its rows are beyond the first page and reach the browser as JSON only."""
    copies = [
        dataclasses.replace(
            qingyang_record, document=dataclasses.replace(qingyang_record.document, doc_id=f"qy-{k}")
        )
        for k in range(3)
    ]
    injection = pipeline.extract(INJECTION.read_text(encoding="utf-8"), meta={"id": "inject"})
    records = [*copies, injection]
    index = pipeline.report(records, tmp_path_factory.mktemp("paged"), title="paged report")
    return index, records


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _open(browser, path: Path):
    watch = PageWatch(browser)
    return watch, watch.open(path)


def _count(page, table_id: str) -> str:
    return (
        page.locator(f"#{table_id}").locator("xpath=preceding::span[@class='filter-count'][1]").inner_text()
    )


def _column(page, table_id: str, n: int) -> list[str]:
    return page.locator(f"#{table_id} tbody tr td:nth-child({n})").all_inner_texts()


def _show_all(page, table_id: str) -> None:
    page.select_option(f'.pager[data-for="{table_id}"] select', "0")


def test_a_long_table_shows_one_page_and_a_count(browser, report) -> None:
    index, records = report
    watch, page = _open(browser, index)
    total = len(task_rows(records))
    assert total > PAGE_ROWS
    assert page.locator("#tasks-table tbody tr").count() == PAGE_ROWS
    assert _count(page, "tasks-table") == f"rows 1–{PAGE_ROWS} of {total}"
    assert page.locator('.pager[data-for="tasks-table"]').is_visible()
    # a short table: all its rows, no page buttons
    assert page.locator("#documents-table tbody tr").count() == 4
    assert _count(page, "documents-table") == "4 rows"
    assert not page.locator('.pager[data-for="documents-table"]').is_visible()
    assert watch.errors == [] and watch.dialogs == []


def test_page_buttons_turn_pages(browser, report) -> None:
    index, records = report
    tasks = task_rows(records)
    _, page = _open(browser, index)
    pager = page.locator('.pager[data-for="tasks-table"]')
    assert pager.locator("button[title='previous page']").is_disabled()
    pager.locator("button[title='last page']").click()
    assert _column(page, "tasks-table", 2)[-1] == tasks[-1].text
    assert pager.locator("button[title='next page']").is_disabled()
    pager.locator("button[title='first page']").click()
    assert _column(page, "tasks-table", 2)[0] == tasks[0].text
    pager.locator("button[title='next page']").click()
    shown = _column(page, "tasks-table", 2)
    assert shown == [t.text for t in tasks[PAGE_ROWS : 2 * PAGE_ROWS]]
    end = min(2 * PAGE_ROWS, len(tasks))
    assert _count(page, "tasks-table") == f"rows {PAGE_ROWS + 1}–{end} of {len(tasks)}"
    pager.locator("button[title='previous page']").click()
    assert _column(page, "tasks-table", 2) == [t.text for t in tasks[:PAGE_ROWS]]


def test_filter_finds_rows_beyond_the_first_page(browser, report) -> None:
    index, records = report
    tasks = task_rows(records)
    watch, page = _open(browser, index)
    wanted = [t.text for t in tasks if "onerror" in t.text]
    assert wanted and all(tasks.index(t) >= PAGE_ROWS for t in tasks if t.text in wanted)
    assert "onerror" not in page.inner_text("#tasks-table")
    page.fill('input[data-for="tasks-table"]', "onerror")
    assert _column(page, "tasks-table", 2) == wanted
    assert _count(page, "tasks-table") == f"{len(wanted)} of {len(tasks)} rows"
    # the markup of those rows is text: nothing of it became an element, nothing ran
    page.fill('input[data-for="tasks-table"]', "pwned")
    assert len(_column(page, "tasks-table", 2)) == 2
    assert '</script><script>window.__pwned = 5; alert("script")</script>' in page.inner_text("#tasks-table")
    page.wait_for_timeout(200)
    assert watch.dialogs == [] and watch.errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert (
        page.locator(
            'main img, main svg:not(.chart), main script:not([type="application/json"]), main iframe:not(.graph)'
        ).count()
        == 0
    )
    page.fill('input[data-for="tasks-table"]', "")
    assert page.locator("#tasks-table tbody tr").count() == PAGE_ROWS


def test_sorting_sorts_every_row(browser, report) -> None:
    index, records = report
    tasks = task_rows(records)
    _, page = _open(browser, index)
    page.click("#tasks-table th:has-text('due')")
    dues = sorted(t.due_date.isoformat() for t in tasks if t.due_date)
    empty = sum(1 for t in tasks if not t.due_date)
    assert dues and _column(page, "tasks-table", 6) == ([""] * empty + dues)[:PAGE_ROWS]  # empty sorts first
    _show_all(page, "tasks-table")
    shown = _column(page, "tasks-table", 6)
    assert len(shown) == len(tasks) and shown == [""] * empty + dues
    page.click("#tasks-table th:has-text('due')")
    assert _column(page, "tasks-table", 6) == dues[::-1] + [""] * empty
    # a number column sorts as numbers over all pages, largest first the second time
    data = page.evaluate("JSON.parse(document.getElementById('indicators-table-rows').textContent)")
    column = [c for c in (row[5] for row in data) if c is not None]
    numbers = [c if isinstance(c, int) else c["v"] for c in column]
    page.click("#indicators-table th:has-text('value')")
    page.click("#indicators-table th:has-text('value')")
    _show_all(page, "indicators-table")
    values = [float(v) for v in _column(page, "indicators-table", 6) if v]
    assert len(values) == len(numbers) > PAGE_ROWS and values == sorted(values, reverse=True)
    assert values[0] == max(numbers)


@pytest.mark.parametrize("doc_page", ["index.html", "doc-001.html"])
def test_rows_drawn_from_json_are_the_rows_python_writes(browser, report, doc_page: str) -> None:
    index, _ = report
    path = index.parent / doc_page
    watch, page = _open(browser, path)
    tables = page.eval_on_selector_all("table[data-rows]", "ts => ts.map(t => t.id)")
    assert tables, "no paged table"
    for table_id in tables:
        data = page.evaluate(f"JSON.parse(document.getElementById('{table_id}-rows').textContent)")
        assert len(data) > PAGE_ROWS, table_id
        _show_all(page, table_id)
        drawn = page.eval_on_selector(f"#{table_id} tbody", CANON)
        python = "".join(f"<tr>{''.join(td(c) for c in row)}</tr>" for row in data)
        written = page.evaluate(
            "([html, canon]) => { const t = document.createElement('template');"
            " t.innerHTML = '<table><tbody>' + html + '</tbody></table>';"
            " return (new Function('return ' + canon))()(t.content.querySelector('tbody')); }",
            [python, CANON.strip()],
        )
        assert drawn == written, table_id
    assert watch.errors == []


def test_links_of_a_later_page_reach_their_place(browser, report) -> None:
    index, records = report
    tasks = task_rows(records)
    _, page = _open(browser, index)
    page.locator('.pager[data-for="tasks-table"] button[title="next page"]').click()
    link = page.locator("#tasks-table tbody tr td:nth-child(2) a").first
    href = link.get_attribute("href")
    task = tasks[PAGE_ROWS]
    assert href.endswith(f"#task-{task.task_id}")
    link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(href)
    assert page.locator(f'[id="task-{task.task_id}"]').count() == 1
