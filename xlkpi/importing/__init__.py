"""Importing CSV and XLSX exports (roster, actuals, rater scores, pay inputs and the Pay
sheet's monthly tables) into a workbook.

    plan = import_files("book.xlsx", ["roster.csv", "actuals.csv"])
    if not plan.ok: ...report plan.problems; the workbook was not touched...

Every file is read and checked first; the workbook is written once, atomically, only when
no file has an error. See docs/cli.md for the formats.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from xlkpi.io.lock import workbook_lock
from xlkpi.io.reader import XlsxBook
from xlkpi.io.xlsx_writer import write_blocks

from .forms import FORM_LABELS, Form
from .outcome import FileReport, ImportPlan
from .plan import Progress, plan_import
from .sources import place_text, read_export

__all__ = [
    "FORM_LABELS",
    "FileReport",
    "Form",
    "ImportPlan",
    "import_files",
    "place_text",
    "plan_import",
    "read_export",
]


def import_files(
    workbook: str | os.PathLike[str],
    files: Sequence[str | os.PathLike[str]],
    *,
    backup: bool = True,
    dry_run: bool = False,
    progress: Progress | None = None,
    strict: bool = False,
    sheet: str | None = None,
) -> ImportPlan:
    """Import export files into `workbook` in one atomic write.

    Args:
        workbook: the .xlsx/.xlsm assessment workbook.
        files: CSV or XLSX exports (roster, long or wide form), in any order.
        backup: keep a copy of the workbook before writing (see io.xlsx_writer).
        dry_run: check everything but write nothing.
        progress: optional callback `progress(stage, done, total)`.
        strict: refuse files with people who are not on the Roster (else a warning).
        sheet: the sheet to read in XLSX exports (else the first holding a table).
    Returns:
        The plan; when `plan.ok` is False the workbook was not written.
    Raises:
        WorkbookError: the workbook cannot be read or written (then it is unchanged).
    """
    with workbook_lock(workbook):  # one run at a time from reading to writing
        book = XlsxBook(workbook)
        plan = plan_import(book, files, progress, strict=strict, sheet=sheet)
        if plan.ok and plan.blocks and not dry_run:
            if progress:
                progress("writing workbook")
            write_blocks(
                workbook,
                plan.blocks,
                backup=backup,
                ensure_sheets=plan.ensure_sheets,
                expected_digest=book.digest,
            )
    return plan
