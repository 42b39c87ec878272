"""Asymmetric slopes: a standard score at the target, a bonus per step on the good side
(stopping at a limit) and a penalty per step on the bad side.

Seed (call-centre after-call work): 话后时间每缩短1秒加2分，奖励上限到25秒止，每多1秒扣减5分，
扣完该项为止，标准分值为70分 (standard 40 s):
  `slopes: target 40 s; base 70; -5 per 1 s over; +2 per 1 s under; bonus stops at 25 s; floor 0`
  `奖惩：标准40秒；标准分70分；每超1秒扣5分；每低1秒加2分；奖励上限到25秒止；最低0分`
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlkpi.core.rules.base import DEFAULT_ROUNDING, RuleScore, StepRounding
from xlkpi.core.rules.bounded import SteppedRule
from xlkpi.core.rules.checks import check_slope, fail, need_number, need_target, require_finite
from xlkpi.core.rules.clauses import Clauses, given_twice, slope_text
from xlkpi.core.rules.registry import register
from xlkpi.core.rules.text import qty
from xlkpi.core.rules.writing import check_lang, fmt_num, fmt_qty, show, show_qty

_LIMIT_EN = re.compile(rf"^bonus\s*(?:stops at|stops|limit|until|up to)\s*{qty('v')}$", re.I)
_LIMIT_ZH = re.compile(rf"^(?:奖励|加分)(?:上限)?(?:到|至)?\s*{qty('v')}\s*(?:为止|止)?$")


@register
@dataclass(frozen=True)
class SlopesRule(SteppedRule):
    """`base` at the target; `over_per` per `over_step` above it and `under_per` per
    `under_step` below it (one side a bonus, the other a penalty); the bonus counts only up
    to the value `limit`; the result is kept within `floor` and `cap`."""

    base: float
    over_per: float
    over_step: float
    under_per: float
    under_step: float
    target: float | None = None
    limit: float | None = None
    floor: float = 0.0
    cap: float | None = None
    unit: str = ""
    rounding: StepRounding = DEFAULT_ROUNDING

    kind = "slopes"
    aliases = ("奖惩", "加扣分")

    def __post_init__(self) -> None:
        self._check_steps()
        check_slope(self.over_per, self.over_step, "over", "the 'over'", "超出")
        check_slope(self.under_per, self.under_step, "under", "the 'under'", "低于")
        self._check_bounds(self.base)
        require_finite("target", "目标值", self.target)
        require_finite("bonus limit", "奖励上限", self.limit)
        if (self.over_per > 0) == (self.under_per > 0):
            raise fail(
                "one side must be a bonus (+) and the other a penalty (−); "
                "for penalties on both sides use 'band:'",
                "一侧应为加分、另一侧为扣分；两侧都扣分请用「区间：」",
            )
        if self.limit is not None and self.target is not None:
            bonus_over = self.over_per > 0
            if (self.limit <= self.target) if bonus_over else (self.limit >= self.target):
                word_en, word_zh = ("above", "高于") if bonus_over else ("below", "低于")
                raise fail(
                    f"the bonus limit {show(self.limit)} must be {word_en} the target {show(self.target)}",
                    f"奖励上限{show(self.limit)}必须{word_zh}目标{show(self.target)}",
                )
        if self.cap is None and (self.limit is None or self.target is None):
            raise fail(
                "the bonus is unbounded: state a cap, or the target and a bonus limit",
                "加分没有上限：请写最高分，或写明目标和奖励上限",
            )

    @property
    def _bonus_side(self) -> str:
        return "over" if self.over_per > 0 else "under"

    @property
    def max_points(self) -> float:
        """The cap, or what the bonus reaches at its limit when that is lower."""
        best = self.cap
        if self.limit is not None and self.target is not None:
            per, step = (
                (self.over_per, self.over_step)
                if self._bonus_side == "over"
                else (self.under_per, self.under_step)
            )
            reach = self.base + per * self._steps(abs(self.limit - self.target), step)
            best = reach if best is None else min(best, reach)
        assert best is not None  # guaranteed by __post_init__
        return round(best, 9)

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        """The base, plus the bonus or penalty per step away from the target."""
        v = need_number(value)
        t = need_target(self.target, target)
        if v == t:
            return RuleScore(self.base, explain=self._explain_at_target, args=(v,))
        side = "over" if v > t else "under"
        per, step = (
            (self.over_per, self.over_step) if side == "over" else (self.under_per, self.under_step)
        )
        counted = v
        if side == self._bonus_side and self.limit is not None:
            beyond = v > self.limit if side == "over" else v < self.limit
            if beyond:  # the seed's 奖励上限到25秒止: nothing more beyond the limit
                counted = self.limit
        steps = self._steps(abs(counted - t), step)
        raw = self.base + per * steps
        return RuleScore(
            self._clamp(raw), explain=self._explain, args=(v, counted, t, side, steps, per, raw)
        )

    def _explain_at_target(self, v: float) -> tuple[str, str]:
        return (
            f"{show_qty(v, self.unit, 'en')} is at the target → {show(self.base)}",
            f"{show_qty(v, self.unit, 'zh')}等于标准 → {show(self.base)}分",
        )

    def _explain(
        self,
        v: float,
        counted: float,
        t: float,
        side: str,
        steps: float,
        per: float,
        raw: float,
    ) -> tuple[str, str]:
        en, zh = self._explain_steps(counted, t, side, steps, per, raw)
        if counted != v:  # the bonus stopped at the limit
            assert self.limit is not None
            lim_en, lim_zh = (
                show_qty(self.limit, self.unit, "en"),
                show_qty(self.limit, self.unit, "zh"),
            )
            en = f"{show_qty(v, self.unit, 'en')} (bonus counted to {lim_en}): {en}"
            zh = f"{show_qty(v, self.unit, 'zh')}（奖励只计到{lim_zh}）：{zh}"
        return en, zh

    def describe(self, lang: str = "zh") -> str:
        """The slopes rule in plain words, in `lang`."""
        check_lang(lang)
        t = None if self.target is None else fmt_qty(self.target, self.unit, lang)
        lim = None if self.limit is None else fmt_qty(self.limit, self.unit, lang)
        parts = []
        for side, per, step in (
            ("over", self.over_per, self.over_step),
            ("under", self.under_per, self.under_step),
        ):
            s = fmt_qty(step, self.unit, lang)
            bonus = per > 0
            if lang == "en":
                part = f"{'plus' if bonus else 'minus'} {show(abs(per))} per {s} {side}"
                if bonus and lim:
                    part += f" (counted up to {lim})"
            else:
                part = f"每{'超' if side == 'over' else '低'}{s}{'加' if bonus else '扣'}{show(abs(per))}分"
                if bonus and lim:
                    part += f"（奖励上限到{lim}止）"
            parts.append(part)
        if lang == "en":
            text = f"{show(self.base)} points at the target" + (f" ({t})" if t else "")
            text += ", " + ", ".join(parts)
            if self.cap is not None:
                text += f", at most {show(self.cap)}"
            return text + self._closing_words(lang)
        text = (
            "达到标准" + (f"（{t}）" if t else "") + f"得{show(self.base)}分，" + "，".join(parts)
        )
        if self.cap is not None:
            text += f"，最高{show(self.cap)}分"
        return text + self._closing_words(lang)

    def to_text(self, lang: str = "zh") -> str:
        """The canonical `slopes:` cell text in `lang`; it parses back to an equal rule."""
        check_lang(lang)
        en = lang == "en"
        parts = []
        if self.target is not None:
            parts.append(("target " if en else "标准") + fmt_qty(self.target, self.unit, lang))
        parts.append(f"base {fmt_num(self.base)}" if en else f"标准分{fmt_num(self.base)}分")
        parts.append(slope_text(self.over_per, self.over_step, "over", self.unit, lang, en_tail=""))
        parts.append(
            slope_text(self.under_per, self.under_step, "under", self.unit, lang, en_tail="")
        )
        if self.limit is not None:
            lim = fmt_qty(self.limit, self.unit, lang)
            parts.append(f"bonus stops at {lim}" if en else f"奖励上限到{lim}止")
        return self._text(lang, parts + self._closing_text(lang))

    expects = (
        "'target V', 'base N', '-K per STEP over', '+K per STEP under', "
        "'bonus stops at V', 'floor N', 'cap N' or a rounding",
        "「标准V」「标准分N分」「每超 步长 扣K分」「每低 步长 加K分」「奖励上限到V止」"
        "「最低N分」「最高N分」或取整方式",
    )

    @classmethod
    def parse_clauses(cls, clauses: list[str], keyword: str) -> SlopesRule:
        """The rule from the clauses after `slopes:` (or a Chinese alias)."""
        got = Clauses(frozenset({"base", "floor", "cap", "target", "rounding", "slope"}))
        limit: float | None = None
        for clause in clauses:
            m = _LIMIT_EN.match(clause) or _LIMIT_ZH.match(clause)
            if m:
                if limit is not None:
                    raise given_twice("the bonus limit", "奖励上限")
                limit = got.units.take(m["v_n"], m["v_u"], "the bonus limit", "奖励上限")
                continue
            if not got.take(clause):
                raise cls.unknown(clause)
        over = [s for s in got.slopes if s.side == "over"]
        under = [s for s in got.slopes if s.side == "under"]
        if len(over) != 1 or len(under) != 1:
            raise fail(
                "a slopes rule needs one 'over' and one 'under' clause, e.g. "
                "'-5 per 1 s over; +2 per 1 s under'",
                "奖惩规则需要一条“超”和一条“低”，如「每超1秒扣5分；每低1秒加2分」",
            )
        for s in got.slopes:
            if not s.signed:
                raise fail(
                    "write + or − on each per-step clause so the bonus side is clear, "
                    "e.g. '-5 per 1 s over'",
                    "请在每步分数前写明加或扣，如「每超1秒扣5分」",
                )
        return cls(
            base=got.need_base("base 70", "标准分70分"),
            over_per=over[0].per,
            over_step=over[0].step,
            under_per=under[0].per,
            under_step=under[0].step,
            limit=limit,
            **got.settings(),
        )
