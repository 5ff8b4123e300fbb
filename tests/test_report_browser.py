"""The HTML report in a real headless browser (Debian's chromium): it loads without console errors,
shows the expected rows and highlights, its tables sort and filter, and an injection document stays
inert. Skipped, with the reason, where no chromium binary exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import PageWatch, chromium

INJECTION = Path(__file__).parent / "fixtures" / "report" / "injection.txt"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, qingyang_record):
    import pipeline

    injection = pipeline.extract(INJECTION.read_text(encoding="utf-8"), source=str(INJECTION))
    records = [qingyang_record, injection]
    out = tmp_path_factory.mktemp("report")
    index = pipeline.report(records, out, title="庆阳 report test")
    return index, records


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _rows(page, table_id: str) -> int:
    return page.locator(f"#{table_id} tbody tr:visible").count()


def test_index_loads_clean_with_expected_rows(browser, report) -> None:
    index, records = report
    watch = PageWatch(browser)
    page = watch.open(index)
    page.wait_for_timeout(300)  # let the graph iframe start
    assert watch.errors == []
    assert watch.dialogs == []
    assert _rows(page, "documents-table") == 2
    assert _rows(page, "tasks-table") == len(records[0].tasks) + len(records[1].tasks)
    # the Qingyang annex restates its body: aligned passages of the document with itself
    assert _rows(page, "reuse-pairs") > 10
    assert page.locator("#reuse-pairs mark.diff").count() > 0
    assert _rows(page, "indicators-table") == len(records[0].targets) + len(records[1].targets)
    assert page.locator("#chart-years rect.bar").count() >= 3
    assert page.locator("#chart-instruments rect.bar").count() >= 2
    assert "技能庆阳" in page.inner_text("#documents-table")
    # the graph viewer loads when its section comes into view, not with the index
    assert page.locator("iframe.graph").get_attribute("src") is None
    page.locator("#graph").scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.graph")
    frame.locator("canvas#view").wait_for(state="attached", timeout=10_000)
    assert frame.locator("canvas#view").count() == 1
    assert watch.errors == []


def test_task_table_sorts_and_filters(browser, report) -> None:
    page = PageWatch(browser).open(report[0])
    total = _rows(page, "tasks-table")
    page.fill('input[data-for="tasks-table"]', "财政局")
    kept = page.locator("#tasks-table tbody tr:visible")
    assert 0 < kept.count() < total
    assert all("财政局" in t for t in kept.all_inner_texts())
    page.fill('input[data-for="tasks-table"]', "")
    page.click("#tasks-table th:has-text('due')")
    dues = [d for d in page.locator("#tasks-table tbody tr td:nth-child(6)").all_inner_texts() if d]
    assert dues and dues == sorted(dues)
    page.click("#tasks-table th:has-text('due')")
    dues = [d for d in page.locator("#tasks-table tbody tr td:nth-child(6)").all_inner_texts() if d]
    assert dues == sorted(dues, reverse=True)


def test_document_page_highlights_records(browser, report) -> None:
    index, records = report
    record = records[0]
    watch = PageWatch(browser)
    page = watch.open(index.parent / "doc-001.html")
    assert watch.errors == []
    for kind, items in (("target", record.targets), ("deadline", record.deadlines)):
        for i in (0, len(items) - 1):
            pieces = page.locator(f'.hl[data-r~="{kind}:{i}"]').all_inner_texts()
            assert "".join(pieces) == items[i].text
    with_indicator = [i for i, t in enumerate(record.targets) if t.indicator_start is not None]
    assert len(with_indicator) > 20
    for i in with_indicator[:3]:
        pieces = page.locator(f'.hl[data-r~="indicator:{i}"]').all_inner_texts()
        assert "".join(pieces) == record.targets[i].indicator
    assert page.locator(".hl.k-department").count() >= len(record.departments)
    assert page.locator(".hl.k-obligation").count() >= len(record.obligations)
    target = record.targets[0]
    page.locator('#doctext .hl[data-r~="target:0"]').first.click()
    details = page.inner_text("#details")
    assert target.indicator and target.indicator in details
    assert page.inner_text("#doctext") == record.text.replace("\r\n", "\n")


# each kind's own CSS property, so overlapping kinds stay visible together
STYLE = {
    "obligation": "backgroundColor",
    "target": "backgroundColor",
    "deadline": "textDecorationLine",
    "department": "color",
    "citation": "borderTopStyle",
    "indicator": "borderBottomStyle",
}


@pytest.mark.parametrize(("kind", "prop"), STYLE.items())
def test_each_kind_is_styled_and_can_be_hidden(browser, report, kind: str, prop: str) -> None:
    page = PageWatch(browser).open(report[0].parent / "doc-001.html")
    span = page.locator(f'#doctext span[class="hl k-{kind}"]').first
    plain = page.evaluate(
        "p => { const s = document.createElement('span'); document.getElementById('doctext').append(s);"
        " return getComputedStyle(s)[p]; }",
        prop,
    )
    assert span.evaluate(f"e => getComputedStyle(e).{prop}") != plain
    page.uncheck(f'.legend input[value="{kind}"]')
    assert span.evaluate(f"e => getComputedStyle(e).{prop}") == plain


def test_injection_document_stays_inert(browser, report) -> None:
    index = report[0]
    watch = PageWatch(browser)
    page = watch.open(index.parent / "doc-002.html")
    page.wait_for_timeout(200)
    assert watch.dialogs == []
    assert watch.errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert (
        page.locator(
            "#doctext script, #doctext img, #doctext svg, #doctext iframe, #doctext textarea"
        ).count()
        == 0
    )
    shown = page.inner_text("#doctext")
    assert '<script>window.__pwned = 1; alert("script")</script>' in shown
    assert "onerror=" in shown and "<svg onload=alert(3)></svg>" in shown
    # the index lists the same text (title, tasks, indicators) without running it
    watch = PageWatch(browser)
    page = watch.open(index)
    page.wait_for_timeout(200)
    assert watch.dialogs == [] and page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main img, main iframe:not(.graph), main textarea").count() == 0
