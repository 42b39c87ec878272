"""Forced distribution: quota rounding on small teams, moves, ties at the boundary, scopes."""

from __future__ import annotations

import pytest
from fakes import actual, person, quota_bands, totals_assessment

from xlkpi.core.distribution import check_calibrations, distribute_group, quota_count
from xlkpi.core.engine import assess
from xlkpi.core.model import (
    Assessment,
    Entry,
    GradeBand,
    GradeOverride,
    QuotaKind,
    Scope,
    Settings,
)
from xlkpi.core.problems import Problems

MOST, LEAST = QuotaKind.AT_MOST, QuotaKind.AT_LEAST


@pytest.mark.parametrize(
    ("kind", "share", "counts"),
    [
        # headcount:      1  3  7  11 20 30
        (MOST, 0.10, [1, 1, 1, 2, 2, 3]),  # ceil; 10% of 30 is exactly 3, not 4
        (MOST, 0.20, [1, 1, 2, 3, 4, 6]),
        (LEAST, 0.05, [0, 0, 0, 0, 1, 1]),  # floor
        (LEAST, 0.10, [0, 0, 0, 1, 2, 3]),
        (MOST, 0.0, [0, 0, 0, 0, 0, 0]),
        (LEAST, 1.0, [1, 3, 7, 11, 20, 30]),
    ],
)
def test_quota_count_rounds_at_most_up_and_at_least_down(kind, share, counts):
    assert [quota_count(kind, share, n) for n in (1, 3, 7, 11, 20, 30)] == counts


def grades(totals, settings=None, bands=None):
    run = assess(totals_assessment(totals, settings, bands or quota_bands()))
    return [r.grade for r in run.results], run


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        # team of 1: S ≤ 1, A ≤ 1, C ≥ 0 — one person keeps any grade
        ([95.0], ["S"]),
        ([50.0], ["C"]),
        # team of 3: S ≤ 1, A ≤ 1: the second S moves to A, which pushes A's last to B
        ([95.0, 92.0, 85.0], ["S", "A", "B"]),
        # team of 7: S ≤ 1, A ≤ 2, C ≥ 0
        ([96.0, 95.0, 91.0, 88.0, 85.0, 82.0, 60.0], ["S", "A", "A", "B", "B", "B", "C"]),
        # team of 11: S ≤ 2, A ≤ 3, C ≥ 0
        (
            [99.0, 98.0, 97.0, 96.0, 95.0, 85.0, 84.0, 83.0, 82.0, 75.0, 50.0],
            ["S", "S", "A", "A", "A", "B", "B", "B", "B", "B", "C"],
        ),
        # within quota: nothing moves
        ([95.0, 85.0, 75.0, 72.0, 71.0, 70.0, 60.0], ["S", "A", "B", "B", "B", "B", "C"]),
    ],
)
def test_small_teams(totals, expected):
    got, run = grades(totals)
    assert got == expected
    assert run.ok and not run.problems


def test_moved_people_get_a_note_and_keep_their_grade_by_score():
    _, run = grades([95.0, 92.0, 85.0])
    second = run.results[1]
    assert (second.grade_by_score, second.grade) == ("S", "A")
    assert "S → A" in second.grade_note_en and "S is at most 10% of 3 = 1" in second.grade_note_en
    assert "强制分布" in second.grade_note_zh
    assert run.results[0].grade_note_en == ""


def test_at_least_pulls_the_lowest_ranked_into_the_bottom_grade():
    totals = [75.0 + i for i in range(19)] + [71.0]  # 20 people, nobody below 70
    got, run = grades(totals)
    assert got[-1] == "C" and got.count("C") == 1
    assert "C is at least 5% of 20 = 1" in run.results[-1].grade_note_en


def test_tie_at_an_at_most_boundary_keeps_everyone_tied_and_warns():
    got, run = grades([95.0, 95.0, 85.0, 75.0, 75.0, 75.0, 75.0])  # S ≤ 1 of 7
    assert got[:2] == ["S", "S"]
    (w,) = run.problems
    assert w.code == "distribution.tie" and not w.is_error
    assert [str(s) for s in w.where] == ["Grades!A2", "Employees!A1", "Employees!A2"]
    assert "has 2 people" in w.message_en and "同分" in w.message_zh


def test_tie_below_the_boundary_moves_all_the_tied_down():
    got, run = grades([96.0, 95.0, 95.0, 75.0, 75.0, 75.0, 75.0])  # S ≤ 1: both 95s move
    assert got[:3] == ["S", "A", "A"]  # A ≤ 2 of 7: both fit
    assert not run.problems


def test_tie_at_an_at_least_boundary_keeps_the_better_grade_and_warns():
    totals = [75.0 + i for i in range(18)] + [72.0, 72.0]  # 20 people: C ≥ 1, two tie last
    got, run = grades(totals)
    assert got.count("C") == 0
    (w,) = run.problems
    assert w.code == "distribution.tie" and "at least 1" in w.message_en


def test_cascade_respects_every_at_most_quota():
    got, _ = grades([99.0, 98.0, 97.0, 96.0, 95.0, 94.0, 93.0, 92.0, 91.0, 90.0])  # all S by score
    assert got == ["S"] + ["A"] * 2 + ["B"] * 7  # S ≤ 1, A ≤ 2 of 10


def teams_run(scope: Scope) -> list[str | None]:
    people = [person(str(i), team="T1" if i < 5 else "T2") for i in range(10)]
    entries = [Entry(str(i), "X", 95.0 - i % 5) for i in range(10)]  # each team: 95, 94, ...
    bands = [GradeBand("S", 90, 1, MOST, 0.1), GradeBand("A", 0)]
    settings = Settings(distribution_scope=scope)
    run = assess(Assessment(settings, [actual("X")], people, entries, bands))
    return [r.grade for r in run.results]


@pytest.mark.parametrize(
    ("scope", "s_count"), [(Scope.TEAM, 2), (Scope.DEPARTMENT, 2), (Scope.ALL, 2)]
)
def test_distribution_scopes(scope, s_count):
    # S ≤ 10%: per team of 5 → 1 each; in the department/all of 10 → 1, but the two 95s tie
    got = teams_run(scope)
    assert got.count("S") == s_count
    assert got[0] == got[5] == "S"


def test_scope_all_with_no_tie_allows_one():
    people = [person(str(i), team="T1" if i < 5 else "T2") for i in range(10)]
    entries = [Entry(str(i), "X", 99.0 - i) for i in range(10)]
    bands = [GradeBand("S", 90, 1, MOST, 0.1), GradeBand("A", 0)]
    by_team = assess(
        Assessment(Settings(distribution_scope=Scope.TEAM), [actual("X")], people, entries, bands)
    )
    overall = assess(
        Assessment(Settings(distribution_scope=Scope.ALL), [actual("X")], people, entries, bands)
    )
    assert [r.grade for r in by_team.results].count("S") == 2  # 99 in T1, 94 in T2
    assert [r.grade for r in overall.results].count("S") == 1


def test_forced_distribution_off():
    got, run = grades([95.0, 92.0, 85.0], Settings(forced_distribution=False))
    assert got == ["S", "S", "A"]


def test_broken_grade_table_skips_distribution():
    bands = quota_bands()
    bands[3] = GradeBand("C", 0, 0.5, QuotaKind.AT_MOST, 0.1)
    got, run = grades([95.0, 92.0, 85.0], bands=bands)
    assert got == ["S", "S", "A"]
    assert [p.code for p in run.problems] == ["grades.band"]


def test_distribute_group_directly():
    out = distribute_group([95.0, 95.0, 90.0], [0, 0, 0], quota_bands())
    assert out.grades == [0, 0, 1]
    assert [(b.band, b.quota, b.count, b.tied) for b in out.breaches] == [(0, 1, 2, (0, 1))]


def test_department_scope_is_neither_team_nor_everyone_scope():
    # two departments of two teams of 5 (D1: 95..99 in T1, 90..94 in T2; D2 two points lower);
    # S at most 10%: a quota of 1 per team, 1 per department (10 people), 2 for all (20)
    people, entries = [], []
    for d in ("D1", "D2"):
        for t, top in (("T1", 99.0), ("T2", 94.0)):
            for k in range(5):
                eid = f"{d}{t}{k}"
                people.append(person(eid, team=t, department=d))
                entries.append(Entry(eid, "X", top - k - (2.0 if d == "D2" else 0.0)))
    bands = [GradeBand("S", 90, 1, MOST, 0.1), GradeBand("A", 0)]

    def s_holders(scope: Scope) -> set[str]:
        settings = Settings(distribution_scope=scope)
        run = assess(Assessment(settings, [actual("X")], people, entries, bands))
        return {r.employee.id for r in run.results if r.grade == "S"}

    assert s_holders(Scope.TEAM) == {"D1T10", "D1T20", "D2T10", "D2T20"}
    assert s_holders(Scope.DEPARTMENT) == {"D1T10", "D2T10"}
    assert s_holders(Scope.ALL) == {"D1T10", "D1T11"}  # 99 and 98: the top two of 20


def test_calibration_warnings_found_from_the_calibrated_people_equal_a_look_at_everyone():
    """The engine gives `check_calibrations` the calibrated people it has found already
    (grouped by their own scope keys); its warnings are those a look at every member of
    every group gives: same groups, same order, same people named."""
    bands = [
        GradeBand("S", 90, 1.5, QuotaKind.AT_MOST, 0.2),
        GradeBand("A", 80, 1.2),
        GradeBand("B", 0, 1.0, QuotaKind.AT_LEAST, 0.2),
    ]
    totals = [95.0, 94.0, 93.0, 85.0, 84.0, 83.0, 70.0, 60.0, 50.0, None, 40.0, 88.0]
    people = [person(str(i + 1), team="T1" if i % 3 else "T2") for i in range(len(totals))]
    entries = [Entry(p.id, "X", t) for p, t in zip(people, totals, strict=True)]
    ids = ["12", "10", "4", "3", "9", "1", "5"]  # (10 has no total; 1 is kept where it was)
    overrides = [GradeOverride(i, "S" if i != "9" else "A", "校准") for i in ids]
    assessment = Assessment(
        Settings(distribution_scope=Scope.TEAM),
        [actual("X")],
        people,
        entries,
        bands,
        overrides=overrides,
    )
    run = assess(assessment)
    found = [p for p in run.problems if p.code == "distribution.calibrated"]
    assert len(found) >= 2  # both teams break a quota through calibrations
    by_id = {o.employee_id: o for o in overrides}
    again = Problems()
    check_calibrations(run.results, bands, Scope.TEAM, by_id, again)  # (looks at everyone)
    assert [(p.message_en, p.message_zh, p.where) for p in again] == [
        (p.message_en, p.message_zh, p.where) for p in found
    ]
