"""`xlkpi import WORKBOOK FILE...`: roster, actuals and rater scores from CSV/XLSX exports."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from .common import (
    EXIT_INPUT,
    EXIT_OK,
    Context,
    existing_file,
    mention_kept_problems,
    open_book,
    writing,
)
from .messages import print_problems, t
from .parsers import add_no_backup, command

if TYPE_CHECKING:
    from xlkpi.importing import ImportPlan

HELP = "import roster, actuals, rater scores and pay inputs from CSV or XLSX exports"
EXAMPLES = """\
Each file is recognised by its header row:
  long form   工号,指标,值[,评分人]          employee_id,indicator,value[,rater]
  wide form   工号,满意度,首次解决率,...      employee_id,CSAT,FCR,CSAT self,...
  roster      工号,姓名,部门,班组,岗位,奖金基数 employee_id,name,department,team,position,bonus base
  Pay table   维修班组,检验合格台数,交付及时率,... Repair team,Units passed inspection,...
              奖金池,部门,项目,数值            Pool,Department,Input,Amount
Pay inputs (m: columns: 底薪, 角色, Days attended, ...) go in the long or wide form.
CSV may be UTF-8 (with or without BOM) or GBK/GB18030. Nothing is written when any file
has an error; otherwise everything is written in one go (a backup is kept).

examples:
  xlkpi import 2026-10.xlsx roster.csv
  xlkpi import 2026-10.xlsx crm-export.csv 评分.xlsx
  xlkpi import 2026-10.xlsx actuals.csv --dry-run
"""


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `import` subcommand and its arguments."""
    p = command(subs, parent, "import", HELP, EXAMPLES, run)
    p.add_argument("workbook", metavar="WORKBOOK", help="the assessment workbook (.xlsx/.xlsm)")
    p.add_argument("files", metavar="FILE", nargs="+", help="CSV or XLSX export files")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="check the files, print how their columns are matched and what would change; "
        "write nothing",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="refuse files with people who are not on the Roster (default: a warning)",
    )
    p.add_argument(
        "--sheet",
        metavar="NAME",
        help="the sheet to read in XLSX exports (default: found by content)",
    )
    add_no_backup(p)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Import the files into the workbook (or show what would change with --dry-run)."""
    from xlkpi.importing import FORM_LABELS, place_text, plan_import
    from xlkpi.io.xlsx_writer import write_blocks

    path = existing_file(args.workbook)
    with (
        contextlib.nullcontext() if args.dry_run else writing(path, ctx),
        ctx.progress("xlkpi import") as progress,
    ):
        book = open_book(path, ctx)
        plan = plan_import(book, args.files, progress, strict=args.strict, sheet=args.sheet)
        if plan.ok and plan.blocks and not args.dry_run:
            progress("writing workbook")
            report = write_blocks(
                path,
                plan.blocks,
                backup=not args.no_backup,
                ensure_sheets=plan.ensure_sheets,
                expected_digest=book.digest,
            )
            mention_kept_problems(report, ctx)
    for f in plan.files:
        line = t(
            "import_file",
            ctx.lang,
            file=f.path.name,
            form=FORM_LABELS[f.form](ctx.lang) if f.form else "?",
            rows=f.rows,
        )
        if f.encoding:
            line += t("import_encoding", ctx.lang, encoding=f.encoding)
        if f.sheet:
            line += t("import_sheet", ctx.lang, sheet=f.sheet)
        ctx.say(line)
        _say_mapping(ctx, plan, f.path, every=args.dry_run)
    for note in plan.notes:
        ctx.say(
            t(
                "import_note",
                ctx.lang,
                where=place_text(note.where, ctx.lang),
                message=note.message(ctx.lang),
            )
        )
    if args.dry_run and plan.ok:
        _say_changes(ctx, plan)
    print_problems(plan.problems, ctx.lang, ctx.err)
    if not plan.ok:
        ctx.warn(t("import_failed", ctx.lang, errors=len(plan.problems.errors)))
        return EXIT_INPUT
    if not plan.blocks:
        ctx.say(t("import_nothing", ctx.lang))
    elif args.dry_run:
        ctx.say(t("import_dry_run", ctx.lang, values=plan.values, added=plan.roster_added))
    else:
        overwritten = (
            t("import_overwritten", ctx.lang, n=plan.overwritten) if plan.overwritten else ""
        )
        ctx.say(
            t(
                "import_done",
                ctx.lang,
                path=path,
                values=plan.values,
                added=plan.roster_added,
                updated=plan.roster_updated,
                rows=plan.rows_appended,
                overwritten=overwritten,
            )
        )
    return EXIT_OK


def _say_mapping(ctx: Context, plan: ImportPlan, path: Path, *, every: bool) -> None:
    """How the file's columns were matched: always on a dry run, else when the mapping
    table gains rows (the first import of a source)."""
    from xlkpi.importing.mapping import IGNORE
    from xlkpi.workbook import layout

    rows = [(row, how) for p, row, how in plan.mapping if p == path]
    if not rows or not (every or any(how == "new" for _, how in rows)):
        return
    ctx.say(t("import_mapping", ctx.lang, file=path.name))
    sheet = layout.sheet_name("mapping", plan.lang)
    for row, how in rows:
        unit = t("import_mapping_unit", ctx.lang, unit=row.unit) if row.unit else ""
        ctx.say(
            t(
                "import_mapping_row",
                ctx.lang,
                source=row.source,
                target=row.target or IGNORE(ctx.lang),
                unit=unit,
                how=t(f"import_mapping_{how}", ctx.lang, sheet=sheet),
            )
        )


def _say_changes(ctx: Context, plan: ImportPlan, limit: int = 30) -> None:
    """The cells a real run would write, old value to new (the first `limit`)."""
    if not plan.changes:
        return
    replaced = sum(1 for *_, old, _new in plan.changes if old is not None)
    ctx.say(t("import_changes", ctx.lang, n=len(plan.changes), replaced=replaced))
    from xlkpi.io.cells import Styled

    blank = "（空）" if ctx.lang == "zh" else "(blank)"
    for sheet, cell, old, new in plan.changes[:limit]:
        value = new.value if isinstance(new, Styled) else new
        percent = isinstance(new, Styled) and "%" in new.number_format
        ctx.say(
            t(
                "import_change",
                ctx.lang,
                cell=f"{sheet}!{cell}",
                old=_shown(old, percent, blank),
                new=_shown(value, percent, blank),
            )
        )
    if len(plan.changes) > limit:
        ctx.say(t("more", ctx.lang, n=len(plan.changes) - limit, what=""))


def _shown(v: object, percent: bool, blank: str) -> str:
    """A cell value as the dry run lists it (a percentage cell's number as a percent)."""
    if v is None:
        return blank
    if percent and isinstance(v, int | float):
        return f"{v * 100:.4g}%"
    return str(v)
