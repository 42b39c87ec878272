"""What each person keyed, put in the place of each indicator of their position: the
engine's first pass over the entries, before anyone is scored.

Entries come as a list (any caller) or as the columns a data sheet was read in
(`core.columns`). Columns are placed a column at a time against their sheet's ids, looked
up once for all of the sheet's columns, and make no Entry where none is kept: an actual its
memo scores is placed as its outcome, a person's rater scores as RaterCells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from xlkpi.core.columns import NOT_KEYED, EntryColumn, EntryColumns, RaterCells
from xlkpi.core.memo import ActualMemo, Outcome
from xlkpi.core.model import Employee, Entry
from xlkpi.core.problems import Problems, Source

_NOWHERE = Source()
_NONE: Mapping = MappingProxyType({})  # an empty mapping for lookups that find nothing

#: what one person keyed for each indicator of their position, in its order: the outcome
#: of an actual scored as it was placed (a tuple, see core.memo), an Entry, a list of them
#: (keyed twice), rater scores placed from columns (RaterCells), or None (nothing keyed)
Row = list[Outcome | Entry | list[Entry] | RaterCells | None]
#: an indicator's place in a row, and its actual memo (or None)
Place = tuple[int, ActualMemo | None]
#: a position's indicator codes -> their places
Places = Mapping[str, Place]
#: one employee's row and the places of their position
_Slot = tuple[Row, Places]


def place_entries(
    entries: Sequence[Entry],
    employees: Mapping[str, Employee],
    places: Mapping[str, Places],
    problems: Problems,
) -> dict[str, Row]:
    """Entries per employee id, one place per indicator of their position in its order
    (None where nothing is keyed), in input order: the Entry itself when it is the only
    one (nearly always: a list each was ~90 MB at 50,000 people), a list of them
    otherwise. Entries for unknown employees or codes are ERRORS.

    A single actual with a memo is scored here, as it is placed (`ActualMemo.outcome`,
    which reports nothing): readers give entries a column at a time, so this reads each
    entry while it is at hand, rather than again in the person loop, which would reach
    them in another order (at 50,000 people, from all over memory)."""
    placer = _Placer(entries, employees, places, problems)
    if isinstance(entries, EntryColumns):
        for group in _groups(entries.columns):
            placer.columns(group)
        return placer.index
    slots, slot_of, put = placer.slots, placer.slot, placer.put
    for e in entries:
        slot = slots.get(e.employee_id) or slot_of(e.employee_id)
        if slot is None or (place := slot[1].get(e.indicator)) is None:
            placer.unplaced(e)
        else:
            put(slot[0], place, e.value, e.rater, e)
    return placer.index


def _groups(columns: list[EntryColumn]) -> list[list[EntryColumn]]:
    """The columns in order, an indicator's raters' columns on the same rows together
    (as the reader gives them: one after the other); any other column alone."""
    groups: list[list[EntryColumn]] = []
    for column in columns:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and column.rater is not None
            and last.rater is not None
            and last.indicator == column.indicator
            and last.ids is column.ids
        ):
            groups[-1].append(column)
        else:
            groups.append([column])
    return groups


class _Placer:
    """`place_entries`' rows and the lookups it shares between entries and columns."""

    def __init__(
        self,
        entries: Sequence[Entry],
        employees: Mapping[str, Employee],
        places: Mapping[str, Places],
        problems: Problems,
    ) -> None:
        self.entries, self.employees, self.places = entries, employees, places
        self.problems = problems
        self.index: dict[str, Row] = {}
        # employee id -> (that employee's row, the places of their position): one lookup
        # per entry instead of three
        self.slots: dict[str, _Slot] = {}
        self.firsts: dict[tuple[str, str], Entry] = {}  # see `_first_keyed`, if needed
        # a sheet's ids (shared by its columns, see core.columns) -> the ids themselves
        # (kept so that the key, their id(), stays theirs), and their rows and the places of
        # their one position when every id is a different employee of the same position
        self.sheets: dict[int, tuple[list[str], list[Row] | None, Places]] = {}

    def slot(self, eid: str) -> _Slot | None:
        """The employee's row and their position's places (made on first sight); None for
        an employee not in the list."""
        slot = self.slots.get(eid)
        if slot is None:
            emp = self.employees.get(eid)
            if emp is not None:
                at = self.places.get(emp.position, _NONE)
                row: Row = [None] * len(at)
                self.index[eid] = row
                slot = self.slots[eid] = row, at
        return slot

    def _rows(self, column: EntryColumn) -> tuple[list[Row], Place] | None:
        """The rows of the column's ids and the column's one place in them, when every id
        is a different employee of one position that has the indicator (a data sheet's
        usual column); None otherwise. The ids are looked up once for all of their columns."""
        ids = column.ids
        sheet = self.sheets.get(id(ids))
        if sheet is None:
            slots = list(map(self.slot, ids))
            at = slots[0][1] if slots and slots[0] is not None else _NONE
            usual = len(set(ids)) == len(ids) and all(s is not None and s[1] is at for s in slots)
            rows = [s[0] for s in slots] if usual else None  # type: ignore[index]
            sheet = self.sheets[id(ids)] = ids, rows, at
        place = sheet[2].get(column.indicator)
        return None if sheet[1] is None or place is None else (sheet[1], place)

    def columns(self, group: list[EntryColumn]) -> None:
        """Place one column, or an indicator's raters' columns (see `_groups`)."""
        found = self._rows(group[0])
        if found is None:  # an unusual sheet: cell after cell, as entries
            for column in group:
                self._cells(column)
        elif group[0].rater is None:
            self._actuals(group[0], *found)
        else:
            self._raters(group, *found)

    def _actuals(self, column: EntryColumn, rows: list[Row], place: Place) -> None:
        """Place a column of actuals (or inputs): as `put`, but a value its memo scores,
        the usual cell, is placed as its outcome without a call and without an Entry
        (an Entry only where the memo leaves the value to `Scorer.score`)."""
        i, memo = place
        entry, put = column.entry, self.put
        for k, (row, v) in enumerate(zip(rows, column.values, strict=True)):
            if v is NOT_KEYED:
                continue
            if row[i] is None and memo is not None:
                # a nonzero float scored before (`ActualMemo.outcome` keys such a value by
                # itself); everything else through it
                found = memo.outcomes.get(v) if v.__class__ is float and v else None
                if found is None:
                    found = memo.outcome(v)
                row[i] = found or entry(k)  # (as `put` would, without asking the memo again)
                continue
            put(row, place, v, None, entry(k))

    def _raters(self, group: list[EntryColumn], rows: list[Row], place: Place) -> None:
        """Place an indicator's raters' scores, a person at a time: what each person keyed
        as one RaterCells (no Entry); where something is placed already, as entries."""
        i = place[0]
        raters = tuple(column.rater for column in group)
        put, every = self.put, len(group)
        for k, (row, values) in enumerate(
            zip(rows, zip(*[c.values for c in group], strict=True), strict=True)
        ):
            if values.count(NOT_KEYED) == every:
                continue  # (nothing keyed)
            if row[i] is None:
                row[i] = RaterCells(group, raters, k, values)
                continue
            for column, v in zip(group, values, strict=True):
                if v is not NOT_KEYED:
                    put(row, place, v, column.rater, column.entry(k))

    def _cells(self, column: EntryColumn) -> None:
        """Place one column a cell at a time, each an Entry (`put`)."""
        code, entry, put, slot_of = column.indicator, column.entry, self.put, self.slot
        for k, (eid, v) in enumerate(zip(column.ids, column.values, strict=True)):
            if v is NOT_KEYED:
                continue
            slot = slot_of(eid)
            if slot is None or (place := slot[1].get(code)) is None:
                self.unplaced(entry(k))
            else:
                put(slot[0], place, v, column.rater, entry(k))

    def put(self, row: Row, place: Place, v: object, rater: object, e: Entry) -> None:
        """Place one entry (`v`, `rater`: its value and rater) in its employee's row."""
        i, memo = place
        same = row[i]  # (None: nothing keyed there yet)
        if same is None:
            if memo is not None and rater is None:
                # a nonzero float scored before, inline (`ActualMemo.outcome` keys such a
                # value by itself); everything else through it
                found = memo.outcomes.get(v) if v.__class__ is float and v else None
                if found is None:
                    found = memo.outcome(v)
                row[i] = found or e  # (an empty outcome: Scorer.score must score it)
            else:
                row[i] = e
        elif same.__class__ is list:
            same.append(e)  # type: ignore[union-attr]
        elif same.__class__ is RaterCells:  # rater scores, and something else (rare)
            row[i] = [*same.entries(), e]  # type: ignore[union-attr]
        elif same.__class__ is tuple:  # scored as placed, and keyed again
            row[i] = [_first_keyed(self.firsts, self.entries, e.employee_id, e.indicator), e]
        else:
            row[i] = [same, e]  # type: ignore[list-item]

    def unplaced(self, e: Entry) -> None:
        """Report an entry for an employee not in the list, or for an indicator their
        position does not have."""
        emp = self.employees.get(e.employee_id)
        where = e.source if e.source != _NOWHERE else Source(label=f"{e.employee_id}/{e.indicator}")
        if emp is None:
            self.problems.error(
                "entry.employee",
                f"A value is keyed for employee '{e.employee_id}', who is not in the employee list",
                f"填写了员工“{e.employee_id}”的数据，但该员工不在员工名单中",
                where,
            )
        else:
            self.problems.error(
                "entry.indicator",
                f"A value is keyed for {emp.id} {emp.name} on indicator '{e.indicator}', which "
                f"position {emp.position} does not have",
                f"{emp.id} {emp.name}填写了指标“{e.indicator}”，但岗位{emp.position}没有该指标",
                where,
            )


def _first_keyed(
    firsts: dict[tuple[str, str], Entry], entries: Sequence[Entry], eid: str, code: str
) -> Entry:
    """The first entry keyed for (employee, indicator), whose place holds its outcome
    now that a second one arrives (rare: a reader that repeats a value). `firsts` is
    filled from every entry on the first call, so many repeats stay linear."""
    if not firsts:
        for e in entries:
            firsts.setdefault((e.employee_id, e.indicator), e)
    return firsts[eid, code]
