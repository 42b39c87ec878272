"""What the rules that add or take points share: a floor and a cap on the result, and for
the rules that count steps beyond a reference, the unit and the rounding of a part step.

Each piece is said once here, so a rule module says only what is its own.
"""

from __future__ import annotations

from xlkpi.core.rules.base import Rule, StepRounding
from xlkpi.core.rules.checks import check_floor_cap, check_rounding, check_unit
from xlkpi.core.rules.clauses import cap_text, floor_text, rounding_text, rounding_words
from xlkpi.core.rules.steps import clamp, clamp_note, count_steps, explain_steps, floor_words


class BoundedRule(Rule):
    """A rule whose points are kept within `floor` and, when it has one, `cap`."""

    floor: float
    #: None: no cap. Rules without a cap field never give more than their base points.
    cap: float | None = None

    def _check_bounds(self, base: float) -> None:
        """Refuse a floor above the `base` points or a cap below them."""
        check_floor_cap(base, self.floor, self.cap)

    def _clamp(self, raw: float) -> float:
        """`raw` kept within the rule's floor and cap."""
        return clamp(raw, self.floor, self.cap)

    def _clamp_note(self, lang: str, raw: float, final: float) -> str:
        """ ", floor 0 → 0" or ", capped at 15" when the floor or cap changed `raw`."""
        return clamp_note(lang, raw, final, self.floor, self.cap)

    def _floor_cap_text(self, lang: str, *, floor: bool = True) -> list[str]:
        """The floor clause (unless `floor` is False) and the cap clause, as written in
        the rule's text."""
        parts = [floor_text(self.floor, lang)] if floor else []
        if self.cap is not None:
            parts.append(cap_text(self.cap, lang))
        return parts


class SteppedRule(BoundedRule):
    """A bounded rule that counts steps of a quantity in `unit` beyond a reference, a part
    step counting as `rounding` says."""

    unit: str
    rounding: StepRounding

    def _check_steps(self) -> None:
        """Refuse an unknown unit or rounding."""
        check_unit(self.unit)
        check_rounding(self.rounding)

    def _steps(self, distance: float, step: float) -> float:
        """How many steps of `step` the `distance` beyond the reference covers."""
        return count_steps(distance, step, self.rounding)

    def _explain_steps(
        self, v: float, ref: float, side: str, steps: float, per: float, raw: float
    ) -> tuple[str, str]:
        """ "182 s is 2 s over 180 s: 1 step × −10 → 90", in English and Chinese."""
        args = (v, ref, side, steps, per, raw, self._clamp(raw), self.unit, self.floor, self.cap)
        return explain_steps("en", *args), explain_steps("zh", *args)

    def _closing_text(self, lang: str, *, floor: bool = True) -> list[str]:
        """The floor, cap and (when not the default) rounding clauses of the rule's text."""
        parts = self._floor_cap_text(lang, floor=floor)
        extra = rounding_text(self.rounding, lang)
        if extra:
            parts.append(extra)
        return parts

    def _closing_words(self, lang: str, *, floor: bool = True) -> str:
        """How far down the points go (unless `floor` is False) and how a part step counts,
        closing the rule's description."""
        down = floor_words(self.floor, lang) if floor else ""
        return f"{down}{'; ' if lang == 'en' else '；'}{rounding_words(self.rounding, lang)}"
