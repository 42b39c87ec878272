"""One month of a template's people and the CSV exports HR would import for it, for
test_import_roundtrip.py: a roster, actuals and named inputs (long form), rater scores and
pay inputs (wide form), and the Pay sheet's monthly tables."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkpi.authoring import TEMPLATES
from xlkpi.authoring.catalog_source import position
from xlkpi.authoring.spec import IndicatorSpec, PositionSpec, unit_label
from xlkpi.core.model import ScoredBy
from xlkpi.core.rules import EventsRule, LevelsRule, RequirementsRule
from xlkpi.workbook import pay_layout as pl

RATERS = {"self": 0.2, "reviewer": 0.3, "approver": 0.5}  # the templates' Settings
RATER_WORDS = {
    "zh": {"self": "自评", "reviewer": "考评", "approver": "审评"},
    "en": {"self": "self", "reviewer": "reviewer", "approver": "approver"},
}
#: targets the catalog leaves to HR (filled on the Indicators sheet before the import)
HR_TARGETS = {("cs_manager", "sales"): 1_200_000.0}
ROLE_WORDS = {
    "zh": {"engineer": "工程师", "assistant": "助理"},
    "en": {"engineer": "engineer", "assistant": "assistant"},
}
PARTS_ROLES = {
    "zh": ("备件经理", "备件计划员", "仓库管理员", "索赔员"),
    "en": ("parts manager", "parts planner", "warehouse keeper", "claims clerk"),
}
TEAMS = {  # the Pay sheet's team output: T1 above its quota, T2 short of returns
    "T1": {
        "size": 2,
        "working_days": 22,
        "passed_units": 150,
        "on_time_rate": 0.96,
        "short": False,
    },
    "T2": {
        "size": 3,
        "working_days": None,
        "passed_units": 180,
        "on_time_rate": 0.92,
        "short": True,
    },
}
POOL_INPUTS = {"total_output": 210000, "labour_value": 81300}


@dataclass
class Person:
    """One person of the month: who they are and every value imported for them."""

    id: str
    name: str
    position: PositionSpec
    department: str
    team: str
    base: int
    actuals: dict[str, float] = field(default_factory=dict)  # indicator code -> value
    inputs: dict[str, dict[str, float]] = field(default_factory=dict)  # code -> name -> n
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # code -> rater -> s
    money: dict[str, Any] = field(default_factory=dict)  # pay input name -> value


def target(pos: PositionSpec, ind: IndicatorSpec) -> float | None:
    """The indicator's target: the catalog's, else the one HR fills in."""
    return ind.target if ind.target is not None else HR_TARGETS.get((pos.code, ind.code))


def _actual(pos: PositionSpec, ind: IndicatorSpec, g: random.Random) -> float:
    """A value a real month could show, near the target, in the indicator's unit."""
    t = target(pos, ind)
    assert t is not None, (pos.code, ind.code)
    if ind.unit == "%":  # whole percents, exported as "92%"
        lo, hi = (0, 4) if t == 0 else (max(0, round(t * 100) - 12), min(100, round(t * 100) + 4))
        return g.randint(lo, hi) / 100
    if t == 0:
        return float(g.randint(0, 2))
    if t >= 10 or ind.unit in ("s", "item", "lesson"):
        return float(g.randint(round(t * 0.85), round(t * 1.08)))
    return round(g.uniform(t * 0.85, t * 1.08), 1)


# --- the people ----------------------------------------------------------------------------


@dataclass
class _Month:
    """The people being made, numbered in order, with their values drawn from `g`."""

    lang: str
    g: random.Random
    people: list[Person] = field(default_factory=list)

    def add(self, pos: PositionSpec, department: str, team: str = "", **money: Any) -> None:
        n = len(self.people) + 1
        base = self.g.randrange(2000, 4001, 100)
        person = Person(f"P{n:03d}", f"员工{n}", pos, department, team, base, money=dict(money))
        for ind in pos.indicators:
            self._values(person, ind)
        self.people.append(person)

    def _values(self, person: Person, ind: IndicatorSpec) -> None:
        g, rule = self.g, ind.rule(self.lang)
        if ind.scored_by is ScoredBy.RATERS:
            if isinstance(rule, LevelsRule):
                person.scores[ind.code] = {r: float(g.randint(2, 5)) for r in RATERS}
            else:
                person.scores[ind.code] = {
                    r: round(g.uniform(0.6, 1.0) * ind.scale * 2) / 2 for r in RATERS
                }
        elif isinstance(rule, EventsRule):
            person.inputs[ind.code] = {e: float(g.choice((0, 0, 1, 2))) for e, _ in rule.events}
        elif isinstance(rule, RequirementsRule):
            person.inputs[ind.code] = {r: float(g.choice((0, 1, 1))) for r in rule.names}
        else:
            person.actuals[ind.code] = _actual(person.position, ind, g)


def _repair_teams(m: _Month, pos: PositionSpec) -> None:
    """A 1+1 team above its quota, a 2+1 team short of returns."""
    for team, roles in (
        ("T1", ("engineer", "assistant")),
        ("T2", ("engineer", "assistant", "engineer")),
    ):
        for role in roles:
            m.add(
                pos,
                "维修部",
                team,
                role=ROLE_WORDS[m.lang][role],
                base_pay=m.g.randrange(2000, 3801, 100),
                merit_points=0,
            )
    first = next(p for p in m.people if p.position is pos)
    first.money["merit_points"] = 1  # one unit at the team's rate, for them alone


def _service_manager(m: _Month, pos: PositionSpec) -> None:
    m.add(
        pos,
        "维修部",
        performance_base=3000,
        standard_pay=5200,
        days_attended=22,
        team_complaints=1,
    )


def _workshop_supervisor(m: _Month, pos: PositionSpec) -> None:
    g = m.g
    m.add(
        pos,
        "车间",
        "W",
        gross_profit=117000 + g.randrange(0, 30001, 100),
        attainment=round(g.uniform(0.9, 1.1), 2),
        care_commission=g.randrange(100, 601),
        ftf=round(g.uniform(0.85, 0.97), 2),
        satisfaction=round(g.uniform(0.93, 0.99), 2),
    )


def _service_advisors(m: _Month, pos: PositionSpec) -> None:
    g = m.g
    for _ in range(2):
        m.add(
            pos,
            "前台",
            "R",
            personal_output=g.randrange(150000, 300001, 100),
            output_attainment=round(g.uniform(0.85, 1.1), 2),
            cars_received=g.randint(80, 160),
            car_attainment=round(g.uniform(0.85, 1.1), 2),
            care_commission=g.randrange(100, 501),
            care_attainment=round(g.uniform(0.8, 1.1), 2),
            other_commission=g.randrange(0, 301),
        )


def _parts_staff(m: _Month, pos: PositionSpec) -> None:
    g = m.g
    for role in PARTS_ROLES[m.lang]:
        clerk = role in ("索赔员", "claims clerk")
        m.add(
            pos,
            "备件部",
            "P",
            role=role,
            accuracy=round(g.uniform(0.85, 0.99), 2),
            claim_value=g.randrange(20000, 60001, 100) if clerk else 0,
            profit_claims=g.randrange(1000, 5001, 10) if clerk else 0,
            first_pass=round(g.uniform(0.9, 0.99), 2) if clerk else 0,
        )


_PAID_POSITIONS: dict[str, Callable[[_Month, PositionSpec], None]] = {
    "repair_technician": _repair_teams,
    "service_manager": _service_manager,
    "workshop_supervisor": _workshop_supervisor,
    "service_advisor": _service_advisors,
    "parts_staff": _parts_staff,
}


def people(name: str, lang: str, g: random.Random) -> list[Person]:
    """The people of one month: every position of the template, with its inputs."""
    month = _Month(lang, g)
    codes = TEMPLATES[name].positions
    for code in codes:
        pos = position(code)
        paid = _PAID_POSITIONS.get(code)
        if paid is not None:
            paid(month, pos)
        else:
            for _ in range(3 if len(codes) == 1 else 2):
                month.add(pos, "客服部", "A组")
    return month.people


# --- the exports ---------------------------------------------------------------------------


def _write(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _id_header(lang: str) -> str:
    return "工号" if lang == "zh" else "employee_id"


def _roster(lang: str, people: list[Person]) -> list[list[Any]]:
    """Position by name in the workbook's language, every other one by code."""
    rows: list[list[Any]] = [
        ["工号", "姓名", "部门", "班组", "岗位", "奖金基数"]
        if lang == "zh"
        else ["employee_id", "name", "department", "team", "position", "bonus base"]
    ]
    for i, p in enumerate(people):
        pos = p.position.name(lang) if i % 2 == 0 else p.position.code
        base = f"¥{p.base:,}" if i % 3 == 0 else str(p.base)
        rows.append([p.id, p.name, p.department, p.team, pos, base])
    return rows


def _actuals(lang: str, people: list[Person]) -> list[list[Any]]:
    """Actuals and named inputs, long form: by name on even rows, by code on odd rows."""
    rows: list[list[Any]] = [
        ["工号", "指标", "值"] if lang == "zh" else ["employee_id", "indicator", "value"]
    ]
    for p in people:
        for ind in p.position.indicators:
            if ind.code in p.actuals:
                by_name = len(rows) % 2 == 1
                v = p.actuals[ind.code]
                text = f"{round(v * 100)}%" if ind.unit == "%" else _shown(v)
                if ind.unit == "s" and by_name:
                    text += unit_label(ind.unit, lang)  # "182秒" / "182 s": a unit is accepted
                rows.append([p.id, ind.name(lang) if by_name else ind.code, text])
            for input_name, count in p.inputs.get(ind.code, {}).items():
                by_name = len(rows) % 2 == 1
                label = f"{ind.name(lang)} {input_name}" if by_name else f"{ind.code}#{input_name}"
                rows.append([p.id, label, _shown(count)])
    return rows


def _scores(name: str, lang: str, people: list[Person]) -> list[list[Any]]:
    """Rater scores, wide form, one column per indicator and rater, over every position."""
    columns: list[tuple[str, str, str]] = []  # (header, position, key)
    for code in TEMPLATES[name].positions:
        for ind in position(code).indicators:
            if ind.scored_by is ScoredBy.RATERS:
                for r in RATERS:
                    header = f"{ind.name(lang)} {RATER_WORDS[lang][r]}"
                    columns.append((header, code, f"{ind.code}@{r}"))
    headers = list(dict.fromkeys(h for h, _, _ in columns))
    rows: list[list[Any]] = [[_id_header(lang), *headers]]
    for p in people:
        row = [p.id] + [""] * len(headers)
        for h, code, key in columns:
            if code == p.position.code:
                ind_code, _, rater = key.partition("@")
                row[1 + headers.index(h)] = _shown(p.scores[ind_code][rater])
        rows.append(row)
    return rows


def _pay_inputs(lang: str, money: list[Person]) -> list[list[Any]]:
    """Pay inputs, wide form, under their labels: in the workbook's language for the first
    input of each position, in the other language for the rest."""
    names = list(dict.fromkeys(n for p in money for n in p.money))
    other = "en" if lang == "zh" else "zh"
    headers = [pl.input_labels(n)[0](lang if i == 0 else other) for i, n in enumerate(names)]
    rows: list[list[Any]] = [[_id_header(lang), *headers]]
    for p in money:
        values = [
            _shown(p.money[n]) if isinstance(p.money.get(n), (int, float)) else p.money.get(n, "")
            for n in names
        ]
        rows.append([p.id, *values])
    return rows


def _teams(lang: str) -> list[list[Any]]:
    """The Pay sheet's team output; T1's on-time rate as "96%", T2's as 0.92."""
    yes, no = ("是", "否") if lang == "zh" else ("Yes", "No")
    rows: list[list[Any]] = [[c.label(lang) for c in pl.PAY_TABLES["teams"].columns]]
    for team, t in TEAMS.items():
        rate = f"{round(t['on_time_rate'] * 100)}%" if team == "T1" else str(t["on_time_rate"])
        short = yes if t["short"] else no
        rows.append([team, t["size"], t["working_days"] or "", t["passed_units"], rate, short])
    return rows


def _pool(lang: str) -> list[list[Any]]:
    """The parts pool's inputs: one for every department (the template's own row) by the
    input's name, one for the parts department by the input's label."""
    return [
        [c.label(lang) for c in pl.PAY_TABLES["pool_inputs"].columns],
        ["parts_team", "", "total_output", POOL_INPUTS["total_output"]],
        [
            "parts_team",
            "备件部",
            "总工时" if lang == "zh" else "labour hours value",
            f"{POOL_INPUTS['labour_value']:,}",
        ],
    ]


def exports(tmp: Path, name: str, lang: str, people: list[Person]) -> list[Path]:
    """The CSV files HR would import for the month, written to `tmp`."""
    files = [_write(tmp / "roster.csv", _roster(lang, people))]
    actuals = _actuals(lang, people)
    if len(actuals) > 1:
        files.append(_write(tmp / "actuals.csv", actuals))
    scores = _scores(name, lang, people)
    if len(scores[0]) > 1:
        files.append(_write(tmp / "scores.csv", scores))
    money = [p for p in people if p.money]
    if money:
        files.append(_write(tmp / "pay-inputs.csv", _pay_inputs(lang, money)))
    if any(p.position.pay_scheme == "piece_rate" for p in people):
        files.append(_write(tmp / "teams.csv", _teams(lang)))
    if any(p.position.pay_scheme.startswith("pool_split") for p in people):
        files.append(_write(tmp / "pool.csv", _pool(lang)))
    return files
