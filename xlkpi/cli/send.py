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

from xlkpi.core.label import Label

from .common import EXIT_INPUT, EXIT_OK, Context, open_book
from .messages import print_problems
from .parsers import add_workbook, command

L = Label

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

TEXT: dict[str, Label] = {
    "errors": L(
        "工作簿有 {n} 个错误，不能发送；请修正后重新计算。",
        "The workbook has {n} errors, so nothing is sent; fix them and calculate again.",
    ),
    "stale": L(
        "计算结果不是最新（{cells} 与重新计算的结果不同）：请先点“计算”或运行 xlkpi calculate，再发送。",
        "The results are not current ({cells} differ from a fresh calculation): click "
        "Calculate or run xlkpi calculate first, then send.",
    ),
    "empty": L("没有可发送的结果。", "There are no results to send."),
    "first": L(
        "首次运行为试运行：不发送任何邮件。确认无误后再次运行同一命令即正式发送。",
        "First run, so this is a dry run: nothing is sent. Run the same command again to send.",
    ),
    "item": L(
        "{kind} {id} {name} <{address}> 附件 {file}", "{kind} {id} {name} <{address}> file {file}"
    ),
    "item_bad": L("✗ {kind} {id} {name}：{why}", "✗ {kind} {id} {name}: {why}"),
    "outbox": L(
        "已写入 {n} 封邮件到发件箱 {path}（.eml 文件可用 Outlook 等邮件程序打开并发送）。",
        "{n} messages written to the outbox {path} (open the .eml files in Outlook or any "
        "mail client to check or send them).",
    ),
    "already": L(
        "{n} 封此前已发送，本次不再发送（--resend 可重发）。",
        "{n} sent before and not sent again (--resend sends them again).",
    ),
    "changed": L(
        "✗ {kind} {id} {name}：结果在发送后有变化，未重发；确认后用 --resend 发送新版本。",
        "✗ {kind} {id} {name}: the results changed after they were sent; not sent again. "
        "Use --resend to send the new version.",
    ),
    "sent": L(
        "已发送 {sent} 封，失败 {failed} 封，未发送 {skipped} 封。",
        "{sent} sent, {failed} failed, {skipped} not sent.",
    ),
    "tested": L("测试发送 {n} 封到 {to}。", "{n} test messages sent to {to}."),
    "stopped": L(
        "连接中断（{why}），其余邮件未发送：再次运行同一命令即可继续，已发送的不会重复。",
        "The connection was lost ({why}); the rest were not sent. Run the same command "
        "again to finish: nothing sent is sent twice.",
    ),
    "log": L("发送记录已写入“{sheet}”表。", "The Send log sheet '{sheet}' is updated."),
    "pdf": L("已生成 {n} 个 PDF：{path}", "{n} PDFs written to {path}"),
    "no_pdf": L(
        "未生成 PDF：{why}。请安装 LibreOffice，或在 Excel 中打开成绩单打印。",
        "No PDFs were made: {why}. Install LibreOffice, or open the scorecards in Excel to print.",
    ),
    "bad_test_to": L("--test-to 的地址无效：{to}", "--test-to is not an e-mail address: {to}"),
}


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
