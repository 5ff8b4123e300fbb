"""Headless Debian chromium for the browser tests, driven by Playwright (never ``playwright install``).

The binary is ``$POLICY_PIPELINE_CHROMIUM`` when set (only it), else ``chromium`` on PATH, else
``/usr/bin/chromium``;
``make test`` installs Debian's ``chromium`` and ``fonts-noto-cjk`` when it can. Without a binary (or
without Playwright) the tests that use :func:`chromium` skip, saying why.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_executable() -> str | None:
    """The chromium binary to drive, or None when the machine has none."""
    chosen = os.environ.get("POLICY_PIPELINE_CHROMIUM")
    candidates = [chosen] if chosen else [shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless chromium (a Playwright ``Browser``); skips the test when unavailable."""
    exe = chromium_executable()
    if exe is None:
        where = os.environ.get("POLICY_PIPELINE_CHROMIUM") or "chromium on PATH or /usr/bin/chromium"
        pytest.skip(
            f"no chromium binary ({where}); apt-get install chromium fonts-noto-cjk (`make test` does it as root)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class PageWatch:
    """A page opened on a ``file://`` URL with its console errors, page errors and dialogs recorded."""

    def __init__(self, browser: Any) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri(), wait_until="load")
        return self.page
