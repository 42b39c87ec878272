"""The follow-up sheets of a template: interviews and improvement plans, appeals, holidays,
360° setup and ratings, and the change log (`xlkpi.followup.layout` names them).

Input columns are yellow, columns Calculate fills are grey, and every sheet is protected
like the rest (no password). Both are unlocked: HR types into the one, Calculate writes the
other, and xlwings Lite cannot lift sheet protection. The change log is all grey: Calculate
appends to it and HR only reads it; its chain of check values shows any edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xlsxwriter.worksheet import Worksheet

from xlkpi.authoring.book import Book
from xlkpi.authoring.sheets.common import (
    HINT_ROW,
    ROSTER_ROWS,
    TABLE_HEADER_ROW,
    TITLE_ROW,
    protect,
)
from xlkpi.authoring.sheets.table_kit import NAME_IDS, plain_above_header
from xlkpi.followup import layout as fl
from xlkpi.workbook.layout import Kind, Table

FIRST_ROW = TABLE_HEADER_ROW + 1
_NUM = {Kind.PERCENT: "0%", Kind.DATE: "yyyy-mm-dd", Kind.INTEGER: "0"}


def write(book: Book) -> None:
    """Add every follow-up sheet, in the order HR meets them."""
    for key in fl.SHEETS:
        _sheet(book, key)


def _sheet(book: Book, key: str) -> Worksheet:
    lang, st = book.lang, book.styles
    table = fl.TABLES[key]
    ws = book.wb.add_worksheet(fl.SHEETS[key](lang))
    ws.hide_gridlines(2)
    ws.write(TITLE_ROW, 0, fl.TITLES[key](lang), st.title(14))
    ws.write(HINT_ROW, 0, fl.HINTS[key](lang), st.subtitle())
    ws.set_row(TITLE_ROW, 26)
    locked_all = key == "changelog"
    for i, col in enumerate(table.columns):
        wrap = col.width >= 30
        num = _NUM.get(col.kind)
        if col.computed or locked_all:
            fmt = st.computed(num, wrap=wrap, locked=False)
        else:
            fmt = st.input("date" if col.kind is Kind.DATE else col.kind.value, wrap=wrap)
        ws.set_column(i, i, col.width, fmt)
        ws.write(TABLE_HEADER_ROW, i, col.label(lang), st.header())
    plain_above_header(book, ws, len(table.columns))
    ws.set_row(TABLE_HEADER_ROW, 30)
    ws.freeze_panes(FIRST_ROW, 2 if "name" in [c.key for c in table.columns] else 0)
    if not locked_all:
        _validations(ws, table, lang)
    ws.autofilter(TABLE_HEADER_ROW, 0, FIRST_ROW + ROSTER_ROWS - 1, len(table.columns) - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    protect(ws)
    return ws


def _validations(ws: Worksheet, table: Table, lang: str) -> None:
    last = FIRST_ROW + ROSTER_ROWS - 1
    for i, col in enumerate(table.columns):
        if col.computed:
            continue
        opts: dict[str, Any] | None = None
        if col.key == "id":
            opts = {"validate": "list", "source": f"={NAME_IDS}", "error_type": "warning"}
        elif col.kind is Kind.CHOICE and col.choices:
            labels = [lab(lang) for lab in fl.CHOICES[col.choices].values()]
            opts = {"validate": "list", "source": labels}
        elif col.kind is Kind.DATE:
            opts = {
                "validate": "date",
                "criteria": "between",
                "minimum": _date(2000, 1, 1),
                "maximum": _date(2100, 12, 31),
                "error_title": "日期" if lang == "zh" else "Date",
                "error_message": "请输入日期，例如 2026-10-09"
                if lang == "zh"
                else "Enter a date, e.g. 2026-10-09",
            }
        elif col.kind is Kind.PERCENT:
            opts = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1}
        elif col.kind is Kind.INTEGER:
            opts = {"validate": "integer", "criteria": ">=", "value": 1}
        if opts is not None:
            opts.setdefault("ignore_blank", True)
            ws.data_validation(FIRST_ROW, i, last, i, opts)


def _date(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d)
