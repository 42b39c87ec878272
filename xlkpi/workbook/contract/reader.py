"""The one reader of the workbook contract: a workbook seen through its declarations.

`ContractReader(book)` finds, for every entry point (Calculate's `workbook.read`, import's
`importing.target`, roll-up's `rollup.inputs`, the pay reader and the follow-up reader):

- a sheet by its name in either language (`sheet`), or as a cell names it (`sheet_named`);
- a table by its header labels in any accepted spelling (`table_on`, `stacked_tables`);
- a data sheet's hidden key row (`key_row`);
- the settings rows (`settings`) and the workbook's language (`lang`).

Grids are read once per sheet and shared. Reporting what is missing stays with the entry
point, which knows what the user was doing; what counts as found is decided here only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.label import DEFAULT_LANG
from xlkpi.io.cells import BookReader
from xlkpi.workbook import layout
from xlkpi.workbook.contract.find import (
    FoundTable,
    Grid,
    SettingCell,
    find_key_row,
    find_labelled,
    find_settings,
    find_sheet_named,
    find_stacked_tables,
    find_table,
)
from xlkpi.workbook.contract.schema import Label, Setting, Table, normalise_label

#: the sheets whose names tell the workbook's language, most telling first
_LANG_SHEETS = ("settings", "positions", "indicators", "roster")


@dataclass
class KeyRow:
    """A data sheet's key row: the column of each key, and keys given twice."""

    row: int
    columns: dict[str, int] = field(default_factory=dict)  # key -> its first column
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)  # key, first, again

    def headers(self, grid: Grid) -> dict[str, str]:
        """Key -> the visible header text just above the key row."""
        above = grid[self.row - 1] if self.row > 0 else []
        out = {}
        for key, c in self.columns.items():
            v = above[c] if c < len(above) else None
            out[key] = "" if v is None or not str(v).strip() else str(v).strip()
        return out


def read_key_row(grid: Grid) -> KeyRow | None:
    """The data sheet's key row (column A reads 'id'), or None when it is missing."""
    r = find_key_row(grid)
    if r is None:
        return None
    found = KeyRow(r)
    for c, text in enumerate(grid[r]):
        if layout.parse_data_key(text) is None:
            continue
        key = str(text).strip()
        if key in found.columns:
            found.duplicates.append((key, found.columns[key], c))
        else:
            found.columns[key] = c
    return found


class ContractReader:
    """A workbook read through the contract; grids are read once and shared."""

    def __init__(self, book: BookReader) -> None:
        self.book = book
        self.names = list(book.sheet_names())
        self._grids: dict[str, Grid] = {}
        #: layout.SHEETS key -> the workbook's sheet, for the sheets the workbook has
        self.sheets = {
            key: found
            for key, label in layout.SHEETS.items()
            if (found := find_labelled(label, self.names)) is not None
        }

    def grid(self, sheet: str) -> Grid:
        """The sheet's values, read once."""
        if sheet not in self._grids:
            self._grids[sheet] = self.book.read_grid(sheet) or []
        return self._grids[sheet]

    # -- sheets ----------------------------------------------------------------------------

    def sheet(self, key: str, labels: Mapping[str, Label] | None = None) -> str | None:
        """The workbook's sheet for a declared key (layout.SHEETS, or `labels`)."""
        if labels is None:
            return self.sheets.get(key)
        return find_labelled(labels[key], self.names)

    def sheet_named(self, text: object) -> str | None:
        """The sheet a cell names (`find_sheet_named`)."""
        return find_sheet_named(text, self.names)

    # -- tables ----------------------------------------------------------------------------

    def table_on(self, table: Table, sheet: str) -> FoundTable | None:
        """A table with a sheet of its own, found on `sheet`; None without a header row."""
        return find_table(table, sheet, self.grid(sheet))

    def table(self, table: Table, labels: Mapping[str, Label] | None = None) -> FoundTable | None:
        """A table on its declared sheet; None when the sheet or its header row is missing."""
        sheet = self.sheet(table.sheet, labels)
        return None if sheet is None else self.table_on(table, sheet)

    def stacked_tables(self, sheet: str, tables: Iterable[Table]) -> dict[str, FoundTable]:
        """The stacked tables found on `sheet` (`find_stacked_tables`)."""
        return find_stacked_tables(sheet, self.grid(sheet), tables)

    def key_row(self, sheet: str) -> KeyRow | None:
        """A data sheet's key row (`read_key_row`)."""
        return read_key_row(self.grid(sheet))

    # -- settings and language -------------------------------------------------------------

    def settings(
        self, settings: Iterable[Setting] = layout.SETTINGS, sheet: str | None = None
    ) -> list[tuple[Setting, SettingCell]]:
        """The settings rows of the Settings sheet (or `sheet`), in sheet order."""
        sheet = sheet or self.sheets.get("settings")
        return [] if sheet is None else find_settings(self.grid(sheet), settings)

    def setting(self, key: str) -> Any:
        """The raw value of one Settings row (the last, if given twice), or None."""
        found = self.settings([layout.SETTINGS_BY_KEY[key]])
        return found[-1][1].raw if found else None

    def named_lang(self) -> str | None:
        """The language the workbook's sheets are named in, or None when no sheet of the
        contract is there."""
        for key in _LANG_SHEETS:
            sheet = self.sheets.get(key)
            if sheet is not None:
                english = normalise_label(layout.SHEETS[key].en)
                return "en" if normalise_label(sheet) == english else "zh"
        return None

    def chosen_lang(self) -> str | None:
        """The language chosen on the Settings sheet, or None when it is blank or unknown."""
        return layout.choice_key("lang", self.setting("lang"))

    def lang(self) -> str:
        """The workbook's language: the Settings choice, else the language its sheets are
        named in, else the default. Every entry point uses this one answer."""
        return self.chosen_lang() or self.named_lang() or DEFAULT_LANG
