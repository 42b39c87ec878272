"""Scoring one indicator for one employee: an actual through its rule, or rater scores.

Actuals: `rule.score(entry.value, indicator.target)`. Rater scores: for an indicator with a
rule (behaviour levels: the rater picks 1–5) the rule turns each rater's value into points
first; without a rule each rater's value is already points on 0..scale. Then the rater
policy combines them (see `xlkpi.core.raters`). Raw points outside 0..scale are clamped
with a WARNING; unusable values are ERRORS naming the entry's cell.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from xlkpi.core.fmt import num, pct
from xlkpi.core.keyed import as_number, check_value, in_valid_range, show_value
from xlkpi.core.model import (
    NO_RATER_SCORES,
    Employee,
    Entry,
    Indicator,
    IndicatorResult,
    Locate,
    Rater,
    RaterPolicy,
    ScoredBy,
)
from xlkpi.core.problems import Problems, Source
from xlkpi.core.raters import (
    LEVELS,
    RATER_TEXT,
    RATERS,
    EveryWeighted,
    combine,
    weighted_raters,
)
from xlkpi.core.rules.base import RuleError, RuleScore
from xlkpi.core.weights import weighted_points
from xlkpi.core.words import NO_EXPLANATION, Explanation


def check_indicator(indicator: Indicator, problems: Problems) -> bool:
    """Report an indicator that cannot score anyone (no rule for actuals, bad scale).

    Returns:
        True if the indicator can be scored.
    """
    where = indicator.source if indicator.source != Source() else Source(label=indicator.code)
    ok = True
    if not math.isfinite(indicator.scale) or indicator.scale <= 0:
        problems.error(
            "indicator.scale",
            f"{indicator.name}: scale {indicator.scale!r} must be above 0",
            f"{indicator.name}：满分{indicator.scale!r}必须大于0",
            where,
        )
        ok = False
    if indicator.scored_by is ScoredBy.ACTUAL and indicator.rule is None:
        problems.error(
            "indicator.no_rule",
            f"{indicator.name} is scored from an actual value but has no scoring rule",
            f"“{indicator.name}”按实际值评分，但没有评分规则",
            where,
        )
        ok = False
    return ok


@dataclass
class Scorer:
    """Scores indicators for employees under one rater policy, collecting problems."""

    policy: RaterPolicy
    problems: Problems
    #: entries the policy does not use (e.g. peers in "highest" mode), reported once
    ignored: list[Source] = field(default_factory=list)
    #: the cell of an input that was left empty (problems point at it, not the roster)
    locate: Locate | None = None

    def __post_init__(self) -> None:
        self._weighted = weighted_raters(self.policy)  # combine() needs it for every score
        self._every = EveryWeighted.of(self.policy, self._weighted)

    def _cells(
        self, employee: Employee, code: str, raters: Sequence[Rater | None]
    ) -> tuple[Source, ...]:
        """The empty input cells of `raters`, then the employee's roster row."""
        found: list[Source] = []
        if self.locate is not None:
            for r in raters:
                src = self.locate(employee, code, r)
                if src is not None:
                    found.append(src)
        return (*found, employee.source)

    def score(
        self, employee: Employee, indicator: Indicator, entries: Sequence[Entry], usable: bool
    ) -> IndicatorResult:
        """Score one indicator of one employee.

        Args:
            employee: whose score.
            indicator: what is scored.
            entries: the entries keyed for this employee and indicator.
            usable: False if `check_indicator` found the indicator unscorable.
        Returns:
            raw and weighted points (None when not scorable) and an explanation.
        """
        actual = indicator.scored_by is _ACTUAL
        for e in entries:
            if (e.rater is None) != actual:  # rare: report and drop every entry of the wrong kind
                wrong = [e for e in entries if (e.rater is None) != actual]
                for w in wrong:
                    self._wrong_kind(employee, indicator, w)
                entries = [e for e in entries if e not in wrong]
                break
        if not usable:
            return IndicatorResult(indicator.code, None, None, NO_EXPLANATION, NO_RATER_SCORES)
        if actual:
            result = self._actual(employee, indicator, entries)
        else:
            result = self._raters(employee, indicator, entries)
        if result.raw is not None:
            result.points = weighted_points(result.raw, indicator)
        return result

    def report_ignored(self) -> None:
        """One WARNING for all rater scores the policy does not use."""
        if self.ignored:
            self.problems.warning(
                "raters.ignored",
                f"{len(self.ignored)} rater score(s) are not used by the rater policy "
                f"'{self.policy.mode}' (raters without a weight, or peers/customers in "
                "'highest' mode)",
                f"有{len(self.ignored)}个评分未被评分方式“{self.policy.mode}”采用"
                "（该评分人无权重，或“最高级决定”方式下的同事/客户评分）",
                *self.ignored,
            )

    # -- actuals -------------------------------------------------------------------------

    def _actual(
        self, employee: Employee, indicator: Indicator, entries: Sequence[Entry]
    ) -> IndicatorResult:
        if len(entries) > 1:
            self._duplicate(employee, indicator, "actual value", "实际值", entries)
        entry = entries[0] if entries else None
        if entry is None or entry.value is None:
            where = (
                (entry.source, employee.source)
                if entry
                else self._cells(employee, indicator.code, [None])
            )
            self.problems.error(
                "entry.missing_actual",
                f"No actual value for {employee.id} {employee.name} / {indicator.name}",
                f"{employee.id} {employee.name}缺少指标“{indicator.name}”的实际值",
                *where,
            )
            return IndicatorResult(indicator.code, None, None, NO_EXPLANATION, NO_RATER_SCORES)
        scored = self._rule(employee, indicator, entry)
        if scored is None:
            return IndicatorResult(indicator.code, None, None, NO_EXPLANATION, NO_RATER_SCORES)
        return IndicatorResult(indicator.code, scored[0], None, scored[1], NO_RATER_SCORES)

    # -- raters --------------------------------------------------------------------------

    def _raters(
        self, employee: Employee, indicator: Indicator, entries: Sequence[Entry]
    ) -> IndicatorResult:
        plain, scale = _plain(indicator), indicator.scale
        if plain and self._every is not None:
            usual = self._every_rater(employee, indicator, entries, self._every)
            if usual is not None:
                return usual
        given: dict[Rater, list[_Given]] = {}
        scores: dict[Rater, float] = {}  # one score per rater kind, as `given` fills
        invalid: set[Rater] = set()
        several = False  # some rater kind scored more than once
        for e in entries:
            rater, value = e.rater, e.value
            if value is None or rater is None:
                continue  # a blank cell: the rater is missing
            if plain and value.__class__ is float and 0 <= value <= scale:
                g = _Given(value, e, NO_EXPLANATION)  # points as given: `_rater_points`' usual case
            else:
                scored = self._rater_points(employee, indicator, e)
                if scored is None:
                    invalid.add(rater)
                    continue
                g = _Given(scored[0], e, scored[1])
            same = given.get(rater)
            if same is None:
                given[rater] = [g]
                scores[rater] = g.points
            else:
                same.append(g)
                several = True
        if several:
            scores = self._several(employee, indicator, given)
        if _SELF in scores and _REVIEWER in scores:
            self.warn_gap(
                employee, indicator, scores, given[_SELF][0].entry, given[_REVIEWER][0].entry
            )
        combined = combine(scores, self.policy, self._weighted)
        if combined.ignored:
            self.ignored.extend(g.entry.source for r in combined.ignored for g in given[r])
        missing = [r for r in combined.missing if r not in invalid] if combined.missing else []
        if combined.raw is None:
            if not invalid:
                self._no_score(employee, indicator, missing)
            return IndicatorResult(indicator.code, None, None, rater_scores=scores)
        if missing:
            self._missing(employee, indicator, missing)

        how = Explanation(make=_rater_words, args=(scores, given, combined.how))
        return IndicatorResult(indicator.code, combined.raw, None, how, scores)

    def _every_rater(
        self,
        employee: Employee,
        indicator: Indicator,
        entries: Sequence[Entry],
        every: EveryWeighted,
    ) -> IndicatorResult | None:
        """The usual rater scores, inline: each rater the policy weighs gave points (a
        float on the scale, as `_raters` takes it) once, and nobody else scored. None for
        anything else, which `_raters` scores the long way (same result for this case;
        this one skips its bookkeeping for missing, ignored, repeated and invalid scores)."""
        raters = every.raters
        if len(entries) != len(raters):
            return None
        scale = indicator.scale
        scores: dict[Rater, float] = {}
        own = theirs = None  # the self and reviewer entries, for the gap warning
        for e in entries:
            value = e.value
            if value.__class__ is not float or not 0 <= value <= scale:  # type: ignore[operator]
                return None
            rater = e.rater
            scores[rater] = value  # type: ignore[index,assignment]
            if rater is _SELF:
                own = e
            elif rater is _REVIEWER:
                theirs = e
        if len(scores) != len(raters) or any(r not in scores for r in raters):
            return None
        if own is not None and theirs is not None:
            self.warn_gap(employee, indicator, scores, own, theirs)
        raw, how = every.mean(scores)
        words = Explanation(make=_rater_words, args=(scores, None, how))
        return IndicatorResult(indicator.code, raw, None, words, scores)

    def _several(
        self, employee: Employee, indicator: Indicator, given: dict[Rater, list[_Given]]
    ) -> dict[Rater, float]:
        """One score per rater kind when some kind scored more than once: a level (self,
        reviewer, approver) twice is an error and its first score counts; several peers (or
        customers) are averaged."""
        for rater in LEVELS:
            if rater in given and len(given[rater]) > 1:
                en, zh = RATER_TEXT[rater]
                self._duplicate(
                    employee, indicator, f"{en} score", zh, [g.entry for g in given[rater]]
                )
                given[rater] = given[rater][:1]
        return {
            r: gs[0].points if len(gs) == 1 else math.fsum(g.points for g in gs) / len(gs)
            for r, gs in given.items()
        }

    def _rater_points(
        self, employee: Employee, indicator: Indicator, entry: Entry
    ) -> tuple[float, Explanation] | None:
        if indicator.rule is not None:
            return self._rule(employee, indicator, entry)
        assert entry.rater is not None
        what = RATER_TEXT[entry.rater]
        try:
            value = as_number(entry.value, "")
        except RuleError as exc:
            self._bad_value(employee, indicator, entry, what, (exc.message_en, exc.message_zh))
            return None
        if not 0 <= value <= indicator.scale:
            scale = num(indicator.scale)
            why = (f"{num(value)} is outside 0–{scale}", f"{num(value)}超出0–{scale}")
            self._bad_value(employee, indicator, entry, what, why)
            return None
        return value, NO_EXPLANATION

    def _rule(
        self, employee: Employee, indicator: Indicator, entry: Entry
    ) -> tuple[float, Explanation] | None:
        """Apply the indicator's rule to one entry (an actual, or one rater's level); clamp
        its points to 0..scale.

        The rule's explanation is passed on unread: reading it would word it (costly, and
        rarely wanted; see core.words)."""
        rule = indicator.rule
        assert rule is not None  # check_indicator / caller guarantee it
        try:
            value = check_value(rule, entry.value)
            if indicator.valid is not None and not in_valid_range(indicator.valid, value):
                shown = indicator.valid.text("en", indicator.unit.strip() == "%")
                why = (
                    f"{show_value(value)} is outside the indicator's valid range {shown} "
                    "(Indicators, column Valid range)",
                    f"{show_value(value)}超出该指标的有效范围 {shown}（见“指标”表“有效范围”列）",
                )
                self._bad_value(employee, indicator, entry, _what(entry), why)
                return None
            result: RuleScore = rule.score(value, indicator.target)
        except RuleError as exc:
            why = (exc.message_en, exc.message_zh)
            self._bad_value(employee, indicator, entry, _what(entry), why)
            return None
        except (ArithmeticError, TypeError, ValueError) as exc:
            # A rule that breaks on an odd value must not stop the run; report it in place.
            self._bad_value(employee, indicator, entry, _what(entry), (str(exc), str(exc)))
            return None
        points = result.points
        if not 0 <= points <= indicator.scale:
            clamped = min(max(points, 0.0), indicator.scale)
            self.problems.warning(
                "entry.rule_out_of_scale",
                f"{employee.id} / {indicator.name}: the rule gave {num(points)} points, outside "
                f"0–{num(indicator.scale)}; counted as {num(clamped)}",
                f"{employee.id} / {indicator.name}：规则得分{num(points)}超出0–"
                f"{num(indicator.scale)}，按{num(clamped)}计",
                entry.source,
            )
            points = clamped
        return points, result.explanation

    # -- problems ------------------------------------------------------------------------

    def warn_gap(
        self,
        employee: Employee,
        indicator: Indicator,
        scores: dict[Rater, float],
        self_entry: Entry,
        reviewer_entry: Entry,
    ) -> None:
        """A WARNING when the self and reviewer scores differ by more than the policy's
        threshold (a share of the indicator's scale), naming both cells."""
        gap = abs(scores[_SELF] - scores[_REVIEWER])
        limit = self.policy.gap_threshold * indicator.scale
        if gap > limit + 1e-9:
            own, theirs, apart = num(scores[_SELF]), num(scores[_REVIEWER]), num(gap)
            scale, share = num(indicator.scale), pct(self.policy.gap_threshold)
            who = f"{employee.id} {employee.name} / {indicator.name}"
            self.problems.warning(
                "raters.gap",
                f"{who}: self {own} and reviewer {theirs} differ by {apart}, more than "
                f"{share} of {scale}",
                f"{who}：自评{own}与考评{theirs}相差{apart}，超过满分{scale}的{share}",
                self_entry.source,
                reviewer_entry.source,
            )

    def _missing(self, employee: Employee, indicator: Indicator, missing: Sequence[Rater]) -> None:
        en = ", ".join(RATER_TEXT[r][0] for r in missing)
        zh = "、".join(RATER_TEXT[r][1] for r in missing)
        if self.policy.missing == "error":
            self.problems.error(
                "raters.missing",
                f"{employee.id} {employee.name} / {indicator.name}: no {en} score",
                f"{employee.id} {employee.name} / {indicator.name}：缺少{zh}",
                *self._cells(employee, indicator.code, missing),
            )
        else:
            self.problems.warning(
                "raters.missing",
                f"{employee.id} {employee.name} / {indicator.name}: no {en} score; the other "
                "raters' weights were rescaled",
                f"{employee.id} {employee.name} / {indicator.name}：缺少{zh}，其余评分人权重按比例重算",
                *self._cells(employee, indicator.code, missing),
            )

    def _no_score(self, employee: Employee, indicator: Indicator, missing: Sequence[Rater]) -> None:
        en = ", ".join(RATER_TEXT[r][0] for r in missing) or "any rater"
        zh = "、".join(RATER_TEXT[r][1] for r in missing) or "任何评分"
        self.problems.error(
            "raters.none",
            f"{employee.id} {employee.name} / {indicator.name}: no usable "
            f"rater score (missing: {en})",
            f"{employee.id} {employee.name} / {indicator.name}：没有可用的评分（缺少{zh}）",
            *self._cells(employee, indicator.code, missing),
        )

    def _bad_value(
        self,
        employee: Employee,
        indicator: Indicator,
        entry: Entry,
        what: tuple[str, str],
        why: tuple[str, str],
    ) -> None:
        """An error on one value: whose, which indicator, what the value is (en, zh) and why it
        cannot be scored (en, zh)."""
        self.problems.error(
            "entry.value",
            f"{employee.id} {employee.name} / {indicator.name}: {what[0]} {why[0]}",
            f"{employee.id} {employee.name} / {indicator.name}：{what[1]}{why[1]}",
            entry.source if entry.source != Source() else employee.source,
        )

    def _duplicate(
        self, employee: Employee, indicator: Indicator, en: str, zh: str, entries: Sequence[Entry]
    ) -> None:
        self.problems.error(
            "entry.duplicate",
            f"{employee.id} {employee.name} / {indicator.name}: {en} given {len(entries)} times; "
            "the first is used",
            f"{employee.id} {employee.name} / {indicator.name}：{zh}重复{len(entries)}次，使用第一个",
            *(e.source for e in entries),
        )

    def _wrong_kind(self, employee: Employee, indicator: Indicator, entry: Entry) -> None:
        if indicator.scored_by is ScoredBy.ACTUAL:
            en = "is scored from an actual value, but a rater score was given"
            zh = "按实际值评分，却填了评分人分数"
        else:
            en = "is scored by raters, but a value without a rater was given"
            zh = "由评分人评分，却填了没有评分人的数值"
        self.problems.error(
            "entry.kind",
            f"{employee.id} / {indicator.name} {en}",
            f"{employee.id} / {indicator.name}{zh}",
            entry.source if entry.source != Source() else employee.source,
        )


# Enum members looked up once: `Rater.SELF` costs a metaclass lookup on every use.
_SELF, _REVIEWER, _ACTUAL = Rater.SELF, Rater.REVIEWER, ScoredBy.ACTUAL


class _Given(NamedTuple):  # a tuple: made for every rater score, so kept cheap
    """One usable rater score: points on the scale, its entry, and the rule's words."""

    points: float
    entry: Entry
    why: Explanation


def _plain(indicator: Indicator) -> bool:
    """Whether raters give this indicator's points directly (no rule turns a level into
    points): `_raters` then takes a float on the scale as it is, without `_rater_points`."""
    return indicator.rule is None


def _rater_words(
    scores: dict[Rater, float], given: dict[Rater, list[_Given]] | None, how: Explanation
) -> tuple[str, str]:
    """Each rater's score (and the rule's words for it, unless `given` is None: points
    given as they are), then how they were combined."""
    parts = [(RATER_TEXT[r], scores[r], given[r] if given else ()) for r in RATERS if r in scores]
    how_en = "; ".join(f"{t[0]} {num(s)}" + _why(g, False) for t, s, g in parts)
    how_zh = "；".join(f"{t[1]}{num(s)}" + _why(g, True) for t, s, g in parts)
    return f"{how_en}; {how.en}", f"{how_zh}；{how.zh}"


def _what(entry: Entry) -> tuple[str, str]:
    """What a value scored by a rule is called in messages: the actual, or a rater's score."""
    if entry.rater is None:
        return "actual", "实际值"
    en, zh = RATER_TEXT[entry.rater]
    return f"{en} score", zh


def _why(given: Sequence[_Given], zh: bool) -> str:
    """The rule's explanation of each rater value (levels), in brackets, if any."""
    texts = [g.why.zh if zh else g.why.en for g in given]
    texts = [t for t in texts if t]
    return f" ({' / '.join(texts)})" if texts else ""
