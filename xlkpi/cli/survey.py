"""`xlkpi survey WORKBOOK FILE...`: import 360° survey exports (one row per rater per person)
into the workbook's 360° ratings sheet, in one atomic write, or not at all."""

from __future__ import annotations

import argparse

from .common import EXIT_INPUT, EXIT_OK, Context, existing_file, open_book
from .messages import print_problems
from .parsers import add_workbook, command

HELP = "import 360° survey exports (one row per rater per person) into the 360° ratings sheet"
EXAMPLES = """\
examples:
  xlkpi survey 2026-10.xlsx peers.csv customers.xlsx
columns: employee id, indicator, rater group (peer / subordinate / customer), rater, score.
"""


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `survey` subcommand and its arguments."""
    p = command(subs, parent, "survey", HELP, EXAMPLES, run)
    add_workbook(p)
    p.add_argument("files", metavar="FILE", nargs="+", help="survey exports (.csv/.xlsx)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Read the survey exports and write their ratings into the 360° sheet."""
    from xlkpi.followup.survey import plan_survey
    from xlkpi.io.xlsx_writer import write_blocks

    book = open_book(args.workbook, ctx)
    files = [existing_file(f) for f in args.files]
    plan = plan_survey(book, ctx.lang, files)
    print_problems(plan.problems, ctx.lang, ctx.err)
    if not plan.ok:
        ctx.warn("未写入工作簿。" if ctx.lang == "zh" else "The workbook was not changed.")
        return EXIT_INPUT
    write_blocks(args.workbook, plan.blocks, ensure_sheets=plan.ensure_sheets)
    if ctx.lang == "zh":
        ctx.say(f"已导入 {plan.added} 条360°评分，更新 {plan.updated} 条：{args.workbook}")
    else:
        ctx.say(f"Imported {plan.added} 360° ratings, updated {plan.updated}: {args.workbook}")
    return EXIT_OK
