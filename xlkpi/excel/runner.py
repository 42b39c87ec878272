"""One run inside a live workbook, shared by the desktop button and the xlwings Lite script:
wrap the xlwings Book, run `xlkpi.workbook.calculate.calculate`, tell the user how it went.

Nothing here imports xlwings, so it runs the same under RunPython, in Pyodide and in tests.
"""

from __future__ import annotations

from typing import Any

from xlkpi.excel.book import Protection, XlwingsBook
from xlkpi.workbook import layout
from xlkpi.workbook.calculate import Outcome, calculate

TITLE = "xlkpi"


def outcome_message(outcome: Outcome) -> str:
    """A short message for the user, in the workbook's language.

    Args:
        outcome: what `calculate` returned.
    Returns:
        One or two sentences: how many people were scored, or why nothing was written,
        and where to look (the Issues sheet).
    """
    lang = outcome.lang
    zh = lang == "zh"
    issues = layout.sheet_name("issues", lang)
    errors = len(outcome.problems.errors)
    warnings = len(outcome.problems.warnings)
    people = len(outcome.run.results) if outcome.run is not None else 0

    if not outcome.written:
        first = outcome.problems.errors[0].render(lang) if errors else ""
        if zh:
            return f"未写入任何结果：{first}"
        return f"Nothing was written: {first}"
    if errors:
        if zh:
            extra = f"和 {warnings} 个提醒" if warnings else ""
            return f"发现 {errors} 个错误{extra}，未写入计算结果。请查看“{issues}”表，修改后再点“计算”。"
        extra = f" and {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
        return (
            f"Found {errors} error{'s' if errors != 1 else ''}{extra}; results were not "
            f"written. See the {issues} sheet, fix them and click Calculate again."
        )
    if zh:
        note = f"有 {warnings} 个提醒，请查看“{issues}”表。" if warnings else ""
        return f"计算完成：已为 {people} 人评分。{note}"
    note = (
        f" {warnings} warning{'s' if warnings != 1 else ''}: see the {issues} sheet."
        if warnings
        else ""
    )
    return f"Done: {people} {'person' if people == 1 else 'people'} scored.{note}"


def run_in_book(book: Any, *, protection: Protection | None = None, alert: bool = True) -> Outcome:
    """Calculate the workbook `book` in place and (optionally) show the result.

    Args:
        book: an xlwings Book (desktop or Lite).
        protection: sheet protection handler; detected from the engine when None.
        alert: show `outcome_message` in a message box (`book.app.alert`).
    Returns:
        The Outcome (results, problems, whether the results were written).
    """
    outcome = calculate(XlwingsBook(book, protection=protection))
    if alert:
        book.app.alert(
            outcome_message(outcome),
            title=TITLE,
            buttons="ok",
            mode="info" if outcome.ok and outcome.written else "critical",
        )
    return outcome
