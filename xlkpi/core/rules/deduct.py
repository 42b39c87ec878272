"""Per-unit deduction (or bonus) from a target, on one side of it.

Seeds: 达标得15分，每超5秒扣2分 (lower is better: deduct over the target);
每低1%扣1分, 每少1条扣3分 (higher is better: deduct under it).
  `deduct: base 15; -2 per 5 s over target; floor 0`
  `扣分：目标30秒；达标得15分；每超5秒扣2分；最低0分`
A positive slope is a bonus and needs a cap: `bonus: base 10; +1 per 1% over target; cap 15`.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlkpi.core.rules.base import DEFAULT_ROUNDING, RuleScore, StepRounding
from xlkpi.core.rules.bounded import SteppedRule
from xlkpi.core.rules.checks import check_slope, fail, need_number, need_target
from xlkpi.core.rules.clauses import Clauses, slope_text, target_clauses
from xlkpi.core.rules.registry import register
from xlkpi.core.rules.writing import check_lang, fmt_num, fmt_qty, show, show_qty

_BONUS_WORDS = {"bonus", "加分"}


@register
@dataclass(frozen=True)
class DeductRule(SteppedRule):
    """`base` points at or better than the target; `per` points (negative: a deduction) for
    every `step` the value is beyond the target on `side`; kept within floor and cap."""

    base: float
    per: float
    step: float
    side: str  # "over": lower is better (time, errors); "under": higher is better (rates)
    target: float | None = None  # None: the indicator's target column
    floor: float = 0.0  # 扣完为止: a deduction stops at 0 unless HR says otherwise
    cap: float | None = None  # a bonus must be capped, else max_points is unbounded
    unit: str = ""
    rounding: StepRounding = DEFAULT_ROUNDING

    kind = "deduct"
    aliases = ("扣分", "bonus", "加分")

    def __post_init__(self) -> None:
        self._check_steps()
        check_slope(self.per, self.step, self.side, "the", "")
        self._check_bounds(self.base)
        if self.per < 0 and self.cap is not None:
            raise fail(
                "cap only applies to a bonus (a + slope); a deduction never exceeds its base",
                "最高分只用于加分（每步加分）；扣分规则不会超过基础分",
            )
        if self.per > 0 and self.cap is None:
            raise fail(
                "a bonus (a + slope) needs a cap, e.g. 'cap 15'",
                "加分规则需要写最高分，如「最高15分」",
            )

    @property
    def max_points(self) -> float:
        """The cap for a bonus, else the base (a deduction never adds)."""
        return self.cap if self.cap is not None else self.base

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        """The base, plus `per` for each step beyond the target on the rule's side."""
        v = need_number(value)
        t = need_target(self.target, target)
        excess = v - t if self.side == "over" else t - v
        if excess <= 0:
            return RuleScore(self.base, explain=self._explain_met, args=(v, t))
        steps = self._steps(excess, self.step)
        raw = self.base + self.per * steps
        return RuleScore(
            self._clamp(raw),
            explain=self._explain_steps,
            args=(v, t, self.side, steps, self.per, raw),
        )

    def _explain_met(self, v: float, t: float) -> tuple[str, str]:
        vs = {lang: show_qty(v, self.unit, lang) for lang in ("en", "zh")}
        ts = {lang: show_qty(t, self.unit, lang) for lang in ("en", "zh")}
        not_zh = "未超过" if self.side == "over" else "不低于"
        return (
            f"{vs['en']} is not {self.side} the target {ts['en']} → {show(self.base)}",
            f"{vs['zh']}{not_zh}目标{ts['zh']} → {show(self.base)}分",
        )

    def describe(self, lang: str = "zh") -> str:
        """The deduct rule in plain words, in `lang`."""
        check_lang(lang)
        step = fmt_qty(self.step, self.unit, lang)
        t = None if self.target is None else fmt_qty(self.target, self.unit, lang)
        if lang == "en":
            at = f"{show(self.base)} points at the target" + (f" ({t})" if t else "")
            verb = "plus" if self.per > 0 else "minus"
            text = f"{at}, {verb} {show(abs(self.per))} per {step} {self.side}"
            if self.cap is not None:
                text += f", up to {show(self.cap)}"
            return text + self._closing_words(lang, floor=self.cap is None)
        at = "达标" + (f"（目标{t}）" if t else "") + f"得{show(self.base)}分"
        side = "超" if self.side == "over" else "低"
        verb = "加" if self.per > 0 else "扣"
        text = f"{at}，每{side}{step}{verb}{show(abs(self.per))}分"
        if self.cap is not None:
            text += f"，最高{show(self.cap)}分"
        return text + self._closing_words(lang, floor=self.cap is None)

    def to_text(self, lang: str = "zh") -> str:
        """The canonical `deduct:` cell text in `lang`; it parses back to an equal rule."""
        check_lang(lang)
        en = lang == "en"
        parts = target_clauses(self.target, self.unit, lang)
        parts.append(f"base {fmt_num(self.base)}" if en else f"达标得{fmt_num(self.base)}分")
        parts.append(slope_text(self.per, self.step, self.side, self.unit, lang, en_tail=" target"))
        parts += self._closing_text(lang, floor=self.per < 0 or self.floor != 0)
        return self._text(lang, parts, ("bonus", "加分") if self.per > 0 else None)

    expects = (
        "'base N', '-K per STEP over|under target', 'floor N', 'cap N', "
        "'target V' or 'round started|completed|proportional'",
        "「达标得N分」「每超/每低 步长 扣K分」「最低N分」「最高N分」「目标V」或取整方式",
    )

    @classmethod
    def parse_clauses(cls, clauses: list[str], keyword: str) -> DeductRule:
        """The rule from the clauses after `deduct:` (or a Chinese alias)."""
        got = Clauses(frozenset({"base", "floor", "cap", "target", "rounding", "slope"}))
        for clause in clauses:
            if not got.take(clause):
                raise cls.unknown(clause)
        if len(got.slopes) != 1:
            raise fail(
                "a deduct rule needs exactly one per-step clause, e.g. '-2 per 5 s over target'",
                "扣分规则需要且只需要一条每步扣分，如「每超5秒扣2分」",
            )
        base = got.need_base("base 15", "达标得15分")
        slope = got.slopes[0]
        bonus_kw = keyword.lower() in _BONUS_WORDS
        per = slope.per
        if not slope.signed:  # "2 per 5 s over": the keyword says which way
            per = abs(per) if bonus_kw else -abs(per)
        elif bonus_kw != (per > 0):
            raise fail(
                f"'{keyword}' does not match a {'minus' if per < 0 else 'plus'} per-step clause; "
                "use 'deduct:' for minus points and 'bonus:' for plus points",
                f"「{keyword}」与每步{'扣分' if per < 0 else '加分'}不符；扣分用「扣分：」，加分用「加分：」",
            )
        return cls(base=base, per=per, step=slope.step, side=slope.side, **got.settings())
