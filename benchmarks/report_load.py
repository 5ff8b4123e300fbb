"""Time to open a report's index.html in headless chromium (issue 16: < 2 s on the 218 shared documents).

    .venv/bin/python benchmarks/report_load.py outputs/report/index.html [--runs 3]

Prints the file size, the page height and the time to the load event of each run (Playwright driving
Debian's chromium; nothing is downloaded).
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("index", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium") or "/usr/bin/chromium"
    url = args.index.resolve().as_uri()
    print(f"{args.index}: {args.index.stat().st_size / 1e6:.2f} MB")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        for run in range(args.runs):
            page = browser.new_page()
            t0 = time.perf_counter()
            page.goto(url, wait_until="load", timeout=120_000)
            elapsed = time.perf_counter() - t0
            height = page.evaluate("document.documentElement.scrollHeight")
            print(f"run {run + 1}: load {elapsed:.2f} s, page height {height} px")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
