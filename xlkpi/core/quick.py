"""One-shot helpers for worksheet functions (UDFs) and tests: no Assessment needed.

>>> grade_of(89.995, [("S", 90), ("A", 80), ("B", 0)])
'S'
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from xlkpi.core.adjust import round_total
from xlkpi.core.bonus import bonus_shares
from xlkpi.core.keyed import check_value
from xlkpi.core.model import GradeBand
from xlkpi.core.rules.base import Rule, RuleScore

__all__ = ["bonus_share", "bonus_shares", "grade_of", "score_value", "weighted"]


def score_value(
    rule: Rule, value: float | dict[str, float], target: float | None = None
) -> RuleScore:
    """Score one value by a rule, checking its shape first.

    Args:
        rule: e.g. from `xlkpi.core.rules.parse_rule`.
        value: one number, or a dict input name -> number for multi-input rules.
        target: the indicator's target, when the rule text does not state one.
    Returns:
        Points and explanation (en, zh).
    Raises:
        RuleError: the value does not fit the rule (message in both languages).
    """
    return rule.score(check_value(rule, value), target)


def weighted(raw: float, scale: float, weight: float = 1.0, dimension_weight: float = 1.0) -> float:
    """raw / scale × weight × dimension_weight × 100 (unrounded)."""
    if scale <= 0:
        raise ValueError("scale must be above 0")
    return raw / scale * weight * dimension_weight * 100


def grade_of(score: float, bands: Sequence[GradeBand | tuple[str, float]]) -> str | None:
    """Grade one score: the first band (best first) whose minimum it reaches, inclusive.

    The score is first rounded like a total (half up, two decimals).

    Args:
        score: a total.
        bands: GradeBand objects or (grade, min_score) pairs, best first.
    Returns:
        The grade, or None if the score is below every band.
    """
    total = round_total(score)
    for band in bands:
        grade, minimum = (band.grade, band.min_score) if isinstance(band, GradeBand) else band
        if total >= minimum:
            return grade
    return None


def bonus_share(
    pool: Decimal | float | int,
    coefficients: Sequence[float | Decimal],
    bases: Sequence[Decimal | float | int],
    index: int,
) -> Decimal:
    """One person's share of the pool (`bonus_shares(...)[index]`): computing everyone's
    share is what makes the cents add up, so the whole column is needed."""
    return bonus_shares(pool, coefficients, bases)[index]
