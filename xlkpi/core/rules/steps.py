"""Per-step arithmetic the stepped and bounded rules share: how many steps a value is
beyond a threshold, keeping points within floor and cap, and the words for both.
"""

from __future__ import annotations

import math

from xlkpi.core.rules.base import StepRounding
from xlkpi.core.rules.writing import show, show_qty, signed

# --- steps -----------------------------------------------------------------------------


def count_steps(excess: float, step: float, rounding: StepRounding) -> float:
    """How many steps `excess` covers, e.g. 3 s in steps of 2 s: 2 started, 1 completed, 1.5.

    Args:
        excess: how far beyond the threshold (<= 0 means not beyond: no steps).
        step: the step size (> 0).
        rounding: how a partial step counts.
    Returns:
        The step count (whole unless proportional).
    """
    if excess <= 0:
        return 0.0
    # Rounded first: 0.98 − 0.97 is 0.010000000000000009, which must be one step, not two.
    q = round(excess / step, 9)
    if rounding is StepRounding.STARTED:
        return float(math.ceil(q))
    if rounding is StepRounding.COMPLETED:
        return float(math.floor(q))
    return q


def clamp(points: float, floor: float | None, cap: float | None) -> float:
    """`points` kept within `floor` and `cap` (either may be None), rounded to 9 places so
    float noise never shows."""
    if floor is not None and points < floor:
        points = floor
    if cap is not None and points > cap:
        points = cap
    if type(points) is float and points.is_integer():  # nothing to round; round() is slow
        return points + 0.0
    # Float noise would show up in totals (14.999999999999998), so results are rounded.
    return round(points, 9) + 0.0


# --- explanations --------------------------------------------------------------------------


def steps_words(steps: float, lang: str) -> str:
    """ "2 steps" / "2步"."""
    if lang == "zh":
        return f"{show(steps)}步"
    return f"{show(steps)} step" + ("" if steps == 1 else "s")


def explain_steps(
    lang: str,
    value: float,
    ref: float,
    side: str,
    steps: float,
    per: float,
    raw: float,
    final: float,
    unit: str,
    floor: float | None,
    cap: float | None,
) -> str:
    """ "182 s is 2 s over 180 s: 1 step × −10 → 90" (and the floor or cap when it applied)."""
    excess = value - ref if side == "over" else ref - value
    v, r, e = show_qty(value, unit, lang), show_qty(ref, unit, lang), show_qty(excess, unit, lang)
    if lang == "en":
        text = f"{v} is {e} {side} {r}: {steps_words(steps, lang)} × {signed(per)} → {show(raw)}"
    else:
        more = "多" if side == "over" else "少"
        text = f"{v}比{r}{more}{e}：{steps_words(steps, lang)} × {signed(per)} → {show(raw)}分"
    return text + clamp_note(lang, raw, final, floor, cap)


def clamp_note(lang: str, raw: float, final: float, floor: float | None, cap: float | None) -> str:
    """ ", floor 0 → 0" or ", capped at 15" when clamping changed `raw` to `final`; else empty."""
    if final == round(raw, 9):
        return ""
    if floor is not None and final == floor and raw < floor:
        return (
            f", floor {show(floor)} → {show(final)}"
            if lang == "en"
            else f"，最低{show(floor)}分 → {show(final)}分"
        )
    return f", capped at {show(final)}" if lang == "en" else f"，最高{show(final)}分"


def floor_words(floor: float | None, lang: str) -> str:
    """ ", down to 0" / "，扣完为止"; empty when there is no floor."""
    if floor is None:
        return ""
    if lang == "en":
        return f", down to {show(floor)}" if floor == 0 else f", not below {show(floor)}"
    return "，扣完为止" if floor == 0 else f"，最低{show(floor)}分"
