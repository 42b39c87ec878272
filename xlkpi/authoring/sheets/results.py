"""The sheets Calculate writes: Summary and Issues, present from the start so they sit in
their place in the tab order with widths set; their cells are Calculate's to fill.

They are left unprotected: they hold nothing to protect (every run rewrites them) and HR
may sort or copy them freely.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlkpi.authoring.styles import BLUE
from xlkpi.workbook.layout import TABLES

if TYPE_CHECKING:
    from xlkpi.authoring.builder import Book


def write(book: Book) -> None:
    summary = book.wb.add_worksheet(book.sheet("summary"))
    summary.set_column(0, 0, 22)
    summary.set_column(1, 12, 13)
    summary.set_tab_color(BLUE)
    issues = book.wb.add_worksheet(book.sheet("issues"))
    for i, col in enumerate(TABLES["issues"].columns):
        issues.set_column(i, i, col.width)
    issues.set_tab_color("#C00000")
    for ws in (summary, issues):
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
