"""Two-sided band: full points inside [low, high], a deduction per step outside either edge.

Seed (call-centre talk time): 40秒≤x≤180秒 100分, 每增加2秒扣10分, 少于40秒每减少2秒扣10分
  `band: 40 s to 180 s 100; -10 per 2 s over; -10 per 2 s under; floor 0`
  `区间：40秒至180秒 100分；每超2秒扣10分；每低2秒扣10分；最低0分`
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlkpi.core.rules.base import DEFAULT_ROUNDING, RuleScore, StepRounding
from xlkpi.core.rules.bounded import SteppedRule
from xlkpi.core.rules.checks import check_slope, fail, need_number, require_finite
from xlkpi.core.rules.clauses import Clauses, Slope, given_twice, missing, slope_text
from xlkpi.core.rules.registry import register
from xlkpi.core.rules.text import ARROW, pts, qty
from xlkpi.core.rules.writing import check_lang, fmt_num, fmt_qty, show, show_qty

_RANGE = re.compile(rf"^{qty('lo')}\s*(?:-|~|to|至|到)\s*{qty('hi')}(?:{ARROW}{pts('p')})?$", re.I)
# the seed's own notation: 40秒≤x≤180秒
_RANGE_X = re.compile(rf"^{qty('lo')}\s*<=\s*[xX]\s*<=\s*{qty('hi')}(?:{ARROW}{pts('p')})?$")


@register
@dataclass(frozen=True)
class BandRule(SteppedRule):
    """`points` for a value in [low, high] (both inclusive); outside, `over_per` per
    `over_step` above `high` and `under_per` per `under_step` below `low`."""

    low: float
    high: float
    points: float
    over_per: float | None = None
    over_step: float | None = None
    under_per: float | None = None
    under_step: float | None = None
    floor: float = 0.0
    unit: str = ""
    rounding: StepRounding = DEFAULT_ROUNDING

    kind = "band"
    aliases = ("区间", "范围", "range")

    def __post_init__(self) -> None:
        self._check_steps()
        require_finite("band low", "区间下限", self.low)
        require_finite("band high", "区间上限", self.high)
        require_finite("band points", "区间分数", self.points)
        require_finite("floor", "最低分", self.floor)
        if self.low > self.high:
            raise fail(
                f"band low {show(self.low)} is above band high {show(self.high)}",
                f"区间下限{show(self.low)}高于上限{show(self.high)}",
            )
        sides = (
            ("over", self.over_per, self.over_step, "the 'over'", "超出上限"),
            ("under", self.under_per, self.under_step, "the 'under'", "低于下限"),
        )
        for side, per, step, en, zh in sides:
            if (per is None) != (step is None):
                raise fail(f"{en} clause needs both points and a step", f"{zh}的扣分需要分数和步长")
            if per is not None and step is not None:
                check_slope(per, step, side, en, zh)
                if per > 0:
                    raise fail(
                        f"{en} points per step must be a deduction (negative), not +{show(per)}",
                        f"{zh}每步分数应为扣分，不能是加{show(per)}分",
                    )
        if self.over_per is None and self.under_per is None:
            raise fail(
                "a band needs a deduction on at least one side, e.g. '-10 per 2 s over'",
                "区间规则至少需要一侧的扣分，如「每超2秒扣10分」",
            )
        if self.floor > self.points:
            raise fail(
                f"floor {show(self.floor)} is above the band points {show(self.points)}",
                f"最低分{show(self.floor)}高于区间分{show(self.points)}",
            )

    @property
    def max_points(self) -> float:
        """The band's points: nothing scores more than a value inside the band."""
        return self.points

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        """The band's points inside it; outside, the slope per step beyond the nearer edge."""
        v = need_number(value)
        if self.low <= v <= self.high:
            return RuleScore(self.points, explain=self._explain_inside, args=(v,))
        if v > self.high:
            side, ref, per, step = "over", self.high, self.over_per, self.over_step
        else:
            side, ref, per, step = "under", self.low, self.under_per, self.under_step
        if per is None or step is None:
            return RuleScore(self.points, explain=self._explain_free_side, args=(v, side))
        steps = self._steps(abs(v - ref), step)
        raw = self.points + per * steps
        return RuleScore(
            self._clamp(raw), explain=self._explain_steps, args=(v, ref, side, steps, per, raw)
        )

    def _explain_inside(self, v: float) -> tuple[str, str]:
        return (
            f"{show_qty(v, self.unit, 'en')} is within {self._range('en')} → {show(self.points)}",
            f"{show_qty(v, self.unit, 'zh')}在{self._range('zh')}之内 → {show(self.points)}分",
        )

    def _explain_free_side(self, v: float, side: str) -> tuple[str, str]:
        word_en, word_zh = ("above", "高于") if side == "over" else ("below", "低于")
        return (
            f"{show_qty(v, self.unit, 'en')} is {word_en} the band; no deduction that side → {show(self.points)}",
            f"{show_qty(v, self.unit, 'zh')}{word_zh}区间，该侧不扣分 → {show(self.points)}分",
        )

    def _range(self, lang: str) -> str:
        lo, hi = fmt_qty(self.low, self.unit, lang), fmt_qty(self.high, self.unit, lang)
        return f"{lo} to {hi}" if lang == "en" else f"{lo}至{hi}"

    def _slopes(self, lang: str) -> list[str]:
        out = []
        for side, per, step in (
            ("over", self.over_per, self.over_step),
            ("under", self.under_per, self.under_step),
        ):
            if per is not None and step is not None:
                out.append(slope_text(per, step, side, self.unit, lang, en_tail=""))
        return out

    def describe(self, lang: str = "zh") -> str:
        """The band rule in plain words, in `lang`."""
        check_lang(lang)
        parts = []
        for side, per, step in (
            ("over", self.over_per, self.over_step),
            ("under", self.under_per, self.under_step),
        ):
            if per is None or step is None:
                continue
            s = fmt_qty(step, self.unit, lang)
            if lang == "en":
                parts.append(f"minus {show(-per)} per {s} {'above' if side == 'over' else 'below'}")
            else:
                word = "高于上限每超" if side == "over" else "低于下限每低"
                parts.append(f"{word}{s}扣{show(-per)}分")
        if lang == "en":
            text = f"{show(self.points)} points from {self._range('en')}; " + ", ".join(parts)
            return text + self._closing_words(lang)
        text = f"{self._range('zh')}得{show(self.points)}分，" + "，".join(parts)
        return text + self._closing_words(lang)

    def to_text(self, lang: str = "zh") -> str:
        """The canonical `band:` cell text in `lang`; it parses back to an equal rule."""
        check_lang(lang)
        en = lang == "en"
        head = f"{self._range(lang)} {fmt_num(self.points)}" + ("" if en else "分")
        return self._text(lang, [head, *self._slopes(lang), *self._closing_text(lang)])

    expects = (
        "'LOW to HIGH POINTS', '-K per STEP over|under', 'floor N' or a rounding",
        "「下限至上限 分数」「每超/每低 步长 扣K分」「最低N分」或取整方式",
    )

    @classmethod
    def parse_clauses(cls, clauses: list[str], keyword: str) -> BandRule:
        """The rule from the clauses after `band:` (or a Chinese alias)."""
        got = Clauses(frozenset({"base", "floor", "rounding", "slope"}))
        band: tuple[float, float] | None = None
        for clause in clauses:
            m = _RANGE.match(clause) or _RANGE_X.match(clause)
            if m:
                if band is not None:
                    raise given_twice("the band", "区间")
                lo = got.units.take(m["lo_n"], m["lo_u"], "band low", "区间下限")
                hi = got.units.take(m["hi_n"], m["hi_u"], "band high", "区间上限")
                band = (lo, hi)
                if m["p"] is not None:
                    got.take(f"base {m['p']}")
                continue
            if not got.take(clause):
                raise cls.unknown(clause)
        if band is None:
            raise missing("band", "区间", "40 s to 180 s 100", "40秒至180秒 100分")
        points = got.need_base("40 s to 180 s 100", "40秒至180秒 100分")
        over = [s for s in got.slopes if s.side == "over"]
        under = [s for s in got.slopes if s.side == "under"]
        if len(over) > 1 or len(under) > 1:
            raise fail("a band side has two deductions", "区间同一侧写了两条扣分")
        for s in got.slopes:
            if s.signed and s.per > 0:
                raise fail(
                    "a band deducts outside it; write '-K per STEP over|under'",
                    "区间外应为扣分；请写「每超/每低 步长 扣K分」",
                )

        def per_of(slopes: list[Slope]) -> float | None:
            return -abs(slopes[0].per) if slopes else None

        return cls(
            low=band[0],
            high=band[1],
            points=points,
            over_per=per_of(over),
            over_step=over[0].step if over else None,
            under_per=per_of(under),
            under_step=under[0].step if under else None,
            **got.settings(),
        )
