"""Money for a run: each position's pay scheme over its people, explained and reconciled.

    compute_pay(book, read, run, problems)   -> PayOutcome (or None: no position has a scheme)

Each person's amount goes into `EmployeeResult.extra` under the data-sheet result keys
`pay` (Decimal, written as money) and `pay_detail` (the breakdown text in the workbook's
language), so `workbook.results` writes them beside the other results; `pay_json` gives
the breakdown for `xlkpi calculate --json`. Problems (bad inputs naming their cells,
formula errors naming the formula's cell, splits that do not reconcile) go into the
run's `problems`, so they are on the Issues sheet.

Amounts are computed only when reading and scoring found no error: a score that is not
current gives no pay. The Pay sheet and the positions' schemes are still checked, so one
run reports every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from xlkpi.core.model import Employee, EmployeeResult, RunResult
from xlkpi.core.money import (
    Breakdown,
    FormulaError,
    FormulaInput,
    ManagerInput,
    Member,
    MoneyError,
    PoolMember,
    PoolResult,
    SalaryInput,
    TeamInput,
    TeamResult,
)
from xlkpi.core.problems import Problems, Source
from xlkpi.core.rules.base import RuleError
from xlkpi.io.cells import BookReader
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.layout import Kind, Label
from xlkpi.workbook.pay_read import (
    PaySetup,
    PersonInputs,
    read_money_inputs,
    read_pay_setup,
)
from xlkpi.workbook.read import ReadOutcome
from xlkpi.workbook.values import ValueIssue, is_blank, parse_value

CENT = Decimal("0.01")


@dataclass
class PoolRun:
    """One department's pool: its name, department and the core's result."""

    pool: str
    department: str
    result: PoolResult


@dataclass
class PayOutcome:
    """The money of a run: one breakdown per paid person, team and pool results."""

    lang: str
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)  # employee id ->
    teams: list[TeamResult] = field(default_factory=list)
    pools: list[PoolRun] = field(default_factory=list)
    departments: dict[str, Decimal] = field(default_factory=dict)  # department -> total
    computed: bool = False  # False when errors elsewhere stopped the amounts

    def to_json(self) -> dict[str, Any]:
        """Team, pool and department totals as JSON-able data (money as strings)."""
        return {
            "computed": self.computed,
            "teams": [
                {
                    "team": t.team,
                    "quota": t.quota,
                    "passed_units": t.passed_units,
                    "tier_en": t.tier.label_en,
                    "tier_zh": t.tier.label_zh,
                    "team_amount": str(t.team_amount),
                    "shares": [str(s) for s in t.shares],
                    "paid": str(t.total),
                }
                for t in self.teams
            ],
            "pools": [
                {
                    "pool": p.pool,
                    "department": p.department,
                    "pool_amount": str(p.result.pool),
                    "shares": [str(s) for s in p.result.shares],
                    "paid": str(p.result.paid),
                    "not_paid": str(p.result.not_paid),
                }
                for p in self.pools
            ],
            "departments": [
                {"department": d, "total": str(v)} for d, v in self.departments.items()
            ],
        }


def pay_json(result: EmployeeResult) -> dict[str, Any] | None:
    """A person's pay breakdown for JSON (`Breakdown.to_dict`), or None without one."""
    breakdown = result.extra.get("pay_breakdown")
    return breakdown.to_dict() if isinstance(breakdown, Breakdown) else None


def compute_pay(
    book: BookReader, read: ReadOutcome, run: RunResult | None, problems: Problems
) -> PayOutcome | None:
    """Compute every position's pay scheme and put the amounts into the run's results.

    Args:
        book: the workbook (the Pay sheet, Positions and data sheets are read from it).
        read: what `read_assessment` found.
        run: the engine's result (None when it did not run).
        problems: the run's problems; money problems are added here.
    Returns:
        The money of the run, or None when no position has a pay scheme.
    """
    setup = read_pay_setup(book, read, problems)
    if not setup.choices:
        return None
    people = read_money_inputs(book, read, set(setup.choices))
    outcome = PayOutcome(read.where.lang)
    _check_columns(setup, read, problems)
    if run is None or problems.has_errors:
        return outcome
    _Pay(setup, read, run, people, problems, outcome).compute()
    outcome.computed = True
    return outcome


# ---------------------------------------------------------------------------------------
# Structure checks: the columns each scheme needs
# ---------------------------------------------------------------------------------------

_REQUIRED: dict[str, tuple[str, ...]] = {
    "salary": ("standard_pay", "days_attended", "performance_base"),
    "manager_factor": ("performance_base",),
    "piece_rate": ("role",),
    "formula": (),
    "pool_split": (),
}


def _needed(setup: PaySetup, position: str) -> tuple[list[str], Source | None]:
    """The money columns a position's scheme needs, and the Pay cell asking for them."""
    choice = setup.choices[position]
    needed = list(_REQUIRED[choice.kind])
    where: Source | None = None
    if choice.kind == "formula":
        found = setup.formula(choice.name)
        if found is not None:
            needed += [
                n for n in found.scheme.formula.names if n.casefold() not in pl.FORMULA_BUILTINS
            ]
            where = found.source
    elif choice.kind == "pool_split":
        pool = setup.pool(choice.name)
        if pool is not None:
            for role in pool.scheme.roles:
                needed += [
                    n
                    for n in role.formula.names
                    if n.casefold() not in pl.FORMULA_BUILTINS and n not in needed
                ]
            where = pool.source
    return needed, where


def _check_columns(setup: PaySetup, read: ReadOutcome, problems: Problems) -> None:
    for position, choice in setup.choices.items():
        src = setup.choice_sources[position]
        if choice.kind == "formula" and setup.formula(choice.name) is None:
            known = ", ".join(sorted(f.scheme.code for f in setup.formulas.values()))
            problems.error(
                "pay.formula_unknown",
                f"Position {position}: there is no formula named '{choice.name}' in the "
                f"Formulas table of the Pay sheet (formulas: {known})",
                f"岗位{position}：“薪酬”表的奖金公式中没有名为“{choice.name}”的公式（现有：{known}）",
                src,
            )
            continue
        if choice.kind == "pool_split" and setup.pool(choice.name) is None:
            known = ", ".join(sorted(p.scheme.code for p in setup.pools.values()))
            problems.error(
                "pay.pool_unknown",
                f"Position {position}: there is no pool named '{choice.name}' on the Pay sheet "
                f"(pools: {known})",
                f"岗位{position}：“薪酬”表中没有名为“{choice.name}”的奖金池（现有：{known}）",
                src,
            )
            continue
        place = read.where.data.get(position)
        if place is None:
            continue
        have = {
            k[len(pl.MONEY_PREFIX) :].casefold()
            for k in place.columns
            if k.startswith(pl.MONEY_PREFIX)
        }
        needed, formula_cell = _needed(setup, position)
        missing = [n for n in needed if n.casefold() not in have]
        if missing:
            keys = ", ".join(pl.money_key(n) for n in missing)
            scheme = choice.label("en")
            problems.error(
                "pay.column_missing",
                f"Data sheet '{place.sheet}' has no column for the pay input(s) {keys} that "
                f"{scheme} needs (add them to key row {place.key_row + 1})",
                f"数据表“{place.sheet}”缺少{choice.label('zh')}所需的薪酬数据列 {keys}"
                f"（请在第{place.key_row + 1}行键行添加）",
                *[
                    s
                    for s in (Source(place.sheet, f"A{place.key_row + 1}"), src, formula_cell)
                    if s is not None
                ],
            )


# ---------------------------------------------------------------------------------------
# Computing
# ---------------------------------------------------------------------------------------


def _score(total: float | None) -> Decimal | None:
    """A run total as Decimal to the hundredth (floats through repr)."""
    if total is None:
        return None
    return Decimal(repr(float(total))).quantize(CENT)


class _Pay:
    def __init__(
        self,
        setup: PaySetup,
        read: ReadOutcome,
        run: RunResult,
        people: dict[str, PersonInputs],
        problems: Problems,
        outcome: PayOutcome,
    ):
        self.setup = setup
        self.read = read
        self.results = {r.employee.id: r for r in run.results}
        self.people = people
        self.problems = problems
        self.outcome = outcome
        self.lang = read.where.lang

    def compute(self) -> None:
        by_kind: dict[str, list[PersonInputs]] = {}
        for p in sorted(self.people.values(), key=lambda p: (p.sheet, p.row)):
            choice = self.setup.choices[p.employee.position]
            by_kind.setdefault(choice.kind, []).append(p)
        for p in by_kind.get("salary", []):
            self._salary(p)
        for p in by_kind.get("manager_factor", []):
            self._manager(p)
        self._teams(by_kind.get("piece_rate", []))
        for p in by_kind.get("formula", []):
            self._formula(p)
        self._pools(by_kind.get("pool_split", []))
        for eid, breakdown in self.outcome.breakdowns.items():
            dept = self.people[eid].employee.department
            total = self.outcome.departments.get(dept, Decimal("0.00"))
            self.outcome.departments[dept] = total + breakdown.amount

    # -- helpers -------------------------------------------------------------------------

    def _who(self, p: PersonInputs) -> tuple[str, str]:
        e = p.employee
        return f"{e.id} {e.name}", f"{e.id} {e.name}"

    def _value(self, p: PersonInputs, name: str, kind: Kind, *, required: bool) -> Any:
        """One money input parsed; None when blank (an error when required)."""
        raw, cell = p.get(name)
        known = pl.MONEY_INPUTS.get(name)
        label = known.label if known is not None else Label(name, name)
        if cell is None or is_blank(raw):
            if name in pl.ZERO_WHEN_BLANK:
                return 0
            if required:
                en, zh = self._who(p)
                self.problems.error(
                    "pay.input_missing",
                    f"{en}: {label.en} ({pl.money_key(name)}) is empty",
                    f"{zh}：{label.zh}（{pl.money_key(name)}）为空",
                    cell or p.id_source,
                )
                raise _Skip
            return None
        try:
            value = parse_value(raw, kind)
        except ValueIssue as issue:
            self.problems.error(
                issue.code,
                f"{label.en}: {issue.message_en}",
                f"{label.zh}：{issue.message_zh}",
                cell,
            )
            raise _Skip from None
        if isinstance(value, float):
            return Decimal(repr(value))
        return value

    def _total(self, p: PersonInputs) -> Decimal:
        override = self._value(p, "score", Kind.NUMBER, required=False) if p.has("score") else None
        if override is not None:
            return override
        result = self.results.get(p.employee.id)
        score = _score(result.total if result is not None else None)
        if score is None:
            en, zh = self._who(p)
            self.problems.error(
                "pay.no_score",
                f"{en} has no total score, so their pay cannot be computed",
                f"{zh}没有总分，无法计算薪酬",
                p.id_source,
            )
            raise _Skip
        return score

    def _report(
        self, p: PersonInputs, err: RuleError, formula_cell: Source | None = None, what: str = ""
    ) -> None:
        en, zh = self._who(p)
        field_name = getattr(err, "field", None)
        cell = p.cells.get(field_name) if field_name else None
        if cell is None and field_name:
            _, cell = p.get(field_name)
        places = [s for s in (cell, formula_cell, p.id_source) if s is not None]
        code = "money.formula" if isinstance(err, FormulaError) else "money.input"
        prefix = f"{what}: " if what else ""
        problems_en = err.message_en
        if field_name and field_name not in problems_en:
            problems_en = f"{field_name}: {problems_en}"
        self.problems.error(
            code, f"{en}: {prefix}{problems_en}", f"{zh}：{prefix}{err.message_zh}", *places
        )

    def _pay(self, p: PersonInputs, breakdown: Breakdown) -> None:
        self.outcome.breakdowns[p.employee.id] = breakdown
        result = self.results.get(p.employee.id)
        if result is not None:
            result.extra["pay"] = breakdown.amount
            result.extra["pay_detail"] = breakdown.render(self.lang)
            result.extra["pay_breakdown"] = breakdown

    # -- schemes -------------------------------------------------------------------------

    def _salary(self, p: PersonInputs) -> None:
        try:
            person = SalaryInput(
                p.employee.id,
                p.employee.name,
                standard_pay=self._value(p, "standard_pay", Kind.MONEY, required=True),
                days_attended=self._value(p, "days_attended", Kind.NUMBER, required=True),
                performance_base=self._value(p, "performance_base", Kind.MONEY, required=True),
                score=self._total(p),
                complaints=self._value(p, "complaints", Kind.INTEGER, required=False),
                escalated_complaints=self._value(
                    p, "escalated_complaints", Kind.INTEGER, required=False
                ),
                source=p.id_source,
            )
        except _Skip:
            return
        try:
            self._pay(p, self.setup.salary.compute(person))
        except RuleError as err:
            self._report(p, err)

    def _team_of(self, p: PersonInputs) -> list[Employee]:
        """The people a manager's factor averages: same team (or department when the
        manager has no team), any position, managers of the factor scheme left out."""
        me = p.employee
        out = []
        for e in self.read.assessment.employees:
            if e.id == me.id:
                continue
            same = e.team == me.team if me.team else e.department == me.department
            choice = self.setup.choices.get(e.position)
            if same and not (choice is not None and choice.kind == "manager_factor"):
                out.append(e)
        return out

    def _manager(self, p: PersonInputs) -> None:
        en, zh = self._who(p)
        try:
            base = self._value(p, "performance_base", Kind.MONEY, required=True)
            average = self._value(p, "team_average", Kind.NUMBER, required=False)
            complaints = self._value(p, "team_complaints", Kind.INTEGER, required=False)
            standard = self._value(p, "standard_pay", Kind.MONEY, required=False)
            days = self._value(p, "days_attended", Kind.NUMBER, required=False)
        except _Skip:
            return
        team = self._team_of(p)
        scores: list[Decimal] = []
        if average is None:
            for e in team:
                result = self.results.get(e.id)
                score = _score(result.total if result is not None else None)
                if score is not None:
                    scores.append(score)
            if not scores:
                scope_en = (
                    f"team {p.employee.team}"
                    if p.employee.team
                    else (f"department {p.employee.department or '-'}")
                )
                scope_zh = (
                    f"班组 {p.employee.team}"
                    if p.employee.team
                    else (f"部门 {p.employee.department or '-'}")
                )
                self.problems.error(
                    "pay.manager_team",
                    f"{en}: no one else in {scope_en} has a total, so the team average for the "
                    "manager factor is unknown (or fill m:team_average)",
                    f"{zh}：{scope_zh}中没有其他有总分的人员，无法得出经理系数所需的团队平均分"
                    "（或填写 m:team_average）",
                    p.id_source,
                )
                return
        if complaints is None:
            complaints = self._team_complaints(team)
        try:
            person = ManagerInput(
                p.employee.id,
                p.employee.name,
                base,
                team_scores=tuple(scores),
                team_average=average,
                team_complaints=complaints or 0,
                standard_pay=standard,
                days_attended=days if standard is not None else None,
                source=p.id_source,
            )
            self._pay(p, self.setup.manager.compute(person))
        except RuleError as err:
            self._report(p, err)

    def _team_complaints(self, team: list[Employee]) -> int:
        """The team's complaints: the members' m:complaints and m:escalated_complaints."""
        count = 0
        for e in team:
            member = self.people.get(e.id)
            if member is None:
                continue
            for name in ("complaints", "escalated_complaints"):
                try:
                    value = self._value(member, name, Kind.INTEGER, required=False)
                except _Skip:
                    continue
                count += int(value or 0)
        return count

    def _teams(self, people: list[PersonInputs]) -> None:
        by_team: dict[str, list[PersonInputs]] = {}
        for p in people:
            if not p.employee.team:
                en, zh = self._who(p)
                self.problems.error(
                    "pay.no_team",
                    f"{en}: piece-rate pay is per repair team, but the Roster gives no team",
                    f"{zh}：计件薪酬按维修班组计算，但“人员”表中没有填写班组",
                    p.employee.source,
                )
                continue
            by_team.setdefault(p.employee.team, []).append(p)
        for team, people_in in by_team.items():
            row = self.setup.teams.get(team)
            if row is None:
                names = ", ".join(p.employee.id for p in people_in)
                places = [p.id_source for p in people_in]
                if self.setup.teams_table is not None:
                    places.append(self.setup.teams_table)
                self.problems.error(
                    "pay.team_missing",
                    f"Repair team {team} ({names}) has no row in the team output table of the "
                    "Pay sheet",
                    f"维修班组 {team}（{names}）在“薪酬”表的班组产量表中没有数据行",
                    *places,
                )
                continue
            if row.size is not None and row.size != len(people_in):
                names = ", ".join(f"{p.employee.id} {p.employee.name}" for p in people_in)
                self.problems.error(
                    "pay.team_size",
                    f"Repair team {team}: size {row.size} on the Pay sheet, but the Roster has "
                    f"{len(people_in)} piece-rate member(s): {names}",
                    f"维修班组 {team}：“薪酬”表人数为 {row.size}，但“人员”表中有 "
                    f"{len(people_in)} 名计件人员：{names}",
                    row.cells.get("size", row.source),
                )
                continue
            self._team(row, people_in)
        for team, row in self.setup.teams.items():
            if team not in by_team:
                self.problems.warning(
                    "pay.team_empty",
                    f"Repair team {team} on the Pay sheet has no piece-rate member on the Roster",
                    f"“薪酬”表中的维修班组 {team} 在“人员”表中没有计件人员",
                    row.source,
                )

    def _team(self, row: Any, people: list[PersonInputs]) -> None:
        members = []
        for p in people:
            try:
                role = self._value(p, "role", Kind.TEXT, required=True)
                base = self._value(
                    p,
                    "base_pay",
                    Kind.MONEY,
                    required=row.short_of_returns
                    and row.passed_units < self._quota_or_zero(row, len(people)),
                )
                merit = self._value(p, "merit_points", Kind.NUMBER, required=False)
                share = self._value(p, "share", Kind.NUMBER, required=False)
            except _Skip:
                return
            try:
                members.append(
                    Member(
                        p.employee.id, p.employee.name, role, base, merit or 0, share, p.id_source
                    )
                )
            except MoneyError as err:
                self._report(p, err)
                return
        scheme = self.setup.piece_rate
        if row.working_days is not None:
            try:
                scheme = replace(scheme, working_days=row.working_days)
            except MoneyError as err:
                self.problems.error(
                    "pay.team",
                    f"Repair team {row.team}: {err.message_en}",
                    f"维修班组 {row.team}：{err.message_zh}",
                    row.cells.get("working_days", row.source),
                )
                return
        team = TeamInput(
            row.team, members, row.passed_units, row.on_time_rate, row.short_of_returns, row.source
        )
        try:
            result = scheme.compute(team)
        except RuleError as err:
            field_name = getattr(err, "field", None) or ""
            cell = {
                "on_time_rate": "on_time_rate",
                "passed_units": "passed_units",
                "daily_quota": "size",
            }.get(field_name)
            where = row.cells.get(cell, row.source) if cell else row.source
            if field_name in ("role", "share", "base_pay", "members"):
                places = [where] + [p.id_source for p in people]
            else:
                places = [where]
            self.problems.error(
                "money.input",
                f"Repair team {row.team}: {err.message_en}",
                f"维修班组 {row.team}：{err.message_zh}",
                *places,
            )
            return
        self.outcome.teams.append(result)
        self.problems.extend(result.problems)
        for p, breakdown in zip(people, result.breakdowns, strict=True):
            self._pay(p, breakdown)

    def _quota_or_zero(self, row: Any, size: int) -> int:
        scheme = self.setup.piece_rate
        try:
            if row.working_days is not None:
                scheme = replace(scheme, working_days=row.working_days)
            return scheme.quota(size)
        except MoneyError:
            return 0

    def _formula_values(self, p: PersonInputs, names: tuple[str, ...]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in names:
            if name.casefold() == "score":
                values[name] = self._total(p)
            elif name.casefold() == "pool_share":
                continue
            else:
                values[name] = self._value(p, name, Kind.NUMBER, required=True)
        return values

    def _formula(self, p: PersonInputs) -> None:
        choice = self.setup.choices[p.employee.position]
        found = self.setup.formula(choice.name)
        if found is None:
            return
        try:
            values = self._formula_values(p, found.scheme.formula.names)
        except _Skip:
            return
        person = FormulaInput(p.employee.id, p.employee.name, values, p.id_source)
        try:
            self._pay(p, found.scheme.compute(person))
        except RuleError as err:
            self._report(p, err, found.source, f"formula {found.scheme.code}")

    def _pools(self, people: list[PersonInputs]) -> None:
        groups: dict[tuple[str, str], list[PersonInputs]] = {}
        for p in people:
            choice = self.setup.choices[p.employee.position]
            groups.setdefault((choice.name.casefold(), p.employee.department), []).append(p)
        for (key, department), members_in in groups.items():
            pool = self.setup.pool(key)
            if pool is None:
                continue
            scheme = pool.scheme
            inputs = dict(self.setup.pool_inputs.get((key, ""), {}))
            inputs.update(self.setup.pool_inputs.get((key, department), {}))
            where = pool.source or Source(self.setup.sheet)
            names: list[str] = []  # every role formula's inputs, once each
            for r in scheme.roles:
                names += [n for n in r.formula.names if n not in names]
            members = []
            try:
                for p in members_in:
                    role = self._value(p, "role", Kind.TEXT, required=False)
                    if role is None:
                        role = self._role_from_position(scheme, p)
                    values = self._formula_values(p, tuple(names))
                    members.append(
                        PoolMember(p.employee.id, p.employee.name, str(role), values, p.id_source)
                    )
            except _Skip:
                continue
            try:
                result = scheme.compute(inputs, members, where)
            except FormulaError as err:
                sources = self.setup.pool_input_sources.get(
                    (key, department)
                ) or self.setup.pool_input_sources.get((key, ""), [])
                places = [where, *sources[:1]] + [p.id_source for p in members_in]
                self.problems.error(
                    "money.formula",
                    f"Pool {scheme.code} ({department or '-'}): {err.message_en}",
                    f"奖金池 {scheme.code}（{department or '-'}）：{err.message_zh}",
                    *places,
                )
                continue
            except RuleError as err:
                self.problems.error(
                    "money.input",
                    f"Pool {scheme.code} ({department or '-'}): {err.message_en}",
                    f"奖金池 {scheme.code}（{department or '-'}）：{err.message_zh}",
                    where,
                    *[p.id_source for p in members_in],
                )
                continue
            self.outcome.pools.append(PoolRun(scheme.code, department, result))
            self.problems.extend(result.problems)
            for p, breakdown in zip(members_in, result.breakdowns, strict=True):
                self._pay(p, breakdown)

    def _role_from_position(self, scheme: Any, p: PersonInputs) -> str:
        """Without m:role, the position's code or name as the role (parts manager, ...)."""
        position = p.employee.position
        name = self.read.where.position_names.get(position, position)
        for candidate in (position, name):
            try:
                return scheme.role(candidate).code
            except MoneyError:
                continue
        en, zh = self._who(p)
        known = ", ".join(r.code for r in scheme.roles)
        self.problems.error(
            "pay.role_missing",
            f"{en}: fill the role (m:role) in pool {scheme.code}: one of {known}",
            f"{zh}：请填写在奖金池 {scheme.code} 中的角色（m:role）：{known}",
            p.id_source,
        )
        raise _Skip


class _Skip(Exception):
    """A person's input was wrong (already reported): skip their pay."""


__all__ = ["PayOutcome", "PoolRun", "compute_pay", "pay_json"]
