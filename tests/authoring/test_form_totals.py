"""The Form an employee signs adds up: its indicator points sum to the subtotal shown, for
every employee of every template's sample data, and after HR adds or removes an indicator.

The points Calculate writes are what the Form shows (it looks them up on the data sheet),
so the sum is checked on the written values for everyone, and through LibreOffice's
recalculation of the Form itself for one employee per position and for the edited books.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from xlkpi.authoring import TEMPLATES, build_workbook
from xlkpi.authoring.catalog_source import position
from xlkpi.authoring.sheets import form_formulas
from xlkpi.authoring.texts import FORM, FORM_SHEET
from xlkpi.io.cells import Block
from xlkpi.io.reader import XlsxBook
from xlkpi.io.xlsx_writer import write_blocks
from xlkpi.workbook import layout
from xlkpi.workbook.calculate import calculate

CASES = [(name, lang) for name in TEMPLATES for lang in layout.LANGS]


def _grids(path: Path) -> dict[str, list[list[object]]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}


def _cents(v: object) -> Decimal:
    return Decimal(str(v)).quantize(Decimal("0.01"))


def _data_rows(grid: list[list[object]]) -> list[dict[str, object]]:
    keys = grid[layout.KEY_ROW]
    return [
        {str(k): v for k, v in zip(keys, row, strict=False) if k not in (None, "")}
        for row in grid[layout.FIRST_DATA_ROW :]
        if row and row[0] not in (None, "")
    ]


@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n}-{lang}" for n, lang in CASES])
def test_every_employees_points_add_up_to_the_subtotal(tmp_path: Path, name: str, lang: str):
    path = build_workbook(name, lang, tmp_path / "b.xlsx", sample_data=True)
    assert calculate(XlsxBook(path, backup=False)).ok
    grids = _grids(path)
    rows = form_formulas.IND_ROW + max(
        len(position(c).indicators) for c in TEMPLATES[name].positions
    )
    checked = 0
    for code in TEMPLATES[name].positions:
        pos = position(code)
        assert len(pos.indicators) <= rows - form_formulas.IND_ROW  # the Form lists them all
        for row in _data_rows(grids[pos.sheet(lang)]):
            points = [row[layout.points_key(i.code)] for i in pos.indicators]
            assert sum(_cents(p) for p in points) == _cents(row["subtotal"]), (code, row["id"])
            checked += 1
    assert checked > 0


def _edit_indicators(path: Path, lang: str) -> tuple[str, str]:
    """As HR would in Excel on the customer-service team member book: add an indicator
    (a row on Indicators, an input and a points column on the data sheet), remove another
    (its Indicators row), and re-balance the weights. Returns (added, removed) names."""
    pos = position("cs_member")
    wb = openpyxl.load_workbook(path)
    ind_ws = wb[layout.sheet_name("indicators", lang)]
    header = [c.value for c in ind_ws[3]]
    col = {c.key: header.index(c.label(lang)) + 1 for c in layout.TABLES["indicators"].columns}
    first = 4
    rows = {ind_ws.cell(r, col["code"]).value: r for r in range(first, first + len(pos.indicators))}
    removed = pos.indicators[-1]  # training pass rate, alone in its dimension
    new = first + len(pos.indicators) + 2
    added = "客户回访完成率" if lang == "zh" else "Follow-up calls completed"
    source = rows[removed.code]  # the new one takes its place in the dimension and rule
    for c in range(1, len(header) + 1):
        ind_ws.cell(new, c).value = ind_ws.cell(source, c).value
        ind_ws.cell(source, c).value = None
    ind_ws.cell(new, col["code"]).value = "follow_up"
    ind_ws.cell(new, col["name"]).value = added
    data = wb[pos.sheet(lang)]
    keys = [c.value for c in data[layout.KEY_ROW + 1]]
    end = len(keys) + 1
    data.cell(layout.KEY_ROW + 1, end).value = "follow_up"
    data.cell(layout.KEY_ROW + 1, end + 1).value = "pts:follow_up"
    data.cell(layout.HEADER_ROW + 1, end + 1).value = layout.points_header(added, lang)
    for r in range(layout.FIRST_DATA_ROW + 1, data.max_row + 1):
        if data.cell(r, 1).value:
            data.cell(r, end).value = 0.7 + 0.1 * (r % 4)  # a completion rate
    wb.save(path)
    return added, removed.name(lang)


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl, standing in for HR's Excel
def test_the_form_adds_up_after_recalculation(tmp_path: Path):
    """LibreOffice recalculates the Form: one employee per position of the demo, and a
    team-member book after an indicator was added and another removed."""
    from helpers.libreoffice import convert, require_soffice

    require_soffice()
    books: list[tuple[Path, str, str, tuple[str, str] | None]] = []
    demo = tmp_path / "demo.xlsx"
    build_workbook("after-sales-department", "zh", demo, sample_data=True)
    assert calculate(XlsxBook(demo, backup=False)).ok
    grids = _grids(demo)
    for code in TEMPLATES["after-sales-department"].positions:
        first = _data_rows(grids[position(code).sheet("zh")])[0]["id"]
        copy = tmp_path / f"demo-{code}.xlsx"
        shutil.copy(demo, copy)
        write_blocks(
            copy, [Block(FORM_SHEET("zh"), form_formulas.ID_ROW, 2, [[first]])], backup=False
        )
        books.append((copy, "zh", code, None))
    for lang in layout.LANGS:
        edited = tmp_path / f"edited-{lang}.xlsx"
        build_workbook("cs-team-member", lang, edited, sample_data=True)
        names = _edit_indicators(edited, lang)
        outcome = calculate(XlsxBook(edited, backup=False))
        assert outcome.ok, [p.message("en") for p in outcome.problems]
        books.append((edited, lang, "cs_member", names))

    def recalculated(path: Path) -> Path:
        return convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo" / path.stem)[0]

    with ThreadPoolExecutor(max_workers=4) as pool:
        outs = list(pool.map(recalculated, [b[0] for b in books]))
    for (path, lang, code, names), out in zip(books, outs, strict=True):
        sheet = _grids(out)[FORM_SHEET(lang)]
        c = form_formulas.C
        lines = [
            row
            for row in sheet[form_formulas.IND_ROW : form_formulas.IND_ROW + 40]
            if len(row) > c["points"] and row[c["indicator"]] not in (None, "")
        ]
        shown = [row[c["indicator"]] for row in lines]
        total_row = next(r for r in sheet if r and r[0] == FORM["subtotal"](lang))
        subtotal = total_row[3]
        assert sum(_cents(row[c["points"]]) for row in lines) == _cents(subtotal), (
            path.name,
            shown,
        )
        assert [row[c["code"]] for row in lines] == list(range(1, len(lines) + 1))
        if names is None:
            assert shown == [i.name(lang) for i in position(code).indicators], path.name
        else:
            added, removed = names
            assert added in shown and removed not in shown, shown
            assert len(shown) == len(position(code).indicators)  # one in, one out
