"""`assess`: one run from an Assessment to a RunResult, collecting every problem.

Steps: check the setup (employees, indicators, weights, rater policy, grade table) →
score each indicator of each employee → subtotal → adjustments and veto total caps →
clamp and round the total → ranks → grades by score → forced distribution → calibrated
overrides → veto grade caps → bonus shares.

Nothing stops at the first problem: everything that can be scored is scored, so callers
can show partial results next to the problems; `RunResult.ok` is False if any is an error.
A person's total is None when any of their indicators could not be scored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, field
from itertools import repeat

from xlkpi.core.adjust import (
    NO_ADJUSTMENT,
    adjustments_by_employee,
    finish_total,
    plain_total,
    vetoes_by_employee,
)
from xlkpi.core.bonus import assign_bonus
from xlkpi.core.columns import RaterCells
from xlkpi.core.distribution import apply_distribution, check_calibrations
from xlkpi.core.grading import (
    assign_grades_by_score,
    check_bands,
    finalise_grades,
    overrides_by_employee,
)
from xlkpi.core.memo import ActualMemo, Outcome, RaterMemo
from xlkpi.core.model import (
    Assessment,
    Employee,
    EmployeeResult,
    Entry,
    GradeBand,
    Indicator,
    IndicatorResult,
    RunResult,
    Scope,
    ScoredBy,
    Veto,
)
from xlkpi.core.placing import Places, place_entries
from xlkpi.core.problems import Problems, Source
from xlkpi.core.ranking import Groups, assign_ranks, group_by_scope
from xlkpi.core.raters import check_policy
from xlkpi.core.raters360 import apply_360
from xlkpi.core.scoring import Scorer, check_indicator
from xlkpi.core.unique import first_of_each
from xlkpi.core.weights import check_weights, group_by_position


def assess(assessment: Assessment) -> RunResult:
    """Score, rank, grade and pay everyone in the assessment.

    Args:
        assessment: settings, indicators, employees, entries, grades, adjustments,
            vetoes and calibrated overrides.
    Returns:
        One EmployeeResult per distinct employee (input order) and all problems found.
    """
    scored = score_totals(assessment)
    settings = assessment.settings
    assign_ranks(scored.results, settings.rank_scope, scored.groups(settings.rank_scope))
    grade_by_score(scored)
    if settings.forced_distribution:
        distribute(scored)
    finalise(scored)
    pay_bonus(scored)
    return RunResult(scored.results, scored.problems)


@dataclass
class Scored:
    """The first half of a run: everyone's total, before ranks, grades and bonus.

    `assess` finishes it at once; `core.company` finishes several together (company-wide
    ranks, quotas or pool), each still with its own overrides and vetoes.
    """

    assessment: Assessment
    results: list[EmployeeResult]
    problems: Problems
    bands: list[GradeBand]
    bands_ok: bool
    known: dict[str, Source]  # employee id -> their row
    vetoes: dict[str, list[Veto]]
    #: `groups`' cache, one per scope (derived: not set by callers, shown or compared)
    _groups: dict[Scope, Groups] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def results_of(self, ids: Set[str]) -> list[EmployeeResult]:
        """The results of these employees, in results order: a few people found without a
        pass over everyone's results (at 50,000 people a pass misses the cache throughout).
        `known` lists everyone in results order (`score_totals` makes both from one loop)."""
        if not ids:
            return []
        places = [i for i, eid in enumerate(self.known) if eid in ids]
        found = [self.results[i] for i in places]
        assert all(r.employee.id in ids for r in found)  # (the orders agree)
        return found

    def groups(self, scope: Scope) -> Groups:
        """The results grouped by `scope` (`ranking.group_by_scope`), made once per scope:
        ranks, quotas and the calibration check all group the same people, by totals that
        are final once scored."""
        found = self._groups.get(scope)
        if found is None:
            found = self._groups[scope] = group_by_scope(self.results, scope)
        return found


def grade_by_score(scored: Scored) -> None:
    """Grades by score (before quotas) for everyone with a total."""
    assign_grades_by_score(scored.results, scored.bands, scored.problems)


def distribute(scored: Scored) -> None:
    """Forced distribution within the assessment's own scope groups, whose messages name
    positions as HR wrote them (a company-wide distribution is `core.company`'s)."""
    if scored.bands_ok:
        apply_distribution(
            scored.results,
            scored.bands,
            scored.assessment.settings.distribution_scope,
            scored.problems,
            scored.assessment.position_names,
            groups=scored.groups(scored.assessment.settings.distribution_scope),
        )


def finalise(scored: Scored) -> None:
    """Calibrated overrides and veto grade caps: the final grades; a calibration that
    breaks a quota is a warning."""
    assessment = scored.assessment
    settings = assessment.settings
    grade_names = [b.grade for b in scored.bands]
    overrides = overrides_by_employee(
        assessment.overrides, scored.known, grade_names, scored.problems
    )
    # only people with a calibration or a veto can change here (results order, as before)
    changing = scored.results_of(overrides.keys() | scored.vetoes.keys())
    finalise_grades(changing, scored.bands, overrides, scored.vetoes, scored.problems)
    if settings.forced_distribution and scored.bands_ok:
        check_calibrations(
            scored.results,
            scored.bands,
            settings.distribution_scope,
            overrides,
            scored.problems,
            assessment.position_names,
            scored.groups(settings.distribution_scope),
            [r for r in changing if r.employee.id in overrides],
        )


def pay_bonus(scored: Scored) -> None:
    """The assessment's own bonus pool split over its people (a pool that is not
    company-wide)."""
    settings = scored.assessment.settings
    assign_bonus(
        scored.results,
        scored.bands,
        settings.bonus_pool,
        scored.problems,
        settings.sources.get("bonus_pool"),
    )


def score_totals(assessment: Assessment) -> Scored:
    """Check the setup and score everyone up to their total (adjustments and veto caps
    included): the first half of `assess`."""
    problems = Problems()
    settings = assessment.settings
    employees = _unique_employees(assessment.employees, problems)
    by_position = group_by_position(assessment.indicators, problems)
    check_weights(by_position, settings.weight_tolerance, problems, assessment.position_names)
    # position -> [(code, indicator, usable)], checked once, not once per employee
    plans = {
        position: [(code, ind, check_indicator(ind, problems)) for code, ind in inds.items()]
        for position, inds in by_position.items()
    }
    policy = check_policy(settings.rater_policy, settings.weight_tolerance, problems)
    bands = list(assessment.grades)
    bands_ok = check_bands(bands, problems)
    grade_names = [b.grade for b in bands]

    scorer = Scorer(policy, problems, locate=assessment.locate)
    score = scorer.score
    # Each usable indicator scores the usual values once per distinct value (see core.memo);
    # the rest (missing, duplicate, text, out of range, a rule that raises) goes through
    # `Scorer.score`, which reports it.
    memo_plans: dict[str, list[_Planned]] = {}
    places: dict[str, Places] = {}
    for position, checked in plans.items():
        memo_plans[position], places[position] = _planned(checked, scorer)
    rows = place_entries(assessment.entries, employees, places, problems)

    known = {e.id: e.source for e in employees.values()}
    # Adjustments and vetoes are checked before anyone is scored, so that the person loop
    # can finish most totals itself; their problems still come after the scoring's.
    later = Problems()
    adjustments = adjustments_by_employee(assessment.adjustments, known, later)
    vetoes = vetoes_by_employee(assessment.vetoes, known, grade_names, later)
    # 360° groups change subtotals after the loop: then every total is finished after it
    touched = adjustments.keys() | vetoes.keys() if assessment.raters360 is None else None
    rounded: dict[float, tuple[float, float]] = {}  # shared subtotals are rounded once
    results = []
    unfinished = []  # (in results order) totals with something to add, cap or report
    for emp in employees.values():
        plan: Sequence[_Planned] = memo_plans.get(emp.position, ())
        if not plan:
            problems.error(
                "employee.position",
                f"{emp.id} {emp.name}: position '{emp.position}' has no indicators",
                f"{emp.id} {emp.name}：岗位“{emp.position}”没有考核指标",
                emp.source,
            )
        scored = _score_person(emp, plan, rows.get(emp.id) or repeat(None), score)
        points = [s.points for s in scored.values()]
        subtotal = None if not plan or None in points else sum(points)  # type: ignore[arg-type]
        total = None
        alone = touched is not None and emp.id not in touched  # (its total is finished here)
        if alone and subtotal is not None:
            total = plain_total(subtotal, rounded)  # (None: out of 0..100, reported later)
        result = EmployeeResult(emp, scored, subtotal, NO_ADJUSTMENT, total)
        results.append(result)
        if not alone or (total is None and subtotal is not None):
            unfinished.append(result)
    scorer.report_ignored()
    if assessment.raters360 is not None:
        apply_360(results, assessment.raters360, by_position, problems)
    problems.extend(later)
    for r in unfinished:
        eid = r.employee.id
        finish_total(r, adjustments.get(eid, ()), vetoes.get(eid, ()), problems, rounded)

    return Scored(assessment, results, problems, bands, bands_ok, known, vetoes)


def _unique_employees(employees: Iterable[Employee], problems: Problems) -> dict[str, Employee]:
    def duplicate(first: Employee, emp: Employee) -> None:
        problems.error(
            "employee.duplicate",
            f"Employee id {emp.id} appears twice ({first.name}, {emp.name}); the first is used",
            f"员工编号{emp.id}重复（{first.name}、{emp.name}），使用第一个",
            first.source,
            emp.source,
        )

    return first_of_each(employees, lambda emp: emp.id, duplicate)


def _memo(ind: Indicator, scorer: Scorer) -> ActualMemo | RaterMemo | None:
    """The memo that scores this usable indicator's usual values, if it has one: actuals
    through a rule, or rater scores."""
    if ind.scored_by is not ScoredBy.ACTUAL:
        return RaterMemo(ind, scorer)
    return ActualMemo(ind) if ind.rule is not None and len(ind.rule.inputs) >= 1 else None


#: one indicator of a position as the person loop reads it: code, indicator, whether it
#: can be scored, and its rater memo (or None: actuals are memoised while placed)
_Planned = tuple[str, Indicator, bool, RaterMemo | None]


def _planned(
    plan: Sequence[tuple[str, Indicator, bool]], scorer: Scorer
) -> tuple[list[_Planned], Places]:
    """A position's plan for the person loop, and where `placing.place_entries` puts what is keyed
    for each of its indicators (with the actual memo that scores it at once, if any)."""
    planned: list[_Planned] = []
    places: dict[str, tuple[int, ActualMemo | None]] = {}
    for i, (code, ind, usable) in enumerate(plan):
        memo = _memo(ind, scorer) if usable else None
        rated = memo if isinstance(memo, RaterMemo) else None
        planned.append((code, ind, usable, rated))
        places[code] = (i, memo if isinstance(memo, ActualMemo) else None)
    return planned, places


def _score_person(
    emp: Employee,
    plan: Sequence[_Planned],
    row: Iterable[Outcome | Entry | list[Entry] | RaterCells | None],
    score: Callable[[Employee, Indicator, Sequence[Entry], bool], IndicatorResult],
) -> dict[str, IndicatorResult]:
    """One person's result on each indicator of their position, in the position's order
    (`row`: what they keyed for each, as `placing.place_entries` placed it)."""
    scored = {}
    for (code, ind, usable, memo), got in zip(plan, row, strict=False):  # (or repeat)
        if got.__class__ is tuple:  # an actual scored as it was placed (the usual case)
            scored[code] = IndicatorResult(code, *got)  # type: ignore[misc]
            continue
        if got is None:
            scored[code] = score(emp, ind, (), usable)
            continue
        if memo is not None:
            result = memo.result(emp, got)  # type: ignore[arg-type]
            if result is not None:
                scored[code] = result
                continue
        if got.__class__ is RaterCells:
            got = got.entries()  # type: ignore[union-attr]
        scored[code] = score(emp, ind, got if got.__class__ is list else (got,), usable)  # type: ignore[arg-type]
    return scored
