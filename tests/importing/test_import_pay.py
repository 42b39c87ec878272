"""Importing pay inputs (`m:` columns of data sheets) and the Pay sheet's monthly tables
(repair teams' output, pool inputs) into the seed-004 templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from xlbook import imported, refused, write_csv

from xlkpi.authoring.builder import build_workbook
from xlkpi.authoring.sheets.pay import TEAM_ROWS
from xlkpi.importing import Form, import_files
from xlkpi.io.reader import read_grids
from xlkpi.workbook import layout
from xlkpi.workbook.pay_read import find_pay_tables

ROSTER_ZH = "工号,姓名,部门,班组,岗位\nE1,王工,维修部,T1,售后维修技术人员\nE2,李助,维修部,T1,售后维修技术人员\n"
ROSTER_EN = (
    "employee_id,name,department,team,position\n"
    "E1,Wang,Repair,T1,Repair technician\nE2,Li,Repair,T1,Repair technician\n"
)


@pytest.fixture
def tech_zh(tmp_path: Path) -> Path:
    """A fresh repair-technicians workbook in Chinese."""
    return build_workbook("repair-technicians", "zh", tmp_path / "tech-zh.xlsx")


@pytest.fixture
def tech_en(tmp_path: Path) -> Path:
    """A fresh repair-technicians workbook in English."""
    return build_workbook("repair-technicians", "en", tmp_path / "tech-en.xlsx")


@pytest.fixture
def auto_zh(tmp_path: Path) -> Path:
    """A fresh automotive after-sales workbook in Chinese."""
    return build_workbook("automotive-after-sales", "zh", tmp_path / "auto-zh.xlsx")


def codes(plan: Any, severity: str = "error") -> list[str]:
    """The problem codes of a plan, errors or warnings."""
    items = plan.problems.errors if severity == "error" else plan.problems.warnings
    return [p.code for p in items]


def data_row(path: Path, sheet: str, emp: str) -> dict[str, Any]:
    """One employee's data-sheet row as key -> value."""
    grid = read_grids(path)[sheet]
    keys = grid[layout.KEY_ROW]
    row = next(r for r in grid[layout.FIRST_DATA_ROW :] if r and r[0] == emp)
    return dict(zip(keys, row, strict=False))


def pay_records(path: Path, lang: str, table: str) -> list[dict[str, Any]]:
    """The records of one of the Pay sheet's tables."""
    sheet = layout.sheet_name("pay", lang)
    return [rec for _, rec in find_pay_tables(sheet, read_grids(path)[sheet])[table].records]


# --- pay inputs on data sheets -----------------------------------------------------------


def test_wide_pay_columns_by_label_in_either_language_key_or_name(tech_zh: Path, tmp_path: Path):
    """Pay inputs are named in a wide file by label in either language, key or name."""
    files = [
        write_csv(tmp_path / "roster.csv", ROSTER_ZH),
        write_csv(
            tmp_path / "pay.csv",
            '工号,角色,Base pay,m:merit_points\nE1,工程师,"¥3,000",1\nE2,assistant,2000,-1\n',
        ),
    ]
    plan = imported(tech_zh, files, backup=False)
    assert plan.files[1].form is Form.WIDE and plan.files[1].values == 6
    e1, e2 = (data_row(tech_zh, "维修技术人员", e) for e in ("E1", "E2"))
    assert (e1["m:role"], e1["m:base_pay"], e1["m:merit_points"]) == ("工程师", 3000, 1)
    assert (e2["m:role"], e2["m:base_pay"], e2["m:merit_points"]) == ("assistant", 2000, -1)


def test_role_is_the_pay_input_beside_pay_columns_and_the_position_in_a_roster(
    tech_en: Path, tmp_path: Path
):
    """'Role' names both the roster's position (an alias) and the pay input m:role."""
    roster = write_csv(
        tmp_path / "roster.csv", "employee_id,name,team,role\nE1,Wang,T1,Repair technician\n"
    )
    pay = write_csv(tmp_path / "pay.csv", "employee_id,Role,底薪\nE1,engineer,3000\n")
    plan = imported(tech_en, [roster, pay], backup=False)
    assert [f.form for f in plan.files] == [Form.ROSTER, Form.WIDE]
    row = data_row(tech_en, "Repair technicians", "E1")
    assert (row["m:role"], row["m:base_pay"]) == ("engineer", 3000)


def test_long_form_pay_inputs_and_formula_inputs(auto_zh: Path, tmp_path: Path):
    """Pay inputs and formula inputs in a long file, by name, key or label."""
    roster = write_csv(tmp_path / "r.csv", "工号,姓名,部门,岗位\nW1,孙,车间,车间主管\n")
    long = write_csv(
        tmp_path / "l.csv",
        "工号,指标,值\nW1,毛利润,117000\nW1,attainment,100%\nW1,m:ftf,0.92\nW1,customer satisfaction,95%\n",
    )
    imported(auto_zh, [roster, long], backup=False)
    row = data_row(auto_zh, "车间主管", "W1")
    assert (row["m:gross_profit"], row["m:attainment"], row["m:ftf"], row["m:satisfaction"]) == (
        117000,
        1,
        0.92,
        0.95,
    )


@pytest.mark.parametrize(
    ("cell", "code"),
    [("-3000", "import.negative"), ("三千", "value.not_number"), ("2.5", None)],
)
def test_bad_pay_amounts_are_refused_and_nothing_is_written(
    tech_zh: Path, tmp_path: Path, cell: str, code: str | None
):
    """A negative or non-numeric pay amount is refused; 2.5 is a fine amount."""
    files = [
        write_csv(tmp_path / "roster.csv", ROSTER_ZH),
        write_csv(tmp_path / "pay.csv", f"工号,底薪,额外绩效分\nE1,{cell},0\n"),
    ]
    if code is None:  # 2.5 is a fine amount: the contrast with the refused ones
        assert import_files(tech_zh, files, backup=False).ok
        assert data_row(tech_zh, "维修技术人员", "E1")["m:base_pay"] == 2.5
        return
    plan = refused(tech_zh, files, backup=False)
    assert codes(plan) == [code]


# --- the Pay sheet's team output -----------------------------------------------------------


def test_team_rows_fill_the_table_then_update_in_place(tech_zh: Path, tmp_path: Path):
    """Team rows fill the Team output table, then a later file updates them in place."""
    first = write_csv(
        tmp_path / "t1.csv",
        "维修班组,人数,检验合格台数,交付及时率,客户返修机不足\nT1,2,150,96%,No\nT2,3,180,0.92,是\n",
    )
    plan = import_files(tech_zh, [first], backup=False)
    assert plan.ok and plan.files[0].form is Form.PAY and plan.values == 8
    records = pay_records(tech_zh, "zh", "teams")
    assert [
        (r["team"], r["size"], r["passed_units"], r["on_time_rate"], r["short_of_returns"])
        for r in records
    ] == [("T1", 2, 150, 0.96, "否"), ("T2", 3, 180, 0.92, "是")]

    # English headers on the Chinese workbook; T1 updated where it is, T3 added below T2
    again = write_csv(
        tmp_path / "t2.csv",
        "Repair team,Units passed inspection,On-time rate\nT1,160,96%\nT3,120,88%\n",
    )
    plan = import_files(tech_zh, [again], backup=False)
    assert plan.ok and plan.overwritten == 1
    records = pay_records(tech_zh, "zh", "teams")
    assert [(r["team"], r["passed_units"], r["size"]) for r in records] == [
        ("T1", 160, 2),
        ("T2", 180, 3),
        ("T3", 120, None),
    ]


def test_team_rows_are_checked(tech_zh: Path, tmp_path: Path):
    """Every problem of a team file is reported at once."""
    bad = write_csv(
        tmp_path / "t.csv",
        "维修班组,检验合格台数,交付及时率,客户返修机不足,备注\n"
        "T1,150,96%,也许,x\nT2,180.5,92%,否,\n,10,90%,否,\n"
        "T3,100,,否,\nT4,,,,\n",
    )
    plan = refused(
        tech_zh,
        [bad, write_csv(tmp_path / "u.csv", "维修班组,检验合格台数,交付及时率\nT5,1,1\nT5,2,1\n")],
        backup=False,
    )
    assert sorted(codes(plan)) == sorted(
        [
            "value.choice",  # 也许 is not yes/no
            "value.not_number",  # 180.5 units
            "import.pay_key_missing",  # no team
            "import.pay_row_incomplete",  # a new team without its on-time rate
            "import.pay_no_value",  # T4 gives nothing
            "import.duplicate_value",  # T5 twice
        ]
    ), [p.render() for p in plan.problems.items]
    assert codes(plan, "warning") == ["import.column_ignored"]  # 备注


def test_a_full_team_table_is_refused(tech_zh: Path, tmp_path: Path):
    """The template leaves TEAM_ROWS blank rows and one blank row before the next table."""
    rows = "".join(f"T{i},150,96%\n" for i in range(TEAM_ROWS + 1))
    f = write_csv(tmp_path / "t.csv", "维修班组,检验合格台数,交付及时率\n" + rows)
    plan = import_files(tech_zh, [f], backup=False)
    assert codes(plan) == ["import.pay_table_full"]
    f = write_csv(tmp_path / "t.csv", "维修班组,检验合格台数,交付及时率\n" + rows.rsplit("T", 1)[0])
    assert import_files(tech_zh, [f], backup=False).ok
    assert len(pay_records(tech_zh, "zh", "teams")) == TEAM_ROWS


def test_pay_rows_need_a_pay_sheet(book: Path, tmp_path: Path):
    """A Pay-table file for a workbook without a Pay sheet is refused."""
    f = write_csv(tmp_path / "t.csv", "维修班组,检验合格台数,交付及时率\nT1,150,96%\n")
    assert codes(import_files(book, [f], backup=False)) == ["import.no_pay_sheet"]


# --- pool inputs ---------------------------------------------------------------------------


def test_pool_inputs_fill_the_template_row_or_add_a_department(auto_zh: Path, tmp_path: Path):
    """Pool inputs update the template's row or add a row for a new department."""
    f = write_csv(
        tmp_path / "p.csv",
        "Pool,Department,Input,Amount\n"
        'parts_team,,total output,"210,000"\n'
        "parts_team,备件部,总工时,81300\n",
    )
    imported(auto_zh, [f], backup=False)
    records = pay_records(auto_zh, "zh", "pool_inputs")
    assert [(r["pool"], r["department"], r["input"], r["value"]) for r in records] == [
        ("parts_team", None, "total_output", 210000),
        ("parts_team", None, "labour_value", None),  # the template's row, still blank
        ("parts_team", "备件部", "labour_value", 81300),
    ]


def test_team_table_total_row_is_skipped_with_a_note(tech_zh: Path, tmp_path: Path):
    """A total row under the teams is skipped and noted."""
    f = write_csv(
        tmp_path / "t.csv",
        "维修班组,人数,检验合格台数,交付及时率\nT1,2,150,96%\n合计,2,150,96%\n",
    )
    plan = import_files(tech_zh, [f], backup=False)
    assert plan.ok and [r["team"] for r in pay_records(tech_zh, "zh", "teams")] == ["T1"]
    assert [n.where.row for n in plan.notes] == [3]
