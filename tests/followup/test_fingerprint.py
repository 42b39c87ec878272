"""The input fingerprint: its digest is pinned, and the fast row text to the per-cell
definition (a changed digest would make every book's next Calculate log a new input)."""

from __future__ import annotations

import datetime as dt

import fu_book
from hypothesis import given
from hypothesis import strategies as st

from xlkpi.followup.fingerprint import row_text
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import read_book


def _reference(row: list, sheet: str, r: int, cols: set[int], cells: set) -> str:
    """The fingerprint's row text as first defined: one test per cell."""
    parts = [
        f"{c}={type(v).__name__}:{v!r}"
        for c, v in enumerate(row)
        if v is not None and v != "" and c not in cols and (sheet, r, c) not in cells
    ]
    return "\x1f".join(parts)


_VALUES = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=5),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)),
)


@given(
    rows=st.lists(st.lists(_VALUES, max_size=8), max_size=6),
    cols=st.sets(st.integers(0, 9), max_size=4),
    cells=st.sets(st.tuples(st.sampled_from(["S", "T"]), st.integers(0, 6), st.integers(0, 9))),
)
def test_row_text_matches_the_per_cell_definition(rows, cols, cells):
    for r, row in enumerate(rows):
        also = {c for s, rr, c in cells if s == "S" and rr == r}
        assert row_text(row, cols | also) == _reference(row, "S", r, cols, cells)


def test_the_digest_of_a_known_book_is_unchanged(tmp_path):
    path = fu_book.save(tmp_path / "2026-09.xlsx", fu_book.grids())
    outcome, failed = read_book(XlsxBook(path, backup=False))
    assert not failed and outcome.followup is not None
    assert outcome.followup.fingerprint == "a73324c970b886b2"  # as computed before the fast path
