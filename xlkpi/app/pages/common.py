"""What every page shares: the run's settings, the language, rendering, problem rows."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, RedirectResponse

from xlkpi.core.problems import Problem, Problems
from xlkpi.io.errors import WorkbookError

from ..texts import pick_lang, t
from ..workfolder import WorkFolder

LANG_COOKIE = "xlkpi_lang"
#: Problems listed on a page; the rest are counted ("… and 12 more").
MAX_LISTED = 200

ENV = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent.parent / "html"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class AppState:
    """One run of the app: its folder, token, upload limit and the page modules' panels.

    The panels are collected from the page modules when the app is made (pages/__init__.py),
    so a page module never imports the list of pages it is itself in. `lock` serialises
    everything that writes into the folder, so two tabs cannot calculate and import into
    one workbook at the same moment.
    """

    folder: WorkFolder
    token: str
    max_upload: int
    home_panels: list[str] = field(default_factory=list)
    book_panels: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def root(self) -> str:
        """The path of the home page: '/<token>/'."""
        return f"/{self.token}/"


T = TypeVar("T")


async def locked(conn: HTTPConnection, work: Callable[..., T], *args: Any, **kw: Any) -> T:
    """Run `work` in a worker thread, holding the folder's lock there (never in the event
    loop, which must stay free to serve other pages meanwhile)."""
    lock = state(conn).lock

    def run() -> T:
        with lock:
            return work(*args, **kw)

    return await run_in_threadpool(run)


def state(conn: HTTPConnection) -> AppState:
    """The app's state (its folder, token, root path)."""
    return conn.app.state.xlkpi  # type: ignore[no-any-return]


def lang_of(conn: HTTPConnection) -> str:
    """The page language: the visitor's choice (a cookie), else Chinese."""
    return pick_lang(conn.cookies.get(LANG_COOKIE))


def render(
    conn: HTTPConnection, template: str, *, status: int = 200, **values: Any
) -> HTMLResponse:
    """`template` rendered in the visitor's language, with the shared values."""
    lang = lang_of(conn)
    st = state(conn)
    here = conn.url.path if conn.scope.get("method") == "GET" else st.root
    html = ENV.get_template(template).render(
        lang=lang,
        t=functools.partial(t, lang=lang),
        root=st.root,
        here=here,
        folder=str(st.folder.root),
        **values,
    )
    return HTMLResponse(html, status_code=status)


def message_page(conn: HTTPConnection, status: int, message: str) -> HTMLResponse:
    """A page that says why something could not be done, with a way back."""
    return render(conn, "message.html", status=status, message=message)


def workbook_error_page(conn: HTTPConnection, err: WorkbookError) -> HTMLResponse:
    """A 400 page that says, in the visitor's language, what is wrong with a workbook."""
    return message_page(conn, 400, err.render(lang_of(conn)))


def redirect(conn: HTTPConnection, path: str) -> RedirectResponse:
    """303 to `path` below the home page (after a POST: the browser then GETs it)."""
    return RedirectResponse(state(conn).root + path.lstrip("/"), status_code=303)


def refusal(scope: Any, status: int, key: str, **values: Any) -> HTMLResponse:
    """The guard's refusal page: no token, another origin, too large (see guard.Guard)."""
    conn = Request(scope)
    lang = lang_of(conn)
    html = ENV.get_template("refused.html").render(
        lang=lang, t=functools.partial(t, lang=lang), message=t(key, lang, **values)
    )
    return HTMLResponse(html, status_code=status)


@dataclass(frozen=True)
class ProblemRow:
    """One problem as the pages list it: kind, sheet (or file), cell (or row), text."""

    error: bool
    sheet: str
    cell: str
    text: str


def problem_rows(problems: Problems | list[Problem], lang: str) -> tuple[list[ProblemRow], int]:
    """Errors first, then warnings, as rows; and how many were left out (MAX_LISTED)."""
    items = [p for p in problems if p.is_error] + [p for p in problems if not p.is_error]
    rows = []
    for p in items[:MAX_LISTED]:
        places = p.where or ()
        sheet = "\n".join(_sheet(s) for s in places)
        cell = "\n".join(_cell(s, lang) for s in places)
        rows.append(ProblemRow(p.is_error, sheet, cell, p.message(lang)))
    return rows, max(0, len(items) - MAX_LISTED)


def _sheet(source: Any) -> str:
    """The sheet, or the export file (and its sheet), or the rule's label."""
    if source.file:
        return f"{source.file} · {source.sheet}" if source.sheet else str(source.file)
    return str(source.sheet or source.label or "")


def _cell(source: Any, lang: str) -> str:
    if source.cell:
        return str(source.cell)
    if source.row is not None:
        return f"第 {source.row} 行" if lang == "zh" else f"row {source.row}"
    return ""
