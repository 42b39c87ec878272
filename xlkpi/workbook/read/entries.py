"""One indicator's entries, read down its input columns of a data sheet.

Numbers (what readers give for numeric cells) take the fast path; anything else goes
through `values`. Rows are padded to the grid's width (BookReader contract), and the key
row lies within it, so no bounds checks are needed. Each input column becomes an
EntryColumn (`core.columns`): its values beside the sheet's ids and rows, no object per
cell. These loops run about a million times for a big workbook, hence the local names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Any

from xlkpi.core.columns import NOT_KEYED, EntryColumn
from xlkpi.core.model import Indicator, Rater, ScoredBy
from xlkpi.core.problems import Problems
from xlkpi.io.cells import column_letter
from xlkpi.workbook import layout
from xlkpi.workbook.contract.find import is_blank
from xlkpi.workbook.layout import Label
from xlkpi.workbook.read.places import DataSheetPlace
from xlkpi.workbook.values import (
    PERCENT_AMBIGUOUS_UP_TO,
    PERCENT_UNITS,
    CellParser,
    ValueIssue,
    is_ambiguous_percent,
    parse_number,
    parse_percent,
)


@dataclass(frozen=True, slots=True)
class SheetRows:
    """The employees' rows of one data sheet, as lists that every column read from the
    sheet shares: their 0-based rows, ids, 1-based rows and values."""

    indices: list[int]
    ids: list[str]
    numbers: list[int]
    body: list[list[Any]]  # each row's values

    def column(self, c: int) -> list[Any]:
        """The values of column `c`, one per row."""
        return list(map(itemgetter(c), self.body))


#: a value read in a second pass (`_numbers`)
_LATER: Any = object()


def _numbers(rows: SheetRows, c: int, later: Callable[[Any, int], Any]) -> list[Any]:
    """Column `c`'s values: numbers as floats (a whole 90 is an int in the grid) in one
    comprehension, the usual cells; anything else (blank, text) as `later(value, 0-based
    row)` says, a cell at a time in row order (so problems keep their order)."""
    raw, flt = rows.column(c), float
    values = [v if v.__class__ is flt else flt(v) if v.__class__ is int else _LATER for v in raw]
    if _LATER in values:
        for k, v in enumerate(values):
            if v is _LATER:
                values[k] = later(raw[k], rows.indices[k])
    return values


def indicator_entries(
    problems: Problems,
    place: DataSheetPlace,
    ind: Indicator,
    rows: SheetRows,
    columns: list[EntryColumn],
) -> None:
    """One pass down each input column of one indicator, one EntryColumn each."""
    cells = CellParser(place.sheet, problems)
    inputs = ind.rule.inputs if ind.rule is not None else ("value",)
    if ind.scored_by is ScoredBy.RATERS:
        columns += _rater_entries(cells, place, ind, rows)
    elif inputs == ("value",):
        columns += _actual_entries(cells, place, ind, rows)
    else:
        columns += _input_entries(cells, place, ind, inputs, rows)


def _rater_entries(
    cells: CellParser, place: DataSheetPlace, ind: Indicator, rows: SheetRows
) -> list[EntryColumn]:
    """Each rater's scores; a blank is a missing rater (the rater policy decides)."""
    sheet, code = place.sheet, ind.code
    columns = []
    for rater in Rater:
        c = place.columns.get(layout.rater_key(code, rater))
        if c is None:
            continue
        what = Label(
            f"{ind.name} {layout.RATER_LABELS[rater].zh}",
            f"{ind.name}: {layout.RATER_LABELS[rater].en.lower()} score",
        )
        values = _numbers(rows, c, partial(_rater_score, cells, c, what))
        columns.append(
            EntryColumn(code, rater, sheet, column_letter(c), rows.ids, rows.numbers, values)
        )
    return columns


def _actual_entries(
    cells: CellParser, place: DataSheetPlace, ind: Indicator, rows: SheetRows
) -> list[EntryColumn]:
    """The actual values; a percent unit reads 95 as 95% (warning when it is ambiguous)."""
    sheet, code = place.sheet, ind.code
    c = place.columns.get(layout.actual_key(code))
    if c is None:
        return []
    percent = ind.unit.strip() in PERCENT_UNITS or getattr(ind.rule, "unit", "") == "%"
    what = Label(
        f"{ind.name} {layout.ACTUAL_LABEL.zh}", f"{ind.name}: {layout.ACTUAL_LABEL.en.lower()}"
    )
    ambiguous: list[tuple[int, int, object]] = []
    if percent:
        values = _percents(cells, ind, rows, c, what, ambiguous)
    else:
        values = _numbers(rows, c, partial(_actual, cells, ind, c, what, ambiguous))
    cells.warn_ambiguous_percent(ambiguous, what)
    return [EntryColumn(code, None, sheet, column_letter(c), rows.ids, rows.numbers, values)]


def _rater_score(cells: CellParser, c: int, what: Label, v: Any, r: int) -> Any:
    """A rater's score that is not a number; NOT_KEYED (no entry) when blank (a missing
    rater) or unreadable (reported)."""
    score = _number(cells, v, r, c, what, None)
    return NOT_KEYED if score is None else score


def _actual(
    cells: CellParser,
    ind: Indicator,
    c: int,
    what: Label,
    ambiguous: list[tuple[int, int, object]],
    v: Any,
    r: int,
) -> float | None:
    """An actual that is not a number; None when blank (the engine reports the missing
    actual at this cell) or unreadable (reported)."""
    return None if is_blank(v) else _parsed_actual(cells, ind, False, v, r, c, what, ambiguous)


def _percents(
    cells: CellParser,
    ind: Indicator,
    rows: SheetRows,
    c: int,
    what: Label,
    ambiguous: list[tuple[int, int, object]],
) -> list[Any]:
    """The actuals of a percent unit: 95 is read as 95% (ambiguous ones are noted)."""
    values: list[Any] = []
    add, flt, blank_ = values.append, float, is_blank
    for r, row in zip(rows.indices, rows.body, strict=True):
        v = row[c]
        cls = v.__class__
        if cls is flt or cls is int:
            if not -1.0 <= v <= 1.0:
                if abs(v) <= PERCENT_AMBIGUOUS_UP_TO:
                    ambiguous.append((r, c, v))
                v = v / 100.0
            elif cls is int:
                v = flt(v)
        elif blank_(v):
            v = None  # the engine reports the missing actual at this cell
        else:
            v = _parsed_actual(cells, ind, True, v, r, c, what, ambiguous)
        add(v)
    return values


def _parsed_actual(
    cells: CellParser,
    ind: Indicator,
    percent: bool,
    raw: Any,
    r: int,
    c: int,
    what: Label,
    ambiguous: list[tuple[int, int, object]],
) -> float | None:
    """An actual that is not a plain number (text, "95%"); None when unreadable (reported:
    the engine sees a missing value at the same cell)."""
    try:
        v = parse_percent(raw) if percent else parse_number(raw, unit=ind.unit)
    except ValueIssue as issue:
        cells.report(issue, r, c, what)
        v = None
    if percent and is_ambiguous_percent(raw):
        ambiguous.append((r, c, raw))
    return v


def _input_entries(
    cells: CellParser,
    place: DataSheetPlace,
    ind: Indicator,
    inputs: tuple[str, ...],
    rows: SheetRows,
) -> list[EntryColumn]:
    """Several named inputs (per-event counts, requirement checks): a blank counts as 0."""
    sheet, code = place.sheet, ind.code
    found = [(name, place.columns.get(layout.input_key(code, name))) for name in inputs]
    found_at = [
        (c, Label(f"{ind.name} {name}", f"{ind.name}: {name}"), name)
        for name, c in found
        if c is not None
    ]
    if len(found_at) < len(found):
        return []
    values = [
        _inputs_of(cells, found_at, row, r) for r, row in zip(rows.indices, rows.body, strict=True)
    ]
    first = column_letter(found_at[0][0])
    return [EntryColumn(code, None, sheet, first, rows.ids, rows.numbers, values)]


def _inputs_of(
    cells: CellParser, columns: list[tuple[int, Label, str]], row: list[Any], r: int
) -> dict[str, float] | None:
    """One row's named inputs; None when one is unreadable (reported)."""
    value: dict[str, float] = {}
    for c, what, name in columns:
        v = row[c]
        if v.__class__ is int:  # a count (the usual input): as `_number`, without the call
            v = float(v)
        elif v.__class__ is not float:
            v = _number(cells, v, r, c, what, 0.0, yes_no=True)
            if v is None:
                return None
        value[name] = v
    return value


def _number(
    cells: CellParser,
    v: Any,
    r: int,
    c: int,
    what: Label,
    if_blank: float | None,
    yes_no: bool = False,
) -> float | None:
    """A cell that is not a float: an int as a float, a blank as `if_blank`, text parsed;
    None when unreadable (reported at its cell)."""
    if v.__class__ is int:
        return float(v)
    if is_blank(v):
        return if_blank
    try:
        return parse_number(v, yes_no=yes_no)
    except ValueIssue as issue:
        cells.report(issue, r, c, what)
        return None
