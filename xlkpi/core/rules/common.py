"""Pieces several rule types share: counting steps, the clauses that mean the same in every
rule (base, floor, cap, target, rounding, "-k per step over/under"), and parameter checks.

Every clause is accepted in English or Chinese whatever the rule keyword's language, so a
Chinese workbook may say `扣分: base 15; 每超5秒扣2分` and still be understood.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.rules.base import DEFAULT_ROUNDING, RuleError, StepRounding
from xlkpi.core.rules.text import (
    NUM,
    UNIT_RE,
    UNITS,
    UnitTracker,
    fmt_num,
    fmt_qty,
    pts,
    qty,
    show,
    show_qty,
    signed,
)

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


# --- shared clauses ------------------------------------------------------------------------

_BASE = re.compile(
    r"^(?:base|at target|standard|full|基础分?|基本分值?|标准分值?|满分|达标得?|全部满足得?|完成所有要求)"
    rf"\s*(?:为|得|=|:)?\s*{pts('v')}$",
    re.I,
)
_FLOOR = re.compile(
    rf"^(?:floor|min|minimum|down to|最低分?|保底)\s*(?:为|=|:)?\s*{pts('v')}$", re.I
)
_FLOOR_ZERO = re.compile(r"^(?:扣完为止|扣完该项为止|扣完即止|扣至0分?为止)$")
_CAP = re.compile(
    rf"^(?:cap|max|maximum|up to|最高分?|上限|封顶)\s*(?:为|=|:)?\s*{pts('v')}$", re.I
)
_TARGET = re.compile(rf"^(?:target|目标值?|标准(?!分))\s*(?:为|=|:)?\s*{qty('v')}$", re.I)
_ROUND_EN = re.compile(
    r"^(?:round|rounding|steps?)\s*(?::|=)?\s*(started|completed|proportional)$", re.I
)
_ROUND_ZH = {
    "不足一步按一步": StepRounding.STARTED,
    "不足一步按一步计": StepRounding.STARTED,
    "不足一步不计": StepRounding.COMPLETED,
    "按比例": StepRounding.PROPORTIONAL,
    "按比例计": StepRounding.PROPORTIONAL,
}


def base_clause(clause: str) -> float | None:
    """The points of a base clause (`base 15`, `达标得15分`), or None when `clause` is not one."""
    m = _BASE.match(clause)
    return float(m["v"]) if m else None


def floor_clause(clause: str) -> float | None:
    """The points of a floor clause (`floor 0`, `最低0分`, `扣完为止`), or None when `clause` is not
    one."""
    if _FLOOR_ZERO.match(clause):
        return 0.0
    m = _FLOOR.match(clause)
    return float(m["v"]) if m else None


def cap_clause(clause: str) -> float | None:
    """The points of a cap clause (`cap 15`, `最高15分`), or None when `clause` is not one."""
    m = _CAP.match(clause)
    return float(m["v"]) if m else None


def target_clause(clause: str, units: UnitTracker) -> float | None:
    """The value of a target clause (`target 30 s`, `目标30秒`), its unit noted in `units`; None
    when `clause` is not one."""
    m = _TARGET.match(clause)
    if not m:
        return None
    return units.take(m["v_n"], m["v_u"], "the target", "目标值")


def rounding_clause(clause: str) -> StepRounding | None:
    """The rounding a clause names (`round completed`, `不足一步不计`), or None when it names none."""
    m = _ROUND_EN.match(clause)
    if m:
        return StepRounding(m[1].lower())
    return _ROUND_ZH.get(clause)


def floor_text(floor: float, lang: str) -> str:
    """The floor clause as written in a rule: `floor 0` / `最低0分`."""
    return f"floor {fmt_num(floor)}" if lang == "en" else f"最低{fmt_num(floor)}分"


def cap_text(cap: float, lang: str) -> str:
    """The cap clause as written in a rule: `cap 15` / `最高15分`."""
    return f"cap {fmt_num(cap)}" if lang == "en" else f"最高{fmt_num(cap)}分"


def target_clauses(target: float | None, unit: str, lang: str) -> list[str]:
    """The target clause as written in a rule (`target 30 s` / `目标30秒`), or none when the
    rule takes the indicator's target column."""
    if target is None:
        return []
    return [("target " if lang == "en" else "目标") + fmt_qty(target, unit, lang)]


def rounding_text(rounding: StepRounding, lang: str) -> str | None:
    """The clause for a non-default rounding (the default is left unwritten)."""
    if rounding is DEFAULT_ROUNDING:
        return None
    if lang == "en":
        return f"round {rounding.value}"
    return {
        StepRounding.STARTED: "不足一步按一步",
        StepRounding.COMPLETED: "不足一步不计",
        StepRounding.PROPORTIONAL: "按比例计",
    }[rounding]


def rounding_words(rounding: StepRounding, lang: str) -> str:
    """How the rounding reads inside a description."""
    if lang == "en":
        return {
            StepRounding.STARTED: "a started step counts in full",
            StepRounding.COMPLETED: "only completed steps count",
            StepRounding.PROPORTIONAL: "part steps count in proportion",
        }[rounding]
    return {
        StepRounding.STARTED: "不足一步按一步计",
        StepRounding.COMPLETED: "不足一步不计",
        StepRounding.PROPORTIONAL: "不足一步按比例计",
    }[rounding]


# --- "-k per step over/under" ------------------------------------------------------------------

OVER_ZH = "超过|超出|多于|高于|增加|延长|超|多|高|晚"
UNDER_ZH = "低于|少于|减少|缩短|低|少|短|早"

_SLOPE_EN = re.compile(
    rf"^(?P<k>{NUM})\s*(?:pts?|points?)?\s*per\s*"
    rf"(?:(?P<s_n>{NUM})\s*(?P<s_u>{UNIT_RE})?|(?P<bare>{UNIT_RE}))?\s*"
    r"(?P<side>over|above|more|under|below|short|less)"
    r"(?:\s+(?:target|the target|band|the band|standard|the standard))?$",
    re.I,
)
_SLOPE_ZH = re.compile(
    rf"^每(?P<side>{OVER_ZH}|{UNDER_ZH})"
    rf"(?:(?P<s_n>{NUM})\s*(?:(?P<s_u>{UNIT_RE})|分(?!钟))?|(?P<bare>{UNIT_RE}))?\s*"
    rf"(?P<sign>扣减|扣除|扣|减|加)\s*(?P<k>{NUM})\s*分?$"
)
_UNDER_WORDS = {"under", "below", "short", "less"}


@dataclass(frozen=True)
class Slope:
    """`per` points (signed) for every `step` beyond the threshold on `side`."""

    per: float
    step: float
    side: str  # "over" (above the threshold) or "under" (below it)
    signed: bool  # whether HR wrote the direction (+/−, 扣/加) or left it to the keyword


def slope_clause(clause: str, units: UnitTracker) -> Slope | None:
    """Parse "-2 per 5 s over target" / "每超5秒扣2分"; None if the clause is not a slope."""
    m = _SLOPE_EN.match(clause)
    if m:
        per = float(m["k"])
        explicit = m["k"].startswith(("+", "-"))
        side = "under" if m["side"].lower() in _UNDER_WORDS else "over"
    else:
        m = _SLOPE_ZH.match(clause)
        if not m:
            return None
        if m["k"].startswith(("+", "-")):
            raise fail(
                f"'{clause}': write the points without a sign after 扣/加",
                f"「{clause}」：扣/加后面的分数不要带正负号",
            )
        per = float(m["k"]) * (1 if m["sign"] == "加" else -1)
        explicit = True
        side = "under" if re.fullmatch(UNDER_ZH, m["side"]) else "over"
    if m["s_n"] is not None:
        step = units.take(m["s_n"], m["s_u"], "the step", "步长")
    else:  # "per s over" / "每超秒" means one unit per step
        step = units.take("1", m["bare"], "the step", "步长")
    if per == 0:
        raise fail(
            f"'{clause}': the points per step must not be 0",
            f"「{clause}」：每步的分数不能为0",
        )
    return Slope(per=per, step=step, side=side, signed=explicit)


def slope_text(per: float, step: float, side: str, unit: str, lang: str, *, en_tail: str) -> str:
    """The canonical clause for a slope: "-2 per 5 s over target" / "每超5秒扣2分"."""
    step_text = fmt_qty(step, unit, lang)
    if lang == "en":
        word = {"over": "over", "under": "under"}[side]
        sign = "+" if per > 0 else ""
        return f"{sign}{fmt_num(per)} per {step_text} {word}{en_tail}"
    verb = "加" if per > 0 else "扣"
    side_zh = "超" if side == "over" else "低"
    return f"每{side_zh}{step_text}{verb}{fmt_num(abs(per))}分"


_NAMES = {
    "base": ("base", "基础分"),
    "floor": ("floor", "最低分"),
    "cap": ("cap", "最高分"),
    "target": ("target", "目标值"),
    "rounding": ("rounding", "取整方式"),
}


@dataclass
class Clauses:
    """The shared clauses of one rule text, each taken at most once.

    `allowed` names the clauses the rule accepts ("base", "floor", "cap", "target",
    "rounding", "slope"); a clause written twice is an error, never last-one-wins.
    """

    allowed: frozenset[str]
    units: UnitTracker = field(default_factory=UnitTracker)
    base: float | None = None
    floor: float | None = None
    cap: float | None = None
    target: float | None = None
    rounding: StepRounding | None = None
    slopes: list[Slope] = field(default_factory=list)

    def take(self, clause: str) -> bool:
        """Consume `clause` if it is one of the shared clauses; False if it is not."""
        for name, reader in (
            ("base", base_clause),
            ("floor", floor_clause),
            ("cap", cap_clause),
            ("rounding", rounding_clause),
        ):
            if name in self.allowed and (v := reader(clause)) is not None:
                self._set(name, v)
                return True
        if "target" in self.allowed and (t := target_clause(clause, self.units)) is not None:
            self._set("target", t)
            return True
        if "slope" in self.allowed and (s := slope_clause(clause, self.units)) is not None:
            self.slopes.append(s)
            return True
        return False

    def _set(self, name: str, value: object) -> None:
        if getattr(self, name) is not None:
            en, zh = _NAMES[name]
            raise fail(f"{en} is given twice", f"{zh}写了两次")
        setattr(self, name, value)

    def settings(self) -> dict[str, Any]:
        """The rule's settings from the shared clauses it allows, ready for its constructor.

        The one place the defaults are decided: floor 0 when none is written (扣完为止),
        the default rounding, no cap or own target; and the unit the numbers were written
        in, for a rule that reads a target or steps.
        """
        allowed = self.allowed
        out: dict[str, Any] = {}
        if "floor" in allowed:
            out["floor"] = 0.0 if self.floor is None else self.floor
        if "cap" in allowed:
            out["cap"] = self.cap
        if "target" in allowed:
            out["target"] = self.target
        if "rounding" in allowed:
            out["rounding"] = self.rounding or DEFAULT_ROUNDING
        if "target" in allowed or "slope" in allowed:
            out["unit"] = self.units.unit
        return out

    def need_base(self, example_en: str, example_zh: str) -> float:
        """The base points; an error with the example when the rule text has no base clause."""
        if self.base is None:
            raise fail(
                f"missing the base points, e.g. '{example_en}'", f"缺少基础分，如「{example_zh}」"
            )
        return self.base


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
