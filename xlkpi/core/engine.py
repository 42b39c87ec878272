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

from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from itertools import repeat
from types import MappingProxyType

from xlkpi.core.adjust import (
    NO_ADJUSTMENT,
    adjustments_by_employee,
    finish_total,
    plain_total,
    vetoes_by_employee,
)
from xlkpi.core.bonus import assign_bonus
from xlkpi.core.columns import NOT_KEYED, EntryColumn, EntryColumns, RaterCells
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
    places: dict[str, _Places] = {}
    for position, checked in plans.items():
        memo_plans[position], places[position] = _planned(checked, scorer)
    rows = _place_entries(assessment.entries, employees, places, problems)

    known = {e.id: e.source for e in employees.values()}
    # Adjustments and vetoes are checked before anyone is scored, so that the person loop
    # can finish most totals itself; their problems still come after the scoring's.
    later = Problems()
    adjustments = adjustments_by_employee(assessment.adjustments, known, later)
    vetoes = vetoes_by_employee(assessment.vetoes, known, grade_names, later)
    # 360° groups change subtotals after the loop: then every total is finished after it
    plain = assessment.raters360 is None
    touched = adjustments.keys() | vetoes.keys() if plain else None
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
        alone = touched is not None and (not touched or emp.id not in touched)
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
) -> tuple[list[_Planned], _Places]:
    """A position's plan for the person loop, and where `_place_entries` puts what is keyed
    for each of its indicators (with the actual memo that scores it at once, if any)."""
    planned: list[_Planned] = []
    places: dict[str, tuple[int, ActualMemo | None]] = {}
    for i, (code, ind, usable) in enumerate(plan):
        memo = _memo(ind, scorer) if usable else None
        rated = memo if isinstance(memo, RaterMemo) else None
        planned.append((code, ind, usable, rated))
        places[code] = (i, memo if isinstance(memo, ActualMemo) else None)
    return planned, places


#: what one person keyed for each indicator of their position, in its order: the outcome
#: of an actual scored as it was placed (a tuple, see core.memo), an Entry, a list of them
#: (keyed twice), rater scores placed from columns (RaterCells), or None (nothing keyed)
_Row = list[Outcome | Entry | list[Entry] | RaterCells | None]
#: a position's indicator codes -> their place in a row, and their actual memo (or None)
_Places = Mapping[str, tuple[int, ActualMemo | None]]


def _score_person(
    emp: Employee,
    plan: Sequence[_Planned],
    row: Iterable[Outcome | Entry | list[Entry] | RaterCells | None],
    score: Callable[[Employee, Indicator, Sequence[Entry], bool], IndicatorResult],
) -> dict[str, IndicatorResult]:
    """One person's result on each indicator of their position, in the position's order
    (`row`: what they keyed for each, as `_place_entries` placed it)."""
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


def _place_entries(
    entries: Sequence[Entry],
    employees: Mapping[str, Employee],
    places: Mapping[str, _Places],
    problems: Problems,
) -> dict[str, _Row]:
    """Entries per employee id, one place per indicator of their position in its order
    (None where nothing is keyed), in input order: the Entry itself when it is the only
    one (nearly always: a list each was ~90 MB at 50,000 people), a list of them
    otherwise. Entries for unknown employees or codes are ERRORS.

    A single actual with a memo is scored here, as it is placed (`ActualMemo.outcome`,
    which reports nothing): readers give entries a column at a time, so this reads each
    entry while it is at hand, rather than again in the person loop, which would reach
    them in another order (at 50,000 people, from all over memory). Columns
    (`core.columns`) are placed as they are, an Entry made only where one is kept."""
    placer = _Placer(entries, employees, places, problems)
    if isinstance(entries, EntryColumns):
        for column in entries.columns:
            placer.column(column)
        return placer.index
    slots, slot_of, put = placer.slots, placer.slot, placer.put
    for e in entries:
        slot = slots.get(e.employee_id) or slot_of(e.employee_id)
        if slot is None or (place := slot[1].get(e.indicator)) is None:
            placer.unplaced(e)
        else:
            put(slot[0], place, e.value, e.rater, e)
    return placer.index


class _Placer:
    """`_place_entries`' rows and the lookups it shares between entries and columns."""

    def __init__(
        self,
        entries: Sequence[Entry],
        employees: Mapping[str, Employee],
        places: Mapping[str, _Places],
        problems: Problems,
    ) -> None:
        self.entries, self.employees, self.places = entries, employees, places
        self.problems = problems
        self.index: dict[str, _Row] = {}
        # employee id -> (that employee's row, the places of their position): one lookup
        # per entry instead of three
        self.slots: dict[str, tuple[_Row, _Places]] = {}
        self.firsts: dict[tuple[str, str], Entry] = {}  # see `_first_keyed`, if needed
        # a sheet's ids (shared by its columns, see core.columns) -> their slots, and the ids
        # themselves (kept so that the key, their id(), stays theirs)
        self.slots_of_ids: dict[int, tuple[list[str], list[tuple[_Row, _Places] | None]]] = {}

    def slot(self, eid: str) -> tuple[_Row, _Places] | None:
        """The employee's row and their position's places (made on first sight); None for
        an employee not in the list."""
        slot = self.slots.get(eid)
        if slot is None:
            emp = self.employees.get(eid)
            if emp is not None:
                at = self.places.get(emp.position, _NONE)
                row: _Row = [None] * len(at)
                self.index[eid] = row
                slot = self.slots[eid] = row, at
        return slot

    def _slots_of(self, ids: list[str]) -> list[tuple[_Row, _Places] | None]:
        """The slots of a sheet's ids, looked up once for all the columns that share them."""
        known = self.slots_of_ids.get(id(ids))
        if known is None:
            known = self.slots_of_ids[id(ids)] = ids, list(map(self.slot, ids))
        return known[1]

    def column(self, column: EntryColumn) -> None:
        """Place one column's values, in its order, as `put` would, but inline for the
        usual cells, which then need no Entry: an actual its memo scores, a rater score
        (kept as RaterCells)."""
        if column.rater is not None:
            self._rater_column(column)
            return
        code, entry, put = column.indicator, column.entry, self.put
        for k, (slot, v) in enumerate(zip(self._slots_of(column.ids), column.values, strict=True)):
            if v is NOT_KEYED:
                continue
            if slot is None or (place := slot[1].get(code)) is None:
                self.unplaced(entry(k))
                continue
            row = slot[0]
            i, memo = place
            if row[i] is None and memo is not None:
                # a nonzero float scored before (`ActualMemo.outcome` keys such a value by
                # itself): the usual cell, placed without a call
                found = memo.outcomes.get(v) if v.__class__ is float and v else None
                if found is None:
                    found = memo.outcome(v)
                if found:
                    row[i] = found
                    continue
            put(row, place, v, None, entry(k))

    def _rater_column(self, column: EntryColumn) -> None:
        """Place one rater's scores: each person's kept as RaterCells (see `column`)."""
        code, entry, put = column.indicator, column.entry, self.put
        for k, (slot, v) in enumerate(zip(self._slots_of(column.ids), column.values, strict=True)):
            if v is NOT_KEYED:
                continue
            if slot is None or (place := slot[1].get(code)) is None:
                self.unplaced(entry(k))
                continue
            row = slot[0]
            same = row[place[0]]
            if same is None:
                row[place[0]] = RaterCells(column, k)
            elif same.__class__ is RaterCells:
                same.add(column, k)  # type: ignore[union-attr]
            else:
                put(row, place, v, column.rater, entry(k))

    def put(
        self,
        row: _Row,
        place: tuple[int, ActualMemo | None],
        v: object,
        rater: object,
        e: Entry,
    ) -> None:
        """Place one entry (`v`, `rater`: its value and rater) in its employee's row."""
        i, memo = place
        same = row[i]  # (None: nothing keyed there yet)
        if same is None:
            if memo is not None and rater is None:
                # a nonzero float scored before, inline (`ActualMemo.outcome` keys such a
                # value by itself); everything else through it
                found = memo.outcomes.get(v) if v.__class__ is float and v else None
                if found is None:
                    found = memo.outcome(v)
                row[i] = found or e  # (an empty outcome: Scorer.score must score it)
            else:
                row[i] = e
        elif same.__class__ is list:
            same.append(e)  # type: ignore[union-attr]
        elif same.__class__ is RaterCells:  # rater scores, and something else (rare)
            row[i] = [*same.entries(), e]  # type: ignore[union-attr]
        elif same.__class__ is tuple:  # scored as placed, and keyed again
            row[i] = [_first_keyed(self.firsts, self.entries, e.employee_id, e.indicator), e]
        else:
            row[i] = [same, e]  # type: ignore[list-item]

    def unplaced(self, e: Entry) -> None:
        """Report an entry for an employee not in the list, or for an indicator their
        position does not have."""
        emp = self.employees.get(e.employee_id)
        where = e.source if e.source != _NOWHERE else Source(label=f"{e.employee_id}/{e.indicator}")
        if emp is None:
            self.problems.error(
                "entry.employee",
                f"A value is keyed for employee '{e.employee_id}', who is not in the employee list",
                f"填写了员工“{e.employee_id}”的数据，但该员工不在员工名单中",
                where,
            )
        else:
            self.problems.error(
                "entry.indicator",
                f"A value is keyed for {emp.id} {emp.name} on indicator '{e.indicator}', which "
                f"position {emp.position} does not have",
                f"{emp.id} {emp.name}填写了指标“{e.indicator}”，但岗位{emp.position}没有该指标",
                where,
            )


def _first_keyed(
    firsts: dict[tuple[str, str], Entry], entries: Sequence[Entry], eid: str, code: str
) -> Entry:
    """The first entry keyed for (employee, indicator), whose place holds its outcome
    now that a second one arrives (rare: a reader that repeats a value). `firsts` is
    filled from every entry on the first call, so many repeats stay linear."""
    if not firsts:
        for e in entries:
            firsts.setdefault((e.employee_id, e.indicator), e)
    return firsts[eid, code]
