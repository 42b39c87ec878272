"""Import exports (CSV/XLSX) into a workbook: the `xlkpi import` steps (importing.plan_import,
then one atomic write with a backup), with the uploaded files kept only for the run."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from xlkpi.io.errors import WorkbookError

from ..texts import t
from ..workfolder import clean_name
from .book import book_page, book_path
from .common import lang_of, locked, message_page, problem_rows
from .forms import FormUnreadable, read_form

#: The section this module adds to the book page (html/panels/).
BOOK_PANEL = "panels/import.html"
MAX_FILES = 20


def import_exports(path: Path, files: list[tuple[str, bytes]], *, dry_run: bool) -> Any:
    """Import `files` (name, bytes) into `path` as `xlkpi import` does
    (`importing.import_files`: the sheets it adds, the bytes it read, one atomic write).

    The files live in a private temporary folder for the run, under their own names so
    problems name them ('actuals.csv row 7'). Returns the ImportPlan.
    Raises:
        WorkbookError: the workbook cannot be read or written (it is then unchanged).
    """
    from xlkpi.importing import import_files

    with tempfile.TemporaryDirectory(prefix="xlkpi-app-") as tmp:
        paths = []
        for i, (name, data) in enumerate(files):
            target = Path(tmp) / str(i) / (clean_name(name) or f"file-{i}")
            target.parent.mkdir()
            target.write_bytes(data)
            paths.append(target)
        return import_files(path, paths, backup=True, dry_run=dry_run)


async def run_import(request: Request) -> Response:
    """Import the uploaded files into the workbook and show the plan's outcome."""
    lang = lang_of(request)
    try:
        path = book_path(request)
        form = await read_form(request, max_files=MAX_FILES)
    except WorkbookError as err:
        return message_page(request, 404, err.render(lang))
    except FormUnreadable:
        return message_page(request, 400, t("bad_form", lang))
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not uploads:
        return message_page(request, 400, t("upload_none", lang))
    files = [(f.filename or "", await f.read()) for f in uploads]
    dry_run = form.get("dry_run") == "1"
    try:
        plan = await locked(request, import_exports, path, files, dry_run=dry_run)
    except WorkbookError as err:
        return message_page(request, 400, err.render(lang))
    problems, more = problem_rows(plan.problems, lang)
    return book_page(
        request,
        "imported.html",
        path,
        status=200 if plan.ok else 400,
        lines=_file_lines(plan, lang),
        outcome=_outcome_line(plan, lang, dry_run),
        ok=plan.ok,
        problems=problems,
        more=more,
    )


def _file_lines(plan: Any, lang: str) -> list[str]:
    from xlkpi.importing import FORM_LABELS

    return [
        t(
            "import_file",
            lang,
            file=f.path.name,
            form=FORM_LABELS[f.form](lang) if f.form else "?",
            rows=f.rows,
        )
        for f in plan.files
    ]


def _outcome_line(plan: Any, lang: str, dry_run: bool) -> str:
    if not plan.ok:
        return t("import_failed", lang, errors=len(plan.problems.errors))
    if not plan.blocks:
        return t("import_nothing", lang)
    if dry_run:
        return t("import_dry_run", lang, values=plan.values, added=plan.roster_added)
    return t(
        "import_done",
        lang,
        values=plan.values,
        added=plan.roster_added,
        updated=plan.roster_updated,
        rows=plan.rows_appended,
    )


ROUTES: list[Any] = [Route("/book/{name}/import", run_import, methods=["POST"])]
