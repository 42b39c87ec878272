"""The money of one run as calculate reports it: breakdowns per person, team and pool
results, department totals (`PayOutcome`), and a person's breakdown as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkpi.core.model import EmployeeResult
from xlkpi.core.money import Breakdown, PoolResult, TeamResult


@dataclass
class PoolRun:
    """One department's pool: its name, department and the core's result."""

    pool: str
    department: str
    result: PoolResult


@dataclass
class PayOutcome:
    """The money of a run: one breakdown per paid person, team and pool results."""

    lang: str
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)  # employee id ->
    teams: list[TeamResult] = field(default_factory=list)
    pools: list[PoolRun] = field(default_factory=list)
    departments: dict[str, Decimal] = field(default_factory=dict)  # department -> total
    computed: bool = False  # False when errors elsewhere stopped the amounts

    def to_json(self) -> dict[str, Any]:
        """Team, pool and department totals as JSON-able data (money as strings)."""
        return {
            "computed": self.computed,
            "teams": [
                {
                    "team": t.team,
                    "quota": t.quota,
                    "passed_units": t.passed_units,
                    "tier_en": t.tier.label_en,
                    "tier_zh": t.tier.label_zh,
                    "team_amount": str(t.team_amount),
                    "shares": [str(s) for s in t.shares],
                    "paid": str(t.total),
                }
                for t in self.teams
            ],
            "pools": [
                {
                    "pool": p.pool,
                    "department": p.department,
                    "pool_amount": str(p.result.pool),
                    "shares": [str(s) for s in p.result.shares],
                    "paid": str(p.result.paid),
                    "not_paid": str(p.result.not_paid),
                }
                for p in self.pools
            ],
            "departments": [
                {"department": d, "total": str(v)} for d, v in self.departments.items()
            ],
        }


def pay_json(result: EmployeeResult) -> dict[str, Any] | None:
    """A person's pay breakdown for JSON (`Breakdown.to_dict`), or None without one."""
    breakdown = result.extra.get("pay_breakdown")
    return breakdown.to_dict() if isinstance(breakdown, Breakdown) else None
