"""Competition ranks ("1,2,2,4") within a scope."""

from __future__ import annotations

import pytest
from fakes import actual, person

from xlkpi.core.engine import assess
from xlkpi.core.model import Assessment, Entry, Scope, Settings
from xlkpi.core.ranking import competition_ranks


@pytest.mark.parametrize(
    ("values", "ranks"),
    [
        ([95, 90, 90, 80], [1, 2, 2, 4]),
        ([80, 90, 95, 90], [4, 2, 1, 2]),
        ([70, 70, 70], [1, 1, 1]),
        ([50], [1]),
        ([], []),
        ([90, 89.99, 90], [1, 3, 1]),
        ([1, 2, 3, 3, 2, 1], [5, 3, 1, 1, 3, 5]),
    ],
)
def test_competition_ranks(values, ranks):
    assert competition_ranks(values) == ranks


def staff() -> Assessment:
    # (id, department, team, total): team "A" exists in both departments
    rows = [
        ("1", "D1", "A", 90.0),
        ("2", "D1", "A", 80.0),
        ("3", "D1", "B", 85.0),
        ("4", "D2", "A", 95.0),
        ("5", "D2", "A", 80.0),
        ("6", "D2", "C", 60.0),
    ]
    people = [person(i, team=t, department=d) for i, d, t, _ in rows]
    entries = [Entry(i, "X", v) for i, _, _, v in rows]
    return Assessment(Settings(), [actual("X")], people, entries)


@pytest.mark.parametrize(
    ("scope", "ranks", "sizes"),
    [
        (Scope.ALL, [2, 4, 3, 1, 4, 6], [6] * 6),
        (Scope.DEPARTMENT, [1, 3, 2, 1, 2, 3], [3] * 6),
        (Scope.TEAM, [1, 2, 1, 1, 2, 1], [2, 2, 1, 2, 2, 1]),
    ],
)
def test_rank_scopes(scope, ranks, sizes):
    base = staff()
    run = assess(
        Assessment(Settings(rank_scope=scope), base.indicators, base.employees, base.entries)
    )
    assert [r.rank for r in run.results] == ranks
    assert [r.rank_group_size for r in run.results] == sizes


def test_people_without_total_are_not_ranked_nor_counted():
    base = staff()
    entries = [e for e in base.entries if e.employee_id != "4"]
    run = assess(Assessment(Settings(), base.indicators, base.employees, entries))
    assert [r.rank for r in run.results] == [1, 3, 2, None, 3, 5]
    assert {r.rank_group_size for r in run.results} == {5, None}


def test_ranks_compare_rounded_totals():
    # 89.996 and 90.004 both show as 90.00: they tie
    run = assess(
        Assessment(
            Settings(),
            [actual("X")],
            [person("1"), person("2")],
            [Entry("1", "X", 89.996), Entry("2", "X", 90.004)],
        )
    )
    assert [r.rank for r in run.results] == [1, 1]
