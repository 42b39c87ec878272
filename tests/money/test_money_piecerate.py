"""Piece-rate repair teams (seed 004)."""

from decimal import Decimal as D

import pytest

from xlkpi.core.money import Member, MoneyError, PieceRateScheme, Role, TeamInput, parse_role

ENGINEER = Member("E1", "王工", Role.ENGINEER, base_pay=3000)
ASSISTANT = Member("E2", "李助", Role.ASSISTANT, base_pay=2000)


def team(units, rate, members=(ENGINEER, ASSISTANT), short_of_returns=False):
    return PieceRateScheme().compute(TeamInput("T1", members, units, rate, short_of_returns))


def test_two_person_team_150_units_at_96_percent():
    """Quota 6/day × 22 = 132; 18 extra × 35 ¥ = 630 ¥, split 378 / 252."""
    result = team(150, "0.96")
    assert result.quota == 132
    assert result.team_amount == D("630.00")
    assert [b.amount for b in result.breakdowns] == [D("378.00"), D("252.00")]
    assert result.total == D("630.00")
    assert not result.problems


def test_120_units_deducts_12_short_at_25():
    result = team(120, "0.96")
    assert result.team_amount == D("-300.00")
    assert [b.amount for b in result.breakdowns] == [D("-180.00"), D("-120.00")]
    assert all(b.flags == ("deduction",) for b in result.breakdowns)


def test_short_of_returns_pays_percent_of_own_base_pay():
    result = team(120, "0.96", short_of_returns=True)
    assert result.team_amount == D("0.00")
    assert [b.amount for b in result.breakdowns] == [D("270.00"), D("180.00")]  # 9%


def test_short_of_returns_needs_base_pay():
    members = (Member("E1", "a", Role.ENGINEER), Member("E2", "b", Role.ASSISTANT))
    with pytest.raises(MoneyError) as err:
        team(100, 1, members, short_of_returns=True)
    assert err.value.field == "base_pay"


def test_quota_met_exactly_is_zero():
    result = team(132, 1)
    assert result.team_amount == D("0.00")
    assert [b.amount for b in result.breakdowns] == [D("0.00"), D("0.00")]
    # said as it is, not as "0 extra units × 40 ¥"
    assert all("恰好完成保底维修量" in b.render("zh") for b in result.breakdowns)
    assert all("quota met exactly" in b.render("en") for b in result.breakdowns)


def test_flag_is_ignored_above_quota():
    assert team(133, "0.96", short_of_returns=True).team_amount == D("35.00")


@pytest.mark.parametrize(
    ("rate", "per_unit", "base_share"),
    [
        ("0", 25, "0.07"),
        ("0.8999", 25, "0.07"),
        ("0.90", 30, "0.08"),
        ("0.9499", 30, "0.08"),
        ("0.95", 35, "0.09"),  # 95% exactly -> 35
        ("0.9999", 35, "0.09"),
        ("1", 40, "0.10"),
    ],
)
def test_on_time_tiers(rate, per_unit, base_share):
    tier, label = PieceRateScheme().tier(rate)
    assert tier.per_unit == per_unit
    assert tier.base_share == D(base_share)
    assert label.label_zh


def test_tier_labels_state_the_bounds():
    assert PieceRateScheme().tier("0.95")[1].label_en.startswith("95% ≤ X < 100%")
    assert PieceRateScheme().tier(1)[1].label_en.startswith("X = 100%")
    assert PieceRateScheme().tier("0.5")[1].label_en.startswith("X < 90%")


def test_rate_above_100_percent_is_an_error():
    with pytest.raises(MoneyError) as err:
        team(150, 96)  # 96 instead of 0.96
    assert err.value.field == "on_time_rate"


def test_three_person_teams():
    two_engineers = (
        Member("A", "a", Role.ENGINEER),
        Member("B", "b", Role.ENGINEER),
        Member("C", "c", Role.ASSISTANT),
    )
    # quota 9 × 22 = 198; 208 units at 100% -> 10 × 40 = 400; 3.5/3.5/3 -> 140/140/120
    result = team(208, 1, two_engineers)
    assert result.quota == 198
    assert [b.amount for b in result.breakdowns] == [D("140.00"), D("140.00"), D("120.00")]
    one_engineer = (
        Member("A", "a", "assistant"),
        Member("B", "b", "工程师"),
        Member("C", "c", "助理维修员"),
    )
    result = team(208, 1, one_engineer)  # 3/4/3
    assert [b.amount for b in result.breakdowns] == [D("120.00"), D("160.00"), D("120.00")]


def test_split_to_the_cent_with_largest_remainder():
    members = tuple(Member(x, x, Role.ENGINEER, share=1) for x in "ABC")
    result = team(199, "0.5", members)  # quota 9 × 22 = 198, 1 extra × 25 ¥ in thirds
    assert [b.amount for b in result.breakdowns] == [D("8.34"), D("8.33"), D("8.33")]
    assert not result.problems


def test_explicit_shares_override_rules():
    members = (
        Member("A", "a", Role.ENGINEER, share=1),
        Member("B", "b", Role.ENGINEER, share=1),
    )
    result = team(150, "0.96", members)
    assert [b.amount for b in result.breakdowns] == [D("315.00"), D("315.00")]


def test_unknown_composition_and_size():
    with pytest.raises(MoneyError) as err:
        team(150, 1, (Member("A", "a", Role.ENGINEER), Member("B", "b", Role.ENGINEER)))
    assert "share" in err.value.message_en
    with pytest.raises(MoneyError) as err:
        team(150, 1, (ENGINEER,))
    assert err.value.field == "daily_quota"
    with pytest.raises(MoneyError):
        parse_role("manager")


def test_merit_point_is_worth_one_unit_at_the_tier_rate():
    members = (
        Member("E1", "王工", Role.ENGINEER, merit_points=2),
        Member("E2", "李助", Role.ASSISTANT, merit_points=-1),
    )
    result = team(150, "0.96", members)
    assert [b.amount for b in result.breakdowns] == [D("448.00"), D("217.00")]
    assert result.team_amount == D("630.00")  # merit is outside the split
    assert not result.problems


def test_only_passed_units_are_counted_and_explained():
    result = team(150, "0.96")
    text = result.breakdowns[0].render("zh")
    assert "检验合格台数=150" in text and "630.00" in text and "378.00" in text
    assert "95% ≤ X < 100%" in result.breakdowns[0].render("en")


def test_custom_working_days_and_quota():
    scheme = PieceRateScheme(working_days=20, daily_quota=((2, D(5)),))
    result = scheme.compute(TeamInput("T", (ENGINEER, ASSISTANT), 100, "0.9"))
    assert result.quota == 100 and result.team_amount == D("0.00")


def test_the_worked_example_in_the_docs_is_what_the_code_renders():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "money.md"
    members = (Member("E1", "王工", Role.ENGINEER), Member("E2", "李助", Role.ASSISTANT))
    rendered = team(150, "0.96", members).breakdowns[0].render("zh")
    block = "\n".join("    " + line for line in rendered.splitlines())
    assert block in docs.read_text(encoding="utf-8")
