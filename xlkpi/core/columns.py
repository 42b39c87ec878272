"""Entries a column at a time: what the data-sheet reader hands the engine.

A data sheet holds one input per employee and column. Making an Entry of each (80,000 at
10,000 people) only for the engine to take each apart again and look its employee and
indicator up once more was most of the cost of handing values over. So the reader keeps
each input column as it read it: the employees' ids and 1-based rows (one pair of lists
shared by every column of the sheet) and the values. The engine places and scores them a
column at a time (`engine._place_columns`) and makes an Entry only where it keeps one
(rater scores, values keyed twice, values the memo leaves to `Scorer.score`) or a problem
names the cell.

To every other caller EntryColumns is the read-only sequence of those Entries, in the
order the reader used to give them (column after column, row after row).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from xlkpi.core.model import CellEntry, Entry, Rater


class _NotKeyed:
    """The type of NOT_KEYED."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_KEYED"


#: a column's value where its cell gives no entry (a blank or unreadable rater score)
NOT_KEYED: Any = _NotKeyed()


class EntryColumn:
    """One input column of a data sheet: an indicator's actuals, inputs or one rater's
    scores, one value per employee row (NOT_KEYED where the cell gives no entry).

    Args:
        indicator: the indicator code.
        rater: whose scores these are; None for actuals and inputs.
        sheet, letter: the sheet and column the values were read from.
        ids, rows: the employees' ids and 1-based rows, shared by the sheet's columns.
        values: the values, one per id.
    """

    __slots__ = ("ids", "indicator", "letter", "rater", "rows", "sheet", "values")

    def __init__(
        self,
        indicator: str,
        rater: Rater | None,
        sheet: str,
        letter: str,
        ids: list[str],
        rows: list[int],
        values: list[Any],
    ) -> None:
        self.indicator = indicator
        self.rater = rater
        self.sheet = sheet
        self.letter = letter
        self.ids = ids
        self.rows = rows
        self.values = values

    def entry(self, k: int) -> Entry:
        """The Entry of the k-th value (its Source made only if asked for)."""
        return CellEntry(
            self.ids[k],
            self.indicator,
            self.values[k],
            self.rater,
            self.sheet,
            self.letter,
            self.rows[k],
        )

    def __iter__(self) -> Iterator[Entry]:
        entry = self.entry
        return (entry(k) for k, v in enumerate(self.values) if v is not NOT_KEYED)

    def __len__(self) -> int:
        return len(self.values) - self.values.count(NOT_KEYED)


class EntryColumns(Sequence[Entry]):
    """The entries of a workbook's data sheets, kept as the columns they were read in.

    The engine reads `columns`; anyone else sees a read-only sequence of Entries (made
    afresh on each pass, equal to those of the last one).
    """

    __slots__ = ("_listed", "columns")

    def __init__(self, columns: Iterable[EntryColumn] = ()) -> None:
        self.columns = list(columns)
        self._listed: list[Entry] | None = None  # for indexing, made on first use

    def __iter__(self) -> Iterator[Entry]:
        for column in self.columns:
            yield from column

    def __len__(self) -> int:
        return sum(map(len, self.columns))

    @overload
    def __getitem__(self, i: int) -> Entry: ...

    @overload
    def __getitem__(self, i: slice) -> list[Entry]: ...

    def __getitem__(self, i: int | slice) -> Entry | list[Entry]:
        if self._listed is None:
            self._listed = list(self)
        return self._listed[i]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EntryColumns | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # (a sequence, compared by its entries)

    def __repr__(self) -> str:
        return f"EntryColumns({list(self)!r})"


class RaterCells:
    """The rater scores one person keyed for one indicator, as the engine places them
    from columns: each score's rater and value (the key `memo.RaterMemo` looks its outcome
    up by) and its cell, an Entry made only if `Scorer.score` must see it (the first
    person with these scores, a problem, a gap warning).

    Args:
        column, k: the first score's column and its place in it.
    """

    __slots__ = ("cells", "key", "plain")

    def __init__(self, column: EntryColumn, k: int) -> None:
        v = column.values[k]
        #: (rater, score, rater, score, ...) in the order keyed
        self.key: list[object] = [column.rater, v]
        #: (column, k, column, k, ...): where each score is (flat: no pair to make)
        self.cells: list[object] = [column, k]
        #: whether every score is a nonzero float that is not NaN, as memo keys must be
        self.plain: bool = v.__class__ is float and v != 0.0 and v == v

    def add(self, column: EntryColumn, k: int) -> None:
        """One more score (another rater's, or the same rater's again)."""
        v = column.values[k]
        self.key += (column.rater, v)
        self.cells += (column, k)
        if self.plain:
            self.plain = v.__class__ is float and v != 0.0 and v == v

    def entries(self) -> list[Entry]:
        """The scores as Entries, in the order keyed."""
        cells = self.cells
        return [cells[j].entry(cells[j + 1]) for j in range(0, len(cells), 2)]  # type: ignore[attr-defined]
