"""The engine's memo and inline scoring are pinned to `Scorer.score`, the reference.

`engine.assess` scores the common case (one finite actual through its rule; a full set of
rater scores) once per distinct value and inline for speed (`core.memo`). These tests run
the same generated assessments twice, once as shipped and once with the memo switched off
(everything through `Scorer.score`), and require identical results and problems: any drift
between the two copies of the scoring logic fails here.
"""

from __future__ import annotations

import math

import pytest
from fakes import Ratio, person
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from xlkpi.core import engine, scoring
from xlkpi.core.model import (
    Assessment,
    Entry,
    Indicator,
    Rater,
    RaterPolicy,
    ScoredBy,
    Settings,
)
from xlkpi.core.problems import Source
from xlkpi.core.rules import parse_rule
from xlkpi.core.rules.base import Rule
from xlkpi.core.valid import ValidRange

RULES: dict[str, tuple[Rule, float, float | None]] = {  # code: (rule, scale, target)
    "talk": (
        parse_rule("band: 40 s to 180 s 100; -10 per 2 s over; -10 per 2 s under; floor 0"),
        100.0,
        None,
    ),
    "acw": (
        parse_rule(
            "slopes: target 40 s; base 70; -5 per 1 s over; +2 per 1 s under; "
            "bonus stops at 25 s; floor 0"
        ),
        100.0,
        None,
    ),
    "resp": (parse_rule("扣分：目标30秒；达标得15分；每超5秒扣2分；最低0分"), 15.0, None),
    "visits": (parse_rule("tiers: >=100% 5; >=90% 3; else 0"), 5.0, None),
    "qa": (parse_rule("gate: >=80 100"), 100.0, None),
    # not capped: values above the target give raw points over the scale (out of range)
    "ratio": (Ratio(), 100.0, 50.0),
    # the scale is smaller than what the rule can give: clamping is reported
    "small": (parse_rule("gate: >=80 100"), 60.0, None),
    # several inputs, keyed as {input: count}; one input keyed either way
    "events": (
        parse_rule("events: base 100; late -20; early -20; absent -50; floor 0"),
        100.0,
        None,
    ),
    "absence": (parse_rule("events: base 10; absent -5"), 10.0, None),
}
CODES = sorted(RULES)

values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-50, max_value=300),
    st.integers(min_value=-5, max_value=250).map(float),
    st.sampled_from(["abc", "", "12"]),
    st.none(),
)
counts = st.dictionaries(  # what a data sheet's input columns give: {input: count}
    st.sampled_from(["late", "early", "absent", "other"]),
    st.one_of(
        st.floats(min_value=-3, max_value=8).map(float),
        st.integers(min_value=0, max_value=6).map(float),
        st.integers(min_value=0, max_value=6),
        st.sampled_from([math.nan, math.inf, "2", None]),
    ),
    max_size=4,
)
values = st.one_of(values, counts)
keyed = st.lists(  # one employee's entries: (code, value, rater or None)
    st.tuples(st.sampled_from(CODES), values, st.sampled_from([None, None, None, "reviewer"])),
    max_size=10,
)


#: what an actual can be at all, for some indicators (values outside are errors)
VALID = {
    "events": ValidRange(0.0, 5.0),
    "absence": ValidRange(0.0, 3.0),
    "qa": ValidRange(0.0, 100.0),
}


def _indicators() -> list[Indicator]:
    return [
        Indicator(
            "P",
            code,
            code,
            1 / len(CODES),
            scale,
            ScoredBy.ACTUAL,
            rule,
            target,
            valid=VALID.get(code),
        )
        for code, (rule, scale, target) in RULES.items()
    ]


def _assessment(people: list[list[tuple[str, object, str | None]]]) -> Assessment:
    employees = [person(str(i + 1)) for i in range(len(people))]
    entries = [
        Entry(
            emp.id,
            code,
            value,  # type: ignore[arg-type]
            Rater(rater) if rater else None,
            Source(sheet="Scores", cell=f"{chr(66 + CODES.index(code))}{n + 2}"),
        )
        for n, (emp, rows) in enumerate(zip(employees, people, strict=True))
        for code, value, rater in rows
    ]
    return Assessment(Settings(), _indicators(), employees, entries, [])


def _snapshot(assessment: Assessment) -> tuple[list[object], list[object]]:
    run = engine.assess(assessment)

    def same(x: float | None) -> object:
        return "nan" if x is not None and math.isnan(x) else x

    results = [
        (
            r.employee.id,
            same(r.total),
            [
                (
                    s.code,
                    same(s.raw),
                    same(s.points),
                    s.explanation.en,
                    s.explanation.zh,
                    dict(s.rater_scores),
                )
                for s in r.indicators.values()
            ],
        )
        for r in run.results
    ]
    problems = [(p.code, p.severity, p.message_en, p.message_zh, p.where) for p in run.problems]
    return results, problems


def _off(switch: str) -> object:
    """What turns the inline path `switch` off: `engine._memo` gives no memo, the
    others say False."""
    return (lambda ind, scorer: None) if switch == "_memo" else (lambda ind: False)


def _inline_and_reference(assessment: Assessment, module: object, switch: str) -> tuple:
    """The run's snapshot as it is, and again with the inline path `module.switch` off."""
    inline = _snapshot(assessment)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(module, switch, _off(switch))
        return inline, _snapshot(assessment)


def _reference_calls(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[str]:
    """From now on, the indicator code of every call to the reference method `cls.name`."""
    calls: list[str] = []
    real = getattr(cls, name)

    def counting(self, *args, **kwargs):
        calls.append(args[1].code)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counting)
    return calls


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(keyed, min_size=1, max_size=4))
@example([[(code, v, None) for code in CODES] for v in (math.inf, -math.inf, math.nan, 1e308)])
@example(
    [
        [("events", {"late": 1.0, "early": 0.0, "absent": 6.0}, None)],
        [("absence", {"absent": 4.0}, None), ("qa", 120.0, None)],
        [("events", {"late": 1.0, "early": 2.0, "absent": 0.0, "other": 1.0}, None)],
    ]
)
@example(  # a value scored as it was placed, then keyed again (twice for the first person)
    [
        [("qa", 90.0, None), ("talk", 100.0, None), ("qa", 70.0, None), ("qa", 90.0, None)],
        [("qa", 90.0, None), ("qa", "abc", None), ("talk", 100.0, "reviewer")],
    ]
)
def test_inline_scoring_equals_the_reference_scorer(people):
    inline, reference = _inline_and_reference(_assessment(people), engine, "_memo")
    assert inline == reference


def test_the_reference_switch_really_turns_the_inline_path_off(monkeypatch):
    """Guard for the test above: with `_memo` off, no indicator takes the inline path."""
    calls = _reference_calls(monkeypatch, engine.Scorer, "score")
    assessment = _assessment([[("talk", 100.0, None), ("qa", 90.0, None)]])
    engine.assess(assessment)
    inline_calls = len(calls)
    monkeypatch.setattr(engine, "_memo", _off("_memo"))
    engine.assess(assessment)
    assert len(calls) - inline_calls == len(CODES)  # every indicator by the reference
    assert inline_calls == len(CODES) - 2  # the two finite actuals were scored inline


def test_an_actual_scored_as_placed_and_keyed_again_is_a_duplicate_of_the_first():
    """The engine scores a single actual as it places it; a second value for the same
    person and indicator must still be reported with the first one's cell, and the first
    one counts (as `Scorer.score` does with both in hand)."""
    run = engine.assess(_assessment([[("qa", 90.0, None)], [("qa", 70.0, None)]]))
    assert run.results[0].indicators["qa"].raw == 100.0  # (gate: >=80 100)
    twice = _assessment([[("qa", 90.0, None), ("talk", 100.0, None), ("qa", 70.0, None)]])
    run = engine.assess(twice)
    (dup,) = [p for p in run.problems if p.code == "entry.duplicate"]
    assert dup.where[0] is twice.entries[0].source and dup.where[1] is twice.entries[2].source
    assert run.results[0].indicators["qa"].raw == 100.0  # the first value, 90


# -- rater scores ----------------------------------------------------------------------
# `Scorer._raters` takes a float on the scale as it is for an indicator without a rule;
# everything else goes through `_rater_points`, the reference. Same check, both ways.

RATED = {"manner": 10.0, "teamwork": 100.0}  # code: scale (no rule: raters give points)
rated_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-5, max_value=120),
    st.integers(min_value=-2, max_value=110).map(float),
    st.integers(min_value=0, max_value=10),
    st.sampled_from(["abc", "", "7", True]),
    st.none(),
)
rated = st.lists(  # one employee's rater scores: (code, value, rater)
    st.tuples(st.sampled_from(sorted(RATED)), rated_values, st.sampled_from(list(Rater))),
    max_size=10,
)
#: the usual people: each of self, reviewer and approver scores once (a gap, a -0.0, a 10)
FULL = [
    [
        ("manner", 9.5, Rater.SELF),
        ("manner", 3.0, Rater.REVIEWER),
        ("manner", 10.0, Rater.APPROVER),
        ("teamwork", 70.0, Rater.APPROVER),
        ("teamwork", -0.0, Rater.SELF),
        ("teamwork", 85.5, Rater.REVIEWER),
    ],
    [
        ("manner", 7.0, Rater.SELF),
        ("manner", 7.5, Rater.APPROVER),
        ("manner", 7.0, Rater.REVIEWER),
        ("teamwork", 70.0, Rater.SELF),
        ("teamwork", 70.0, Rater.REVIEWER),
        ("teamwork", 12.0, Rater.PEER),
        ("teamwork", 71.0, Rater.APPROVER),
    ],
]
policies = st.sampled_from(
    [
        RaterPolicy(),
        RaterPolicy("highest"),
        RaterPolicy("weighted", {Rater.SELF: 0.5, Rater.PEER: 0.5}, "error", 0.0),
        # self and reviewer only: a gap is then the one problem, replayed from the memo
        RaterPolicy("weighted", {Rater.SELF: 0.4, Rater.REVIEWER: 0.6}, "renormalise", 0.1),
    ]
)


def _rated(people: list[list[tuple[str, object, Rater]]], policy: RaterPolicy) -> Assessment:
    employees = [person(str(i + 1)) for i in range(len(people))]
    indicators = [
        Indicator("P", code, code, 1 / len(RATED), scale, ScoredBy.RATERS)
        for code, scale in RATED.items()
    ]
    entries = [
        Entry(emp.id, code, value, rater, Source(sheet="Raters", cell=f"B{n + 2}"))  # type: ignore[arg-type]
        for n, (emp, rows) in enumerate(zip(employees, people, strict=True))
        for code, value, rater in rows
    ]
    return Assessment(Settings(rater_policy=policy), indicators, employees, entries, [])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rated, min_size=1, max_size=4), policies)
@example([[("manner", 7.0, Rater.SELF), ("manner", 3.0, Rater.REVIEWER)]], RaterPolicy())
@example(FULL, RaterPolicy())  # every weighted rater once: `Scorer._every_rater`
@example(FULL, RaterPolicy("weighted", {Rater.SELF: 0.4, Rater.REVIEWER: 0.6}, "renormalise", 0.1))
def test_plain_rater_scores_equal_the_reference(people, policy):
    inline, reference = _inline_and_reference(_rated(people, policy), scoring, "_plain")
    assert inline == reference


def test_the_rater_switch_really_turns_the_inline_path_off(monkeypatch):
    """Guard for the test above: only with `_plain` off does `_rater_points` run."""
    calls = _reference_calls(monkeypatch, scoring.Scorer, "_rater_points")
    assessment = _rated(
        [[("manner", 7.0, Rater.SELF), ("teamwork", 70.0, Rater.APPROVER)]], RaterPolicy()
    )
    engine.assess(assessment)
    assert calls == []  # both floats on their scale were taken inline
    monkeypatch.setattr(scoring, "_plain", lambda ind: False)
    engine.assess(assessment)
    assert sorted(calls) == ["manner", "teamwork"]


def test_the_usual_rater_scores_are_combined_inline(monkeypatch):
    """Guard for the tests above: a full set of weighted raters' points is combined by
    `Scorer._every_rater` (not the long way), and only while `_plain` is on."""
    inline: list[object] = []
    real = scoring.Scorer._every_rater

    def counting(self, *args):
        found = real(self, *args)
        inline.append(found is not None)
        return found

    monkeypatch.setattr(scoring.Scorer, "_every_rater", counting)
    engine.assess(_rated(FULL, RaterPolicy()))
    # the second person's teamwork has a peer too, whom the default policy ignores
    assert inline == [True, True, True, False]
    inline.clear()
    monkeypatch.setattr(scoring, "_plain", lambda ind: False)
    engine.assess(_rated(FULL, RaterPolicy()))
    assert inline == []


# -- the memo ------------------------------------------------------------------------------
# `core.memo` scores each distinct value once per run and hands its outcome to everyone
# after with the same values. Values that compare equal but are not the same input (0.0 and
# -0.0, 1.0 and 1 and True) and NaN must not share an outcome: compared with the reference
# (no memo) by repr, so that even the sign of a zero counts.

SAME = [0.0, -0.0, 1.0, 1, True, 2.0, 40.0, 90.0, 120.0, -3.0, math.nan, math.inf]
few = st.one_of(
    st.sampled_from(SAME),
    st.dictionaries(st.sampled_from(["late", "early", "absent"]), st.sampled_from(SAME)),
)
crowd = st.lists(  # many people keying from a few values: most of them repeat someone
    st.lists(st.tuples(st.sampled_from(CODES), few, st.just(None)), max_size=6),
    min_size=2,
    max_size=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crowd)
@example([[("ratio", v, None)] for v in (0.0, -0.0, -0.0, 0.0, math.nan, math.nan)])
@example([[("events", {"late": 1.0, "absent": v}, None)] for v in (0.0, -0.0, True, 1.0, 1.0)])
def test_memo_equals_the_reference_to_the_sign_of_zero(people):
    inline, reference = _inline_and_reference(_assessment(people), engine, "_memo")
    assert repr(inline) == repr(reference)


rated_crowd = st.lists(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(RATED)),
            st.sampled_from([*SAME, 7.0, 8.0, 85.0]),
            st.sampled_from(list(Rater)),
        ),
        max_size=6,
    ),
    min_size=2,
    max_size=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rated_crowd, policies)
@example(  # the same scores twice: the second person's gap is reported too
    [[("manner", 9.0, Rater.SELF), ("manner", 2.0, Rater.REVIEWER)]] * 2, RaterPolicy()
)
@example(  # ... also when the gap is the only problem (the memo replays it)
    [[("manner", 9.0, Rater.SELF), ("teamwork", 70.0, Rater.SELF), ("manner", 2.0, Rater.REVIEWER)]]
    * 3,
    RaterPolicy("weighted", {Rater.SELF: 0.5, Rater.REVIEWER: 0.5}),
)
def test_rater_memo_equals_the_reference(people, policy):
    inline, reference = _inline_and_reference(_rated(people, policy), engine, "_memo")
    assert repr(inline) == repr(reference)


def test_the_memo_scores_each_distinct_value_once(monkeypatch):
    """Guard for the tests above: repeated values really are taken from the memo."""
    rule_calls = []
    gate = type(RULES["qa"][0])
    real = gate.score
    monkeypatch.setattr(gate, "score", lambda self, *a: rule_calls.append(a[0]) or real(self, *a))
    rated_calls = _reference_calls(monkeypatch, engine.Scorer, "score")
    same = [("manner", 7.0, Rater.SELF), ("manner", 8.0, Rater.REVIEWER)]
    both = RaterPolicy("weighted", {Rater.SELF: 0.5, Rater.REVIEWER: 0.5})
    engine.assess(_rated([same, same, same[:1], same], both))  # the third misses a rater
    assert rated_calls == ["manner", "teamwork", "teamwork", "manner", "teamwork", "teamwork"]
    rated_calls.clear()
    gap = [("manner", 9.0, Rater.SELF), ("manner", 1.0, Rater.REVIEWER)]
    run = engine.assess(_rated([gap, gap, gap], both))
    assert rated_calls == ["manner", "teamwork", "teamwork", "teamwork"]  # replayed
    gaps = [p for p in run.problems if p.code == "raters.gap"]
    assert [p.message_en[:2] for p in gaps] == ["1 ", "2 ", "3 "]  # each their own
    rated_calls.clear()
    engine.assess(_assessment([[("qa", v, None)] for v in (90.0, 90.0, 70.0, 90.0, 70.0)]))
    assert rule_calls == [90.0, 70.0]


def test_people_with_the_same_values_get_results_of_their_own():
    """Later steps (360° groups) rewrite a person's indicator results in place: the memo
    hands each person new ones, equal to the first person's but never shared with them."""
    same = [("manner", 7.0, Rater.SELF), ("manner", 8.0, Rater.REVIEWER)]
    both = RaterPolicy("weighted", {Rater.SELF: 0.5, Rater.REVIEWER: 0.5})
    rated = engine.assess(_rated([same, same], both)).results
    actual = engine.assess(_assessment([[("qa", 90.0, None)]] * 2)).results
    for first, second in (rated, actual):
        for code, mine in first.indicators.items():
            theirs = second.indicators[code]
            assert theirs == mine and theirs is not mine
            assert not mine.rater_scores or theirs.rater_scores is not mine.rater_scores
    assert rated[1].indicators["manner"].rater_scores == {Rater.SELF: 7.0, Rater.REVIEWER: 8.0}
