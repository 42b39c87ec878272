"""All-or-nothing requirements: base points when every requirement is met, minus fixed
points per unmet one.

Seed (manager, complaint handling): 客户投诉在两小时内响应，3个工作日内解决，解决率为100%；
完成所有要求为30分，任一项没有满足扣10分
  `requirements: base 30; -10 per unmet; floor 0; respond in 2 h; resolve in 3 working days; 100% resolved`
  `要求：全部满足30分；每项未满足扣10分；最低0分；两小时内响应；3个工作日内解决；解决率100%`
Every clause that is not base/deduction/floor is a requirement name. The value is either
{name: 1 met / 0 unmet} (every name required) or a single count of unmet requirements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlkpi.core.rules.base import RuleScore
from xlkpi.core.rules.bounded import BoundedRule
from xlkpi.core.rules.checks import fail, need_number, require_finite
from xlkpi.core.rules.clauses import Clauses, given_twice, missing
from xlkpi.core.rules.names import check_names, read_count
from xlkpi.core.rules.registry import register
from xlkpi.core.rules.steps import floor_words
from xlkpi.core.rules.text import NUM
from xlkpi.core.rules.writing import check_lang, fmt_num, show

_PER_EN = re.compile(
    rf"^(?P<k>[+-]?{NUM})\s*(?:pts?|points?|分)?\s*(?:per|each|for each|for every)\s+"
    r"(?:unmet|missed|failed|unmet requirement|requirement unmet|requirement not met)$",
    re.I,
)
_PER_ZH = re.compile(
    rf"^(?:每|任一|任何一|任意一)项?(?:要求)?(?:未|没有|没|不)(?:满足|达到|完成|达成)\s*"
    rf"(?:扣减|扣除|扣|减)\s*(?P<k>{NUM})\s*分?$"
)


def _misread(name: str) -> bool:
    """Whether the clause `name` would be read as a base, floor or deduction clause."""
    return bool(
        Clauses(frozenset({"base", "floor"})).take(name)
        or _PER_EN.match(name)
        or _PER_ZH.match(name)
    )


@register
@dataclass(frozen=True)
class RequirementsRule(BoundedRule):
    """`base` when all `names` are met, plus `per` (negative) for each unmet one."""

    base: float
    per: float
    names: tuple[str, ...]
    floor: float = 0.0

    kind = "requirements"
    aliases = ("要求", "达成项", "checklist")

    def __post_init__(self) -> None:
        if not self.names:
            raise fail("no requirements listed", "没有列出要求")
        check_names(list(self.names), "requirement", "要求", _misread)
        require_finite("points per unmet requirement", "每项未满足扣分", self.per)
        if self.per >= 0:
            raise fail(
                f"points per unmet requirement must be a deduction (negative), not {show(self.per)}",
                f"每项未满足应为扣分，不能是{show(self.per)}",
            )
        self._check_bounds(self.base)

    @property
    def inputs(self) -> tuple[str, ...]:
        """One input per requirement, by its name."""
        return self.names

    @property
    def max_points(self) -> float:
        """The base: all requirements met."""
        return self.base

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        """The base, minus `per` for each requirement not met."""
        unmet_names: list[str] | None = None
        if isinstance(value, dict):
            unknown = [k for k in value if k not in self.names]
            missing = [n for n in self.names if value.get(n) is None or value.get(n) == ""]
            if unknown:
                raise fail(
                    f"unknown requirement {', '.join(map(repr, unknown))}; the rule lists {', '.join(self.names)}",
                    f"未知要求{'、'.join(unknown)}；本规则的要求：{'、'.join(self.names)}",
                )
            if missing:
                raise fail(
                    f"no answer for {', '.join(missing)}: give 1 (met) or 0 (unmet) for each requirement",
                    f"「{'、'.join(missing)}」未填写：每项要求请填1（满足）或0（未满足）",
                )
            for n in self.names:
                # Excel TRUE/FALSE arrive as bools, which are the ints 1/0: accepted
                if not isinstance(value[n], int | float) or value[n] not in (0, 1):
                    raise fail(
                        f"requirement '{n}' must be 1 (met) or 0 (unmet), not {value[n]!r}",
                        f"要求「{n}」应填1（满足）或0（未满足），不能是{value[n]!r}",
                    )
            unmet_names = [n for n in self.names if value[n] == 0]
            unmet = float(len(unmet_names))
        else:
            unmet = read_count(
                need_number(value, "the count of unmet requirements", "未满足项数"), "unmet"
            )
            if unmet > len(self.names):
                raise fail(
                    f"{show(unmet)} unmet requirements, but the rule lists only {len(self.names)}",
                    f"未满足{show(unmet)}项，但本规则只有{len(self.names)}项要求",
                )
        raw = self.base + self.per * unmet
        final = self._clamp(raw)
        return RuleScore(final, explain=self._explain, args=(unmet, unmet_names, raw, final))

    def _explain(
        self, unmet: float, unmet_names: list[str] | None, raw: float, final: float
    ) -> tuple[str, str]:
        total = len(self.names)
        if unmet == 0:
            return (
                f"all {total} requirements met → {show(final)}",
                f"{total}项要求全部满足 → {show(final)}分",
            )
        which_en = f" ({', '.join(unmet_names)})" if unmet_names else ""
        which_zh = f"（{'、'.join(unmet_names)}）" if unmet_names else ""
        note_en, note_zh = self._clamp_note("en", raw, final), self._clamp_note("zh", raw, final)
        return (
            f"{show(unmet)} of {total} requirements unmet{which_en}: {show(self.base)} − {show(unmet)} × {show(-self.per)} → {show(raw)}{note_en}",
            f"{total}项要求中{show(unmet)}项未满足{which_zh}：{show(self.base)} − {show(unmet)} × {show(-self.per)} → {show(raw)}分{note_zh}",
        )

    def describe(self, lang: str = "zh") -> str:
        """The requirements rule in plain words, in `lang`."""
        check_lang(lang)
        if lang == "en":
            text = (
                f"{show(self.base)} points if all are met ({'; '.join(self.names)}), "
                f"minus {show(-self.per)} for each one unmet"
            )
            return text + floor_words(self.floor, "en")
        text = f"全部满足（{'；'.join(self.names)}）得{show(self.base)}分，任一项未满足扣{show(-self.per)}分"
        return text + floor_words(self.floor, "zh")

    def to_text(self, lang: str = "zh") -> str:
        """The canonical `requirements:` cell text in `lang`; it parses back to an equal rule."""
        check_lang(lang)
        if lang == "en":
            parts = [f"base {fmt_num(self.base)}", f"{fmt_num(self.per)} per unmet"]
        else:
            parts = [f"全部满足{fmt_num(self.base)}分", f"每项未满足扣{fmt_num(-self.per)}分"]
        return self._text(lang, [*parts, *self._floor_cap_text(lang), *self.names])

    @classmethod
    def parse_clauses(cls, clauses: list[str], keyword: str) -> RequirementsRule:
        """The rule from the clauses after `requirements:` (or a Chinese alias)."""
        got = Clauses(frozenset({"base", "floor"}))
        per: float | None = None
        names: list[str] = []
        for clause in clauses:
            if got.take(clause):
                continue
            m = _PER_EN.match(clause) or _PER_ZH.match(clause)
            if m:
                if per is not None:
                    raise given_twice("the deduction per unmet requirement", "每项未满足扣分")
                k = float(m["k"])
                per = -abs(k) if not m["k"].startswith("+") else k
                continue
            names.append(clause)
        if per is None:
            raise missing(
                "deduction per unmet requirement",
                "每项未满足的扣分",
                "-10 per unmet",
                "每项未满足扣10分",
            )
        return cls(
            base=got.need_base("base 30", "全部满足30分"),
            per=per,
            names=tuple(names),
            **got.settings(),
        )
