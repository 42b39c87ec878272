"""Manager factor by team average (seed 004): 100% ≥ 90, 90% below 90, 80% below 80,
cancelled at 5 team complaints."""

from decimal import Decimal as D

import pytest

from xlkpi.core.money import FactorBand, ManagerFactorScheme, ManagerInput, MoneyError


@pytest.mark.parametrize(
    ("average", "factor"),
    [
        (100, "1"),
        ("90.00", "1"),
        ("89.99", "0.9"),
        (85, "0.9"),
        ("80.00", "0.9"),
        ("79.99", "0.8"),
        (0, "0.8"),
        ("89.995", "1"),  # shown as 90.00, so it is 90.00
        ("89.994", "0.9"),
    ],
)
def test_bands_and_boundaries(average, factor):
    assert ManagerFactorScheme().factor(average)[0] == D(factor)


@pytest.mark.parametrize(("complaints", "factor"), [(0, "1"), (4, "1"), (5, "0"), (9, "0")])
def test_five_team_complaints_cancel(complaints, factor):
    value, tier = ManagerFactorScheme().factor(95, complaints)
    assert value == D(factor)
    assert (tier.code == "cancelled") == (factor == "0")


def test_pay_from_team_scores():
    person = ManagerInput("M1", "经理", 3000, team_scores=[92, 88, 85.5])  # mean 88.50
    b = ManagerFactorScheme().compute(person)
    assert b.amount == D("2700.00")
    assert b.steps[0].value == D("88.50")
    assert b.tier is not None and "80 ≤" in b.tier.label_en


def test_pay_cancelled_is_flagged():
    b = ManagerFactorScheme().compute(
        ManagerInput("M1", "经理", 3000, team_average=95, team_complaints=5)
    )
    assert b.amount == D("0.00") and b.flags == ("cancelled",)


def test_with_attendance_pay():
    person = ManagerInput(
        "M1", "经理", 3000, team_average=79.99, standard_pay=6500, days_attended=26
    )
    b = ManagerFactorScheme().compute(person)
    assert b.amount == D("8900.00")  # 6500 + 3000 × 80%


def test_configurable_bands():
    scheme = ManagerFactorScheme(
        bands=(FactorBand(D(95), D("1.1")), FactorBand(D(70), D(1))), below_factor=D("0.5")
    )
    assert scheme.factor(95)[0] == D("1.1")
    assert scheme.factor("94.99")[0] == D(1)
    assert scheme.factor("69.99")[0] == D("0.5")


def test_errors():
    with pytest.raises(MoneyError) as err:
        ManagerFactorScheme().compute(ManagerInput("M1", "经理", 3000))
    assert err.value.field == "team_scores"
    with pytest.raises(MoneyError):
        ManagerFactorScheme(bands=(FactorBand(D(80), D(1)), FactorBand(D(90), D("0.9"))))
