"""The clauses that mean the same in every rule: base, floor, cap, target, rounding and
"-k per step over/under", read from a clause and written back as one; and the two clause
errors every rule's parser reports alike (a needed clause missing, a clause given twice).

Every clause is accepted in English or Chinese whatever the rule keyword's language, so a
Chinese workbook may say `扣分: base 15; 每超5秒扣2分` and still be understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.rules.base import DEFAULT_ROUNDING, RuleError, StepRounding
from xlkpi.core.rules.checks import fail
from xlkpi.core.rules.text import NUM, UNIT_RE, UnitTracker, pts, qty
from xlkpi.core.rules.writing import fmt_num, fmt_qty

# --- shared clauses ------------------------------------------------------------------------


def missing(what_en: str, what_zh: str, example_en: str, example_zh: str) -> RuleError:
    """A clause the rule cannot do without is not there: what it is, and an example."""
    return RuleError(
        f"missing the {what_en}, e.g. '{example_en}'", f"缺少{what_zh}，如「{example_zh}」"
    )


def given_twice(what_en: str, what_zh: str) -> RuleError:
    """A clause a rule takes once is written twice: an error, never last-one-wins."""
    return RuleError(f"{what_en} is given twice", f"{what_zh}写了两次")


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
            raise given_twice(en, zh)
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
            raise missing("base points", "基础分", example_en, example_zh)
        return self.base
