"""The Calculate button in desktop Excel (Windows, macOS).

The workbook's VBA macro (`xlkpi.excel.vba`) runs

    RunPython "import xlkpi.excel.desktop; xlkpi.excel.desktop.calculate()"

through xlwings; `calculate` finds the calling workbook and runs xlkpi on it.
"""

from __future__ import annotations

from xlkpi.excel.runner import run_in_book
from xlkpi.workbook.calculate import Outcome


def calculate() -> Outcome:
    """Calculate the workbook whose button was clicked: read every sheet, score everyone,
    write the results, the Summary and the Issues sheet, then show a short message.

    Returns:
        The Outcome (RunPython ignores it; useful when called from Python).
    """
    import xlwings as xw

    return run_in_book(xw.Book.caller())
