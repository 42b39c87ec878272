"""Shown points and subtotals: whole cents are shown as they are, exactly as the
largest-remainder split (`results_shown._allocated_points`) and `round_total` would show them."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import example, given
from hypothesis import strategies as st

from xlkpi.core.adjust import round_total
from xlkpi.workbook import results_shown

cents = st.integers(0, 10_000_000).map(lambda c: c / 100)  # 0.00 .. 100,000.00
points = st.one_of(
    cents,
    st.integers(0, 20_000).map(lambda h: h / 1000),  # half cents: 3.335
    st.floats(0, 1e6, allow_nan=False),
    st.floats(-100, 100, allow_nan=False),
    st.none(),
)


def _result(values):
    return SimpleNamespace(
        indicators={f"K{i}": SimpleNamespace(points=v) for i, v in enumerate(values)}
    )


@given(st.lists(points, max_size=8))
@example([3.335, 3.335, 3.335])
@example([0.07, 0.1, 0.2])
@example([-0.0, 0.0])
@example([12.5, None, 18.75])
def test_shown_points_equal_the_allocated_points(values):
    shown = results_shown.shown_points(_result(values))
    scored = [round(v, 9) for v in values if v is not None]
    expected = iter(results_shown._allocated_points(scored)) if scored else iter(())
    for (code, got), v in zip(shown.items(), values, strict=True):
        want = None if v is None else next(expected)
        assert got == want and str(got) == str(want), (code, values)


def test_points_off_the_cent_share_the_subtotal():
    shown = results_shown.shown_points(_result([3.335, 3.335, 3.335]))
    assert sorted(shown.values()) == [3.33, 3.34, 3.34]  # 10.005 shows as 10.01


@given(st.one_of(points, st.floats(-1e6, 1e6).map(lambda v: -abs(v))))
@example(-0.0)
@example(89.995)
@example(1e-10)
def test_shown_subtotal_equals_round_total(v):
    got = results_shown.shown_subtotal(SimpleNamespace(subtotal=v))
    want = None if v is None else round_total(v)
    assert got == want and str(got) == str(want)


@given(st.lists(st.lists(points, max_size=6), max_size=6))
@example([[-0.0, 0.07], [0.0, 0.07]])
@example([[3.335, 3.335, 3.335], [3.335, 0.1]])
def test_points_remembered_across_people_show_the_same(people):
    seen: dict = {}
    for values in people:
        fresh = results_shown.shown_points(_result(values))
        remembered = results_shown.shown_points(_result(values), seen)
        assert [str(v) for v in remembered.values()] == [str(v) for v in fresh.values()]


cell_values = st.one_of(
    st.none(), st.sampled_from([0.0, -0.0, 0, 1, 1.0, 2.5, True, False]), st.floats(-5, 5)
)


@given(
    st.integers(1, 4).flatmap(lambda w: st.lists(st.lists(cell_values, min_size=w, max_size=w))),
    st.sampled_from([[], [-0.0], [0.0]]),
)
@example([[None, -0.0], [0.0, None]], [])  # row order meets -0.0 first, column order 0.0
@example([[1, 1.0], [1.0, 1]], [])  # classes mixed in a row
def test_styled_columns_equal_cell_by_cell_in_row_order(rows, before):
    """`_StyledCache.columns` (a lookup per distinct value) gives what `of` gives cell by
    cell, row after row: the same class and sign of every value (the writer prints 0.0
    and -0.0 differently, and the cache shares the first one met)."""
    fresh, fast = results_shown.StyledCache(), results_shown.StyledCache()
    for cache in (fresh, fast):  # a zero met in an earlier block of the sheet, or none
        cache.columns("0.00", [before])
    one_by_one = fresh.of("0.00")
    expected = [[one_by_one(v) for v in row] for row in rows]
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else []
    got = [list(r) for r in zip(*fast.columns("0.00", columns), strict=True)] if rows else []

    def shown(cells):
        return [[None if c is None else (type(c.value), repr(c.value)) for c in r] for r in cells]

    assert shown(got) == shown(expected)


def test_styled_decimal_columns_share_as_cell_by_cell_in_row_order():
    """Equal Decimals print apart (1.0, 1.00): the first met in row order is shared, as
    `of` shares it cell by cell, not the first of the first column."""
    rows = [[None, Decimal("1.00")], [Decimal("1.0"), Decimal("1.0")]]
    one_by_one = results_shown.StyledCache().of("0.00")
    expected = [[one_by_one(v) for v in row] for row in rows]
    columns = [list(c) for c in zip(*rows, strict=True)]
    got = list(zip(*results_shown.StyledCache().columns("0.00", columns), strict=True))
    shown = [[None if c is None else str(c.value) for c in row] for row in got]
    assert shown == [[None if c is None else str(c.value) for c in row] for row in expected]
    assert shown == [[None, "1.00"], ["1.00", "1.00"]]


@given(st.lists(st.one_of(points, st.sampled_from([0, 1, 2.675, -0.0]))))
@example([0.0, -0.0, 89.995, 89.995, 1, 1.0])
def test_subtotals_remembered_across_people_show_the_same(subtotals):
    seen: dict = {}
    for v in subtotals:
        fresh = results_shown.shown_subtotal(SimpleNamespace(subtotal=v))
        remembered = results_shown.shown_subtotal(SimpleNamespace(subtotal=v), seen)
        assert str(remembered) == str(fresh) and type(remembered) is type(fresh)
