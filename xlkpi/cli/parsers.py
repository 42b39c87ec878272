"""The argument-parser pieces most subcommands share: the command itself, its workbook."""

from __future__ import annotations

import argparse
from collections.abc import Callable

ASSESSMENT_WORKBOOK = "the assessment workbook (.xlsx/.xlsm)"


def command(
    subs: argparse._SubParsersAction,
    parent: argparse.ArgumentParser,
    name: str,
    help: str,
    examples: str,
    run: Callable[..., int],
) -> argparse.ArgumentParser:
    """Add subcommand `name`: the global options of `parent`, `help` as its one-line help and
    description, `examples` verbatim after the options, and `run` as what it does."""
    p = subs.add_parser(
        name,
        parents=[parent],
        help=help,
        description=help + ".",
        epilog=examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(run=run)
    return p


def add_workbook(p: argparse.ArgumentParser, help: str = ASSESSMENT_WORKBOOK) -> None:
    """The one WORKBOOK argument of a command that works on a single workbook."""
    p.add_argument("workbook", metavar="WORKBOOK", help=help)


def add_no_backup(p: argparse.ArgumentParser, what: str = "the workbook") -> None:
    """--no-backup, for a command that writes into HR's workbooks (a copy is kept by default)."""
    p.add_argument(
        "--no-backup", action="store_true", help=f"do not keep a copy of {what} before writing"
    )
