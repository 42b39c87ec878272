"""Roll calculated workbooks of the folder up into a new quarter or year workbook: the
`xlkpi rollup` steps (rollup.rollup, then rollup.write_rollup, atomic)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from xlkpi.cli.messages import t as cli_t
from xlkpi.io.errors import WorkbookError

from ..texts import t
from .common import lang_of, locked, message_page, problem_rows, render, state
from .forms import FormUnreadable, read_form

#: The section this module adds to the home page (html/panels/).
HOME_PANEL = "panels/rollup.html"
METHODS = ("mean", "weighted")
PERIOD_TYPES = ("quarter", "year")


async def run_rollup(request: Request) -> Response:
    """Roll up the chosen workbooks into a new workbook in the folder."""
    from xlkpi.rollup import rollup, write_rollup

    lang = lang_of(request)
    folder = state(request).folder
    try:
        form = await read_form(request)
        inputs = [folder.path(str(name)) for name in form.getlist("inputs")]
    except FormUnreadable:
        return message_page(request, 400, t("bad_form", lang))
    except WorkbookError as err:
        return message_page(request, 400, err.render(lang))
    if not inputs:
        return message_page(request, 400, t("rollup_none", lang))
    out = folder.new_path(str(form.get("out") or ""))
    if out is None:
        return message_page(request, 400, t("bad_name", lang))
    if not out.suffix:
        out = out.with_suffix(".xlsx")
    if out.suffix.lower() != ".xlsx":
        return message_page(request, 400, cli_t("rollup_suffix", lang, path=out.name))
    if out in inputs:
        return message_page(request, 400, cli_t("rollup_is_input", lang, path=out.name))
    if out.exists():
        return message_page(request, 400, t("exists", lang, name=out.name))
    method = str(form.get("method")) if form.get("method") in METHODS else "mean"
    period_type = str(form.get("period_type")) if form.get("period_type") in PERIOD_TYPES else None

    def work() -> Any:
        # the roll-up workbook speaks the inputs' language, as with the command
        result = rollup(inputs, method=method, period_type=period_type)
        if not result.problems.has_errors:
            write_rollup(result, out)
        return result

    try:
        result = await locked(request, work)
    except WorkbookError as err:
        return message_page(request, 400, err.render(lang))
    problems, more = problem_rows(result.problems, lang)
    ok = not result.problems.has_errors
    line = (
        t(
            "rollup_done",
            lang,
            name=out.name,
            period=result.period,
            people=len(result.rows),
            periods=len(result.periods),
        )
        if ok
        else t("rollup_failed", lang, errors=len(result.problems.errors))
    )
    return render(
        request,
        "rolled_up.html",
        status=200 if ok else 400,
        ok=ok,
        line=line,
        link="book/" + quote(out.name) if ok else None,
        problems=problems,
        more=more,
    )


ROUTES: list[Any] = [Route("/rollup", run_rollup, methods=["POST"])]
