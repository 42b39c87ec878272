"""Totals: adjustments, veto caps, clamping to 0..100 and rounding half up to two decimals."""

from __future__ import annotations

import pytest
from fakes import actual, cell, person, totals_assessment
from hypothesis import example, given
from hypothesis import strategies as st

from xlkpi.core.adjust import _denoise, _denoised, round_total
from xlkpi.core.engine import assess
from xlkpi.core.model import Adjustment, Assessment, Entry, Settings, Veto


@pytest.mark.parametrize(
    ("raw", "total"),
    [
        (89.995, 90.0),  # half up, not banker's and not binary 89.99499...
        (89.99499999999999, 90.0),  # float-sum noise of 89.995 is not a real digit
        (89.9949, 89.99),
        (0.005, 0.01),
        (0.004999, 0.0),
        (72.125, 72.13),
        (72.135, 72.14),
        (100.0, 100.0),
        (0.0, 0.0),
        (33.333333333, 33.33),
    ],
)
def test_round_total_half_up_two_decimals(raw, total):
    assert round_total(raw) == total


@given(st.floats(min_value=0.0, max_value=100.0) | st.floats(min_value=-1e3, max_value=1e3))
@example(89.99499999999999)
@example(-0.0)
@example(72.12499999999999)
def test_a_denoised_total_rounds_as_round_total_would(raw):
    """`finish_total` rounds the Decimal it denoised (once per distinct subtotal) rather than
    calling `round_total` on the float: the same figure, sign of zero included."""
    rounded: dict[float, tuple[float, float]] = {}
    for _ in range(2):  # worked out, then (but for a zero) taken from `rounded`
        clean, fast = _denoised(raw, rounded)
        reference = round_total(_denoise(raw))
        assert repr((clean, fast)) == repr((_denoise(raw), reference))
    assert len(rounded) == (1 if raw else 0)


def test_only_the_total_is_rounded_not_indicator_points():
    run = assess(totals_assessment([89.995]))
    res = run.results[0]
    assert res.indicators["X"].points == 89.995
    assert res.subtotal == 89.995
    assert res.total == 90.0
    assert res.grade == "S"  # graded on the rounded total


@pytest.mark.parametrize(
    ("points", "total"),
    [((5.0,), 85.0), ((5.0, -2.5), 82.5), ((-85.0,), 0.0), ((-80.0,), 0.0), ((30.0,), 100.0)],
)
def test_adjustments_add_up_and_are_clamped(points, total):
    adjs = [Adjustment("1", p, "通报", cell(f"B{k}", "Adjustments")) for k, p in enumerate(points)]
    run = assess(totals_assessment([80.0], adjustments=adjs))
    res = run.results[0]
    assert res.adjustment == sum(points)
    assert res.total == total
    clamped = [p for p in run.problems if p.code == "total.clamped"]
    assert bool(clamped) is (80.0 + sum(points) not in (total,))
    if clamped:
        assert not clamped[0].is_error
        assert str(clamped[0].where[1]) == "Adjustments!B0"  # names the adjustment cells too
        assert "clamped" in res.total_note_en


@pytest.mark.parametrize("reason", ["", "   "])
def test_adjustment_without_reason_is_an_error_and_not_applied(reason):
    run = assess(totals_assessment([80.0], adjustments=[Adjustment("1", 5.0, reason, cell("C3"))]))
    (e,) = run.problems
    assert (e.code, str(e.where[0])) == ("adjustment.reason", "Scores!C3")
    assert run.results[0].total == 80.0 and not run.ok


def test_adjustment_for_unknown_employee_is_an_error():
    run = assess(totals_assessment([80.0], adjustments=[Adjustment("x", 5.0, "r", cell("C3"))]))
    assert [p.code for p in run.problems] == ["adjustment.employee"]


@pytest.mark.parametrize(
    ("subtotal", "caps", "total"),
    [
        (95.0, (60.0,), 60.0),
        (60.01, (60.0,), 60.0),  # just above the cap is capped too
        (60.0, (60.0,), 60.0),
        (50.0, (60.0,), 50.0),
        (95.0, (70.0, 59.0), 59.0),
        (95.0, (0.0,), 0.0),
    ],
)
def test_veto_caps_the_total(subtotal, caps, total):
    vetoes = [Veto("1", "重大事故", cap_total=c) for c in caps]
    run = assess(totals_assessment([subtotal], vetoes=vetoes))
    res = run.results[0]
    assert res.total == total and run.ok
    assert ("veto" in res.total_note_en) is (total < subtotal)


def test_veto_caps_after_adjustments():
    run = assess(
        totals_assessment(
            [58.0],
            adjustments=[Adjustment("1", 5.0, "r")],
            vetoes=[Veto("1", "事故", cap_total=60.0)],
        )
    )
    assert run.results[0].total == 60.0


@pytest.mark.parametrize(
    ("veto", "fragment"),
    [
        (Veto("1", "", cap_total=60.0), "has no reason"),
        (Veto("1", "x"), "caps neither"),
        (Veto("1", "x", cap_total=120.0), "outside 0–100"),
        (Veto("1", "x", cap_grade="Z"), "unknown grade 'Z'"),
        (Veto("9", "x", cap_total=1.0), "not in the employee list"),
    ],
)
def test_invalid_vetoes_are_errors_and_not_applied(veto, fragment):
    run = assess(totals_assessment([95.0], vetoes=[veto]))
    (e,) = run.problems
    assert e.is_error and fragment in e.message_en and e.message_zh
    assert run.results[0].total == 95.0 and run.results[0].grade == "S"


def test_float_noise_in_a_full_score_is_not_a_clamp():
    # 55% + 6% + 14% + 4% + 21% at full marks: the float sum is 100.00000000000001
    weights = (0.55, 0.06, 0.14, 0.04, 0.21)
    inds = [actual(f"i{k}", w) for k, w in enumerate(weights)]
    entries = [Entry("1", f"i{k}", 100.0) for k in range(len(weights))]
    run = assess(Assessment(Settings(), inds, [person("1")], entries))
    assert run.results[0].subtotal is not None and run.results[0].subtotal > 100.0
    assert run.results[0].total == 100.0
    assert not run.problems


def test_totals_finished_while_scoring_keep_the_problems_in_their_order():
    """The engine finishes plain totals as it scores each person, and checks adjustments
    and vetoes before scoring; their problems still follow every scoring problem, and
    clamps come last, person by person, as when every total was finished afterwards."""
    adjs = [
        Adjustment("1", 30.0, "r", cell("C2", "Adjustments")),
        Adjustment("x", 5.0, "r", cell("C3", "Adjustments")),
        Adjustment("4", -90.0, "r", cell("C4", "Adjustments")),
    ]
    vetoes = [Veto("y", "事故", cap_total=1.0)]
    run = assess(totals_assessment([80.0, None, 70.0, 50.0], adjustments=adjs, vetoes=vetoes))  # type: ignore[list-item]
    assert [p.code for p in run.problems] == [
        "entry.missing_actual",
        "adjustment.employee",
        "veto.employee",
        "total.clamped",
        "total.clamped",
    ]
    assert [str(p.where[0]) for p in run.problems][-2:] == ["Employees!A1", "Employees!A4"]
    assert [r.total for r in run.results] == [100.0, None, 70.0, 0.0]
    assert [r.adjustment for r in run.results] == [30.0, 0.0, 0.0, -90.0]
