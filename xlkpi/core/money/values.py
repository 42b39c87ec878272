"""Small shared pieces of the money core: number conversion, errors, tiers, formatting.

Amounts are `Decimal`. Inputs arrive from workbook cells as int, float, str or Decimal;
`dec` turns them into Decimal (floats through `repr`, so 0.1 stays 0.1) and rejects
anything that is not a finite number, naming the input. The checks built on it
(`non_negative`, `whole`, `fraction`, `score_value`) take the raw value and the input's
name too, and their errors name that input.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from xlkpi.core.rules.base import RuleError

Number = Decimal | int | float | str
HUNDRED = Decimal(100)
SCORE_STEP = Decimal("0.01")


class MoneyError(RuleError):
    """An input or parameter of a money scheme is wrong.

    `field` names the offending input (e.g. "days_attended") so a caller can point at its
    cell; `message_en`/`message_zh` say what and why.
    """

    def __init__(self, message_en: str, message_zh: str, field: str | None = None):
        super().__init__(message_en, message_zh)
        self.field = field


def dec(value: Number | bool | None, name: str) -> Decimal:
    """Convert one input to Decimal.

    Args:
        value: the raw value (int, float, str or Decimal).
        name: the input's name, used in the error message.
    Returns:
        A finite Decimal.
    Raises:
        MoneyError: when the value is missing, boolean, or not a finite number.
    """
    if value is None:
        raise MoneyError(f"{name} is missing", f"{name} 缺失", name)
    if isinstance(value, bool):
        raise MoneyError(
            f"{name} must be a number, not {value}", f"{name} 应为数字，不是 {value}", name
        )
    try:
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        raise MoneyError(
            f"{name} is not a number: {value!r}", f"{name} 不是数字：{value!r}", name
        ) from None
    if not result.is_finite():
        raise MoneyError(f"{name} is not a finite number", f"{name} 不是有限的数字", name)
    return result


def non_negative(value: Number | None, name: str) -> Decimal:
    """`dec`, and the value must be ≥ 0."""
    result = dec(value, name)
    if result < 0:
        raise MoneyError(
            f"{name} must not be negative (got {result})", f"{name} 不能为负数（{result}）", name
        )
    return result


def whole(value: Number | None, name: str) -> int:
    """A count (complaints, units): a whole number ≥ 0, as an int."""
    result = non_negative(value, name)
    if result != result.to_integral_value():
        raise MoneyError(
            f"{name} must be a whole number (got {result})", f"{name} 应为整数（{result}）", name
        )
    return int(result)


def fraction(value: Number | None, name: str) -> Decimal:
    """A rate given as a fraction 0..1 (0.96 means 96%)."""
    return _between(
        value,
        name,
        1,
        "must be a fraction between 0 and 1 (0.96 means 96%)",
        "应为 0 到 1 之间的比例（0.96 即 96%）",
    )


def score_value(value: Number | None, name: str = "score") -> Decimal:
    """A total score on the 0..100 scale."""
    return _between(value, name, 100, "must be between 0 and 100", "应在 0 到 100 之间")


def _between(value: Number | None, name: str, high: int, must_en: str, must_zh: str) -> Decimal:
    """`dec`, and the value must lie in 0..`high`; `must_en`/`must_zh` say so in the error."""
    result = dec(value, name)
    if not 0 <= result <= high:
        raise MoneyError(
            f"{name} {must_en}, got {result}", f"{name} {must_zh}，实际为 {result}", name
        )
    return result


def round_score(value: Decimal) -> Decimal:
    """Round a score half up to two decimals (the precision scores are shown with).

    Args:
        value: the exact score.
    Returns:
        The score as shown, e.g. 58.995 -> 59.00.
    """
    return value.quantize(SCORE_STEP, rounding=ROUND_HALF_UP)


def pct(value: Decimal) -> str:
    """Show a fraction as a percentage without trailing zeros: 0.955 -> '95.5%'.

    Args:
        value: the fraction.
    Returns:
        The percentage text.
    """
    text = format((value * HUNDRED).normalize(), "f")
    return f"{text}%"


def plain(value: Decimal) -> str:
    """Show a Decimal without exponent or trailing zeros: 6E+1 -> '60'.

    Args:
        value: the number.
    Returns:
        Its plain text.
    """
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class Tier:
    """The band of a tier table that applied, in both languages (e.g. "95% ≤ X < 100%")."""

    code: str
    label_en: str
    label_zh: str
