"""A fake xlwings Book: the subset of the Book/Sheet/Range API that `XlwingsBook`, the
desktop entry point and the Lite script use, with Excel's behaviour where it matters:

* `range(...).value = rows` treats strings like typed input: a leading apostrophe makes
  the rest text, '=' makes a formula, a numeric-looking string becomes a number;
* reads of numbers give floats (as desktop xlwings does) and empty cells None;
* `used_range` starts at the first used cell, not at A1;
* writing into a protected sheet raises, as Excel does.

Every bulk read and write is counted in `book.stats`, so tests can bound the calls.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import python_calamine as pc


class ProtectedSheetError(RuntimeError):
    """What Excel raises when a locked cell of a protected sheet is written."""


def _typed_input(value: Any) -> tuple[Any, str | None]:
    """(stored value, formula) for a value written like typed input."""
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:], None
        if value.startswith("="):
            return None, value
        if value == "":
            return None, None
        try:
            return float(value.replace(",", "")), None
        except ValueError:
            return value, None
    if isinstance(value, bool) or value is None:
        return value, None
    if isinstance(value, int):
        return float(value), None
    return value, None


class FakeRange:
    def __init__(self, sheet: FakeSheet, top: int, left: int, bottom: int, right: int) -> None:
        self.sheet = sheet
        self.row, self.column = top, left  # 1-based, like xlwings
        self._bottom, self._right = bottom, right
        self._ndim: int | None = None

    def _write(self, stat: str) -> FakeBook:
        """Count one write of kind `stat`; a protected sheet refuses it, as Excel does."""
        book = self.sheet.book
        book.stats[stat] += 1
        if self.sheet.protected:
            raise ProtectedSheetError(f"{self.sheet.name} is protected")
        return book

    @property
    def shape(self) -> tuple[int, int]:
        return (self._bottom - self.row + 1, self._right - self.column + 1)

    def options(self, ndim: int | None = None, **kwargs: Any) -> FakeRange:
        if kwargs:
            raise TypeError(f"FakeRange.options does not emulate {sorted(kwargs)}")
        out = FakeRange(self.sheet, self.row, self.column, self._bottom, self._right)
        out._ndim = ndim
        return out

    @property
    def value(self) -> Any:
        book = self.sheet.book
        book.stats["value_reads"] += 1
        book.log.append(("read", self.sheet.name, self.row, self.column, self.shape))
        rows = [
            [self.sheet.cells.get((r, c)) for c in range(self.column, self._right + 1)]
            for r in range(self.row, self._bottom + 1)
        ]
        if self._ndim == 2:
            return rows
        if self.shape == (1, 1):
            return rows[0][0]
        return rows if self.shape[0] > 1 and self.shape[1] > 1 else [v for r in rows for v in r]

    @value.setter
    def value(self, data: Any) -> None:
        book = self._write("value_writes")
        rows = data if isinstance(data, list) and data and isinstance(data[0], list) else [[data]]
        book.log.append(
            ("write", self.sheet.name, self.row, self.column, (len(rows), len(rows[0])))
        )
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                key = (self.row + i, self.column + j)
                stored, formula = _typed_input(v)
                if stored is None:
                    self.sheet.cells.pop(key, None)
                else:
                    self.sheet.cells[key] = stored
                if formula is None:
                    self.sheet.formulas.pop(key, None)
                else:
                    self.sheet.formulas[key] = formula

    @property
    def number_format(self) -> str:
        return self.sheet.formats.get((self.row, self.column), "General")

    @number_format.setter
    def number_format(self, fmt: str) -> None:
        self._write("format_writes")
        for r in range(self.row, self._bottom + 1):
            for c in range(self.column, self._right + 1):
                self.sheet.formats[(r, c)] = fmt


class FakeSheet:
    def __init__(self, book: FakeBook, name: str, grid: Sequence[Sequence[Any]] = ()) -> None:
        self.book = book
        self.name = name
        self.cells: dict[tuple[int, int], Any] = {}  # 1-based (row, col) -> value
        self.formulas: dict[tuple[int, int], str] = {}
        self.formats: dict[tuple[int, int], str] = {}
        self.protected = False
        for r, row in enumerate(grid, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None and v != "":
                    self.cells[(r, c)] = v

    def range(self, first: tuple[int, int], last: tuple[int, int] | None = None) -> FakeRange:
        self.book.stats["range_calls"] += 1
        top, left = first
        bottom, right = last if last is not None else first
        if min(top, left) < 1:
            raise ValueError(f"xlwings ranges are 1-based, got {first}")
        return (
            _AutoSizedRange(self, top, left, bottom, right)
            if last is None
            else FakeRange(self, top, left, bottom, right)
        )

    @property
    def used_range(self) -> FakeRange:
        self.book.stats["used_range"] += 1
        keys = set(self.cells) | set(self.formats)
        if not keys:
            return FakeRange(self, 1, 1, 1, 1)
        rows = [r for r, _ in keys]
        cols = [c for _, c in keys]
        return FakeRange(self, min(rows), min(cols), max(rows), max(cols))

    def grid(self) -> list[list[Any]]:
        """The sheet's values from A1 (test helper, not part of the xlwings API)."""
        if not self.cells:
            return []
        height = max(r for r, _ in self.cells)
        width = max(c for _, c in self.cells)
        return [[self.cells.get((r, c)) for c in range(1, width + 1)] for r in range(1, height + 1)]


class _AutoSizedRange(FakeRange):
    """`sheet.range((r, c))` grows to the size of the rows assigned to it, as in xlwings."""

    @FakeRange.value.setter  # type: ignore[attr-defined]
    def value(self, data: Any) -> None:
        if isinstance(data, list) and data and isinstance(data[0], list):
            self._bottom = self.row + len(data) - 1
            self._right = self.column + len(data[0]) - 1
        FakeRange.value.fset(self, data)  # type: ignore[attr-defined]


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self._sheets: list[FakeSheet] = []

    def __iter__(self):
        return iter(list(self._sheets))

    def __len__(self) -> int:
        return len(self._sheets)

    def __getitem__(self, key: int | str) -> FakeSheet:
        if isinstance(key, int):
            return self._sheets[key]
        for sheet in self._sheets:
            if sheet.name == key:
                return sheet
        raise KeyError(key)

    def add(self, name: str | None = None, before: Any = None, after: Any = None) -> FakeSheet:
        self.book.stats["sheets_added"] += 1
        sheet = FakeSheet(self.book, name or f"Sheet{len(self._sheets) + 1}")
        index = self._sheets.index(after) + 1 if after is not None else 0
        self._sheets.insert(index, sheet)
        return sheet


class FakeEngine:
    def __init__(self, name: str) -> None:
        self.name = name


class FakeApp:
    def __init__(self, engine: str) -> None:
        self.engine = FakeEngine(engine)
        self.alerts: list[dict[str, Any]] = []

    def alert(
        self,
        prompt: str,
        title: str | None = None,
        buttons: str = "ok",
        mode: str | None = None,
        callback: str | None = None,
    ) -> str:
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})
        return "ok"


class FakeBook:
    """`FakeBook({"Sheet": grid, ...})`; `FakeBook.from_xlsx(path)` loads a real file."""

    def __init__(
        self,
        grids: dict[str, Sequence[Sequence[Any]]],
        *,
        engine: str = "excel",
        name: str = "book.xlsx",
    ) -> None:
        self.name = name
        self.app = FakeApp(engine)
        self.stats: Counter[str] = Counter()
        self.log: list[tuple] = []
        self.sheets = FakeSheets(self)
        for sheet_name, grid in grids.items():
            self.sheets._sheets.append(FakeSheet(self, sheet_name, grid))

    @classmethod
    def from_xlsx(cls, path: str | Path, **kwargs: Any) -> FakeBook:
        """The worksheets of a real workbook as python-calamine reads them (numbers as
        floats, empty cells as '' — what live Excel hands over differs only in those)."""
        wb = pc.CalamineWorkbook.from_path(str(path))
        grids = {}
        for meta in wb.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue
            rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            grids[meta.name] = [[_as_excel(v) for v in row] for row in rows]
        return cls(grids, **kwargs)

    def reset_stats(self) -> None:
        self.stats.clear()
        self.log.clear()


def _as_excel(value: Any) -> Any:
    """What desktop xlwings returns for a value calamine read: numbers are floats, time
    durations are datetimes of Excel's epoch (rare in templates)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dt.timedelta):
        return dt.datetime(1899, 12, 30) + value
    return value


class FakeProtection:
    """Api-free protection hooks for the fake: lifts and restores `FakeSheet.protected`,
    recording each call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def lift(self, sheet: FakeSheet) -> object | None:
        if not sheet.protected:
            return None
        self.calls.append(("lift", sheet.name))
        sheet.protected = False
        return True

    def restore(self, sheet: FakeSheet, state: object) -> None:
        self.calls.append(("restore", sheet.name))
        sheet.protected = True
