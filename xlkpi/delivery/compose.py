"""From the Mail sheet's templates to e-mail messages.

Placeholders are written in braces, by key or by their Chinese or English name
(`{name}`, `{姓名}`); an unknown one is an error naming its Mail-sheet cell, found before
anything is sent. A message carries one attachment and never a password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from xlkpi.core.problems import Problems, Source
from xlkpi.workbook.layout import normalise_label
from xlkpi.workbook.mail_layout import PLACEHOLDERS

_FIELD = re.compile(r"[{｛]([^{}｛｝]{1,40})[}｝]")
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _placeholder_key(text: str) -> str | None:
    norm = normalise_label(text)
    for key, label in PLACEHOLDERS.items():
        if norm in (normalise_label(key), normalise_label(label.zh), normalise_label(label.en)):
            return key
    return None


def check_templates(
    templates: dict[str, str], sources: dict[str, Source], problems: Problems
) -> None:
    """Report every unknown placeholder, naming the template's cell."""
    for key, text in templates.items():
        for m in _FIELD.finditer(text):
            if _placeholder_key(m.group(1)) is None:
                en = " ".join("{" + label.en + "}" for label in PLACEHOLDERS.values())
                zh = " ".join("{" + label.zh + "}" for label in PLACEHOLDERS.values())
                problems.error(
                    "mail.placeholder",
                    f"The placeholder {m.group(0)} is unknown; use one of {en}",
                    f"占位符{m.group(0)}无法识别；可用：{zh}",
                    sources.get(key, Source()),
                )


def fill(template: str, values: dict[str, str]) -> str:
    """The template with every known placeholder replaced (unknown ones are kept)."""

    def sub(m: re.Match[str]) -> str:
        key = _placeholder_key(m.group(1))
        return values.get(key, m.group(0)) if key else m.group(0)

    return _FIELD.sub(sub, template)


@dataclass(frozen=True)
class Sender:
    """The From of every message: an address and a display name."""

    address: str
    name: str = ""


def build_message(
    sender: Sender,
    to_name: str,
    to_address: str,
    subject: str,
    body: str,
    filename: str,
    attachment: bytes,
    message_id: str,
    when: object,
) -> EmailMessage:
    """One message with one .xlsx attachment.

    Args:
        sender: the From address (and display name).
        to_name, to_address: the recipient.
        subject, body: filled templates.
        filename: the attachment's name.
        attachment: its bytes (encrypted or not).
        message_id: a Message-ID ("<...@...>"): stable for the same file and person, so
            a mail client or server can tell a repeat.
        when: a datetime for the Date header.
    """
    msg = EmailMessage()
    msg["From"] = formataddr((sender.name, sender.address)) if sender.name else sender.address
    msg["To"] = formataddr((to_name, to_address)) if to_name else to_address
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)  # type: ignore[arg-type]
    msg["Message-ID"] = message_id
    msg.set_content(body)
    msg.add_attachment(attachment, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=filename)
    return msg
