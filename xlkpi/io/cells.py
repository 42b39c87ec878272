"""The small interface every workbook adapter speaks (files on disk, live Excel, xlwings Lite).

Coordinates are 0-based (row, col) into a sheet, as in the grids readers return:
row 0, col 0 is cell A1. `a1()` turns them into Excel addresses for messages.

Writes go in rectangular blocks, so adapters over live Excel can make one bulk call per
block instead of one per cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

#: Excel's grid: rows 1..1,048,576 and columns A..XFD.
MAX_ROWS = 1_048_576
MAX_COLS = 16_384


@dataclass(frozen=True)
class Styled:
    """A value written with a number format, e.g. Styled(87.5, "0.00") or Styled(0.9, "0%")."""

    value: Any
    number_format: str


@dataclass(frozen=True)
class Formula:
    """A formula written together with its cached result, so previews that never
    recalculate (mail clients, phones) show the right number. `text` starts with '='."""

    text: str
    cached: Any = None
    number_format: str | None = None


# What a cell may receive. None clears the value and keeps the cell's style.
# str is always text: a leading '=' is kept as text, never turned into a formula.
CellInput = None | bool | int | float | str | dt.date | dt.datetime | Styled | Formula


@dataclass(frozen=True)
class Block:
    """A rectangle of values whose top-left cell is (row, col) on `sheet`."""

    sheet: str
    row: int
    col: int
    values: Sequence[Sequence[CellInput]]


class NewSheet(str):
    """The name of a sheet to add (in `ensure_sheets`) that is protected like the
    templates' sheets: every cell locked except the `unlocked_columns` (0-based) HR types
    into. A plain `str` adds a plain, unprotected sheet. Writers that cannot protect a new
    sheet treat it as its name."""

    unlocked_columns: tuple[int, ...]

    def __new__(cls, name: str, unlocked_columns: Sequence[int] = ()) -> NewSheet:
        """The sheet name, remembering which columns stay unlocked."""
        self = super().__new__(cls, name)
        self.unlocked_columns = tuple(sorted(set(unlocked_columns)))
        return self


class BookReader(Protocol):
    """Reads whole sheets as grids of plain values (None for empty cells)."""

    def sheet_names(self) -> list[str]:
        """The worksheets' names, in workbook order."""
        ...

    def read_grid(self, sheet: str) -> list[list[Any]]:
        """All values from A1 to the last used cell; rows padded to equal length."""
        ...


class BookWriter(Protocol):
    """Writes blocks of values in place, all or nothing."""

    def write(self, blocks: Sequence[Block], *, ensure_sheets: Sequence[str] = ()) -> None:
        """Write every block, first adding plain worksheets named in `ensure_sheets` that
        the book lacks (xlkpi's Summary and Issues sheets in an older workbook)."""
        ...


def column_letter(col: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    if col < 0:
        raise ValueError(f"column index must be >= 0, got {col}")
    # (every column of a sheet is looked up, not spelled out again)
    return LETTERS[col] if col < MAX_COLS else _spelled(col)


def _spelled(col: int) -> str:
    """The letters of 0-based column `col` (>= 0)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: bytes) -> int:
    """b'A' -> 0, b'AB' -> 27 (b'' -> -1): the inverse of `column_letter`."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col - 1


#: Column letters by 0-based column number.
LETTERS = [_spelled(i) for i in range(MAX_COLS)]


def a1(row: int, col: int) -> str:
    """(0, 0) -> 'A1'."""
    return f"{column_letter(col)}{row + 1}"


def parse_a1(ref: str) -> tuple[int, int]:
    """'B3' -> (2, 1); '$B$3' works too."""
    ref = ref.replace("$", "").upper()
    i = 0
    col = 0
    while i < len(ref) and ref[i].isalpha():
        col = col * 26 + (ord(ref[i]) - 64)
        i += 1
    if i == 0 or i == len(ref) or not ref[i:].isdigit():
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(ref[i:]) - 1, col - 1


def column_runs(cols: Iterable[int]) -> list[list[int]]:
    """Runs of adjacent columns (one block each): [3, 4, 5, 9, 10] -> [[3, 4, 5], [9, 10]]."""
    runs: list[list[int]] = []
    for c in sorted(cols):
        if runs and runs[-1][-1] == c - 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs
