"""Actual values scored by the indicator's rule, and every way an entry can be wrong."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fakes import Events, Ratio, Tiers, actual, cell, person, rated

from xlkpi.core.engine import assess
from xlkpi.core.model import Assessment, Entry, Rater, RaterPolicy, Settings

SATISFACTION = Tiers(((90.0, 20.0), (85.0, 10.0), (80.0, 5.0)), 20.0)


def run_one(indicators, entries, people=("1",)):
    return assess(Assessment(Settings(), indicators, [person(e) for e in people], entries))


@pytest.mark.parametrize(
    ("value", "raw"), [(95.0, 20), (90.0, 20), (89.9, 10), (85.0, 10), (80.0, 5), (79.9, 0)]
)
def test_actual_is_scored_by_its_rule_with_inclusive_thresholds(value, raw):
    run = run_one([actual("sat", 1.0, 20.0, SATISFACTION)], [Entry("1", "sat", value)])
    res = run.results[0].indicators["sat"]
    assert (res.raw, res.points) == (raw, raw * 5)
    assert res.explanation_zh.endswith("分")


def test_target_is_passed_to_the_rule():
    run = run_one([actual("r", 1.0, 100.0, Ratio(), target=200.0)], [Entry("1", "r", 150.0)])
    assert run.results[0].total == 75.0


def test_missing_actual_is_an_error_naming_employee_and_indicator():
    inds = [actual("a", 0.5), actual("b", 0.5)]
    run = run_one(inds, [Entry("1", "a", 80.0), Entry("1", "b", None, source=cell("C5"))])
    (e,) = run.problems
    assert e.code == "entry.missing_actual" and e.is_error
    assert "name1" in e.message_en and "b" in e.message_en and "缺少" in e.message_zh
    assert [str(s) for s in e.where] == ["Scores!C5", "Employees!A1"]  # the empty cell first
    res = run.results[0]
    assert res.indicators["a"].points == 40.0  # what can be scored is scored
    assert (res.indicators["b"].raw, res.subtotal, res.total, res.rank) == (None, None, None, None)


def test_no_entry_at_all_names_the_employee_row():
    run = run_one([actual("a")], [])
    (e,) = run.problems
    assert e.code == "entry.missing_actual"
    assert [str(s) for s in e.where] == ["Employees!A1"]


def test_multi_input_rule_gets_a_dict():
    run = run_one(
        [actual("att", 1.0, 100.0, Events())], [Entry("1", "att", {"late": 1.0, "absent": 1.0})]
    )
    assert run.results[0].total == 30.0 and run.ok


@pytest.mark.parametrize(
    ("rule", "value", "fragment"),
    [
        (Events(), {"late": 1.0}, "missing values for absent"),
        (Events(), 3.0, "expected values for late, absent"),
        (Events(), {"late": "x", "absent": 0.0}, "late 'x' is not a number"),
        (Tiers(((1.0, 100.0),), 100.0), {"a": 1.0, "b": 2.0}, "expected one number"),
        (Tiers(((1.0, 100.0),), 100.0), "abc", "'abc' is not a number"),
        (Tiers(((1.0, 100.0),), 100.0), float("inf"), "not a finite number"),
        (Ratio(), 5.0, "no target"),  # the rule raises RuleError itself
    ],
)
def test_values_a_rule_cannot_take_are_errors_naming_the_entry(rule, value, fragment):
    run = run_one([actual("x", 1.0, 100.0, rule)], [Entry("1", "x", value, source=cell("B3"))])
    (e,) = run.problems
    assert e.code == "entry.value" and fragment in e.message_en
    assert e.message_zh and str(e.where[0]) == "Scores!B3"


def test_points_beyond_the_scale_are_clamped_with_a_warning():
    run = run_one(
        [actual("r", 1.0, 100.0, Ratio(), target=100.0)],
        [Entry("1", "r", 120.0, source=cell("B2"))],
    )
    (w,) = run.problems
    assert (w.code, w.is_error, str(w.where[0])) == ("entry.rule_out_of_scale", False, "Scores!B2")
    assert run.results[0].total == 100.0


def test_unknown_employee_or_indicator_in_entries_are_errors():
    run = run_one(
        [actual("a")],
        [
            Entry("1", "a", 50.0),
            Entry("9", "a", 1.0, source=cell("B7")),
            Entry("1", "zz", 1.0, source=cell("B8")),
        ],
    )
    assert [(p.code, str(p.where[0])) for p in run.problems] == [
        ("entry.employee", "Scores!B7"),
        ("entry.indicator", "Scores!B8"),
    ]
    assert run.results[0].total == 50.0


def test_rater_score_on_actual_indicator_and_actual_on_rated_indicator_are_errors():
    inds = [actual("a", 0.5), rated("q", 0.5)]
    entries = [
        Entry("1", "a", 50.0),
        Entry("1", "a", 10.0, Rater.SELF, cell("C2")),
        Entry("1", "q", 10.0, None, cell("D2")),
        Entry("1", "q", 80.0, Rater.APPROVER),
    ]
    settings = Settings(rater_policy=RaterPolicy(mode="highest"))
    run = assess(Assessment(settings, inds, [person("1")], entries))
    kinds = [(p.code, str(p.where[0])) for p in run.problems.errors]
    assert kinds == [("entry.kind", "Scores!C2"), ("entry.kind", "Scores!D2")]
    assert run.results[0].total == 65.0


def test_actual_indicator_without_rule_or_with_bad_scale_is_reported_once():
    no_rule = actual("a", 0.5, source=cell("A2", "Indicators"))
    no_rule = replace(no_rule, rule=None)
    bad_scale = actual("b", 0.5, scale=0.0, source=cell("A3", "Indicators"))
    run = run_one(
        [no_rule, bad_scale], [Entry(e, c, 1.0) for e in "12" for c in "ab"], people=("1", "2")
    )
    assert [(p.code, str(p.where[0])) for p in run.problems] == [
        ("indicator.no_rule", "Indicators!A2"),
        ("indicator.scale", "Indicators!A3"),
    ]
    assert all(r.total is None for r in run.results)


def test_duplicate_employee_and_employee_without_indicators():
    dup = person("1")
    stray = person("2", position="nobody")
    run = assess(
        Assessment(Settings(), [actual("a")], [person("1"), dup, stray], [Entry("1", "a", 70.0)])
    )
    assert [p.code for p in run.problems] == ["employee.duplicate", "employee.position"]
    assert [r.employee.id for r in run.results] == ["1", "2"]
    assert run.results[1].total is None
