"""Valid ranges of indicators' actual values: what a real value can be at all.

A response time of −100 s, −5 clients lost or a satisfaction of 1.7e308 is a typing or
export mistake, not a performance: scoring it would give full points. Each indicator has
a valid range that HR sees and edits in the Indicators sheet (column 有效范围 / Valid
range: "≥0", "0–5", "1-100", "≤10"); when the cell is blank the range comes from the
indicator's unit: every duration, count and percentage is at least 0. A value outside
the range is an error naming its cell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from xlkpi.core.fmt import num
from xlkpi.core.rules.text import UNITS

#: Units whose values are never negative beyond the rule units (money, scores).
_NON_NEGATIVE_WORDS = {
    "元",
    "¥",
    "￥",
    "yuan",
    "rmb",
    "cny",
    "分",
    "points",
    "pts",
    "人",
    "台",
    "单",
}
_NON_NEGATIVE = {a.lower() for u in UNITS.values() for a in u.aliases} | _NON_NEGATIVE_WORDS
_NUMBER = r"[-−]?\d+(?:\.\d+)?%?"
_BETWEEN = re.compile(rf"^({_NUMBER})\s*(?:-|–|—|~|～|至|到|to)\s*({_NUMBER})$")
_AT_LEAST = re.compile(rf"^(?:>=|≥|＞=|at least|不小于|不低于)\s*({_NUMBER})$")
_AT_MOST = re.compile(rf"^(?:<=|≤|＜=|at most|不大于|不高于)\s*({_NUMBER})$")


@dataclass(frozen=True)
class ValidRange:
    """Inclusive bounds of an actual value; None for an open side."""

    low: float | None = None
    high: float | None = None

    def contains(self, value: float) -> bool:
        """True when `value` is finite and within the bounds."""
        if not math.isfinite(value):
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def bounds(self) -> tuple[float, float]:
        """(low, high) with open sides as ∓inf, for quick checks."""
        return (
            -math.inf if self.low is None else self.low,
            math.inf if self.high is None else self.high,
        )

    def text(self, lang: str = "en", percent: bool = False) -> str:
        """'≥0', '0–5' (as a percentage when `percent`: '0%–100%')."""

        def show(v: float) -> str:
            return num(v * 100) + "%" if percent else num(v)

        if self.low is not None and self.high is not None:
            return f"{show(self.low)}–{show(self.high)}"
        if self.low is not None:
            return f"≥{show(self.low)}"
        if self.high is not None:
            return f"≤{show(self.high)}"
        return "不限" if lang == "zh" else "any"


def default_range(unit: str) -> ValidRange | None:
    """The range an indicator's unit implies: ≥0 for durations, counts, percentages, money
    and points; None when the unit says nothing."""
    return ValidRange(0.0, None) if unit.strip().lower() in _NON_NEGATIVE else None


def parse_valid_range(text: str) -> ValidRange:
    """'≥0', '0–5', '1-100', '0%~100%', '≤10' as a ValidRange (percent signs divide by 100).

    Raises:
        ValueError (with a message in English and Chinese, separated by ' / ') when the
        text is none of these.
    """
    t = text.strip().replace(" ", "").replace("－", "-").lower()
    if m := _BETWEEN.match(t):
        low, high = _value(m.group(1)), _value(m.group(2))
        if low > high:
            raise ValueError(f"the range '{text}' runs backwards / 范围“{text}”的下限大于上限")
        return ValidRange(low, high)
    if m := _AT_LEAST.match(t):
        return ValidRange(_value(m.group(1)), None)
    if m := _AT_MOST.match(t):
        return ValidRange(None, _value(m.group(1)))
    raise ValueError(
        f"'{text[:40]}' is not a range; write e.g. ≥0, 0–5 or 1-100 / "
        f"“{text[:40]}”不是范围；请写成 ≥0、0–5 或 1-100 这样的形式"
    )


def _value(text: str) -> float:
    text = text.replace("−", "-")
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text)
