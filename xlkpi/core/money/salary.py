"""Salary-linked pay (seed 004, 售后维修人员工资考核办法).

    monthly pay = standard pay ÷ 26 × days attended + performance-pay base × score%

Complaints are deducted from the score before pay: 10 points each, 20 if escalated to the
general manager (投诉至总经理处). With 3 or more complaints in the month (escalated ones
included) there is no performance pay that month. Each line of the payslip is rounded
half up to the cent, and the total is the sum of the rounded lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from xlkpi.core.cents import to_money
from xlkpi.core.money.explain import Breakdown, Step, money_step
from xlkpi.core.money.labels import PAY_LABELS
from xlkpi.core.money.payslip import breakdown
from xlkpi.core.money.values import (
    HUNDRED,
    MoneyError,
    Number,
    Tier,
    non_negative,
    plain,
    score_value,
    whole,
)
from xlkpi.core.problems import Source


@dataclass(frozen=True)
class SalaryInput:
    """One person's month for the salary formula.

    `complaints` counts complaints not escalated; `escalated_complaints` those that
    reached the general manager. Both count toward the no-pay threshold.
    """

    employee_id: str
    name: str
    standard_pay: Number
    days_attended: Number
    performance_base: Number
    score: Number
    complaints: Number = 0
    escalated_complaints: Number = 0
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class SalaryScheme:
    """The salary formula's parameters, as HR edits them (defaults from seed 004)."""

    kind: ClassVar[str] = "salary"
    label_en: ClassVar[str] = "Salary formula"
    label_zh: ClassVar[str] = "工资公式"

    days_basis: Decimal = Decimal(26)
    complaint_points: Decimal = Decimal(10)
    escalated_points: Decimal = Decimal(20)
    no_pay_complaints: int = 3

    def __post_init__(self) -> None:
        days = non_negative(self.days_basis, "days_basis")
        if days == 0:
            raise MoneyError("days_basis must be above 0", "计薪天数必须大于 0", "days_basis")
        object.__setattr__(self, "days_basis", days)
        for name in ("complaint_points", "escalated_points"):
            object.__setattr__(self, name, non_negative(getattr(self, name), name))
        limit = whole(self.no_pay_complaints, "no_pay_complaints")
        if limit == 0:
            raise MoneyError(
                "no_pay_complaints must be at least 1",
                "取消绩效工资的投诉次数至少为 1",
                "no_pay_complaints",
            )
        object.__setattr__(self, "no_pay_complaints", limit)

    def compute(self, person: SalaryInput) -> Breakdown:
        """One person's monthly pay, explained.

        Args:
            person: the month's inputs.
        Returns:
            The breakdown; its amount is attendance pay + performance pay.
        Raises:
            MoneyError: an input is missing, negative or out of range (field names it).
        """
        standard = non_negative(person.standard_pay, "standard_pay")
        days = non_negative(person.days_attended, "days_attended")
        base = non_negative(person.performance_base, "performance_base")
        score = score_value(person.score)
        plain_count = whole(person.complaints, "complaints")
        escalated = whole(person.escalated_complaints, "escalated_complaints")
        basis = self.days_basis
        notes: list[tuple[str, str]] = []
        if days > basis:
            notes.append(
                (
                    f"days attended ({plain(days)}) exceed the {plain(basis)}-day basis",
                    f"出勤天数（{plain(days)}）超过计薪天数 {plain(basis)}",
                )
            )
        attendance = money_step(
            "attendance pay = standard pay ÷ days basis × days attended",
            "出勤工资 = 标准工资 ÷ 计薪天数 × 实际出勤天数",
            standard / basis * days,
            {"standard_pay": standard, "days_basis": basis, "days_attended": days},
        )
        deducted = plain_count * self.complaint_points + escalated * self.escalated_points
        adjusted = max(score - deducted, Decimal(0))
        steps = [attendance]
        steps.append(
            Step(
                "score after complaint deductions (not below 0)",
                "投诉扣分后的考核分（扣完为止）",
                {
                    "score": score,
                    "complaints": plain_count,
                    "escalated_complaints": escalated,
                    "deducted": deducted,
                },
                value=adjusted,
            )
        )
        total_complaints = plain_count + escalated
        flags: tuple[str, ...] = ()
        if total_complaints >= self.no_pay_complaints:
            tier = Tier(
                "no_performance_pay",
                f"{total_complaints} complaints ≥ {self.no_pay_complaints}: no performance pay",
                f"投诉 {total_complaints} 次 ≥ {self.no_pay_complaints} 次：取消当月绩效工资",
            )
            performance = money_step(
                "performance pay cancelled", "绩效工资取消", Decimal(0), {}, tier
            )
            flags = ("no_performance_pay",)
        else:
            tier = None
            performance = money_step(
                "performance pay = performance-pay base × score%",
                "绩效工资 = 绩效工资基数 × 考核分%",
                base * adjusted / HUNDRED,
                {"performance_base": base, "adjusted_score": adjusted},
            )
        steps.append(performance)
        amount = to_money(_amount(attendance) + _amount(performance))
        steps.append(money_step("monthly pay", "月工资", amount))
        return breakdown(
            self,
            person,
            amount,
            steps,
            inputs={
                "standard_pay": standard,
                "days_attended": days,
                "performance_base": base,
                "score": score,
                "complaints": plain_count,
                "escalated_complaints": escalated,
            },
            tier=tier,
            flags=flags,
            notes=tuple(notes),
            labels=PAY_LABELS,
        )


def _amount(step: Step) -> Decimal:
    return step.amount if step.amount is not None else Decimal(0)
