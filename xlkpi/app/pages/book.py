"""One workbook: its check results, Calculate (the one `workbook.calculate.calculate` every
front end uses), the Summary with charts, and the download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from xlkpi.io.errors import WorkbookError
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import Outcome, calculate, check

from ..summary import summary_view
from ..texts import t
from .common import lang_of, locked, message_page, problem_rows, render, state

#: The section this module adds to the book page (html/panels/).
BOOK_PANEL = "panels/calculate.html"

MEDIA_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
}


def book_path(request: Request) -> Path:
    """The workbook named in the address (raises MissingWorkbook for anything else)."""
    return state(request).folder.path(request.path_params["name"])


def book_page(
    request: Request, template: str, path: Path, *, status: int = 200, **values: Any
) -> Response:
    """A page about workbook `path`, with the panels of every page module."""
    panels = state(request).book_panels
    return render(request, template, status=status, name=path.name, panels=panels, **values)


def outcome_values(outcome: Outcome, lang: str) -> dict[str, Any]:
    """What the check and result pages show of a run's problems."""
    rows, more = problem_rows(outcome.problems, lang)
    internal = None
    if outcome.exception is not None:
        error = f"{type(outcome.exception).__name__}: {outcome.exception}".splitlines()[0]
        internal = t("internal", lang, error=error[:300])
    return {
        "problems": rows,
        "more": more,
        "errors": len(outcome.problems.errors),
        "warnings": len(outcome.problems.warnings),
        "internal": internal,
    }


async def show(request: Request) -> Response:
    """The check results: every problem with its sheet and cell (nothing is written)."""
    try:
        path = book_path(request)
    except WorkbookError as err:
        return message_page(request, 404, err.render(lang_of(request)))
    outcome = await locked(request, lambda: check(XlsxBook(path)))
    return book_page(request, "book.html", path, **outcome_values(outcome, lang_of(request)))


async def run_calculate(request: Request) -> Response:
    """Calculate in place (the writer keeps the backup and replaces atomically)."""
    lang = lang_of(request)
    try:
        path = book_path(request)
    except WorkbookError as err:
        return message_page(request, 404, err.render(lang))
    book = XlsxBook(path, backup=True)
    outcome = await locked(request, calculate, book)
    report = book.last_report
    backup = Path(report.backup_path).name if report and report.backup_path else None
    return book_page(
        request,
        "calculated.html",
        path,
        ok=outcome.ok and outcome.written,
        written=outcome.written,
        backup=backup,
        summary=summary_view(outcome, lang),
        **outcome_values(outcome, lang),
    )


async def download(request: Request) -> Response:
    """The workbook as it is in the folder now."""
    try:
        path = book_path(request)
    except WorkbookError as err:
        return message_page(request, 404, err.render(lang_of(request)))
    return FileResponse(
        path,
        media_type=MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream"),
        filename=path.name,
    )


ROUTES: list[Any] = [
    Route("/book/{name}", show, methods=["GET"]),
    Route("/book/{name}/calculate", run_calculate, methods=["POST"]),
    Route("/book/{name}/download", download, methods=["GET"]),
]
