"""parse_rule(rule.to_text(lang)) == rule for generated rules of every type, both languages."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.core.rules import (
    BandRule,
    DeductRule,
    EventsRule,
    GateRule,
    LevelsRule,
    RatioRule,
    RequirementsRule,
    Rule,
    RuleError,
    SlopesRule,
    StepRounding,
    Tier,
    TiersRule,
    parse_rule,
)

UNITS = st.sampled_from(["", "%", "s", "min", "h", "lesson", "day", "wday", "item", "time"])
ROUNDING = st.sampled_from(list(StepRounding))
LANGS = ("en", "zh")


def dec(lo: int, hi: int, places: int = 2) -> st.SearchStrategy[float]:
    """Decimal-looking numbers as HR types them (a few decimals), as floats."""
    scale = 10**places
    return st.integers(lo * scale, hi * scale).map(lambda n: float(Decimal(n) / scale))


def in_unit(x: float, unit: str) -> float:
    # percentages are stored as fractions: 98% -> 0.98, built the way the parser builds it
    return float(Decimal(repr(x)) / 100) if unit == "%" else x


POINTS = dec(0, 200, 1)
POS = dec(1, 50, 2).filter(lambda x: x > 0)


@st.composite
def tiers(draw: st.DrawFn) -> TiersRule:
    unit = draw(UNITS)
    higher = draw(st.booleans())
    n = draw(st.integers(1, 5))
    raw = sorted(draw(st.sets(dec(-50, 500, 2), min_size=n, max_size=n)), reverse=higher)
    pts = sorted(draw(st.lists(POINTS, min_size=n, max_size=n)), reverse=True)
    ops = [draw(st.sampled_from([">=", ">"] if higher else ["<=", "<"])) for _ in range(n)]
    rows = tuple(Tier(o, in_unit(t, unit), p) for o, t, p in zip(ops, raw, pts, strict=True))
    other = draw(POINTS.filter(lambda x: x <= pts[-1]))
    return TiersRule(rows, other, unit)


@st.composite
def deducts(draw: st.DrawFn) -> DeductRule:
    unit = draw(UNITS)
    base = draw(POINTS)
    bonus = draw(st.booleans())
    per = draw(POS) * (1 if bonus else -1)
    target = draw(st.none() | dec(-100, 1000).map(lambda x: in_unit(x, unit)))
    floor = draw(dec(-20, 0, 1)) if not bonus and draw(st.booleans()) else 0.0
    floor = min(floor, base)
    cap = draw(POINTS.map(lambda x: base + x)) if bonus else None
    return DeductRule(
        base, per, in_unit(draw(POS), unit), draw(st.sampled_from(["over", "under"])),
        target, floor, cap, unit, draw(ROUNDING),
    )  # fmt: skip


@st.composite
def bands(draw: st.DrawFn) -> BandRule:
    unit = draw(UNITS)
    lo = draw(dec(-100, 500))
    hi = lo + draw(dec(0, 500))
    points = draw(POINTS)
    sides = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
    over = (-draw(POS), in_unit(draw(POS), unit)) if sides[0] else (None, None)
    under = (-draw(POS), in_unit(draw(POS), unit)) if sides[1] else (None, None)
    floor = min(points, draw(st.sampled_from([0.0, -10.0, 5.0])))
    return BandRule(
        in_unit(lo, unit), in_unit(hi, unit), points, *over, *under, floor, unit, draw(ROUNDING)
    )


@st.composite
def slopes(draw: st.DrawFn) -> SlopesRule:
    unit = draw(UNITS)
    base = draw(POINTS)
    bonus_over = draw(st.booleans())
    over = draw(POS) * (1 if bonus_over else -1)
    under = draw(POS) * (-1 if bonus_over else 1)
    target = draw(dec(0, 500))
    has_limit = draw(st.booleans())
    limit = (target + draw(POS) if bonus_over else target - draw(POS)) if has_limit else None
    cap = base + draw(POINTS) if not has_limit or draw(st.booleans()) else None
    return SlopesRule(
        base, over, in_unit(draw(POS), unit), under, in_unit(draw(POS), unit),
        in_unit(target, unit), None if limit is None else in_unit(limit, unit),
        min(base, draw(st.sampled_from([0.0, 10.0]))), cap, unit, draw(ROUNDING),
    )  # fmt: skip


@st.composite
def gates(draw: st.DrawFn) -> GateRule:
    unit = draw(UNITS)
    other = draw(POINTS)
    threshold = draw(st.none() | dec(-100, 500).map(lambda x: in_unit(x, unit)))
    return GateRule(
        draw(st.sampled_from([">=", ">", "<=", "<"])), threshold, other + draw(POS),
        other, unit if threshold is not None else "",
    )  # fmt: skip


@st.composite
def ratios(draw: st.DrawFn) -> RatioRule:
    unit = draw(UNITS)
    scale = draw(POS)
    cap = draw(st.none() | POS)
    floor = draw(st.sampled_from([0.0, 1.0])) if (cap or scale) > 1 else 0.0
    target = draw(st.none() | POS.map(lambda x: in_unit(x, unit)))
    return RatioRule(
        draw(st.booleans()), scale, cap, floor, target, unit if target is not None else ""
    )


levels = st.lists(POINTS, min_size=1, max_size=7).map(lambda p: LevelsRule(tuple(p)))

NAME = st.text(
    alphabet=st.sampled_from(list("迟到早退旷工投诉表扬响应解决客户latenoabsenc ")),
    min_size=1,
    max_size=8,
).map(str.strip)


def usable(build):  # names that read as another clause are refused by design; skip them
    def attempt(args):
        try:
            return build(*args)
        except RuleError:
            return None

    return attempt


@st.composite
def events(draw: st.DrawFn) -> EventsRule | None:
    names = draw(st.lists(NAME.filter(bool), min_size=1, max_size=4, unique_by=str.lower))
    pts = [draw(POS) * draw(st.sampled_from([-1, 1])) for _ in names]
    base = draw(POINTS)
    cap = (
        base + draw(POINTS)
        if any(p > 0 for p in pts)
        else draw(st.none() | POINTS.map(lambda x: base + x))
    )
    return usable(EventsRule)((base, tuple(zip(names, pts, strict=True)), min(base, 0.0), cap))


@st.composite
def requirements(draw: st.DrawFn) -> RequirementsRule | None:
    names = draw(st.lists(NAME.filter(bool), min_size=1, max_size=4, unique_by=str.lower))
    base = draw(POINTS)
    return usable(RequirementsRule)((base, -draw(POS), tuple(names), min(base, 0.0)))


ANY = st.one_of(
    tiers(), deducts(), bands(), slopes(), gates(), ratios(), levels, events(), requirements()
)


def check(rule: Rule | None) -> None:
    if rule is None:
        return
    for lang in LANGS:
        text = rule.to_text(lang)
        assert parse_rule(text) == rule, text
        assert rule.describe(lang)


@settings(max_examples=400, deadline=None)
@given(ANY)
def test_rule_round_trip_any_type(rule: Rule | None) -> None:
    check(rule)


@settings(max_examples=100, deadline=None)
@given(st.one_of(events(), requirements()))
def test_rule_round_trip_named_inputs(rule: Rule | None) -> None:
    check(rule)
    if isinstance(rule, EventsRule):
        assert rule.inputs == tuple(n for n, _ in rule.events)
    elif isinstance(rule, RequirementsRule):
        assert rule.inputs == rule.names


@settings(max_examples=200, deadline=None)
@given(st.one_of(tiers(), deducts(), bands(), slopes(), gates()), dec(-200, 1200, 3))
def test_rule_score_within_bounds_and_explained(rule: Rule, value: float) -> None:
    result = rule.score(value, 100.0)
    assert result.points <= rule.max_points + 1e-9
    assert result.explanation_en and result.explanation_zh
