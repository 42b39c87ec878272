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
    ws = [as_decimal(w) for w in weights]
    if any(w < 0 for w in ws):
        raise ValueError("allocation weights must not be negative")
    weight_sum = sum(ws, Decimal(0))
    if not ws or weight_sum == 0:
        return [Decimal("0.00") for _ in ws]
    sign = -1 if amount < 0 else 1
    cents_total = int(abs(amount) / CENT)
    cents = Decimal(cents_total)
    # Many parts share a weight (a bonus weight is a grade's coefficient × one of a few
    # bases), so each distinct weight's cents and remainder are worked out once: only the
    # numbers count (equal weights spelled 2 and 2.0 give equal floors and remainders).
    parts: dict[Decimal, tuple[int, Decimal]] = {}
    floors, remainders = [], []
    for w in ws:
        part = parts.get(w)
        if part is None:
            exact = cents * w / weight_sum
            whole = int(exact)  # every part is >= 0: truncating is rounding down
            part = parts[w] = whole, exact - whole
        floors.append(part[0])
        remainders.append(part[1])
    left = cents_total - sum(floors)
    if left:
        # largest remainder first, ties in their order (a stable sort): sorted by the rank
        # of each distinct remainder, as ints compare faster than Decimals
        rank = {r: i for i, r in enumerate(sorted(set(remainders), reverse=True))}
        ranks = [rank[r] for r in remainders]
        for i in sorted(range(len(ws)), key=ranks.__getitem__)[:left]:
            floors[i] += 1
    money: dict[int, Decimal] = {}  # each distinct number of cents made a Decimal once
    for c in floors:
        if c not in money:
            money[c] = Decimal(sign * c) * CENT
    return [money[c] for c in floors]


def as_decimal(value: float | int | Decimal) -> Decimal:
    """A number as Decimal: floats through repr (1.2, not its binary expansion); a Decimal
    as it is (a copy would be the same number, spelled the same)."""
    if value.__class__ is Decimal:
        return value  # type: ignore[return-value]
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
