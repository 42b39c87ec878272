"""The live workbook in Excel as a BookReader and BookWriter (xlkpi.io.cells).

`XlwingsBook` wraps an xlwings `Book` (desktop Excel through RunPython, or xlwings Lite in
Pyodide, which offer the same Book/Sheet/Range subset used here):

* reading a sheet is ONE bulk read of its used range (cached until the next write);
* writing a Block is ONE bulk write of its values, plus one number-format call per
  rectangle of cells sharing a format (normally one per result column group);
* a protected sheet is unprotected before its blocks are written and protected again
  afterwards with the same options (desktop Excel; the templates use no password).

Grids follow the file reader's conventions (`xlkpi.io.reader`): absolute from A1, rows of
equal length, empty cells None, whole-number floats as int, error values None, trailing
empty rows and columns dropped.

Excel treats a string written to a cell like typed input ("007" becomes 7, "=A1" a
formula, "2026-10" a date). Text is therefore written with Excel's text prefix (a leading
apostrophe, which Excel stores as the cell's prefix, not as part of the value) whenever
Excel could read it as something else.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol, cast

from xlkpi.io.cells import MAX_COLS, MAX_ROWS, Block, Formula, Styled, a1
from xlkpi.io.errors import WorkbookError, no_worksheet


class SheetProtected(WorkbookError):
    """A sheet is protected with a password, so Calculate cannot write its results."""

    code = "excel.protected"


class WriteFailed(WorkbookError):
    """Excel refused a write; blocks already written were put back where possible."""

    code = "excel.write_failed"


# ---------------------------------------------------------------------------------------
# Sheet protection: lifted around writes, restored with the same options
# ---------------------------------------------------------------------------------------


class Protection(Protocol):
    """How to lift and restore a sheet's protection for one engine."""

    def lift(self, sheet: Any) -> object | None:
        """Unprotect `sheet` if it is protected; return what `restore` needs, or None."""
        ...

    def restore(self, sheet: Any, state: object) -> None:
        """Protect `sheet` again as it was before `lift` (state is never None here)."""
        ...


# The options Worksheet.Protect takes besides the password, as COM names.
_COM_ALLOW = (
    "AllowFormattingCells",
    "AllowFormattingColumns",
    "AllowFormattingRows",
    "AllowInsertingColumns",
    "AllowInsertingRows",
    "AllowInsertingHyperlinks",
    "AllowDeletingColumns",
    "AllowDeletingRows",
    "AllowSorting",
    "AllowFiltering",
    "AllowUsingPivotTables",
)


def _protected_error(sheet_name: str) -> SheetProtected:
    return SheetProtected(
        "the sheet is protected with a password; unprotect it (Review > Unprotect Sheet) "
        "and run Calculate again",
        "该工作表设置了密码保护；请先撤销保护（审阅 > 撤销工作表保护）后再点“计算”",
        sheet=sheet_name,
    )


class ComProtection:
    """Desktop Excel on Windows, through the COM object behind `sheet.api`."""

    def lift(self, sheet: Any) -> object | None:
        """Unprotect `sheet` (empty password); its options and selection mode, or None if it was
        not protected."""
        api = sheet.api
        if not (api.ProtectContents or api.ProtectDrawingObjects or api.ProtectScenarios):
            return None
        options = {name: bool(getattr(api.Protection, name)) for name in _COM_ALLOW}
        state = {
            "DrawingObjects": bool(api.ProtectDrawingObjects),
            "Contents": bool(api.ProtectContents),
            "Scenarios": bool(api.ProtectScenarios),
            **options,
        }
        selection = api.EnableSelection
        try:
            api.Unprotect("")
        except Exception:  # COM raises com_error for a wrong (here: missing) password
            raise _protected_error(sheet.name) from None
        return state, selection

    def restore(self, sheet: Any, state: object) -> None:
        """Protect `sheet` again with the options and selection mode `lift` returned."""
        options, selection = cast(tuple[dict[str, bool], Any], state)
        api = sheet.api
        api.Protect("", **options)
        api.EnableSelection = selection


# The same options in the AppleScript dictionary of Excel for Mac, as appscript names.
_MAC_ALLOW = tuple(re.sub(r"(?<!^)([A-Z])", r"_\1", n).lower() for n in _COM_ALLOW)


class MacProtection:
    """Desktop Excel on macOS, through the appscript reference behind `sheet.api`."""

    def lift(self, sheet: Any) -> object | None:
        """Unprotect `sheet` (empty password); its options, or None if it was not protected."""
        api = sheet.api
        contents = bool(api.protect_contents.get())
        drawing = bool(api.protect_drawing_objects.get())
        scenarios = bool(api.protect_scenarios.get())
        if not (contents or drawing or scenarios):
            return None
        protection = api.protection.get()
        state = {
            "drawing_objects": drawing,
            "contents": contents,
            "scenarios": scenarios,
            **{name: bool(getattr(protection, name).get()) for name in _MAC_ALLOW},
        }
        try:
            api.unprotect(password="")
        except Exception:  # appscript raises CommandError for a wrong password
            raise _protected_error(sheet.name) from None
        return state

    def restore(self, sheet: Any, state: object) -> None:
        """Protect `sheet` again with the options `lift` returned."""
        sheet.api.protect_worksheet(password="", **state)  # type: ignore[arg-type]


class NoProtection:
    """Engines that cannot change protection (xlwings Lite): writes go straight through,
    so protected templates keep the cells Calculate writes unlocked."""

    def lift(self, sheet: Any) -> object | None:
        """Nothing to lift: None."""
        return None

    def restore(self, sheet: Any, state: object) -> None:  # pragma: no cover - never called
        """Never called (`lift` returns None)."""
        return None


def detect_protection(book: Any) -> Protection:
    """The protection handler for the engine running `book`."""
    engine = getattr(getattr(getattr(book, "app", None), "engine", None), "name", "")
    if engine != "excel":  # "remote" is xlwings Lite
        return NoProtection()
    return MacProtection() if sys.platform == "darwin" else ComProtection()


# ---------------------------------------------------------------------------------------
# Values in and out
# ---------------------------------------------------------------------------------------

_LITERAL_WORDS = {"TRUE", "FALSE"}


def needs_text_prefix(text: str) -> bool:
    """Whether Excel could read `text`, typed into a cell, as something other than text:
    a formula or sign (= + - @), a number, date, time, percent or fraction (anything with
    a digit), a logical value, an error value (#N/A), or an existing prefix (')."""
    if not text:
        return False
    return (
        text[0] in "=+-@'#"
        or any(ch.isdigit() for ch in text)
        or text.strip().upper() in _LITERAL_WORDS
    )


def _excel_value(value: Any, where: str) -> Any:
    """A CellInput as the value handed to xlwings."""
    if isinstance(value, Formula):
        if not isinstance(value.text, str) or not value.text.startswith("="):
            raise TypeError(f"{where}: a formula must start with '=', got {value.text!r}")
        return value.text
    if isinstance(value, Styled):
        return _excel_value(value.value, where)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return "'" + value if needs_text_prefix(value) else value
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{where}: {value!r} cannot be written to a cell")
        return value
    if isinstance(value, dt.date | dt.time):
        return value
    raise TypeError(f"{where}: cannot write a {type(value).__name__} ({value!r}) to a cell")


def _number_format(value: Any) -> str | None:
    if isinstance(value, Styled | Formula):
        return value.number_format
    return None


def _clean(value: Any) -> Any:
    """A value read from Excel, in the file reader's conventions."""
    if isinstance(value, str):
        return value if value != "" else None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _trim(grid: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty rows and columns (Excel's used range counts formatted cells)."""
    while grid and all(v is None for v in grid[-1]):
        grid.pop()
    width = 0
    for row in grid:
        for c in range(len(row) - 1, width - 1, -1):
            if row[c] is not None:
                width = c + 1
                break
    return [row[:width] for row in grid]


def _format_rectangles(
    formats: list[list[str | None]],
) -> list[tuple[int, int, int, int, str]]:
    """Group a grid of number formats into rectangles (r0, c0, r1, c1 inclusive, fmt):
    runs down each column, then equal runs of neighbouring columns merged."""
    runs_by_col: list[list[tuple[int, int, str]]] = []
    width = max((len(r) for r in formats), default=0)
    for c in range(width):
        runs: list[tuple[int, int, str]] = []
        start = None
        for r in range(len(formats) + 1):
            fmt = formats[r][c] if r < len(formats) and c < len(formats[r]) else None
            if start is not None and fmt != formats[start][c]:
                runs.append((start, r - 1, formats[start][c]))  # type: ignore[arg-type]
                start = None
            if start is None and fmt is not None:
                start = r
        runs_by_col.append(runs)
    rects: list[tuple[int, int, int, int, str]] = []
    open_rects: dict[tuple[int, int, str], int] = {}  # run -> first column
    for c in range(width + 1):
        current = set(runs_by_col[c]) if c < width else set()
        for run in list(open_rects):
            if run not in current:
                first = open_rects.pop(run)
                rects.append((run[0], first, run[1], c - 1, run[2]))
        for run in runs_by_col[c] if c < width else ():
            open_rects.setdefault(run, c)
    rects.sort(key=lambda r: (r[1], r[0]))
    return rects


def _rectangular_parts(block: Block) -> list[tuple[int, list[Sequence[Any]]]]:
    """Row offset and rows of each run of equally long rows (one bulk write each)."""
    parts: list[tuple[int, list[Sequence[Any]]]] = []
    for i, row in enumerate(block.values):
        if parts and len(parts[-1][1][0]) == len(row):
            parts[-1][1].append(row)
        else:
            parts.append((i, [row]))
    return [(i, rows) for i, rows in parts if rows and len(rows[0])]


# ---------------------------------------------------------------------------------------
# The adapter
# ---------------------------------------------------------------------------------------


class XlwingsBook:
    """An xlwings Book as BookReader + BookWriter.

    Args:
        book: an `xlwings.Book` (desktop: `xw.Book.caller()`; Lite: the script's argument).
        protection: how to lift sheet protection; detected from the engine when None.
    """

    def __init__(self, book: Any, *, protection: Protection | None = None) -> None:
        self.book = book
        self.protection = protection if protection is not None else detect_protection(book)
        self._grids: dict[str, list[list[Any]]] = {}
        self._names: list[str] | None = None

    # -- BookReader ----------------------------------------------------------------------

    def sheet_names(self) -> list[str]:
        """The workbook's sheet names, in order (read once)."""
        if self._names is None:
            self._names = [sheet.name for sheet in self.book.sheets]
        return list(self._names)

    def read_grid(self, sheet: str) -> list[list[Any]]:
        """All values of `sheet` from A1, in one read of its used range."""
        if sheet in self._grids:
            return self._grids[sheet]
        if sheet not in self.sheet_names():
            raise no_worksheet(sheet)
        used = self.book.sheets[sheet].used_range
        values = used.options(ndim=2).value or []
        top, left = used.row - 1, used.column - 1
        width = left + max((len(r) for r in values), default=0)
        grid = [[None] * width for _ in range(top)]
        for row in values:
            cells = [None] * left + [_clean(v) for v in row]
            grid.append(cells + [None] * (width - len(cells)))
        grid = _trim(grid)
        self._grids[sheet] = grid
        return grid

    # -- BookWriter ----------------------------------------------------------------------

    def write(self, blocks: Sequence[Block], *, ensure_sheets: Sequence[str] = ()) -> None:
        """Write every block: one bulk value write per block, number formats per rectangle.

        Everything is checked before the first write; if Excel refuses a write midway, the
        blocks already written get their previous values back and WriteFailed is raised.

        Raises:
            WorkbookError: a block is outside the sheet, SheetProtected, WriteFailed.
            TypeError, ValueError: a value no cell can hold (a programming error).
        """
        prepared = [self._prepare(b) for b in blocks]
        order: list[str] = []
        for name in [*ensure_sheets, *(b.sheet for b in blocks)]:
            if name not in order:
                order.append(name)
        self._add_missing_sheets(order)

        done: list[tuple[Any, Block]] = []
        current: Block | None = None
        try:
            for name in order:
                mine = [p for p in prepared if p[0].sheet == name]
                if not mine:
                    continue
                sheet = self.book.sheets[name]
                state = self.protection.lift(sheet)
                try:
                    for block, parts, rects in mine:
                        current = block
                        self._write_block(sheet, block, parts, rects, done)
                finally:
                    if state is not None:
                        self.protection.restore(sheet, state)
        except WorkbookError:
            self._undo(done)
            raise
        except Exception as exc:
            self._undo(done)
            raise WriteFailed(
                f"Excel refused to write the results ({type(exc).__name__}: {exc}); "
                "cells already written were put back where their earlier values were known",
                f"Excel 拒绝写入结果（{type(exc).__name__}：{exc}）；已尽可能恢复已写入单元格的原值",
                sheet=current.sheet if current else None,
                cell=a1(current.row, current.col) if current else None,
            ) from exc
        finally:
            for name in order:
                self._grids.pop(name, None)

    def _prepare(self, block: Block) -> tuple[Block, list, list]:
        rows = len(block.values)
        cols = max((len(r) for r in block.values), default=0)
        if (
            block.row < 0
            or block.col < 0
            or block.row + rows > MAX_ROWS
            or block.col + cols > MAX_COLS
        ):
            raise WorkbookError(
                f"results do not fit on the sheet (block at row {block.row + 1}, "
                f"column {block.col + 1}, {rows}×{cols} cells)",
                f"结果超出工作表范围（第 {block.row + 1} 行第 {block.col + 1} 列起 {rows}×{cols} 个单元格）",
                sheet=block.sheet,
            )
        parts = []
        for offset, rows_ in _rectangular_parts(block):
            values = [
                [
                    _excel_value(v, f"{block.sheet}!{a1(block.row + offset + i, block.col + j)}")
                    for j, v in enumerate(row)
                ]
                for i, row in enumerate(rows_)
            ]
            parts.append((offset, values))
        formats = [[_number_format(v) for v in row] for row in block.values]
        return block, parts, _format_rectangles(formats)

    def _add_missing_sheets(self, names: Iterable[str]) -> None:
        existing = set(self.sheet_names())
        for name in names:
            if name not in existing:
                sheets = self.book.sheets
                sheets.add(name, after=sheets[len(self.sheet_names()) - 1])
                self._names = None
                existing.add(name)

    def _write_block(self, sheet: Any, block: Block, parts: list, rects: list, done: list) -> None:
        for offset, values in parts:
            sheet.range((block.row + offset + 1, block.col + 1)).value = values
        done.append((sheet, block))
        for r0, c0, r1, c1, fmt in rects:
            top, left = block.row + r0 + 1, block.col + c0 + 1
            bottom, right = block.row + r1 + 1, block.col + c1 + 1
            sheet.range((top, left), (bottom, right)).number_format = fmt

    def _undo(self, done: list[tuple[Any, Block]]) -> None:
        """Put back the values read before the run over blocks already written (best
        effort: what Calculate writes are values, and the grids hold values)."""
        for sheet, block in reversed(done):
            grid = self._grids.get(block.sheet)
            if grid is None:
                continue
            old = [
                [
                    _excel_value(_cell(grid, block.row + i, block.col + j), "undo")
                    for j in range(len(row))
                ]
                for i, row in enumerate(block.values)
            ]
            try:
                state = self.protection.lift(sheet)
                for offset, rows_ in _rectangular_parts(Block(block.sheet, 0, 0, old)):
                    sheet.range((block.row + offset + 1, block.col + 1)).value = rows_
                if state is not None:
                    self.protection.restore(sheet, state)
            except Exception:  # undo is best effort; the original error is what matters
                continue


def _cell(grid: list[list[Any]], r: int, c: int) -> Any:
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else None
