"""Money schemes beyond the grade pool: salary formula, manager factor, piece-rate teams,
department formula bonuses, and the roll-up of periods. Pure Python (see
docs/architecture.md); every amount comes with a `Breakdown` (docs/money.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from xlkpi.core.money.department import (
    FormulaInput,
    FormulaScheme,
    InputLabel,
    PoolMember,
    PoolResult,
    PoolRole,
    PoolSplitScheme,
)
from xlkpi.core.money.explain import Breakdown, Step
from xlkpi.core.money.formula import Formula, FormulaError, compile_formula
from xlkpi.core.money.manager import FactorBand, ManagerFactorScheme, ManagerInput
from xlkpi.core.money.periods import (
    CombinedRecord,
    Method,
    PeriodRecord,
    RollupRule,
    YearRecord,
    combine,
    year_end,
)
from xlkpi.core.money.piecerate import (
    Member,
    PieceRateScheme,
    RateTier,
    Role,
    SplitRule,
    TeamInput,
    TeamResult,
    parse_role,
)
from xlkpi.core.money.presets import PARTS_TEAM, PRESETS, SERVICE_ADVISOR, WORKSHOP_SUPERVISOR
from xlkpi.core.money.reconcile import reconcile
from xlkpi.core.money.salary import SalaryInput, SalaryScheme
from xlkpi.core.money.values import MoneyError, Tier
from xlkpi.core.problems import Problems, Source
from xlkpi.core.rules.base import RuleError

#: scheme kind -> class, for readers that build schemes from a workbook table
SCHEMES: dict[str, type] = {
    cls.kind: cls
    for cls in (SalaryScheme, ManagerFactorScheme, PieceRateScheme, FormulaScheme, PoolSplitScheme)
}

In = TypeVar("In")
Out = TypeVar("Out")


def compute_all(
    compute: Callable[[In], Out],
    items: Iterable[In],
    problems: Problems,
    where: Callable[[In], Source] = lambda item: getattr(item, "source", Source()),
) -> list[Out]:
    """Run a scheme's `compute` over many inputs, collecting errors instead of stopping.

    Args:
        compute: e.g. `SalaryScheme().compute`.
        items: the inputs (each usually has a `source`).
        problems: where errors are added ("money.input" with the input's place and, for
            MoneyError, the offending field; "money.formula" for formula errors).
        where: how to find an item's place.
    Returns:
        The results of the items that could be computed, in order.
    """
    results = []
    for item in items:
        try:
            results.append(compute(item))
        except FormulaError as exc:
            problems.error("money.formula", exc.message_en, exc.message_zh, where(item))
        except RuleError as exc:
            field = getattr(exc, "field", None)
            en = (
                f"{field}: {exc.message_en}"
                if field and field not in exc.message_en
                else exc.message_en
            )
            zh = (
                f"{field}：{exc.message_zh}"
                if field and field not in exc.message_zh
                else exc.message_zh
            )
            problems.error("money.input", en, zh, where(item))
    return results


__all__ = [
    "PARTS_TEAM",
    "PRESETS",
    "SCHEMES",
    "SERVICE_ADVISOR",
    "WORKSHOP_SUPERVISOR",
    "Breakdown",
    "CombinedRecord",
    "FactorBand",
    "Formula",
    "FormulaError",
    "FormulaInput",
    "FormulaScheme",
    "InputLabel",
    "ManagerFactorScheme",
    "ManagerInput",
    "Member",
    "Method",
    "MoneyError",
    "PeriodRecord",
    "PieceRateScheme",
    "PoolMember",
    "PoolResult",
    "PoolRole",
    "PoolSplitScheme",
    "RateTier",
    "Role",
    "RollupRule",
    "SalaryInput",
    "SalaryScheme",
    "SplitRule",
    "Step",
    "TeamInput",
    "TeamResult",
    "Tier",
    "YearRecord",
    "combine",
    "compile_formula",
    "compute_all",
    "parse_role",
    "reconcile",
    "year_end",
]
