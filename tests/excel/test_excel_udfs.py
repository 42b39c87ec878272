"""The worksheet functions, called as plain Python functions (as xlwings calls them)."""

from __future__ import annotations

import inspect

import pytest

from xlkpi.core.quick import bonus_share
from xlkpi.excel import udfs
from xlkpi.excel.udfs import kpi_bonus_share, kpi_grade, kpi_rule_text, kpi_score

TIERS_EN = "tiers: >=100% 5; >=90% 3; else 0"
TIERS_ZH = "阶梯：≥100% 5分；≥90% 3分；其他 0分"


@pytest.mark.parametrize(
    ("rule", "actual", "points"),
    [
        (TIERS_EN, 1.0, 5),
        (TIERS_EN, 0.9, 3),
        (TIERS_EN, 0.8999, 0),  # inclusive bounds
        (TIERS_ZH, 0.95, 3),
        (TIERS_ZH, "95%", 3),
        (TIERS_ZH, [0.95], 3),
    ],
)
def test_kpi_score_scores_like_the_rule(rule, actual, points):
    assert kpi_score(rule, actual) == points


def test_kpi_score_leaves_a_blank_actual_blank():
    assert kpi_score(TIERS_EN, None) == ""
    assert kpi_score(TIERS_EN, "  ") == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("≥90 3", 1), "#xlkpi: rule: '≥90 3' does not start with a rule keyword"),
        (("阶梯 ≥90 3", 1), "#xlkpi: rule: 「阶梯 ≥90 3」没有以规则类型和冒号开头"),
        ((None, 1), "#xlkpi: rule: the rule is empty"),
        ((TIERS_EN, "abc"), "#xlkpi: actual: the actual must be a number, got 'abc'"),
        ((TIERS_ZH, True), "#xlkpi: actual: 实际值应为数值"),
        ((TIERS_EN, [1, 2]), "#xlkpi: actual: expected 1 value(s) for value, got 2"),
        ((TIERS_EN, 1, "high"), "#xlkpi: target: the target must be a number"),
    ],
)
def test_kpi_score_explains_wrong_arguments_in_the_rule_language(args, expected):
    result = kpi_score(*args)
    assert isinstance(result, str) and result.startswith(expected), result
    assert "Traceback" not in result


def test_kpi_rule_text_reads_the_rule_back_in_either_language():
    assert kpi_rule_text(TIERS_ZH) == "≥100%得5分，≥90%得3分，其他得0分"
    assert kpi_rule_text(TIERS_ZH, "en") == kpi_rule_text(TIERS_EN)
    assert kpi_rule_text(TIERS_EN, "中文") == kpi_rule_text(TIERS_ZH)
    assert kpi_rule_text(TIERS_EN, "fr") == "#xlkpi: lang: language must be zh or en, got 'fr'"


@pytest.mark.parametrize(
    ("score", "grade"),
    [(100, "S"), (90, "S"), (89.995, "S"), (89.994, "A"), (80, "A"), (0, "C"), ("", "")],
)
def test_kpi_grade_uses_inclusive_minimums_after_rounding_the_total(score, grade):
    assert kpi_grade(score, ["S", "A", "B", "C"], [90, 80, 60, 0]) == grade


def test_kpi_grade_takes_columns_in_any_order_and_ignores_trailing_blanks():
    grades = [["C"], ["S"], ["A"], [None]]
    mins = [[0], [90], [80], [None]]
    assert kpi_grade(85, grades, mins) == "A"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((50, ["S", "A"], [90, 60]), "#xlkpi: score: 50 is below the lowest minimum (A: 60)"),
        ((50, ["优", "良"], [90, 60]), "#xlkpi: score: 50 低于最低等级的最低分（良：60）"),
        ((50, ["S", "A"], [90]), "#xlkpi: grades: expected one minimum score per grade"),
        ((50, ["S", None, "B"], [90, 80, 0]), "#xlkpi: grades: a grade name is blank"),
        ((50, ["S"], ["ninety"]), "#xlkpi: grades: minimum of S must be a number"),
    ],
)
def test_kpi_grade_explains_wrong_arguments(args, expected):
    assert kpi_grade(*args).startswith(expected)


def test_kpi_bonus_share_with_a_position_matches_calculate_to_the_cent():
    coefficients = [1.2, 1.0, 1.0, 0.8]
    bases = [5000, 3000, 3000, 3001]
    weights = [c * b for c, b in zip(coefficients, bases, strict=True)]
    shares = [kpi_bonus_share(10_000, w, weights, i + 1) for i, w in enumerate(weights)]
    assert shares == [float(bonus_share(10_000, coefficients, bases, i)) for i in range(4)]
    assert round(sum(shares), 2) == 10_000


def test_kpi_bonus_share_without_a_position_rounds_half_up():
    assert kpi_bonus_share(100, 1, [1, 1, 1]) == 33.33
    assert kpi_bonus_share(100, 1, [1, 1, 1], 1) == 33.34  # the left-over cent


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((100, 1, [0, 0]), "#xlkpi: bonus: the weights in the range add up to 0"),
        ((100, 5, [1, 1]), "#xlkpi: bonus: this person's weight is more than the whole range"),
        ((100, -1, [1, 1]), "#xlkpi: bonus: weights must not be negative"),
        ((100, 1, [1, 1], 3), "#xlkpi: bonus: position must be a whole number from 1 to 2"),
        ((100, 1, [2, 1], 1), "#xlkpi: bonus: position 1 holds 2.0, not 1.0"),
        (("lots", 1, [1]), "#xlkpi: bonus: the pool must be a number"),
    ],
)
def test_kpi_bonus_share_explains_wrong_arguments(args, expected):
    assert kpi_bonus_share(*args).startswith(expected)


def test_every_function_keeps_its_signature_and_documents_itself():
    """xlwings builds the Excel function from the Python signature and docstring."""
    for f in udfs.UDFS:
        params = inspect.signature(f).parameters
        assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in params.values())
        assert f.__doc__ and "Args:" in f.__doc__
    assert [name for name, _ in udfs.describe_udfs()] == [
        "KPI_SCORE",
        "KPI_RULE_TEXT",
        "KPI_GRADE",
        "KPI_BONUS_SHARE",
    ]


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("¥1,000", 1000.0), ("90％", 0.9), ("９０%", 0.9), ("1，234.5", 1234.5), (" 88 ", 88.0)],
)
def test_udf_numbers_are_read_like_calculate_reads_cells(actual: str, expected: float) -> None:
    from xlkpi.excel.udfs import _number
    from xlkpi.workbook.values import parse_number

    assert _number(actual, "actual", "the actual", "实际值") == expected == parse_number(actual)
