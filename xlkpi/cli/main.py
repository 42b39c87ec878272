"""The `xlkpi` command: new, templates, import, check, calculate.

Exit codes: 0 done (warnings allowed); 2 the input is wrong (a workbook or export problem,
a missing file, a file that is not a workbook, a usage error); 1 an internal error (a bug:
one line and where to report it; the traceback with --debug or XLKPI_DEBUG=1); 130
interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Sequence

from xlkpi import __version__
from xlkpi.core.label import LANGS
from xlkpi.core.problems import InputError
from xlkpi.io.errors import WorkbookError

from . import (
    app,
    calculate,
    check,
    help_zh,
    history,
    imports,
    new,
    overview,
    rollup,
    send,
    survey,
    templates,
    update_macros,
)
from .common import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Context,
    Failed,
    InternalError,
    gc_paused,
    initial_lang,
    render_workbook_error,
)
from .messages import locale_lang, print_problems, report_address, t

COMMANDS = (
    new,
    templates,
    imports,
    check,
    calculate,
    rollup,
    send,
    overview,
    history,
    survey,
    update_macros,
    app,
)

DESCRIPTION = """\
xlkpi: performance assessment (绩效考核) computed inside the Excel workbook HR already uses.

  xlkpi new 2026-10.xlsx --template call-centre-agent --lang zh
  xlkpi import 2026-10.xlsx roster.csv actuals.csv scores.xlsx
  xlkpi check 2026-10.xlsx
  xlkpi calculate 2026-10.xlsx
  xlkpi history 2026-10.xlsx E1001
  xlkpi send 2026-10.xlsx
"""

EPILOG = """\
exit codes: 0 done (warnings allowed), 2 input errors, 1 internal error.
Messages follow the workbook's language (Settings), else --lang, else the user's
interface language; Chinese by default.
"""


def common_options() -> argparse.ArgumentParser:
    """--lang and --debug, accepted before or after the subcommand."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--lang",
        choices=LANGS,
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
    """The `xlkpi` parser: global options and every subcommand."""
    parser = argparse.ArgumentParser(
        prog="xlkpi",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"xlkpi {__version__}")
    parser.add_argument(
        "--lang",
        choices=LANGS,
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
    raw = list(argv) if argv is not None else sys.argv[1:]
    help_lang = _help_lang(raw)
    try:
        # argparse asks gettext for its own words both when building and when printing
        with help_zh.argparse_words() if help_lang == "zh" else contextlib.nullcontext():
            parser = build_parser()
            if help_lang == "zh":
                help_zh.translate(parser)
            args = parser.parse_args(raw)
    except SystemExit as exc:  # --help, --version, usage errors (argparse uses 2)
        return exc.code if isinstance(exc.code, int) else EXIT_INPUT
    debug = bool(getattr(args, "debug", False)) or os.environ.get("XLKPI_DEBUG") == "1"
    ctx = Context(lang=initial_lang(args), debug=debug)
    return run(args, ctx)


def _help_lang(argv: list[str]) -> str:
    """The language of --help and usage errors: --lang if given, else the user's."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
        elif arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        else:
            continue
        if value in LANGS:
            return value
    return locale_lang()


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
    except BrokenPipeError:  # `xlkpi templates | head`: the reader has all it wanted
        _quiet_stdout()
        return EXIT_OK
    except Exception as exc:  # a bug: say so in one line, traceback only on request
        original = exc.original if isinstance(exc, InternalError) else exc
        if ctx.debug:
            traceback.print_exception(original, file=ctx.err)
        error = f"{type(original).__name__}: {original}".splitlines()[0][:300]
        report = report_address() or t("report_to", ctx.lang)
        ctx.warn(t("internal", ctx.lang, error=error, report=report))
        return EXIT_INTERNAL


def _quiet_stdout() -> None:
    """Point stdout at the null device, so the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests): nothing to flush
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
