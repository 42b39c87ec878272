"""Per-event deductions: base points minus fixed points for each counted event of a kind.

Seed (call-centre discipline): 迟到一次扣20分、早退一次扣20分、旷工扣50分 (base 100)
  `events: base 100; late -20; early -20; absent -50; floor 0`
  `事件：基础100分；迟到一次扣20分；早退一次扣20分；旷工一次扣50分；最低0分`
`inputs` are the event names; the value arrives as {name: count}. A missing name counts 0
(a blank count cell means none happened); a name the rule does not know is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from xlkpi.core.rules.base import RuleScore
from xlkpi.core.rules.bounded import BoundedRule
from xlkpi.core.rules.checks import fail, need_number, require_finite
from xlkpi.core.rules.clauses import Clauses
from xlkpi.core.rules.names import check_names, read_count
from xlkpi.core.rules.registry import register
from xlkpi.core.rules.steps import floor_words
from xlkpi.core.rules.text import NUM
from xlkpi.core.rules.writing import check_lang, fmt_num, show

_PT = r"\s*(?:分|pts?(?![A-Za-z])|points?(?![A-Za-z]))?"
_EVENT_EN = re.compile(
    rf"^(?P<name>.+?)\s*(?P<k>[+-]{NUM}){_PT}(?:\s*(?:each|per time|every time))?$", re.I
)
_EVENT_EN_PER = re.compile(rf"^(?P<k>[+-]?{NUM}){_PT}\s*(?:per|each)\s+(?P<name>.+)$", re.I)
_EVENT_ZH = re.compile(
    rf"^每?(?P<name>.+?)(?:一次|每次|1次)?\s*(?P<sign>扣减|扣除|扣|减|加)\s*(?P<k>{NUM})\s*分?$"
)
_UNSIGNED = re.compile(rf"^(?P<name>.+?)\s+{NUM}{_PT}$")


def _misread(name: str) -> bool:
    """Whether the canonical clauses for `name` (both languages) would not read back as it."""
    for text in (f"{name} -1", f"{name}一次扣1分"):
        if Clauses(frozenset({"base", "floor", "cap"})).take(text):
            return True
        m = _EVENT_EN.match(text) if text.endswith(" -1") else _EVENT_ZH.match(text)
        if not m or m["name"].strip() != name:
            return True
    return False


@register
@dataclass(frozen=True)
class EventsRule(BoundedRule):
    """`base` plus `points` (negative: a deduction) per counted event of each kind."""

    base: float
    events: tuple[tuple[str, float], ...]  # (name, points per event)
    floor: float = 0.0
    cap: float | None = None

    kind = "events"
    aliases = ("事件", "按次", "per event")

    def __post_init__(self) -> None:
        check_names([n for n, _ in self.events], "event", "事件", _misread)
        for name, p in self.events:
            require_finite(f"points of '{name}'", f"「{name}」的分数", p)
            if p == 0:
                raise fail(f"event '{name}' is worth 0 points", f"事件「{name}」的分数为0")
        self._check_bounds(self.base)
        if any(p > 0 for _, p in self.events) and self.cap is None:
            raise fail(
                "an event that adds points needs a cap, e.g. 'cap 100'",
                "有加分事件时需要写最高分，如「最高100分」",
            )

    @cached_property  # read for every value scored; the rule is frozen, so kept once made
    def inputs(self) -> tuple[str, ...]:
        """One count per kind of event, in the order HR wrote them."""
        return tuple(n for n, _ in self.events)

    @property
    def max_points(self) -> float:
        """The cap when an event adds points, else the base."""
        return self.cap if self.cap is not None else self.base

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        """The base plus each kind's points times its count, within floor and cap."""
        counts = self._counts(value)
        raw = self.base + sum(p * counts[n] for n, p in self.events)
        final = self._clamp(raw)
        return RuleScore(final, explain=self._explain, args=(counts, raw, final))

    def _explain(self, counts: dict[str, float], raw: float, final: float) -> tuple[str, str]:
        terms_en = [f"{show(counts[n])} {n} × {show(abs(p))}" for n, p in self.events if counts[n]]
        terms_zh = [f"{n}{show(counts[n])}次×{show(abs(p))}" for n, p in self.events if counts[n]]
        signs = [("−" if p < 0 else "+") for n, p in self.events if counts[n]]
        if not terms_en:
            return f"no events → {show(final)}", f"无扣分事件 → {show(final)}分"
        en = show(self.base) + "".join(f" {s} {t}" for s, t in zip(signs, terms_en, strict=True))
        zh = show(self.base) + "".join(f" {s} {t}" for s, t in zip(signs, terms_zh, strict=True))
        return (
            f"{en} = {show(raw)}{self._clamp_note('en', raw, final)}",
            f"{zh} = {show(raw)}分{self._clamp_note('zh', raw, final)}",
        )

    def _counts(self, value: float | dict[str, float]) -> dict[str, float]:
        names = self.inputs
        if not isinstance(value, dict):
            if len(names) != 1:
                raise fail(
                    f"this rule counts several events ({', '.join(names)}); give a count for each",
                    f"本规则统计多种事件（{'、'.join(names)}），请分别填写次数",
                )
            return {names[0]: read_count(need_number(value, "the count", "次数"), names[0])}
        unknown = [k for k in value if k not in names]
        if unknown:
            raise fail(
                f"unknown event {', '.join(map(repr, unknown))}; the rule counts {', '.join(names)}",
                f"未知事件{'、'.join(unknown)}；本规则统计：{'、'.join(names)}",
            )
        return {n: read_count(value.get(n, 0), n) for n in names}

    def describe(self, lang: str = "zh") -> str:
        """The events rule in plain words, in `lang`."""
        check_lang(lang)
        if lang == "en":
            parts = [
                f"{'plus' if p > 0 else 'minus'} {show(abs(p))} per {n}" for n, p in self.events
            ]
            text = f"{show(self.base)} points, " + ", ".join(parts)
            text += f", at most {show(self.cap)}" if self.cap is not None else ""
            return text + floor_words(self.floor, "en")
        parts = [f"{n}每次{'加' if p > 0 else '扣'}{show(abs(p))}分" for n, p in self.events]
        text = f"基础{show(self.base)}分，" + "，".join(parts)
        text += f"，最高{show(self.cap)}分" if self.cap is not None else ""
        return text + floor_words(self.floor, "zh")

    def to_text(self, lang: str = "zh") -> str:
        """The canonical `events:` cell text in `lang`; it parses back to an equal rule."""
        check_lang(lang)
        en = lang == "en"
        if en:
            parts = [f"base {fmt_num(self.base)}"]
            parts += [f"{n} {'+' if p > 0 else ''}{fmt_num(p)}" for n, p in self.events]
        else:
            parts = [f"基础{fmt_num(self.base)}分"]
            parts += [
                f"{n}一次{'加' if p > 0 else '扣'}{fmt_num(abs(p))}分" for n, p in self.events
            ]
        return self._text(lang, parts + self._floor_cap_text(lang))

    expects = (
        "'base N', 'EVENT -K' (e.g. 'late -20'), 'floor N' or 'cap N'",
        "「基础N分」「事件一次扣K分」（如「迟到一次扣20分」）「最低N分」或「最高N分」",
    )

    @classmethod
    def parse_clauses(cls, clauses: list[str], keyword: str) -> EventsRule:
        """The rule from the clauses after `events:` (or a Chinese alias)."""
        got = Clauses(frozenset({"base", "floor", "cap"}))
        events: list[tuple[str, float]] = []
        for clause in clauses:
            if got.take(clause):
                continue
            m = _EVENT_EN.match(clause) or _EVENT_EN_PER.match(clause)
            if m:
                k = float(m["k"])
                if not m["k"].startswith(("+", "-")):  # "20 per late": an unsigned deduction
                    k = -k
                events.append((m["name"].strip(), k))
                continue
            m = _EVENT_ZH.match(clause)
            if m:
                events.append((m["name"].strip(), float(m["k"]) * (1 if m["sign"] == "加" else -1)))
                continue
            if _UNSIGNED.match(clause):
                raise fail(
                    f"'{clause}': write the points with a sign, e.g. 'late -20' (or 迟到一次扣20分)",
                    f"「{clause}」：请写明扣或加，如「迟到一次扣20分」",
                )
            raise cls.unknown(clause)
        if not events:
            raise fail("no events listed, e.g. 'late -20'", "没有列出事件，如「迟到一次扣20分」")
        return cls(
            base=got.need_base("base 100", "基础100分"),
            events=tuple(events),
            **got.settings(),
        )
