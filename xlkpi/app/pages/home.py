"""The home page (the folder's workbooks), adding workbooks, creating one from a template,
and the language switch."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from xlkpi.cli.common import Context, Failed
from xlkpi.io.errors import WorkbookError

from ..texts import LANGS, t
from .common import LANG_COOKIE, lang_of, locked, message_page, redirect, render, state
from .forms import FormUnreadable, read_form

#: The most files one upload may carry.
MAX_FILES = 50


async def home(request: Request) -> Response:
    """The home page: the folder's workbooks, the templates to start from, the panels."""
    from xlkpi.authoring import TEMPLATES

    books = await run_in_threadpool(state(request).folder.books)
    lang = lang_of(request)
    templates = [(name, spec.title(lang)) for name, spec in TEMPLATES.items()]
    panels = state(request).home_panels
    return render(request, "home.html", books=books, templates=templates, panels=panels)


async def upload(request: Request) -> Response:
    """Save the chosen workbooks into the folder; one clear line for each refused file."""
    lang = lang_of(request)
    try:
        form = await read_form(request, max_files=MAX_FILES)
    except FormUnreadable:
        return message_page(request, 400, t("bad_form", lang))
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files:
        return message_page(request, 400, t("upload_none", lang))
    folder = state(request).folder
    saved: list[str] = []
    refused: list[str] = []
    for f in files:
        data = await f.read()
        try:
            path = await locked(request, folder.save_upload, f.filename or "", data)
            saved.append(path.name)
        except WorkbookError as err:
            reason = err.message_zh if lang == "zh" else err.message_en
            refused.append(t("upload_refused", lang, name=f.filename, reason=reason))
    if not refused and len(saved) == 1:
        return redirect(request, "book/" + quote(saved[0]))
    return render(
        request,
        "uploaded.html",
        status=400 if refused else 200,
        saved=saved,
        refused=refused,
    )


async def new(request: Request) -> Response:
    """Build a template into the folder, the `xlkpi new` way (cli.new.create_workbook)."""
    from xlkpi.cli.new import create_workbook

    lang = lang_of(request)
    try:
        form = await read_form(request)
    except FormUnreadable:
        return message_page(request, 400, t("bad_form", lang))
    book_lang = str(form.get("book_lang")) if form.get("book_lang") in LANGS else lang
    target = state(request).folder.new_path(str(form.get("name") or ""))
    if target is None:
        return message_page(request, 400, t("bad_name", lang))
    if not target.suffix:
        target = target.with_suffix(".xlsx")
    if target.suffix.lower() != ".xlsx":  # the app makes workbooks without macros
        return message_page(request, 400, t("new_suffix", lang, name=target.name))
    # the command's own checks and messages; its printed lines are not shown here
    ctx = Context(lang=book_lang, out=io.StringIO(), err=io.StringIO(), progress_delay=3600)
    try:
        path = await locked(
            request,
            create_workbook,
            target,
            str(form.get("template") or ""),
            ctx,
            sample_data=form.get("sample_data") == "1",
        )
    except Failed as exc:
        return message_page(request, 400, exc.render(lang))
    return redirect(request, "book/" + quote(path.name))


async def switch_lang(request: Request) -> Response:
    """Remember the language the visitor picked and go back to the page they were on."""
    root = state(request).root
    lang = request.path_params["lang"]
    back = request.query_params.get("next", root)
    if not back.startswith(root) or "//" in back or "\\" in back:
        back = root  # only pages of this app: never an open redirect
    response = RedirectResponse(back, status_code=303)
    if lang in LANGS:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=365 * 86400, path=root, samesite="strict", httponly=True
        )
    return response


ROUTES: list[Any] = [
    Route("/", home, methods=["GET"]),
    Route("/upload", upload, methods=["POST"]),
    Route("/new", new, methods=["POST"]),
    Route("/lang/{lang}", switch_lang, methods=["GET"]),
]
