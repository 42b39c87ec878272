"""What a write puts into one worksheet, row by row, and the cell ranges it is checked
against: the plain data the sheet patcher (xlkpi.io.sheet_patch) works from."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from operator import add

from xlkpi.io.cells import Block, col_index

_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]+)")
_FAR = 1 << 62  # beyond every row and column

#: What one row receives: (columns in ascending order, their values).
RowWrites = tuple[Sequence[int], Sequence[object]]


class _ColIndex(dict):
    """'A' or b'A' -> 0, 'AB' or b'AB' -> 27, computed once per distinct column."""

    def __missing__(self, letters: str | bytes) -> int:
        value = col_index(letters.encode() if isinstance(letters, str) else letters)
        self[letters] = value
        return value


#: Column number of column letters (str or bytes), cached.
COL_OF = _ColIndex()


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """'B2:D9' -> (1, 1, 8, 3) as (row1, col1, row2, col2), 0-based; 'B2' -> a 1x1 range."""
    ends = []
    for part in ref.replace("$", "").split(":")[:2]:
        m = _REF.fullmatch(part.strip().encode())
        if not m:
            return None
        ends.append((int(m.group(2)) - 1, col_index(m.group(1))))
    if len(ends) == 1:
        ends.append(ends[0])
    (r1, c1), (r2, c2) = ends
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def row_writes(blocks: Iterable[Block]) -> dict[int, RowWrites]:
    """row -> (columns, values) of what `blocks` write; a later block wins on overlap.

    A row written by one block keeps that block's row of values as is (no copy); a row
    written again is merged at once (holding every block's pieces of every row until the
    end cost ~20 MB at 50,000 people)."""
    rows: dict[int, RowWrites] = {}
    spans: dict[tuple[int, int], range] = {}
    todo = list(blocks)
    skip = 0  # blocks already joined to the one before them
    for at, b in enumerate(todo):
        if skip:
            skip -= 1
            continue
        col = b.col
        if _whole_block(b, rows):  # rows of one width, none written yet: taken in one go
            beside = _side_by_side(todo, at)
            if beside:  # and the blocks after it, right of it on the same rows: joined
                _join_whole(todo[at : at + 1 + beside], rows)
                skip = beside
                continue
            cols = _span(spans, col, len(b.values[0]))
            rows.update(
                zip(range(b.row, b.row + len(b.values)), zip(repeat(cols), b.values), strict=True)
            )
            continue
        if _beside(b, rows, spans):  # rows of one width, each written left of it already
            continue
        for i, values in enumerate(b.values):
            if not values:
                continue
            r = b.row + i
            cols = _span(spans, col, len(values))
            prev = rows.get(r)
            rows[r] = (cols, values) if prev is None else _merged(prev, cols, values)
    return rows


def _side_by_side(blocks: list[Block], at: int) -> int:
    """How many blocks right after blocks[at] (a `_whole_block`) write the same rows, one
    width each, each right of the one before it (a table's grey columns, block by block)."""
    b = blocks[at]
    n, right = len(b.values), b.col + len(b.values[0])
    end = at + 1
    while end < len(blocks):
        nb = blocks[end]
        if nb.row != b.row or len(nb.values) != n or nb.col < right or not _one_width(nb.values):
            break
        right = nb.col + len(nb.values[0])
        end += 1
    return end - at - 1


def _join_whole(group: list[Block], rows: dict[int, RowWrites]) -> None:
    """Write the blocks of `group` (`_side_by_side`, on rows not written yet) as one:
    each row's values joined once (C-level), not block after block (a merge per row for
    each block cost 0.6 us a row at 50,000 rows), all rows sharing one columns list, as
    `_beside` joins them."""
    cols = [c for b in group for c in range(b.col, b.col + len(b.values[0]))]
    values = group[0].values
    for b in group[1:]:
        if set(map(type, values)) == set(map(type, b.values)) == {list}:
            values = list(map(add, values, b.values))  # (C-level)
        else:
            values = [[*v, *w] for v, w in zip(values, b.values, strict=True)]
    first = group[0].row
    rows.update(zip(range(first, first + len(values)), zip(repeat(cols), values), strict=True))


def _span(spans: dict[tuple[int, int], range], col: int, width: int) -> range:
    """The columns col.. of a row `width` wide: one range shared by the rows alike."""
    cols = spans.get((col, width))
    if cols is None:
        cols = spans[(col, width)] = range(col, col + width)
    return cols


def _whole_block(b: Block, rows: dict[int, RowWrites]) -> bool:
    """True when every row of `b` has the same (non-zero) width and no earlier block
    wrote any of them: its rows go in as they are, without a look at each."""
    values = b.values
    return _one_width(values) and rows.keys().isdisjoint(range(b.row, b.row + len(values)))


def _one_width(values: Sequence[Sequence[object]]) -> bool:
    """Whether the rows `values`, two or more, all have the same non-zero width."""
    return len(values) >= 2 and len(set(map(len, values))) == 1 and len(values[0]) > 0


def _beside(b: Block, rows: dict[int, RowWrites], spans: dict[tuple[int, int], range]) -> bool:
    """When every row of `b` has one width and was written already, left of the block's
    column only (result columns written block by block), join each row's writes and
    b's at once and say True; else change nothing and say False.

    The rows written alike share their columns, so the joined columns are made once per
    shared columns, not once per row (one list for the rows alike, as `_span` gives)."""
    values = b.values
    if not _one_width(values):
        return False
    written = range(b.row, b.row + len(values))
    if not rows.keys() >= set(written):
        return False
    prevs = list(map(rows.__getitem__, written))
    before = {id(pcols): pcols for pcols, _ in prevs}
    if any(pcols[-1] >= b.col for pcols in before.values()):
        return False
    cols = _span(spans, b.col, len(values[0]))
    joined = {key: [*pcols, *cols] for key, pcols in before.items()}
    pairs = zip(prevs, values, strict=True)
    rows.update(
        zip(written, [(joined[id(c)], [*pvals, *vals]) for (c, pvals), vals in pairs], strict=True)
    )
    return True


def _merged(prev: RowWrites, cols: Sequence[int], values: Sequence[object]) -> RowWrites:
    """A row's writes `prev`, then `values` at `cols` (winning where both write)."""
    pcols, pvalues = prev
    if pcols[-1] < cols[0]:  # side by side (columns written block by block): joined
        return [*pcols, *cols], [*pvalues, *values]
    if cols[-1] < pcols[0]:
        return [*cols, *pcols], [*values, *pvalues]
    merged = dict(zip(pcols, pvalues, strict=True))
    merged.update(zip(cols, values, strict=True))
    order = sorted(merged)
    return order, [merged[c] for c in order]


def value_bounds(writes: Mapping[int, RowWrites]) -> list:
    """The area of the cells that receive a value (None clears and may write nothing)."""
    # (the area kept in locals, compared inline: a call to `grow` per row cost more than
    # the rest of the loop)
    top = left = _FAR
    bottom = right = -1
    for r, (cols, vals) in writes.items():
        n = len(vals)
        i = 0
        while i < n and vals[i] is None:
            i += 1
        if i == n:
            continue
        j = n - 1
        while vals[j] is None:
            j -= 1
        if r < top:
            top = r
        if r > bottom:
            bottom = r
        if cols[i] < left:
            left = cols[i]
        if cols[j] > right:
            right = cols[j]
    return [None, None, None, None] if bottom < 0 else [top, left, bottom, right]


def grow(bounds: list, r: int, lo: int, hi: int) -> None:
    """Widen `bounds` [row1, col1, row2, col2] (all None while empty) to row r, lo..hi."""
    if bounds[0] is None:
        bounds[:] = [r, lo, r, hi]
        return
    # (comparisons, not min/max: called once per row written)
    if r < bounds[0]:
        bounds[0] = r
    if lo < bounds[1]:
        bounds[1] = lo
    if r > bounds[2]:
        bounds[2] = r
    if hi > bounds[3]:
        bounds[3] = hi
