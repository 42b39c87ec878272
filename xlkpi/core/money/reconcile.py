"""Check that the parts of a pool add up to the pool, to the cent."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from xlkpi.core.cents import CENT, to_money
from xlkpi.core.problems import Problems, Source


def reconcile(
    total: Decimal,
    parts: Sequence[Decimal],
    what_en: str,
    what_zh: str,
    where: Sequence[Source] = (),
) -> Problems:
    """Compare a pool (or team amount) with the amounts it was split into.

    Args:
        total: the pool, team or department total.
        parts: the amounts paid out of it, one per person.
        what_en: what the total is, e.g. "team T1 extra pay".
        what_zh: the same in Chinese.
        where: places to name in the problems (the pool's cell, the team's rows).
    Returns:
        Problems: an error "money.reconcile" when the parts do not add up to the total
        exactly, and "money.cents" for any part that is not a whole number of cents.
    """
    problems = Problems()
    for index, part in enumerate(parts, 1):
        if part != part.quantize(CENT):
            problems.error(
                "money.cents",
                f"{what_en}: part {index} ({part}) is not a whole number of cents",
                f"{what_zh}：第 {index} 份（{part}）不是整分金额",
                *where,
            )
    paid = sum(parts, Decimal("0.00"))
    expected = to_money(total)
    if paid != expected:
        difference = paid - expected
        problems.error(
            "money.reconcile",
            f"{what_en}: the parts add up to {paid}, not {expected} (difference {difference})",
            f"{what_zh}：各份合计 {paid}，不等于 {expected}（差额 {difference}）",
            *where,
        )
    return problems
