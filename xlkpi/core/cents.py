"""Money to the cent: Decimal amounts and exact allocation of a total.

All money in xlkpi is `decimal.Decimal` rounded to 0.01 with ROUND_HALF_UP (the rule
people expect on a payslip). Splitting a total among people uses the largest-remainder
method, so the parts always add up to the total exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_money(value: float | int | str | Decimal) -> Decimal:
    """Round a number to the cent, half up. Floats go through repr to avoid binary noise."""
    if isinstance(value, float):
        value = repr(value)
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return amount if amount != 0 else Decimal("0.00")  # never "-0.00" on a payslip


def allocate(total: Decimal | float | int, weights: Sequence[float | Decimal]) -> list[Decimal]:
    """Split `total` (rounded to the cent) in proportion to `weights`, exactly to the cent.

    Each part gets its proportional amount rounded down to the cent; the cents left over go
    one each to the parts with the largest remainders (ties: earlier position first, so the
    result is deterministic). Zero weights get zero. If every weight is zero, every part is
    zero and nothing is allocated (the caller reports the unallocated pool).

    Args:
        total: the amount to split; negative totals are split the same way.
        weights: one non-negative weight per part.
    Returns:
        One Decimal per weight, summing to `to_money(total)` unless all weights are zero.
    """
    amount = to_money(total)
    ws = [Decimal(repr(w)) if isinstance(w, float) else Decimal(w) for w in weights]
    if any(w < 0 for w in ws):
        raise ValueError("allocation weights must not be negative")
    weight_sum = sum(ws, Decimal(0))
    if not ws or weight_sum == 0:
        return [Decimal("0.00") for _ in ws]
    sign = -1 if amount < 0 else 1
    cents_total = int(abs(amount) / CENT)
    cents = Decimal(cents_total)
    exact = [cents * w / weight_sum for w in ws]
    floors = [int(e) for e in exact]  # every part is >= 0: truncating is rounding down
    left = cents_total - sum(floors)
    if left:
        remainders = [e - f for e, f in zip(exact, floors, strict=True)]
        # largest remainder first; the sort is stable even reversed: ties keep their order
        order = sorted(range(len(ws)), key=remainders.__getitem__, reverse=True)
        for i in order[:left]:
            floors[i] += 1
    return [Decimal(sign * c) * CENT for c in floors]
