"""The new cells of many rows at once, encoded column by column.

The rows a write appends or extends come by the thousand (a change log, a new table, the
result columns after each person's inputs), all holding the same columns, and down one
column the values are nearly always of one kind: numbers with one number format, plain
text, or nothing. After one look at a column's kinds, a comprehension encodes it whole,
in about half the time `CellEncoder.cells` takes cell by cell; `cells` stays the one
general path, and a window of rows this cannot take goes there row by row. Both give the
same bytes (tests/io/test_io_column_cells.py).

Encoding a window never changes anything else: it only uses the cell formats the encoder
already knows (`CellEncoder.styled`), so new `<xf>` entries are still made, in the same
order, by `cells`, and a window is cut short before the first row that would need one.
It takes no value that could be refused, so refusals, too, come from `cells`, row by row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import attrgetter
from typing import NamedTuple

from xlkpi.io.cells import LETTERS, Styled
from xlkpi.io.cellxml import MAX_TEXT, CellEncoder, is_plain_text, plain_joined

#: rows encoded at once (new rows are handed to the deflater a window at a time)
WINDOW = 256

_NONE = type(None)
_NUMBERS = {float, int}  # (not bool, not numpy's: those go to `cells`)
_value = attrgetter("value")
_number_format = attrgetter("number_format")


class Window(NamedTuple):
    """The rows of a window encoded: each row's cells, first and last column written
    (-1 when none), for as many rows as could be taken (maybe none); `refused` when the
    window is not for this path at all (its rows go to `CellEncoder.cells`)."""

    cells: list[str]
    first: list[int]
    last: list[int]
    refused: bool


#: the window of rows that are not for this path (they go to `CellEncoder.cells`)
REFUSED = Window([], [], [], True)


class _Column(NamedTuple):
    """What a column of a window is: its cells' pieces and values (None: no cell)."""

    col: int
    values: Sequence[object]  # the numbers, or the texts, None where the cell is empty
    attr: str  # the ' s="N"' of its cells
    text: bool  # inline text (else numbers)
    plain: bool  # text needing no escape and no xml:space (else looked at per cell)
    gaps: bool  # some cells are empty


def encode_window(
    enc: CellEncoder,
    cols: Sequence[int],
    rows: Sequence[Sequence[object]],
    rownums: Sequence[str],
    styles: Mapping[int, int | None],
    sheet: str,
) -> Window:
    """The cells of new rows `rownums` (each a row of values `rows[i]` at columns `cols`,
    column `c` taking style `styles[c]`; None writes no cell), as `CellEncoder.cells`
    writes them with `fresh=True`."""
    n = len(rows)
    width = len(cols)
    if n == 0 or width == 0 or set(map(len, rows)) != {width}:
        return REFUSED
    columns: list[_Column] = []
    take = n
    for c, column in zip(cols, zip(*rows, strict=True), strict=True):
        kinds = set(map(type, column))
        gaps = _NONE in kinds
        kinds.discard(_NONE)
        if not kinds:
            continue  # no cell in any row
        if len(kinds) > 1:
            return REFUSED
        kind = kinds.pop()
        if kind is Styled:
            found = _styled_column(enc, c, column, styles, gaps)
            if found is None:
                return REFUSED
            if isinstance(found, int):  # its cell format is not made yet
                take = min(take, found)
                continue
            columns.append(found)
        elif kind is str:
            texts: Sequence[str] = _filled(column, gaps)  # type: ignore[assignment]
            joined = "|".join(texts)
            # (no text is too long when all of them together are not: one look at the
            # join the plain look makes anyway, nearly always, instead of one per text)
            if len(joined) > MAX_TEXT and max(map(len, texts)) > MAX_TEXT:
                return REFUSED
            plain = bool(texts) and plain_joined(joined, texts, ends=True)
            columns.append(_Column(c, column, enc.style_attr[styles[c]], True, plain, gaps))
        elif kind in _NUMBERS:
            if not _finite(_filled(column, gaps)):
                return REFUSED
            columns.append(_Column(c, column, enc.style_attr[styles[c]], False, True, gaps))
        else:
            return REFUSED
    rownums = rownums[:take]
    # One %-template for the row: a full column's cells are its constant text around the
    # row number and value; a column with gaps or text to escape comes as each row's
    # cell. A template per row formats about twice as fast as a string per cell joined.
    template: list[str] = []
    args: list[Sequence[object]] = []
    for column in columns:
        _template_column(enc, column, rownums, styles, sheet, template, args)
    rows_args = zip(*args, strict=False)  # (the values run past the rows taken)
    cells = list(map("".join(template).__mod__, rows_args)) if args else [""] * take
    return Window(cells, *_written_ends(columns, take), refused=False)


def _styled_column(
    enc: CellEncoder,
    c: int,
    column: Sequence[object],
    styles: Mapping[int, int | None],
    gaps: bool,
) -> _Column | int | None:
    """A column of Styled numbers of one format: its _Column, or the first row that needs
    a cell format not made yet (those rows are left to `cells`), or None (not for here)."""
    styled = _filled(column, gaps)
    formats = set(map(_number_format, styled))
    if len(formats) != 1:
        return None
    numbers = list(map(_value, styled))
    if not set(map(type, numbers)) <= _NUMBERS or not _finite(numbers):
        return None
    attr = enc.styled.get((styles[c], formats.pop()))
    if attr is None:
        return next(i for i, v in enumerate(column) if v is not None)
    values = list(map(getattr, column, repeat("value"), repeat(None))) if gaps else numbers
    return _Column(c, values, attr, False, True, gaps)


def _filled(column: Sequence[object], gaps: bool) -> Sequence[object]:
    """The values of a column the looks over it need: with `gaps`, the column without
    its empty cells, nor "" or 0, which change none of those looks (a Styled is never
    false); else the column itself."""
    return list(filter(None, column)) if gaps else column


def _finite(numbers: Sequence[object]) -> bool:
    """True when every number is finite: their sum is (NaN and infinities stay in a sum;
    one that overflows only sends the column to `cells`, which takes it cell by cell)."""
    try:
        total = sum(numbers)  # type: ignore[arg-type]
    except OverflowError:  # an int too big for a float, beside floats
        return False
    return bool(total - total == 0)


def _template_column(
    enc: CellEncoder,
    column: _Column,
    rownums: Sequence[str],
    styles: Mapping[int, int | None],
    sheet: str,
    template: list[str],
    args: list[Sequence[object]],
) -> None:
    """Add a column's part of the row template and the arguments it takes."""
    letters = LETTERS[column.col]
    head = enc.c_open + letters  # <c r="K
    values = column.values
    if column.text:
        mid, end, conv = '"' + column.attr + enc.text_open, enc.text_close, "%s"
    else:
        mid, end, conv = '"' + column.attr + enc.v_open, enc.v_close, "%r"
    if not column.gaps and column.plain:
        template.append(_literal(head) + "%s" + _literal(mid) + conv + _literal(end))
        args += (rownums, values)
        return
    template.append("%s")
    if not column.plain:
        # some text needs escaping or xml:space: `encode` writes those cells (never
        # refused: the lengths were looked at)
        style = styles[column.col]
        args.append(
            [
                ""
                if v is None
                else f"{head}{r}{mid}{v}{end}"
                if is_plain_text(v)  # type: ignore[arg-type]
                else enc.encode(letters + r, v, style, sheet) or ""
                for r, v in zip(rownums, values, strict=False)
            ]
        )
    elif column.text:
        args.append(
            [
                "" if v is None else f"{head}{r}{mid}{v}{end}"
                for r, v in zip(rownums, values, strict=False)
            ]
        )
    else:
        args.append(
            [
                "" if v is None else f"{head}{r}{mid}{v!r}{end}"
                for r, v in zip(rownums, values, strict=False)
            ]
        )


def _literal(text: str) -> str:
    """`text` as constant text of a %-template."""
    return text.replace("%", "%%")


def _written_ends(columns: list[_Column], n: int) -> tuple[list[int], list[int]]:
    """Each row's first and last column written (-1 when none)."""
    return _first_written(columns, n), _first_written(columns[::-1], n)


def _first_written(columns: list[_Column], n: int) -> list[int]:
    """Each row's first column with a cell, going through `columns` in their order."""
    first = [-1] * n
    for column in columns:
        c = column.col
        if not column.gaps:  # every row has this cell: the rows still without one stop here
            return [c if x < 0 else x for x in first]
        first = [
            c if x < 0 and v is not None else x for x, v in zip(first, column.values, strict=False)
        ]
    return first
