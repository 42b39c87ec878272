"""The new cells of a worksheet's rows: new rows, and new cells after a row's last cell.

A new cell takes the style Excel would show for it while empty: the row's style (when
the row has customFormat) or else its column's style from `<cols>`. Such rows come by
the thousand (a change log, a new table, the result columns after each person's
inputs): they are encoded a window of rows at a time, column by column
(xlkpi.io.column_cells), where the window allows it, else row by row
(`CellEncoder.cells`), which gives the same bytes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from xlkpi.io.cellxml import CellEncoder
from xlkpi.io.column_cells import REFUSED, WINDOW, Window, encode_window
from xlkpi.io.deflate import DeflatedPart
from xlkpi.io.errors import RefusedWrite
from xlkpi.io.parts import attrs_of
from xlkpi.io.sheet_writes import RowWrites, grow

_PIECE = 256  # new rows handed to the deflater at a time
_MIN_WINDOW = 8  # fewer rows alike are encoded row by row


class RowShape(NamedTuple):
    """What a row's attributes tell a write into it."""

    style: int | None  # the style its new cells take (the row's, with customFormat)
    spans: bytes | None  # its spans hint ("1:5"), widened when cells land outside it


@dataclass
class PatchResult:
    """What patching one sheet gave: its new part, the cells written, the refusals."""

    part: DeflatedPart | None  # the new sheet part, or None when nothing changed
    cells: int = 0
    refusals: list[RefusedWrite] = field(default_factory=list)


class _ColStyles(dict):
    """col -> the style of its `<col>` range (None outside them), found once per column."""

    def __init__(self, ranges: list[tuple[int, int, int]]) -> None:
        super().__init__()
        self.ranges = ranges

    def __missing__(self, col: int) -> int | None:
        found = next((style for lo, hi, style in self.ranges if lo <= col <= hi), None)
        self[col] = found
        return found


class _Fixed(dict):
    """col -> one style for every column (a row's own style, or none)."""

    def __init__(self, style: int | None) -> None:
        super().__init__()
        self.style = style

    def __missing__(self, col: int) -> int | None:
        self[col] = self.style
        return self.style


class NewCells:
    """Writes the new cells of one worksheet's rows (namespace `prefix`, `<cols>` in
    `head`); RowPatcher adds the rows that hold cells already."""

    def __init__(self, prefix: bytes, head: bytes, sheet: str) -> None:
        self.pstr = prefix.decode()
        self.sheet = sheet
        self.col_styles = _col_styles(head, prefix)
        self._by_col = _ColStyles(self.col_styles)
        self._fixed: dict[int | None, _Fixed] = {}
        #: rows encoded ahead by `append_cells` (and taken from here by the sheet patcher's
        #: loop over such rows): row -> (styles, values, cells, first, last)
        self.ahead: dict[int, tuple[Mapping[int, int | None], Sequence[object], bytes, int, int]]
        self.start([], {})

    def new_styles(self, row_style: int | None) -> Mapping[int, int | None]:
        """col -> the style a new cell takes: the row's own (customFormat), else its column's."""
        if row_style is None and self.col_styles:
            return self._by_col
        return self._same(row_style)

    def _same(self, style: int | None) -> Mapping[int, int | None]:
        """col -> `style` for every column."""
        fixed = self._fixed.get(style)
        if fixed is None:
            fixed = self._fixed[style] = _Fixed(style)
        return fixed

    def start(self, pending: Sequence[int], writes: Mapping[int, RowWrites]) -> None:
        """A pass over the sheet begins: `pending` (ascending) are the rows `writes` go
        to (see `append_cells`, which encodes ahead)."""
        self._pending, self._writes = pending, writes
        self.ahead = {}
        self._row_wise_until = -1

    def new_rows(
        self,
        rows: Sequence[int],
        writes: Mapping[int, RowWrites],
        enc: CellEncoder,
        res: PatchResult,
        bounds: list,
    ) -> Iterator[bytes]:
        """The new rows `rows` (ascending; none holding a cell yet), a few hundred rows to
        a piece: the rows a write appends (a log, a new table) come by the ten thousand.
        A row whose writes leave every cell empty is left out. A window of rows at a time
        is encoded column by column (column_cells) where the window allows it, else row
        by row."""
        styles = self.new_styles(None)
        batch: list[str] = []  # rows encoded one by one, not yet handed on
        i, n = 0, len(rows)
        row_wise_until = 0  # rows[:row_wise_until] are not for column_cells
        while i < n:
            if i >= row_wise_until:
                window, rownums, end = self._window(rows, i, writes, enc, styles)
                if window.refused:
                    row_wise_until = end
                else:
                    if batch:
                        yield "".join(batch).encode()
                        batch = []
                    taken = len(window.cells)
                    res.cells += taken * len(writes[rows[i]][0])
                    yield self._window_rows(rows[i : i + taken], rownums, window, bounds).encode()
                    i += taken
                    if i == end:
                        continue
                    # cut short: the next row needs a new cell format, which `cells` makes
            batch.append(self._row_text(rows[i], *writes[rows[i]], styles, enc, res, bounds))
            if len(batch) == _PIECE:
                yield "".join(batch).encode()
                batch = []
            i += 1
        if batch:
            yield "".join(batch).encode()

    def _window_rows(
        self, rows: Sequence[int], rownums: Sequence[str], window: Window, bounds: list
    ) -> str:
        """The XML of the new rows of a window (a row left empty is left out)."""
        p = self.pstr
        first, last = window.first, window.last
        if rows and min(first) >= 0:  # (nearly always) every row gets a cell
            lo, hi = min(first), max(last)
            grow(bounds, rows[0], lo, hi)
            grow(bounds, rows[-1], lo, hi)
            return "".join(
                [
                    f'<{p}row r="{rownum}">{cells}</{p}row>'
                    for rownum, cells in zip(rownums, window.cells, strict=False)
                ]
            )
        out = []
        # (rownums run on when the window was cut short: rows are the rows it took)
        written = zip(rows, rownums, window.cells, window.first, window.last, strict=False)
        for r, rownum, cells, lo, hi in written:
            if lo >= 0:
                grow(bounds, r, lo, hi)
                out.append(f'<{p}row r="{rownum}">{cells}</{p}row>')
        return "".join(out)

    def _window(
        self,
        rows: Sequence[int],
        i: int,
        writes: Mapping[int, RowWrites],
        enc: CellEncoder,
        styles: Mapping[int, int | None],
    ) -> tuple[Window, list[str], int]:
        """`encode_window` of rows[i:end], the rows from i on (at most WINDOW) written at
        the same columns: (window, their row numbers, end)."""
        cols = writes[rows[i]][0]
        end = min(len(rows), i + WINDOW)
        j = i + 1
        while j < end and writes[rows[j]][0] == cols:
            j += 1
        if j - i < _MIN_WINDOW:  # too few rows to gain anything
            return REFUSED, [], j
        rownums = [str(r + 1) for r in rows[i:j]]
        values = [writes[r][1] for r in rows[i:j]]
        return encode_window(enc, cols, values, rownums, styles, self.sheet), rownums, j

    def _row_text(
        self,
        r: int,
        cols: Sequence[int],
        vals: Sequence[object],
        styles: Mapping[int, int | None],
        enc: CellEncoder,
        res: PatchResult,
        bounds: list,
    ) -> str:
        rownum = str(r + 1)
        out: list[str] = []
        lo, hi = enc.cells(cols, vals, rownum, styles, self.sheet, out, True)
        res.cells += len(cols)
        if lo < 0:
            return ""
        grow(bounds, r, lo, hi)
        p = self.pstr
        return f'<{p}row r="{rownum}">{"".join(out)}</{p}row>'

    def append_cells(
        self,
        row_style: int | None,
        r: int,
        cols: Sequence[int],
        vals: Sequence[object],
        enc: CellEncoder,
        res: PatchResult,
    ) -> tuple[bytes, int, int]:
        """The new cells of a row (whose new cells take `row_style`, see RowShape) whose
        writes all lie after its last cell: (xml, first, last column written).

        Such rows come by the thousand (result columns after each person's inputs): with
        a row's cells, the rows after it that take the same columns are encoded ahead, a
        window at a time (column_cells), and used when they come with the same styles."""
        styles = self.new_styles(row_style)
        res.cells += len(cols)
        ahead = self.ahead.get(r)
        if ahead is not None and ahead[0] is styles and ahead[1] is vals:
            return ahead[2], ahead[3], ahead[4]
        out: list[str] = []
        lo, hi = enc.cells(cols, vals, str(r + 1), styles, self.sheet, out, True)
        self._look_ahead(r, styles, enc)
        return "".join(out).encode("utf-8"), lo, hi

    def _look_ahead(self, r: int, styles: Mapping[int, int | None], enc: CellEncoder) -> None:
        """Encode the new cells of the pending rows after row r, in case they are
        extended like r (`append_cells`)."""
        ahead, self.ahead = self.ahead, {}
        if ahead and r <= max(ahead):  # what was encoded ahead was not used: stop a while
            self._row_wise_until = max(ahead)
        pending, writes = self._pending, self._writes
        i = bisect_left(pending, r) + 1
        if r < self._row_wise_until or i >= len(pending):
            return
        window, _, end = self._window(pending, i, writes, enc, styles)
        if window.refused:
            self._row_wise_until = pending[end - 1]
            return
        encoded = map(str.encode, window.cells)  # (UTF-8)
        self.ahead = {
            row: (styles, writes[row][1], cells, lo, hi)
            for row, cells, lo, hi in zip(
                pending[i:end], encoded, window.first, window.last, strict=False
            )
        }


def row_shape(a: dict[bytes, bytes]) -> RowShape:
    """The RowShape of a row with attributes `a`: its own style when it has customFormat."""
    style = int(a[b"s"]) if a.get(b"customFormat") in (b"1", b"true") and b"s" in a else None
    return RowShape(style, a.get(b"spans"))


def _col_styles(head: bytes, prefix: bytes) -> list[tuple[int, int, int]]:
    """(first, last column, style) of each styled `<col>` range in the sheet's head."""
    out = []
    for m in re.finditer(rb"<" + re.escape(prefix) + rb"col\b[^>]*>", head):
        a = attrs_of(m.group(0))
        if b"style" in a and b"min" in a and b"max" in a:
            out.append((int(a[b"min"]) - 1, int(a[b"max"]) - 1, int(a[b"style"])))
    return out
