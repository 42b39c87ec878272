"""Salary formula (seed 004): standard ÷ 26 × days + base × score%, complaints first."""

from decimal import Decimal as D

import pytest

from xlkpi.core.money import MoneyError, SalaryInput, SalaryScheme


def pay(score=85, complaints=0, escalated=0, **scheme):
    person = SalaryInput("E1", "张三", 5200, 21, 2000, score, complaints, escalated)
    return SalaryScheme(**scheme).compute(person)


def test_21_of_26_days_score_85_is_5900():
    b = pay()
    assert b.amount == D("5900.00")
    assert [s.amount for s in b.steps if s.amount is not None] == [
        D("4200.00"),
        D("1700.00"),
        D("5900.00"),
    ]


@pytest.mark.parametrize(
    ("complaints", "escalated", "adjusted", "amount"),
    [
        (1, 0, 75, "5700.00"),  # 4200 + 2000 × 75%
        (0, 1, 65, "5500.00"),  # escalated to the GM: −20
        (1, 1, 55, "5300.00"),  # −10 −20
        (2, 0, 65, "5500.00"),  # two complaints still pay
        (3, 0, None, "4200.00"),  # 3 complaints: no performance pay
        (2, 1, None, "4200.00"),  # escalated ones count toward the 3
    ],
)
def test_complaints(complaints, escalated, adjusted, amount):
    b = pay(complaints=complaints, escalated=escalated)
    assert b.amount == D(amount)
    if adjusted is None:
        assert b.flags == ("no_performance_pay",)
        assert b.tier is not None and b.tier.code == "no_performance_pay"
    else:
        assert b.steps[1].value == adjusted
        assert b.flags == ()


def test_deductions_stop_at_zero():
    b = pay(score=15, escalated=1, no_pay_complaints=5)
    assert b.steps[1].value == 0
    assert b.amount == D("4200.00")


def test_parameters_are_configurable():
    b = pay(complaints=3, days_basis=21.75, complaint_points=5, no_pay_complaints=4)
    # 5200 / 21.75 × 21 = 5020.689... -> 5020.69; score 85 − 15 = 70 -> 1400.00
    assert b.amount == D("6420.69")


def test_attendance_rounds_half_up_to_the_cent():
    b = SalaryScheme().compute(SalaryInput("E1", "x", 5000, 1, 0, 0))
    assert b.steps[0].amount == D("192.31")  # 192.3076...


def test_more_days_than_basis_is_noted_not_refused():
    b = SalaryScheme().compute(SalaryInput("E1", "x", 2600, 27, 0, 0))
    assert b.amount == D("2700.00")
    assert "27" in b.notes[0][0] and "27" in b.notes[0][1]


@pytest.mark.parametrize(
    ("field", "value"),
    [("score", 101), ("score", "n/a"), ("days_attended", -1), ("complaints", 1.5)],
)
def test_bad_inputs_name_the_field(field, value):
    values = dict(standard_pay=5200, days_attended=21, performance_base=2000, score=85)
    values[field] = value
    with pytest.raises(MoneyError) as err:
        SalaryScheme().compute(SalaryInput("E1", "x", **values))
    assert err.value.field == field
    assert err.value.message_zh


def test_bad_parameters_are_refused():
    with pytest.raises(MoneyError):
        SalaryScheme(days_basis=0)
    with pytest.raises(MoneyError):
        SalaryScheme(no_pay_complaints=0)
