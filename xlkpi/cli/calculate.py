"""`xlkpi calculate WORKBOOK...`: score, rank, grade and split the bonus, written in place.

One workbook prints its summary; several (or folders) are calculated in parallel with one
line each (`cli.batch`), company-scoped workbooks together (`workbook.company`).
"""

from __future__ import annotations

import argparse
import json
import os
from decimal import Decimal
from typing import Any

from .common import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, Context, existing_file, run_on_book
from .messages import print_problems, t
from .outcome import summary_lines
from .parsers import add_no_backup, command

HELP = "calculate the workbook in place and print a summary"
EXAMPLES = """\
examples:
  xlkpi calculate 2026-10.xlsx
  xlkpi calculate 2026-10.xlsx --json > results.json
  xlkpi calculate 2026-10.xlsx --no-backup
  xlkpi calculate 2026-10/ sales-2026-10.xlsx     (every workbook in the folder, and one more)
The results go into the data sheets, Summary and Issues; backups are kept (book.original.xlsx
and book.bak.DATE-TIME.xlsx) unless --no-backup. Exit code 2 when the workbook has errors.
Several workbooks are calculated in parallel, one line each; one failing never stops or
changes the others. Workbooks whose Settings set a scope to the whole company (全公司) are
calculated together: company-wide quotas, ranks or bonus pool, all written or none.
Exit code: 0 all calculated, 2 any had errors, 1 any internal error.
"""


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `calculate` subcommand and its arguments."""
    p = command(subs, parent, "calculate", HELP, EXAMPLES, run)
    p.add_argument(
        "workbooks",
        metavar="WORKBOOK",
        nargs="+",
        help="assessment workbooks (.xlsx/.xlsm) or folders of them",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the results as JSON (UTF-8) on stdout instead of a summary",
    )
    add_no_backup(p)
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes for several workbooks (default: one per core)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Calculate each workbook given (several in parallel); the exit code of the worst."""
    if len(args.workbooks) == 1 and not os.path.isdir(args.workbooks[0]):
        return run_one(args.workbooks[0], args, ctx)
    return run_many(args, ctx)


def run_many(args: argparse.Namespace, ctx: Context) -> int:
    """Several workbooks: one line each as they finish, then a total; or a JSON list."""
    from .batch import expand, run_batch

    books, missing = expand(args.workbooks)
    for m in missing:
        ctx.warn(t("batch_missing", ctx.lang, path=m.path))
    if not books:
        if not missing:
            ctx.warn(t("batch_none", ctx.lang))
        return EXIT_INPUT

    def report(result: Any) -> None:
        (ctx.warn if args.json else ctx.say)(result.line)
        for line in result.details:
            ctx.warn("    " + line)

    results = run_batch(
        books,
        backup=not args.no_backup,
        lang=ctx.lang,
        want_json=args.json,
        jobs=args.jobs,
        report=report,
    )
    failed = sum(1 for r in results if r.code != EXIT_OK) + len(missing)
    if args.json:
        data = [r.data for r in results] + [
            {"workbook": m.path, "exit": EXIT_INPUT, "ok": False, "error": "file not found"}
            for m in missing
        ]
        text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
        ctx.out.write(text + "\n")
        ctx.out.flush()
    total = t(
        "batch_total",
        ctx.lang,
        books=len(results) + len(missing),
        ok=len(results) + len(missing) - failed,
        failed=failed,
    )
    (ctx.warn if args.json else ctx.say)(total)
    codes = {r.code for r in results} | ({EXIT_INPUT} if missing else set())
    if EXIT_INTERNAL in codes:
        return EXIT_INTERNAL
    return EXIT_INPUT if EXIT_INPUT in codes else EXIT_OK


def run_one(workbook: str, args: argparse.Namespace, ctx: Context) -> int:
    """One workbook: its summary (or its JSON) and every problem."""
    from xlkpi.workbook.calculate import calculate
    from xlkpi.workbook.results import run_to_json

    path = existing_file(workbook)
    outcome = run_on_book(path, ctx, "calculate", calculate, backup=not args.no_backup, write=True)
    problems = outcome.problems
    if args.json:
        data = run_to_json(outcome)
        text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
        ctx.out.write(text + "\n")
        ctx.out.flush()
    else:
        print_problems(problems, ctx.lang, ctx.err, limit=20)
    if problems.has_errors:
        ctx.warn(t("calc_errors", ctx.lang, errors=len(problems.errors)))
        if outcome.written:
            ctx.warn(t("calc_issues_written", ctx.lang))
        return EXIT_INPUT
    if args.json:
        return EXIT_OK
    for line in summary_lines(outcome, ctx.lang, str(path)):
        ctx.say(line)
    return EXIT_OK


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
