"""`xlkpi app [FOLDER]`: the local web app, for HR without Excel macros (WPS, LibreOffice)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_INPUT, EXIT_OK, Context
from .parsers import command

HELP = "open the local web app (check, calculate, import, roll up in the browser)"
EXAMPLES = """\
examples:
  xlkpi app                      (the workbooks of the current folder)
  xlkpi app D:\\绩效\\2026
  xlkpi app . --port 8765 --no-browser
The app listens on 127.0.0.1 only; its address carries a random key for this run, so
only this computer's user who started it can use it. Ctrl+C stops it.
"""


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `app` subcommand and its arguments."""
    p = command(subs, parent, "app", HELP, EXAMPLES, run)
    p.add_argument(
        "folder", metavar="FOLDER", nargs="?", default=".", help="the working folder (default: .)"
    )
    p.add_argument(
        "--port", type=int, default=0, help="the port on 127.0.0.1 (default: a free one)"
    )
    p.add_argument("--no-browser", action="store_true", help="do not open the browser")
    p.add_argument(
        "--max-upload-mb",
        type=int,
        default=64,
        metavar="MB",
        help="the largest upload accepted, in MB (default: 64)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Serve the web app on 127.0.0.1 for the working folder until interrupted."""
    from xlkpi.app.texts import t

    lang = ctx.lang
    try:
        from xlkpi.app.server import bind, serve
    except ImportError as exc:  # the `app` extra is not installed
        ctx.warn(t("cli_missing", lang, module=exc.name or exc))
        return EXIT_INPUT
    folder = Path(args.folder)
    if not folder.is_dir():
        ctx.warn(t("cli_no_folder", lang, path=folder))
        return EXIT_INPUT
    try:
        sock = bind(args.port)
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        ctx.warn(t("cli_port_busy", lang, port=args.port, reason=reason))
        return EXIT_INPUT

    def announce(url: str) -> None:
        ctx.say(t("cli_started", lang, url=url))
        ctx.out.flush()

    try:
        serve(
            folder,
            sock,
            open_browser=not args.no_browser,
            announce=announce,
            max_upload=max(1, args.max_upload_mb) * 2**20,
        )
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl+C after its clean shutdown
        pass
    finally:
        sock.close()
    ctx.say(t("cli_stopped", lang))
    return EXIT_OK
