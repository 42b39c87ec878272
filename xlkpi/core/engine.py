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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from types import MappingProxyType

from xlkpi.core.adjust import adjustments_by_employee, finish_total, vetoes_by_employee
from xlkpi.core.bonus import assign_bonus
from xlkpi.core.distribution import apply_distribution, check_calibrations
from xlkpi.core.grading import (
    assign_grades_by_score,
    check_bands,
    finalise_grades,
    overrides_by_employee,
)
from xlkpi.core.memo import ActualMemo, RaterMemo
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
from xlkpi.core.problems import Problems, Source
from xlkpi.core.ranking import Groups, assign_ranks, group_by_scope
from xlkpi.core.raters import check_policy
from xlkpi.core.raters360 import apply_360
from xlkpi.core.scoring import Scorer, check_indicator
from xlkpi.core.unique import first_of_each
from xlkpi.core.weights import check_weights, group_by_position

_NOWHERE = Source()
_NONE: Mapping = MappingProxyType({})  # an empty mapping for lookups that find nothing


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
    finalise_grades(scored.results, scored.bands, overrides, scored.vetoes, scored.problems)
    if settings.forced_distribution and scored.bands_ok:
        check_calibrations(
            scored.results,
            scored.bands,
            settings.distribution_scope,
            overrides,
            scored.problems,
            assessment.position_names,
            scored.groups(settings.distribution_scope),
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
    rows = _index_entries(assessment.entries, employees, by_position, problems)

    scorer = Scorer(policy, problems, locate=assessment.locate)
    score = scorer.score
    # Each usable indicator scores the usual values once per distinct value (see core.memo);
    # the rest (missing, duplicate, text, out of range, a rule that raises) goes through
    # `Scorer.score`, which reports it.
    memo_plans = {
        position: [_planned(code, ind, usable, scorer) for code, ind, usable in plan]
        for position, plan in plans.items()
    }
    results = []
    for emp in employees.values():
        plan = memo_plans.get(emp.position, ())
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
        results.append(EmployeeResult(emp, scored, subtotal, 0.0, None))
    scorer.report_ignored()
    if assessment.raters360 is not None:
        apply_360(results, assessment.raters360, by_position, problems)

    known = {e.id: e.source for e in employees.values()}
    adjustments = adjustments_by_employee(assessment.adjustments, known, problems)
    vetoes = vetoes_by_employee(assessment.vetoes, known, grade_names, problems)
    rounded: dict[float, tuple[float, float]] = {}  # shared subtotals are rounded once
    for r in results:
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
#: can be scored, its memo (or None), and its memo's outcomes by actual (actuals only)
_Planned = tuple[str, Indicator, bool, ActualMemo | RaterMemo | None, dict | None]


def _planned(code: str, ind: Indicator, usable: bool, scorer: Scorer) -> _Planned:
    memo = _memo(ind, scorer) if usable else None
    return code, ind, usable, memo, memo.outcomes if isinstance(memo, ActualMemo) else None


#: what one person keyed for each indicator of their position, in its order: an Entry, a
#: list of them (keyed twice), or None (nothing keyed)
_Row = list[Entry | list[Entry] | None]


def _score_person(
    emp: Employee,
    plan: Sequence[_Planned],
    row: Iterable[Entry | list[Entry] | None],
    score: Callable[[Employee, Indicator, Sequence[Entry], bool], IndicatorResult],
) -> dict[str, IndicatorResult]:
    """One person's result on each indicator of their position, in the position's order
    (`row`: what they keyed for each, as `_index_entries` placed it)."""
    scored = {}
    for (code, ind, usable, memo, seen), got in zip(plan, row, strict=False):  # (or repeat)
        if got is None:
            scored[code] = score(emp, ind, (), usable)
            continue
        if seen is not None and got.__class__ is not list and got.rater is None:  # type: ignore[union-attr]
            # The usual case, inline: a nonzero number scored before (`ActualMemo.result`
            # keys such a value by itself; everything else goes through it).
            v = got.value  # type: ignore[union-attr]
            found = seen.get(v) if v.__class__ is float and v else None
            if found:
                scored[code] = IndicatorResult(code, *found)
                continue
        if memo is not None:
            result = memo.result(emp, got)
            if result is not None:
                scored[code] = result
                continue
        scored[code] = score(emp, ind, got if got.__class__ is list else (got,), usable)  # type: ignore[arg-type]
    return scored


def _index_entries(
    entries: Iterable[Entry],
    employees: Mapping[str, Employee],
    by_position: Mapping[str, Mapping[str, Indicator]],
    problems: Problems,
) -> dict[str, _Row]:
    """Entries per employee id, one place per indicator of their position in its order
    (None where nothing is keyed), in input order: the Entry itself when it is the only
    one (nearly always: a list each was ~90 MB at 50,000 people), a list of them
    otherwise. Entries for unknown employees or codes are ERRORS."""
    # each position's indicator codes -> their place in a row
    places = {p: {code: i for i, code in enumerate(inds)} for p, inds in by_position.items()}
    index: dict[str, _Row] = {}
    # employee id -> (that employee's row, the places of their position): one lookup per
    # entry instead of three
    slots: dict[str, tuple[_Row, Mapping[str, int]]] = {}
    for e in entries:
        eid = e.employee_id
        slot = slots.get(eid)
        if slot is None:
            emp = employees.get(eid)
            if emp is not None:
                at = places.get(emp.position, _NONE)
                row: _Row = [None] * len(at)
                index[eid] = row
                slot = slots[eid] = row, at
        i = slot[1].get(e.indicator) if slot is not None else None
        if i is not None:
            row = slot[0]  # type: ignore[index]
            same = row[i]  # (None: nothing keyed there yet)
            if same is None:
                row[i] = e
            elif same.__class__ is list:
                same.append(e)  # type: ignore[union-attr]
            else:
                row[i] = [same, e]  # type: ignore[list-item]
            continue
        emp = employees.get(eid)
        where = e.source if e.source != _NOWHERE else Source(label=f"{e.employee_id}/{e.indicator}")
        if emp is None:
            problems.error(
                "entry.employee",
                f"A value is keyed for employee '{e.employee_id}', who is not in the employee list",
                f"填写了员工“{e.employee_id}”的数据，但该员工不在员工名单中",
                where,
            )
        else:
            problems.error(
                "entry.indicator",
                f"A value is keyed for {emp.id} {emp.name} on indicator '{e.indicator}', which "
                f"position {emp.position} does not have",
                f"{emp.id} {emp.name}填写了指标“{e.indicator}”，但岗位{emp.position}没有该指标",
                where,
            )
    return index
