"""Every template filled the way HR fills it from the command line: `xlkpi new`, CSV exports
generated from the template's own positions and indicators, `xlkpi import`, then
`xlkpi calculate --json`; the results are checked against a hand computation and read
back from the file.

The exports: a roster; actuals and named inputs (event counts, requirement checks) in the
long form, named by indicator NAME in the workbook's language on some rows and by CODE on
others; rater scores in the wide form ("<indicator> 自评/考评/审评", "<indicator> self/
reviewer/approver"); pay inputs (`m:` columns) in the wide form under their labels, in
both languages; and the Pay sheet's monthly tables (the repair teams' output, the parts
pool's inputs).

The expected totals are computed here from the catalog's Rule objects
(`rule.score(value, target).points`) and the weights, not by the engine's aggregation;
the expected pay from the seed's formulas (docs/money.md), written out again here.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from xlkpi.authoring import TEMPLATES
from xlkpi.authoring.catalog_source import position
from xlkpi.authoring.content import DEFAULT_GRADES
from xlkpi.authoring.spec import IndicatorSpec, PositionSpec, unit_label
from xlkpi.cli.main import main
from xlkpi.core.model import ScoredBy
from xlkpi.core.rules import EventsRule, LevelsRule, RequirementsRule
from xlkpi.io.cells import Block, Styled
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks
from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl

CASES = [(name, lang) for name in TEMPLATES for lang in layout.LANGS]
POOL = Decimal("50000.00")
RATERS = {"self": 0.2, "reviewer": 0.3, "approver": 0.5}  # the templates' Settings
RATER_WORDS = {
    "zh": {"self": "自评", "reviewer": "考评", "approver": "审评"},
    "en": {"self": "self", "reviewer": "reviewer", "approver": "approver"},
}
#: targets the catalog leaves to HR (filled on the Indicators sheet before the import)
HR_TARGETS = {("cs_manager", "sales"): 1_200_000.0}


@dataclass
class Person:
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


# --- generating the exports ------------------------------------------------------------

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


def _target(pos: PositionSpec, ind: IndicatorSpec) -> float | None:
    return ind.target if ind.target is not None else HR_TARGETS.get((pos.code, ind.code))


def _actual(pos: PositionSpec, ind: IndicatorSpec, g: random.Random) -> float:
    """A value a real month could show, near the target, in the indicator's unit."""
    t = _target(pos, ind)
    assert t is not None, (pos.code, ind.code)
    if ind.unit == "%":  # whole percents, exported as "92%"
        lo, hi = (0, 4) if t == 0 else (max(0, round(t * 100) - 12), min(100, round(t * 100) + 4))
        return g.randint(lo, hi) / 100
    if t == 0:
        return float(g.randint(0, 2))
    if t >= 10 or ind.unit in ("s", "item", "lesson"):
        return float(g.randint(round(t * 0.85), round(t * 1.08)))
    return round(g.uniform(t * 0.85, t * 1.08), 1)


def _people(name: str, lang: str, g: random.Random) -> list[Person]:
    """The people of one month: every position of the template, with its inputs."""
    out: list[Person] = []
    n = 0

    def add(pos: PositionSpec, department: str, team: str = "", **money: Any) -> None:
        nonlocal n
        n += 1
        person = Person(
            f"P{n:03d}",
            f"员工{n}",
            pos,
            department,
            team,
            g.randrange(2000, 4001, 100),
            money=dict(money),
        )
        for ind in pos.indicators:
            rule = ind.rule(lang)
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
                person.actuals[ind.code] = _actual(pos, ind, g)
        out.append(person)

    codes = TEMPLATES[name].positions
    for code in codes:
        pos = position(code)
        if code == "repair_technician":  # a 1+1 team above its quota, a 2+1 team short of
            for team, roles in (
                ("T1", ("engineer", "assistant")),  # returns
                ("T2", ("engineer", "assistant", "engineer")),
            ):
                for role in roles:
                    add(
                        pos,
                        "维修部",
                        team,
                        role=ROLE_WORDS[lang][role],
                        base_pay=g.randrange(2000, 3801, 100),
                        merit_points=0,
                    )
            first = next(p for p in out if p.position is pos)
            first.money["merit_points"] = 1  # one unit at the team's rate, for them alone
        elif code == "service_manager":
            add(
                pos,
                "维修部",
                performance_base=3000,
                standard_pay=5200,
                days_attended=22,
                team_complaints=1,
            )
        elif code == "workshop_supervisor":
            add(
                pos,
                "车间",
                "W",
                gross_profit=117000 + g.randrange(0, 30001, 100),
                attainment=round(g.uniform(0.9, 1.1), 2),
                care_commission=g.randrange(100, 601),
                ftf=round(g.uniform(0.85, 0.97), 2),
                satisfaction=round(g.uniform(0.93, 0.99), 2),
            )
        elif code == "service_advisor":
            for _ in range(2):
                add(
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
        elif code == "parts_staff":
            for role in PARTS_ROLES[lang]:
                clerk = role in ("索赔员", "claims clerk")
                add(
                    pos,
                    "备件部",
                    "P",
                    role=role,
                    accuracy=round(g.uniform(0.85, 0.99), 2),
                    claim_value=g.randrange(20000, 60001, 100) if clerk else 0,
                    profit_claims=g.randrange(1000, 5001, 10) if clerk else 0,
                    first_pass=round(g.uniform(0.9, 0.99), 2) if clerk else 0,
                )
        else:
            for _ in range(3 if len(codes) == 1 else 2):
                add(pos, "客服部", "A组")
    return out


def _write(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _exports(tmp: Path, name: str, lang: str, people: list[Person]) -> list[Path]:
    zh = lang == "zh"
    files = []
    # roster: position by name in the workbook's language, every other one by code
    head = (
        ["工号", "姓名", "部门", "班组", "岗位", "奖金基数"]
        if zh
        else ["employee_id", "name", "department", "team", "position", "bonus base"]
    )
    rows = [head]
    for i, p in enumerate(people):
        pos = p.position.name(lang) if i % 2 == 0 else p.position.code
        base = f"¥{p.base:,}" if i % 3 == 0 else str(p.base)
        rows.append([p.id, p.name, p.department, p.team, pos, base])
    files.append(_write(tmp / "roster.csv", rows))

    # actuals and named inputs, long form: by name on even rows, by code on odd rows
    rows = [["工号", "指标", "值"] if zh else ["employee_id", "indicator", "value"]]
    k = 0
    for p in people:
        for ind in p.position.indicators:
            unit = unit_label(ind.unit, lang)
            if ind.code in p.actuals:
                v = p.actuals[ind.code]
                text = f"{round(v * 100)}%" if ind.unit == "%" else _shown(v)
                if ind.unit == "s" and k % 2 == 0:
                    text += unit  # "182秒" / "182 s": a trailing unit is accepted
                rows.append([p.id, ind.name(lang) if k % 2 == 0 else ind.code, text])
                k += 1
            for input_name, count in p.inputs.get(ind.code, {}).items():
                label = (
                    f"{ind.name(lang)} {input_name}" if k % 2 == 0 else f"{ind.code}#{input_name}"
                )
                rows.append([p.id, label, _shown(count)])
                k += 1
    if len(rows) > 1:
        files.append(_write(tmp / "actuals.csv", rows))

    # rater scores, wide form, one column per indicator and rater, over every position
    columns: list[tuple[str, str, str]] = []  # (header, position, key)
    for code in TEMPLATES[name].positions:
        for ind in position(code).indicators:
            if ind.scored_by is ScoredBy.RATERS:
                for r in RATERS:
                    header = f"{ind.name(lang)} {RATER_WORDS[lang][r]}"
                    columns.append((header, code, f"{ind.code}@{r}"))
    if columns:
        headers = list(dict.fromkeys(h for h, _, _ in columns))
        rows = [["工号" if zh else "employee_id", *headers]]
        for p in people:
            row = [p.id] + [""] * len(headers)
            for h, code, key in columns:
                if code == p.position.code:
                    ind_code, _, rater = key.partition("@")
                    row[1 + headers.index(h)] = _shown(p.scores[ind_code][rater])
            rows.append(row)
        files.append(_write(tmp / "scores.csv", rows))

    # pay inputs, wide form, under their labels: in the workbook's language for the first
    # input of each position, in the other language for the rest
    money = [p for p in people if p.money]
    if money:
        names = list(dict.fromkeys(n for p in money for n in p.money))
        other = "en" if zh else "zh"
        headers = [pl.input_labels(n)[0](lang if i == 0 else other) for i, n in enumerate(names)]
        rows = [["工号" if zh else "employee_id", *headers]]
        for p in money:
            rows.append(
                [p.id]
                + [
                    _shown(p.money[n])
                    if isinstance(p.money.get(n), (int, float))
                    else p.money.get(n, "")
                    for n in names
                ]
            )
        files.append(_write(tmp / "pay-inputs.csv", rows))

    if any(p.position.pay_scheme == "piece_rate" for p in people):
        yes, no = ("是", "否") if zh else ("Yes", "No")
        labels = [c.label(lang) for c in pl.PAY_TABLES["teams"].columns]
        rows = [labels]
        for team, t in TEAMS.items():
            rate = f"{round(t['on_time_rate'] * 100)}%" if team == "T1" else str(t["on_time_rate"])
            rows.append(
                [
                    team,
                    t["size"],
                    t["working_days"] or "",
                    t["passed_units"],
                    rate,
                    yes if t["short"] else no,
                ]
            )
        files.append(_write(tmp / "teams.csv", rows))
    if any(p.position.pay_scheme.startswith("pool_split") for p in people):
        labels = [c.label(lang) for c in pl.PAY_TABLES["pool_inputs"].columns]
        rows = [
            labels,
            # every department (the template's own row) by the input's name...
            ["parts_team", "", "total_output", POOL_INPUTS["total_output"]],
            # ...and the parts department's own row, by the input's label
            [
                "parts_team",
                "备件部",
                "总工时" if zh else "labour hours value",
                f"{POOL_INPUTS['labour_value']:,}",
            ],
        ]
        files.append(_write(tmp / "pool.csv", rows))
    return files


# --- HR's setup before the month: the pool and the targets the catalog leaves open ------


def _setup(path: Path, lang: str) -> None:
    grids = read_grids(path)
    blocks = []
    settings = layout.sheet_name("settings", lang)
    for r, row in enumerate(grids[settings]):
        if row and layout.SETTINGS_BY_KEY["bonus_pool"].label.matches(row[0]):
            blocks.append(Block(settings, r, 1, [[Styled(float(POOL), layout.FORMATS["money"])]]))
        for key, share in RATERS.items():  # the weights the hand computation uses
            if row and layout.SETTINGS_BY_KEY[f"weight_{key}"].label.matches(row[0]):
                assert row[1] == pytest.approx(share)
    sheet = layout.sheet_name("indicators", lang)
    grid = grids[sheet]
    table = layout.TABLES["indicators"]
    header = layout.find_header_row(table, grid)
    assert header is not None
    cols = layout.map_columns(table, grid[header])
    for r in range(header + 1, len(grid)):
        for (_, code), target in HR_TARGETS.items():
            if grid[r][cols["code"]] == code and grid[r][cols["target"]] in ("", None):
                blocks.append(Block(sheet, r, cols["target"], [[target]]))
    write_blocks(path, blocks, backup=False)


# --- the hand computation ----------------------------------------------------------------


def _raw(p: Person, ind: IndicatorSpec, lang: str) -> float:
    rule = ind.rule(lang)
    if ind.scored_by is ScoredBy.RATERS:
        scores = p.scores[ind.code]
        if isinstance(rule, LevelsRule):
            return sum(w * rule.score(scores[r]).points for r, w in RATERS.items())
        return sum(w * scores[r] for r, w in RATERS.items())
    assert rule is not None
    if ind.code in p.inputs:
        points = rule.score(p.inputs[ind.code]).points
    else:
        points = rule.score(p.actuals[ind.code], _target(p.position, ind)).points
    return min(ind.scale, max(0.0, points))


def _expected_total(p: Person, lang: str) -> float:
    return sum(
        _raw(p, ind, lang)
        / ind.scale
        * ind.weight
        * (ind.dimension_weight if ind.dimension_weight is not None else 1.0)
        * 100
        for ind in p.position.indicators
    )


def _cents(x: float | Decimal) -> Decimal:
    return Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _expected_pay(people: list[Person], totals: dict[str, float]) -> dict[str, float]:
    """What each paid person gets, from the seed's rules (docs/money.md)."""
    out: dict[str, float] = {}
    tiers = [(1.0, 40, 0.10), (0.95, 35, 0.09), (0.90, 30, 0.08), (0.0, 25, 0.07)]
    for team, t in TEAMS.items():
        members = [p for p in people if p.team == team]
        if not members:
            continue
        quota = {2: 6, 3: 9}[len(members)] * (t["working_days"] or 22)
        per_unit, base_share = next((u, s) for lo, u, s in tiers if t["on_time_rate"] >= lo)
        engineers = [p for p in members if p.money["role"] in ("工程师", "engineer")]
        weights = {(1, 1): (60, 40), (2, 1): (3.5, 3), (1, 2): (4, 3)}[
            (len(engineers), len(members) - len(engineers))
        ]
        amount = (t["passed_units"] - quota) * (per_unit if t["passed_units"] > quota else 25)
        if t["short"] and t["passed_units"] < quota:
            amount = 0
        total_weight = sum(weights[0] if p in engineers else weights[1] for p in members)
        for p in members:
            share = amount * (weights[0] if p in engineers else weights[1]) / total_weight
            if t["short"] and t["passed_units"] < quota:
                share = p.money["base_pay"] * base_share
            out[p.id] = share + p.money["merit_points"] * per_unit
    for p in people:
        m, score = p.money, totals[p.id]
        if p.position.code == "service_manager":
            others = [totals[q.id] for q in people if q.department == p.department and q is not p]
            average = float(_cents(sum(others) / len(others)))
            factor = 1.0 if average >= 90 else 0.9 if average >= 80 else 0.8
            out[p.id] = m["standard_pay"] / 26 * m["days_attended"] + m["performance_base"] * factor
        elif p.position.code == "workshop_supervisor":
            out[p.id] = (
                m["gross_profit"] / 1.17 * 0.008 * m["attainment"] * score / 100
                + m["care_commission"]
                + (100 if m["ftf"] >= 0.9 else -100)
                + (300 if m["satisfaction"] >= 0.96 else -200)
            )
        elif p.position.code == "service_advisor":
            out[p.id] = (
                (
                    m["personal_output"] * 0.004 * m["output_attainment"]
                    + m["cars_received"] * 2 * m["car_attainment"]
                )
                * score
                / 100
                + m["care_commission"] * m["care_attainment"]
                + m["other_commission"]
            )
        elif p.position.code == "parts_staff":
            pool = float(
                _cents((POOL_INPUTS["total_output"] - POOL_INPUTS["labour_value"]) / 1.17 * 0.2)
            )
            weight = dict(
                zip(PARTS_ROLES["zh"] + PARTS_ROLES["en"], (36, 27, 27, 10) * 2, strict=True)
            )[m["role"]]
            pay = pool * weight / 100 * score / 100 * (1 if m["accuracy"] >= 0.9 else 0.8)
            if weight == 10:  # the claims clerk
                first = m["first_pass"]
                pay += (
                    m["claim_value"] * 0.01
                    + m["profit_claims"] * 0.15
                    + (500 if first >= 0.98 else 300 if first >= 0.93 else -500)
                )
            out[p.id] = pay
    return out


# --- the test ------------------------------------------------------------------------------


def _data_rows(grids: dict[str, list[list[Any]]], sheet: str) -> dict[str, dict[str, Any]]:
    grid = grids[sheet]
    keys = grid[layout.KEY_ROW]
    return {
        str(row[0]): dict(zip(keys, row, strict=False))
        for row in grid[layout.FIRST_DATA_ROW :]
        if row and row[0] not in ("", None)
    }


@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n}-{lang}" for n, lang in CASES])
def test_import_then_calculate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, lang: str
) -> None:
    path = tmp_path / f"{name}-{lang}.xlsx"
    assert main(["new", str(path), "--template", name, "--lang", lang]) == 0
    _setup(path, lang)
    people = _people(name, lang, random.Random(f"{name}-{lang}"))
    files = _exports(tmp_path, name, lang, people)
    capsys.readouterr()
    assert main(["import", str(path), *map(str, files)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["calculate", str(path), "--json"]) == 0, capsys.readouterr().err
    run = json.loads(capsys.readouterr().out)
    assert run["ok"] and not [i for i in run["issues"] if i["severity"] == "error"]

    results = {e["id"]: e for e in run["employees"]}
    assert set(results) == {p.id for p in people}
    grades = {g.grade: g.coefficient for g in DEFAULT_GRADES}
    for p in people:
        e = results[p.id]
        assert e["grade"] in grades and isinstance(e["total"], float)
        assert e["position"] == p.position.code
        assert e["total"] == pytest.approx(_expected_total(p, lang), abs=0.005 + 1e-9), p.id

    # the pool is split to the cent, each share within a cent of base × coefficient
    bonuses = {p.id: Decimal(results[p.id]["bonus"]) for p in people}
    assert sum(bonuses.values()) == POOL
    weights = {p.id: p.base * grades[results[p.id]["grade"]] for p in people}
    for p in people:
        exact = POOL * Decimal(repr(weights[p.id])) / Decimal(repr(sum(weights.values())))
        assert abs(bonuses[p.id] - exact) < Decimal("0.01"), p.id

    paid = [p for p in people if p.position.pay_scheme]
    if paid:
        expected = _expected_pay(people, {p.id: results[p.id]["total"] for p in people})
        assert set(expected) == {p.id for p in paid}
        for p in paid:
            amount = Decimal(results[p.id]["pay"]["amount"])
            assert float(amount) == pytest.approx(expected[p.id], abs=0.011), p.id
        totals = run["pay_totals"]
        for team in totals["teams"]:  # the split reconciles with the team's amount
            assert sum(Decimal(s) for s in team["shares"]) == Decimal(team["team_amount"])
            members = [p for p in people if p.team == team["team"]]
            assert sum(Decimal(results[p.id]["pay"]["amount"]) for p in members) == Decimal(
                team["paid"]
            )
        for pool in totals["pools"]:
            assert sum(Decimal(s) for s in pool["shares"]) == Decimal(pool["pool_amount"])
        assert len(totals["teams"]) == len(
            {p.team for p in paid if p.position.pay_scheme == "piece_rate"}
        )

    # the file holds what the JSON says, and what was imported
    grids = read_grids(path)
    for code in TEMPLATES[name].positions:
        pos = position(code)
        rows = _data_rows(grids, pos.sheet(lang))
        for p in (q for q in people if q.position is pos):
            row, e = rows[p.id], results[p.id]
            assert (row["total"], row["grade"], row["rank"]) == (e["total"], e["grade"], e["rank"])
            assert Decimal(repr(row["bonus"])).quantize(Decimal("0.01")) == Decimal(e["bonus"])
            for ind in e["indicators"]:
                assert row[layout.points_key(ind["code"])] == pytest.approx(ind["points"])
            for code_, v in p.actuals.items():
                assert row[code_] == pytest.approx(v)
            for code_, scores in p.scores.items():
                for r, v in scores.items():
                    assert row[f"{code_}@{r}"] == v
            for name_, v in p.money.items():
                assert row[pl.money_key(name_)] == v
            if pos.pay_scheme:
                assert row["pay"] == float(e["pay"]["amount"]) and row["pay_detail"]
    if any(p.position.pay_scheme == "piece_rate" for p in people):
        pay_grid = grids[layout.sheet_name("pay", lang)]
        team_rows = {r[0]: r for r in pay_grid if r and r[0] in TEAMS}
        no = "否" if lang == "zh" else "No"
        assert team_rows["T1"][1:6] == [2, 22, 150, 0.96, no]
