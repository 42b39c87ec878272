"""Parsing: both languages, full-width punctuation, spaces, and errors that say what is wrong."""

from __future__ import annotations

import pytest

from xlkpi.core.problems import Source
from xlkpi.core.rules import (
    KEYWORDS,
    RULE_TYPES,
    BandRule,
    DeductRule,
    GateRule,
    LevelsRule,
    RuleError,
    StepRounding,
    Tier,
    TiersRule,
    parse_rule,
)

TIERS = TiersRule((Tier(">=", 1.0, 5.0), Tier(">=", 0.9, 3.0)), 0.0, "%")


@pytest.mark.parametrize(
    "text",
    [
        "tiers: >=100% 5; >=90% 3; else 0",
        "TIERS:>=100% 5;>=90% 3;else 0",
        "tiers:   >= 100 %   5 ,  >= 90 % 3 , otherwise 0",
        "阶梯: >=100% 5分; >=90% 3分; 其他 0分",
        "阶梯：≥100％ 5分；≥90％ 3分；其他 0分",
        "阶梯：＞＝１００％　５分，＞＝９０％　３分，否则　０分",
        "阶梯：100%及以上 5分、90%以上 3分",
        "阶梯：≥100% 5分（全部完成）；≥90% 3分；其他 0分",
        "tiers: >=100% 5\n>=90% 3\nelse 0",
        "tiers: >=100% → 5; >=90% -> 3; else: 0",
        "tiers: >=100% 5 pts; >=90% 3 points; else 0",
        "阶梯：≥100% 5分；≥90% 3分；低于90% 0分",
    ],
)
def test_rule_tier_spellings_are_equal(text: str) -> None:
    assert parse_rule(text) == TIERS


@pytest.mark.parametrize(
    "text",
    [
        "deduct: target 30 s; base 15; -2 per 5 s over target; floor 0",
        "扣分：目标30秒；达标得15分；每超5秒扣2分；最低0分",
        "扣分：目标３０秒，达标得１５分，每超５秒扣２分，扣完为止",
        "deduct: target 30 sec, base 15, 2 per 5 seconds over, floor 0",
        "扣分: target 30s; 达标15分; -2 per 5s above target",
        "deduct: base 15; 每超过5秒扣2分; 目标 30 秒",
    ],
)
def test_rule_deduct_spellings_are_equal(text: str) -> None:
    assert parse_rule(text) == DeductRule(15, -2, 5, "over", target=30, unit="s")


@pytest.mark.parametrize(
    "text",
    [
        "band: 40 s to 180 s 100; -10 per 2 s over; -10 per 2 s under",
        "band: 40-180 s 100, -10 per 2 s above, -10 per 2 s below",
        "range: 40~180s: 100; -10 per 2s over; -10 per 2s under; floor 0",
        "区间：40秒至180秒 100分；每超2秒扣10分；每低2秒扣10分",
        "区间：40秒≤x≤180秒 100分，每增加2秒扣10分，每减少2秒扣10分，扣完为止",
        "区间：40秒～180秒 100分；每多2秒扣10分；每少2秒扣10分",
    ],
)
def test_rule_band_spellings_are_equal(text: str) -> None:
    assert parse_rule(text) == BandRule(40, 180, 100, -10, 2, -10, 2, unit="s")


@pytest.mark.parametrize(
    ("text", "rounding"),
    [
        ("deduct: base 15; -2 per 5 over target", StepRounding.STARTED),
        ("deduct: base 15; -2 per 5 over target; round started", StepRounding.STARTED),
        ("deduct: base 15; -2 per 5 over target; round completed", StepRounding.COMPLETED),
        ("deduct: base 15; -2 per 5 over target; round proportional", StepRounding.PROPORTIONAL),
        ("扣分：达标得15分；每超5扣2分；不足一步按一步", StepRounding.STARTED),
        ("扣分：达标得15分；每超5扣2分；不足一步不计", StepRounding.COMPLETED),
        ("扣分：达标得15分；每超5扣2分；按比例计", StepRounding.PROPORTIONAL),
    ],
)
def test_rule_rounding_clause(text: str, rounding: StepRounding) -> None:
    assert parse_rule(text).rounding == rounding  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("rounding", "value", "points"),
    [
        ("started", 183, 80),  # 3 s = 2 started steps of 2 s
        ("completed", 183, 90),  # 1 completed step
        ("proportional", 183, 85),  # 1.5 steps
        ("started", 182, 90),
        ("completed", 182, 90),
        ("proportional", 182, 90),
        ("completed", 181.9, 100),
    ],
)
def test_rule_rounding_of_partial_steps(rounding: str, value: float, points: float) -> None:
    rule = parse_rule(f"band: 40 to 180 100; -10 per 2 over; round {rounding}")
    assert rule.score(value).points == pytest.approx(points)


def test_rule_default_rounding_is_started_and_not_written() -> None:
    rule = parse_rule("deduct: base 15; -2 per 5 over target")
    assert rule.rounding is StepRounding.STARTED  # type: ignore[attr-defined]
    assert "round" not in rule.to_text("en")
    assert "不足" not in rule.to_text("zh")
    assert "started step" in rule.describe("en")


def test_rule_mixed_language_clauses() -> None:
    assert parse_rule("门槛：>=80 100; else 0") == GateRule(">=", 80, 100)


def test_rule_levels_short_form() -> None:
    assert parse_rule("levels: 5, 10, 15") == LevelsRule((5, 10, 15))
    assert parse_rule("等级：L1: 5; L2: 10; L3: 15") == LevelsRule((5, 10, 15))


def test_rule_registry_has_every_type_with_zh_alias() -> None:
    assert list(RULE_TYPES) == [
        "tiers", "deduct", "band", "slopes", "gate", "ratio", "levels", "events", "requirements",
    ]  # fmt: skip
    for cls in RULE_TYPES.values():
        assert any("\u4e00" <= ch <= "\u9fff" for a in cls.aliases for ch in a), cls
        assert KEYWORDS[cls.kind] is cls


def test_rule_error_carries_where() -> None:
    where = Source(sheet="Indicators", cell="G7")
    with pytest.raises(RuleError) as err:
        parse_rule("tiers: >=90% 3; >=100% 5", where)
    assert err.value.where == where


BAD = [
    ("", "empty", "为空"),
    ("   ", "empty", "为空"),
    ("15 points", "keyword and a colon", "冒号"),
    ("foo: 1", "unknown rule keyword 'foo'", "未知的规则类型"),
    ("tiers:", "nothing follows", "后面没有内容"),
    ("tiers: >=90% three", "not understood in a tiers rule", "阶梯规则中无法识别"),
    ("tiers: >=90% 3; >=100% 5", "not in order", "顺序不对"),
    ("tiers: >=90% 3; >=90% 2", "not in order", "顺序不对"),
    ("tiers: <=3% 5; <=1% 10", "not in order", "顺序不对"),
    ("tiers: >=100% 3; >=90% 5", "points rise", "升到"),
    ("tiers: >=90% 3; else 5", "'else' points", "“其他”分数"),
    ("tiers: >=90% 3; <=95% 5; <=99% 1", "mix >= and <=", "混用"),
    ("tiers: >=90% 20; >=85% 10; <80% 0", "between 80% and 85%", "80%和85%之间"),
    ("tiers: >=100% 5; >=90 3", "some values have %", "带%"),
    ("tiers: >=10 s 5; >=6 h 3", "in h but the rule already uses s", "单位"),
    ("tiers: else 0", "at least one threshold", "至少需要一个档位"),
    ("tiers: else 0; >=90 1", "after 'else'", "“其他”之后"),
    ("tiers: (note", "unbalanced bracket", "括号"),
    ("deduct: base 15", "exactly one per-step", "每步扣分"),
    ("deduct: -2 per 5 over target", "missing the base", "缺少基础分"),
    ("deduct: base 15; -2 per -5 over target", "step must be greater than 0", "步长必须大于0"),
    ("deduct: base 15; -2 per 0 over target", "step must be greater than 0", "步长必须大于0"),
    ("deduct: base 15; -0 per 5 over target", "must not be 0", "不能为0"),
    (
        "deduct: base 15; -2 per 5 over target; floor 20",
        "floor 20 is above the base",
        "最低分20高于基础分15",
    ),
    (
        "deduct: base 15; -2 per 5 over target; floor 0; floor 1",
        "floor is given twice",
        "最低分写了两次",
    ),
    (
        "deduct: base 15; -2 per 5 over target; cap 20",
        "cap only applies to a bonus",
        "最高分只用于加分",
    ),
    ("deduct: base 15; +2 per 5 over target", "does not match", "不符"),
    ("bonus: base 10; +1 per 1% over target", "needs a cap", "最高分"),
    ("bonus: base 10; +1 per 1% over target; cap 5", "cap 5 is below the base", "低于基础分"),
    ("deduct: base 15; -2 per 5 over target; round sometimes", "not understood", "无法识别"),
    (
        "band: 180 to 40 100; -10 per 2 over",
        "band low 180 is above band high 40",
        "区间下限180高于上限40",
    ),
    ("band: 40 to 180 100", "deduction on at least one side", "至少需要一侧"),
    ("band: -10 per 2 over", "missing the band", "缺少区间"),
    ("band: 40 to 180 100; +10 per 2 over", "deducts outside", "扣分"),
    ("band: 40 to 180; -10 per 2 over", "missing the base", "缺少基础分"),
    ("band: 40 to 180 100; -10 per 2 over; -5 per 1 over", "two deductions", "两条扣分"),
    (
        "slopes: target 40; base 70; -5 per 1 over; -2 per 1 under; floor 0",
        "one side must be a bonus",
        "一侧应为加分",
    ),
    (
        "slopes: target 40; base 70; -5 per 1 over; +2 per 1 under; bonus stops at 45",
        "must be below the target",
        "必须低于目标",
    ),
    ("slopes: base 70; -5 per 1 over; +2 per 1 under", "unbounded", "没有上限"),
    (
        "slopes: target 40; base 70; -5 per 1 over",
        "one 'over' and one 'under'",
        "一条“超”和一条“低”",
    ),
    ("slopes: target 40; base 70; 5 per 1 over; +2 per 1 under; cap 100", "write + or −", "加或扣"),
    ("gate: 100", "not understood in a gate rule", "门槛规则中无法识别"),
    ("gate: >=80 0; else 10", "not more than failing", "不高于未达标"),
    ("gate: else 0", "missing the gate", "缺少门槛"),
    ("ratio: 1 - actual/target", "gives 0 points exactly at the target", "恰好达标时得0分"),
    ("ratio: actual/actual × 100", "actual/target or target/actual", "实际/目标"),
    ("ratio: cap 100", "missing the formula", "缺少公式"),
    ("ratio: actual/target × 0", "scale must be greater than 0", "必须大于0"),
    ("ratio: actual/target × 100; cap 100; floor 100", "not below the cap", "不低于最高分"),
    ("levels: ", "nothing follows", "后面没有内容"),
    ("levels: 1=5; 3=15", "without gaps; missing or wrong: 2", "缺少或有误：2"),
    ("levels: 0=1; 1=5", "without gaps", "连续编号"),
    ("levels: 1=5; 1=6", "level 1 is given twice", "1级写了两次"),
    ("levels: 1=5; 10", "mix of numbered levels", "混用"),
    ("levels: five", "not understood in a levels rule", "等级规则中无法识别"),
    ("events: base 100", "no events listed", "没有列出事件"),
    ("events: late -20", "missing the base", "缺少基础分"),
    ("events: base 100; late 20", "with a sign", "扣或加"),
    ("events: base 100; late -20; late -10", "listed twice", "重复"),
    ("events: base 100; late -20; praise +5", "needs a cap", "最高分"),
    ("events: base 100; late -0", "worth 0 points", "分数为0"),
    ("requirements: base 30; a; b", "missing the deduction per unmet", "缺少每项未满足"),
    ("requirements: base 30; -10 per unmet", "no requirements listed", "没有列出要求"),
    ("requirements: -10 per unmet; a", "missing the base", "缺少基础分"),
    ("requirements: base 30; +10 per unmet; a", "must be a deduction", "应为扣分"),
    ("requirements: base 30; -10 per unmet; a; a", "listed twice", "重复"),
]


@pytest.mark.parametrize(("text", "en", "zh"), BAD, ids=[b[0] or "empty" for b in BAD])
def test_rule_bad_text_names_the_problem(text: str, en: str, zh: str) -> None:
    with pytest.raises(RuleError) as err:
        parse_rule(text)
    assert en in err.value.message_en
    assert zh in err.value.message_zh


BAD_VALUES = [
    ("deduct: base 15; -2 per 5 over target", 31, None, "no target", "没有目标值"),
    ("deduct: base 15; -2 per 5 over target", "n/a", 30, "must be a number", "必须是数字"),
    ("deduct: base 15; -2 per 5 over target", float("nan"), 30, "must be a number", "必须是数字"),
    ("levels: 5, 10, 15", 4, None, "level 4 is not one of 1..3", "等级4不在1到3级之间"),
    ("levels: 5, 10, 15", 1.5, None, "not one of", "不在"),
    ("events: base 100; late -20; absent -50", {"sick": 1}, None, "unknown event", "未知事件"),
    (
        "events: base 100; late -20; absent -50",
        {"late": -1},
        None,
        "whole number of 0 or more",
        "不小于0的整数",
    ),
    ("events: base 100; late -20; absent -50", {"late": 1.5}, None, "whole number", "整数"),
    ("events: base 100; late -20; absent -50", 2, None, "give a count for each", "分别填写次数"),
    ("requirements: base 30; -10 per unmet; a; b", {"a": 1}, None, "no answer for b", "未填写"),
    (
        "requirements: base 30; -10 per unmet; a; b",
        {"a": 1, "b": 2},
        None,
        "must be 1 (met) or 0",
        "应填1",
    ),
    (
        "requirements: base 30; -10 per unmet; a; b",
        {"a": 1, "b": 1, "c": 0},
        None,
        "unknown requirement",
        "未知要求",
    ),
    ("requirements: base 30; -10 per unmet; a; b", 3, None, "lists only 2", "只有2项"),
    ("ratio: actual/target × 100", 5, 0, "target must be above 0", "必须大于0"),
    ("ratio: actual/target × 100", -5, 10, "0 or more", "不能为负"),
]


@pytest.mark.parametrize(("text", "value", "target", "en", "zh"), BAD_VALUES)
def test_rule_bad_value_names_the_problem(
    text: str, value: object, target: float | None, en: str, zh: str
) -> None:
    rule = parse_rule(text)
    with pytest.raises(RuleError) as err:
        rule.score(value, target)  # type: ignore[arg-type]
    assert en in err.value.message_en
    assert zh in err.value.message_zh


@pytest.mark.parametrize(
    ("build", "en"),
    [
        (lambda: TiersRule((), 0.0), "at least one threshold"),
        (lambda: TiersRule((Tier("==", 1, 1),)), "operator"),
        (lambda: DeductRule(15, -2, 5, "sideways"), "side must be"),
        (lambda: DeductRule(15, -2, 5, "over", unit="parsec"), "unknown unit"),
        (lambda: DeductRule(15, -2, 5, "over", rounding="up"), "rounding must be"),  # type: ignore[arg-type]
        (lambda: BandRule(40, 180, 100, -10, None), "needs both points and a step"),
        (lambda: GateRule(">=", float("inf"), 100), "must be a number"),
        (lambda: LevelsRule(()), "at least one level"),
    ],
)
def test_rule_bad_parameters_in_code(build: object, en: str) -> None:
    with pytest.raises(RuleError) as err:
        build()  # type: ignore[operator]
    assert en in err.value.message_en


def test_rule_lang_must_be_zh_or_en() -> None:
    with pytest.raises(ValueError):
        TIERS.describe("fr")
