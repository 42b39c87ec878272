"""What HR keyed, checked before a rule scores it: the value's shape (one number, or one
per input) and its valid range.

`core.scoring` reports what fails here at the entry's cell; `core.quick` checks a value
for a UDF the same way.
"""

from __future__ import annotations

import math

from xlkpi.core.fmt import num
from xlkpi.core.rules.base import Rule, RuleError
from xlkpi.core.valid import ValidRange


def check_value(rule: Rule, value: object) -> float | dict[str, float]:
    """Check that a value has the shape the rule reads (one number, or one per input).

    Args:
        rule: the indicator's rule.
        value: what was keyed in.
    Returns:
        The value as float, or as a dict input name -> float.
    Raises:
        RuleError: the value is not a number, or named inputs are missing.
    """
    inputs = rule.inputs
    if type(value) is float and len(inputs) == 1 and math.isfinite(value):
        return value  # the usual case: one plain number
    if isinstance(value, dict):
        if len(inputs) <= 1 and set(value) != set(inputs):
            raise RuleError(
                f"expected one number, got several values ({', '.join(map(str, value))})",
                f"应为一个数值，却给了多个值（{', '.join(map(str, value))}）",
            )
        lacking = [name for name in inputs if name not in value]
        if lacking:
            raise RuleError(
                f"missing values for {', '.join(lacking)}",
                f"缺少数值：{'、'.join(lacking)}",
            )
        checked = {name: as_number(value[name], name) for name in inputs}
        return checked if len(inputs) > 1 else checked[inputs[0]]
    if len(inputs) > 1:
        raise RuleError(
            f"expected values for {', '.join(inputs)}, got one value {value!r}",
            f"应分别给出{'、'.join(inputs)}的数值，却只给了一个值{value!r}",
        )
    return as_number(value, "")


def in_valid_range(valid: ValidRange, value: float | dict[str, float]) -> bool:
    """True when the value (every input of a multi-input value) lies in `valid`."""
    if isinstance(value, dict):
        return all(valid.contains(v) for v in value.values())
    return valid.contains(value)


def show_value(value: float | dict[str, float]) -> str:
    """A checked value as messages show it (each input by name)."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {num(v)}" for k, v in value.items())
    return num(value) if abs(value) < 1e15 else f"{value:g}"


def as_number(value: object, name: str) -> float:
    """A keyed value as a finite float, or a RuleError naming input `name` (if any)."""
    if type(value) is float and math.isfinite(value):  # the usual case, checked first
        return value
    label = f"{name} " if name else ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError(f"{label}{value!r} is not a number", f"{label}{value!r}不是数值")
    if not math.isfinite(value):
        raise RuleError(f"{label}{value!r} is not a finite number", f"{label}{value!r}不是有效数值")
    return float(value)
