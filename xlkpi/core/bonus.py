"""The bonus pool by grade (绩效奖金池): share ∝ grade coefficient × bonus base.

Shares are split with `xlkpi.core.cents.allocate` (largest remainder): each person gets
their exact share rounded down to the cent, and the cents left over go one each to the
largest remainders (ties: earlier in the employee list first). So the shares always add up
to the pool exactly, and nobody is more than one cent from their exact share.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from xlkpi.core.cents import allocate, as_decimal, to_money
from xlkpi.core.model import EmployeeResult, GradeBand
from xlkpi.core.problems import Problems, Source


def bonus_shares(
    pool: Decimal | float | int,
    coefficients: Sequence[float | Decimal],
    bases: Sequence[Decimal | float | int],
) -> list[Decimal]:
    """Split a pool by coefficient × base, exactly to the cent.

    Args:
        pool: the amount to share (rounded to the cent first).
        coefficients: each person's grade coefficient (≥ 0).
        bases: each person's bonus base (≥ 0), same length.
    Returns:
        One amount per person, adding up to the pool (all zero if every weight is zero).
    """
    if len(coefficients) != len(bases):
        raise ValueError("one coefficient per bonus base is needed")
    # Coefficients come one per grade: each is made a Decimal once (an equal number gives
    # the same product, and `allocate` reads only the weights' values).
    made: dict[float | Decimal, Decimal] = {}
    weights = []
    for c, b in zip(coefficients, bases, strict=True):
        coefficient = made.get(c)
        if coefficient is None:
            coefficient = made[c] = as_decimal(c)
        weights.append(coefficient * as_decimal(b))
    return allocate(pool, weights)


def assign_bonus(
    results: Sequence[EmployeeResult],
    bands: Sequence[GradeBand],
    pool: Decimal | None,
    problems: Problems,
    pool_source: Source | None = None,
) -> None:
    """Set `bonus` on everyone with a final grade and a bonus base; no pool → all None.

    A missing or negative base is an ERROR naming the employee row; that person gets no
    share and the pool is split among the others (the run is then not ok, so the split is
    only indicative).
    """
    if pool is None:
        return
    where = (pool_source,) if pool_source is not None else ()
    if not bands:
        problems.error(
            "bonus.no_grades",
            "A bonus pool is set but there is no grade table to split it by",
            "设置了奖金池，但没有等级表，无法按等级分配",
            *where,
        )
        return
    if pool < 0:
        problems.error(
            "bonus.pool", f"The bonus pool {pool} is negative", f"奖金池{pool}为负数", *where
        )
        return
    coefficient = {b.grade: b.coefficient for b in reversed(bands)}
    eligible: list[EmployeeResult] = []
    # each one's coefficient and base, taken in the same pass (not two more over them)
    coefficients: list[float] = []
    bases: list[Decimal | int] = []
    for r in results:
        if r.grade is None:
            continue  # no total or no grade: already reported
        base = r.employee.bonus_base
        if base is None or base < 0:
            shown = "missing" if base is None else f"{base}, negative"
            problems.error(
                "bonus.base",
                f"{r.employee.id} {r.employee.name}: bonus base is {shown}; no bonus share",
                f"{r.employee.id} {r.employee.name}：绩效奖金基数{'缺失' if base is None else '为负数'}，"
                "无法分配奖金",
                r.employee.source,
            )
            continue
        eligible.append(r)
        coefficients.append(coefficient[r.grade])
        bases.append(base or 0)  # (as before: a zero base is passed as 0)
    if not eligible:
        return
    shares = bonus_shares(pool, coefficients, bases)
    if sum(shares, Decimal(0)) != to_money(pool):
        problems.error(
            "bonus.unallocated",
            f"The bonus pool {to_money(pool)} cannot be split: every coefficient × base is 0",
            f"奖金池{to_money(pool)}无法分配：所有人的系数×基数均为0",
            *where,
        )
    for r, share in zip(eligible, shares, strict=True):
        r.bonus = share
