"""Piece-rate repair teams (seed 004, 售后服务部技术人员绩效考核方案).

Monthly quota = units per day for the team's size (6 for two people, 9 for three) ×
working days (22). Only units that passed quality inspection count.

- Above quota: each extra unit pays the rate of the on-time delivery tier X.
- Exactly at quota: nothing.
- Below quota: 25 ¥ per unit short is deducted from base pay, unless the team did not get
  enough units returned by customers; then each member gets a share of *their own* base
  pay by tier X (7/8/9/10%) and nothing is deducted.

Tiers have inclusive lower bounds: X < 90% → 25; 90% ≤ X < 95% → 30; 95% ≤ X < 100% → 35;
X = 100% → 40 (so 95% exactly pays 35). The team's amount (extra pay or deduction) is
split by role weights to the cent with largest remainders: 60/40 engineer/assistant;
three people 3.5/3.5/3 (two engineers, one assistant) or 4/3/3 (one engineer, two
assistants). One merit point (额外通报奖惩) is worth one unit at the team's tier rate and
goes to that person alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import ClassVar

from xlkpi.core.cents import allocate, to_money
from xlkpi.core.money.explain import Breakdown, Step, money_step
from xlkpi.core.money.labels import PAY_LABELS
from xlkpi.core.money.payslip import breakdown
from xlkpi.core.money.reconcile import reconcile
from xlkpi.core.money.values import (
    MoneyError,
    Number,
    Tier,
    dec,
    fraction,
    non_negative,
    pct,
    plain,
    whole,
)
from xlkpi.core.problems import Problems, Source

#: a member's weight is their share of the team's amount
LABELS = PAY_LABELS | {"weight": ("split weight", "分配比例")}


class Role(str, Enum):
    """A person's role in a repair team: it sets their weight in the team's split."""

    ENGINEER = "engineer"  # 维修工程师
    ASSISTANT = "assistant"  # 助理维修员


ROLE_WORDS = {
    "engineer": Role.ENGINEER,
    "工程师": Role.ENGINEER,
    "维修工程师": Role.ENGINEER,
    "assistant": Role.ASSISTANT,
    "助理": Role.ASSISTANT,
    "助理维修员": Role.ASSISTANT,
}
ROLE_ZH = {Role.ENGINEER: "维修工程师", Role.ASSISTANT: "助理维修员"}


def parse_role(text: str) -> Role:
    """A role from what HR wrote ("engineer", "工程师", "assistant", "助理维修员", ...).

    Args:
        text: the cell text.
    Returns:
        The role.
    Raises:
        MoneyError: the text names no known role.
    """
    role = ROLE_WORDS.get(text.strip().lower())
    if role is None:
        raise MoneyError(
            f"unknown role {text!r}: write engineer or assistant",
            f"未知岗位 {text!r}：请填写 工程师 或 助理",
            "role",
        )
    return role


@dataclass(frozen=True)
class RateTier:
    """On-time rate X at or above `min_rate` pays `per_unit` per extra unit, or
    `base_share` of base pay when units returned by customers were too few."""

    min_rate: Decimal
    per_unit: Decimal
    base_share: Decimal


DEFAULT_TIERS = (
    RateTier(Decimal(0), Decimal(25), Decimal("0.07")),
    RateTier(Decimal("0.90"), Decimal(30), Decimal("0.08")),
    RateTier(Decimal("0.95"), Decimal(35), Decimal("0.09")),
    RateTier(Decimal(1), Decimal(40), Decimal("0.10")),
)


@dataclass(frozen=True)
class SplitRule:
    """Weights for a team of `engineers` + `assistants` people."""

    engineers: int
    assistants: int
    engineer_weight: Decimal
    assistant_weight: Decimal


DEFAULT_SPLITS = (
    SplitRule(1, 1, Decimal(60), Decimal(40)),
    SplitRule(2, 1, Decimal("3.5"), Decimal(3)),
    SplitRule(1, 2, Decimal(4), Decimal(3)),
)


@dataclass(frozen=True)
class Member:
    """One team member. `share` (a weight) overrides the split rule when HR gives it for
    every member; `merit_points` may be negative (a penalty)."""

    employee_id: str
    name: str
    role: Role
    base_pay: Number | None = None
    merit_points: Number = 0
    share: Number | None = None
    source: Source = field(default_factory=Source)

    def __post_init__(self) -> None:
        if not isinstance(self.role, Role):
            object.__setattr__(self, "role", parse_role(str(self.role)))


@dataclass(frozen=True)
class TeamInput:
    """A team's month. `on_time_rate` is a fraction (0.96 = 96%)."""

    team: str
    members: Sequence[Member]
    passed_units: Number
    on_time_rate: Number
    short_of_returns: bool = False
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class TeamResult:
    """The team's figures, one breakdown per member, and the reconciliation."""

    team: str
    quota: int
    passed_units: int
    tier: Tier
    team_amount: Decimal  # extra pay (> 0) or deduction (< 0) split among members
    shares: tuple[Decimal, ...]  # each member's part of team_amount, in member order
    breakdowns: tuple[Breakdown, ...]
    problems: Problems

    @property
    def total(self) -> Decimal:
        """Everything the team's members get (split amount, base-pay bonus, merit)."""
        return sum((b.amount for b in self.breakdowns), Decimal("0.00"))


@dataclass(frozen=True)
class PieceRateScheme:
    """The piece-rate parameters as HR edits them (defaults from seed 004)."""

    kind: ClassVar[str] = "piece_rate"
    label_en: ClassVar[str] = "Piece-rate repair team"
    label_zh: ClassVar[str] = "维修团队计件奖"

    working_days: int = 22
    daily_quota: tuple[tuple[int, Decimal], ...] = ((2, Decimal(6)), (3, Decimal(9)))
    tiers: tuple[RateTier, ...] = DEFAULT_TIERS
    shortfall_per_unit: Decimal = Decimal(25)
    splits: tuple[SplitRule, ...] = DEFAULT_SPLITS

    def __post_init__(self) -> None:
        object.__setattr__(self, "working_days", whole(self.working_days, "working_days"))
        object.__setattr__(
            self,
            "daily_quota",
            tuple((whole(n, "team_size"), non_negative(q, "per_day")) for n, q in self.daily_quota),
        )
        tiers = tuple(
            RateTier(
                fraction(t.min_rate, "min_rate"),
                non_negative(t.per_unit, "per_unit"),
                fraction(t.base_share, "base_share"),
            )
            for t in self.tiers
        )
        if not tiers or tiers[0].min_rate != 0:
            raise MoneyError(
                "the first on-time tier must start at 0%", "第一个及时率档位必须从 0% 开始", "tiers"
            )
        if any(a.min_rate >= b.min_rate for a, b in zip(tiers, tiers[1:], strict=False)):
            raise MoneyError(
                "on-time tiers must be listed with rising minimum rates",
                "及时率档位应按最低值从低到高排列",
                "tiers",
            )
        object.__setattr__(self, "tiers", tiers)
        object.__setattr__(
            self, "shortfall_per_unit", non_negative(self.shortfall_per_unit, "shortfall_per_unit")
        )

    def quota(self, team_size: int) -> int:
        """The monthly quota for a team size.

        Args:
            team_size: number of members.
        Returns:
            Units per day × working days.
        Raises:
            MoneyError: no quota is set for this team size.
        """
        for size, per_day in self.daily_quota:
            if size == team_size:
                total = per_day * self.working_days
                if total != total.to_integral_value():
                    raise MoneyError(
                        f"quota {total} for a team of {team_size} is not a whole number of units",
                        f"{team_size} 人团队保底维修量 {total} 不是整数台",
                        "daily_quota",
                    )
                return int(total)
        sizes = ", ".join(str(s) for s, _ in self.daily_quota)
        raise MoneyError(
            f"no daily quota for a team of {team_size} (set for: {sizes})",
            f"未设置 {team_size} 人团队的每日保底维修量（已设置：{sizes}）",
            "daily_quota",
        )

    def tier(self, on_time_rate: Number) -> tuple[RateTier, Tier]:
        """The tier for an on-time rate (inclusive lower bounds).

        Args:
            on_time_rate: X as a fraction.
        Returns:
            (the tier's rates, the tier's label).
        """
        rate = fraction(on_time_rate, "on_time_rate")
        index = max(i for i, t in enumerate(self.tiers) if rate >= t.min_rate)
        chosen = self.tiers[index]
        upper = self.tiers[index + 1].min_rate if index + 1 < len(self.tiers) else None
        if upper is None and chosen.min_rate == 1:
            band = "X = 100%"
        elif upper is None:
            band = f"X ≥ {pct(chosen.min_rate)}"
        elif chosen.min_rate == 0:
            band = f"X < {pct(upper)}"
        else:
            band = f"{pct(chosen.min_rate)} ≤ X < {pct(upper)}"
        money = plain(chosen.per_unit)
        share = pct(chosen.base_share)
        return chosen, Tier(
            f"x_from_{pct(chosen.min_rate)}",
            f"{band}: {money} ¥/unit, {share} of base pay",
            f"{band}：{money} 元/台，底薪的 {share}",
        )

    def weights(self, members: Sequence[Member]) -> list[Decimal]:
        """The split weights for a team, from explicit shares or the split rules.

        Args:
            members: the team.
        Returns:
            One weight per member.
        """
        given = [m.share for m in members]
        if any(s is not None for s in given):
            if any(s is None for s in given):
                raise MoneyError(
                    "give a split share for every member or for none",
                    "分配比例须为每位成员都填写，或都不填写",
                    "share",
                )
            return [non_negative(s, "share") for s in given]
        engineers = sum(1 for m in members if m.role is Role.ENGINEER)
        assistants = len(members) - engineers
        for rule in self.splits:
            if rule.engineers == engineers and rule.assistants == assistants:
                return [
                    rule.engineer_weight if m.role is Role.ENGINEER else rule.assistant_weight
                    for m in members
                ]
        raise MoneyError(
            f"no split rule for {engineers} engineer(s) and {assistants} assistant(s); "
            "give each member a share",
            f"没有 {engineers} 名工程师、{assistants} 名助理的分配方案；请为每位成员填写分配比例",
            "members",
        )

    def compute(self, team: TeamInput) -> TeamResult:
        """The team's month, split to its members, explained and reconciled.

        Args:
            team: the team's inputs.
        Returns:
            The team result; `problems` holds a reconciliation error if the split does not
            add up (it always should).
        Raises:
            MoneyError: an input is wrong (unknown team size, rate outside 0..1, ...).
        """
        members = list(team.members)
        if not members:
            raise MoneyError(
                f"team {team.team} has no members", f"团队 {team.team} 没有成员", "members"
            )
        quota = self.quota(len(members))
        per_day = dict(self.daily_quota)[len(members)]
        units = whole(team.passed_units, "passed_units")
        rate = fraction(team.on_time_rate, "on_time_rate")
        chosen, tier = self.tier(rate)
        weights = self.weights(members)
        quota_step = Step(
            "quota = quota per day × working days",
            "保底维修量 = 每天保底台数 × 工作日",
            {"team_size": len(members), "per_day": per_day, "working_days": self.working_days},
            value=quota,
        )
        team_steps: list[Step] = [quota_step]
        base_bonus = False
        if units > quota:
            extra = units - quota
            team_amount = to_money(extra * chosen.per_unit)
            team_steps.append(
                money_step(
                    "extra pay = units above quota × rate of tier X",
                    "超额奖金 = 超出台数 × 及时率档位单价",
                    team_amount,
                    {
                        "passed_units": units,
                        "quota": quota,
                        "extra_units": extra,
                        "on_time_rate": rate,
                        "rate": chosen.per_unit,
                    },
                    tier,
                )
            )
        elif units == quota:
            team_amount = to_money(0)
            team_steps.append(
                money_step(
                    "quota met exactly: no extra pay, no deduction",
                    "恰好完成保底维修量：无奖无罚",
                    team_amount,
                    {"passed_units": units, "quota": quota},
                )
            )
        elif team.short_of_returns:
            team_amount = to_money(0)
            base_bonus = True
            team_steps.append(
                money_step(
                    "below quota for lack of returned units: no deduction, bonus on base pay",
                    "因客户返修机数量不够未达保底：不扣款，按底薪比例发放奖金",
                    team_amount,
                    {
                        "passed_units": units,
                        "quota": quota,
                        "short_units": quota - units,
                        "short_of_returns": True,
                        "on_time_rate": rate,
                    },
                    tier,
                )
            )
        else:
            short = quota - units
            team_amount = to_money(-short * self.shortfall_per_unit)
            team_steps.append(
                money_step(
                    "deduction from base pay = units short × rate per unit short",
                    "底薪扣款 = 不足台数 × 每台扣款",
                    team_amount,
                    {
                        "passed_units": units,
                        "quota": quota,
                        "short_units": short,
                        "rate": self.shortfall_per_unit,
                    },
                )
            )
        shares = allocate(team_amount, weights)
        weights_total = sum(weights, Decimal(0))
        breakdowns = []
        for member, weight, share in zip(members, weights, shares, strict=True):
            breakdowns.append(
                self._member(
                    team, member, weight, weights_total, share, chosen, tier, team_steps, base_bonus
                )
            )
        problems = reconcile(
            team_amount,
            list(shares),
            f"team {team.team} amount",
            f"团队 {team.team} 金额",
            [team.source] if team.source != Source() else [],
        )
        return TeamResult(
            team=team.team,
            quota=quota,
            passed_units=units,
            tier=tier,
            team_amount=team_amount,
            shares=tuple(shares),
            breakdowns=tuple(breakdowns),
            problems=problems,
        )

    def _member(
        self,
        team: TeamInput,
        member: Member,
        weight: Decimal,
        weights_total: Decimal,
        share: Decimal,
        chosen: RateTier,
        tier: Tier,
        team_steps: list[Step],
        base_bonus: bool,
    ) -> Breakdown:
        steps = list(team_steps)
        role_zh = ROLE_ZH[member.role]
        steps.append(
            money_step(
                f"{member.role.value}'s share of the team amount (largest remainder, to the cent)",
                f"{role_zh}分得团队金额（最大余数法，精确到分）",
                share,
                {"weight": weight, "weights_total": weights_total},
            )
        )
        amount = share
        inputs: dict[str, Decimal | int | bool | str | None] = {
            "team": team.team,
            "role": member.role.value,
            "weight": weight,
        }
        if base_bonus:
            base = non_negative(member.base_pay, "base_pay")
            bonus = to_money(base * chosen.base_share)
            steps.append(
                money_step(
                    "bonus = own base pay × share of tier X",
                    "奖金 = 本人底薪 × 及时率档位比例",
                    bonus,
                    {"base_pay": base, "base_share": chosen.base_share},
                    tier,
                )
            )
            amount += bonus
            inputs["base_pay"] = base
        points = dec(member.merit_points, "merit_points")
        if points:
            merit = to_money(points * chosen.per_unit)
            steps.append(
                money_step(
                    "merit points × one unit's rate",
                    "额外绩效分 × 每台金额",
                    merit,
                    {"merit_points": points, "rate": chosen.per_unit},
                    tier,
                )
            )
            amount += merit
            inputs["merit_points"] = points
        amount = to_money(amount)
        steps.append(money_step("amount for this person", "本人金额", amount))
        flags = ("deduction",) if amount < 0 else ()
        return breakdown(
            self, member, amount, steps, inputs=inputs, tier=tier, flags=flags, labels=LABELS
        )
