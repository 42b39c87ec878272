"""Worksheet functions over the same core: score a value by a rule, say a rule in words,
grade a score, and split a bonus pool.

They are plain functions. With xlwings installed, `xlwings.func` marks them as UDFs
(desktop Excel on Windows: put `xlkpi.excel.udfs` in the add-in's "UDF Modules" and click
"Import Functions"); xlwings Lite gets thin wrappers in `xlkpi/lite/main.py`. Without xlwings
the decorator is left out, so the core-only install can still import this module.

A function never raises into the cell: a wrong argument returns a message starting with
`#xlkpi:` that says which argument and what was expected, e.g.

    #xlkpi: rule: '≥90 3' does not start with a rule keyword and a colon; ...
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from xlkpi.core.cents import allocate, to_money
from xlkpi.core.quick import grade_of, score_value
from xlkpi.core.rules import RuleError, parse_rule
from xlkpi.workbook.values import ValueIssue, parse_number

F = TypeVar("F", bound=Callable[..., Any])

try:  # xlwings is optional (the "excel" extra)
    from xlwings import func as _xl_func
except ImportError:  # pragma: no cover - exercised only without xlwings installed

    def _xl_func(f: F) -> F:  # type: ignore[no-redef]
        return f


PREFIX = "#xlkpi"


class ArgumentError(ValueError):
    """A worksheet function argument is wrong; `what` names it ("rule", "actual", ...)."""

    def __init__(self, what: str, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.what = what
        self.message_en = message_en
        self.message_zh = message_zh


def _is_zh(text: object) -> bool:
    return isinstance(text, str) and any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _message(what: str, en: str, zh: str, lang: str) -> str:
    return f"{PREFIX}: {what}: {zh if lang == 'zh' else en}"


def _lang_hint(*args: Any) -> str:
    """Chinese when any text argument (the rule, a grade name) is Chinese."""
    return "zh" if any(_is_zh(v) for a in args for v in _flat(a)) else "en"


def _guard(impl: Callable[..., Any], lang: str, *args: Any) -> Any:
    """Run a worksheet function; an ArgumentError or RuleError becomes the cell's message
    in `lang` instead of an exception."""
    try:
        return impl(*args)
    except ArgumentError as err:
        return _message(err.what, err.message_en, err.message_zh, lang)
    except RuleError as err:
        return _message("rule", err.message_en, err.message_zh, lang)
    except Exception as exc:  # a bug: still never raise into the cell, but say it is one
        text = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        return _message(
            "internal error",
            f"{text} (not caused by the arguments; please report it)",
            f"{text}（不是参数造成的；请报告给 xlkpi 维护者）",
            lang,
        )


# ---------------------------------------------------------------------------------------
# Argument helpers: what xlwings hands over for a cell or a range
# ---------------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


#: Largest magnitude a numeric argument may have: beyond it nothing meant is a score or an
#: amount, and cent arithmetic would leave Decimal's precision (values.MAX_MONEY likewise).
_LARGEST = 1e15


def _number(value: object, what: str, en_name: str, zh_name: str) -> float:
    """A finite number within ±1e15, read as Calculate reads a cell (xlkpi.workbook.values):
    text numbers, "90%" and "９０％", "¥1,000", full-width digits; else ArgumentError."""
    if isinstance(value, bool | dt.date | dt.time):
        raise ArgumentError(
            what,
            f"{en_name} must be a number, got {value!r}",
            f"{zh_name}应为数值，实际为 {value!r}",
        )
    try:
        number = parse_number(value)
    except (ValueIssue, ArithmeticError, ValueError):  # also Decimal('sNaN'), huge ints
        number = math.nan
    if number is None:
        raise ArgumentError(what, f"{en_name} is empty", f"{zh_name}为空")
    if math.isfinite(number) and abs(number) <= _LARGEST:
        return number
    raise ArgumentError(
        what, f"{en_name} must be a number, got {value!r}", f"{zh_name}应为数值，实际为 {value!r}"
    )


def _flat(value: object) -> list[object]:
    """A cell, a row, a column or a 2-D range as one list, row by row."""
    if isinstance(value, list | tuple):
        out: list[object] = []
        for item in value:
            out.extend(_flat(item))
        return out
    return [value]


def _trim_blanks(values: list[object]) -> list[object]:
    while values and _blank(values[-1]):
        values.pop()
    return values


def _lang(value: object, default: str) -> str:
    if _blank(value):
        return default
    text = str(value).strip().lower()
    if text in ("zh", "cn", "中文", "chinese", "zh-cn", "汉语"):
        return "zh"
    if text in ("en", "english", "英文", "英语"):
        return "en"
    raise ArgumentError(
        "lang", f"language must be zh or en, got {value!r}", f"语言应为 zh 或 en，实际为 {value!r}"
    )


# ---------------------------------------------------------------------------------------
# The functions
# ---------------------------------------------------------------------------------------


def _kpi_score(rule_text: str, actual: Any, target: Any = None) -> float | str:
    """See kpi_score."""
    rule = parse_rule(rule_text if isinstance(rule_text, str) else "")
    if isinstance(actual, list | tuple):
        values = _trim_blanks(_flat(actual))
        names = rule.inputs
        if len(values) != len(names):
            raise ArgumentError(
                "actual",
                f"expected {len(names)} value(s) for {', '.join(names)}, got {len(values)}",
                f"应有 {len(names)} 个数值（{'、'.join(names)}），实际 {len(values)} 个",
            )
        if any(_blank(v) for v in values):
            return ""
        value: float | dict[str, float] = {
            n: _number(v, "actual", n, n) for n, v in zip(names, values, strict=True)
        }
        if len(names) == 1:
            value = value[names[0]]  # type: ignore[index]
    else:
        if _blank(actual):
            return ""
        value = _number(actual, "actual", "the actual", "实际值")
    goal = None if _blank(target) else _number(target, "target", "the target", "目标值")
    return score_value(rule, value, goal).points


def _kpi_rule_text(rule_text: str, lang: str | None = None) -> str:
    """See kpi_rule_text."""
    default = "zh" if _is_zh(rule_text) else "en"
    rule = parse_rule(rule_text if isinstance(rule_text, str) else "")
    return rule.describe(_lang(lang, default))


def _kpi_grade(score: Any, grades: Any, min_scores: Any) -> str:
    """See kpi_grade."""
    if _blank(score):
        return ""
    total = _number(score, "score", "the score", "分数")
    names = _trim_blanks(_flat(grades))
    mins = _trim_blanks(_flat(min_scores))
    if not names or len(names) != len(mins):
        raise ArgumentError(
            "grades",
            f"expected one minimum score per grade, got {len(names)} grade(s) and "
            f"{len(mins)} minimum(s)",
            f"每个等级应有一个最低分，实际 {len(names)} 个等级、{len(mins)} 个最低分",
        )
    bands = []
    for name, minimum in zip(names, mins, strict=True):
        if _blank(name):
            raise ArgumentError("grades", "a grade name is blank", "有等级名称为空")
        bands.append(
            (str(name).strip(), _number(minimum, "grades", f"minimum of {name}", f"{name}的最低分"))
        )
    bands.sort(key=lambda band: -band[1])  # best first, whatever order the range has
    grade = grade_of(total, bands)
    if grade is None:
        lowest = bands[-1]
        raise ArgumentError(
            "score",
            f"{total:g} is below the lowest minimum ({lowest[0]}: {lowest[1]:g})",
            f"{total:g} 低于最低等级的最低分（{lowest[0]}：{lowest[1]:g}）",
        )
    return grade


def _money(value: object, what: str, en: str, zh: str) -> Decimal:
    number = _number(value, what, en, zh)
    try:
        return Decimal(repr(number))
    except InvalidOperation as exc:  # pragma: no cover - _number returns finite floats
        raise ArgumentError(what, f"{en} is not a number", f"{zh}不是数值") from exc


def _kpi_bonus_share(pool: Any, mine: Any, everyone: Any, position: Any = None) -> float | str:
    """See kpi_bonus_share."""
    amount = _money(pool, "bonus", "the pool", "奖金池")
    me = _money(mine, "bonus", "this person's weight", "本人的系数×基数")
    weights = [
        _money(v, "bonus", "a weight in the range", "范围中的系数×基数")
        for v in _trim_blanks(_flat(everyone))
        if not _blank(v)
    ]
    if any(w < 0 for w in [me, *weights]):
        raise ArgumentError("bonus", "weights must not be negative", "系数×基数不能为负")
    total = sum(weights, Decimal(0))
    if total <= 0:
        raise ArgumentError(
            "bonus", "the weights in the range add up to 0", "范围内的系数×基数之和为 0"
        )
    if me > total:
        raise ArgumentError(
            "bonus",
            "this person's weight is more than the whole range; is the range missing people?",
            "本人的系数×基数大于范围合计；范围是否漏了人员？",
        )
    if _blank(position):
        return float(to_money(amount * me / total))
    index = _number(position, "bonus", "the position", "位置")
    if not index.is_integer() or not 1 <= index <= len(weights):
        raise ArgumentError(
            "bonus",
            f"position must be a whole number from 1 to {len(weights)}",
            f"位置应为 1 到 {len(weights)} 之间的整数",
        )
    i = int(index) - 1
    if weights[i] != me:
        raise ArgumentError(
            "bonus",
            f"position {i + 1} holds {weights[i]:f}, not {me:f}",
            f"第 {i + 1} 个位置的值是 {weights[i]:f}，不是 {me:f}",
        )
    return float(allocate(amount, weights)[i])


# ---------------------------------------------------------------------------------------
# Public worksheet functions: real signatures (xlwings reads them), never raise
# ---------------------------------------------------------------------------------------


@_xl_func
def kpi_score(rule_text: str, actual: Any, target: Any = None) -> float | str:
    """Points for an actual value by a scoring rule (on the rule's own scale).

    Args:
        rule_text: the rule as written in the Indicators sheet, e.g.
            "tiers: >=100% 5; >=90% 3; else 0" or "阶梯：≥100% 5分；≥90% 3分；其他 0分".
        actual: the actual value; for rules with several inputs (events, requirements),
            a range of values in the order the rule names them.
        target: the indicator's target, used when the rule text has none.
    Returns:
        The points, "" for a blank actual, or an "#xlkpi: ..." message.
    """
    return _guard(_kpi_score, _lang_hint(rule_text), rule_text, actual, target)


@_xl_func
def kpi_rule_text(rule_text: str, lang: str | None = None) -> str:
    """A scoring rule in plain words, to check that xlkpi read it as meant.

    Args:
        rule_text: the rule as written in the Indicators sheet.
        lang: "zh" or "en"; by default the language the rule is written in.
    Returns:
        e.g. "≥100%得5分，≥90%得3分，其他得0分", or an "#xlkpi: ..." message.
    """
    hint = _lang_hint(rule_text)
    with contextlib.suppress(ArgumentError):  # a bad lang is reported by the function itself
        hint = _lang(lang, hint)
    return _guard(_kpi_rule_text, hint, rule_text, lang)


@_xl_func
def kpi_grade(score: Any, grades: Any, min_scores: Any) -> str:
    """The grade a total reaches on a scale (minimums inclusive, as in Calculate).

    Args:
        score: the total (0–100).
        grades: the grade names, e.g. the Grade column of the Grades sheet.
        min_scores: each grade's minimum score, same length as `grades`.
    Returns:
        The grade, "" for a blank score, or an "#xlkpi: ..." message (also when the
        score is below every minimum).
    """
    return _guard(_kpi_grade, _lang_hint(grades), score, grades, min_scores)


@_xl_func
def kpi_bonus_share(pool: Any, mine: Any, everyone: Any, position: Any = None) -> float | str:
    """One person's share of a bonus pool, in proportion to coefficient × bonus base.

    Args:
        pool: the amount to share.
        mine: this person's grade coefficient × bonus base.
        everyone: the same product for everyone sharing the pool (this person included).
        position: optional 1-based place of this person in `everyone`. With it the split
            is exact to the cent like Calculate's (largest remainder: the shares add up to
            the pool); without it the share is rounded half up and may be a cent off.
    Returns:
        The share (two decimals), or an "#xlkpi: ..." message.
    """
    return _guard(_kpi_bonus_share, "en", pool, mine, everyone, position)


UDFS: tuple[Callable[..., Any], ...] = (kpi_score, kpi_rule_text, kpi_grade, kpi_bonus_share)


def describe_udfs() -> Iterable[tuple[str, str]]:
    """(Excel name, first docstring line) of each worksheet function, for docs."""
    for f in UDFS:
        yield f.__name__.upper(), (f.__doc__ or "").strip().splitlines()[0]
