"""Reading the Mail sheet (label | value | note rows, `workbook.mail_layout`).

A workbook without a Mail sheet sends with the default templates in its language.
Bad values are errors naming their cell, so nothing is sent on a misread setting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.label import Label
from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import BookReader, a1
from xlkpi.workbook import layout
from xlkpi.workbook.contract.reader import ContractReader
from xlkpi.workbook.mail_layout import MAIL_SETTINGS

TEMPLATE_KEYS = tuple(s.key for s in MAIL_SETTINGS if s.key.endswith(("_subject", "_body")))


@dataclass
class MailSettings:
    """The Mail sheet's values (defaults where it is missing or a cell is empty)."""

    templates: dict[str, str]
    sources: dict[str, Source] = field(default_factory=dict)  # setting key -> its cell
    department_head: str = ""
    encrypt: bool = False
    appeal_days: int = 2
    published: dt.date | None = None


def _default(key: str, lang: str) -> Any:
    value = next(s for s in MAIL_SETTINGS if s.key == key).default
    return value(lang) if isinstance(value, Label) else value


def read_mail_settings(book: BookReader, lang: str, problems: Problems) -> MailSettings:
    """The Mail sheet's settings, or the defaults in `lang` without one.

    Args:
        book: the workbook.
        lang: the workbook's language (for the default templates).
        problems: bad values go here as errors naming their cells.
    """
    values: dict[str, tuple[Any, Source]] = {}
    contract = ContractReader(book)
    sheet = contract.sheet("mail")
    if sheet is not None:
        for setting, cell in contract.settings(MAIL_SETTINGS, sheet):
            values.setdefault(setting.key, (cell.raw, Source(sheet, a1(cell.row, cell.col))))
    out = MailSettings({k: _default(k, lang) for k in TEMPLATE_KEYS})
    for key, (value, src) in values.items():
        out.sources[key] = src
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key in TEMPLATE_KEYS:
            out.templates[key] = str(value).replace("\r\n", "\n")
        elif key == "department_head":
            out.department_head = _id_text(value)
        elif key == "encrypt":
            choice = layout.choice_key("yes_no", value)
            if choice is None:
                problems.error(
                    "mail.encrypt",
                    f"'{value}' is not Yes or No",
                    f"“{value}”不是“是”或“否”",
                    src,
                )
            out.encrypt = choice == "yes"
        elif key == "appeal_days":
            days = _integer(value)
            if days is None or not 0 <= days <= 30:
                problems.error(
                    "mail.appeal_days",
                    f"The appeal window '{value}' is not a number of working days (0 to 30)",
                    f"申诉期限“{value}”不是工作日天数（0至30）",
                    src,
                )
            else:
                out.appeal_days = days
        elif key == "published":
            day = _date(value)
            if day is None:
                problems.error(
                    "mail.published",
                    f"'{value}' is not a date (e.g. 2026-04-03)",
                    f"“{value}”不是日期（如 2026-04-03）",
                    src,
                )
            out.published = day
    return out


def _id_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _integer(v: Any) -> int | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return int(f) if f.is_integer() else None


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    text = str(v).strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
