"""`xlkpi overview OUT BOOKS...`: the company's departments side by side, as a new workbook."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from xlkpi.core.label import LANGS

from .common import EXIT_INPUT, EXIT_OK, Context, Failed
from .parsers import command

HELP = "build an overview workbook of many department workbooks, side by side"
EXAMPLES = """\
examples:
  xlkpi overview 2026-10-overview.xlsx 2026-10/
  xlkpi overview overview.xlsx sales.xlsx service.xlsx ops.xlsx --force
Every department: headcount, average and spread, grade counts against quota, bonus against
budget, people whose grade was changed by calibration; charts; links back to each source
workbook's cells. Nothing is written to the department workbooks (their results are computed
as xlkpi calculate would, company-scoped workbooks together). OUT is a new workbook; an
existing file is kept unless --force. Exit code 2 when a workbook has errors (it is listed
but left out of the figures).
"""


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `overview` subcommand and its arguments."""
    p = command(subs, parent, "overview", HELP, EXAMPLES, run)
    p.add_argument("out", metavar="OUT", help="the overview workbook to create (.xlsx)")
    p.add_argument(
        "books", metavar="WORKBOOK", nargs="+", help="department workbooks or folders of them"
    )
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Collect the department workbooks and write the overview workbook."""
    from xlkpi.overview import collect, write_overview

    from .batch import expand
    from .messages import t

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise Failed("overview_suffix", path=out)
    if not out.parent.exists():
        raise Failed("no_folder", path=out.parent)
    books, missing = expand(args.books)
    books = [b for b in books if not (out.exists() and os.path.samefile(out, b))]
    for m in missing:
        ctx.warn(t("batch_missing", ctx.lang, path=m.path))
    if not books:
        raise Failed("batch_none")
    if out.exists() and not args.force:
        raise Failed("exists", path=out)
    given = getattr(args, "lang", None)
    overview = collect(books, lang=given if given in LANGS else None)
    lang = overview.lang
    write_overview(overview, out)
    bad = [b for b in overview.books if not b.ok]
    for b in bad:
        ctx.warn(t("overview_left_out", lang, path=b.path, errors=b.errors or 1))
    people = sum(b.headcount for b in overview.books if b.ok)
    ctx.say(t("overview_done", lang, path=out, books=len(overview.books) - len(bad), people=people))
    return EXIT_INPUT if bad or missing else EXIT_OK
