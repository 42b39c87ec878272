"""Every shipped template, calculated by the Lite script, writes only cells that are unlocked
on its protected sheets: xlwings Lite cannot lift protection (tests/pyodide proves the demo in
the real runtime; this covers every template, pay sheets included, with the CPython fake)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from xlfakes import FakeBook

from xlkpi.authoring import TEMPLATES, build_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers.protection import locked_cells  # noqa: E402


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_lite_writes_only_unlocked_cells(name, tmp_path, fixed_clock, lite_main):
    path = build_workbook(name, "zh", tmp_path / f"{name}.xlsx", sample_data=True)
    locked = locked_cells(path)
    assert any(locked.values()), "the templates protect their sheets"
    book = FakeBook.from_xlsx(path, engine="remote")
    lite_main.calculate(book)
    assert book.app.alerts[0]["mode"] == "info", book.app.alerts[0]["prompt"]
    hits = []
    for kind, sheet, row, col, (height, width) in book.log:
        if kind != "write":
            continue
        hits += [
            (sheet, r + 1, c + 1)
            for r in range(row - 1, row - 1 + height)
            for c in range(col - 1, col - 1 + width)
            if (r, c) in locked.get(sheet, ())
        ]
    assert not hits, f"writes into locked cells of protected sheets: {hits[:8]}"
