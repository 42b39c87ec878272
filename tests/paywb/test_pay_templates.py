"""The shipped money templates compute end to end: build the template, fill it the way HR
would (here with openpyxl), Calculate, read back with python-calamine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from paybooks import read_sheet

from xlkpi.authoring.builder import build_workbook
from xlkpi.authoring.catalog_source import position
from xlkpi.authoring.registry import TEMPLATES
from xlkpi.catalog import PAY_POSITIONS
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook import layout
from xlkpi.workbook.calculate import calculate
from xlkpi.workbook.pay_read import find_pay_tables

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")


def _fill(
    path: Path,
    lang: str,
    roster: list[dict[str, Any]],
    data: dict[str, dict[str, dict[str, Any]]],
    pay: dict[str, list[dict[str, Any]]],
) -> None:
    """Write roster rows, data-sheet rows (by key-row key) and Pay table rows."""
    grids = {
        name: read_sheet(path, name)
        for name in (layout.sheet_name("roster", lang), layout.sheet_name("pay", lang), *data)
    }
    wb = openpyxl.load_workbook(path)
    roster_sheet = layout.sheet_name("roster", lang)
    table = layout.TABLES["roster"]
    header = layout.find_header_row(table, grids[roster_sheet])
    cols = layout.map_columns(table, grids[roster_sheet][header])
    for i, rec in enumerate(roster):
        for key, value in rec.items():
            wb[roster_sheet].cell(header + 2 + i, cols[key] + 1, value)
    for sheet, people in data.items():
        key_row = layout.find_key_row(grids[sheet])
        keys = {k: c for c, k in enumerate(grids[sheet][key_row]) if k}
        for i, (eid, values) in enumerate(people.items()):
            r = key_row + 2 + i
            wb[sheet].cell(r, keys["id"] + 1, eid)
            for key, value in values.items():
                wb[sheet].cell(r, keys[key] + 1, value)
    pay_sheet = layout.sheet_name("pay", lang)
    tables = find_pay_tables(pay_sheet, grids[pay_sheet])
    for key, rows in pay.items():
        place = tables[key]
        for i, rec in enumerate(rows):
            for col, value in rec.items():
                wb[pay_sheet].cell(place.header_row + 2 + i, place.columns[col] + 1, value)
    wb.save(path)


def rated(code: str, score: float) -> dict[str, float]:
    """The same score from self, reviewer and approver (so the total is that score)."""
    return {f"{code}@{who}": score for who in ("self", "reviewer", "approver")}


def _results(path: Path, sheet: str) -> dict[str, dict[str, Any]]:
    grid = read_sheet(path, sheet)
    key_row = layout.find_key_row(grid)
    keys = grid[key_row]
    return {
        row[0]: dict(zip(keys, row, strict=False)) for row in grid[key_row + 1 :] if row and row[0]
    }


def test_money_templates_are_registered():
    assert TEMPLATES["repair-technicians"].positions == ("repair_technician", "service_manager")
    assert set(TEMPLATES["automotive-after-sales"].positions) <= set(PAY_POSITIONS)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_repair_technicians_template_pays_the_630_team_and_the_manager(tmp_path, lang):
    """Team T1: 150 units at 96% → 630 split 378 / 252. The manager's factor: the
    technicians average (90 + 80) / 2 = 85 → 90% of 3000 = 2700.00."""
    path = build_workbook("repair-technicians", lang, tmp_path / f"tech-{lang}.xlsx")
    tech = position("repair_technician").sheet(lang)
    manager = position("service_manager").sheet(lang)
    engineer, assistant = ("工程师", "助理") if lang == "zh" else ("engineer", "assistant")
    tech_name = position("repair_technician").name(lang)
    mgr_name = position("service_manager").name(lang)
    _fill(
        path,
        lang,
        roster=[
            {
                "id": "E1",
                "name": "Wang",
                "department": "Service",
                "team": "T1",
                "position": tech_name,
            },
            {
                "id": "E2",
                "name": "Li",
                "department": "Service",
                "team": "T1",
                "position": tech_name,
            },
            {"id": "M1", "name": "Zhao", "department": "Service", "position": mgr_name},
        ],
        data={
            tech: {
                "E1": {
                    **rated("quality", 90),
                    **rated("attitude", 90),
                    "m:role": engineer,
                    "m:base_pay": 3000,
                },
                "E2": {
                    **rated("quality", 80),
                    **rated("attitude", 80),
                    "m:role": assistant,
                    "m:base_pay": 2000,
                },
            },
            manager: {
                "M1": {
                    **rated("management", 70),
                    **rated("service", 70),
                    "m:performance_base": 3000,
                }
            },
        },
        pay={
            "teams": [
                {
                    "team": "T1",
                    "size": 2,
                    "passed_units": 150,
                    "on_time_rate": 0.96,
                    "short_of_returns": "否" if lang == "zh" else "No",
                }
            ]
        },
    )
    outcome = calculate(XlsxBook(path, backup=False))
    assert outcome.ok, [p.render(lang) for p in outcome.problems]
    techs = _results(path, tech)
    assert (techs["E1"]["pay"], techs["E2"]["pay"]) == (378.0, 252.0)
    assert _results(path, manager)["M1"]["pay"] == 2700.0
    detail = techs["E1"]["pay_detail"]  # in the language the Settings sheet picks
    assert "→ 630.00" in detail
    assert ("超额奖金" in detail) if outcome.lang == "zh" else ("extra pay" in detail)


def test_automotive_template_computes_the_formulas_and_the_parts_pool(tmp_path):
    """Workshop supervisor at 90: 117000 ÷ 1.17 × 0.8% × 100% × 0.9 = 720 + 50 + 100 − 200 =
    670.00. Parts pool (200000 − 83000) ÷ 1.17 × 20% = 20000; the manager alone holds his
    role (36%), the other roles are vacant, so he gets the whole pool × 100/100 = 20000.00
    (with a warning)."""
    lang = "en"
    path = build_workbook("automotive-after-sales", lang, tmp_path / "auto.xlsx")
    specs = {
        code: position(code) for code in ("workshop_supervisor", "service_advisor", "parts_staff")
    }
    ws_sheet = specs["workshop_supervisor"].sheet(lang)
    parts_sheet = specs["parts_staff"].sheet(lang)
    _fill(
        path,
        lang,
        roster=[
            {
                "id": "W1",
                "name": "Sun",
                "department": "Workshop",
                "position": specs["workshop_supervisor"].name(lang),
            },
            {
                "id": "P1",
                "name": "Qian",
                "department": "Parts",
                "position": specs["parts_staff"].name(lang),
            },
        ],
        data={
            ws_sheet: {
                "W1": {
                    **rated("results", 90),
                    **rated("attitude", 90),
                    "m:gross_profit": 117000,
                    "m:attainment": 1,
                    "m:care_commission": 50,
                    "m:ftf": 0.92,
                    "m:satisfaction": 0.95,
                }
            },
            parts_sheet: {
                "P1": {
                    **rated("results", 100),
                    **rated("attitude", 100),
                    "m:role": "parts_manager",
                    "m:accuracy": 0.95,
                    "m:claim_value": 0,
                    "m:profit_claims": 0,
                    "m:first_pass": 1,
                }
            },
        },
        pay={
            "pool_inputs": [
                {"department": "Parts", "value": 200000},
                {"department": "Parts", "value": 83000},
            ]
        },
    )
    outcome = calculate(XlsxBook(path, backup=False))
    assert outcome.ok, [p.render() for p in outcome.problems]
    assert _results(path, ws_sheet)["W1"]["pay"] == 670.0
    assert _results(path, parts_sheet)["P1"]["pay"] == 20000.0
    assert [p.code for p in outcome.problems.warnings] == ["money.pool.vacant"]
