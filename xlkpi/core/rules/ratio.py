"""Ratio: points in proportion to actual ÷ target (or target ÷ actual when lower is better).

Seed 002: 指标得分 = 实际值/目标值 × 权重 × 100 (the weight is applied by the engine, so the
rule is `ratio: actual/target × 100; cap 100`). For lower-is-better indicators the seed
writes (1 − 实际值/目标值), which gives 0 points exactly at target and more the further
below target: it rewards nothing for meeting the goal, so xlkpi refuses it and offers
`ratio: target/actual × 100; cap 100` (100 at target, less above it, capped below it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlkpi.core.rules.base import RuleScore
from xlkpi.core.rules.bounded import BoundedRule
from xlkpi.core.rules.checks import (
    check_unit,
    fail,
    need_number,
    need_target,
    require_finite,
    require_positive,
)
from xlkpi.core.rules.clauses import (
    Clauses,
    cap_text,
    floor_text,
    given_twice,
    missing,
    target_clauses,
)
from xlkpi.core.rules.registry import register
from xlkpi.core.rules.text import pts
from xlkpi.core.rules.writing import check_lang, fmt_num, fmt_qty, show, show_qty

_ACT = r"(?:actual|实际值|实际|实绩)"
_TGT = r"(?:target|目标值|目标|计划值)"
_TIMES = r"\s*(?:x|\*|×|乘以|乘)\s*"
_FORMULA = re.compile(
    rf"^(?P<a>{_ACT}|{_TGT})\s*(?:/|÷)\s*(?P<b>{_ACT}|{_TGT})(?:{_TIMES}{pts('s')})?$", re.I
)
_SEED_REVERSE = re.compile(rf"^1\s*-\s*{_ACT}\s*(?:/|÷)\s*{_TGT}", re.I)


@register
@dataclass(frozen=True)
class RatioRule(BoundedRule):
    """`scale` × actual/target (or × target/actual when `inverse`), within floor and cap."""

    inverse: bool = False  # True: lower is better, points = target/actual × scale
    scale: float = 100.0  # points exactly at target
    cap: float | None = None  # None means `scale`: no credit beyond the target
    floor: float = 0.0
    target: float | None = None
    unit: str = ""

    kind = "ratio"
    aliases = ("比率", "比例")

    def __post_init__(self) -> None:
        check_unit(self.unit)
        require_positive("scale", "满分倍数", self.scale)
        if self.cap is None:  # normalised so that the text (which always shows it) round-trips
            object.__setattr__(self, "cap", self.scale)
        assert self.cap is not None
        require_positive("cap", "最高分", self.cap)
        require_finite("floor", "最低分", self.floor)
        if self.floor >= self.cap:
            raise fail(
                f"floor {show(self.floor)} is not below the cap {show(self.cap)}",
                f"最低分{show(self.floor)}不低于最高分{show(self.cap)}",
            )
        if self.target is not None:
            require_positive("target", "目标值", self.target)

    @property
    def max_points(self) -> float:
        """The cap (always set: a ratio grows without bound)."""
        assert self.cap is not None
        return self.cap

    def _formula(self, lang: str) -> str:
        if lang == "en":
            return "target ÷ actual" if self.inverse else "actual ÷ target"
        return "目标值÷实际值" if self.inverse else "实际值÷目标值"

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        """`scale` × actual/target (or target/actual), within floor and cap."""
        v = need_number(value)
        t = need_target(self.target, target)
        cap = self.max_points
        if t <= 0:
            raise fail(
                f"the target must be above 0 for a ratio, not {show(t)}",
                f"比率规则的目标值必须大于0，不能是{show(t)}",
            )
        if v < 0:
            raise fail(
                f"a ratio needs a value of 0 or more, not {show(v)}",
                f"比率规则的数值不能为负（{show(v)}）",
            )
        if self.inverse and v == 0:  # nothing at all of a lower-is-better figure: the best
            return RuleScore(cap, explain=self._explain_best, args=(v, cap))
        ratio = t / v if self.inverse else v / t
        raw = ratio * self.scale
        final = self._clamp(raw)
        return RuleScore(final, explain=self._explain, args=(v, t, raw, final))

    def _explain_best(self, v: float, cap: float) -> tuple[str, str]:
        ven, vzh = show_qty(v, self.unit, "en"), show_qty(v, self.unit, "zh")
        return f"{ven}: best possible → {show(cap)}", f"{vzh}：最好结果 → {show(cap)}分"

    def _explain(self, v: float, t: float, raw: float, final: float) -> tuple[str, str]:
        ven, vzh = show_qty(v, self.unit, "en"), show_qty(v, self.unit, "zh")
        ten, tzh = show_qty(t, self.unit, "en"), show_qty(t, self.unit, "zh")
        a_en, b_en = (ten, ven) if self.inverse else (ven, ten)
        a_zh, b_zh = (tzh, vzh) if self.inverse else (vzh, tzh)
        return (
            f"{a_en} ÷ {b_en} × {show(self.scale)} = {show(raw)}"
            + self._clamp_note("en", raw, final),
            f"{a_zh} ÷ {b_zh} × {show(self.scale)} = {show(raw)}分"
            + self._clamp_note("zh", raw, final),
        )

    def describe(self, lang: str = "zh") -> str:
        """The ratio rule in plain words, in `lang`."""
        check_lang(lang)
        en = lang == "en"
        t = None if self.target is None else fmt_qty(self.target, self.unit, lang)
        text = self._formula(lang) + (" × " if en else "×") + show(self.scale)
        if t:
            text += f" (target {t})" if en else f"（目标{t}）"
        if self.inverse:
            text += ", lower is better" if en else "，越低越好"
        top = show(self.max_points)
        text += f", at most {top}" if en else f"，最高{top}分"
        if self.floor:
            text += f", at least {show(self.floor)}" if en else f"，最低{show(self.floor)}分"
        return text

    def to_text(self, lang: str = "zh") -> str:
        """The canonical `ratio:` cell text in `lang`; it parses back to an equal rule."""
        check_lang(lang)
        en = lang == "en"
        parts = target_clauses(self.target, self.unit, lang)
        if en:
            f = "target/actual" if self.inverse else "actual/target"
        else:
            f = "目标/实际" if self.inverse else "实际/目标"
        parts.append(f"{f} × {fmt_num(self.scale)}")
        parts.append(cap_text(self.max_points, lang))
        if self.floor:
            parts.append(floor_text(self.floor, lang))
        return self._text(lang, parts)

    expects = (
        "'actual/target × 100' or 'target/actual × 100', 'cap N', 'floor N', 'target V'",
        "「实际/目标 × 100」或「目标/实际 × 100」「最高N分」「最低N分」「目标V」",
    )

    @classmethod
    def parse_clauses(cls, clauses: list[str], keyword: str) -> RatioRule:
        """The rule from the clauses after `ratio:` (or a Chinese alias)."""
        got = Clauses(frozenset({"floor", "cap", "target"}))
        form: tuple[bool, float] | None = None
        for clause in clauses:
            if _SEED_REVERSE.match(clause):
                raise fail(
                    "'1 − actual/target' gives 0 points exactly at the target and rewards missing "
                    "it less than beating it by nothing; write 'target/actual × 100' "
                    "(100 at target, less when above it)",
                    "「1−实际值/目标值」在恰好达标时得0分，不能用于计分；请改写为「目标/实际 × 100」"
                    "（达标得100分，超出目标则按比例减少）",
                )
            m = _FORMULA.match(clause)
            if m:
                a_act = re.fullmatch(_ACT, m["a"], re.I) is not None
                b_act = re.fullmatch(_ACT, m["b"], re.I) is not None
                if a_act == b_act:
                    raise fail(
                        f"'{clause}': the formula must be actual/target or target/actual",
                        f"「{clause}」：公式应为 实际/目标 或 目标/实际",
                    )
                if form is not None:
                    raise given_twice("the formula", "公式")
                form = (not a_act, 100.0 if m["s"] is None else float(m["s"]))
                continue
            if not got.take(clause):
                raise cls.unknown(clause)
        if form is None:
            raise missing("formula", "公式", "actual/target × 100", "实际/目标 × 100")
        return cls(inverse=form[0], scale=form[1], **got.settings())
