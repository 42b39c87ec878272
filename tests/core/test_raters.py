"""Rater scores: weighted and highest policies, missing raters, gaps, out-of-scale values."""

from __future__ import annotations

import pytest
from fakes import Levels, cell, person, rated, rater_entries

from xlkpi.core.engine import assess
from xlkpi.core.model import Assessment, Entry, Rater, RaterPolicy, Settings
from xlkpi.core.problems import Problems
from xlkpi.core.raters import check_policy, combine

S, R, A, P, C = Rater.SELF, Rater.REVIEWER, Rater.APPROVER, Rater.PEER, Rater.CUSTOMER
WEIGHTED = RaterPolicy()  # 20/30/50
HIGHEST = RaterPolicy(mode="highest")
WITH_360 = RaterPolicy(weights={S: 0.1, R: 0.3, A: 0.4, P: 0.1, C: 0.1})


@pytest.mark.parametrize(
    ("policy", "scores", "raw", "missing", "ignored"),
    [
        (WEIGHTED, {S: 10, R: 20, A: 30}, 0.2 * 10 + 0.3 * 20 + 0.5 * 30, (), ()),
        (WEIGHTED, {R: 20, A: 30}, (0.3 * 20 + 0.5 * 30) / 0.8, (S,), ()),  # renormalised
        (WEIGHTED, {S: 10}, 10, (R, A), ()),
        (WEIGHTED, {}, None, (S, R, A), ()),
        (WEIGHTED, {S: 10, R: 20, A: 30, P: 5}, 23, (), (P,)),  # peers have no weight here
        (WITH_360, {S: 10, R: 20, A: 30, P: 40, C: 0}, 1 + 6 + 12 + 4 + 0, (), ()),
        (WITH_360, {S: 10, R: 20, A: 30}, (1 + 6 + 12) / 0.8, (P, C), ()),
        (HIGHEST, {S: 10, R: 20, A: 30}, 30, (), ()),
        (HIGHEST, {S: 10, R: 20}, 20, (A,), ()),  # the approver would have decided
        (HIGHEST, {S: 10, A: 30}, 30, (), ()),  # a missing lower level changes nothing
        (HIGHEST, {S: 10}, 10, (A, R), ()),
        (HIGHEST, {A: 30, P: 99, C: 99}, 30, (), (P, C)),  # 360° never counts here
        (HIGHEST, {P: 99}, None, (A, R, S), (P,)),
        (RaterPolicy(mode="highest", weights={S: 0.5, R: 0.5}), {S: 10, R: 20}, 20, (), ()),
    ],
)
def test_combine(policy, scores, raw, missing, ignored):
    out = combine(scores, policy)
    assert out.raw == (pytest.approx(raw) if raw is not None else None)
    assert out.missing == missing
    assert out.ignored == ignored


def one_indicator(entries, policy=WEIGHTED, scale=20.0, rule=None, people=("1",)):
    return Assessment(
        Settings(rater_policy=policy),
        [rated("Q", 1.0, scale, rule)],
        [person(eid) for eid in people],
        entries,
    )


def test_weighted_score_and_explanation():
    run = assess(one_indicator(rater_entries("1", "Q", self=12.0, reviewer=15.0, approver=20.0)))
    res = run.results[0].indicators["Q"]
    assert res.raw == pytest.approx(16.9)
    assert res.points == pytest.approx(84.5)
    assert res.rater_scores == {S: 12.0, R: 15.0, A: 20.0}
    assert "weighted 20%/30%/50%" in res.explanation_en and "加权" in res.explanation_zh
    assert run.ok and not run.problems


def test_missing_rater_renormalises_with_a_warning_naming_what_is_missing():
    run = assess(one_indicator(rater_entries("1", "Q", self=None, reviewer=15.0, approver=20.0)))
    assert run.results[0].indicators["Q"].raw == pytest.approx((0.3 * 15 + 0.5 * 20) / 0.8)
    (w,) = run.problems
    assert (w.code, w.is_error) == ("raters.missing", False)
    assert "self" in w.message_en and "自评" in w.message_zh
    assert run.ok


def test_missing_rater_with_error_policy_is_an_error():
    policy = RaterPolicy(missing="error")
    run = assess(one_indicator(rater_entries("1", "Q", reviewer=15.0, approver=20.0), policy))
    (e,) = run.problems
    assert (e.code, e.is_error) == ("raters.missing", True)
    assert str(e.where[0]) == "Employees!A1"
    assert not run.ok
    assert run.results[0].indicators["Q"].raw is not None  # partial result still shown


def test_no_rater_at_all_is_an_error_and_no_total():
    run = assess(one_indicator([]))
    (e,) = run.problems
    assert e.code == "raters.none" and e.is_error
    assert run.results[0].total is None


@pytest.mark.parametrize(
    ("self_", "reviewer", "warned"),
    [(10.0, 14.0, False), (10.0, 14.5, True), (14.0, 10.0, False), (20.0, 0.0, True)],
)
def test_self_reviewer_gap_beyond_threshold_warns(self_, reviewer, warned):
    # gap_threshold 0.2 × scale 20 = 4 points; exactly 4 is not beyond
    run = assess(
        one_indicator(rater_entries("1", "Q", self=self_, reviewer=reviewer, approver=15.0))
    )
    gaps = [p for p in run.problems if p.code == "raters.gap"]
    assert bool(gaps) is warned
    if warned:
        assert [str(s) for s in gaps[0].where] == ["Scores!C1", "Scores!D1"]
        assert not gaps[0].is_error


@pytest.mark.parametrize("bad", [20.5, -1.0, "n/a", float("nan"), True])
def test_rater_score_outside_scale_or_not_a_number_is_an_error_naming_the_cell(bad):
    entries = rater_entries("1", "Q", self=10.0, approver=15.0)
    entries.append(Entry("1", "Q", bad, R, cell("D7")))
    run = assess(one_indicator(entries))
    errors = run.problems.errors
    assert [e.code for e in errors] == ["entry.value"]
    assert str(errors[0].where[0]) == "Scores!D7"
    assert "reviewer" in errors[0].message_en and "考评" in errors[0].message_zh
    # the bad score is left out; it is not also reported as "missing"
    assert not [p for p in run.problems if p.code == "raters.missing"]
    assert run.results[0].indicators["Q"].raw == pytest.approx((0.2 * 10 + 0.5 * 15) / 0.7)


@pytest.mark.parametrize("edge", [0.0, 20.0])
def test_scale_edges_are_valid(edge):
    run = assess(one_indicator(rater_entries("1", "Q", self=edge, reviewer=edge, approver=edge)))
    assert run.ok and run.results[0].indicators["Q"].raw == edge


def test_levels_rule_is_applied_to_each_rater_then_combined():
    entries = rater_entries("1", "Q", self=5.0, reviewer=4.0, approver=3.0)
    run = assess(one_indicator(entries, scale=25.0, rule=Levels()))
    res = run.results[0].indicators["Q"]
    assert res.rater_scores == {S: 25.0, R: 20.0, A: 15.0}
    assert res.raw == pytest.approx(0.2 * 25 + 0.3 * 20 + 0.5 * 15)
    assert "5级→25分" in res.explanation_zh
    assert run.ok


def test_levels_rule_error_names_the_raters_cell():
    entries = rater_entries("1", "Q", self=6.0, reviewer=4.0, approver=3.0)
    run = assess(one_indicator(entries, scale=25.0, rule=Levels()))
    (e,) = run.problems.errors
    assert e.code == "entry.value" and str(e.where[0]) == "Scores!C1"
    assert "level 6 is not 1–5" in e.message_en and "等级6不在1–5之间" in e.message_zh


def test_highest_policy_uses_the_top_rater_and_warns_when_it_is_missing():
    run = assess(one_indicator(rater_entries("1", "Q", self=20.0, reviewer=12.0), HIGHEST))
    assert run.results[0].indicators["Q"].raw == 12.0
    assert [p.code for p in run.problems] == ["raters.gap", "raters.missing"]
    assert "approver" in run.problems.items[1].message_en


def test_peers_are_averaged_and_ignored_peers_warn_once():
    entries = rater_entries("1", "Q", self=10.0, reviewer=10.0, approver=10.0, customer=2.0)
    entries += [Entry("1", "Q", v, P, cell(f"F{k}")) for k, v in enumerate((12.0, 18.0), 10)]
    run = assess(one_indicator(entries, WITH_360))
    res = run.results[0].indicators["Q"]
    assert res.rater_scores[P] == 15.0
    assert res.raw == pytest.approx(0.1 * 10 + 0.3 * 10 + 0.4 * 10 + 0.1 * 15 + 0.1 * 2)
    run = assess(one_indicator(entries, HIGHEST))
    (w,) = run.problems
    assert w.code == "raters.ignored" and len(w.where) == 3


def test_the_same_rater_twice_is_an_error_naming_both_cells():
    entries = rater_entries("1", "Q", self=10.0, reviewer=10.0, approver=10.0)
    entries.append(Entry("1", "Q", 15.0, R, cell("D9")))
    run = assess(one_indicator(entries))
    (e,) = run.problems.errors
    assert e.code == "entry.duplicate"
    assert [str(s) for s in e.where] == ["Scores!D1", "Scores!D9"]
    assert run.results[0].indicators["Q"].raw == 10.0  # the first is used


@pytest.mark.parametrize(
    ("policy", "codes"),
    [
        (RaterPolicy(), []),
        (RaterPolicy(mode="avg"), ["raters.mode"]),
        (RaterPolicy(mode=" Highest "), []),
        (RaterPolicy(missing="ignore"), ["raters.missing_policy"]),
        (RaterPolicy(weights={S: 0.2, R: 0.3, A: 0.4}), ["raters.weight_sum"]),
        (RaterPolicy(mode="highest", weights={S: 0.2, R: 0.3, A: 0.4}), []),
        (RaterPolicy(weights={S: -0.2, R: 0.7, A: 0.5}), ["raters.weight", "raters.weight_sum"]),
        (RaterPolicy(gap_threshold=-1), ["raters.gap_threshold"]),
    ],
)
def test_policy_checks(policy, codes):
    problems = Problems()
    checked = check_policy(policy, 0.0001, problems)
    assert [p.code for p in problems] == codes
    assert checked.mode in ("weighted", "highest") and checked.missing in ("renormalise", "error")
