"""Helpers every sheet writer shares: addresses, protection, pre-sized ranges."""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from xlkpi.io.cells import a1, column_letter

#: rows pre-formatted (fill, validation, conditional formats) below each header
DATA_ROWS = 500  # data sheets
ROSTER_ROWS = 500  # roster, adjustments
INDICATOR_ROWS = 200
POSITION_ROWS = 30
GRADE_ROWS = 10

#: on the settings and table sheets: title, hint, then the header row
TITLE_ROW = 0
HINT_ROW = 1
TABLE_HEADER_ROW = 2


def quote(sheet: str) -> str:
    """A sheet name as formulas reference it: always quoted, inner quotes doubled."""
    return "'" + sheet.replace("'", "''") + "'"


def ref(sheet: str, row: int, col: int, *, absolute: bool = True) -> str:
    """'Sheet'!$B$3 for 0-based (row, col)."""
    return f"{quote(sheet)}!{abs_a1(row, col) if absolute else a1(row, col)}"


def abs_a1(row: int, col: int) -> str:
    """$B$3 for 0-based (row, col)."""
    return f"${column_letter(col)}${row + 1}"


def col_range(sheet: str | None, col: int, first_row: int, last_row: int) -> str:
    """An absolute one-column range, e.g. '人员'!$A$4:$A$503 (rows 0-based, inclusive)."""
    letter = column_letter(col)
    body = f"${letter}${first_row + 1}:${letter}${last_row + 1}"
    return f"{quote(sheet)}!{body}" if sheet else body


def whole_col(sheet: str, col: int) -> str:
    """A whole column of a sheet, e.g. '指标'!$D:$D."""
    letter = column_letter(col)
    return f"{quote(sheet)}!${letter}:${letter}"


PROTECTION: dict[str, Any] = {
    # What HR may still do on a protected sheet (no password).
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_columns": True,
    "format_rows": True,
    "autofilter": True,
}


def protect(ws: Worksheet) -> None:
    """Protect structure and locked cells, without a password."""
    ws.protect("", PROTECTION)


def excel_str(text: str) -> str:
    """A string literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'
