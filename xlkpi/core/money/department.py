"""Department formula bonuses: a per-person formula, or a pool split by role weights.

`FormulaScheme`: one formula (HR's cell text) evaluated per person over named inputs.
`PoolSplitScheme`: a pool formula evaluated once for the department, rounded to the cent,
split by role weights with largest remainders (a role held by several people shares its
weight equally; a vacant role's weight is spread over the others, with a warning), then
each member's own formula runs with `pool_share` (their part of the pool) as an input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from xlkpi.core.cents import allocate, to_money
from xlkpi.core.money.explain import Breakdown, Labels, Step, Value, money_step
from xlkpi.core.money.formula import Evaluation, Formula, FormulaError, InputValue, compile_formula
from xlkpi.core.money.payslip import breakdown
from xlkpi.core.money.reconcile import reconcile
from xlkpi.core.money.values import MoneyError, non_negative, plain
from xlkpi.core.problems import Problems, Source

POOL_SHARE = "pool_share"


def body(text: str) -> str:
    """Formula text without its leading "=", for explanations.

    Args:
        text: the formula as HR wrote it.
    Returns:
        The expression.
    """
    stripped = text.strip()
    return stripped[1:].strip() if stripped[:1] in ("=", "＝") else stripped


@dataclass(frozen=True)
class InputLabel:
    """How an input is called in both languages, for explanations and templates."""

    name: str
    label_en: str
    label_zh: str


@dataclass(frozen=True)
class FormulaInput:
    """One person's named inputs for a formula."""

    employee_id: str
    name: str
    values: Mapping[str, InputValue]
    source: Source = field(default_factory=Source)


def _input_labels(inputs: tuple[InputLabel, ...]) -> Labels:
    """Input name -> (English, Chinese) label."""
    return {i.name: (i.label_en, i.label_zh) for i in inputs}


@dataclass(frozen=True)
class FormulaScheme:
    """A bonus formula as data: a code, labels, the formula text and its input labels."""

    kind: ClassVar[str] = "formula"

    code: str
    label_en: str
    label_zh: str
    text: str
    inputs: tuple[InputLabel, ...] = ()
    formula: Formula = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "formula", compile_formula(self.text))

    @property
    def labels(self) -> Labels:
        """Input name -> (English, Chinese) label."""
        return _input_labels(self.inputs)

    def compute(self, person: FormulaInput) -> Breakdown:
        """Evaluate the formula for one person, explained.

        Args:
            person: their inputs.
        Returns:
            The breakdown: one step per input read, one per condition decided, the result.
        Raises:
            FormulaError: unknown name, division by zero, ... (position in the text).
            MoneyError: the formula gives TRUE/FALSE instead of an amount.
        """
        evaluation = self.formula.evaluate(person.values)
        return explain_formula(self, self.formula, evaluation, person, ())


def explain_formula(
    scheme: FormulaScheme | PoolSplitScheme,
    formula: Formula,
    evaluation: Evaluation,
    person: FormulaInput,
    before: tuple[Step, ...],
) -> Breakdown:
    """Turn an evaluation into a breakdown.

    Args:
        scheme: the scheme (for kind and labels).
        formula: the formula evaluated.
        evaluation: its result.
        person: whose it is.
        before: steps to put first (e.g. the pool and its split).
    Returns:
        The breakdown.
    """
    if isinstance(evaluation.value, bool):
        raise MoneyError(
            f"formula {formula.text!r} gives TRUE/FALSE, not an amount",
            f"公式 {formula.text!r} 的结果是 TRUE/FALSE，不是金额",
            "formula",
        )
    labels = scheme.labels
    steps = list(before)
    if evaluation.used:
        steps.append(Step("inputs used", "使用的输入", dict(evaluation.used)))
    for condition, held in evaluation.decisions:
        steps.append(
            Step(
                f"condition {condition}: {'met' if held else 'not met'}",
                f"条件 {condition}：{'成立' if held else '不成立'}",
            )
        )
    amount = to_money(evaluation.value)
    steps.append(
        money_step(
            f"result of {body(formula.text)} (half up to the cent)",
            f"{body(formula.text)} 的结果（四舍五入到分）",
            amount,
            {"exact": evaluation.value},
        )
    )
    used: dict[str, Value] = dict(evaluation.used)
    return breakdown(scheme, person, amount, steps, inputs=used, labels=labels)


@dataclass(frozen=True)
class PoolRole:
    """A role in a pool split: its weight and the formula for its members."""

    code: str
    label_en: str
    label_zh: str
    weight: Decimal
    text: str
    formula: Formula = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", non_negative(self.weight, "weight"))
        object.__setattr__(self, "formula", compile_formula(self.text))


@dataclass(frozen=True)
class PoolMember:
    """A member of a pooled department: role code and own inputs."""

    employee_id: str
    name: str
    role: str
    values: Mapping[str, InputValue]
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class PoolResult:
    """The pool, each member's share of it, their amounts, and the problems found."""

    pool: Decimal
    shares: tuple[Decimal, ...]
    breakdowns: tuple[Breakdown, ...]
    problems: Problems

    @property
    def paid(self) -> Decimal:
        """What the members get in all (after score, factors and extras)."""
        return sum((b.amount for b in self.breakdowns), Decimal("0.00"))

    @property
    def not_paid(self) -> Decimal:
        """The part of the pool not paid out (withheld by scores and factors; negative
        when extras outside the pool exceed what was withheld)."""
        return self.pool - self.paid


@dataclass(frozen=True)
class PoolSplitScheme:
    """A department pool: the pool formula and the roles sharing it."""

    kind: ClassVar[str] = "pool_split"

    code: str
    label_en: str
    label_zh: str
    pool_text: str
    roles: tuple[PoolRole, ...]
    inputs: tuple[InputLabel, ...] = ()
    pool_formula: Formula = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pool_formula", compile_formula(self.pool_text))
        codes = [r.code for r in self.roles]
        if len(set(codes)) != len(codes):
            raise MoneyError("role codes must be unique", "岗位代码不能重复", "roles")

    @property
    def labels(self) -> Labels:
        """Input name -> (English, Chinese) label (pool_share included)."""
        labels = _input_labels(self.inputs)
        labels.setdefault(POOL_SHARE, ("share of the pool", "分得奖金池"))
        return labels

    def role(self, code: str) -> PoolRole:
        """The role with this code (or Chinese/English label).

        Args:
            code: what HR wrote in the role column.
        Returns:
            The role.
        """
        for r in self.roles:
            if code in (r.code, r.label_en, r.label_zh):
                return r
        known = ", ".join(r.code for r in self.roles)
        raise MoneyError(
            f"unknown role {code!r} in {self.code} (roles: {known})",
            f"{self.label_zh} 中没有岗位 {code!r}（可用：{known}）",
            "role",
        )

    def compute(
        self,
        pool_inputs: Mapping[str, InputValue],
        members: Sequence[PoolMember],
        where: Source | None = None,
    ) -> PoolResult:
        """Evaluate the pool, split it by role weights, then each member's formula.

        Args:
            pool_inputs: the department's inputs for the pool formula.
            members: the people sharing the pool.
            where: the place of the pool (for problems).
        Returns:
            The result; `problems` has a warning for vacant roles and an error if the
            split does not reconcile with the pool.
        Raises:
            FormulaError, MoneyError: the pool or a member cannot be computed.
        """
        places = [where] if where is not None else []
        problems = Problems()
        pool_eval = self.pool_formula.evaluate(pool_inputs)
        if isinstance(pool_eval.value, bool):
            raise MoneyError(
                "the pool formula gives TRUE/FALSE, not an amount",
                "奖金池公式的结果是 TRUE/FALSE，不是金额",
                "pool_text",
            )
        pool = to_money(pool_eval.value)
        if pool < 0:
            problems.warning(
                "money.pool.negative",
                f"{self.label_en}: the pool is negative ({pool}); the members' shares are "
                "deductions",
                f"{self.label_zh}：奖金池为负数（{pool}），各人分得的是扣款",
                *places,
            )
        roles = [self.role(m.role) for m in members]
        counts: dict[str, int] = {}
        for r in roles:
            counts[r.code] = counts.get(r.code, 0) + 1
        vacant = [r for r in self.roles if r.code not in counts and r.weight > 0]
        if vacant and members:
            names_en = ", ".join(r.label_en for r in vacant)
            names_zh = "、".join(r.label_zh for r in vacant)
            problems.warning(
                "money.pool.vacant",
                f"{self.label_en}: no one holds {names_en}; their share is spread over the others",
                f"{self.label_zh}：{names_zh} 无人在岗，其比例按比例分给其他人",
                *places,
            )
        weights = [r.weight / counts[r.code] for r in roles]
        shares = allocate(pool, weights) if members else []
        pool_steps: list[Step] = [
            money_step(
                f"department pool = {self.pool_text.strip()}",
                f"部门奖金池 = {self.pool_text.strip()}",
                pool,
                dict(pool_eval.used),
            )
        ]
        breakdowns = []
        weights_total = sum(weights, Decimal(0))
        total = plain(weights_total)
        split_labels: dict[str, tuple[str, str]] = {}  # a role's members share one weight
        for member, role, weight, share in zip(members, roles, weights, shares, strict=True):
            labels = split_labels.get(role.code)
            if labels is None:
                labels = split_labels[role.code] = (
                    f"share of the pool for {role.label_en} (weight {plain(weight)} of "
                    f"{total}, largest remainder)",
                    f"{role.label_zh}分得奖金池（比例 {plain(weight)} / {total}，最大余数法）",
                )
            split = money_step(*labels, share, {"weight": weight, "weights_total": weights_total})
            values = dict(member.values)
            values[POOL_SHARE] = share
            try:
                evaluation = role.formula.evaluate(values)
            except FormulaError as exc:
                raise FormulaError(
                    f"{role.label_en} formula: {exc.reason_en}",
                    f"{role.label_zh} 公式：{exc.reason_zh}",
                    exc.offset,
                    exc.text,
                ) from None
            person = FormulaInput(member.employee_id, member.name, member.values, member.source)
            breakdowns.append(
                explain_formula(self, role.formula, evaluation, person, (*pool_steps, split))
            )
        if members:
            problems.extend(
                reconcile(
                    pool, list(shares), f"{self.label_en} pool", f"{self.label_zh}奖金池", places
                )
            )
        return PoolResult(pool, tuple(shares), tuple(breakdowns), problems)
