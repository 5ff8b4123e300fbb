"""Renders docs/report-index.png, docs/report-reuse.png and docs/report-document.png, the pictures of the HTML report in the
README: the report over the Qingyang opinion and, when ../shared is present, the Shandong/national
pairs (shandong 032, 033, 036; central 037, 070), screenshotted by Debian's headless chromium.

Run: .venv/bin/python docs/render-report.py   (needs chromium and fonts-noto-cjk; not run by the tests)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import pipeline  # noqa: E402
from pipeline.compare.inputs import load_inputs  # noqa: E402
from browser_helpers import ARGS, chromium_executable  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"
inputs = [ROOT / "corpora" / "qingyang-2021-13.txt"]
if SHARED.is_dir():
    inputs += [SHARED / "shandong" / f"{n}.txt" for n in ("032", "033", "036")]
    inputs += [SHARED / "central" / f"{n}.txt" for n in ("037", "070")]
records, failures = load_inputs(inputs)
with tempfile.TemporaryDirectory() as tmp:
    index = pipeline.report(records, tmp, title="policy-pipeline report: 庆阳 + 山东/国家")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(index.as_uri())
        page.wait_for_timeout(500)
        page.screenshot(path=str(ROOT / "docs" / "report-index.png"))
        page.fill('input[data-for="reuse-pairs"]', "070")
        page.locator("#reuse").screenshot(path=str(ROOT / "docs" / "report-reuse.png"))
        page.goto((index.parent / "doc-001.html").as_uri() + "#target-2")
        page.locator('.doctext .hl[data-r~="target:2"]').first.click()
        page.screenshot(path=str(ROOT / "docs" / "report-document.png"))
        browser.close()
print("wrote docs/report-index.png, docs/report-reuse.png and docs/report-document.png")
