"""The seeds' worked examples and wording (domain.md §2), as named tests."""

from __future__ import annotations

import pytest

from xlkpi.core.rules import BandRule, EventsRule, RequirementsRule, SlopesRule, parse_rule

TALK_EN = "band: 40 s to 180 s 100; -10 per 2 s over; -10 per 2 s under; floor 0"
TALK_SEED = "区间：40秒≤x≤180秒 100分，每增加2秒扣10分，少于40秒每减少2秒扣10分，扣完为止"
ACW_EN = (
    "slopes: target 40 s; base 70; -5 per 1 s over; +2 per 1 s under; bonus stops at 25 s; floor 0"
)
ACW_SEED = "奖惩：标准40秒，标准分值为70分，话后时间每缩短1秒加2分，奖励上限到25秒止，每多1秒扣减5分，扣完该项为止"


def test_seed_talk_time_seed_wording_parses_to_the_band() -> None:
    # the seed puts 少于40秒 before the step; HR trims it to 每减少2秒扣10分
    seed = TALK_SEED.replace("少于40秒每减少", "每减少")
    assert parse_rule(seed) == parse_rule(TALK_EN)
    assert isinstance(parse_rule(seed), BandRule)


@pytest.mark.parametrize("text", [TALK_EN, TALK_SEED.replace("少于40秒每减少", "每减少")])
@pytest.mark.parametrize(("seconds", "points"), [(182, 90), (178, 100)])
def test_seed_talk_time_182s_is_90_and_178s_is_100(
    text: str, seconds: float, points: float
) -> None:
    assert parse_rule(text).score(seconds).points == points


def test_seed_talk_time_explanation_names_the_computation() -> None:
    result = parse_rule(TALK_EN).score(182)
    assert result.explanation_en == "182 s is 2 s over 180 s: 1 step × −10 → 90"
    assert result.explanation_zh == "182秒比180秒多2秒：1步 × −10 → 90分"


def test_seed_after_call_work_wording_parses() -> None:
    seed = ACW_SEED.replace("话后时间每缩短", "每缩短")
    rule = parse_rule(seed)
    assert isinstance(rule, SlopesRule)
    assert rule == parse_rule(ACW_EN)
    assert rule.max_points == 100  # 70 + 2 × (40 − 25)


@pytest.mark.parametrize(("seconds", "points"), [(42, 60), (38, 74)])
def test_seed_after_call_work_42s_is_60_and_38s_is_74(seconds: float, points: float) -> None:
    assert parse_rule(ACW_EN).score(seconds).points == points


def test_seed_after_call_work_explanations() -> None:
    rule = parse_rule(ACW_EN)
    assert rule.score(42).explanation_en == "42 s is 2 s over 40 s: 2 steps × −5 → 60"
    assert rule.score(38).explanation_zh == "38秒比40秒少2秒：2步 × +2 → 74分"


def test_seed_response_time_describes_like_the_seed() -> None:
    rule = parse_rule("扣分：达标得15分，每超5秒扣2分，扣完为止")
    assert rule.describe("zh").startswith("达标得15分，每超5秒扣2分，扣完为止")
    assert rule.describe("en").startswith(
        "15 points at the target, minus 2 per 5 s over, down to 0"
    )
    assert rule.score(40, 30).points == 11


@pytest.mark.parametrize(
    ("text", "value", "target", "points"),
    [
        ("扣分：达标得10分，每低1%扣1分", 0.97, 0.98, 9),
        ("扣分：达标得30分，每低0.1分扣3分", 4.3, 4.5, 24),
        ("扣分：达标得10分，每少1条扣3分", 1, 3, 4),
        ("扣分：达标得10分，每低10%扣2分", 0.85, 1.0, 6),
    ],
)
def test_seed_cs_member_deductions(text: str, value: float, target: float, points: float) -> None:
    assert parse_rule(text).score(value, target).points == points


def test_seed_discipline_events() -> None:
    rule = parse_rule("事件：基本分值100分，迟到一次扣20分、早退一次扣20分、旷工扣50分，扣完为止")
    assert isinstance(rule, EventsRule)
    assert rule.inputs == ("迟到", "早退", "旷工")
    assert rule.score({"迟到": 2, "旷工": 1}).points == 10


def test_seed_complaints_requirements() -> None:
    rule = parse_rule(
        "要求：完成所有要求为30分，任一项没有满足扣10分；两小时内响应；3个工作日内解决；解决率为100%"
    )
    assert isinstance(rule, RequirementsRule)
    assert rule.inputs == ("两小时内响应", "3个工作日内解决", "解决率为100%")
    assert rule.score({"两小时内响应": 1, "3个工作日内解决": 0, "解决率为100%": 1}).points == 20


def test_seed_qa_gate_wording() -> None:
    rule = parse_rule("门槛：质检平均值≥80分 得100分，低于标准分 0分")
    assert rule.score(80).points == 100
    assert rule.score(79).points == 0


def test_seed_revisit_tiers_wording() -> None:
    rule = parse_rule("阶梯：完成所有回访 ≥100% 5分；90%以上 3分；低于90% 为0分")
    # '低于90% 0分' is a third tier (< 90%) rather than an else; both give 0 below 90%
    assert rule.score(0.95).points == 3
    assert rule.score(0.89).points == 0


def test_seed_levels_wording() -> None:
    rule = parse_rule("等级：1级为5分，2级为10分，3级为15分，4级为20分，5级为25分")
    assert rule.score(3).points == 15
    assert rule.max_points == 25


def test_seed_reverse_ratio_is_refused_with_the_fix() -> None:
    from xlkpi.core.rules import RuleError

    with pytest.raises(RuleError) as err:
        parse_rule("比率：1-实际值/目标值")
    assert "target/actual" in err.value.message_en
    assert "目标/实际" in err.value.message_zh
