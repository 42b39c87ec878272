"""Behaviour levels: a rater picks level 1..n, each level is worth fixed points.

Seed (manager attitude, table 9-24): 1级为5分 … 5级为25分
  `levels: 1=5; 2=10; 3=15; 4=20; 5=25`   `等级：1级=5分；2级=10分；3级=15分；4级=20分；5级=25分`
The short form `levels: 5, 10, 15, 20, 25` numbers the levels from 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlkpi.core.rules.base import Rule, RuleScore
from xlkpi.core.rules.checks import fail, need_number, require_finite
from xlkpi.core.rules.clauses import given_twice
from xlkpi.core.rules.registry import register
from xlkpi.core.rules.text import pts
from xlkpi.core.rules.writing import check_lang, fmt_num, show

_LEVEL = re.compile(
    rf"^(?:level|lvl|l|第)?\s*(?P<n>\d+)\s*级?\s*(?:=|:|->|→|为|得)\s*{pts('p')}$", re.I
)
_PLAIN = re.compile(rf"^{pts('p')}$")


def _explain(level: int, p: float) -> tuple[str, str]:
    return f"level {level} → {show(p)}", f"{level}级 → {show(p)}分"


@register
@dataclass(frozen=True)
class LevelsRule(Rule):
    """`points[i]` for level i + 1."""

    points: tuple[float, ...]

    kind = "levels"
    aliases = ("等级", "级别", "行为等级")

    def __post_init__(self) -> None:
        if not self.points:
            raise fail(
                "levels: at least one level is needed, e.g. '1=5; 2=10'",
                "等级规则至少需要一个等级，如「1级=5分；2级=10分」",
            )
        for i, p in enumerate(self.points, 1):
            require_finite(f"level {i} points", f"{i}级分数", p)

    @property
    def max_points(self) -> float:
        """The points of the best-paid level."""
        return max(self.points)

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        """The points of the level the rater gave (1..n; anything else is an error)."""
        v = need_number(value, "the level", "等级")
        n = len(self.points)
        if v != int(v) or not 1 <= v <= n:
            raise fail(
                f"level {show(v)} is not one of 1..{n}",
                f"等级{show(v)}不在1到{n}级之间",
            )
        level = int(v)
        p = self.points[level - 1]
        return RuleScore(p, explain=_explain, args=(level, p))

    def describe(self, lang: str = "zh") -> str:
        """The levels rule in plain words, in `lang`."""
        check_lang(lang)
        if lang == "en":
            return ", ".join(f"level {i}: {show(p)} points" for i, p in enumerate(self.points, 1))
        return "，".join(f"{i}级{show(p)}分" for i, p in enumerate(self.points, 1))

    def to_text(self, lang: str = "zh") -> str:
        """The canonical `levels:` cell text in `lang`; it parses back to an equal rule."""
        check_lang(lang)
        form = "{}={}" if lang == "en" else "{}级={}分"
        return self._text(lang, [form.format(i, fmt_num(p)) for i, p in enumerate(self.points, 1)])

    expects = (
        "'LEVEL=POINTS' (e.g. '1=5') or a plain list of points ('5, 10, 15')",
        "「等级=分数」（如「1级=5分」）或按顺序列出分数（「5, 10, 15」）",
    )

    @classmethod
    def parse_clauses(cls, clauses: list[str], keyword: str) -> LevelsRule:
        """The rule from the clauses after `levels:` (or a Chinese alias)."""
        numbered: dict[int, float] = {}
        plain: list[float] = []
        for clause in clauses:
            m = _LEVEL.match(clause)
            if m:
                n = int(m["n"])
                if n in numbered:
                    raise given_twice(f"level {n}", f"{n}级")
                numbered[n] = float(m["p"])
                continue
            m = _PLAIN.match(clause)
            if m:
                plain.append(float(m["p"]))
                continue
            raise cls.unknown(clause)
        if numbered and plain:
            raise fail(
                "mix of numbered levels ('1=5') and plain points ('5'); use one form",
                "混用了编号等级（「1级=5分」）和纯分数（「5分」）；请只用一种写法",
            )
        if plain:
            return cls(tuple(plain))
        missing = [i for i in range(1, max(numbered) + 1) if i not in numbered]
        if missing or 0 in numbered:
            gap = ", ".join(map(str, missing)) if missing else "0"
            raise fail(
                f"levels must be numbered 1, 2, 3 … without gaps; missing or wrong: {gap}",
                f"等级须从1级起连续编号；缺少或有误：{gap}",
            )
        return cls(tuple(numbered[i] for i in range(1, len(numbered) + 1)))
