"""The schemes that pay a group at once: piece-rate repair teams (a team's output split
among its members) and department pools (a pool split by role)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from xlkpi.core.money import FormulaError, Member, MoneyError, PoolMember, TeamInput
from xlkpi.core.problems import Source
from xlkpi.core.rules.base import RuleError
from xlkpi.workbook.layout import Kind
from xlkpi.workbook.pay_read import PersonInputs
from xlkpi.workbook.pay_results.context import Skip
from xlkpi.workbook.pay_results.outcome import PoolRun
from xlkpi.workbook.pay_results.persons import PersonSchemes


class GroupSchemes(PersonSchemes):
    """Piece-rate team and pool pay (pools reuse the formula inputs of `PersonSchemes`)."""

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
            except Skip:
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
            except Skip:
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
        raise Skip
