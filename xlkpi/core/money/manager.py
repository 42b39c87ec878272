"""Manager factor by team average (seed 004, 售后服务经理绩效考核).

The manager's performance pay is paid at 100% when the team's average monthly score is
90 or above, 90% when below 90, 80% when below 80; when the team's complaints in the month
reach 5, the manager's performance pay is cancelled. The team average is rounded half up
to two decimals (as it is shown) before it is compared, so 89.995 counts as 90.00.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from xlkpi.core.cents import to_money
from xlkpi.core.money.explain import Breakdown, Step, money_step
from xlkpi.core.money.labels import PAY_LABELS
from xlkpi.core.money.payslip import breakdown
from xlkpi.core.money.values import (
    MoneyError,
    Number,
    Tier,
    dec,
    non_negative,
    pct,
    plain,
    round_score,
    score_value,
    whole,
)
from xlkpi.core.problems import Source

#: the team size a manager's average is taken over: the people averaged
LABELS = PAY_LABELS | {"team_size": ("people averaged", "参与平均人数")}


@dataclass(frozen=True)
class FactorBand:
    """Team average at or above `min_average` pays `factor` of the performance pay."""

    min_average: Decimal
    factor: Decimal


DEFAULT_BANDS = (
    FactorBand(Decimal(90), Decimal(1)),
    FactorBand(Decimal(80), Decimal("0.9")),
)


@dataclass(frozen=True)
class ManagerInput:
    """A manager's month: the team's scores (or its average) and complaints.

    Give `team_scores` (one total per team member) or `team_average`. `standard_pay` and
    `days_attended` are optional: with them the amount includes attendance pay.
    """

    employee_id: str
    name: str
    performance_base: Number
    team_scores: Sequence[Number] = ()
    team_average: Number | None = None
    team_complaints: Number = 0
    standard_pay: Number | None = None
    days_attended: Number | None = None
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class ManagerFactorScheme:
    """Bands (best first), the factor below the last band, and the cancelling count."""

    kind: ClassVar[str] = "manager_factor"
    label_en: ClassVar[str] = "Manager factor by team average"
    label_zh: ClassVar[str] = "经理绩效系数（按团队平均分）"

    bands: tuple[FactorBand, ...] = DEFAULT_BANDS
    below_factor: Decimal = Decimal("0.8")
    cancel_complaints: int = 5
    days_basis: Decimal = Decimal(26)

    def __post_init__(self) -> None:
        bands = tuple(
            FactorBand(score_value(b.min_average, "min_average"), non_negative(b.factor, "factor"))
            for b in self.bands
        )
        if any(a.min_average <= b.min_average for a, b in zip(bands, bands[1:], strict=False)):
            raise MoneyError(
                "manager factor bands must be listed best first with falling minimum averages",
                "经理系数档位应按最低平均分从高到低排列",
                "bands",
            )
        object.__setattr__(self, "bands", bands)
        object.__setattr__(self, "below_factor", non_negative(self.below_factor, "below_factor"))
        limit = whole(self.cancel_complaints, "cancel_complaints")
        if limit == 0:
            raise MoneyError(
                "cancel_complaints must be at least 1",
                "取消系数的投诉次数至少为 1",
                "cancel_complaints",
            )
        object.__setattr__(self, "cancel_complaints", limit)
        days = non_negative(self.days_basis, "days_basis")
        if days == 0:
            raise MoneyError("days_basis must be above 0", "计薪天数必须大于 0", "days_basis")
        object.__setattr__(self, "days_basis", days)

    def factor(self, team_average: Number, team_complaints: Number = 0) -> tuple[Decimal, Tier]:
        """The factor for a team average and complaint count.

        Args:
            team_average: the team's average score (rounded to two decimals here).
            team_complaints: complaints in the team this month.
        Returns:
            (factor, tier applied).
        """
        average = round_score(score_value(team_average, "team_average"))
        complaints = whole(team_complaints, "team_complaints")
        if complaints >= self.cancel_complaints:
            return Decimal(0), Tier(
                "cancelled",
                f"team complaints {complaints} ≥ {self.cancel_complaints}: cancelled",
                f"团队投诉 {complaints} 次 ≥ {self.cancel_complaints} 次：取消",
            )
        upper: Decimal | None = None
        for band in self.bands:
            if average >= band.min_average:
                return band.factor, _band_tier(band.min_average, upper, band.factor)
            upper = band.min_average
        limit = plain(upper) if upper is not None else "-"
        return self.below_factor, Tier(
            "below",
            f"average < {limit}: {pct(self.below_factor)}",
            f"平均分 < {limit}：{pct(self.below_factor)}",
        )

    def compute(self, person: ManagerInput) -> Breakdown:
        """The manager's performance pay (plus attendance pay when given), explained.

        Args:
            person: the manager's month.
        Returns:
            The breakdown.
        Raises:
            MoneyError: missing team scores, or an input out of range.
        """
        base = non_negative(person.performance_base, "performance_base")
        steps: list[Step] = []
        if person.team_scores:
            scores = [score_value(s, "team_scores") for s in person.team_scores]
            exact = sum(scores, Decimal(0)) / len(scores)
            average = round_score(exact)
            steps.append(
                Step(
                    "team average score (half up to 2 decimals)",
                    "团队平均分（四舍五入到两位小数）",
                    {"team_size": len(scores)},
                    value=average,
                )
            )
        elif person.team_average is not None:
            average = round_score(score_value(person.team_average, "team_average"))
        else:
            raise MoneyError(
                "give the team's scores or its average",
                "请提供团队成员得分或团队平均分",
                "team_scores",
            )
        complaints = whole(person.team_complaints, "team_complaints")
        factor, tier = self.factor(average, complaints)
        performance = money_step(
            "performance pay = performance-pay base × factor",
            "绩效工资 = 绩效工资基数 × 发放系数",
            base * factor,
            {
                "performance_base": base,
                "team_average": average,
                "team_complaints": complaints,
                "factor": factor,
            },
            tier,
        )
        steps.append(performance)
        amount = performance.amount if performance.amount is not None else Decimal(0)
        inputs: dict[str, Decimal | int | None] = {
            "performance_base": base,
            "team_average": average,
            "team_complaints": complaints,
        }
        if person.standard_pay is not None or person.days_attended is not None:
            standard = non_negative(person.standard_pay, "standard_pay")
            days = non_negative(person.days_attended, "days_attended")
            attendance = money_step(
                "attendance pay = standard pay ÷ days basis × days attended",
                "出勤工资 = 标准工资 ÷ 计薪天数 × 实际出勤天数",
                standard / self.days_basis * days,
                {"standard_pay": standard, "days_basis": self.days_basis, "days_attended": days},
            )
            steps.insert(0, attendance)
            amount = to_money(amount + dec(attendance.amount, "attendance"))
            steps.append(money_step("monthly pay", "月工资", amount))
            inputs.update(standard_pay=standard, days_attended=days)
        return breakdown(
            self,
            person,
            amount,
            steps,
            inputs=dict(inputs),
            tier=tier,
            flags=("cancelled",) if tier.code == "cancelled" else (),
            labels=LABELS,
        )


def _band_tier(low: Decimal, high: Decimal | None, factor: Decimal) -> Tier:
    if high is None:
        en = f"average ≥ {plain(low)}: {pct(factor)}"
        zh = f"平均分 ≥ {plain(low)}：{pct(factor)}"
    else:
        en = f"{plain(low)} ≤ average < {plain(high)}: {pct(factor)}"
        zh = f"{plain(low)} ≤ 平均分 < {plain(high)}：{pct(factor)}"
    return Tier(f"from_{plain(low)}", en, zh)
