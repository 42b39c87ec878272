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


def send() -> object:
    """The Send button: the first click writes every message to an outbox folder beside
    the workbook (a dry run); later clicks ask, then send what is not yet sent, through
    the mail server of xlkpi-mail.toml with the password in XLKPI_SMTP_PASSWORD.

    Returns:
        The run's outcome, or None when nothing was done (RunPython ignores it).
    """
    import xlwings as xw

    from xlkpi.delivery.button import send_from_book

    return send_from_book(xw.Book.caller())
