"""Time to open a report's index.html in headless chromium (issue 16: < 2 s on the 218 shared documents).

    .venv/bin/python benchmarks/report_load.py outputs/report/index.html [--runs 3]

Prints the file size, then for each run the time to the load event (as Playwright waits for it, and
the page's own DOMContentLoaded and load from its navigation timing), the page height and the number of
elements; then, on the last run, how long filtering and sorting the largest paged table take (they go
over all its rows). Playwright drives Debian's chromium; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

TIMING = """() => { const n = performance.getEntriesByType("navigation")[0];
  return [n.domContentLoadedEventEnd, n.loadEventEnd, document.documentElement.scrollHeight,
          document.getElementsByTagName("*").length]; }"""
LARGEST = """() => { let best = null, n = 0;
  document.querySelectorAll("table[data-rows]").forEach(t => {
    const k = Number(t.getAttribute("data-total")); if (k > n) { n = k; best = t.id; } });
  return [best, n]; }"""


def open_once(browser: Any, url: str) -> tuple[Any, list[float]]:
    """A page opened on ``url`` and its figures: wall time to load (s), DOMContentLoaded and load (ms
    after navigation start), height (px), elements."""
    page = browser.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="load", timeout=120_000)
    elapsed = time.perf_counter() - t0
    return page, [elapsed, *page.evaluate(TIMING)]


def interactions(page: Any) -> str:
    """Filtering then sorting the largest paged table (they parse its JSON rows the first time)."""
    table_id, total = page.evaluate(LARGEST)
    if not table_id:
        return "no paged table"
    t0 = time.perf_counter()
    page.fill(f'input[data-for="{table_id}"]', "20")
    t1 = time.perf_counter()
    page.locator(f"#{table_id} thead th").first.click()
    t2 = time.perf_counter()
    return f"{table_id} ({total} rows): filter {1000 * (t1 - t0):.0f} ms, then sort {1000 * (t2 - t1):.0f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("index", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium") or "/usr/bin/chromium"
    url = args.index.resolve().as_uri()
    print(f"{args.index}: {args.index.stat().st_size / 1e6:.2f} MB")
    loads = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        for run in range(args.runs):
            page, (elapsed, dcl, load, height, elements) = open_once(browser, url)
            loads.append(elapsed)
            print(
                f"run {run + 1}: load {elapsed:.2f} s (DOMContentLoaded {dcl / 1000:.2f} s, load event "
                f"{load / 1000:.2f} s), page height {height} px, {elements} elements"
            )
            if run == args.runs - 1:
                print(interactions(page))
            page.close()
        browser.close()
    print(f"median load {statistics.median(loads):.2f} s")


if __name__ == "__main__":
    main()
