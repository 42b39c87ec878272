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

import json
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from roundtrip_month import (  # this folder is on sys.path (conftest.py)
    HR_TARGETS,
    PARTS_ROLES,
    POOL_INPUTS,
    RATERS,
    TEAMS,
    Person,
    exports,
    target,
)
from roundtrip_month import people as month_people

from xlkpi.authoring import TEMPLATES
from xlkpi.authoring.catalog_source import position
from xlkpi.authoring.content import DEFAULT_GRADES
from xlkpi.authoring.spec import IndicatorSpec
from xlkpi.cli.main import main
from xlkpi.core.model import ScoredBy
from xlkpi.core.rules import LevelsRule
from xlkpi.io.cells import Block, Styled
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks
from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl

CASES = [(name, lang) for name in TEMPLATES for lang in layout.LANGS]
POOL = Decimal("50000.00")


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
        for (_, code), hr_target in HR_TARGETS.items():
            if grid[r][cols["code"]] == code and grid[r][cols["target"]] in ("", None):
                blocks.append(Block(sheet, r, cols["target"], [[hr_target]]))
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
        points = rule.score(p.actuals[ind.code], target(p.position, ind)).points
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
    people = month_people(name, lang, random.Random(f"{name}-{lang}"))
    files = exports(tmp_path, name, lang, people)
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

    _check_pay(run, people, results)
    _check_file(path, name, lang, people, results)


def _check_pay(run: dict[str, Any], people: list[Person], results: dict[str, Any]) -> None:
    """Each paid person's pay as computed by hand; team splits and pools reconcile."""
    paid = [p for p in people if p.position.pay_scheme]
    if not paid:
        return
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


def _check_file(
    path: Path, name: str, lang: str, people: list[Person], results: dict[str, Any]
) -> None:
    """The file holds what the JSON says, and what was imported."""
    grids = read_grids(path)
    for code in TEMPLATES[name].positions:
        pos = position(code)
        rows = _data_rows(grids, pos.sheet(lang))
        for p in (q for q in people if q.position is pos):
            _check_row(rows[p.id], results[p.id], p)
    if any(p.position.pay_scheme == "piece_rate" for p in people):
        pay_grid = grids[layout.sheet_name("pay", lang)]
        team_rows = {r[0]: r for r in pay_grid if r and r[0] in TEAMS}
        no = "否" if lang == "zh" else "No"
        assert team_rows["T1"][1:6] == [2, 22, 150, 0.96, no]


def _check_row(row: dict[str, Any], e: dict[str, Any], p: Person) -> None:
    """One person's data-sheet row against their JSON result and their imported values."""
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
    if p.position.pay_scheme:
        assert row["pay"] == float(e["pay"]["amount"]) and row["pay_detail"]
