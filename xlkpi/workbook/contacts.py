"""The roster's delivery columns: each person's e-mail address, manager and file password.

`read_contacts` reads them for `xlkpi send`, `ContactReader` row by row as Calculate walks
the roster; `check_contacts` reports missing or malformed addresses and unknown managers as
warnings naming their cells, so Calculate lists them on the Issues sheet long before
anything is sent. Passwords are read only for encrypting attachments: nothing here ever
reports or prints one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import is_not
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import LETTERS
from xlkpi.workbook import layout
from xlkpi.workbook.contract.reader import ContractReader

#: the raw e-mail, manager and password cells of rows given a column at a time
Columns = tuple[Sequence[Any], Sequence[Any], Sequence[Any]]

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
    if v.__class__ is str:  # nearly every filled cell
        return v.strip()
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _email(raw: Any) -> str:
    """An e-mail cell's address (`clean_address`); "" when blank (most rosters)."""
    text = _text(raw)
    return clean_address(text) if text else ""


#: the roster columns a Contact is made of, and those whose cells its sources name
_CONTACT_COLUMNS = ("id", "name", "email", "manager", "password")
_SOURCED = ("email", "manager", "password")


class ContactReader:
    """Contacts gathered row by row, so that Calculate reads them in its one walk over the
    roster (`read.people.read_roster`): `add` every row, then take `contacts()` (or only
    `check` them, as Calculate does)."""

    def __init__(self, sheet: str, columns: Mapping[str, int]) -> None:
        """`columns`: column key -> column index (`layout.map_columns`)."""
        self._cells = RosterCells(
            sheet, tuple((k, LETTERS[columns[k]]) for k in _SOURCED if k in columns)
        )
        #: employee ID -> its first row: (row, name, raw e-mail, raw manager, raw password)
        self._first: dict[str, tuple[int, str, Any, Any, Any]] = {}
        #: name -> the ID of the one row so named; None once several rows are
        self._named: dict[str, str | None] = {}
        #: rows given a column at a time (`add_rows`), put into the two above when needed
        self._pending: list[tuple[Iterable[int], Sequence[str], Sequence[str], Columns]] = []
        #: whether a row added has an e-mail or manager cell (most rosters have none)
        self._given = False

    def add(self, row: int, values: Mapping[str, Any]) -> None:
        """One roster row (0-based), column key -> raw value; a row without an ID is none."""
        eid = _text(values.get("id"))
        if not eid:
            return
        if self._pending:
            self._settle()
        name = _text(values.get("name"))
        named = self._named
        named[name] = None if name in named else eid
        if eid not in self._first:  # the first row of an ID wins
            get = values.get
            email, manager = get("email"), get("manager")
            self._first[eid] = (row, name, email, manager, get("password"))
            self._given = self._given or email is not None or manager is not None

    def add_rows(
        self,
        rows: Iterable[int],
        ids: Sequence[str],
        names: Sequence[str],
        emails: Sequence[Any],
        managers: Sequence[Any],
        passwords: Sequence[Any],
    ) -> None:
        """Many rows at once, as `add` of each in turn, given a column at a time: their
        distinct, filled-in IDs and names as `add` reads them (stripped text), and their
        raw e-mail, manager and password cells. They are taken in (C-level, no call per
        row) only when contacts are asked for or checked with a cell to check."""
        self._pending.append((rows, ids, names, (emails, managers, passwords)))
        given = map(is_not, chain(emails, managers), repeat(None))
        self._given = self._given or any(given)

    def _settle(self) -> None:
        """Take in the rows `add_rows` was given, in turn."""
        for rows, ids, names, raw in self._pending:
            first = dict(zip(ids, zip(rows, names, *raw, strict=True), strict=True))
            named: dict[str, str | None] = dict(zip(names, ids, strict=True))
            if len(named) < len(names):  # a name on several rows names no one
                named.update(dict.fromkeys(n for n, k in Counter(names).items() if k > 1))
            if self._first:  # (rows added before: their IDs' first rows win, names count)
                for eid in first.keys() & self._first.keys():
                    del first[eid]
                named.update(dict.fromkeys(named.keys() & self._named.keys()))
            self._first.update(first)
            self._named.update(named)
        self._pending.clear()

    def _manager(self, raw: Any) -> str:
        """A manager cell's employee ID: as written when it is one (or blank), else the ID
        of the one row so named. Resolved only once every row is added: a manager is often
        listed below their people."""
        manager = _text(raw)
        if manager and manager not in self._first:
            return self._named.get(manager) or manager
        return manager

    def contacts(self) -> dict[str, Contact]:
        """Employee ID -> Contact for every row added with an ID (the first row of an ID)."""
        self._settle()
        return {
            eid: Contact(
                eid, name, _email(email), self._manager(manager), _text(password), self._cells, row
            )
            for eid, (row, name, email, manager, password) in self._first.items()
        }

    def check(self, problems: Problems) -> None:
        """`check_contacts` of `contacts()`, making a Contact only for the rows it warns
        about: nearly none, and the roster is read on every Calculate."""
        if not self._given:  # (no address anywhere, no manager: nothing to say of anyone)
            return
        self._settle()
        firsts = self._first
        emails = {eid: _email(first[2]) for eid, first in firsts.items() if first[2] is not None}
        any_address = any(emails.values())
        for eid, (row, name, email_cell, manager_cell, password) in firsts.items():
            if email_cell is None and manager_cell is None and not any_address:
                continue  # (what `_says_nothing` says of blanks: most rosters send no mail)
            email, manager = emails.get(eid, ""), self._manager(manager_cell)
            if not _says_nothing(eid, email, manager, firsts, any_address):
                c = Contact(eid, name, email, manager, _text(password), self._cells, row)
                _warn(c, firsts, any_address, problems)


def read_contacts(
    sheet: str, header_row: int, columns: Mapping[str, int], grid: list[list[Any]]
) -> dict[str, Contact]:
    """Employee ID -> Contact for every roster row with an ID (the first row of an ID wins).

    Args:
        sheet: the roster sheet's name (for the cells named in sources).
        header_row: its header row (0-based).
        columns: column key -> column index (`layout.map_columns`).
        grid: the sheet's values.
    """
    reader = ContactReader(sheet, columns)
    # only the columns a Contact holds (a roster has more)
    used = [(k, columns[k]) for k in _CONTACT_COLUMNS if k in columns]
    for r in range(header_row + 1, len(grid)):
        row = grid[r]
        n = len(row)
        reader.add(r, {k: row[c] for k, c in used if c < n})
    return reader.contacts()


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
        if not _says_nothing(c.id, c.email, c.manager, contacts, any_address):
            _warn(c, contacts, any_address, problems)


def _says_nothing(
    eid: str, email: str, manager: str, ids: Mapping[str, Any], any_address: bool
) -> bool:
    """Whether `check_contacts` has nothing to say of a contact (nearly everyone)."""
    known_manager = not manager or (manager in ids and manager != eid)
    return known_manager and (is_address(email) if email else not any_address)


def _warn(c: Contact, ids: Mapping[str, Any], any_address: bool, problems: Problems) -> None:
    """The warnings `check_contacts` gives about one contact; `ids`: the roster's IDs."""
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
    if c.manager and (c.manager not in ids or c.manager == c.id):
        problems.warning(
            "contacts.manager_unknown",
            f"{who_en}: the manager '{c.manager}' is not another employee ID on the "
            "roster; their team pack leaves this person out",
            f"{who_en}：直属上级“{c.manager}”不是人员表中其他人的工号，团队汇总不含此人",
            c.manager_source,
        )
