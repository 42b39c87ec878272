"""What to send to whom, and sending it: dry run to an outbox, test send, or the real send.

    plan(delivery)  -> [Item]   one per person (their scorecard), per manager (their team's
                                pack) and for the department head (everyone's pack)
    run(...)        -> RunReport

An Item that cannot go (no or a malformed address, no password while encryption is on) is
logged as not sent with the reason and its cell; the others go on. Sending logs in first
(a refused login sends nothing), skips what the Send log shows as sent (unless resend),
records each result in the journal before the next message, and writes the Send log at
the end, also when interrupted.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from xlkpi.core.problems import Source
from xlkpi.delivery.cards import Card, Delivery
from xlkpi.delivery.compose import Sender, build_message, fill
from xlkpi.delivery.encrypt import encrypt_workbook
from xlkpi.delivery.packs import managers, pack_bytes, team_of
from xlkpi.delivery.scorecard import scorecard_bytes
from xlkpi.delivery.sendlog import Journal, LogRecord, SendLog
from xlkpi.delivery.smtp import Connection, MailError
from xlkpi.delivery.texts import CARD, PACK
from xlkpi.io.atomic import data_digest
from xlkpi.workbook.contacts import is_address
from xlkpi.workbook.mail_layout import KIND_LABELS

_UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]')


@dataclass
class Item:
    """One message to go: its recipient, its attachment and its words."""

    kind: str  # "person", "manager", "department"
    id: str  # the recipient's employee ID
    name: str
    address: str
    filename: str
    data: bytes  # the attachment before encryption
    hash: str  # of `data`: identifies what was sent
    subject: str
    body: str
    password: str = field(default="", repr=False)
    problem: tuple[str, str] | None = None  # (en, zh) why it cannot go
    where: Source = field(default_factory=Source)  # the cell to fix

    def attachment(self, encrypt: bool) -> bytes:
        """The attachment as sent: encrypted with the recipient's password when `encrypt`."""
        return encrypt_workbook(self.data, self.password) if encrypt else self.data

    @property
    def key(self) -> tuple[str, str]:
        """(kind, id): which message this is, as the Send log knows it."""
        return (self.kind, self.id)

    def why(self, lang: str) -> str:
        """Why it cannot go, in `lang`, with the cell to fix ("" when it can go)."""
        if self.problem is None:
            return ""
        where = f" ({self.where})" if self.where.sheet else ""
        return (self.problem[1] if lang == "zh" else self.problem[0]) + where


def _digest(data: bytes) -> str:
    return data_digest(data)[:16]


def _file(text: str) -> str:
    return _UNSAFE.sub("-", text).strip() + ".xlsx"


def _values(card: Card | None, lang: str, **more: str) -> dict[str, str]:
    v: dict[str, str] = dict(more)
    if card is not None:
        v.update(
            id=card.id,
            name=card.name,
            period=card.period,
            position=card.position,
            department=card.department,
            team=card.team,
            total="" if card.total is None else f"{card.total:.2f}",
            grade=card.grade,
            rank="" if card.rank is None else f"{card.rank}/{card.rank_size}",
            manager=card.reviewer,
            appeal_deadline=_date(card.appeal_deadline, lang),
        )
    return v


def _date(d: dt.date, lang: str) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.strftime("%d %B %Y")


def plan(
    delivery: Delivery, *, kinds: tuple[str, ...] = ("person", "manager", "department")
) -> list[Item]:
    """Every message of the batch, in roster order: people, then managers, then the
    department head."""
    lang, mail, contacts = delivery.lang, delivery.mail, delivery.contacts
    t = mail.templates
    items: list[Item] = []

    def add(kind: str, eid: str, name: str, filename: str, data: bytes, values: dict[str, str]):
        c = contacts.get(eid)
        address = c.email if c is not None else ""
        values = {**values, "file": filename}
        item = Item(
            kind,
            eid,
            name,
            address,
            filename,
            data,
            _digest(data),
            fill(t[f"{kind}_subject"], values),
            fill(t[f"{kind}_body"], values),
            password=c.password if c is not None else "",
            where=c.email_source if c is not None else Source(),
        )
        if not address:
            item.problem = ("no e-mail address", "未填写电子邮箱")
        elif not is_address(address):
            item.problem = (
                f"'{address}' is not an e-mail address",
                f"“{address}”不是有效的电子邮箱",
            )
        elif mail.encrypt and not item.password:
            item.problem = (
                "no File password while attachments are encrypted",
                "附件需加密，但未填写附件密码",
            )
            item.where = c.password_source if c is not None else Source()
        items.append(item)

    cards = delivery.cards
    if "person" in kinds:
        for eid, card in cards.items():
            name = f"{card.period} {CARD['title'](lang)} {card.id} {card.name}"
            add("person", eid, card.name, _file(name), scorecard_bytes(card), _values(card, lang))
    if "manager" in kinds:
        for boss in managers(contacts):
            team = [cards[e] for e in team_of(boss, contacts) if e in cards]
            if not team:
                continue
            name = contacts[boss].name
            title = PACK["title_manager"](lang).format(period=delivery.period, name=name)
            data = pack_bytes(title, team, lang)
            boss_card = cards.get(boss)
            add(
                "manager",
                boss,
                name,
                _file(f"{title}"),
                data,
                _values(
                    boss_card, lang, name=name, team_size=str(len(team)), period=delivery.period
                ),
            )
    head = mail.department_head
    if "department" in kinds and head and cards:
        name = contacts[head].name if head in contacts else head
        title = PACK["title_department"](lang).format(period=delivery.period)
        data = pack_bytes(title, list(cards.values()), lang, department=True)
        add(
            "department",
            head,
            name,
            _file(title),
            data,
            _values(
                cards.get(head), lang, name=name, team_size=str(len(cards)), period=delivery.period
            ),
        )
        if head not in contacts:
            items[-1].problem = (
                f"the department head '{head}' is not an employee ID on the roster",
                f"部门汇总收件人“{head}”不是人员表中的工号",
            )
            items[-1].where = mail.sources.get("department_head", Source())
    return items


@dataclass
class Outcome:
    """One run's results: a record per item tried or skipped, and the messages' files."""

    mode: str
    records: list[LogRecord] = field(default_factory=list)
    already: list[Item] = field(default_factory=list)  # sent before: not sent again
    changed: list[Item] = field(default_factory=list)  # sent before, now different
    stopped: str = ""  # why the run stopped early (the connection was lost)
    eml: list[Path] = field(default_factory=list)

    def keep(self, rec: LogRecord, journal: Journal) -> None:
        """Journal `rec` (flushed to disk before the next message goes), then keep it."""
        journal.add(rec)
        self.records.append(rec)

    def count(self, status: str) -> int:
        """How many records of the run have `status`."""
        return sum(1 for r in self.records if r.status == status)


def message_id(item: Item, sender: str) -> str:
    """A Message-ID that names the message and the hash of its attachment."""
    domain = sender.rpartition("@")[2] or "xlkpi.invalid"
    who = re.sub(r"[^A-Za-z0-9._-]", "_", item.id) or "x"
    return f"<xlkpi.{item.kind}.{who}.{item.hash}@{domain}>"


def _record(
    item: Item,
    status: str,
    msg_id: str,
    note: str,
    now: Callable[[], dt.datetime],
    address: str = "",
) -> LogRecord:
    return LogRecord(
        now().strftime("%Y-%m-%d %H:%M:%S"),
        item.kind,
        item.id,
        item.name,
        address or item.address,
        item.filename,
        item.hash,
        msg_id,
        status,
        note,
    )


def run(
    items: list[Item],
    *,
    mode: str,
    log: SendLog,
    journal: Journal,
    outbox: Path,
    sender: Sender,
    encrypt: bool,
    lang: str,
    connect: Callable[[], Connection] | None = None,
    test_to: str = "",
    resend: bool = False,
    throttle: float = 0.0,
    now: Callable[[], dt.datetime] = dt.datetime.now,
    sleep: Callable[[float], None] = time.sleep,
    say: Callable[[str], None] = lambda s: None,
) -> Outcome:
    """Dry run ("dry_run": .eml files in `outbox`), "test" (everything to `test_to`) or
    "send". Returns what happened; the caller writes `outcome.records` to the Send log."""
    out = Outcome(mode)
    sent = log.latest(("sent",))
    todo: list[Item] = []
    for item in items:
        before = sent.get(item.key)
        if mode == "send" and before is not None and not resend:
            (out.already if before.hash == item.hash else out.changed).append(item)
            continue
        if item.problem is not None:
            rec = _record(item, "skipped", "", item.why(lang), now)
            out.keep(rec, journal)
            continue
        todo.append(item)

    def compose(item: Item, to: str, subject: str) -> tuple[str, EmailMessage]:
        msg_id = message_id(item, sender.address)
        attachment = item.attachment(encrypt)
        return msg_id, build_message(
            sender, item.name, to, subject, item.body, item.filename, attachment, msg_id, now()
        )

    if mode == "dry_run":
        outbox.mkdir(parents=True, exist_ok=True)
        for item in todo:
            msg_id, msg = compose(item, item.address, item.subject)
            path = (
                outbox
                / f"{KIND_LABELS[item.kind]('en').replace(' ', '-').lower()}-{_UNSAFE.sub('-', item.id)}.eml"
            )
            path.write_bytes(msg.as_bytes())
            out.eml.append(path)
            rec = _record(item, "dry_run", msg_id, path.name, now)
            out.keep(rec, journal)
        return out
    assert connect is not None
    if not todo:
        return out
    conn = connect()  # logs in first: a refused login raises before anything is sent
    try:
        for i, item in enumerate(todo):
            if i and throttle:
                sleep(throttle)
            to = test_to if mode == "test" else item.address
            subject = (
                (("[测试] " if lang == "zh" else "[TEST] ") + item.subject)
                if mode == "test"
                else item.subject
            )
            msg_id, msg = compose(item, to, subject)
            status = "test" if mode == "test" else "sent"
            try:
                lost = _send_one(conn, msg)
            except smtplib.SMTPException as exc:  # this recipient or message was refused
                rec = _record(item, "failed", msg_id, _reason(exc), now, to)
                out.keep(rec, journal)
                say(f"✗ {item.id} {item.name} <{to}>: {_reason(exc)}")
                continue
            if lost is not None:
                rec = _record(item, "failed", msg_id, _reason(lost), now, to)
                out.keep(rec, journal)
                out.stopped = _reason(lost)
                break
            rec = _record(item, status, msg_id, "", now, to)
            out.keep(rec, journal)
            say(f"✓ {KIND_LABELS[item.kind](lang)} {item.id} {item.name} <{to}>")
    finally:
        conn.close()
    return out


def _send_one(conn: Connection, msg: EmailMessage) -> BaseException | None:
    """Send `msg`; when the connection is lost, connect once more and retry. Returns the
    loss when the retry fails too (the batch stops there); raises SMTPException when the
    server refuses the message or its recipient (that one fails, the rest go on)."""
    try:
        conn.send(msg)
        return None
    except smtplib.SMTPServerDisconnected as exc:
        lost: BaseException = exc
    except smtplib.SMTPException:
        raise
    except OSError as exc:  # SMTPException is an OSError too: it is caught above
        lost = exc
    try:
        conn.close()
        conn.open()
        conn.send(msg)
        return None
    except (OSError, MailError) as exc:
        return exc if str(exc) else lost


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        err = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"{exc.smtp_code} {err}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{a}: {c} {m.decode('utf-8', 'replace')}" for a, (c, m) in exc.recipients.items()
        )
    return f"{type(exc).__name__}: {exc}"
