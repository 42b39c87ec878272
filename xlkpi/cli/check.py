"""`xlkpi check WORKBOOK`: validation only; prints every problem, writes nothing."""

from __future__ import annotations

import argparse

from .common import EXIT_INPUT, EXIT_OK, Context, run_on_book
from .messages import print_problems, t
from .parsers import add_workbook, command

HELP = "check a workbook and list its problems (writes nothing)"
EXAMPLES = """\
examples:
  xlkpi check 2026-10.xlsx
  xlkpi check 2026-10.xlsx --all      (list every problem, not the first 100 of each kind)
exit code 2 when there are errors, 0 when there are only warnings or none.
"""


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `check` subcommand and its arguments."""
    p = command(subs, parent, "check", HELP, EXAMPLES, run)
    add_workbook(p)
    p.add_argument("--all", action="store_true", help="list every problem")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """List the workbook's problems without writing; exit 2 when any is an error."""
    from xlkpi.workbook.calculate import check

    outcome = run_on_book(args.workbook, ctx, "check", check)
    problems = outcome.problems
    limit = len(problems) if args.all else 100
    print_problems(problems, ctx.lang, ctx.out, limit=limit)
    if not problems:
        ctx.say(t("check_ok", ctx.lang))
        return EXIT_OK
    ctx.say(
        t("check_summary", ctx.lang, errors=len(problems.errors), warnings=len(problems.warnings))
    )
    return EXIT_INPUT if problems.has_errors else EXIT_OK
