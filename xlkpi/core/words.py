"""Explanations: how a score was reached, in English and Chinese, worded only when read.

Every score carries an explanation ("182 s is 2 s over 180 s: 1 step × −10 → 90"), yet
almost none are ever read: the workbook shows points, and only JSON output, a UDF or a test
looks at the words. Wording them all up front was ~80% of the engine's time at 10,000
employees × 20 indicators, so an explanation may instead hold a function returning
(en, zh), and the arguments to call it with, that runs once, on the first read of either
language; its words are then kept.

A bound method and a tuple of the numbers it needs (`make=self._explain, args=(v, t)`) is
the usual form: it costs about half the memory of a closure (a lambda keeps a cell per
captured name), and less than the words themselves. The arguments must be values fixed
when the score was made (rules are frozen; numbers are immutable), so wording them later
says exactly what wording them at once would have said.
"""

from __future__ import annotations

from collections.abc import Callable

#: a function wording an explanation: (*args) -> (en, zh)
Wording = Callable[..., tuple[str, str]]


class Explanation:
    """Words in both languages, given ready (`Explanation(en, zh)`) or made on first read
    (`Explanation(make=fn, args=(...))`: `fn(*args)` returns (en, zh)). Read `.en` / `.zh`;
    compares and hashes by its words."""

    __slots__ = ("_args", "_make", "_words")

    def __init__(self, en: str = "", zh: str = "", make: Wording | None = None, args: tuple = ()):
        self._make = make
        self._args = args
        self._words = (en, zh) if make is None else None

    @property
    def words(self) -> tuple[str, str]:
        """(en, zh), worded now if this is the first read."""
        words = self._words
        if words is None:
            assert self._make is not None
            words = self._words = self._make(*self._args)
            self._make, self._args = None, ()  # let go of what the wording needed
        return words

    @property
    def en(self) -> str:
        """The words in English, made on first read."""
        return self.words[0]

    @property
    def zh(self) -> str:
        """The words in Chinese, made on first read."""
        return self.words[1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Explanation):
            return NotImplemented
        return self is other or self.words == other.words

    def __hash__(self) -> int:
        return hash(self.words)

    def __bool__(self) -> bool:
        return any(self.words)

    def __repr__(self) -> str:
        en, zh = self.words
        return f"Explanation({en!r}, {zh!r})"


#: no explanation (an unscored indicator, a rater score given as points)
NO_EXPLANATION = Explanation()


class Explained:
    """Something that carries an `explanation` (a rule's score, an indicator's result) and
    is read in either language; the words are still made only when read."""

    __slots__ = ()

    @property
    def explanation(self) -> Explanation:
        """How the figure was reached; pass this on rather than the text."""
        raise NotImplementedError

    @property
    def explanation_en(self) -> str:
        """How the figure was reached, in English."""
        return self.explanation.en

    @property
    def explanation_zh(self) -> str:
        """How the figure was reached, in Chinese."""
        return self.explanation.zh
