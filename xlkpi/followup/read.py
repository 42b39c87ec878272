"""Read the follow-up sheets (interviews, appeals, holidays, 360°, change log) from a book.

Every sheet is optional: a workbook made before these sheets existed reads as "nothing
recorded yet", and Calculate adds the sheets (see `followup.run`). Bad cells are ERRORS
naming the cell, like everywhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.followup import layout as fl
from xlkpi.io.cells import BookReader, a1
from xlkpi.workbook import layout
from xlkpi.workbook.contract.reader import ContractReader
from xlkpi.workbook.layout import Column, Kind, Table
from xlkpi.workbook.values import CellParser, ValueIssue, is_blank, parse_text


@dataclass
class Record:
    """One table row: parsed values by column key, and where each cell is."""

    row: int  # 0-based
    values: dict[str, Any]
    sheet: str
    columns: dict[str, int]

    def get(self, key: str) -> Any:
        """The parsed value of column `key` (None when blank or absent)."""
        return self.values.get(key)

    def source(self, key: str) -> Source:
        """The cell of column `key` in this row (the id cell when the table has no such column)."""
        col = self.columns.get(key, self.columns.get("id", 0))
        return Source(self.sheet, a1(self.row, col))


@dataclass
class SheetTable:
    """A follow-up table as found: sheet, header row, columns, rows, and the grid's size."""

    sheet: str
    header_row: int
    columns: dict[str, int]
    records: list[Record] = field(default_factory=list)
    end_row: int = 0
    raw: list[list[Any]] = field(default_factory=list)  # the grid as read (change log)


@dataclass
class FollowUpBook:
    """The follow-up sheets found in a workbook (a key is missing when its sheet is)."""

    lang: str
    tables: dict[str, SheetTable] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)  # results_date, plan_grades
    settings_source: dict[str, Source] = field(default_factory=dict)
    sheet_names: list[str] = field(default_factory=list)

    def sheet(self, key: str) -> str:
        """The workbook's sheet for `key`, or the name it gets when Calculate adds it."""
        table = self.tables.get(key)
        return table.sheet if table else fl.SHEETS[key](self.lang)


def read_followup(book: BookReader, lang: str, problems: Problems) -> FollowUpBook:
    """Read every follow-up sheet the book has, and the follow-up settings.

    Args:
        book: the workbook (file, live Excel, or in-memory grids).
        lang: the workbook's language (names of sheets Calculate will add).
        problems: bad cells are ERRORS naming the cell.
    """
    contract = ContractReader(book)
    out = FollowUpBook(lang, sheet_names=list(contract.names))
    for key in fl.SHEETS:
        sheet = contract.sheet(key, fl.SHEETS)
        if sheet is not None:
            out.tables[key] = _table(contract, sheet, fl.TABLES[key], problems)
    _settings(contract, out, problems)
    return out


_SETTINGS = [layout.SETTINGS_BY_KEY[k] for k in ("results_date", "plan_grades")]


def _settings(contract: ContractReader, out: FollowUpBook, problems: Problems) -> None:
    sheet = contract.sheet("settings")
    if sheet is None:
        return
    cells = CellParser(sheet, problems)
    for s, cell in contract.settings(_SETTINGS, sheet):
        out.settings[s.key] = cells.parse(cell.raw, cell.row, cell.col, s.kind, s.label)
        out.settings_source[s.key] = Source(sheet, a1(cell.row, cell.col))


def _table(contract: ContractReader, sheet: str, table: Table, problems: Problems) -> SheetTable:
    keep_raw = table.key == "changelog"  # the change log is compared as text, as written
    grid = contract.grid(sheet)
    found = contract.table_on(table, sheet)
    raw_grid = grid if keep_raw else []
    if found is None:
        if any(not is_blank(v) for row in grid for v in row):
            first = table.first_required
            problems.error(
                "followup.header_missing",
                f"Sheet '{sheet}' has no header row with a '{first.label.en}' column",
                f"“{sheet}”表找不到含“{first.label.zh}”列的标题行",
                Source(sheet, "A1"),
            )
        return SheetTable(sheet, 0, {}, [], len(grid), raw_grid)
    columns = found.columns
    out = SheetTable(sheet, found.header_row, columns, [], len(grid), raw_grid)
    cells = CellParser(sheet, problems)
    if keep_raw:  # every column counts, as `rows` checks: the log is compared as text
        for r, raw in found.rows():
            values = {k: "" if v is None else _log_text(v) for k, v in raw.items()}
            out.records.append(Record(r, values, sheet, columns))
        return out
    inputs = [(c, columns[c.key]) for c in table.columns if c.key in columns and not c.computed]
    for r, raw in found.rows():
        if all(is_blank(raw[c.key]) for c, _ in inputs):
            continue  # only cells Calculate writes
        values = {c.key: _value(cells, raw[c.key], r, i, c) for c, i in inputs}
        out.records.append(Record(r, values, sheet, columns))
    return out


def _value(cells: CellParser, v: Any, r: int, c: int, col: Column) -> Any:
    """One cell of a follow-up table, parsed by its column's kind."""
    if col.kind is Kind.CHOICE:
        return cells.pick(v, r, c, fl.CHOICES[col.choices or ""], col.label)
    return cells.parse(v, r, c, col.kind, col.label)


def _log_text(v: Any) -> str:
    try:
        return parse_text(v)
    except ValueIssue:
        return str(v)


def as_date(value: Any) -> dt.date | None:
    """A parsed DATE cell (already a date or None)."""
    return value if isinstance(value, dt.date) else None
