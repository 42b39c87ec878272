"""Two-level weights: sums per dimension and per position, and the weighted-points formula."""

from __future__ import annotations

import pytest
from fakes import Levels, Tiers, actual, cell, person, rated, rater_entries

from xlkpi.core.engine import assess
from xlkpi.core.model import Assessment, Entry, Indicator, Settings
from xlkpi.core.problems import Problems
from xlkpi.core.weights import check_weights, group_by_position, weighted_points

CAPABILITY = [  # seed 001, table 9-23: the capability indicators of the CS manager
    ("revisit", 0.05, 5),
    ("complaints", 0.30, 30),
    ("satisfaction", 0.20, 20),
    ("training", 0.05, 5),
    ("process", 0.20, 20),
    ("records", 0.10, 10),
    ("sales", 0.05, 5),
    ("churn", 0.05, 5),
]
ATTITUDE = ["initiative", "customer_focus", "thoroughness", "accountability"]  # table 9-24
MANAGER = "客户服务部经理"


def cs_manager(capability_weight: float = 0.85, attitude_weight: float = 0.25) -> list[Indicator]:
    """The seed's manager: capability 85%, attitude 25% (= 110%), each weight in its own cell."""
    inds = []
    for row, (code, w, scale) in enumerate(CAPABILITY, start=2):
        inds.append(
            actual(
                code,
                w,
                scale,
                Tiers(((90.0, scale),), scale),
                MANAGER,
                dimension="能力",
                dimension_weight=capability_weight,
                weight_source=cell(f"E{row}", "Indicators"),
                dimension_weight_source=cell(f"G{row}", "Indicators"),
            )
        )
    for row, code in enumerate(ATTITUDE, start=2 + len(CAPABILITY)):
        inds.append(
            rated(
                code,
                0.25,
                25,
                Levels(),
                MANAGER,
                dimension="态度",
                dimension_weight=attitude_weight,
                weight_source=cell(f"E{row}", "Indicators"),
                dimension_weight_source=cell(f"G{row}", "Indicators"),
            )
        )
    return inds


def manager_run(capability: float, attitude: float) -> Assessment:
    emp = person("1", position=MANAGER)
    entries = [
        Entry("1", code, 95.0, source=cell(f"B{i}"))
        for i, (code, _, _) in enumerate(CAPABILITY, start=2)
    ]
    for code in ATTITUDE:
        entries += rater_entries("1", code, self=4.0, reviewer=4.0, approver=4.0)
    return Assessment(Settings(), cs_manager(capability, attitude), [emp], entries)


def test_seed_cs_manager_110_percent_is_an_error_naming_every_dimension_weight_cell():
    run = assess(manager_run(0.85, 0.25))
    errors = [p for p in run.problems.errors if p.code == "weights.dimension_sum"]
    assert len(errors) == 1
    err = errors[0]
    assert "110%" in err.message_en and "110%" in err.message_zh
    assert "能力 85%" in err.message_en and "态度 25%" in err.message_en
    assert [str(s) for s in err.where] == [f"Indicators!G{r}" for r in range(2, 14)]
    assert not run.ok
    # Partial results are still computed: capability full marks 85 + attitude level 4
    # (20/25 of 25) = 105, clamped to 100 with a warning.
    res = run.results[0]
    assert res.subtotal == pytest.approx(105.0)
    assert res.total == 100.0
    assert [p.code for p in run.problems.warnings] == ["total.clamped"]


def test_seed_cs_manager_with_fixed_weights_has_no_weight_problem():
    run = assess(manager_run(0.75, 0.25))
    assert not [p for p in run.problems if p.code.startswith("weights.")]
    # capability: all ≥ 90 → full → 75; attitude: level 4 → 20/25 → 0.8 × 25 = 20
    assert run.results[0].total == 95.0
    assert run.ok


def test_merged_dimension_weight_cell_is_named_once():
    shared = cell("G2", "Indicators")
    inds = [
        actual("a", 0.5, dimension="x", dimension_weight=0.6, dimension_weight_source=shared),
        actual("b", 0.5, dimension="x", dimension_weight=0.6, dimension_weight_source=shared),
        actual(
            "c",
            1.0,
            dimension="y",
            dimension_weight=0.6,
            dimension_weight_source=cell("G4", "Indicators"),
        ),
    ]
    problems = Problems()
    check_weights(group_by_position(inds, problems), 0.0001, problems)
    (err,) = problems.errors
    assert [str(s) for s in err.where] == ["Indicators!G2", "Indicators!G4"]


@pytest.mark.parametrize(
    ("weights", "ok"),
    [
        ((0.5, 0.5), True),
        ((0.05, 0.30, 0.20, 0.05, 0.20, 0.10, 0.05, 0.05), True),  # float noise must not count
        ((0.5, 0.49995), True),  # 0.005 pp short: within 0.01 pp
        ((0.5, 0.5001), True),  # exactly 0.01 pp over: the tolerance is inclusive
        ((0.5, 0.5002), False),  # 0.02 pp over
        ((0.5, 0.4998), False),
        ((0.6, 0.5), False),
        ((1.0,), True),
        ((0.9,), False),
    ],
)
def test_indicator_weights_in_a_dimension_sum_to_100_within_001_pp(weights, ok):
    inds = [actual(f"i{k}", w, weight_source=cell(f"E{k + 2}")) for k, w in enumerate(weights)]
    problems = Problems()
    check_weights(group_by_position(inds, problems), Settings().weight_tolerance, problems)
    assert (not problems.has_errors) is ok
    if not ok:
        (err,) = problems.errors
        assert err.code == "weights.indicator_sum"
        assert [str(s) for s in err.where] == [f"Scores!E{k + 2}" for k in range(len(weights))]


def test_positions_are_checked_separately():
    inds = [actual("a", 1.0, position="P1"), actual("a", 0.7, position="P2")]
    problems = Problems()
    check_weights(group_by_position(inds, problems), 0.0001, problems)
    (err,) = problems.errors
    assert "P2" in err.message_en and "70%" in err.message_en


def test_different_dimension_weights_within_one_dimension_are_an_error():
    inds = [
        actual("a", 0.5, dimension="x", dimension_weight=0.5, dimension_weight_source=cell("G2")),
        actual("b", 0.5, dimension="x", dimension_weight=0.4, dimension_weight_source=cell("G3")),
        actual("c", 1.0, dimension="y", dimension_weight=0.5),
    ]
    problems = Problems()
    check_weights(group_by_position(inds, problems), 0.0001, problems)
    codes = [p.code for p in problems.errors]
    assert codes == ["weights.dimension_mismatch"]
    assert [str(s) for s in problems.errors[0].where] == ["Scores!G2", "Scores!G3"]


def test_negative_weight_is_an_error_naming_its_cell():
    inds = [actual("a", 1.2, weight_source=cell("E2")), actual("b", -0.2, weight_source=cell("E3"))]
    problems = Problems()
    check_weights(group_by_position(inds, problems), 0.0001, problems)
    assert [p.code for p in problems.errors] == ["weights.negative"]
    assert str(problems.errors[0].where[0]) == "Scores!E3"


def test_duplicate_indicator_code_in_a_position_is_an_error():
    problems = Problems()
    grouped = group_by_position(
        [actual("a", 0.5, source=cell("A2")), actual("a", 0.5, source=cell("A3"))], problems
    )
    assert list(grouped["P"]) == ["a"]
    (err,) = problems.errors
    assert err.code == "indicator.duplicate"
    assert [str(s) for s in err.where] == ["Scores!A2", "Scores!A3"]


@pytest.mark.parametrize(
    ("raw", "scale", "weight", "dim_weight", "points"),
    [
        (30, 30, 0.30, 0.85, 25.5),  # complaints: full marks
        (10, 20, 0.20, 0.85, 8.5),
        (20, 25, 0.25, 0.15, 3.0),  # attitude level 4
        (90, 100, 0.15, 1.0, 13.5),  # talk time 182 s → 90 points, weight 15%
        (0, 100, 0.4, 1.0, 0.0),
        (5, 5, 1.0, 1.0, 100.0),
    ],
)
def test_weighted_points_is_raw_over_scale_times_both_weights(
    raw, scale, weight, dim_weight, points
):
    ind = actual("x", weight, scale, dimension_weight=dim_weight)
    assert weighted_points(raw, ind) == pytest.approx(points)
