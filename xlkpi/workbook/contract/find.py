"""Finding declared things in grids: sheets by name, tables by their header labels, a data
sheet's key row, settings by their labels. Pure functions over `schema` declarations and
plain grids; `contract.reader` puts them together for a whole workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.problems import Source
from xlkpi.io.cells import a1
from xlkpi.workbook.contract.schema import (
    HEADER_SEARCH_ROWS,
    Column,
    Label,
    Setting,
    Table,
    name_key,
    normalise_label,
)

Grid = list[list[Any]]


def is_blank(value: Any) -> bool:
    """An empty cell: None, or text that is only whitespace (full-width spaces too).

    Every reader asks this (also as `workbook.values.is_blank`). Text is tested by exact
    type, which is faster than isinstance in the read loops; readers (calamine, openpyxl,
    xlwings, CSV) give plain `str`, so a str subclass is never a cell value.
    """
    return value is None or (value.__class__ is str and not value.strip())


# ---------------------------------------------------------------------------------------
# Sheets
# ---------------------------------------------------------------------------------------


def find_labelled(label: Label, names: Iterable[str]) -> str | None:
    """The first sheet named by `label` in either language."""
    return next((n for n in names if label.matches(n)), None)


def find_sheet_named(text: object, sheet_names: list[str]) -> str | None:
    """The sheet a cell names (e.g. a position's data sheet on the Positions sheet): the
    exact name, else the one equal up to full-width/half-width forms, case and spaces.

    Unlike labels, nothing is dropped: "客服（专员）" names the sheet "客服(专员)", never
    "客服", and "cs_data" is not "cs data". Every reader (Calculate, import, roll-up)
    finds sheets through this one function, so they agree on what a cell names.
    """
    wanted = "" if text is None else str(text)
    if wanted in sheet_names:
        return wanted
    key = name_key(wanted)
    if not key:
        return None
    return next((n for n in sheet_names if name_key(n) == key), None)


class NameIndex:
    """Things HR names by code or by name (positions): code -> code, by `name_key`.

    An exact code wins; otherwise the first entry whose code or name matches, in the
    order they were added. Lookups of the same text are remembered (rows repeat them).
    """

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}  # code -> name
        self._lookup: dict[str, str] = {}
        self._seen: dict[str, str | None] = {}

    def add(self, code: str, name: str) -> None:
        """Register a code and its name (the first registration of a spelling wins)."""
        self.codes[code] = name
        self._lookup.setdefault(name_key(code), code)
        self._lookup.setdefault(name_key(name), code)
        self._seen.clear()

    def resolve(self, text: object) -> str | None:
        """The code that `text` names (its code or name), or None."""
        if text in self.codes:
            return str(text)
        key = "" if text is None else str(text)
        if key not in self._seen:
            self._seen[key] = self._lookup.get(name_key(key)) if name_key(key) else None
        return self._seen[key]


# ---------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------


def find_header_row(table: Table, grid: Grid) -> int | None:
    """Index of the row holding the table's first required column (any spelling) among
    the first `HEADER_SEARCH_ROWS` rows, or None."""
    first = table.first_required
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if any(first.matches(v) for v in row):
            return r
    return None


def map_columns(table: Table, header: list[Any]) -> dict[str, int]:
    """Column key -> 0-based column index, from a header row in any accepted spelling."""
    found: dict[str, int] = {}
    keys = [normalise_label(v) for v in header]
    for col in table.columns:
        for i, key in enumerate(keys):
            if col.matches_normalised(key):
                found.setdefault(col.key, i)
                break
    return found


@dataclass
class FoundTable:
    """A table found on a sheet: its header row, the column of each key, and its rows.

    `end_row` is one past its last row: the grid's end for a table with a sheet of its
    own (Calculate clears result cells up to it), the first blank row or the next table's
    header for a stacked one.
    """

    table: Table
    sheet: str
    header_row: int
    columns: dict[str, int]
    end_row: int
    grid: Grid = field(default_factory=list, repr=False)

    @property
    def key(self) -> str:
        """The declared table's key."""
        return self.table.key

    def source(self, row: int, key: str) -> Source:
        """The cell of column `key` in `row` (column A when the table lacks the column)."""
        return Source(self.sheet, a1(row, self.columns.get(key, 0)))

    @property
    def header_source(self) -> Source:
        """Column A of the header row: where a problem with the whole table points."""
        return Source(self.sheet, a1(self.header_row, 0))

    def missing_required(self) -> list[Column]:
        """Required columns the header row lacks, in declared order."""
        return [c for c in self.table.required if c.key not in self.columns]

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row, {column key: raw value}) for each row below the header holding a value
        in one of the table's columns."""
        cols = self.columns.items()
        need = max(self.columns.values(), default=-1) + 1
        grid, text = self.grid, str
        for r in range(self.header_row + 1, self.end_row):
            row = grid[r]
            if len(row) >= need:  # (readers pad their rows: the bounds test is per row)
                rec = {k: row[c] for k, c in cols}
            else:
                rec = {k: (row[c] if c < len(row) else None) for k, c in cols}
            # is_blank inlined, and a loop rather than all(): the Roster has a row per person
            for v in rec.values():
                if v is not None and (v.__class__ is not text or v.strip()):
                    yield r, rec
                    break

    @property
    def records(self) -> list[tuple[int, dict[str, Any]]]:
        """`rows()` as a list (a stacked table has no blank row inside it)."""
        return list(self.rows())


def find_table(table: Table, sheet: str, grid: Grid) -> FoundTable | None:
    """A table that has a sheet of its own, or None when its header row is missing."""
    header = find_header_row(table, grid)
    if header is None:
        return None
    return FoundTable(table, sheet, header, map_columns(table, grid[header]), len(grid), grid)


def _is_stacked_header(table: Table, keys: list[str]) -> bool:
    """Whether a row (its cells through `normalise_label`) holds every required column."""
    return all(any(c.matches_normalised(k) for k in keys) for c in table.required)


def find_stacked_tables(sheet: str, grid: Grid, tables: Iterable[Table]) -> dict[str, FoundTable]:
    """Every stacked table on the sheet, found by its header row (all required columns);
    each ends at its first blank row or at the next table's header.

    Returns:
        Table key -> the table; tables not on the sheet are absent.
    """
    wanted = list(tables)
    found: dict[str, FoundTable] = {}
    for r, row in enumerate(grid):
        keys = [normalise_label(v) for v in row]  # (once a row, not once a column looked for)
        table = next(
            (t for t in wanted if t.key not in found and _is_stacked_header(t, keys)), None
        )
        if table is not None:
            found[table.key] = FoundTable(table, sheet, r, map_columns(table, row), r + 1, grid)
    headers = {t.header_row for t in found.values()}
    for place in found.values():
        end = place.header_row + 1
        while end < len(grid) and end not in headers and not _blank_record(place, grid[end]):
            end += 1
        place.end_row = end
    return found


def _blank_record(place: FoundTable, row: list[Any]) -> bool:
    return all(is_blank(row[c]) if c < len(row) else True for c in place.columns.values())


# ---------------------------------------------------------------------------------------
# Data sheets and settings
# ---------------------------------------------------------------------------------------


def find_key_row(grid: Grid) -> int | None:
    """The data sheet's key row: the first row (of the first few) whose first cell is 'id'."""
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if row and str(row[0]).strip() == "id":
            return r
    return None


@dataclass(frozen=True)
class SettingCell:
    """Where a setting's value is: its row, its column and the raw value there."""

    row: int
    col: int
    raw: Any


def find_settings(grid: Grid, settings: Iterable[Setting]) -> list[tuple[Setting, SettingCell]]:
    """Each settings row, in sheet order, with the cell of its value (label | value | note).

    A row's label is its first non-blank cell among the first three, in any spelling the
    setting declares; the value is the cell to its right. A setting given twice is listed
    twice: whoever folds the list into values lets the later row win.
    """
    wanted = list(settings)
    out: list[tuple[Setting, SettingCell]] = []
    for r, row in enumerate(grid):
        c = next((c for c in range(min(3, len(row))) if not is_blank(row[c])), None)
        if c is None:
            continue
        key = normalise_label(row[c])  # (once, not once a setting)
        for setting in wanted:
            if setting.matches_normalised(key):
                raw = row[c + 1] if c + 1 < len(row) else None
                out.append((setting, SettingCell(r, c + 1, raw)))
    return out
