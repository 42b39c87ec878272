"""Department formula bonuses and the seed's automotive presets."""

import json
from decimal import Decimal as D

import pytest

from xlkpi.core.money import (
    PARTS_TEAM,
    PRESETS,
    SERVICE_ADVISOR,
    WORKSHOP_SUPERVISOR,
    FormulaError,
    FormulaInput,
    FormulaScheme,
    MoneyError,
    PoolMember,
)

SUPERVISOR = dict(
    gross_profit=117000, attainment=1, score=90, care_commission=500, ftf=0.92, satisfaction=0.95
)


def supervisor(**changes):
    return WORKSHOP_SUPERVISOR.compute(FormulaInput("W1", "周主管", {**SUPERVISOR, **changes}))


def test_workshop_supervisor_hand_computed():
    # 117000 / 1.17 × 0.8% × 1 × 90/100 = 720; + 500; ftf 92% ≥ 90% +100; 95% < 96% −200
    b = supervisor()
    assert b.amount == D("1120.00")
    text = b.render("en")
    assert "gross profit=117000" in text and "condition ftf>=90%: met" in text
    assert "条件 satisfaction>=96%：不成立" in b.render("zh")


@pytest.mark.parametrize(
    ("ftf", "satisfaction", "amount"),
    [
        ("0.90", "0.96", "1620.00"),  # 720 + 500 + 100 + 300
        ("0.8999", "0.9599", "920.00"),  # 720 + 500 − 100 − 200
    ],
)
def test_workshop_supervisor_boundaries(ftf, satisfaction, amount):
    assert supervisor(ftf=D(ftf), satisfaction=D(satisfaction)).amount == D(amount)


def test_rounding_half_up_to_the_cent():
    # 100000/1.17 × 0.8% × 0.9 = 615.3846... -> 615.38
    b = supervisor(gross_profit=100000, care_commission=0, ftf=0.5, satisfaction=0.99)
    assert b.amount == D("815.38")  # 615.38 − 100 + 300


def test_service_advisor():
    values = dict(
        personal_output=200000,
        output_attainment=1.1,
        cars_received=150,
        car_attainment=1,
        score=80,
        care_commission=300,
        care_attainment=0.9,
        other_commission=50,
    )
    # (200000 × 0.4% × 1.1 + 150 × 2 × 1) × 0.8 + 300 × 0.9 + 50 = (880 + 300) × 0.8 + 320
    b = SERVICE_ADVISOR.compute(FormulaInput("S1", "顾问", values))
    assert b.amount == D("1264.00")


def parts(first_pass="0.975", accuracy="0.85", members=None):
    members = members or [
        PoolMember("P1", "钱经理", "parts_manager", dict(score=90, accuracy=0.95)),
        PoolMember("P2", "孙计划", "备件计划员", dict(score=80, accuracy=D(accuracy))),
        PoolMember("P3", "李仓管", "warehouse keeper", dict(score=100, accuracy=0.9)),
        PoolMember(
            "P4",
            "赵索赔",
            "claims_clerk",
            dict(
                score=100,
                accuracy=0.9,
                claim_value=20000,
                profit_claims=1000,
                first_pass=D(first_pass),
            ),
        ),
    ]
    return PARTS_TEAM.compute(dict(total_output=500000, labour_value=149000), members)


def test_parts_team_pool_split_and_factors():
    # pool = (500000 − 149000) / 1.17 × 20% = 60000.00; 36/27/27/10 -> 21600/16200/16200/6000
    result = parts()
    assert result.pool == D("60000.00")
    assert result.shares == (D("21600.00"), D("16200.00"), D("16200.00"), D("6000.00"))
    amounts = [b.amount for b in result.breakdowns]
    # manager 21600 × 0.9 × 1; planner 16200 × 0.8 × 0.8 (accuracy 85% < 90%);
    # warehouse 16200 × 1 × 1 (90% exactly -> 1.0);
    # claims 6000 + 200 + 150 + 300 (97.5% is in the closed-down 93–98% band)
    assert amounts == [D("19440.00"), D("10368.00"), D("16200.00"), D("6650.00")]
    assert not result.problems
    assert result.not_paid == D("60000.00") - sum(amounts)


@pytest.mark.parametrize(
    ("first_pass", "extra"), [("0.98", 500), ("0.9799", 300), ("0.93", 300), ("0.9299", -500)]
)
def test_claims_clerk_first_pass_bands(first_pass, extra):
    claims = parts(first_pass=first_pass).breakdowns[3].amount
    assert claims == D(6000 + 200 + 150 + extra)


def test_vacant_role_is_spread_with_a_warning():
    members = [
        PoolMember("P1", "a", "parts_manager", dict(score=100, accuracy=1)),
        PoolMember("P3", "b", "warehouse", dict(score=100, accuracy=1)),
    ]
    result = parts(members=members)
    # 60000 split 36:27 -> 34285.71 / 25714.29 (largest remainder)
    assert result.shares == (D("34285.71"), D("25714.29"))
    assert [p.code for p in result.problems] == ["money.pool.vacant"]
    assert not result.problems.has_errors


def test_two_people_in_one_role_share_its_weight():
    members = [
        PoolMember("P1", "a", "parts_manager", dict(score=100, accuracy=1)),
        PoolMember("P2", "b", "parts_planner", dict(score=100, accuracy=1)),
        PoolMember("P3", "c", "warehouse", dict(score=100, accuracy=1)),
        PoolMember("P5", "d", "warehouse", dict(score=100, accuracy=1)),
        PoolMember(
            "P4",
            "e",
            "claims_clerk",
            dict(score=100, accuracy=1, claim_value=0, profit_claims=0, first_pass=1),
        ),
    ]
    result = parts(members=members)
    assert result.shares == (D("21600.00"), D("16200.00"), D("8100.00"), D("8100.00"), D("6000.00"))


def test_unknown_role_and_missing_input():
    with pytest.raises(MoneyError):
        parts(members=[PoolMember("X", "x", "driver", {})])
    with pytest.raises(FormulaError) as err:
        parts(members=[PoolMember("P1", "a", "parts_manager", dict(score=100))])
    assert "unknown name 'accuracy'" in err.value.message_en
    assert "parts manager formula" in err.value.message_en


def test_breakdown_is_json_able():
    data = parts().breakdowns[3].to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert data["amount"] == "6650.00"
    assert "索赔员" in text or "claims" in text
    assert data["steps"][0]["amount"] == "60000.00"


def test_hr_writes_a_formula_with_chinese_names():
    scheme = FormulaScheme("bonus", "Bonus", "奖金", "=基数*考核分/100+IF(满意度>=90%,200,0)")
    b = scheme.compute(FormulaInput("E1", "x", {"基数": 1000, "考核分": 85, "满意度": 0.9}))
    assert b.amount == D("1050.00")


def test_formula_result_must_be_an_amount():
    scheme = FormulaScheme("bad", "Bad", "错", "=a>1")
    with pytest.raises(MoneyError):
        scheme.compute(FormulaInput("E1", "x", {"a": 2}))


def test_a_bad_preset_text_fails_when_built():
    with pytest.raises(FormulaError):
        FormulaScheme("bad", "Bad", "错", "=a+")


def test_presets_are_registered_and_labelled():
    assert set(PRESETS) == {"workshop_supervisor", "service_advisor", "parts_team"}
    for preset in PRESETS.values():
        assert preset.label_zh and preset.label_en
        assert all(label.label_zh for label in preset.inputs)


def test_negative_pool_is_warned_and_has_no_negative_zero():
    members = [PoolMember(f"P{i}", "x", "warehouse", dict(score=100, accuracy=1)) for i in range(3)]
    # (total − labour) / 1.17 × 20% = −0.0117... -> −0.01
    result = PARTS_TEAM.compute(dict(total_output=0, labour_value="0.0585"), members)
    assert result.pool == D("-0.01")
    assert [str(s) for s in result.shares] == ["-0.01", "0.00", "0.00"]
    assert [str(b.amount) for b in result.breakdowns] == ["-0.01", "0.00", "0.00"]
    assert [p.code for p in result.problems] == ["money.pool.negative", "money.pool.vacant"]
