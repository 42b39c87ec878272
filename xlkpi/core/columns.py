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
from dataclasses import dataclass
from typing import Any, overload

from xlkpi.core.model import CellEntry, Entry, Rater


class _NotKeyed:
    """The type of NOT_KEYED."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_KEYED"

    def __reduce__(self) -> str:
        return "NOT_KEYED"  # (copied or pickled as the one NOT_KEYED: it is tested by `is`)


#: a column's value where its cell gives no entry (a blank or unreadable rater score)
NOT_KEYED: Any = _NotKeyed()


@dataclass(slots=True, eq=False)  # (compared as itself: the engine keys a sheet by its ids)
class EntryColumn:
    """One input column of a data sheet: an indicator's actuals, inputs or one rater's
    scores, one value per employee row (NOT_KEYED where the cell gives no entry)."""

    indicator: str  # the indicator code
    rater: Rater | None  # whose scores these are; None for actuals and inputs
    sheet: str  # the sheet and column the values were read from
    letter: str
    ids: list[str]  # the employees' ids and 1-based rows, shared by the sheet's columns
    rows: list[int]
    values: list[Any]  # one per id

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
    from the raters' columns: their values (NOT_KEYED where a rater gave none), those
    keyed (what `memo.RaterMemo` finds their outcome by), and Entries made only if
    `Scorer.score` must see them (the first person with these scores, a problem, a gap
    warning).

    Args:
        columns: the indicator's raters' columns, in the order read.
        raters: their raters (shared by everyone, like the columns).
        k: the person's place in the columns.
        values: the person's value in each column.
    """

    __slots__ = ("columns", "k", "raters", "values")

    def __init__(
        self,
        columns: list[EntryColumn],
        raters: tuple[Rater | None, ...],
        k: int,
        values: tuple[Any, ...],
    ) -> None:
        self.columns = columns
        self.raters = raters
        self.k = k
        self.values = values

    def keyed(self) -> tuple[tuple[Rater | None, ...], tuple[Any, ...]]:
        """The raters who gave a score, and their scores, in the order read (what
        `memo.RaterMemo` keys its outcomes by)."""
        if NOT_KEYED not in self.values:
            return self.raters, self.values
        keyed = [
            (r, v) for r, v in zip(self.raters, self.values, strict=True) if v is not NOT_KEYED
        ]
        return tuple(r for r, _ in keyed), tuple(v for _, v in keyed)

    def entry_of(self, rater: Rater) -> Entry:
        """The Entry of `rater`'s score (there is one)."""
        k, j = self.k, self.raters.index(rater)
        if self.values[j] is NOT_KEYED:  # (the same rater's column twice: not a reader's)
            j = next(
                j
                for j, v in enumerate(self.values)
                if self.raters[j] == rater and v is not NOT_KEYED
            )
        return self.columns[j].entry(k)

    def entries(self) -> list[Entry]:
        """The scores as Entries, in the order keyed."""
        k = self.k
        return [
            c.entry(k) for c, v in zip(self.columns, self.values, strict=True) if v is not NOT_KEYED
        ]
