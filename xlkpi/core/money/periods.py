"""Roll monthly (or quarterly) results up into a quarter or a year: the pure part.

Rules (docs/money.md, "Roll-up"):

- Scores combine by a stated method: the mean of the periods present, weighted by each
  record's weight (e.g. days worked), or weighted by fixed period weights. Weights are
  renormalised over the periods a person was present; the combined score is rounded half
  up to two decimals.
- People present in only some periods (joined, left, or absent) are averaged over the
  periods present and flagged partial.
- A person who changed position was scored each month under that month's position; the
  combined record carries the last period's position and department, and is flagged.
- Indicator sets that differ between periods for the same position are reported, naming
  the indicator and the periods that have and lack it.
- Seed 004's quarterly rule: a combined score below the pass mark (59) pays
  `fail_pay_share` (50%) of the performance pay; 58.99 fails, 59.00 passes. Performance
  pay due is the sum of each period's base × that period's score%, each rounded to the cent.
- `year_end`: two failed quarters or more cancel the year-end assessment (a flag).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from xlkpi.core.cents import to_money
from xlkpi.core.money.explain import Breakdown, Step, money_step
from xlkpi.core.money.labels import PAY_LABELS
from xlkpi.core.money.payslip import SchemeName, breakdown
from xlkpi.core.money.values import (
    HUNDRED,
    MoneyError,
    Number,
    Tier,
    dec,
    fraction,
    non_negative,
    pct,
    plain,
    round_score,
    score_value,
)
from xlkpi.core.problems import Problems, Source

_ROLLUP = SchemeName("rollup", "Period performance pay", "周期绩效工资")


class Method(str, Enum):
    """How the periods of a roll-up are averaged."""

    MEAN = "mean"  # plain mean of the periods present
    RECORD_WEIGHT = "record_weight"  # each record's `weight`, e.g. days worked
    PERIOD_WEIGHT = "period_weight"  # fixed weights per period label


@dataclass(frozen=True)
class PeriodRecord:
    """One person's result for one period (a month, or a quarter when rolling up a year)."""

    period: str
    employee_id: str
    name: str
    position: str
    department: str
    total_score: Number | None
    indicator_points: Mapping[str, Number] | None = None
    performance_base: Number | None = None
    weight: Number | None = None
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class RollupRule:
    """How to combine. `periods` lists the expected periods in order (empty: the labels
    found, sorted); `period_weights` is used by Method.PERIOD_WEIGHT."""

    label: str
    periods: tuple[str, ...] = ()
    method: Method = Method.MEAN
    period_weights: Mapping[str, Number] = field(default_factory=dict)
    pass_mark: Decimal = Decimal(59)
    fail_pay_share: Decimal = Decimal("0.5")

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "method", Method(self.method))
        except ValueError:
            known = ", ".join(m.value for m in Method)
            raise MoneyError(
                f"unknown roll-up method {self.method!r} (use {known})",
                f"未知的汇总方法 {self.method!r}（可用：{known}）",
                "method",
            ) from None
        object.__setattr__(self, "pass_mark", score_value(self.pass_mark, "pass_mark"))
        object.__setattr__(self, "fail_pay_share", fraction(self.fail_pay_share, "fail_pay_share"))


@dataclass(frozen=True)
class CombinedRecord:
    """One person's combined result. `position`/`department` are the last period's;
    `positions` lists (period, position) for every period present."""

    period: str
    employee_id: str
    name: str
    position: str
    department: str
    periods: tuple[str, ...]
    positions: tuple[tuple[str, str], ...]
    score: Decimal
    passed: bool
    indicator_points: dict[str, Decimal]
    partial: bool
    position_changed: bool
    pay: Breakdown | None = None

    @property
    def flags(self) -> tuple[str, ...]:
        """Stable markers: "partial", "position_changed", "failed"."""
        marks = []
        if self.partial:
            marks.append("partial")
        if self.position_changed:
            marks.append("position_changed")
        if not self.passed:
            marks.append("failed")
        return tuple(marks)


@dataclass(frozen=True)
class YearRecord:
    """One person's year-end check: failed quarters and whether the year-end assessment
    goes ahead."""

    employee_id: str
    name: str
    quarters: tuple[str, ...]
    failed: tuple[str, ...]
    year_end_assessment: bool


def combine(
    records: Sequence[PeriodRecord], rule: RollupRule
) -> tuple[list[CombinedRecord], Problems]:
    """Combine per-period records into one record per person.

    Args:
        records: the periods' results (any order).
        rule: method, expected periods, pass mark.
    Returns:
        (combined records in order of first appearance, problems). Records with errors
        (no score, duplicate, unknown period) are left out and reported.
    """
    problems = Problems()
    order = list(rule.periods) or sorted({r.period for r in records})
    index = {p: i for i, p in enumerate(order)}
    period_weights = _period_weights(rule, order, problems)
    people: dict[str, list[tuple[PeriodRecord, Decimal]]] = {}
    for record in records:
        score = _accept(record, index, people, problems)
        if score is not None:
            people.setdefault(record.employee_id, []).append((record, score))
    _check_indicators(records, order, problems)
    combined = []
    for rows in people.values():
        rows.sort(key=lambda row: index[row[0].period])
        result = _combine_person(rows, rule, order, period_weights, problems)
        if result is not None:
            combined.append(result)
    return combined, problems


def year_end(
    quarters: Sequence[CombinedRecord], fail_limit: int = 2
) -> tuple[list[YearRecord], Problems]:
    """Seed 004: `fail_limit` failed quarters cancel the year-end assessment.

    Args:
        quarters: combined quarter records (several per person).
        fail_limit: how many failed quarters cancel it.
    Returns:
        (one record per person, problems: a warning per person whose year-end
        assessment is cancelled).
    """
    problems = Problems()
    grouped: dict[str, list[CombinedRecord]] = {}
    for quarter in quarters:
        grouped.setdefault(quarter.employee_id, []).append(quarter)
    result = []
    for employee_id, rows in grouped.items():
        failed = tuple(q.period for q in rows if not q.passed)
        eligible = len(failed) < fail_limit
        if not eligible:
            listed = ", ".join(failed)
            problems.warning(
                "money.rollup.year_end",
                f"{rows[-1].name} ({employee_id}) failed {len(failed)} quarters ({listed}): "
                "no year-end assessment",
                f"{rows[-1].name}（{employee_id}）{len(failed)} 个季度不合格（{listed}）：取消年终绩效考评",
                Source(label=employee_id),
            )
        result.append(
            YearRecord(employee_id, rows[-1].name, tuple(q.period for q in rows), failed, eligible)
        )
    return result, problems


def _period_weights(rule: RollupRule, order: list[str], problems: Problems) -> dict[str, Decimal]:
    if rule.method is not Method.PERIOD_WEIGHT:
        return {}
    weights: dict[str, Decimal] = {}
    for period in order:
        try:
            weights[period] = non_negative(rule.period_weights.get(period), f"weight of {period}")
        except MoneyError as exc:
            problems.error(
                "money.rollup.weight",
                exc.message_en,
                exc.message_zh,
                Source(label=f"{rule.label} {period}"),
            )
    return weights


def _accept(
    record: PeriodRecord,
    index: dict[str, int],
    people: dict[str, list[tuple[PeriodRecord, Decimal]]],
    problems: Problems,
) -> Decimal | None:
    who = f"{record.name} ({record.employee_id}) {record.period}"
    who_zh = f"{record.name}（{record.employee_id}）{record.period}"
    if record.period not in index:
        expected = ", ".join(index)
        problems.error(
            "money.rollup.period",
            f"{who}: period {record.period!r} is not one of {expected}",
            f"{who_zh}：期间 {record.period!r} 不在 {expected} 之中",
            record.source,
        )
        return None
    if any(r.period == record.period for r, _ in people.get(record.employee_id, [])):
        problems.error(
            "money.rollup.duplicate",
            f"{who}: a second record for the same period (the first one is used)",
            f"{who_zh}：同一期间出现第二条记录（使用第一条）",
            record.source,
        )
        return None
    try:
        return score_value(record.total_score, "total_score")
    except MoneyError as exc:
        problems.error(
            "money.rollup.score",
            f"{who}: {exc.message_en}",
            f"{who_zh}：{exc.message_zh}",
            record.source,
        )
        return None


def _combine_person(
    rows: list[tuple[PeriodRecord, Decimal]],
    rule: RollupRule,
    order: list[str],
    period_weights: dict[str, Decimal],
    problems: Problems,
) -> CombinedRecord | None:
    last = rows[-1][0]
    who, who_zh = f"{last.name} ({last.employee_id})", f"{last.name}（{last.employee_id}）"
    places = [r.source for r, _ in rows]
    weights: list[Decimal] = []
    for record, _ in rows:
        try:
            weights.append(_weight(record, rule, period_weights))
        except MoneyError as exc:
            problems.error(
                "money.rollup.weight",
                f"{who} {record.period}: {exc.message_en}",
                f"{who_zh} {record.period}：{exc.message_zh}",
                record.source,
            )
            return None
    total_weight = sum(weights, Decimal(0))
    if total_weight == 0:
        problems.error(
            "money.rollup.weight",
            f"{who}: all weights are zero",
            f"{who_zh}：权重全部为零",
            *places,
        )
        return None
    exact = sum((w * s for w, (_, s) in zip(weights, rows, strict=True)), Decimal(0))
    score = round_score(exact / total_weight)
    present = tuple(r.period for r, _ in rows)
    partial = len(present) < len(order)
    if partial:
        _report_partial(who, who_zh, present, order, places, problems)
    positions = tuple((r.period, r.position) for r, _ in rows)
    changed = len({p for _, p in positions}) > 1
    if changed:
        listed = ", ".join(f"{p}: {pos}" for p, pos in positions)
        problems.warning(
            "money.rollup.position",
            f"{who} changed position ({listed}); each period is scored under its own "
            f"position, the combined record is under {last.position}",
            f"{who_zh} 期间内调岗（{listed}）；各期按当期岗位计分，汇总记录按最后岗位 {last.position}",
            *places,
        )
    if len({r.department for r, _ in rows}) > 1:
        problems.warning(
            "money.rollup.department",
            f"{who} changed department; the combined record is under {last.department}",
            f"{who_zh} 期间内调部门；汇总记录按最后部门 {last.department}",
            *places,
        )
    passed = score >= rule.pass_mark
    pay = _pay(rows, rule, score, passed, problems)
    return CombinedRecord(
        period=rule.label,
        employee_id=last.employee_id,
        name=last.name,
        position=last.position,
        department=last.department,
        periods=present,
        positions=positions,
        score=score,
        passed=passed,
        indicator_points=_indicators(rows, weights),
        partial=partial,
        position_changed=changed,
        pay=pay,
    )


def _weight(record: PeriodRecord, rule: RollupRule, period_weights: dict[str, Decimal]) -> Decimal:
    if rule.method is Method.MEAN:
        return Decimal(1)
    if rule.method is Method.RECORD_WEIGHT:
        return non_negative(record.weight, "weight")
    if record.period not in period_weights:
        raise MoneyError(f"no weight for {record.period}", f"{record.period} 没有权重", "weight")
    return period_weights[record.period]


def _report_partial(
    who: str,
    who_zh: str,
    present: tuple[str, ...],
    order: list[str],
    places: list[Source],
    problems: Problems,
) -> None:
    missing = [p for p in order if p not in present]
    first, last = order.index(present[0]), order.index(present[-1])
    gap = any(p not in present for p in order[first : last + 1])
    if gap:
        why_en, why_zh = "absent in", "缺少"
    elif first > 0 and last < len(order) - 1:
        why_en, why_zh = "joined and left; absent in", "期中入职且离职，缺少"
    elif first > 0:
        why_en, why_zh = "joined mid-period; absent in", "期中入职，缺少"
    else:
        why_en, why_zh = "left mid-period; absent in", "期中离职，缺少"
    problems.warning(
        "money.rollup.partial",
        f"{who} {why_en} {', '.join(missing)}: averaged over {len(present)} of {len(order)} "
        "periods (partial)",
        f"{who_zh} {why_zh} {'、'.join(missing)}：按在职的 {len(present)}/{len(order)} 期平均（部分期间）",
        *places,
    )


def _indicators(
    rows: list[tuple[PeriodRecord, Decimal]], weights: list[Decimal]
) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    totals: dict[str, Decimal] = {}
    for (record, _), weight in zip(rows, weights, strict=True):
        for code, points in (record.indicator_points or {}).items():
            value = dec(points, code)
            sums[code] = sums.get(code, Decimal(0)) + weight * value
            totals[code] = totals.get(code, Decimal(0)) + weight
    return {code: round_score(sums[code] / totals[code]) for code in sums if totals[code]}


def _check_indicators(
    records: Sequence[PeriodRecord], order: list[str], problems: Problems
) -> None:
    by_position: dict[str, dict[str, set[str]]] = {}
    for record in records:
        if record.indicator_points is None or record.period not in order:
            continue
        periods = by_position.setdefault(record.position, {})
        periods.setdefault(record.period, set()).update(record.indicator_points)
    for position, periods in by_position.items():
        if len(periods) < 2:
            continue
        listed = [p for p in order if p in periods]
        codes = sorted(set().union(*periods.values()))
        for code in codes:
            having = [p for p in listed if code in periods[p]]
            lacking = [p for p in listed if code not in periods[p]]
            if lacking:
                problems.warning(
                    "money.rollup.indicators",
                    f"position {position}: indicator {code!r} is in {', '.join(having)} "
                    f"but not in {', '.join(lacking)}",
                    f"岗位 {position}：指标 {code!r} 出现在 {'、'.join(having)}，"
                    f"但 {'、'.join(lacking)} 没有",
                    Source(label=f"{position} {code}"),
                )


def _pay(
    rows: list[tuple[PeriodRecord, Decimal]],
    rule: RollupRule,
    score: Decimal,
    passed: bool,
    problems: Problems,
) -> Breakdown | None:
    bases = [r.performance_base for r, _ in rows]
    if all(b is None for b in bases):
        return None
    last = rows[-1][0]
    missing = [r.period for r, _ in rows if r.performance_base is None]
    if missing:
        problems.error(
            "money.rollup.base",
            f"{last.name} ({last.employee_id}): performance-pay base missing in {', '.join(missing)}",
            f"{last.name}（{last.employee_id}）：{'、'.join(missing)} 缺少绩效工资基数",
            *[r.source for r, _ in rows],
        )
        return None
    steps: list[Step] = []
    due = Decimal("0.00")
    for record, period_score in rows:
        try:
            base = non_negative(record.performance_base, "performance_base")
        except MoneyError as exc:
            problems.error(
                "money.rollup.base",
                f"{last.name} {record.period}: {exc.message_en}",
                f"{last.name} {record.period}：{exc.message_zh}",
                record.source,
            )
            return None
        step = money_step(
            f"{record.period}: performance-pay base × score%",
            f"{record.period}：绩效工资基数 × 考核分%",
            base * period_score / HUNDRED,
            {"performance_base": base, "score": period_score},
        )
        steps.append(step)
        due += step.amount if step.amount is not None else Decimal(0)
    steps.append(money_step("performance pay due", "应发绩效工资", due))
    share = Decimal(1) if passed else rule.fail_pay_share
    mark = plain(rule.pass_mark)
    if passed:
        tier = Tier(
            "passed", f"score {score} ≥ {mark}: paid in full", f"考核分 {score} ≥ {mark}：全额发放"
        )
    else:
        tier = Tier(
            "failed",
            f"score {score} < {mark}: {pct(share)} paid",
            f"考核分 {score} < {mark}（不合格）：发放 {pct(share)}",
        )
    amount = to_money(due * share)
    steps.append(
        money_step(
            f"{rule.label} performance pay = due × share paid",
            f"{rule.label} 绩效工资 = 应发 × 发放比例",
            amount,
            {"score": score, "pass_mark": rule.pass_mark, "pay_share": share},
            tier,
        )
    )
    return breakdown(
        _ROLLUP,
        last,
        amount,
        steps,
        inputs={"score": score},
        tier=tier,
        flags=() if passed else ("failed",),
        labels=PAY_LABELS,
    )
