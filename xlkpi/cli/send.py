"""`xlkpi send WORKBOOK`: each person their scorecard, each manager their team's pack.

The first run is a dry run unless told otherwise: it lists every recipient and writes
the messages as .eml files to an outbox folder (open them in any mail client). Later runs
send what the Send log does not show as sent.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from xlkpi import words

from .common import EXIT_INPUT, EXIT_OK, Context, open_book
from .messages import print_problems
from .parsers import add_workbook, command

HELP = "send each person their scorecard and each manager their team's pack by e-mail"
EXAMPLES = """\
examples:
  xlkpi send 2026-10.xlsx                      first time: a dry run into the outbox
  xlkpi send 2026-10.xlsx --test-to me@example.com
  xlkpi send 2026-10.xlsx                      send what has not been sent
  xlkpi send 2026-10.xlsx --dry-run --pdf
Mail server settings: xlkpi-mail.toml beside the workbook or XLKPI_SMTP_* variables;
the password from XLKPI_SMTP_PASSWORD or a prompt (see docs/send.md).
"""

TEXT = words.table("send", "text")


def t(key: str, lang: str, **values: object) -> str:
    """A `send` message in `lang`, filled with `values`."""
    return TEXT[key](lang).format(**values)


def add_parser(subs: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Register the `send` subcommand and its arguments."""
    p = command(subs, parent, "send", HELP, EXAMPLES, run)
    add_workbook(p, "the calculated workbook (.xlsx/.xlsm)")
    p.add_argument(
        "--dry-run", action="store_true", help="write .eml files to the outbox, send nothing"
    )
    p.add_argument("--test-to", metavar="ADDRESS", help="send every message to this address only")
    p.add_argument(
        "--resend", action="store_true", help="send again what the Send log shows as sent"
    )
    p.add_argument(
        "--outbox", metavar="FOLDER", help="where dry runs write (default: WORKBOOK-outbox)"
    )
    p.add_argument(
        "--config", metavar="FILE", help="mail server settings (default: xlkpi-mail.toml)"
    )
    p.add_argument("--throttle", type=float, metavar="SECONDS", help="pause between messages")
    p.add_argument(
        "--pdf", action="store_true", help="also write PDFs of the scorecards (LibreOffice)"
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Check the workbook, then a dry run, a test run or the real sending; exit 2 on errors."""
    from xlkpi.delivery import batch
    from xlkpi.delivery.cards import load
    from xlkpi.delivery.compose import check_templates
    from xlkpi.delivery.sendlog import Journal, read_log, settle
    from xlkpi.delivery.smtp import MailError

    path = Path(args.workbook)
    book = open_book(path, ctx)
    delivery = load(book)
    lang = ctx.lang = delivery.lang
    check_templates(delivery.mail.templates, delivery.mail.sources, delivery.problems)
    if _refused(delivery, args, ctx, lang):
        return EXIT_INPUT

    outbox = Path(args.outbox) if args.outbox else path.resolve().parent / f"{path.stem}-outbox"
    journal = Journal(outbox)
    settle(book, journal, lang)  # a run cut short: its results go into the Send log first
    log = read_log(book)
    mode = "test" if args.test_to else "send"
    if args.dry_run or (mode == "send" and not log.records):
        if not args.dry_run:
            ctx.say(t("first", lang))
        mode = "dry_run"

    items = batch.plan(delivery)
    _list_items(items, mode, ctx, lang)
    if args.pdf:
        _pdfs(items, outbox, ctx, lang)
    server = _server(args, path, mode, ctx, lang)
    if server is None:
        return EXIT_INPUT
    sender, connect, throttle = server

    try:
        outcome = batch.run(
            items,
            mode=mode,
            log=log,
            journal=journal,
            outbox=outbox,
            sender=sender,
            encrypt=delivery.mail.encrypt,
            lang=lang,
            connect=connect,
            test_to=args.test_to or "",
            resend=args.resend,
            throttle=throttle,
            say=ctx.say,
        )
    except MailError as exc:
        ctx.warn(exc.message(lang))
        return EXIT_INPUT
    finally:
        logged = settle(book, journal, lang)
    if logged:
        ctx.say(t("log", lang, sheet=read_log(book).sheet))
    return _report(outcome, mode, args, outbox, ctx, lang)


def _refused(delivery: Any, args: argparse.Namespace, ctx: Context, lang: str) -> bool:
    """Say why nothing can be sent (errors, stale results, no scorecards, a bad --test-to)."""
    from xlkpi.workbook.contacts import is_address

    if delivery.problems.has_errors:
        print_problems(delivery.problems.errors, lang, ctx.err, limit=20)
        ctx.warn(t("errors", lang, n=len(delivery.problems.errors)))
        return True
    if delivery.stale:
        ctx.warn(t("stale", lang, cells=", ".join(str(s) for s in delivery.stale)))
        return True
    if not delivery.cards:
        ctx.warn(t("empty", lang))
        return True
    if args.test_to and not is_address(args.test_to):
        ctx.warn(t("bad_test_to", lang, to=args.test_to))
        return True
    return False


def _kinds(lang: str) -> dict[str, str]:
    from xlkpi.workbook.mail_layout import KIND_LABELS

    return {k: v(lang) for k, v in KIND_LABELS.items()}


def _list_items(items: list, mode: str, ctx: Context, lang: str) -> None:
    """Warn about each message that cannot be made; in a dry run, list the others."""
    kind = _kinds(lang)
    for item in items:
        if item.problem is not None:
            why = item.why(lang)
            ctx.warn(t("item_bad", lang, kind=kind[item.kind], id=item.id, name=item.name, why=why))
        elif mode == "dry_run":
            ctx.say(
                t(
                    "item",
                    lang,
                    kind=kind[item.kind],
                    id=item.id,
                    name=item.name,
                    address=item.address,
                    file=item.filename,
                )
            )


def _server(
    args: argparse.Namespace, path: Path, mode: str, ctx: Context, lang: str
) -> tuple[Any, Callable[[], Any] | None, float] | None:
    """(sender, connect, throttle) for `mode`; None (after saying why) when the mail server
    settings or the password are missing. A dry run needs no server: without settings its
    .eml files show a placeholder sender."""
    from xlkpi.delivery.compose import Sender
    from xlkpi.delivery.smtp import MailError, connect, get_password, load_settings

    config = Path(args.config) if args.config else None
    if mode == "dry_run":
        try:
            settings = load_settings(config, workbook=path)
        except MailError:
            return Sender("hr@example.com"), None, 0.0
        return Sender(settings.sender, settings.sender_name), None, 0.0
    try:
        settings = load_settings(config, workbook=path)
        password = get_password(settings)
    except MailError as exc:
        ctx.warn(exc.message(lang))
        return None
    throttle = settings.throttle if args.throttle is None else max(0.0, args.throttle)
    return (
        Sender(settings.sender, settings.sender_name),
        partial(connect, settings, password),
        throttle,
    )


def _report(
    outcome: Any, mode: str, args: argparse.Namespace, outbox: Path, ctx: Context, lang: str
) -> int:
    """What the run did: changed messages, those already sent, the totals of `mode`."""
    kind = _kinds(lang)
    for item in outcome.changed:
        ctx.warn(t("changed", lang, kind=kind[item.kind], id=item.id, name=item.name))
    if outcome.already:
        ctx.say(t("already", lang, n=len(outcome.already)))
    if mode == "dry_run":
        ctx.say(t("outbox", lang, n=len(outcome.eml), path=outbox))
    elif mode == "test":
        ctx.say(t("tested", lang, n=outcome.count("test"), to=args.test_to))
    else:
        ctx.say(
            t(
                "sent",
                lang,
                sent=outcome.count("sent"),
                failed=outcome.count("failed"),
                skipped=outcome.count("skipped"),
            )
        )
    if outcome.stopped:
        ctx.warn(t("stopped", lang, why=outcome.stopped))
    return EXIT_INPUT if outcome.stopped or outcome.count("failed") else EXIT_OK


def _pdfs(items: list, outbox: Path, ctx: Context, lang: str) -> None:
    from xlkpi.delivery.pdf import PdfUnavailable, to_pdf

    files = {i.filename: i.data for i in items if i.kind == "person"}
    try:
        made = to_pdf(files, outbox / "pdf")
    except PdfUnavailable as exc:
        ctx.warn(t("no_pdf", lang, why=exc))
        return
    ctx.say(t("pdf", lang, n=len(made), path=outbox / "pdf"))
