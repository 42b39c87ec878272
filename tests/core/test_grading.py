"""Grades by threshold (inclusive), the grade table's checks, overrides and veto grade caps."""

from __future__ import annotations

import pytest
from fakes import SAB, cell, totals_assessment

from xlkpi.core.engine import assess
from xlkpi.core.grading import check_bands, grade_for
from xlkpi.core.model import GradeBand, GradeOverride, QuotaKind, Settings, Veto
from xlkpi.core.problems import Problems, Source


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100.0, "S"),
        (90.0, "S"),
        (89.99, "A"),
        (80.0, "A"),
        (79.99, "B"),
        (70.0, "B"),
        (69.99, "C"),
        (0.0, "C"),
    ],
)
def test_grade_thresholds_are_inclusive(score, grade):
    assert grade_for(score, SAB).grade == grade  # type: ignore[union-attr]
    assert assess(totals_assessment([score])).results[0].grade_by_score == grade


def test_89_995_rounds_to_90_and_is_s():
    assert assess(totals_assessment([89.995])).results[0].grade == "S"
    assert assess(totals_assessment([89.9949])).results[0].grade == "A"


def test_total_below_every_band_is_an_error():
    bands = [GradeBand("合格", 60, source=Source(sheet="Grades", cell="A2"))]
    run = assess(totals_assessment([59.99], grades=bands))
    (e,) = run.problems
    assert e.code == "grades.below"
    assert [str(s) for s in e.where] == ["Employees!A1", "Grades!A2"]
    assert run.results[0].grade is None


def test_no_grade_table_means_no_grades_and_no_problem():
    run = assess(totals_assessment([75.0], grades=[]))
    assert run.results[0].grade is None and not run.problems


def band(grade, minimum, kind=None, share=None, coefficient=1.0, row=2):
    return GradeBand(
        grade, minimum, coefficient, kind, share, Source(sheet="Grades", cell=f"A{row}")
    )


@pytest.mark.parametrize(
    ("bands", "fragments"),
    [
        ([band("S", 90), band("A", 80)], []),
        ([band("S", 80), band("A", 90, row=3)], ["not below the better grade S"]),
        ([band("S", 90), band("S", 80, row=3)], ["listed twice"]),
        ([band("", 90)], ["has no name"]),
        ([band("S", 90, coefficient=-1)], ["coefficient"]),
        ([band("S", 90, QuotaKind.AT_MOST)], ["needs both"]),
        ([band("S", 90, share=0.1)], ["needs both"]),
        ([band("S", 90, QuotaKind.AT_MOST, 1.5), band("C", 0)], ["outside 0–100%"]),
        ([band("S", 90), band("C", 0, QuotaKind.AT_MOST, 0.1)], ["lowest grade"]),
        ([band("S", 90, QuotaKind.AT_LEAST, 0.1), band("C", 0)], ["only the lowest grade"]),
        ([band("S", 90, QuotaKind.AT_MOST, 0.1), band("C", 0, QuotaKind.AT_LEAST, 0.05)], []),
    ],
)
def test_grade_table_checks(bands, fragments):
    problems = Problems()
    assert check_bands(bands, problems) is (not fragments)
    assert len(problems) == len(fragments)
    for p, fragment in zip(problems, fragments, strict=True):
        assert fragment in p.message_en and p.message_zh and p.where


def test_override_replaces_the_grade_and_is_noted():
    ov = GradeOverride("1", "A", "校准会议决定", cell("B2", "Calibration"))
    res = assess(totals_assessment([75.0], overrides=[ov])).results[0]
    assert (res.grade_by_score, res.grade) == ("B", "A")
    assert "calibrated from B to A: 校准会议决定" in res.grade_note_en
    assert "校准" in res.grade_note_zh


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        (GradeOverride("1", "A", ""), "has no reason"),
        (GradeOverride("1", "Z", "x"), "unknown grade 'Z'"),
        (GradeOverride("9", "A", "x"), "not in the employee list"),
    ],
)
def test_invalid_overrides_are_errors_and_not_applied(override, fragment):
    run = assess(totals_assessment([75.0], overrides=[override]))
    (e,) = run.problems
    assert e.code == "override.invalid" and fragment in e.message_en
    assert run.results[0].grade == "B" and not run.ok


def test_second_override_for_one_person_is_an_error_naming_both():
    ovs = [GradeOverride("1", "A", "x", cell("B2")), GradeOverride("1", "S", "y", cell("B3"))]
    run = assess(totals_assessment([75.0], overrides=ovs))
    (e,) = run.problems
    assert [str(s) for s in e.where] == ["Scores!B3", "Scores!B2"]
    assert run.results[0].grade == "A"


@pytest.mark.parametrize(
    ("total", "cap", "grade"),
    [(95.0, "B", "B"), (75.0, "B", "B"), (65.0, "B", "C"), (95.0, "S", "S")],
)
def test_veto_grade_cap_means_no_better_than(total, cap, grade):
    res = assess(totals_assessment([total], vetoes=[Veto("1", "重大事故", cap_grade=cap)])).results[
        0
    ]
    assert res.grade == grade
    assert ("veto" in res.grade_note_en) is (res.grade != res.grade_by_score)


def test_veto_wins_over_a_calibration_with_a_warning():
    run = assess(
        totals_assessment(
            [75.0],
            overrides=[GradeOverride("1", "S", "x", cell("B2"))],
            vetoes=[Veto("1", "事故", cap_grade="C", source=cell("C2"))],
        )
    )
    res = run.results[0]
    assert res.grade == "C"
    (w,) = run.problems
    assert w.code == "override.vetoed" and [str(s) for s in w.where] == ["Scores!B2", "Scores!C2"]


def test_overrides_apply_after_forced_distribution():
    bands = [GradeBand("S", 90, 1, QuotaKind.AT_MOST, 0.1), GradeBand("A", 0)]
    run = assess(
        totals_assessment(
            [95.0, 94.0], Settings(), bands, overrides=[GradeOverride("2", "S", "都很优秀")]
        )
    )
    assert [r.grade for r in run.results] == ["S", "S"]
    assert "forced distribution" in run.results[1].grade_note_en
    assert "calibrated from A to S" in run.results[1].grade_note_en


def test_calibrations_and_vetoes_are_applied_in_the_order_of_the_people():
    """The engine hands `finalise_grades` only the people with a calibration or a veto,
    found by id: they still come in the employee list's order, whatever order the
    calibrations and vetoes were keyed in, and everyone else keeps their grade."""
    run = assess(
        totals_assessment(
            [75.0, 95.0, 85.0, 70.0],
            overrides=[
                GradeOverride("4", "S", "x", cell("B4")),
                GradeOverride("1", "S", "y", cell("B2")),
            ],
            vetoes=[
                Veto("4", "事故", cap_grade="B", source=cell("C4")),
                Veto("1", "事故", cap_grade="A", source=cell("C2")),
                Veto("2", "事故", cap_grade="A", source=cell("C3")),
            ],
        )
    )
    assert [r.grade for r in run.results] == ["A", "A", "A", "B"]
    warned = [(p.code, str(p.where[0])) for p in run.problems]
    assert warned == [("override.vetoed", "Scores!B2"), ("override.vetoed", "Scores!B4")]
    assert run.results[2].grade_note_en == ""
