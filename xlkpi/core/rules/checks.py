"""Checks every rule type makes: its parameters (finite, positive, floor within base, a
known unit and rounding, a usable per-step slope) and the value it is asked to score.

A failed check is a RuleError in both languages, so HR sees what is wrong with a rule
built in code just as with one parsed from a cell.
"""

from __future__ import annotations

import math

from xlkpi.core.rules.base import RuleError, StepRounding
from xlkpi.core.rules.text import UNITS
from xlkpi.core.rules.writing import show

# --- parameter checks ----------------------------------------------------------------------


def fail(en: str, zh: str) -> RuleError:
    """A RuleError with its English and Chinese message, to raise."""
    return RuleError(en, zh)


def require_finite(name_en: str, name_zh: str, value: float | None) -> None:
    """Refuse a parameter that is infinite or NaN (None is allowed: not given)."""
    if value is not None and not math.isfinite(value):
        raise fail(
            f"{name_en} must be a number, not {value}", f"{name_zh}必须是数字，不能是{value}"
        )


def require_positive(name_en: str, name_zh: str, value: float) -> None:
    """Refuse a parameter that is not a finite number above 0."""
    require_finite(name_en, name_zh, value)
    if value <= 0:
        raise fail(
            f"{name_en} must be greater than 0, not {show(value)}",
            f"{name_zh}必须大于0，不能是{show(value)}",
        )


def check_floor_cap(base: float, floor: float | None, cap: float | None) -> None:
    """The floor may not be above the base points, nor the cap below them."""
    require_finite("base", "基础分", base)
    require_finite("floor", "最低分", floor)
    require_finite("cap", "最高分", cap)
    if floor is not None and floor > base:
        raise fail(
            f"floor {show(floor)} is above the base points {show(base)}",
            f"最低分{show(floor)}高于基础分{show(base)}",
        )
    if cap is not None and cap < base:
        raise fail(
            f"cap {show(cap)} is below the base points {show(base)}",
            f"最高分{show(cap)}低于基础分{show(base)}",
        )


def check_rounding(rounding: object) -> None:
    """Refuse anything but a StepRounding."""
    if not isinstance(rounding, StepRounding):
        raise fail(
            f"rounding must be started, completed or proportional, not {rounding!r}",
            f"取整方式必须是“不足一步按一步”“不足一步不计”或“按比例计”，不能是{rounding!r}",
        )


def check_unit(unit: str) -> None:
    """Refuse a unit the rule texts do not know (empty: no unit)."""
    if unit and unit not in UNITS:
        raise fail(
            f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}",
            f"未知单位{unit!r}；可用：{', '.join(UNITS)}",
        )


# --- value access --------------------------------------------------------------------------


def need_number(value: object, what_en: str = "the value", what_zh: str = "数值") -> float:
    """The value as a float, or a RuleError saying what arrived instead."""
    if type(value) is float and math.isfinite(value):  # the usual case, checked first
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(
            f"{what_en} must be a number, not {value!r}",
            f"{what_zh}必须是数字，不能是{value!r}",
        )
    if not math.isfinite(value):
        raise fail(
            f"{what_en} must be a number, not {value}", f"{what_zh}必须是数字，不能是{value}"
        )
    return float(value)


def need_target(own: float | None, given: float | None) -> float:
    """The rule's own target, else the indicator's target column, else a RuleError."""
    if own is not None:
        return own
    if given is None:
        raise fail(
            "no target: state it in the rule (target …) or fill the indicator's target",
            "没有目标值：请在规则中写明（目标…）或填写指标的目标值",
        )
    return need_number(given, "the target", "目标值")


def check_slope(per: float, step: float, side: str, what_en: str, what_zh: str) -> None:
    """A per-step clause needs points other than 0, a step above 0 and a side (over/under)."""
    require_finite(f"{what_en} points per step", f"{what_zh}每步分数", per)
    if per == 0:
        raise fail(f"{what_en} points per step must not be 0", f"{what_zh}每步分数不能为0")
    require_positive(f"{what_en} step", f"{what_zh}步长", step)
    if side not in ("over", "under"):
        raise fail(
            f"{what_en} side must be 'over' or 'under', not {side!r}",
            f"{what_zh}方向必须是“超”或“低”，不能是{side!r}",
        )
