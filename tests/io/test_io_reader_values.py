"""Reading grids, value encoding edges, and the XlsxBook adapter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlkpi.io.cells import Block, Styled
from xlkpi.io.cellxml import date_serial, escape_text
from xlkpi.io.errors import WorkbookError
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.io.xlsx_writer import write_blocks


def _sparse(path: Path, **options) -> Path:
    wb = xlsxwriter.Workbook(str(path), options)
    ws = wb.add_worksheet("Data")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write("C3", "名字")
    ws.write("D4", 3.0)
    ws.write("E4", 2.5)
    ws.write("F5", True)
    ws.write_datetime("C5", dt.datetime(2024, 2, 29), date_fmt)
    ws.write_formula("D6", "=D4*2", None, 6)
    wb.add_worksheet("Empty")
    wb.close()
    return path


@pytest.mark.parametrize(
    ("value", "date1904", "serial"),
    [
        (dt.date(1900, 1, 1), False, 1),
        (dt.date(1900, 2, 28), False, 59),
        (dt.date(1900, 3, 1), False, 61),
        (dt.date(2024, 1, 31), False, 45322),
        (dt.datetime(2024, 1, 31, 12, 0), False, 45322.5),
        (dt.datetime(2024, 1, 31, 6, 0, tzinfo=dt.UTC), False, 45322.25),
        (dt.date(1904, 1, 1), True, 0),
        (dt.date(2024, 1, 31), True, 45322 - 1462),
        (dt.date(1899, 12, 31), False, None),
        (dt.date(1903, 12, 31), True, None),
    ],
)
def test_date_serials(value, date1904, serial) -> None:
    assert date_serial(value, date1904) == serial


@pytest.mark.parametrize(
    ("text", "xml"),
    [
        ("a<b&c>d", "a&lt;b&amp;c&gt;d"),
        ("bell\x07", "bell_x0007_"),
        ("_x0041_", "_x005F_x0041_"),
        ("_x41_ and _xZZZZ_", "_x41_ and _xZZZZ_"),
        ("cr\r\nlf", "cr&#13;\nlf"),
        ("张伟 🎉", "张伟 🎉"),
    ],
)
def test_text_escaping(text: str, xml: str) -> None:
    assert escape_text(text) == xml


def test_read_grids_is_absolute_from_a1(tmp_path: Path) -> None:
    grids = read_grids(_sparse(tmp_path / "s.xlsx"))
    assert list(grids) == ["Data", "Empty"]
    g = grids["Data"]
    assert len(g) == 6 and all(len(r) == 6 for r in g)
    assert g[0] == [None] * 6
    assert g[2][2] == "名字"
    assert g[3][3] == 3 and type(g[3][3]) is int
    assert g[3][4] == 2.5
    assert g[4][5] is True
    assert g[4][2] in (dt.date(2024, 2, 29), dt.datetime(2024, 2, 29))
    assert g[5][3] == 6
    assert grids["Empty"] == []


def test_read_grids_selected_and_unknown_sheets(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "s.xlsx")
    assert list(read_grids(path, ["Empty"])) == ["Empty"]
    with pytest.raises(WorkbookError, match="no worksheet named 'Nope'") as info:
        read_grids(path, ["Nope"])
    assert info.value.sheet == "Nope"


def test_1904_date_system(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "mac.xlsx", date_1904=True)
    write_blocks(
        path,
        [Block("Data", 7, 0, [[dt.date(2024, 1, 31), Styled(dt.date(2023, 5, 6), "yyyy-mm-dd")]])],
    )
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws["A8"].value == dt.datetime(2024, 1, 31)
    assert ws["B8"].value == dt.datetime(2023, 5, 6)
    assert ws["B8"].number_format == "yyyy-mm-dd"
    g = read_grids(path)["Data"]
    assert g[7][0] in (dt.date(2024, 1, 31), dt.datetime(2024, 1, 31))


def test_none_clears_value_and_keeps_style(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "s.xlsx")
    write_blocks(path, [Block("Data", 4, 2, [[None]]), Block("Data", 3, 3, [[None]])])
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws["C5"].value is None and ws["C5"].number_format == "yyyy-mm-dd"
    assert ws["D4"].value is None
    assert read_grids(path)["Data"][3][3] is None


def test_none_into_a_new_cell_writes_no_cell(tmp_path: Path) -> None:
    """A new cell left empty would only repeat the style its column already shows."""
    import zipfile

    path = tmp_path / "cols.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    ws.set_column("B:B", 12, wb.add_format({"num_format": "0.00"}))
    ws.write("A1", "x")
    wb.close()
    write_blocks(path, [Block("Data", 0, 1, [[None], [None, 5], [None]])], backup=False)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert 'r="B1"' not in xml and 'r="B2"' not in xml and 'r="B3"' not in xml
    assert '<row r="3"' not in xml  # a row left empty is not added either
    assert 'r="C2"' in xml and read_grids(path)["Data"][1][2] == 5


def test_number_values(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "s.xlsx")
    values = [[0.1 + 0.2, 1e-300, -0.0, 2**53 + 1, Decimal("0.10"), 1e20]]
    write_blocks(path, [Block("Data", 9, 0, values)])
    ws = openpyxl.load_workbook(path)["Data"]
    got = [ws.cell(row=10, column=c).value for c in range(1, 7)]
    assert got[0] == 0.1 + 0.2 and got[1] == 1e-300 and got[3] == 2**53 + 1
    assert got[4] == 0.1 and got[5] == 1e20


def test_xlsx_book_reads_and_writes(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "s.xlsx")
    book = XlsxBook(path, backup=False)
    assert book.sheet_names() == ["Data", "Empty"]
    assert book.read_grid("Data")[2][2] == "名字"
    book.write([Block("Data", 0, 0, [["写入"]])])
    assert book.last_report is not None and book.last_report.cells_written == 1
    assert book.read_grid("Data")[0][0] == "写入"
    assert not (tmp_path / "s.bak.xlsx").exists()
    with pytest.raises(WorkbookError):
        book.read_grid("Nope")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60))
def test_any_text_round_trips(tmp_path: Path, text: str) -> None:
    path = tmp_path / "t.xlsx"
    if not path.exists():
        _sparse(path)
    write_blocks(path, [Block("Data", 0, 0, [[text]])], backup=False)
    assert read_grids(path, ["Data"])["Data"][0][0] == text


_SPACED = [
    " lead",
    "trail ",
    "  both  ",
    "in  side",
    "tab\tin",
    "\tlead tab",
    "line\nbreak",
    "\nlead break",
    "trail break\n",
    "two\n\nbreaks",
    "cr\r\nlf",
    " ",
    "\u3000全角空格",
    "全角空格\u3000",
    "\xa0nbsp",
    "plain",
    "张 伟",
]


def test_white_space_round_trips_through_calamine_and_openpyxl(tmp_path: Path) -> None:
    """Text is written with xml:space="preserve" only where it needs it; every space,
    tab and line break still reads back exactly."""
    path = _sparse(tmp_path / "w.xlsx")
    write_blocks(path, [Block("Data", 0, 6, [[t] for t in _SPACED])], backup=False)
    grid = read_grids(path, ["Data"])["Data"]
    ws = openpyxl.load_workbook(path)["Data"]
    for i, text in enumerate(_SPACED):
        assert grid[i][6] == text, f"calamine G{i + 1}"
        assert ws.cell(i + 1, 7).value == text, f"openpyxl G{i + 1}"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.text("ab \t\n\r\u3000", min_size=1, max_size=8), min_size=1, max_size=4))
def test_any_white_space_round_trips(tmp_path: Path, texts: list[str]) -> None:
    path = tmp_path / "ws.xlsx"
    if not path.exists():
        _sparse(path)
    write_blocks(path, [Block("Data", 9, 0, [texts])], backup=False)
    assert read_grids(path, ["Data"])["Data"][9][: len(texts)] == texts
    ws = openpyxl.load_workbook(path)["Data"]
    assert [ws.cell(10, c + 1).value for c in range(len(texts))] == texts


def test_error_cells_read_as_their_error_text(tmp_path):
    """calamine reports error cells empty; the reader must not let them pass as blanks."""
    import xlsxwriter

    from xlkpi.io.reader import read_grids

    path = tmp_path / "errors.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("S")
    ws.write_number(0, 0, 1)
    ws.write_formula(2, 1, "=1/0", None, "#DIV/0!")
    ws.write_formula(4, 3, "=NA()", None, "#N/A")
    wb.close()
    grid = read_grids(path)["S"]
    assert grid[2][1] == "#DIV/0!"
    assert grid[4][3] == "#N/A"
    assert len({len(r) for r in grid}) == 1  # rows stay of equal length
    assert grid[0][0] == 1 and grid[1][1] is None
