"""Each distinct keyed value scored once per run: a memo per indicator for the engine.

At 10,000 people an indicator sees the same values over and over (0–3 late days, a handling
time in whole seconds, a rater's 85 or 90), and scoring is a pure function of them: a rule
of (value, target), a rater policy of the raters' scores. So the first person with given
values is scored in full and everyone after with the same values gets the same raw points,
weighted points and explanation (worded once, on first read, for all of them), in a result
of their own.

Only outcomes that reported nothing are reused: problems name the person and the cell, so
values that raise one (out of range, a missing or ignored rater) go through `Scorer.score`
for every person who keyed them. The one exception is a gap between self and reviewer: the
outcome is reused and the warning given again, naming that person's cells.

Keys are the values, exactly: floats only (1.0, 1 and True are equal keys but not equal
input) and never a NaN (no NaN equals itself) or a -0.0 (equal to 0.0, yet a rule may carry
its sign into the points); such values are scored without the memo. A memo lives for one
`score_totals` call, never across runs.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Hashable, Sequence

from xlkpi.core.columns import RaterCells
from xlkpi.core.model import NO_RATER_SCORES, Employee, Entry, Indicator, IndicatorResult, Rater
from xlkpi.core.rules.base import RuleError
from xlkpi.core.scoring import Scorer
from xlkpi.core.weights import weighted_points
from xlkpi.core.words import Explanation

#: a stored outcome: (raw, weighted points, explanation, rater scores), or `_REFERENCE`
Outcome = tuple[float, float, Explanation, dict[Rater, float]] | tuple[()]
#: the same for rater scores, and whether they warn of a gap between self and reviewer
RaterOutcome = tuple[float, float, Explanation, dict[Rater, float], bool] | tuple[()]
_REFERENCE: tuple[()] = ()  # stored for values `Scorer.score` must score (and report) every time
#: a zero's sign, looked up once: a value is an exact key (see the module's note on keys)
#: when it is a float that is not NaN and not -0.0
_copysign = math.copysign


class ActualMemo:
    """Scored actuals of one indicator with a rule: the usual single finite value (or one
    per input) within the valid range is scored here, exactly as `Scorer.score` would
    (same rule call, same clamp check, same weighting) but once per distinct value and
    without its layers of calls; anything else is left to `Scorer.score`, which reports it.
    """

    __slots__ = ("_high", "_ind", "_low", "_names", "outcomes")

    def __init__(self, ind: Indicator) -> None:
        assert ind.rule is not None  # only indicators `check_indicator` passed get a memo
        self._ind = ind
        self._names = ind.rule.inputs
        low, high = ind.valid.bounds() if ind.valid is not None else (-math.inf, math.inf)
        # within the valid range and finite (values outside, and inf/nan, are reported)
        self._low = max(low, -sys.float_info.max)
        self._high = min(high, sys.float_info.max)
        #: a value (see `outcome` for how it is keyed) -> its outcome
        self.outcomes: dict[Hashable, Outcome] = {}

    def outcome(self, value: object) -> Outcome:
        """The outcome of one keyed actual (`value`: an Entry's), scored on first sight;
        `_REFERENCE` (empty) when `Scorer.score` must score it. Pure: it reports nothing,
        so the engine may ask while it sorts entries, before anyone is scored in order."""
        if value.__class__ is float:
            # an exact key (see `_copysign`)? 0.0 is a common actual: its sign by a C call
            exact = value == value and (value or _copysign(1.0, value) > 0)
            key: Hashable = value if exact else None
        elif value.__class__ is dict:
            key = tuple(value.items())  # type: ignore[union-attr]
            for _, x in key:  # type: ignore[attr-defined]
                # each an exact key (see `_copysign`)? a count of 0.0 is common: checked by its sign
                if x.__class__ is not float or x != x or not (x or _copysign(1.0, x) > 0):
                    key = None
                    break
        else:
            return _REFERENCE
        found = self.outcomes.get(key) if key is not None else None
        if found is None:
            found = self._score(value)
            if key is not None:
                self.outcomes[key] = found
        return found

    def _score(self, value: object) -> Outcome:
        """(raw, points, explanation, no rater scores) for a value scored inline, or
        `_REFERENCE` when `Scorer.score` must score it."""
        ind = self._ind
        names, low, high = self._names, self._low, self._high
        v: float | dict[str, float] | None
        if value.__class__ is float:
            v = value if len(names) == 1 and low <= value <= high else None  # type: ignore[operator]
        else:
            v = _plain_inputs(value, names, low, high)
        if v is None:
            return _REFERENCE
        try:
            rs = ind.rule.score(v, ind.target)  # type: ignore[union-attr]
        except (RuleError, ArithmeticError, TypeError, ValueError):
            return _REFERENCE  # Scorer.score calls the rule again and reports it
        raw = rs.points
        if 0 <= raw <= ind.scale:
            return raw, weighted_points(raw, ind), rs.explanation, NO_RATER_SCORES
        return _REFERENCE


def _plain_inputs(
    value: object, names: tuple[str, ...], low: float, high: float
) -> float | dict[str, float] | None:
    """A keyed {input: number} as `keyed.check_value` returns it (the number itself for a
    rule of one input) when it is the usual case: exactly the rule's inputs, each a float
    within [low, high]. None for anything else (`Scorer.score` checks and reports it)."""
    if value.__class__ is not dict or len(value) != len(names):  # type: ignore[arg-type]
        return None
    checked = {}
    for name in names:
        x = value.get(name)  # type: ignore[attr-defined]
        if x.__class__ is not float or not low <= x <= high:
            return None
        checked[name] = x
    return checked if len(names) > 1 else checked[names[0]]


class RaterMemo:
    """Rater scores of one indicator: the first person with given (rater, score) pairs is
    scored by `Scorer.score` itself; when that reported nothing (no missing or ignored
    rater, no bad score) but perhaps a gap between self and reviewer, everyone after with
    the same pairs gets its outcome, and the gap warning again, naming their own cells."""

    __slots__ = ("_code", "_ind", "_scorer", "outcomes")

    def __init__(self, ind: Indicator, scorer: Scorer) -> None:
        self._ind = ind
        self._code = ind.code
        self._scorer = scorer
        #: the raters and scores of one person, in their order (`_exact_key`) -> its
        #: outcome, and whether it warns of a gap
        self.outcomes: dict[Hashable, RaterOutcome] = {}

    def result(
        self, emp: Employee, got: Entry | list[Entry] | RaterCells
    ) -> IndicatorResult | None:
        """The result for what `emp` keyed, or None when `Scorer.score` must score it."""
        entries: Sequence[Entry] | None
        if got.__class__ is RaterCells:  # placed from columns: Entries made only if needed
            entries = None
            k = _exact_key(*got.keyed())  # type: ignore[union-attr]
        else:
            entries = got if got.__class__ is list else (got,)  # type: ignore[assignment]
            k = _exact_key(
                tuple(e.rater for e in entries),  # type: ignore[union-attr]
                tuple(e.value for e in entries),  # type: ignore[union-attr]
            )
        if k is None:
            return None
        found = self.outcomes.get(k)
        if found is None:
            return self._first(emp, entries or got.entries(), k)  # type: ignore[union-attr]
        if not found:
            return None
        raw, points, how, scores, gap = found
        scores = dict(scores)
        if gap:  # each level is keyed once here (twice is an error, never memoised)
            if entries is None:  # (two Entries made, not every rater's)
                own, theirs = got.entry_of(_SELF), got.entry_of(_REVIEWER)  # type: ignore[union-attr]
            else:
                own, theirs = _by(entries, _SELF), _by(entries, _REVIEWER)
            self._scorer.warn_gap(emp, self._ind, scores, own, theirs)
        return IndicatorResult(self._code, raw, points, how, scores)

    def _first(self, emp: Employee, entries: Sequence[Entry], key: Hashable) -> IndicatorResult:
        """Score the first person with these pairs through `Scorer.score`, and keep the
        outcome if it reported nothing but perhaps a gap."""
        scorer = self._scorer
        problems, ignored = len(scorer.problems.items), len(scorer.ignored)
        result = scorer.score(emp, self._ind, entries, True)
        added = scorer.problems.items[problems:]
        gap = len(added) == 1 and added[0].code == "raters.gap"
        quiet = (gap or not added) and len(scorer.ignored) == ignored
        if quiet and result.raw is not None and result.points is not None:
            how, scores = result.explanation, result.rater_scores
            self.outcomes[key] = (result.raw, result.points, how, scores, gap)
        else:
            self.outcomes[key] = _REFERENCE
        return result


def _exact_key(
    raters: tuple[Rater | None, ...], scores: tuple[object, ...]
) -> tuple[tuple[Rater | None, ...], tuple[object, ...]] | None:
    """How `RaterMemo.outcomes` keys one person's rater scores, from entries or columns
    alike: (raters, scores) in the order keyed, when every score is a nonzero float that
    is not NaN (an exact key: a rater's 0 is rare, not keyed); None otherwise."""
    for r, v in zip(raters, scores, strict=True):
        if r is None or v.__class__ is not float or not v or v != v:
            return None
    return raters, scores


_SELF, _REVIEWER = Rater.SELF, Rater.REVIEWER


def _by(entries: Sequence[Entry], rater: Rater) -> Entry:
    """The entry of `rater` (there is one)."""
    return next(e for e in entries if e.rater == rater)
