"""`xlkpi history WORKBOOK [ID]`: the change log every Calculate keeps, run by run.

Prints each run (when, who, the input fingerprint) and what changed for each person
(total, rank, grade, bonus: before → after, and why); with an employee ID, only that
person's changes. A log whose chain of check values is broken is reported, naming the
row, and the exit code is 2.
"""

from __future__ import annotations

import argparse
from itertools import groupby

from xlkpi import words

from .common import EXIT_INPUT, EXIT_OK, Context, open_book
from .parsers import add_workbook, command

HELP = "print the change log kept by Calculate (who ran it, what changed and why)"
EXAMPLES = """\
examples:
  xlkpi history 2026-10.xlsx
  xlkpi history 2026-10.xlsx E1001      (one person's changes only)
"""

TEXT = words.table("cli", "history")
#: what a person's line shows before → after, in order (their words are in TEXT)
FIELDS = ("total", "rank", "grade", "bonus")


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `history` subcommand and its arguments."""
    p = command(subs, parent, "history", HELP, EXAMPLES, run)
    add_workbook(p)
    p.add_argument("id", metavar="ID", nargs="?", help="one employee ID")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Print the change log, or one employee's changes; warn when the chain is broken."""
    from xlkpi.core.problems import Problems
    from xlkpi.followup import changelog as cl
    from xlkpi.followup.read import read_followup

    book = open_book(args.workbook, ctx, backup=False)
    fb = read_followup(book, ctx.lang, Problems())  # only the log is used: other cells are not
    table = fb.tables.get("changelog")
    log = cl.read_log(cl.LogRow(r.row, dict(r.values)) for r in (table.records if table else ()))
    said = {key: label(ctx.lang) for key, label in TEXT.items()}
    if log.broken_at is not None:
        ctx.warn(said["broken"].format(row=log.broken_at + 1))
    if not log.rows:
        ctx.say(said["empty"])
        return EXIT_OK
    wanted = (args.id or "").strip()
    shown = 0
    for run_no, rows in _runs(log.rows):
        people = [r for r in rows if r.cells.get("id")]
        if wanted:
            people = [r for r in people if r.cells.get("id") == wanted]
            if not people:
                continue
        head = rows[0].cells
        ctx.say(
            said["run"].format(
                run=run_no, time=head.get("time"), user=head.get("user"), fp=head.get("fingerprint")
            )
            + ("" if wanted or head.get("id") else f"  {head.get('reason', '')}")
        )
        for r in people:
            ctx.say("  " + _person_line(r.cells, said))
            shown += 1
    if wanted and not shown:
        ctx.say(said["none"].format(id=wanted))
    return EXIT_INPUT if log.broken_at is not None else EXIT_OK


def _runs(rows: list) -> list[tuple[str, list]]:
    """The rows grouped by run, in order (a run's rows are consecutive)."""
    return [(no, list(group)) for no, group in groupby(rows, key=lambda r: r.cells.get("run", ""))]


def _person_line(cells: dict[str, str], said: dict[str, str]) -> str:
    parts = [f"{cells.get('id', '')} {cells.get('name', '')}".strip()]
    for key in FIELDS:
        label = said[key]
        before, after = cells.get(f"{key}_before") or "—", cells.get(f"{key}_after") or "—"
        parts.append(f"{label} {before}" if before == after else f"{label} {before}→{after}")
    parts.append(cells.get("reason", ""))
    return "  ".join(p for p in parts if p)
