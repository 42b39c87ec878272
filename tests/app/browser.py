"""Debian's chromium, headless, driven by Playwright for Python (no browser download:
`executable_path` points at the system's chromium).

`launch()` skips the test with a visible reason when chromium or Playwright is missing,
unless XLKPI_REQUIRE_CHROMIUM=1 (set by .ci/run), where it fails instead.
"""

from __future__ import annotations

import os
import shutil

import pytest

REQUIRE_ENV = "XLKPI_REQUIRE_CHROMIUM"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--metrics-recording-only",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing(what: str) -> None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{what} is required ({REQUIRE_ENV}=1) but was not found")
    pytest.skip(f"{what} not installed; install it to run the browser tests")


def launch(playwright):  # noqa: ANN001, ANN201 - Playwright's own types
    """A headless chromium Browser."""
    exe = chromium_path()
    if exe is None:
        _missing("chromium (Debian package 'chromium')")
    return playwright.chromium.launch(executable_path=exe, args=ARGS, headless=True)


def sync_playwright():  # noqa: ANN201
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError:
        _missing("Playwright for Python (pip package 'playwright')")
    return start()
