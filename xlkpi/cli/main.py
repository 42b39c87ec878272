"""The `xlkpi` command: new, templates, import, check, calculate.

Exit codes: 0 done (warnings allowed); 2 the input is wrong (a workbook or export problem,
a missing file, a file that is not a workbook, a usage error); 1 an internal error (a bug:
one line and where to report it; the traceback with --debug or XLKPI_DEBUG=1); 130
interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from xlkpi import __version__
from xlkpi.core.problems import InputError
from xlkpi.io.errors import WorkbookError

from . import calculate, check, imports, new, rollup, templates
from .common import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    Context,
    Failed,
    InternalError,
    gc_paused,
    initial_lang,
    render_workbook_error,
)
from .messages import print_problems, report_address, t

COMMANDS = (new, templates, imports, check, calculate, rollup)

DESCRIPTION = """\
xlkpi: performance assessment (绩效考核) computed inside the Excel workbook HR already uses.

  xlkpi new 2026-10.xlsx --template call-centre-agent --lang zh
  xlkpi import 2026-10.xlsx roster.csv actuals.csv scores.xlsx
  xlkpi check 2026-10.xlsx
  xlkpi calculate 2026-10.xlsx
"""

EPILOG = """\
exit codes: 0 done (warnings allowed), 2 input errors, 1 internal error.
Messages follow the workbook's language (Settings), else --lang, else the locale.
"""


def common_options() -> argparse.ArgumentParser:
    """--lang and --debug, accepted before or after the subcommand."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=argparse.SUPPRESS,
        help="message language when the workbook does not set one",
    )
    parent.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of internal errors",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xlkpi",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"xlkpi {__version__}")
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=None,
        help="message language when the workbook does not set one",
    )
    parser.add_argument(
        "--debug", action="store_true", default=False, help="show the traceback of internal errors"
    )
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    subs.required = True
    parent = common_options()
    for module in COMMANDS:
        module.add_parser(subs, parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `xlkpi` command.

    Args:
        argv: the arguments after the program name; None reads sys.argv.
    Returns:
        The exit code (0, 1, 2 or 130); the console script passes it to sys.exit.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # --help, --version, usage errors (argparse uses 2)
        return exc.code if isinstance(exc.code, int) else EXIT_INPUT
    debug = bool(getattr(args, "debug", False)) or os.environ.get("XLKPI_DEBUG") == "1"
    ctx = Context(lang=initial_lang(args), debug=debug)
    return run(args, ctx)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Dispatch to the subcommand and turn every failure into an exit code and a message."""
    try:
        with gc_paused():
            return int(args.run(args, ctx))
    except WorkbookError as exc:
        ctx.warn(render_workbook_error(exc, ctx.lang))
        return EXIT_INPUT
    except InputError as exc:
        print_problems(exc.problems, ctx.lang, ctx.err)
        return EXIT_INPUT
    except Failed as exc:
        ctx.warn(exc.render(ctx.lang))
        return EXIT_INPUT
    except KeyboardInterrupt:
        saved = ctx.saved_before_interrupt()
        if saved:
            ctx.warn(t("interrupted_saved", ctx.lang, path=", ".join(saved)))
        else:
            ctx.warn(t("interrupted", ctx.lang))
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: say so in one line, traceback only on request
        original = exc.original if isinstance(exc, InternalError) else exc
        if ctx.debug:
            traceback.print_exception(original, file=ctx.err)
        error = f"{type(original).__name__}: {original}".splitlines()[0][:300]
        report = report_address() or t("report_to", ctx.lang)
        ctx.warn(t("internal", ctx.lang, error=error, report=report))
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
