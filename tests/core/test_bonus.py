"""The bonus pool split by grade coefficient × bonus base, exactly to the cent."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

import pytest
from fakes import SAB, actual, person, totals_assessment
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xlkpi.core.bonus import bonus_shares
from xlkpi.core.cents import allocate, to_money
from xlkpi.core.engine import assess
from xlkpi.core.model import Assessment, Entry, GradeBand, Settings
from xlkpi.core.problems import Source

D = Decimal


@pytest.mark.parametrize(
    ("pool", "coefficients", "bases", "shares"),
    [
        (D("1000"), [1, 1], [D(1), D(1)], [D("500.00"), D("500.00")]),
        (D("100"), [1, 1, 1], [D(1)] * 3, [D("33.34"), D("33.33"), D("33.33")]),  # earlier first
        (D("100"), [1.5, 1.0, 0.5], [D(1000)] * 3, [D("50.00"), D("33.33"), D("16.67")]),
        (D("10000"), [1.2, 1.0], [D(3000), D(5000)], [D("4186.05"), D("5813.95")]),
        (D("0.01"), [1, 1], [D(1), D(1)], [D("0.01"), D("0.00")]),
        (D("50"), [0, 1], [D(1), D(1)], [D("0.00"), D("50.00")]),
    ],
)
def test_bonus_shares(pool, coefficients, bases, shares):
    got = bonus_shares(pool, coefficients, bases)
    assert got == shares
    assert sum(got) == pool


def test_engine_splits_the_pool_by_final_grade():
    settings = Settings(bonus_pool=D("10000.00"))
    run = assess(totals_assessment([95.0, 85.0, 75.0, 50.0], settings, SAB))
    got = [r.bonus for r in run.results]
    # weights 1.5, 1.2, 1.0, 0.5 × base 1000 → 4.2 parts
    assert got == [D("3571.43"), D("2857.14"), D("2380.95"), D("1190.48")]
    assert sum(got) == D("10000.00")  # type: ignore[arg-type]
    assert run.ok


def test_no_pool_means_no_bonus():
    run = assess(totals_assessment([95.0, 85.0]))
    assert [r.bonus for r in run.results] == [None, None]


def test_missing_bonus_base_is_an_error_naming_the_employee_row():
    people = [person("1"), person("2", base=None)]
    run = assess(
        Assessment(
            Settings(bonus_pool=D("900")),
            [actual("X")],
            people,
            [Entry("1", "X", 80.0), Entry("2", "X", 80.0)],
            SAB,
        )
    )
    (e,) = run.problems
    assert e.code == "bonus.base" and str(e.where[0]) == "Employees!A2"
    assert "bonus base is missing" in e.message_en and "缺失" in e.message_zh
    assert [r.bonus for r in run.results] == [D("900.00"), None]
    assert not run.ok


def test_people_without_a_grade_get_no_share():
    run = assess(
        Assessment(
            Settings(bonus_pool=D("100")),
            [actual("X")],
            [person("1"), person("2")],
            [Entry("1", "X", 80.0)],
            SAB,
        )
    )
    assert [r.bonus for r in run.results] == [D("100.00"), None]


def test_pool_without_grades_or_negative_or_all_zero_is_an_error_naming_the_pool_cell():
    pool_cell = Source(sheet="Settings", cell="B5")
    cases = [
        (D("100"), [], "bonus.no_grades"),
        (D("-1"), SAB, "bonus.pool"),
        (D("100"), [GradeBand("A", 0, 0.0)], "bonus.unallocated"),
    ]
    for pool, bands, code in cases:
        settings = Settings(bonus_pool=pool, sources={"bonus_pool": pool_cell})
        run = assess(totals_assessment([80.0], settings, bands))
        (e,) = run.problems
        assert (e.code, e.where) == (code, (pool_cell,))


def test_bonus_follows_the_grade_after_veto():
    from xlkpi.core.model import Veto

    settings = Settings(bonus_pool=D("300"))
    run = assess(
        totals_assessment([95.0, 95.0], settings, SAB, vetoes=[Veto("2", "事故", cap_grade="C")])
    )
    assert [r.grade for r in run.results] == ["S", "C"]
    assert [r.bonus for r in run.results] == [D("225.00"), D("75.00")]


@pytest.mark.parametrize(
    ("value", "cents"),
    [
        ("0.125", "0.13"),  # half up, not to even (0.12)
        ("2.675", "2.68"),
        (2.675, "2.68"),  # a float goes through its repr, not its binary value (2.67499…)
        ("-0.125", "-0.13"),
        ("-0.004", "0.00"),  # never -0.00 on a payslip
    ],
)
def test_money_rounds_half_up_to_the_cent(value, cents):
    assert str(to_money(value)) == cents


def _reference_allocate(total, weights):
    """`cents.allocate` as first written (sorting on (-remainder, position)): the
    faster one must split every pool the same way, cent for cent."""
    amount = to_money(total)
    ws = [Decimal(repr(w)) if isinstance(w, float) else Decimal(w) for w in weights]
    weight_sum = sum(ws, Decimal(0))
    if not ws or weight_sum == 0:
        return [Decimal("0.00") for _ in ws]
    sign = -1 if amount < 0 else 1
    cents_total = int(abs(amount) / Decimal("0.01"))
    exact = [Decimal(cents_total) * w / weight_sum for w in ws]
    floors = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = cents_total - sum(floors)
    order = sorted(range(len(ws)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(sign * c) * Decimal("0.01") for c in floors]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.decimals(min_value=-(10**7), max_value=10**9, places=2),
        st.floats(min_value=-1e6, max_value=1e8),
        st.integers(min_value=0, max_value=10**6),
    ),
    st.lists(
        st.one_of(
            st.sampled_from([0.0, 1.0, 1.2, 0.8, 1.5]),  # grade coefficients: many ties
            st.floats(min_value=0, max_value=1e6),
            st.integers(min_value=0, max_value=10**5),
            st.decimals(min_value=0, max_value=10**5, places=3),
        ),
        max_size=40,
    ),
)
@example(  # a few weights shared by many, spelled apart (2, 2.0, 2.00), and cents left over
    Decimal("1000.01"),
    [Decimal("2"), 1.5, Decimal("2.0"), 3, 1.5, Decimal("2.00"), 0.0, Decimal("1.5"), 2, 3],
)
@example(Decimal("-0.07"), [1, 1, 1, Decimal("1.0"), 2])
def test_allocate_splits_as_the_reference(total, weights):
    got = allocate(total, weights)
    assert got == _reference_allocate(total, weights)
    assert [str(g) for g in got] == [str(r) for r in _reference_allocate(total, weights)]
