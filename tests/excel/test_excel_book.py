"""XlwingsBook over a fake xlwings Book: bulk reads, bulk writes, text safety, protection."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

import pytest
from xlfakes import FakeBook, FakeProtection

from xlkpi.excel.book import (
    _COM_ALLOW,
    ComProtection,
    MacProtection,
    NoProtection,
    SheetProtected,
    WriteFailed,
    XlwingsBook,
    detect_protection,
    needs_text_prefix,
)
from xlkpi.io.cells import Block, Formula, Styled
from xlkpi.io.errors import WorkbookError

# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------


def test_a_sheet_is_read_in_one_bulk_read_and_padded_from_a1():
    book = FakeBook({"Data": []})
    sheet = book.sheets["Data"]
    sheet.cells.update({(3, 3): "id", (3, 4): 2.0, (4, 3): "E01", (4, 4): 87.5})
    xbook = XlwingsBook(book, protection=FakeProtection())

    grid = xbook.read_grid("Data")

    assert grid == [
        [None, None, None, None],
        [None, None, None, None],
        [None, None, "id", 2],
        [None, None, "E01", 87.5],
    ]
    assert type(grid[2][3]) is int  # whole-number floats read as int, like the file reader
    assert book.stats["value_reads"] == 1


def test_a_second_read_of_the_same_sheet_uses_the_first_one():
    book = FakeBook({"S": [["a", 1.0]]})
    xbook = XlwingsBook(book, protection=FakeProtection())
    assert xbook.read_grid("S") == xbook.read_grid("S") == [["a", 1]]
    assert book.stats["value_reads"] == 1


def test_formatted_but_empty_cells_do_not_widen_the_grid():
    book = FakeBook({"S": [["x", None], [None, 5.0]]})
    sheet = book.sheets["S"]
    sheet.formats[(40, 12)] = "0.00"  # Excel's used range counts formatted cells
    assert XlwingsBook(book, protection=FakeProtection()).read_grid("S") == [["x", None], [None, 5]]


def test_empty_strings_dates_and_booleans_read_like_the_file_reader():
    day = dt.datetime(2026, 10, 31)
    book = FakeBook({"S": [["", day, True, 0.25]]})
    assert XlwingsBook(book, protection=FakeProtection()).read_grid("S") == [
        [None, day, True, 0.25]
    ]


def test_an_empty_sheet_reads_as_an_empty_grid():
    assert XlwingsBook(FakeBook({"S": []}), protection=FakeProtection()).read_grid("S") == []


def test_an_unknown_sheet_is_a_workbook_error_naming_it():
    xbook = XlwingsBook(FakeBook({"S": []}), protection=FakeProtection())
    with pytest.raises(WorkbookError) as err:
        xbook.read_grid("Nope")
    assert err.value.sheet == "Nope"
    assert "Nope" in err.value.render("zh")


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def _fresh(**sheets):
    book = FakeBook(sheets or {"S": []})
    return book, XlwingsBook(book, protection=FakeProtection())


def test_each_block_is_one_bulk_value_write():
    book, xbook = _fresh(S=[], T=[])
    xbook.write(
        [
            Block("S", 4, 2, [[1, 2, 3], [4, 5, 6]]),
            Block("T", 0, 0, [["a"], ["b"], ["c"]]),
        ]
    )
    assert book.stats["value_writes"] == 2
    assert book.sheets["S"].cells[(5, 3)] == 1 and book.sheets["S"].cells[(6, 5)] == 6
    assert book.sheets["T"].grid() == [["a"], ["b"], ["c"]]


def test_number_formats_are_set_per_rectangle_not_per_cell():
    book, xbook = _fresh()
    rows = [
        [Styled(90.5 - i, "0.00"), Styled(88.0, "0.00"), Styled(0.1 * i, "0.0%"), "ok"]
        for i in range(50)
    ]
    xbook.write([Block("S", 4, 0, rows)])
    sheet = book.sheets["S"]
    assert book.stats["value_writes"] == 1
    assert book.stats["format_writes"] == 2  # A:B together, C alone; D keeps its format
    assert sheet.formats[(5, 1)] == sheet.formats[(54, 2)] == "0.00"
    assert sheet.formats[(30, 3)] == "0.0%"
    assert (30, 4) not in sheet.formats
    assert sheet.cells[(5, 1)] == 90.5


def test_formulas_are_written_as_formulas():
    book, xbook = _fresh()
    xbook.write([Block("S", 0, 0, [[Formula("=SUM(B1:B3)", cached=6, number_format="0")]])])
    assert book.sheets["S"].formulas[(1, 1)] == "=SUM(B1:B3)"
    assert book.sheets["S"].formats[(1, 1)] == "0"


@pytest.mark.parametrize(
    "text",
    [
        "007",
        "=A1",
        "+86 123",
        "-",
        "2026-10",
        "1/2",
        "50%",
        "TRUE",
        "#N/A",
        "'quoted",
        "E7",
        "员工 12 迟到",
        "Calculated 12 people",
    ],
)
def test_text_is_written_so_excel_keeps_it_text(text):
    book, xbook = _fresh()
    xbook.write([Block("S", 0, 0, [[text]])])
    assert book.sheets["S"].cells[(1, 1)] == text
    assert (1, 1) not in book.sheets["S"].formulas


@pytest.mark.parametrize(
    ("text", "prefixed"),
    [
        ("A", False),
        ("优秀", False),
        ("Good work", False),
        ("", False),
        ("S1", True),
        ("=1", True),
        ("true", True),
        (" 5 ", True),
        ("#REF!", True),
        ("@x", True),
    ],
)
def test_which_text_needs_the_prefix(text, prefixed):
    assert needs_text_prefix(text) is prefixed


def test_none_clears_a_cell_and_decimals_and_dates_are_written_as_values():
    book, xbook = _fresh(S=[["old", "old"]])
    xbook.write(
        [
            Block("S", 0, 0, [[None, Decimal("1234.56")]]),
            Block("S", 1, 0, [[dt.date(2026, 10, 31)]]),
        ]
    )
    cells = book.sheets["S"].cells
    assert (1, 1) not in cells and cells[(1, 2)] == 1234.56
    assert cells[(2, 1)] == dt.date(2026, 10, 31)


def test_a_ragged_block_is_written_one_bulk_write_per_run_of_equal_rows():
    book, xbook = _fresh()
    xbook.write([Block("S", 0, 0, [["a", "b"], ["c", "d"], ["e"], []])])
    assert book.stats["value_writes"] == 2
    assert book.sheets["S"].grid() == [["a", "b"], ["c", "d"], ["e", None]]


def test_bad_values_are_refused_before_anything_is_written():
    book, xbook = _fresh()
    with pytest.raises(TypeError, match=r"S!B1"):
        xbook.write([Block("S", 0, 0, [["fine"]]), Block("S", 0, 1, [[object()]])])
    with pytest.raises(ValueError, match="nan"):
        xbook.write([Block("S", 0, 0, [[float("nan")]])])
    assert book.stats["value_writes"] == 0


def test_a_block_beyond_the_sheet_is_a_workbook_error():
    book, xbook = _fresh()
    with pytest.raises(WorkbookError) as err:
        xbook.write([Block("S", 1_048_576, 0, [[1]])])
    assert err.value.sheet == "S"
    assert book.stats["value_writes"] == 0


def test_missing_sheets_are_added_after_the_last_one():
    book, xbook = _fresh(S=[])
    xbook.write([Block("问题", 0, 0, [["级别"]])], ensure_sheets=["汇总"])
    assert [s.name for s in book.sheets] == ["S", "汇总", "问题"]
    assert book.sheets["问题"].grid() == [["级别"]]
    assert xbook.sheet_names() == ["S", "汇总", "问题"]


def test_writing_drops_the_cached_grid_so_the_next_read_sees_the_results():
    book, xbook = _fresh(S=[["a"]])
    assert xbook.read_grid("S") == [["a"]]
    xbook.write([Block("S", 0, 1, [[5]])])
    assert xbook.read_grid("S") == [["a", 5]]
    assert book.stats["value_reads"] == 2


# ---------------------------------------------------------------------------------------
# Protection
# ---------------------------------------------------------------------------------------


def test_a_protected_sheet_is_unprotected_for_its_writes_and_protected_again():
    book = FakeBook({"S": [], "T": []})
    book.sheets["S"].protected = True
    hooks = FakeProtection()
    XlwingsBook(book, protection=hooks).write(
        [
            Block("S", 0, 0, [[Styled(1.5, "0.00")]]),
            Block("S", 2, 0, [[2]]),
            Block("T", 0, 0, [[3]]),
        ]
    )
    assert hooks.calls == [("lift", "S"), ("restore", "S")]  # once per sheet, not per block
    assert book.sheets["S"].protected is True
    assert book.sheets["S"].cells[(1, 1)] == 1.5


def test_a_refused_write_puts_back_what_was_already_written():
    book = FakeBook({"S": [["before", 1.0]], "Locked": [["x"]]})
    book.sheets["Locked"].protected = True
    xbook = XlwingsBook(book, protection=NoProtection())  # e.g. xlwings Lite
    xbook.read_grid("S")
    with pytest.raises(WriteFailed) as err:
        xbook.write([Block("S", 0, 0, [["after", 2]]), Block("Locked", 0, 0, [["y"]])])
    assert book.sheets["S"].grid() == [["before", 1]]
    assert "Excel" in err.value.render("en") and "Excel" in err.value.render("zh")


class _ComProtection:
    """The parts of Excel's Protection object that ComProtection reads."""

    def __init__(self) -> None:
        for name in _COM_ALLOW:  # the options ComProtection copies
            setattr(self, name, name == "AllowFiltering")


class _ComSheetApi:
    def __init__(self, password: str = "") -> None:
        self.password = password
        self.ProtectContents = True
        self.ProtectDrawingObjects = True
        self.ProtectScenarios = False
        self.EnableSelection = 1  # xlUnlockedCells
        self.Protection = _ComProtection()
        self.calls: list = []

    def Unprotect(self, password: str) -> None:  # noqa: N802 - COM name
        self.calls.append(("Unprotect", password))
        if password != self.password:
            raise RuntimeError("(-2147352567, 'Exception occurred.', ...)")
        self.ProtectContents = self.ProtectDrawingObjects = False

    def Protect(self, password: str, **options: bool) -> None:  # noqa: N802 - COM name
        self.calls.append(("Protect", password, options))
        self.ProtectContents = options["Contents"]
        self.EnableSelection = -4142  # Protect resets it; restore must set it back


class _Sheet:
    def __init__(self, api, name="设置") -> None:
        self.api = api
        self.name = name


def test_com_protection_restores_the_same_options_and_selection():
    api = _ComSheetApi()
    handler = ComProtection()
    state = handler.lift(_Sheet(api))
    assert api.calls == [("Unprotect", "")] and api.ProtectContents is False
    handler.restore(_Sheet(api), state)
    _, password, options = api.calls[-1]
    assert password == ""
    assert options["Contents"] is True and options["DrawingObjects"] is True
    assert options["Scenarios"] is False and options["AllowFiltering"] is True
    assert options["AllowSorting"] is False
    assert api.EnableSelection == 1


def test_com_protection_leaves_an_unprotected_sheet_alone():
    api = _ComSheetApi()
    api.ProtectContents = api.ProtectDrawingObjects = False
    assert ComProtection().lift(_Sheet(api)) is None
    assert api.calls == []


def test_a_password_is_reported_in_both_languages_with_the_sheet():
    with pytest.raises(SheetProtected) as err:
        ComProtection().lift(_Sheet(_ComSheetApi(password="secret")))
    assert err.value.sheet == "设置"
    assert "password" in err.value.render("en") and "密码" in err.value.render("zh")


class _Prop:
    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value


class _MacSheetApi:
    def __init__(self) -> None:
        self.protect_contents = _Prop(True)
        self.protect_drawing_objects = _Prop(False)
        self.protect_scenarios = _Prop(False)
        allow = type("P", (), {})()
        for name in (
            "allow_formatting_cells",
            "allow_formatting_columns",
            "allow_formatting_rows",
            "allow_inserting_columns",
            "allow_inserting_rows",
            "allow_inserting_hyperlinks",
            "allow_deleting_columns",
            "allow_deleting_rows",
            "allow_sorting",
            "allow_filtering",
            "allow_using_pivot_tables",
        ):
            setattr(allow, name, _Prop(name == "allow_formatting_columns"))
        self.protection = _Prop(allow)
        self.calls: list = []

    def unprotect(self, password: str) -> None:
        self.calls.append(("unprotect", password))

    def protect_worksheet(self, **kw) -> None:
        self.calls.append(("protect_worksheet", kw))


def test_mac_protection_uses_the_applescript_names():
    api = _MacSheetApi()
    handler = MacProtection()
    state = handler.lift(_Sheet(api))
    handler.restore(_Sheet(api), state)
    assert api.calls[0] == ("unprotect", "")
    name, kw = api.calls[1]
    assert name == "protect_worksheet" and kw["password"] == "" and kw["contents"] is True
    assert kw["allow_formatting_columns"] is True and kw["allow_sorting"] is False


def test_protection_is_chosen_by_engine():
    lite = FakeBook({}, engine="remote")
    desktop = FakeBook({}, engine="excel")
    assert isinstance(detect_protection(lite), NoProtection)
    expected = MacProtection if sys.platform == "darwin" else ComProtection
    assert isinstance(detect_protection(desktop), expected)
