"""Gate: all or nothing at one threshold.

Seed: 质检平均值≥80分 得100分, 低于标准分则该项计0分  ->  `gate: >=80 100; else 0`
(`门槛：≥80 100分；否则 0分`). `>=target` uses the indicator's target column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlkpi.core.rules.base import Rule, RuleScore
from xlkpi.core.rules.checks import check_unit, fail, need_number, need_target, require_finite
from xlkpi.core.rules.clauses import missing
from xlkpi.core.rules.registry import register
from xlkpi.core.rules.text import ARROW, NOTE, UnitTracker, pts, qty
from xlkpi.core.rules.tiers import MET, OP_SIGN, check_op, condition
from xlkpi.core.rules.writing import check_lang, fmt_num, fmt_qty, show, show_qty

_ELSE = rf"(?:else|otherwise|否则|其他|其它|低于标准分?|未达标)\s*(?:为|得|计|记为|->|→|:)?\s*{pts('e')}"
_GATE = re.compile(
    rf"^{NOTE}(?P<op>>=|<=|>|<)\s*(?:(?P<tgt>target|目标值?|标准)|{qty('t')}){ARROW}{pts('p')}"
    rf"(?:\s*{_ELSE})?$",
    re.I,
)
_ELSE_ONLY = re.compile(rf"^{_ELSE}$", re.I)


@register
@dataclass(frozen=True)
class GateRule(Rule):
    """`points` when `value op threshold` holds, else `otherwise` (nothing in between)."""

    op: str
    threshold: float | None  # None: the indicator's target column
    points: float
    otherwise: float = 0.0
    unit: str = ""

    kind = "gate"
    aliases = ("门槛", "达标", "pass")

    def __post_init__(self) -> None:
        check_unit(self.unit)
        check_op(self.op, "gate", "门槛")
        require_finite("gate threshold", "门槛值", self.threshold)
        require_finite("gate points", "达标分", self.points)
        require_finite("'else' points", "未达标分", self.otherwise)
        if self.points <= self.otherwise:
            raise fail(
                f"passing the gate gives {show(self.points)}, not more than failing it "
                f"({show(self.otherwise)})",
                f"达标得{show(self.points)}分，不高于未达标的{show(self.otherwise)}分",
            )

    @property
    def max_points(self) -> float:
        """The points for passing the gate."""
        return self.points

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        """`points` if the value passes the gate, else `otherwise`."""
        v = need_number(value)
        t = need_target(self.threshold, target)
        passed = MET[self.op](v, t)
        points = self.points if passed else self.otherwise
        return RuleScore(points, explain=self._explain, args=(v, t, passed))

    def _explain(self, v: float, t: float, passed: bool) -> tuple[str, str]:
        pts_ = self.points if passed else self.otherwise
        ven, vzh = show_qty(v, self.unit, "en"), show_qty(v, self.unit, "zh")
        if passed:
            return (
                f"{ven} is {condition(self.op, t, self.unit, 'en')} → {show(pts_)}",
                f"{vzh}{condition(self.op, t, self.unit, 'zh')} → {show(pts_)}分",
            )
        return (
            f"{ven} is not {condition(self.op, t, self.unit, 'en')} → {show(pts_)}",
            f"{vzh}不满足{condition(self.op, t, self.unit, 'zh')} → {show(pts_)}分",
        )

    def describe(self, lang: str = "zh") -> str:
        """The gate rule in plain words, in `lang`."""
        check_lang(lang)
        en = lang == "en"
        if self.threshold is None:
            cond = OP_SIGN[self.op] + (" the target" if en else "目标值")
        else:
            cond = condition(self.op, self.threshold, self.unit, lang, exact=True)
        if en:
            return f"{show(self.points)} points if {cond}, otherwise {show(self.otherwise)}"
        return f"{cond}得{show(self.points)}分，否则得{show(self.otherwise)}分"

    def to_text(self, lang: str = "zh") -> str:
        """The canonical `gate:` cell text in `lang`; it parses back to an equal rule."""
        check_lang(lang)
        if lang == "en":
            t = "target" if self.threshold is None else fmt_qty(self.threshold, self.unit, "en")
            return self._text(
                lang, [f"{self.op}{t} {fmt_num(self.points)}", f"else {fmt_num(self.otherwise)}"]
            )
        t = "目标" if self.threshold is None else fmt_qty(self.threshold, self.unit, "zh")
        return self._text(
            lang,
            [
                f"{OP_SIGN[self.op]}{t} {fmt_num(self.points)}分",
                f"否则 {fmt_num(self.otherwise)}分",
            ],
        )

    expects = (
        "'>=THRESHOLD POINTS' then 'else POINTS', e.g. '>=80 100; else 0'",
        "「≥阈值 分数」和「否则 分数」，如「≥80 100分；否则 0分」",
    )

    @classmethod
    def parse_clauses(cls, clauses: list[str], keyword: str) -> GateRule:
        """The rule from the clauses after `gate:` (or a Chinese alias)."""
        units = UnitTracker()
        found: tuple[str, float | None, float] | None = None
        otherwise: float | None = None
        for clause in clauses:
            m = _GATE.match(clause)
            if m and found is None:
                t = None if m["tgt"] else units.take(m["t_n"], m["t_u"], "the threshold", "门槛值")
                found = (m["op"], t, float(m["p"]))
                if m["e"] is not None:
                    otherwise = float(m["e"])
                continue
            e = _ELSE_ONLY.match(clause)
            if e and otherwise is None:
                otherwise = float(e["e"])
                continue
            if m or e:
                raise fail(
                    f"'{clause}' repeats a part of the gate", f"「{clause}」重复了门槛的内容"
                )
            raise cls.unknown(clause)
        if found is None:
            raise missing("gate", "门槛", ">=80 100", "≥80 100分")
        op, threshold, points = found
        return cls(op, threshold, points, 0.0 if otherwise is None else otherwise, units.unit)
