"""Step / tier table: thresholds checked best first, the first one met gives its points.

Seed: 完成所有回访5分, 90%以上3分, 低于90%为0分  ->  `tiers: >=100% 5; >=90% 3; else 0`.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass

from xlkpi.core.rules.base import Rule, RuleScore
from xlkpi.core.rules.checks import check_unit, fail, need_number, require_finite
from xlkpi.core.rules.clauses import given_twice
from xlkpi.core.rules.registry import register
from xlkpi.core.rules.text import ARROW, NOTE, UnitTracker, pts, qty
from xlkpi.core.rules.writing import check_lang, fmt_num, fmt_qty, show, show_qty

OPS = (">=", ">", "<=", "<")
#: operator -> how HR reads it
OP_SIGN = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
_HIGHER = {">=", ">"}

_TIER = re.compile(rf"^{NOTE}(?P<op>>=|<=|>|<)\s*{qty('t')}{ARROW}{pts('p')}$", re.I)
# Chinese word forms: "90%以上 3分", "低于80% 0分", "不低于4.5 30分"
_TIER_ZH_SUFFIX = re.compile(
    rf"^{NOTE}(?:不低于|不少于|达到|至少)?\s*{qty('t')}\s*(?P<w>及以上|以上|及以下|以下){ARROW}{pts('p')}$"
)
_TIER_ZH_PREFIX = re.compile(
    rf"^{NOTE}(?P<w>不低于|不少于|至少|达到|低于|少于|不足|高于|超过|多于)\s*{qty('t')}{ARROW}{pts('p')}$"
)
_ZH_WORD_OP = {
    "及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=",
    "不低于": ">=", "不少于": ">=", "至少": ">=", "达到": ">=",
    "低于": "<", "少于": "<", "不足": "<", "高于": ">", "超过": ">", "多于": ">",
}  # fmt: skip
_ELSE = re.compile(rf"^(?:else|otherwise|other|其他|其它|否则|其余){ARROW}{pts('p')}$", re.I)


@dataclass(frozen=True)
class Tier:
    """One row of the table: a value `op threshold` gets `points`."""

    op: str
    threshold: float
    points: float


#: operator -> comparison, e.g. MET[">="](value, threshold)
MET = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}


def check_op(op: str, what_en: str, what_zh: str) -> None:
    """Refuse a comparison other than the four a rule text can write."""
    if op not in OPS:
        raise fail(
            f"{what_en} operator {op!r} must be one of {', '.join(OPS)}",
            f"{what_zh}比较符{op!r}必须是 {'、'.join(OP_SIGN[o] for o in OPS)} 之一",
        )


def condition(op: str, threshold: float, unit: str, lang: str, *, exact: bool = False) -> str:
    """A comparison as HR reads it, "≥ 90%" / "≥90%"; `exact` writes the threshold in full
    (as in a rule's text) rather than as shown in an explanation."""
    q = fmt_qty(threshold, unit, lang) if exact else show_qty(threshold, unit, lang)
    return f"{OP_SIGN[op]} {q}" if lang == "en" else f"{OP_SIGN[op]}{q}"


_COMPLEMENT = {">=": "<", ">": "<=", "<=": ">", "<": ">="}


def _complement_as_else(tiers: list[Tier], unit: str) -> tuple[list[Tier], float | None]:
    """Read the seeds' closing "低于90%为0分" after "90%以上3分" as the else tier.

    A last tier pointing the other way is the else only when it is the exact complement
    of the tier before it; otherwise some values are in no tier (the seed's process-system
    table leaves 80–85% undefined) and that is reported, not guessed.
    """
    last, prev = tiers[-1], tiers[-2]
    if (last.op in _HIGHER) == (prev.op in _HIGHER):
        return tiers, None
    if last.op == _COMPLEMENT[prev.op] and last.threshold == prev.threshold:
        return tiers[:-1], last.points
    lo, hi = sorted((last.threshold, prev.threshold))
    raise fail(
        f"values between {fmt_qty(lo, unit, 'en')} and {fmt_qty(hi, unit, 'en')} are in no tier: "
        f"the last tier ({condition(last.op, last.threshold, unit, 'en', exact=True)}) does not "
        "meet the one before it; add a tier for them or end with 'else POINTS'",
        f"介于{fmt_qty(lo, unit, 'zh')}和{fmt_qty(hi, unit, 'zh')}之间的数值不属于任何档位："
        f"最后一档（{condition(last.op, last.threshold, unit, 'zh', exact=True)}）与上一档不衔接；"
        "请为其补一档，或以「其他 分数」结尾",
    )


@register
@dataclass(frozen=True)
class TiersRule(Rule):
    """Thresholds, best first; the first tier met gives its points, else `otherwise`."""

    tiers: tuple[Tier, ...]
    otherwise: float = 0.0
    unit: str = ""

    kind = "tiers"
    aliases = ("阶梯", "分档", "档位", "tier")

    def __post_init__(self) -> None:
        check_unit(self.unit)
        if not self.tiers:
            raise fail(
                "a tier table needs at least one threshold, e.g. '>=90% 3'",
                "阶梯规则至少需要一个档位，如「≥90% 3分」",
            )
        for tier in self.tiers:
            check_op(tier.op, "tier", "档位")
            require_finite("tier threshold", "档位阈值", tier.threshold)
            require_finite("tier points", "档位分数", tier.points)
        require_finite("'else' points", "“其他”分数", self.otherwise)
        higher = self.tiers[0].op in _HIGHER
        if any((t.op in _HIGHER) != higher for t in self.tiers):
            raise fail(
                "tiers mix >= and <=; a table is either higher-is-better (all >=/>) "
                "or lower-is-better (all <=/<)",
                "档位混用了≥和≤；一个阶梯要么越高越好（全用≥/>），要么越低越好（全用≤/<）",
            )
        for prev, nxt in zip(self.tiers, self.tiers[1:], strict=False):
            ordered = nxt.threshold < prev.threshold if higher else nxt.threshold > prev.threshold
            if not ordered:
                word_en, word_zh = (
                    ("decreasing", "从高到低") if higher else ("increasing", "从低到高")
                )
                raise fail(
                    f"tier thresholds are not in order: {self._op_show(nxt, 'en')} follows "
                    f"{self._op_show(prev, 'en')}; list them best first, strictly {word_en}",
                    f"档位阈值顺序不对：{self._op_show(nxt, 'zh')}排在{self._op_show(prev, 'zh')}之后；"
                    f"请从最好的档位写起，阈值{word_zh}",
                )
            if nxt.points > prev.points:
                raise fail(
                    f"tier points rise from {show(prev.points)} to {show(nxt.points)} at a worse "
                    "threshold; a better value must never score less",
                    f"档位分数在较差的阈值处从{show(prev.points)}升到{show(nxt.points)}；"
                    "更好的结果不能得分更低",
                )
        if self.otherwise > self.tiers[-1].points:
            raise fail(
                f"'else' points {show(self.otherwise)} exceed the last tier's {show(self.tiers[-1].points)}",
                f"“其他”分数{show(self.otherwise)}高于最后一档的{show(self.tiers[-1].points)}",
            )

    def _op_show(self, tier: Tier, lang: str) -> str:
        return f"{OP_SIGN[tier.op]}{fmt_qty(tier.threshold, self.unit, lang)}"

    @property
    def max_points(self) -> float:
        """The points of the best tier."""
        return self.tiers[0].points

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        """The points of the first tier the value meets, else `otherwise`."""
        v = need_number(value)
        met: Tier | None = None
        for tier in self.tiers:
            if MET[tier.op](v, tier.threshold):
                met = tier
                break
        points = self.otherwise if met is None else met.points
        return RuleScore(points, explain=self._explain, args=(v, met))

    def _explain(self, v: float, tier: Tier | None) -> tuple[str, str]:
        """ "95% is ≥ 90% → 3", or why no tier was met (`tier` None)."""
        vs_en, vs_zh = show_qty(v, self.unit, "en"), show_qty(v, self.unit, "zh")
        if tier is not None:
            return (
                f"{vs_en} is {condition(tier.op, tier.threshold, self.unit, 'en')} → {show(tier.points)}",
                f"{vs_zh}{condition(tier.op, tier.threshold, self.unit, 'zh')} → {show(tier.points)}分",
            )
        last = self.tiers[-1]
        last_en = condition(last.op, last.threshold, self.unit, "en")
        last_zh = condition(last.op, last.threshold, self.unit, "zh")
        return (
            f"{vs_en} meets no tier (the last is {last_en}) → {show(self.otherwise)}",
            f"{vs_zh}未达到任何档位（最低一档{last_zh}）→ {show(self.otherwise)}分",
        )

    def describe(self, lang: str = "zh") -> str:
        """The tiers rule in plain words, in `lang`."""
        check_lang(lang)
        conds = [(condition(t.op, t.threshold, self.unit, lang, exact=True), t) for t in self.tiers]
        if lang == "en":
            parts = [f"{c}: {show(t.points)} points" for c, t in conds]
            return "; ".join([*parts, f"otherwise {show(self.otherwise)} points"])
        parts = [f"{c}得{show(t.points)}分" for c, t in conds]
        return "，".join([*parts, f"其他得{show(self.otherwise)}分"])

    def to_text(self, lang: str = "zh") -> str:
        """The canonical `tiers:` cell text in `lang`; it parses back to an equal rule."""
        check_lang(lang)
        if lang == "en":
            rows = [
                f"{t.op}{fmt_qty(t.threshold, self.unit, 'en')} {fmt_num(t.points)}"
                for t in self.tiers
            ]
            rows.append(f"else {fmt_num(self.otherwise)}")
        else:
            rows = [f"{self._op_show(t, 'zh')} {fmt_num(t.points)}分" for t in self.tiers]
            rows.append(f"其他 {fmt_num(self.otherwise)}分")
        return self._text(lang, rows)

    expects = (
        "'>=THRESHOLD POINTS' (e.g. '>=90% 3') or 'else POINTS'",
        "「≥阈值 分数」（如「≥90% 3分」）或「其他 分数」",
    )

    @classmethod
    def parse_clauses(cls, clauses: list[str], keyword: str) -> TiersRule:
        """The rule from the clauses after `tiers:` (or a Chinese alias)."""
        units = UnitTracker()
        tiers: list[Tier] = []
        otherwise: float | None = None
        for clause in clauses:
            m = _ELSE.match(clause)
            if m:
                if otherwise is not None:
                    raise given_twice("'else'", "“其他”")
                otherwise = float(m["p"])
                continue
            if otherwise is not None:
                raise fail(
                    f"'{clause}' comes after 'else'; 'else' must be the last clause",
                    f"「{clause}」写在“其他”之后；“其他”必须是最后一项",
                )
            m = _TIER.match(clause)
            if m:
                op = m["op"]
            else:
                m = _TIER_ZH_SUFFIX.match(clause) or _TIER_ZH_PREFIX.match(clause)
                if not m:
                    raise cls.unknown(clause)
                op = _ZH_WORD_OP[m["w"]]
            threshold = units.take(m["t_n"], m["t_u"], "a tier threshold", "档位阈值")
            tiers.append(Tier(op, threshold, float(m["p"])))
        if len(tiers) >= 2 and otherwise is None:
            tiers, otherwise = _complement_as_else(tiers, units.unit)
        return cls(tuple(tiers), 0.0 if otherwise is None else otherwise, units.unit)
