"""Roll-up of periods: methods, the 59-point quarterly rule, joiners, leavers, changes."""

from decimal import Decimal as D

import pytest

from xlkpi.core.money import (
    CombinedRecord,
    Method,
    MoneyError,
    PeriodRecord,
    RollupRule,
    combine,
    year_end,
)
from xlkpi.core.problems import Source

MONTHS = ("2024-01", "2024-02", "2024-03")
Q1 = RollupRule("2024Q1", MONTHS)


def rec(
    period, eid, score, position="客服专员", base=None, points=None, weight=None, dept="客服部"
):
    return PeriodRecord(
        period,
        eid,
        f"name-{eid}",
        position,
        dept,
        score,
        points,
        base,
        weight,
        Source(sheet=period, cell="A2"),
    )


def one(records, rule=Q1):
    combined, problems = combine(records, rule)
    return combined, problems


@pytest.mark.parametrize(
    ("scores", "passed", "share"),
    [
        ((58.99, 58.99, 58.99), False, "0.5"),
        ((59, 59, 59), True, "1"),
        ((59.00, 58.99, 59.00), False, None),  # mean 58.9966... -> 59.00 when shown
    ],
)
def test_quarter_pass_mark(scores, passed, share):
    records = [rec(m, "E1", s, base=1000) for m, s in zip(MONTHS, scores, strict=True)]
    (record,), problems = one(records)
    if share is None:
        assert record.score == D("59.00") and record.passed
        return
    assert record.score == D(str(scores[0])).quantize(D("0.01"))
    assert record.passed is passed
    due = sum(D(1000) * D(str(s)) / 100 for s in scores).quantize(D("0.01"))
    assert record.pay is not None
    assert record.pay.amount == (due * D(share)).quantize(D("0.01"))
    assert ("failed" in record.flags) is (not passed)
    assert not problems


def test_failed_quarter_pays_half_hand_computed():
    records = [rec(m, "E1", s, base=2000) for m, s in zip(MONTHS, (60, 50, 66.97), strict=True)]
    (record,), _ = one(records)
    assert record.score == D("58.99")
    # due = 1200 + 1000 + 1339.40 = 3539.40; half = 1769.70
    assert record.pay is not None and record.pay.amount == D("1769.70")
    assert "58.99 < 59" in record.pay.render("en")


def test_three_months_with_a_joiner_and_a_leaver():
    records = [
        rec("2024-01", "STAY", 80),
        rec("2024-02", "STAY", 90),
        rec("2024-03", "STAY", 70),
        rec("2024-02", "JOIN", 85),
        rec("2024-03", "JOIN", 95),
        rec("2024-01", "LEAVE", 60),
        rec("2024-02", "LEAVE", 61),
    ]
    combined, problems = one(records)
    by_id = {c.employee_id: c for c in combined}
    assert by_id["STAY"].score == D("80.00") and not by_id["STAY"].partial
    assert by_id["JOIN"].score == D("90.00") and by_id["JOIN"].partial
    assert by_id["JOIN"].periods == ("2024-02", "2024-03")
    assert by_id["LEAVE"].score == D("60.50") and by_id["LEAVE"].partial
    messages = {p.message_en for p in problems}
    assert any("JOIN" in m and "joined" in m and "2024-01" in m for m in messages)
    assert any("LEAVE" in m and "left" in m and "2024-03" in m for m in messages)
    assert all(p.code == "money.rollup.partial" for p in problems)
    assert not problems.has_errors


def test_gap_is_reported_as_absent():
    records = [rec("2024-01", "E1", 80), rec("2024-03", "E1", 90)]
    (record,), problems = one(records)
    assert record.partial and "absent in 2024-02" in problems.items[0].message_en


def test_position_change_takes_the_last_position():
    records = [
        rec("2024-01", "E1", 80, "客服专员"),
        rec("2024-02", "E1", 82, "客服专员"),
        rec("2024-03", "E1", 90, "客服主管", dept="售后部"),
    ]
    (record,), problems = one(records)
    assert record.position == "客服主管" and record.department == "售后部"
    assert record.position_changed and "position_changed" in record.flags
    assert record.positions[0] == ("2024-01", "客服专员")
    codes = [p.code for p in problems]
    assert "money.rollup.position" in codes and "money.rollup.department" in codes
    assert record.score == D("84.00")


def test_weighted_by_days():
    rule = RollupRule("2024Q1", MONTHS, Method.RECORD_WEIGHT)
    records = [
        rec("2024-01", "E1", 80, weight=22),
        rec("2024-02", "E1", 90, weight=11),
        rec("2024-03", "E1", 70, weight=0),
    ]
    (record,), _ = one(records, rule)
    assert record.score == D("83.33")  # (80×22 + 90×11) / 33


def test_weighted_by_period_weights_renormalised_for_a_joiner():
    rule = RollupRule("2024Q1", MONTHS, "period_weight", {"2024-01": 2, "2024-02": 3, "2024-03": 5})
    full = [rec(m, "E1", s) for m, s in zip(MONTHS, (60, 70, 80), strict=True)]
    joiner = [rec("2024-02", "E2", 70), rec("2024-03", "E2", 80)]
    combined, _ = one(full + joiner, rule)
    assert combined[0].score == D("73.00")  # (120 + 210 + 400) / 10
    assert combined[1].score == D("76.25")  # (210 + 400) / 8


def test_missing_weight_is_an_error_naming_the_place():
    rule = RollupRule("2024Q1", MONTHS, Method.RECORD_WEIGHT)
    combined, problems = one([rec("2024-01", "E1", 80)], rule)
    assert combined == []
    assert problems.has_errors and str(problems.items[0].where[0]) == "2024-01!A2"


def test_mismatched_indicators_name_indicator_and_months():
    records = [
        rec("2024-01", "E1", 80, points={"FCR": 20, "CSAT": 25}),
        rec("2024-02", "E1", 82, points={"FCR": 22, "CSAT": 27}),
        rec("2024-03", "E1", 84, points={"FCR": 24, "AHT": 10}),
    ]
    (record,), problems = one(records)
    messages = [p.message_en for p in problems if p.code == "money.rollup.indicators"]
    assert "indicator 'AHT' is in 2024-03 but not in 2024-01, 2024-02" in messages[0]
    assert "indicator 'CSAT' is in 2024-01, 2024-02 but not in 2024-03" in messages[1]
    assert record.indicator_points == {"FCR": D("22.00"), "CSAT": D("26.00"), "AHT": D("10.00")}


def test_bad_records_are_reported_and_left_out():
    records = [
        rec("2024-01", "E1", 80),
        rec("2024-01", "E1", 81),  # duplicate
        rec("2024-04", "E1", 81),  # not in the quarter
        rec("2024-02", "E1", None),  # no score
        rec("2024-03", "E1", 120),  # out of range
    ]
    (record,), problems = one(records)
    codes = [p.code for p in problems.errors]
    assert codes == [
        "money.rollup.duplicate",
        "money.rollup.period",
        "money.rollup.score",
        "money.rollup.score",
    ]
    assert record.periods == ("2024-01",)


def test_missing_base_in_one_month_is_an_error():
    records = [rec("2024-01", "E1", 80, base=1000), rec("2024-02", "E1", 80)]
    (record,), problems = one(records)
    assert record.pay is None
    assert any(p.code == "money.rollup.base" and "2024-02" in p.message_en for p in problems)


def test_periods_default_to_the_sorted_labels():
    records = [rec("2024-02", "E1", 80), rec("2024-01", "E1", 60, position="A")]
    (record,), _ = combine(records, RollupRule("Q"))
    assert record.position == "客服专员" and not record.partial


def test_rule_parameters_are_checked():
    with pytest.raises(MoneyError):
        RollupRule("Q", pass_mark=D(120))
    with pytest.raises(MoneyError) as err:
        RollupRule("Q", method="median")
    assert "record_weight" in err.value.message_en and err.value.message_zh


def quarter(eid, label, score):
    return CombinedRecord(
        label,
        eid,
        eid,
        "p",
        "d",
        (label,),
        ((label, "p"),),
        D(score),
        D(score) >= 59,
        {},
        False,
        False,
    )


def test_two_failed_quarters_cancel_the_year_end_assessment():
    quarters = [
        quarter("E1", "Q1", "58.99"),
        quarter("E1", "Q2", "70"),
        quarter("E1", "Q3", "50"),
        quarter("E2", "Q1", "58.99"),
        quarter("E2", "Q2", "59.00"),
    ]
    records, problems = year_end(quarters)
    by_id = {r.employee_id: r for r in records}
    assert by_id["E1"].failed == ("Q1", "Q3") and not by_id["E1"].year_end_assessment
    assert by_id["E2"].failed == ("Q1",) and by_id["E2"].year_end_assessment
    assert [p.code for p in problems] == ["money.rollup.year_end"]
    assert "取消年终绩效考评" in problems.items[0].message_zh
