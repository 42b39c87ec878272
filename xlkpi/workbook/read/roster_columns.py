"""The Roster read a column at a time, when no cell of it needs a message.

A roster has a row per person, and most of its columns repeat a few values (positions,
departments, teams, bases): each distinct value is parsed once and the columns are mapped
through those values (C-level), instead of a dozen calls per person. This path is taken
only when nothing on the roster would be reported (every ID a distinct text, every name
filled in, every position known, every base a valid amount, no Excel error text): then no
problem's order can differ from the row-by-row reading in `people.read_roster`, which reads
every other roster (and reports what it finds, row by row).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from decimal import Decimal
from itertools import repeat
from operator import itemgetter
from typing import Any

from xlkpi.core.model import Employee
from xlkpi.core.problems import cell_source
from xlkpi.io.cells import LETTERS
from xlkpi.workbook.contacts import ContactReader
from xlkpi.workbook.contract.find import FoundTable
from xlkpi.workbook.read.positions import Positions
from xlkpi.workbook.values import ValueIssue, distinct_keys, parse_key, parse_money

_NONE = type(None)


def clean_roster(
    found: FoundTable, positions: Positions
) -> tuple[list[Employee], ContactReader] | None:
    """The employees and contacts of a roster none of whose cells needs a message, in row
    order (what `read_roster` reads from it); None for any other roster."""
    cols = found.columns
    if "id" not in cols or "position" not in cols:
        return None
    body = found.grid[found.header_row + 1 : found.end_row]
    if not body or min(map(len, body)) <= max(cols.values()):  # (rows not padded: rare)
        return None

    def column(key: str) -> list[Any]:
        return list(map(itemgetter(cols[key]), body)) if key in cols else [None] * len(body)

    raw_ids = column("id")
    ids = distinct_keys(raw_ids)
    if ids is None:
        return None  # (a blank, doubled or unreadable ID is reported where it is)
    names = _texts(column("name"))
    if names is None or ("name" in cols and not all(names)):
        return None  # (a required name left empty)
    raw_positions = column("position")
    codes = _each_distinct(raw_positions, lambda raw: _position(positions, raw))
    departments, teams = _texts(column("department")), _texts(column("team"))
    raw_bases = column("bonus_base")
    kinds = set(map(type, raw_bases))
    # (not bools, Decimals: equal to numbers as keys, read apart; nor zeros beside floats:
    # 0.0, -0.0 and 0 are equal keys but not equal amounts)
    plain = kinds <= {int, float, str, _NONE} and (float not in kinds or 0 not in raw_bases)
    bases = _each_distinct(raw_bases, _base) if plain else None
    if codes is None or departments is None or teams is None or bases is None:
        return None
    first = found.header_row + 1
    numbers = map(str, range(first + 1, first + 1 + len(body)))  # (1-based rows)
    sources = map(cell_source, repeat(found.sheet), map(LETTERS[cols["id"]].__add__, numbers))
    groups = map(positions.groups.get, codes, repeat(""))
    employees = list(map(Employee, ids, names, codes, departments, teams, bases, sources, groups))
    contacts = ContactReader(found.sheet, cols)
    contacts.add_rows(
        range(first, first + len(body)),
        list(map(str.strip, raw_ids)),
        names,
        *map(column, ("email", "manager", "password")),
    )
    return employees, contacts


def _texts(raw: list[Any]) -> list[str] | None:
    """Each text cell as `text_cell` reads it (stripped, "" for blank), when all are text
    or blank and none holds an Excel error; one strip per distinct text."""
    kinds = set(map(type, raw))
    if kinds == {str}:  # (names: mostly distinct)
        return None if "#" in "\0".join(raw) else list(map(str.strip, raw))
    if not kinds <= {str, _NONE}:
        return None
    distinct = dict.fromkeys(raw)
    distinct.pop(None, None)
    if "#" in "\0".join(distinct):
        return None
    text = {t: t.strip() for t in distinct}
    text[None] = ""
    return list(map(text.__getitem__, raw))


#: what a cell read by `_each_distinct` gives when it would be reported
_REPORTED: Any = object()


def _each_distinct(raw: list[Hashable], read: Callable[[Any], Any]) -> list[Any] | None:
    """`read` of each value, called once per distinct value; None as soon as one would
    be reported."""
    done = {}
    for value in dict.fromkeys(raw):
        done[value] = read(value)
        if done[value] is _REPORTED:
            return None
    return list(map(done.__getitem__, raw))


def _position(positions: Positions, raw: Any) -> str:
    """The code of the position a cell names (`position_ref`)."""
    if raw.__class__ is not str or "#" in raw:
        return _REPORTED
    text = parse_key(raw)
    code = positions.resolve(text) if text else None
    return _REPORTED if code is None else code


def _base(raw: Any) -> Decimal | None:
    """A bonus base cell as `CellParser.parse` reads it (MONEY): each equal number as the
    first, as `read_roster` keeps them."""
    if raw is None:
        return None
    try:
        return parse_money(raw)
    except ValueIssue:
        return _REPORTED
