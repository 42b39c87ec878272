"""`xlkpi update-macros BOOK.xlsm...`: the Calculate button's VBA brought to the installed
xlwings (after `pip install -U "xlkpi[excel]"` moved xlwings to a new version)."""

from __future__ import annotations

import argparse

from xlkpi import words

from .common import EXIT_INPUT, EXIT_OK, Context, existing_file, render_workbook_error
from .parsers import add_no_backup, command

HELP = "update the Calculate button's macros of .xlsm workbooks to the installed xlwings"
EXAMPLES = """\
examples:
  xlkpi update-macros 2026-10.xlsm
  xlkpi update-macros *.xlsm --no-backup
The button's macros load the xlwings of the version they were made with; run this after
upgrading xlkpi[excel] (or xlwings). Workbooks with macros of their own are left unchanged.
"""

TEXT = words.table("cli", "update_macros")


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `update-macros` subcommand and its arguments."""
    p = command(subs, parent, "update-macros", HELP, EXAMPLES, run)
    p.add_argument("books", metavar="BOOK", nargs="+", help="macro-enabled workbooks (.xlsm)")
    add_no_backup(p, "each workbook")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Replace each workbook's xlwings macros with the installed version's."""
    from xlkpi.excel.macros import refresh_macros
    from xlkpi.excel.vba import VbaBuildError
    from xlkpi.io.errors import WorkbookError

    failed = False
    for book in args.books:
        try:
            done = refresh_macros(existing_file(book), backup=not args.no_backup)
        except VbaBuildError as exc:
            ctx.warn(TEXT["needs_excel"](ctx.lang).format(error=exc))
            return EXIT_INPUT
        except WorkbookError as exc:
            ctx.warn(render_workbook_error(exc, ctx.lang))
            failed = True
            continue
        if done.changed:
            old = done.old_version or TEXT["unknown"](ctx.lang)
            ctx.say(TEXT["updated"](ctx.lang).format(path=book, old=old, new=done.new_version))
        else:
            ctx.say(TEXT["current"](ctx.lang).format(path=book, new=done.new_version))
    return EXIT_INPUT if failed else EXIT_OK
