"""One core, three ways in: the same filled workbook calculated through the CLI (a file on
disk), the desktop button (xw.Book.caller) and the xlwings Lite script gives identical
sheets, and the live paths stay within one bulk read per sheet and one bulk write per
block."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest
import xlwings as xw
from xlfakes import FakeBook, FakeProtection

import xlkpi.excel.book as excel_book
from xlkpi.cli.main import main as cli_main
from xlkpi.excel import desktop
from xlkpi.excel.book import XlwingsBook
from xlkpi.io.reader import read_grids


def _trim(grid: list[list[Any]]) -> list[list[Any]]:
    rows = [list(r) for r in grid]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max(
        (max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in rows), default=0
    )
    return [r[:width] + [None] * (width - len(r[:width])) for r in rows]


def _fake_grids(book: FakeBook) -> dict[str, list[list[Any]]]:
    """What the fake now holds, read back through the adapter's conventions; a formula
    cell (whose value live Excel would compute) is compared by its formula text."""
    reader = XlwingsBook(book, protection=FakeProtection())
    out = {}
    for name in reader.sheet_names():
        grid = [list(r) for r in reader.read_grid(name)]
        for (r, c), text in book.sheets[name].formulas.items():
            while len(grid) < r:
                grid.append([])
            row = grid[r - 1]
            row.extend([None] * (c - len(row)))
            row[c - 1] = ("formula", text)
        width = max((len(r) for r in grid), default=0)
        out[name] = _trim([r + [None] * (width - len(r)) for r in grid])
    return out


def _file_grids(path, live: FakeBook) -> dict[str, list[list[Any]]]:
    """The file's values (calamine, as the CLI reads them); where the live run wrote a
    formula, the file's formula text instead, so both sides compare like with like."""
    grids = read_grids(path)
    wb = openpyxl.load_workbook(path)
    for name, grid in grids.items():
        for r, c in live.sheets[name].formulas:
            grid[r - 1][c - 1] = ("formula", wb[name].cell(r, c).value)
    return {name: _trim(g) for name, g in grids.items()}


class _BlockSpy:
    """Records the blocks each XlwingsBook.write receives."""

    def __init__(self, monkeypatch) -> None:
        self.blocks: list = []
        original = XlwingsBook.write

        def write(book_self, blocks, **kwargs):
            self.blocks.extend(blocks)
            return original(book_self, blocks, **kwargs)

        monkeypatch.setattr(XlwingsBook, "write", write)


def _assert_bulk(book: FakeBook, stats: dict[str, int], blocks: list) -> None:
    sheets = len(book.sheets)
    reads = stats["value_reads"]
    writes = stats["value_writes"]
    assert reads <= sheets, f"{reads} reads for {sheets} sheets"
    assert writes <= len(blocks), f"{writes} value writes for {len(blocks)} blocks"
    assert reads + writes <= sheets + len(blocks)
    cells = sum(len(row) for b in blocks for row in b.values)
    widths = sum(max((len(r) for r in b.values), default=0) for b in blocks)
    assert stats["format_writes"] <= widths < cells  # per column group, never per cell


@pytest.mark.parametrize("lang", ["zh", "en", "zh.xlsm"])
def test_cli_desktop_and_lite_write_identical_sheets(
    lang, filled_copy, fixed_clock, monkeypatch, lite_main
):
    source = filled_copy(lang, "source")
    before = {name: _trim(g) for name, g in read_grids(source).items()}

    # 1. the command line, on a file
    on_disk = filled_copy(lang, "cli")
    assert cli_main(["calculate", str(on_disk), "--no-backup"]) == 0
    after_cli = {name: _trim(g) for name, g in read_grids(on_disk).items()}
    changed = [name for name in after_cli if after_cli[name] != before.get(name)]
    assert len(changed) >= 3, "the run should write results, Summary and Issues"

    # 2. the desktop button: RunPython -> desktop.calculate() -> xw.Book.caller()
    desktop_book = FakeBook.from_xlsx(source, engine="excel")
    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: desktop_book))
    monkeypatch.setattr(excel_book, "detect_protection", lambda book: FakeProtection())
    spy = _BlockSpy(monkeypatch)
    outcome = desktop.calculate()
    assert outcome.ok and outcome.written
    desktop_blocks = list(spy.blocks)
    desktop_stats = dict(desktop_book.stats)

    # 3. the xlwings Lite script, given the book as its argument
    lite_book = FakeBook.from_xlsx(source, engine="remote")
    spy.blocks.clear()
    lite_main.calculate(lite_book)
    lite_blocks = list(spy.blocks)
    lite_stats = dict(lite_book.stats)

    assert any(sheet.formulas for sheet in desktop_book.sheets), "links are formulas"
    assert _fake_grids(desktop_book) == _file_grids(on_disk, desktop_book)
    assert _fake_grids(lite_book) == _file_grids(on_disk, lite_book)
    assert desktop_blocks == lite_blocks
    _assert_bulk(desktop_book, desktop_stats, desktop_blocks)
    _assert_bulk(lite_book, lite_stats, lite_blocks)
    assert desktop_book.app.alerts[-1]["mode"] == "info"
    assert lite_book.app.alerts[-1]["mode"] == "info"
