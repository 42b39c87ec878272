"""`xlkpi rollup OUT IN...`: a quarterly or annual workbook from calculated monthly (or
quarterly) workbooks."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from xlkpi.core.label import LANGS
from xlkpi.core.problems import Problem

from .common import EXIT_INPUT, EXIT_OK, Context, Failed, existing_file, writing
from .messages import t
from .parsers import command

HELP = "roll monthly (or quarterly) results up into a quarter or a year, as a new workbook"
EXAMPLES = """\
examples:
  xlkpi rollup 2026Q4.xlsx 2026-10.xlsx 2026-11.xlsx 2026-12.xlsx
  xlkpi rollup 2026Q4.xlsx 2026-1*.xlsx --method weighted
  xlkpi rollup 2026.xlsx 2026Q1.xlsx 2026Q2.xlsx 2026Q3.xlsx 2026Q4.xlsx --period-type year
Each input must be calculated (xlkpi calculate). Quarterly rule: a combined
score below 59 pays 50% of performance pay; two failed quarters cancel the year-end
assessment. --method weighted weights months by days attended (m:days_attended).
OUT is a new workbook; an existing file is kept unless --force. Exit code 2 on bad inputs.
"""


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `rollup` subcommand and its arguments."""
    p = command(subs, parent, "rollup", HELP, EXAMPLES, run)
    p.add_argument("out", metavar="OUT", help="the roll-up workbook to create (.xlsx)")
    p.add_argument(
        "inputs",
        metavar="IN",
        nargs="+",
        help="calculated workbooks, one per month (or quarterly roll-ups)",
    )
    p.add_argument(
        "--method",
        choices=("mean", "weighted"),
        default="mean",
        help="mean of the periods present (default), or weighted by days attended",
    )
    p.add_argument(
        "--period-type",
        choices=("quarter", "year"),
        default=None,
        help="default: a quarter from months, a year from quarters",
    )
    p.add_argument("--label", default=None, help="the period's name (default e.g. 2026Q4)")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")


def _line(problem: Problem, lang: str) -> str:
    from xlkpi.rollup import place_text

    places = "; ".join(place_text(s) for s in problem.where)
    sep = "：" if lang == "zh" else ": "
    head = t(problem.severity.value, lang)
    return f"{head}{sep}{places}{sep if places else ''}{problem.message(lang)}"


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Roll the calculated workbooks up into the new workbook OUT."""
    from xlkpi.rollup import rollup, write_rollup

    out = Path(args.out)
    inputs = [existing_file(p) for p in args.inputs]
    if out.suffix.lower() != ".xlsx":
        raise Failed("rollup_suffix", path=out)
    if not out.parent.exists():
        raise Failed("no_folder", path=out.parent)
    if any(out.exists() and os.path.samefile(out, p) for p in inputs) or any(
        out.resolve() == p.resolve() for p in inputs
    ):
        raise Failed("rollup_is_input", path=out)
    if out.exists() and not args.force:
        raise Failed("exists", path=out)
    given_lang = getattr(args, "lang", None)
    result = rollup(
        inputs,
        method=args.method,
        period_type=args.period_type,
        label=args.label,
        lang=given_lang if given_lang in LANGS else None,
    )
    lang = result.lang
    problems = result.problems
    for p in problems.errors + problems.warnings:
        ctx.warn(_line(p, lang))
    if problems.has_errors:
        ctx.warn(t("rollup_failed", lang, errors=len(problems.errors)))
        return EXIT_INPUT
    with writing(out, ctx):
        if out.exists() and not args.force:  # made by another run meanwhile
            raise Failed("exists", path=out)
        write_rollup(result, out)
    ctx.say(
        t(
            "rollup_done",
            lang,
            path=out,
            period=result.period,
            people=len(result.rows),
            periods=len(result.periods),
            warnings=len(problems.warnings),
        )
    )
    return EXIT_OK
