"""The input fingerprint: its digest is pinned, and the fast sheet text to the per-cell
definition (a changed digest would make every book's next Calculate log a new input)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import fu_book
from hypothesis import given
from hypothesis import strategies as st

from xlkpi.followup.fingerprint import sheet_text
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import read_book


def _reference(grid: list, cols: set[int], cells: set) -> str:
    """The fingerprint's text of a sheet as first defined: one test per cell, a row at a
    time."""
    out = []
    for r, row in enumerate(grid):
        parts = [
            f"{c}={type(v).__name__}:{v!r}"
            for c, v in enumerate(row)
            if v is not None and v != "" and c not in cols and (r, c) not in cells
        ]
        if parts:
            out.append(f"\x1e{r}\x1f" + "\x1f".join(parts))
    return "".join(out)


_VALUES = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=5),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.sampled_from([0.0, -0.0, 1.0, 2.5, -1.5]),  # zeros apart, whole floats beside ints
    st.booleans(),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)),
    # equal values that print apart: a column with them goes cell by cell
    st.sampled_from([Decimal("1.0"), Decimal("1.00"), dt.time(1, 30), dt.time(1, 30, fold=1)]),
)


@given(
    grid=st.lists(st.lists(_VALUES, max_size=8), max_size=6),
    cols=st.sets(st.integers(0, 9), max_size=4),
    cells=st.sets(st.tuples(st.integers(0, 7), st.integers(0, 9))),
)
def test_sheet_text_matches_the_per_cell_definition(grid, cols, cells):
    assert sheet_text(grid, cols, cells) == _reference(grid, cols, cells)


def test_equal_values_that_print_apart_keep_their_own_text():
    grid = [
        [1, True, 0.0, "a", Decimal("1.0"), dt.time(1, 30)],
        [1.0, 1, -0.0, "a", Decimal("1.00"), dt.time(1, 30, fold=1)],
        [True, 1.0, 0, None, None, None],
    ]
    text = sheet_text(grid, set(), set())
    assert text == _reference(grid, set(), set())
    for cell in ("1=bool:True", "2=float:-0.0", "4=Decimal:Decimal('1.00')", "fold=1"):
        assert cell in text


def test_the_digest_of_a_known_book_is_unchanged(tmp_path):
    path = fu_book.save(tmp_path / "2026-09.xlsx", fu_book.grids())
    outcome, failed = read_book(XlsxBook(path, backup=False))
    assert not failed and outcome.followup is not None
    assert outcome.followup.fingerprint == "a73324c970b886b2"  # as computed before the fast path


def test_a_column_of_mostly_distinct_texts_matches_the_per_cell_definition():
    """Such a column takes a repr per cell (not the few-distinct-values path): blanks,
    quotes and escapes among its texts."""
    names = [f"员工{i}" for i in range(40)] + ["it's", 'say "hi"', "a\\b", "None", "''", "x\n"]
    for extra in ([], [None, ""], [None], [""]):
        grid = [[name, i] for i, name in enumerate(names + extra)]
        assert sheet_text(grid, set(), set()) == _reference(grid, set(), set())
