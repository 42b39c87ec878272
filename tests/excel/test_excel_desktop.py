"""The desktop button: RunPython calls desktop.calculate(), which finds the calling book."""

from __future__ import annotations

import pytest
import xlwings as xw
from xlfakes import FakeBook, FakeProtection

import xlkpi.excel.book as excel_book
from xlkpi.excel import desktop
from xlkpi.excel.book import SheetProtected
from xlkpi.excel.runner import outcome_message
from xlkpi.io.cells import a1
from xlkpi.workbook import layout


@pytest.fixture
def caller(monkeypatch):
    """Make xw.Book.caller() return the given fake book, with fake protection hooks."""
    hooks = FakeProtection()
    monkeypatch.setattr(excel_book, "detect_protection", lambda book: hooks)

    def use(book: FakeBook) -> FakeProtection:
        monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: book))
        return hooks

    return use


def _set_language(book: FakeBook, lang: str) -> None:
    """Pick the workbook's language in its Settings sheet, as HR would."""
    sheet = book.sheets[layout.find_sheet("settings", [s.name for s in book.sheets])]
    label = layout.SETTINGS_BY_KEY["lang"].label
    row = next(r for (r, c), v in sheet.cells.items() if c == 1 and label.matches(v))
    sheet.cells[(row, 2)] = layout.CHOICES["lang"][lang](lang)


def _data_sheet(book: FakeBook):
    """The first data sheet, its key row (0-based) and its key-row keys."""
    for sheet in book.sheets:
        grid = sheet.grid()
        row = layout.find_key_row(grid)
        if row is not None:
            return sheet, row, grid[row]
    raise AssertionError("no data sheet")


def test_a_clean_workbook_gets_results_and_a_short_message(filled_copy, caller, fixed_clock):
    book = FakeBook.from_xlsx(filled_copy("zh"))
    caller(book)
    outcome = desktop.calculate()
    assert outcome.ok and outcome.written
    sheet, key_row, keys = _data_sheet(book)
    total_col = keys.index("total") + 1
    assert isinstance(sheet.cells.get((key_row + 2, total_col)), float)
    (alert,) = book.app.alerts
    assert alert["prompt"].startswith(f"计算完成：已为 {len(outcome.run.results)} 人评分。")
    assert (alert["title"], alert["buttons"], alert["mode"]) == ("xlkpi", "ok", "info")
    warnings = len(outcome.problems.warnings)
    assert (f"有 {warnings} 个提醒，请查看“问题”表。" in alert["prompt"]) == bool(warnings)


def test_english_workbooks_get_english_messages(filled_copy, caller, fixed_clock):
    book = FakeBook.from_xlsx(filled_copy("en"))
    _set_language(book, "en")
    caller(book)
    outcome = desktop.calculate()
    assert outcome.lang == "en"
    assert book.app.alerts[0]["prompt"].startswith(
        f"Done: {len(outcome.run.results)} people scored."
    )


def test_errors_are_listed_on_the_issues_sheet_and_results_are_not_written(
    filled_copy, caller, fixed_clock
):
    book = FakeBook.from_xlsx(filled_copy("zh"))
    sheet, key_row, keys = _data_sheet(book)
    actual_col = next(i for i, k in enumerate(keys) if i > 1 and "#" not in str(k)) + 1
    sheet.cells[(key_row + 2, actual_col)] = "n/a"  # the first employee's actual
    caller(book)

    outcome = desktop.calculate()

    assert not outcome.ok and outcome.written
    (alert,) = book.app.alerts
    assert alert["mode"] == "critical"
    assert alert["prompt"].startswith(f"发现 {len(outcome.problems.errors)} 个错误")
    assert "“问题”表" in alert["prompt"]
    issues = book.sheets[layout.sheet_name("issues", "zh")]
    place = f"{sheet.name}!{a1(key_row + 1, actual_col - 1)}"
    assert any(place in text for text in issues.formulas.values())  # a link to the cell
    total_col = keys.index("total") + 1
    assert (key_row + 2, total_col) not in sheet.cells  # result columns cleared


def test_protected_sheets_are_unprotected_for_the_write_and_protected_again(
    filled_copy, caller, fixed_clock
):
    book = FakeBook.from_xlsx(filled_copy("zh"))
    for sheet in book.sheets:
        sheet.protected = True
    hooks = caller(book)
    outcome = desktop.calculate()
    assert outcome.written
    lifted = [name for kind, name in hooks.calls if kind == "lift"]
    restored = [name for kind, name in hooks.calls if kind == "restore"]
    assert lifted == restored and len(lifted) == len(set(lifted)) >= 3
    assert all(sheet.protected for sheet in book.sheets)


def test_a_password_protected_sheet_is_reported_and_nothing_is_written(
    filled_copy, caller, monkeypatch, fixed_clock
):
    book = FakeBook.from_xlsx(filled_copy("en"))
    _set_language(book, "en")
    caller(book)

    class PasswordProtected(FakeProtection):
        def lift(self, sheet):
            raise SheetProtected(
                "the sheet is protected with a password", "该工作表设置了密码保护", sheet=sheet.name
            )

    monkeypatch.setattr(excel_book, "detect_protection", lambda b: PasswordProtected())
    before = {s.name: dict(s.cells) for s in book.sheets}
    outcome = desktop.calculate()
    assert not outcome.written
    prompt = book.app.alerts[0]["prompt"]
    assert prompt.startswith("Nothing was written: ") and "password" in prompt
    assert {s.name: dict(s.cells) for s in book.sheets} == before


def test_a_workbook_without_the_xlkpi_sheets_says_so(caller):
    book = FakeBook({"Sheet1": [["hello"]]})
    caller(book)
    outcome = desktop.calculate()
    assert not outcome.ok
    assert outcome_message(outcome) == book.app.alerts[0]["prompt"]
    assert book.app.alerts[0]["mode"] == "critical"
