"""Breakdowns render to text (zh/en) and JSON-able dicts; reconcile; compute_all."""

import json
from decimal import Decimal as D

from xlkpi.core.money import (
    SCHEMES,
    FormulaInput,
    FormulaScheme,
    SalaryInput,
    SalaryScheme,
    compute_all,
    reconcile,
)
from xlkpi.core.problems import Problems, Source


def test_breakdown_to_dict_round_trips_through_json():
    b = SalaryScheme().compute(SalaryInput("E1", "张三", 5200, 21, 2000, 85, 1))
    data = json.loads(json.dumps(b.to_dict(), ensure_ascii=False))
    assert data["amount"] == "5700.00"
    assert data["scheme"] == "salary"
    assert data["inputs"]["standard_pay"] == "5200"
    assert [s["amount"] for s in data["steps"]] == ["4200.00", None, "1500.00", "5700.00"]
    assert data["steps"][1]["value"] == "75"


def test_render_in_both_languages():
    b = SalaryScheme().compute(SalaryInput("E1", "张三", 5200, 21, 2000, 85, 3))
    zh, en = b.render("zh"), b.render("en")
    assert "取消当月绩效工资" in zh and "no performance pay" in en
    assert zh.endswith("金额: 4200.00") and en.endswith("amount: 4200.00")


def test_reconcile_flags_parts_that_are_not_cents_and_names_the_place():
    where = Source(sheet="Money", cell="B2")
    problems = reconcile(D("10.00"), [D("3.333"), D("6.667")], "pool", "奖金池", [where])
    assert [p.code for p in problems] == ["money.cents", "money.cents"]
    problems = reconcile(D("10.00"), [D("3.33"), D("6.66")], "pool", "奖金池", [where])
    assert problems.items[0].render() == (
        "Money!B2: pool: the parts add up to 9.99, not 10.00 (difference -0.01)"
    )
    assert "差额" in problems.items[0].render("zh")


def test_compute_all_collects_errors_with_places():
    rows = [
        SalaryInput("E1", "a", 5200, 21, 2000, 85, source=Source(sheet="Pay", cell="A2")),
        SalaryInput("E2", "b", 5200, 21, 2000, "x", source=Source(sheet="Pay", cell="A3")),
        SalaryInput("E3", "c", 5200, -1, 2000, 90, source=Source(sheet="Pay", cell="A4")),
    ]
    problems = Problems()
    results = compute_all(SalaryScheme().compute, rows, problems)
    assert [r.employee_id for r in results] == ["E1"]
    assert [str(p.where[0]) for p in problems] == ["Pay!A3", "Pay!A4"]
    assert "score" in problems.items[0].message_en


def test_compute_all_reports_formula_errors():
    scheme = FormulaScheme("f", "F", "公式", "=a/b")
    problems = Problems()
    rows = [FormulaInput("E1", "a", dict(a=1, b=0), Source(sheet="S", cell="C3"))]
    assert compute_all(scheme.compute, rows, problems) == []
    assert problems.items[0].code == "money.formula"
    assert "division by zero" in problems.items[0].render()


def test_schemes_are_registered_by_kind_with_labels():
    assert set(SCHEMES) == {"salary", "manager_factor", "piece_rate", "formula", "pool_split"}
    for kind in ("salary", "manager_factor", "piece_rate"):
        cls = SCHEMES[kind]
        assert cls.label_zh and cls.label_en
