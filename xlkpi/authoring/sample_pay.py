"""Sample pay inputs for the money-scheme positions (seed 004): each person's role and
money inputs, the piece-rate teams' output and the parts pool's inputs on the Pay sheet.
Drawn from the same random generator as the rest of the sample (`sample_data`), in the
same order, so the sample stays the same run after run."""

from __future__ import annotations

import random
from collections.abc import Callable

from xlkpi.authoring.catalog_source import position as position_spec
from xlkpi.authoring.content import Content
from xlkpi.authoring.pay_columns import scheme_inputs
from xlkpi.authoring.spec import PositionSpec
from xlkpi.core.label import Label
from xlkpi.core.money import PRESETS, PieceRateScheme, PoolSplitScheme
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.layout import CHOICES

L = Label

ENGINEER, ASSISTANT = L("工程师", "engineer"), L("助理", "assistant")
#: the parts pool's roles, one person each (the preset's codes, shown by their names)
_PARTS = PRESETS["parts_team"]
assert isinstance(_PARTS, PoolSplitScheme)
PARTS_ROLES = tuple(L(r.label_zh, r.label_en) for r in _PARTS.roles)
CLAIMS_CLERK = PARTS_ROLES[-1]

#: per money input (`m:<name>`): f(rng, person's role or None) -> value
MoneyGen = Callable[[random.Random, "Label | None"], float]
_MONEY: dict[str, MoneyGen] = {
    # piece-rate technicians: base pay by role, merit points mostly none
    "base_pay": lambda g, role: float(
        g.randrange(3000, 3801, 100) if role == ENGINEER else g.randrange(2000, 2601, 100)
    ),
    "merit_points": lambda g, role: float(g.choice((0, 0, 0, 0, 1, -1))),
    # the service manager
    "performance_base": lambda g, role: float(g.randrange(3000, 4001, 500)),
    "standard_pay": lambda g, role: float(g.randrange(5200, 6501, 100)),
    "days_attended": lambda g, role: float(g.choice((20, 21, 21, 22))),
    "team_complaints": lambda g, role: float(g.choice((0, 1, 1, 2))),
    # workshop supervisor and service advisors (formula inputs; rates are fractions)
    "gross_profit": lambda g, role: float(round(g.uniform(110_000, 160_000), -2)),
    "attainment": lambda g, role: round(g.uniform(0.9, 1.1), 3),
    "care_commission": lambda g, role: float(round(g.uniform(150, 600))),
    "ftf": lambda g, role: round(g.uniform(0.86, 0.97), 3),
    "satisfaction": lambda g, role: round(g.uniform(0.94, 0.99), 3),
    "personal_output": lambda g, role: float(round(g.uniform(150_000, 300_000), -2)),
    "output_attainment": lambda g, role: round(g.uniform(0.85, 1.1), 3),
    "cars_received": lambda g, role: float(g.randint(80, 160)),
    "car_attainment": lambda g, role: round(g.uniform(0.85, 1.1), 3),
    "care_attainment": lambda g, role: round(g.uniform(0.8, 1.1), 3),
    "other_commission": lambda g, role: float(g.randrange(0, 301, 10)),
    # parts pool members: every member's row carries the inputs of every role's formula;
    # the claims figures are the claims clerk's (0 for the others, whose formula skips them)
    "accuracy": lambda g, role: round(g.uniform(0.86, 0.99), 3),
    "claim_value": lambda g, role: (
        float(round(g.uniform(20_000, 60_000), -2)) if role == CLAIMS_CLERK else 0.0
    ),
    "profit_claims": lambda g, role: (
        float(round(g.uniform(1_000, 5_000), -1)) if role == CLAIMS_CLERK else 0.0
    ),
    "first_pass": lambda g, role: round(g.uniform(0.9, 0.99), 3) if role == CLAIMS_CLERK else 0.0,
}


def _role(position: PositionSpec, index: int, teams: int) -> Label | None:
    """The person's m:role: technicians by their place in their team (engineer, assistant,
    then an engineer in teams 1 and 3, an assistant in team 2: the 2+1 and 1+2 splits);
    parts staff one per pool role."""
    scheme = pl.parse_pay_scheme(position.pay_scheme)
    if scheme is None:
        return None
    if scheme.kind == "piece_rate":
        place, team = divmod(index, teams)
        if place == 0:
            return ENGINEER
        if place == 1:
            return ASSISTANT
        return ENGINEER if team % 2 == 0 else ASSISTANT
    if scheme.kind == "pool_split":
        return PARTS_ROLES[index % len(PARTS_ROLES)]
    return None


def pay_values(
    position: PositionSpec, index: int, teams: int, g: random.Random
) -> dict[str, float | Label]:
    """The person's pay inputs, keyed `m:<input>` as the data sheet's key row."""
    names, _ = scheme_inputs(position.pay_scheme)
    role = _role(position, index, teams)
    out: dict[str, float | Label] = {}
    for name in names:
        if name == "role":
            if role is not None:
                out[pl.money_key(name)] = role
            continue
        out[pl.money_key(name)] = _MONEY[name](g, role)
    return out


def team_rows(content: Content, g: random.Random) -> list[dict[str, object]]:
    """The Pay sheet's team output for the piece-rate teams: the first above its quota,
    the second short of it (a deduction), the third short because customers returned too
    few units (a share of base pay instead)."""
    sizes: dict[Label, int] = {}
    for p in content.people:
        if position_spec(p.position).pay_scheme == "piece_rate":
            sizes[p.team] = sizes.get(p.team, 0) + 1
    scheme = PieceRateScheme()
    yes, no = CHOICES["yes_no"]["yes"], CHOICES["yes_no"]["no"]
    rows: list[dict[str, object]] = []
    for i, (team, size) in enumerate(sizes.items()):
        quota = scheme.quota(size)
        case = i % 3
        if case == 0:
            units, rate, short = quota + g.randint(8, 30), g.uniform(0.95, 0.995), no
        elif case == 1:
            units, rate, short = quota - g.randint(4, 15), g.uniform(0.9, 0.945), no
        else:
            units, rate, short = quota - g.randint(10, 25), g.uniform(0.86, 0.92), yes
        rows.append(
            {
                "team": team,
                "size": size,
                "working_days": scheme.working_days,
                "passed_units": units,
                "on_time_rate": round(rate, 3),
                "short_of_returns": short,
            }
        )
    return rows


def pool_rows(content: Content, g: random.Random) -> list[dict[str, object]]:
    """The parts pool's inputs for every department (the template's rows)."""
    pools = {position_spec(p.position).pay_scheme for p in content.people}
    if "pool_split:parts_team" not in pools:
        return []
    return [
        {
            "pool": "parts_team",
            "input": "total_output",
            "value": float(round(g.uniform(180_000, 230_000), -3)),
        },
        {
            "pool": "parts_team",
            "input": "labour_value",
            "value": float(round(g.uniform(70_000, 90_000), -3)),
        },
    ]
