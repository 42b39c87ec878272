"""Helpers for the delivery tests: edit a workbook's roster or Mail sheet, read attachments
back, and what each person's results are."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import openpyxl

from xlkpi.core.model import EmployeeResult
from xlkpi.io.cells import Block
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.io.xlsx_writer import write_blocks
from xlkpi.workbook import layout
from xlkpi.workbook.calculate import check
from xlkpi.workbook.mail_layout import MAIL_SETTINGS_BY_KEY


def results(path: Path) -> dict[str, EmployeeResult]:
    outcome = check(XlsxBook(path))
    assert outcome.run is not None
    return {r.employee.id: r for r in outcome.run.results}


def roster_cell(path: Path, eid: str, key: str) -> tuple[str, int, int]:
    """(sheet, row, col) of the roster's `key` column on employee `eid`'s row."""
    grids = read_grids(path)
    sheet = layout.find_sheet("roster", list(grids))
    assert sheet is not None
    grid = grids[sheet]
    table = layout.TABLES["roster"]
    header = layout.find_header_row(table, grid)
    assert header is not None
    cols = layout.map_columns(table, grid[header])
    row = next(r for r in range(header + 1, len(grid)) if grid[r][cols["id"]] == eid)
    return sheet, row, cols[key]


def set_roster(path: Path, values: dict[tuple[str, str], Any]) -> None:
    """Write roster cells: (employee id, column key) -> value."""
    blocks = []
    for (eid, key), value in values.items():
        sheet, r, c = roster_cell(path, eid, key)
        blocks.append(Block(sheet, r, c, [[value]]))
    write_blocks(path, blocks, backup=False)


def set_mail(path: Path, key: str, value: Any) -> str:
    """Write a Mail-sheet setting; returns its cell (e.g. '邮件!B11')."""
    grids = read_grids(path)
    sheet = layout.find_sheet("mail", list(grids))
    assert sheet is not None
    label = MAIL_SETTINGS_BY_KEY[key].label
    row = next(r for r, cells in enumerate(grids[sheet]) if cells and label.matches(cells[0]))
    write_blocks(path, [Block(sheet, row, 1, [[value]])], backup=False)
    return f"{sheet}!B{row + 1}"


def attachment(msg: EmailMessage) -> tuple[str, bytes]:
    parts = list(msg.iter_attachments())
    assert len(parts) == 1
    return parts[0].get_filename() or "", parts[0].get_content()


def cell_values(data: bytes) -> tuple[set[str], list[float]]:
    """Every text and every number in a workbook (all sheets)."""
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    texts: set[str] = set()
    numbers: list[float] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str):
                    texts.add(v)
                elif isinstance(v, int | float) and not isinstance(v, bool):
                    numbers.append(float(v))
    wb.close()
    return texts, numbers


def all_text(data: bytes) -> str:
    """Every part of an .xlsx package, as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


def has(numbers: list[float], value: float) -> bool:
    return any(abs(n - value) < 0.005 for n in numbers)
