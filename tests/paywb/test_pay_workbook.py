"""Money in real .xlsx workbooks: the seed schemes (seed 004) through Calculate, read back
with python-calamine. Figures are computed by hand in each docstring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paybooks import Person, Position, build, data_results, issues

from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import calculate
from xlkpi.workbook.results import run_to_json

TECH = Position("TECH", "Technician", "piece_rate", ("role", "base_pay", "merit_points"))


def tech_people(**money: dict) -> list[Person]:
    """Repair team T1: engineer E1 (90) and assistant E2 (80), money inputs overridable."""
    return [
        Person(
            "E1",
            "Wang",
            "TECH",
            90,
            team="T1",
            money={"role": "engineer", "base_pay": 3000, **money.get("E1", {})},
        ),
        Person(
            "E2",
            "Li",
            "TECH",
            80,
            team="T1",
            money={"role": "assistant", "base_pay": 2000, **money.get("E2", {})},
        ),
    ]


def team_row(units: int, rate: float = 0.96, short: str = "No", **more) -> dict:
    """Team T1's row of the Pay sheet's team output table."""
    return {
        "team": "T1",
        "size": 2,
        "working_days": 22,
        "passed_units": units,
        "on_time_rate": rate,
        "short_of_returns": short,
        **more,
    }


def run(path: Path):
    """Calculate the workbook; the outcome and its JSON."""
    outcome = calculate(XlsxBook(path, backup=False))
    return outcome, run_to_json(outcome)


def error_places(outcome) -> list[str]:
    """Every place an error of the run names."""
    return [str(s) for p in outcome.problems.errors for s in p.where]


# -- piece-rate repair team ------------------------------------------------------------


def test_two_person_team_150_units_at_96_percent_pays_630_split_378_252(tmp_path):
    """Quota 6/day × 22 days = 132; 150 − 132 = 18 units × 35 ¥ (95% ≤ 96% < 100%) = 630;
    60/40: 378.00 / 252.00."""
    path = build(tmp_path / "t.xlsx", [TECH], tech_people(), {"teams": [team_row(150)]})
    outcome, data = run(path)
    assert outcome.ok, [p.render() for p in outcome.problems]
    rows = data_results(path, TECH)
    assert rows["E1"]["pay"] == 378.0
    assert rows["E2"]["pay"] == 252.0
    detail = rows["E1"]["pay_detail"]
    assert "units above quota=18" in detail and "→ 630.00" in detail and "amount: 378.00" in detail
    pays = {e["id"]: e["pay"] for e in data["employees"]}
    assert pays["E1"]["amount"] == "378.00" and pays["E2"]["amount"] == "252.00"
    assert pays["E1"]["scheme"] == "piece_rate"
    team = data["pay_totals"]["teams"][0]
    assert team["team_amount"] == "630.00"
    assert team["shares"] == ["378.00", "252.00"]
    assert team["paid"] == "630.00"
    assert team["quota"] == 132


def test_same_team_120_units_deducts_12_units_at_25_split_180_120(tmp_path):
    """132 − 120 = 12 short × 25 ¥ = 300 deducted from base pay: −180.00 / −120.00."""
    path = build(tmp_path / "t.xlsx", [TECH], tech_people(), {"teams": [team_row(120)]})
    outcome, data = run(path)
    assert outcome.ok
    rows = data_results(path, TECH)
    assert (rows["E1"]["pay"], rows["E2"]["pay"]) == (-180.0, -120.0)
    assert data["pay_totals"]["teams"][0]["team_amount"] == "-300.00"
    assert "units short=12" in rows["E1"]["pay_detail"]


def test_short_of_returns_pays_9_percent_of_own_base_pay(tmp_path):
    """Short for lack of returned units: no deduction; 9% (tier 95–100%) of own base pay:
    3000 → 270.00, 2000 → 180.00."""
    path = build(
        tmp_path / "t.xlsx", [TECH], tech_people(), {"teams": [team_row(120, short="Yes")]}
    )
    outcome, _ = run(path)
    assert outcome.ok
    rows = data_results(path, TECH)
    assert (rows["E1"]["pay"], rows["E2"]["pay"]) == (270.0, 180.0)


def test_merit_point_pays_one_unit_to_that_person_only(tmp_path):
    """One merit point at tier 35 ¥: engineer 378 + 35 = 413.00, assistant unchanged."""
    path = build(
        tmp_path / "t.xlsx", [TECH], tech_people(E1={"merit_points": 1}), {"teams": [team_row(150)]}
    )
    outcome, _ = run(path)
    assert outcome.ok
    rows = data_results(path, TECH)
    assert (rows["E1"]["pay"], rows["E2"]["pay"]) == (413.0, 252.0)


def test_edited_tiers_and_working_days_on_the_pay_sheet_are_used(tmp_path):
    """HR changes the 95% tier to 50 ¥ and the team worked 20 days:
    quota 6 × 20 = 120; 150 − 120 = 30 × 50 = 1500 → 900.00 / 600.00."""
    tiers = [
        {"min_rate": 0, "per_unit": 25, "base_share": 0.07},
        {"min_rate": 0.9, "per_unit": 30, "base_share": 0.08},
        {"min_rate": "95%", "per_unit": 50, "base_share": 0.09},
        {"min_rate": 1, "per_unit": 60, "base_share": 0.10},
    ]
    path = build(
        tmp_path / "t.xlsx",
        [TECH],
        tech_people(),
        {"tiers": tiers, "teams": [team_row(150, working_days=20)]},
    )
    outcome, _ = run(path)
    assert outcome.ok, [p.render() for p in outcome.problems]
    rows = data_results(path, TECH)
    assert (rows["E1"]["pay"], rows["E2"]["pay"]) == (900.0, 600.0)


def test_team_size_that_disagrees_with_the_roster_names_the_size_cell(tmp_path):
    path = build(tmp_path / "t.xlsx", [TECH], tech_people(), {"teams": [team_row(150, size=3)]})
    outcome, data = run(path)
    assert not outcome.ok
    # Pay sheet: title, blank, teams title (row 3), header (row 4), T1 on row 5; size is B
    assert "Pay!B5" in error_places(outcome)
    assert any("size 3" in row[3] for row in issues(path))
    assert data["employees"] == []
    assert data_results(path, TECH)["E1"]["pay"] == ""


def test_team_without_a_row_on_the_pay_sheet_is_an_error(tmp_path):
    path = build(tmp_path / "t.xlsx", [TECH], tech_people(), {"teams": []})
    outcome, _ = run(path)
    assert [p.code for p in outcome.problems.errors] == ["pay.team_missing"]
    assert error_places(outcome) == ["TECH data!A5", "TECH data!A6", "Pay!A4"]


def test_unknown_role_names_the_role_cell(tmp_path):
    path = build(
        tmp_path / "t.xlsx", [TECH], tech_people(E2={"role": "boss"}), {"teams": [team_row(150)]}
    )
    outcome, _ = run(path)
    assert not outcome.ok
    # TECH data: id, name, Q@reviewer, m:role (D); E2 is on row 6
    assert "TECH data!D6" in error_places(outcome)


# -- salary formula ---------------------------------------------------------------------

SALES = Position(
    "SVC",
    "Service staff",
    "salary",
    ("standard_pay", "days_attended", "performance_base", "complaints", "escalated_complaints"),
)


def salary_people(**money) -> list[Person]:
    """One salaried service employee (85), money inputs overridable."""
    base = {"standard_pay": 5200, "days_attended": 21, "performance_base": 2000}
    return [Person("S1", "Zhao", "SVC", 85, money={**base, **money})]


def test_salary_formula_21_of_26_days(tmp_path):
    """5200 ÷ 26 × 21 = 4200.00; 2000 × 85% = 1700.00; month 5900.00."""
    path = build(tmp_path / "s.xlsx", [SALES], salary_people())
    outcome, data = run(path)
    assert outcome.ok, [p.render() for p in outcome.problems]
    row = data_results(path, SALES)["S1"]
    assert row["pay"] == 5900.0
    assert "→ 4200.00" in row["pay_detail"] and "→ 1700.00" in row["pay_detail"]
    pay = data["employees"][0]["pay"]
    assert pay["amount"] == "5900.00"
    assert [s["amount"] for s in pay["steps"]] == ["4200.00", None, "1700.00", "5900.00"]


@pytest.mark.parametrize(
    ("complaints", "escalated", "amount"),
    [
        (1, 0, 5700.0),  # score 85 − 10 = 75: 1500 + 4200
        (0, 1, 5500.0),  # 85 − 20 = 65: 1300 + 4200
        (2, 0, 5500.0),  # 85 − 20 = 65
        (3, 0, 4200.0),  # 3 complaints: no performance pay
        (2, 1, 4200.0),  # escalated counts toward the 3
    ],
)
def test_salary_complaints(tmp_path, complaints, escalated, amount):
    path = build(
        tmp_path / "s.xlsx",
        [SALES],
        salary_people(complaints=complaints, escalated_complaints=escalated),
    )
    outcome, _ = run(path)
    assert outcome.ok
    assert data_results(path, SALES)["S1"]["pay"] == amount


def test_salary_days_basis_edited_on_the_pay_sheet(tmp_path):
    """Days basis 30: 5200 ÷ 30 × 21 = 3640.00; + 1700.00 = 5340.00."""
    params = [{"scheme": "Salary formula", "parameter": "Days basis", "value": 30}]
    path = build(tmp_path / "s.xlsx", [SALES], salary_people(), {"pay_params": params})
    outcome, _ = run(path)
    assert outcome.ok
    assert data_results(path, SALES)["S1"]["pay"] == 5340.0


def test_salary_in_a_chinese_workbook_explains_in_chinese(tmp_path):
    pos = Position("SVC", "服务人员", "工资公式", SALES.inputs)
    people = [
        Person(
            "S1",
            "赵六",
            "SVC",
            85,
            department="售后服务部",
            money={"standard_pay": 5200, "days_attended": 21, "performance_base": 2000},
        )
    ]
    path = build(tmp_path / "zh.xlsx", [pos], people, lang="zh")
    outcome, _ = run(path)
    assert outcome.ok, [p.render("zh") for p in outcome.problems]
    row = data_results(path, pos)["S1"]
    assert row["pay"] == 5900.0
    assert row["pay_detail"].startswith("赵六 (S1) — 工资公式")
    assert "出勤工资 = 标准工资 ÷ 计薪天数 × 实际出勤天数" in row["pay_detail"]


def test_missing_salary_input_names_its_cell(tmp_path):
    people = salary_people(days_attended=None)
    path = build(tmp_path / "s.xlsx", [SALES], people)
    outcome, _ = run(path)
    assert [p.code for p in outcome.problems.errors] == ["pay.input_missing"]
    # id, name, Q@reviewer, m:standard_pay, m:days_attended (E) on row 5
    assert error_places(outcome) == ["SVC data!E5"]


def test_salary_needs_its_columns(tmp_path):
    pos = Position("SVC", "Service staff", "salary", ("standard_pay",))
    path = build(
        tmp_path / "s.xlsx", [pos], [Person("S1", "Zhao", "SVC", 85, money={"standard_pay": 5200})]
    )
    outcome, _ = run(path)
    [problem] = outcome.problems.errors
    assert problem.code == "pay.column_missing"
    assert "m:days_attended, m:performance_base" in problem.message_en
    assert [str(s) for s in problem.where] == ["SVC data!A4", "Positions!D2"]


def test_unknown_pay_scheme_names_the_positions_cell(tmp_path):
    pos = Position("SVC", "Service staff", "bonus-ish", ())
    path = build(tmp_path / "s.xlsx", [pos], [Person("S1", "Zhao", "SVC", 85)])
    outcome, _ = run(path)
    [problem] = outcome.problems.errors
    assert problem.code == "pay.scheme_unknown"
    assert error_places(outcome) == ["Positions!D2"]


# -- manager factor ---------------------------------------------------------------------

MANAGER = Position(
    "MGR", "Service manager", "manager_factor", ("performance_base", "team_complaints")
)
STAFF = Position("CS", "Service staff")


@pytest.mark.parametrize(
    ("scores", "complaints", "amount"),
    [
        ((92, 88), None, 3000.0),  # average 90.00 → 100%
        ((90, 89.98), None, 2700.0),  # 89.99 → 90%
        ((80, 80), None, 2700.0),  # 80 → 90%
        ((79, 80.98), None, 2400.0),  # 79.99 → 80%
        ((95, 95), 5, 0.0),  # 5 team complaints cancel it
        ((95, 95), 4, 3000.0),
    ],
)
def test_manager_factor_by_team_average(tmp_path, scores, complaints, amount):
    people = [
        Person(
            "M1", "Boss", "MGR", 70, money={"performance_base": 3000, "team_complaints": complaints}
        ),
        Person("C1", "A", "CS", scores[0]),
        Person("C2", "B", "CS", scores[1]),
    ]
    path = build(tmp_path / "m.xlsx", [MANAGER, STAFF], people)
    outcome, _ = run(path)
    assert outcome.ok, [p.render() for p in outcome.problems]
    assert data_results(path, MANAGER)["M1"]["pay"] == amount


# -- department formulas ----------------------------------------------------------------

SUPERVISOR = Position(
    "WS",
    "Workshop supervisor",
    "formula:workshop_supervisor",
    ("gross_profit", "attainment", "care_commission", "ftf", "satisfaction"),
)


def supervisor(**money) -> list[Person]:
    """One workshop supervisor with the formula's inputs, overridable."""
    base = {
        "gross_profit": 117000,
        "attainment": 1,
        "care_commission": 50,
        "ftf": 0.92,
        "satisfaction": "95%",
    }
    return [Person("W1", "Sun", "WS", 90, money={**base, **money})]


def test_workshop_supervisor_preset(tmp_path):
    """117000 ÷ 1.17 × 0.8% × 100% × 90/100 = 720; + 50 care; ftf 92% ≥ 90% → +100;
    satisfaction 95% < 96% → −200: 670.00."""
    path = build(tmp_path / "w.xlsx", [SUPERVISOR], supervisor())
    outcome, data = run(path)
    assert outcome.ok, [p.render() for p in outcome.problems]
    row = data_results(path, SUPERVISOR)["W1"]
    assert row["pay"] == 670.0
    assert "ftf>=90%: met" in row["pay_detail"]
    assert "satisfaction>=96%: not met" in row["pay_detail"]
    assert data["employees"][0]["pay"]["inputs"]["score"] == "90"


def test_formula_written_on_the_pay_sheet_overrides_the_preset(tmp_path):
    """HR's own formula: 117000 × 1% × 90/100 = 1053.00."""
    formulas = [
        {
            "name": "workshop_supervisor",
            "formula": "=gross_profit*1%*score/100",
            "note": "Workshop bonus 2026",
        }
    ]
    pos = Position("WS", "Workshop supervisor", "formula:workshop_supervisor", ("gross_profit",))
    path = build(tmp_path / "w.xlsx", [pos], supervisor(), {"formulas": formulas})
    outcome, _ = run(path)
    assert outcome.ok, [p.render() for p in outcome.problems]
    row = data_results(path, pos)["W1"]
    assert row["pay"] == 1053.0
    assert row["pay_detail"].startswith("Sun (W1) — Workshop bonus 2026")


def test_formula_syntax_error_names_the_formula_cell(tmp_path):
    formulas = [
        {"name": "advisor", "formula": "=cars*2"},
        {"name": "bonus", "formula": "=gross_profit*(1%+", "note": "broken"},
    ]
    pos = Position("WS", "Workshop supervisor", "formula:bonus", ("gross_profit",))
    path = build(tmp_path / "w.xlsx", [pos], supervisor(), {"formulas": formulas})
    outcome, _ = run(path)
    assert not outcome.ok
    problem = next(p for p in outcome.problems.errors if p.code == "money.formula")
    # Pay sheet: title, blank, formulas title (row 3), header (row 4), rows 5-6; formula in B
    assert [str(s) for s in problem.where] == ["Pay!B6"]
    assert "Formula 'bonus'" in problem.message_en and "character" in problem.message_en
    issue_rows = issues(path)
    assert any(row[2] == "Pay!B6" and "bonus" in row[3] for row in issue_rows)
    assert data_results(path, pos)["W1"]["pay"] == ""


def test_formula_error_for_one_person_names_the_formula_and_the_row(tmp_path):
    """Division by zero only for the person whose attainment is 0."""
    formulas = [{"name": "ratio", "formula": "=gross_profit/attainment/1000"}]
    pos = Position("WS", "Workshop supervisor", "formula:ratio", ("gross_profit", "attainment"))
    people = supervisor(attainment=0) + [
        Person("W2", "Zhou", "WS", 80, money={"gross_profit": 5000, "attainment": 0.5})
    ]
    path = build(tmp_path / "w.xlsx", [pos], people, {"formulas": formulas})
    outcome, _ = run(path)
    [problem] = outcome.problems.errors
    assert problem.code == "money.formula"
    assert "division by zero" in problem.message_en.lower()
    assert [str(s) for s in problem.where] == ["Pay!B5", "WS data!A5"]


def test_formula_input_without_a_column_is_reported_before_computing(tmp_path):
    pos = Position(
        "WS",
        "Workshop supervisor",
        "formula:workshop_supervisor",
        ("gross_profit", "attainment", "care_commission"),
    )
    path = build(tmp_path / "w.xlsx", [pos], supervisor())
    outcome, _ = run(path)
    [problem] = outcome.problems.errors
    assert problem.code == "pay.column_missing"
    assert "m:ftf, m:satisfaction" in problem.message_en


def test_blank_formula_input_is_an_error_not_a_zero(tmp_path):
    path = build(tmp_path / "w.xlsx", [SUPERVISOR], supervisor(care_commission=None))
    outcome, _ = run(path)
    [problem] = outcome.problems.errors
    assert problem.code == "pay.input_missing"
    # id, name, Q, gross_profit, attainment, care_commission (F)
    assert [str(s) for s in problem.where] == ["WS data!F5"]


# -- department pool --------------------------------------------------------------------

PARTS = Position(
    "PARTS",
    "Parts team",
    "pool_split:parts_team",
    ("role", "accuracy", "claim_value", "profit_claims", "first_pass"),
)


def parts_people(accuracy: float = 0.95) -> list[Person]:
    """The parts team, one person per pool role."""
    common = {"accuracy": accuracy, "claim_value": 0, "profit_claims": 0, "first_pass": 0.9}
    return [
        Person(
            "P1",
            "Qian",
            "PARTS",
            100,
            department="Parts",
            money={"role": "parts_manager", **common},
        ),
        Person(
            "P2", "Sun", "PARTS", 100, department="Parts", money={"role": "parts_planner", **common}
        ),
        Person("P3", "Li", "PARTS", 80, department="Parts", money={"role": "warehouse", **common}),
        Person(
            "P4",
            "Zhou",
            "PARTS",
            90,
            department="Parts",
            money={"role": "claims_clerk", **common, "claim_value": 10000, "first_pass": 0.99},
        ),
    ]


def test_parts_pool_split_reconciles_with_the_pool(tmp_path):
    """Pool = (200000 − 83000) ÷ 1.17 × 20% = 20000.00; 36/27/27/10 → 7200 / 5400 / 5400 /
    2000. Manager and planner at 100: 7200, 5400; warehouse at 80: 4320; claims clerk at
    90: 1800 + 10000 × 1% + 500 (first pass 99%) = 2400."""
    inputs = [
        {"pool": "parts_team", "department": "Parts", "input": "total_output", "value": 200000},
        {"pool": "parts_team", "department": "Parts", "input": "labour_value", "value": 83000},
    ]
    path = build(tmp_path / "p.xlsx", [PARTS], parts_people(), {"pool_inputs": inputs})
    outcome, data = run(path)
    assert outcome.ok, [p.render() for p in outcome.problems]
    rows = data_results(path, PARTS)
    assert [rows[e]["pay"] for e in ("P1", "P2", "P3", "P4")] == [7200.0, 5400.0, 4320.0, 2400.0]
    [pool] = data["pay_totals"]["pools"]
    assert pool["pool_amount"] == "20000.00"
    assert pool["shares"] == ["7200.00", "5400.00", "5400.00", "2000.00"]
    assert pool["paid"] == "19320.00"
    assert pool["not_paid"] == "680.00"
    assert data["pay_totals"]["departments"] == [{"department": "Parts", "total": "19320.00"}]


def test_pool_without_its_inputs_names_the_pool(tmp_path):
    path = build(tmp_path / "p.xlsx", [PARTS], parts_people(), {"pool_inputs": []})
    outcome, _ = run(path)
    [problem] = outcome.problems.errors
    assert problem.code == "money.formula"
    assert "total_output" in problem.message_en and "parts_team" in problem.message_en


def test_json_of_the_cli_carries_the_breakdown(tmp_path, capsys):
    from xlkpi.cli.main import main

    path = build(tmp_path / "t.xlsx", [TECH], tech_people(), {"teams": [team_row(150)]})
    assert main(["calculate", str(path), "--json", "--no-backup"]) == 0
    data = json.loads(capsys.readouterr().out)
    pay = {e["id"]: e["pay"]["amount"] for e in data["employees"]}
    assert pay == {"E1": "378.00", "E2": "252.00"}


def test_person_inputs_match_names_in_any_case_the_first_spelling_winning():
    """`PersonInputs.get`/`has` look names up in a casefolded index (shared by a sheet's
    people): the same answer as comparing each key in turn, the first key in sheet order
    winning when two differ only in case."""
    from xlkpi.core.model import Employee
    from xlkpi.core.problems import Source
    from xlkpi.workbook.pay_read import PersonInputs

    values = {"Units": 1, "days": 2, "UNITS": 3, "Straße": 4}
    cells = {k: Source("D", f"{c}5") for k, c in zip(values, "ABCD", strict=True)}
    p = PersonInputs(Employee("E1", "n", "P"), "D", 4, values, cells, Source("D", "A5"))
    assert p.get("units") == (1, cells["Units"]) and p.get("DAYS") == (2, cells["days"])
    assert p.get("STRASSE") == (4, cells["Straße"]) and p.has("strasse")
    assert p.get("hours") == (None, None) and not p.has("hours")
