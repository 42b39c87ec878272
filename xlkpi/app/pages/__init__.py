"""The app's pages, one module per task.

Each module has `ROUTES` (Starlette routes below the token) and may name a section it adds
to the home page (`HOME_PANEL`) or to a workbook's page (`BOOK_PANEL`): a template in
html/panels/ that renders with that page's values. A new task (e.g. `send` with its
dry-run preview, or `overview`) is one more module listed in PAGES.
"""

from __future__ import annotations

from typing import Any

from . import book, home, imports, rollup

PAGES = (home, book, imports, rollup)


def routes() -> list[Any]:
    """Every page's routes, in PAGES order."""
    return [route for page in PAGES for route in page.ROUTES]


def home_panels() -> list[str]:
    """The sections of the home page that page modules add, in PAGES order."""
    return [p.HOME_PANEL for p in PAGES if getattr(p, "HOME_PANEL", None)]


def book_panels() -> list[str]:
    """The sections of a workbook's page that page modules add, in PAGES order."""
    return [p.BOOK_PANEL for p in PAGES if getattr(p, "BOOK_PANEL", None)]
