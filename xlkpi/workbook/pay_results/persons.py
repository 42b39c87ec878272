"""The schemes that pay each person on their own: salary, the manager factor (over the
manager's team) and a formula."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlkpi.core.model import Employee
from xlkpi.core.money import FormulaInput, ManagerInput, SalaryInput
from xlkpi.core.rules.base import RuleError
from xlkpi.workbook.layout import Kind
from xlkpi.workbook.pay_read import PersonInputs
from xlkpi.workbook.pay_results.context import PayContext, Skip, score_of


class PersonSchemes(PayContext):
    """Salary, manager-factor and formula pay, one person at a time."""

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
        except Skip:
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
        except Skip:
            return
        team = self._team_of(p)
        scores: list[Decimal] = []
        if average is None:
            for e in team:
                result = self.results.get(e.id)
                score = score_of(result.total if result is not None else None)
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
                except Skip:
                    continue
                count += int(value or 0)
        return count

    def _formula_values(self, p: PersonInputs, names: tuple[str, ...]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in names:
            folded = name.casefold()
            if folded == "score":
                values[name] = self._total(p)
            elif folded == "pool_share":
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
        except Skip:
            return
        person = FormulaInput(p.employee.id, p.employee.name, values, p.id_source)
        try:
            self._pay(p, found.scheme.compute(person))
        except RuleError as err:
            self._report(p, err, found.source, f"formula {found.scheme.code}")
