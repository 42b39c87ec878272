"""The Send button in desktop Excel: `xlkpi send` on the open workbook, with message boxes.

The workbook is read and the Send log written through the live book (`excel.XlwingsBook`),
so the file Excel holds open is never written behind its back. The first click is a dry
run into the outbox folder beside the workbook; later clicks ask before sending. There is
no terminal to type a password in: it comes from XLKPI_SMTP_PASSWORD.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from xlkpi import words
from xlkpi.delivery import batch
from xlkpi.delivery.cards import load
from xlkpi.delivery.compose import Sender, check_templates
from xlkpi.delivery.sendlog import Journal, read_log, settle, write_log
from xlkpi.delivery.smtp import MailError, connect, load_settings

TITLE = "xlkpi"

TEXT = words.table("delivery", "button")


def send_from_book(
    book: Any, *, environ: Mapping[str, str] | None = None, wrap: Any = None
) -> batch.Outcome | None:
    """Run the Send button on an xlwings Book.

    Args:
        book: the calling xlwings Book (saved, so it has a folder for the outbox).
        environ: the environment (default os.environ), for the password.
        wrap: turns the xlwings Book into a BookReader/BookWriter (default XlwingsBook).
    """
    import os

    if wrap is None:
        from xlkpi.excel.book import XlwingsBook as wrap
    env = os.environ if environ is None else environ
    xbook = wrap(book)
    delivery = load(xbook)
    lang = delivery.lang

    def alert(key: str, mode: str = "info", buttons: str = "ok", **values: Any) -> Any:
        return book.app.alert(
            TEXT[key](lang).format(**values), title=TITLE, buttons=buttons, mode=mode
        )

    full = Path(str(book.fullname))
    if not full.is_absolute() or not full.parent.is_dir():
        alert("unsaved", "critical")
        return None
    check_templates(delivery.mail.templates, delivery.mail.sources, delivery.problems)
    if not delivery.ready:
        alert("errors", "critical")
        return None
    outbox = full.parent / f"{full.stem}-outbox"
    journal = Journal(outbox)
    log = read_log(xbook)
    items = batch.plan(delivery)
    run = partial(
        batch.run, log=log, journal=journal, outbox=outbox, encrypt=delivery.mail.encrypt, lang=lang
    )
    if not log.records:
        try:
            settings = load_settings(workbook=full, environ=env)
            sender = Sender(settings.sender, settings.sender_name)
        except MailError:
            sender = Sender("hr@example.com")
        outcome = run(items, mode="dry_run", sender=sender)
        write_log(xbook, log, journal.pending(), lang)
        journal.clear()
        alert("dry", n=len(outcome.eml), path=outbox)
        return outcome
    try:
        settings = load_settings(workbook=full, environ=env)
    except MailError as exc:
        book.app.alert(exc.message(lang), title=TITLE, buttons="ok", mode="critical")
        return None
    password = env.get("XLKPI_SMTP_PASSWORD", "")
    if not password:
        alert("password", "critical")
        return None
    sent_before = log.latest(("sent",))
    n = sum(1 for i in items if i.key not in sent_before and i.problem is None)
    if not n:
        alert("nothing")
        return None
    answer = alert("confirm", buttons="yes_no", host=settings.host, sender=settings.sender, n=n)
    if str(answer).lower() != "yes":
        return None
    try:
        outcome = run(
            items,
            mode="send",
            sender=Sender(settings.sender, settings.sender_name),
            connect=partial(connect, settings, password),
            throttle=settings.throttle,
        )
    except MailError as exc:
        book.app.alert(exc.message(lang), title=TITLE, buttons="ok", mode="critical")
        return None
    finally:
        settle(xbook, journal, lang)
    alert(
        "done",
        "critical" if outcome.count("failed") or outcome.stopped else "info",
        sent=outcome.count("sent"),
        failed=outcome.count("failed"),
        skipped=outcome.count("skipped"),
    )
    return outcome
