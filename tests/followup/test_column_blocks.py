"""The follow-up tables' grey columns are made a column at a time
(`run._column_blocks`): pinned to one dict of cells per row, as they were made before,
for rows in any order, rows outside the table, a row given twice and columns shared."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from xlkpi.followup import run
from xlkpi.io.cells import column_runs

KEYS = ("a", "b", "c", "d")


def _by_row_dicts(sheet, columns, at, values, first, end):
    """The blocks as one dict of cells per row gave them."""
    cells: dict[int, dict] = {}
    for i, r in enumerate(at):
        cells.setdefault(r, {}).update({k: column[i] for k, column in values.items()})
    keys = sorted(set(values) & set(columns))
    key_of = {columns[k]: k for k in keys}
    rows = [cells.get(r, {}) for r in range(first, end)]
    return [
        (sheet, first, cols[0], [[row.get(key_of[c]) for c in cols] for row in rows])
        for cols in column_runs(key_of)
    ]


@given(
    st.dictionaries(st.sampled_from(KEYS), st.integers(0, 6), min_size=1),
    st.lists(st.integers(0, 12), max_size=10),
    st.integers(0, 4),
    st.integers(0, 12),
    st.data(),
)
@example({"a": 0, "b": 1, "d": 5}, [3, 4, 5, 6], 3, 7, None)  # the rows in order: as they are
@example({"a": 2, "b": 2}, [5, 3, 5], 3, 6, None)  # a shared column, a row twice
def test_column_blocks_match_a_dict_per_row(columns, at, first, end, data):
    keys = sorted(columns)
    values = {
        k: [
            None if data is None else data.draw(st.one_of(st.none(), st.text(max_size=2)))
            for _ in at
        ]
        for k in keys
    }
    got = [
        (b.sheet, b.row, b.col, b.values)
        for b in run._column_blocks("S", columns, at, values, first, end)
    ]
    assert got == (_by_row_dicts("S", columns, at, values, first, end) if end > first else [])
