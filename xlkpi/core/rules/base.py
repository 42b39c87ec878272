"""What every scoring rule is: data HR wrote, able to score a value and describe itself.

One class per rule type lives in its own module in this package and registers itself by
name; `xlkpi.core.rules.parse_rule` builds one from the text in a workbook cell.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from enum import Enum
from typing import TYPE_CHECKING

from xlkpi.core.words import Explained, Explanation, Wording

if TYPE_CHECKING:
    from xlkpi.core.problems import Source


class StepRounding(str, Enum):
    """How a partial step counts, e.g. 183 s against "-10 per 2 s beyond 180 s"."""

    STARTED = "started"  # every started step counts: 183 s -> 2 steps (the default)
    COMPLETED = "completed"  # only whole steps count: 183 s -> 1 step
    PROPORTIONAL = "proportional"  # fractions count: 183 s -> 1.5 steps


DEFAULT_ROUNDING = StepRounding.STARTED


class RuleScore(Explained):
    """Raw points on the indicator's scale, and how they were reached in words.

    `RuleScore(points, en, zh)` takes the words ready; rules pass `explain=` instead, a
    function returning (en, zh) — called with `args`, usually a bound method and the
    numbers it words — so that the words are only made if someone reads them (see
    `xlkpi.core.words`). Read-only, compared by points and words.
    """

    __slots__ = ("_explanation", "_points")

    def __init__(
        self,
        points: float,
        explanation_en: str = "",
        explanation_zh: str = "",
        *,
        explain: Wording | None = None,
        args: tuple = (),
    ):
        self._points = points
        self._explanation = Explanation(explanation_en, explanation_zh, explain, args)

    @property
    def points(self) -> float:
        """The points the rule gives."""
        return self._points

    @property
    def explanation(self) -> Explanation:
        """The words, made on first read; pass this on rather than the text."""
        return self._explanation

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleScore):
            return NotImplemented
        return self._points == other._points and self._explanation == other._explanation

    def __hash__(self) -> int:
        return hash((self._points, self._explanation))

    def __repr__(self) -> str:
        return (
            f"RuleScore(points={self._points!r}, explanation_en={self.explanation_en!r}, "
            f"explanation_zh={self.explanation_zh!r})"
        )


class RuleError(ValueError):
    """A rule's text or parameters are wrong. `message_en`/`message_zh` say what and why;
    callers add where the rule came from."""

    #: the cell the rule text came from, when `parse_rule` was given one
    where: Source | None = None

    def __init__(self, message_en: str, message_zh: str):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh


class Rule(ABC):
    """A scoring rule. Subclasses are frozen dataclasses holding HR's parameters."""

    #: registry name, the keyword HR writes (English); `aliases` holds the Chinese ones,
    #: the first of them being the one the rule's own Chinese text uses
    kind: str = ""
    aliases: tuple[str, ...] = ()
    #: the clauses the rule understands, in English and Chinese, for the error that
    #: answers a clause it does not
    expects: tuple[str, str] = ("", "")

    #: names of the values the rule reads per employee. ("value",) for one actual;
    #: e.g. ("late", "early", "absent") for per-event counts, which then arrive as a dict.
    @property
    def inputs(self) -> tuple[str, ...]:
        """What the rule reads per employee: one actual by default."""
        return ("value",)

    @property
    @abstractmethod
    def max_points(self) -> float:
        """The most this rule can give (the indicator's scale unless HR says otherwise)."""

    @abstractmethod
    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        """Score one employee's value(s). `target` is the indicator's target column, used
        when the rule text does not state its own."""

    @abstractmethod
    def describe(self, lang: str = "zh") -> str:
        """The rule in plain words, e.g. 达标得15分，每超5秒扣2分，扣完为止."""

    @abstractmethod
    def to_text(self, lang: str = "zh") -> str:
        """The canonical cell text that parses back to an equal rule."""

    @classmethod
    def unknown(cls, clause: str) -> RuleError:
        """The error for a clause this kind of rule does not understand, saying what it
        expects instead."""
        kind_zh = cls.aliases[0] if cls.aliases else cls.kind
        expected_en, expected_zh = cls.expects
        return RuleError(
            f"'{clause}' is not understood in a {cls.kind} rule; expected {expected_en}",
            f"{kind_zh}规则中无法识别「{clause}」；应为{expected_zh}",
        )

    def _text(self, lang: str, clauses: list[str], keyword: tuple[str, str] | None = None) -> str:
        """The rule's cell text: its keyword (`keyword`, else the rule's own in `lang`) and
        `clauses`, joined the way that language writes them."""
        en, zh = keyword or (self.kind, self.aliases[0])
        return f"{en}: " + "; ".join(clauses) if lang == "en" else f"{zh}：" + "；".join(clauses)
