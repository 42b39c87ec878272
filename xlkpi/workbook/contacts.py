"""The roster's delivery columns: each person's e-mail address, manager and file password.

`read_contacts(sheet, place, grid)` reads them for `xlkpi send`; `check_contacts` reports
missing or malformed addresses and unknown managers as warnings naming their cells, so
Calculate lists them on the Issues sheet long before anything is sent. Passwords are read
only for encrypting attachments: nothing here ever reports or prints one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import LETTERS
from xlkpi.workbook import layout
from xlkpi.workbook.contract.reader import ContractReader

#: one address per cell: local@domain.tld, no spaces, commas, semicolons or brackets
_ADDRESS = re.compile(r"^[^@\s,;<>()\[\]\"']+@[^@\s,;<>()\[\]\"']+\.[^@\s,;<>()\[\]\"'.]+$")


def clean_address(raw: object) -> str:
    """The address as written, trimmed, full-width characters (＠．) made half-width."""
    if raw is None:
        return ""
    text = str(raw)
    if text.isascii():  # nearly always, and NFKC leaves ASCII as it is
        return text.strip()
    return unicodedata.normalize("NFKC", text).strip()


def is_address(text: str) -> bool:
    """True for one plausible e-mail address (name@example.com)."""
    return bool(_ADDRESS.match(text)) and ".." not in text


@dataclass(frozen=True)
class RosterCells:
    """Where a roster's delivery columns are: its sheet and their column letters."""

    sheet: str = ""
    letters: tuple[tuple[str, str], ...] = ()  # (column key, letter), for the keys it has

    def source(self, key: str, row: int | None) -> Source:
        """The cell of column `key` in `row` (0-based); the sheet alone without one."""
        for k, letter in self.letters:
            if k == key and row is not None:
                return Source(self.sheet, f"{letter}{row + 1}")
        return Source(self.sheet) if self.sheet else Source()


@dataclass(frozen=True)
class Contact:
    """One roster row's delivery columns (empty strings when blank).

    Its cells are named only when a message needs one (`email_source`, ...): a roster is
    read on every Calculate, and nearly every address is fine."""

    id: str
    name: str
    email: str
    manager: str  # the manager's employee ID, resolved from an ID or a unique name
    password: str = field(repr=False)  # never shown: repr hides it
    cells: RosterCells = field(default_factory=RosterCells, repr=False)
    row: int | None = None  # 0-based row on the roster

    @property
    def address_ok(self) -> bool:
        """Whether the e-mail cell holds one plausible address."""
        return is_address(self.email)

    @property
    def email_source(self) -> Source:
        """The e-mail address's cell."""
        return self.cells.source("email", self.row)

    @property
    def manager_source(self) -> Source:
        """The manager's cell."""
        return self.cells.source("manager", self.row)

    @property
    def password_source(self) -> Source:
        """The file password's cell."""
        return self.cells.source("password", self.row)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def read_contacts(
    sheet: str, header_row: int, columns: dict[str, int], grid: list[list[Any]]
) -> dict[str, Contact]:
    """Employee ID -> Contact for every roster row with an ID (the first row of an ID wins).

    Args:
        sheet: the roster sheet's name (for the cells named in sources).
        header_row: its header row (0-based).
        columns: column key -> column index (`layout.map_columns`).
        grid: the sheet's values.
    """
    c_id = columns.get("id")
    if c_id is None:
        return {}
    # Only the columns a Contact holds are converted (a roster has more), and each
    # column's letter is looked up once: this runs over every row of every Calculate.
    used = [(k, columns[k]) for k in _CONTACT_COLUMNS if k in columns]
    rows: list[tuple[int, dict[str, str]]] = []
    for r in range(header_row + 1, len(grid)):
        row = grid[r]
        n = len(row)
        if c_id >= n or not _text(row[c_id]):
            continue
        rows.append((r, {k: _text(row[c]) if c < n else "" for k, c in used}))
    ids = {rec["id"] for _, rec in rows}
    by_name: dict[str, list[str]] = {}
    for _, rec in rows:
        by_name.setdefault(rec.get("name", ""), []).append(rec["id"])
    cells = RosterCells(sheet, tuple((k, LETTERS[columns[k]]) for k in _SOURCED if k in columns))
    out: dict[str, Contact] = {}
    for r, rec in rows:
        if rec["id"] in out:
            continue  # the first row of an ID wins
        manager = rec.get("manager", "")
        if manager and manager not in ids and len(by_name.get(manager, [])) == 1:
            manager = by_name[manager][0]
        out[rec["id"]] = Contact(
            rec["id"],
            rec.get("name", ""),
            clean_address(rec.get("email")),
            manager,
            rec.get("password", ""),
            cells,
            r,
        )
    return out


#: the roster columns a Contact is made of, and those whose cells its sources name
_CONTACT_COLUMNS = ("id", "name", "email", "manager", "password")
_SOURCED = ("email", "manager", "password")


def roster_contacts(book: Any) -> dict[str, Contact]:
    """The contacts of a workbook's roster (empty when it has no roster table)."""
    found = ContractReader(book).table(layout.TABLES["roster"])
    if found is None:
        return {}
    return read_contacts(found.sheet, found.header_row, found.columns, found.grid)


def check_contacts(contacts: dict[str, Contact], problems: Problems) -> None:
    """Warn about malformed addresses, missing ones (once any address is filled in: a
    roster that never sends mail has none), and managers who are not on the roster."""
    any_address = any(c.email for c in contacts.values())
    for c in contacts.values():
        known_manager = not c.manager or (c.manager in contacts and c.manager != c.id)
        if known_manager and c.email and c.address_ok:
            continue  # nothing to say (nearly everyone): no message worded
        who_en = f"{c.id} {c.name}".strip()
        if c.email and not c.address_ok:
            problems.warning(
                "contacts.email_malformed",
                f"{who_en}: '{c.email}' is not an e-mail address (one address per cell, "
                "like name@example.com); results cannot be sent to it",
                f"{who_en}：“{c.email}”不是有效的电子邮箱（每格一个地址，如 name@example.com），"
                "无法发送结果",
                c.email_source,
            )
        elif not c.email and any_address:
            problems.warning(
                "contacts.email_missing",
                f"{who_en} has no e-mail address; their results cannot be sent",
                f"{who_en}没有填写电子邮箱，无法发送其结果",
                c.email_source,
            )
        if c.manager and (c.manager not in contacts or c.manager == c.id):
            problems.warning(
                "contacts.manager_unknown",
                f"{who_en}: the manager '{c.manager}' is not another employee ID on the "
                "roster; their team pack leaves this person out",
                f"{who_en}：直属上级“{c.manager}”不是人员表中其他人的工号，团队汇总不含此人",
                c.manager_source,
            )
