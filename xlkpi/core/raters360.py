"""360° input: peers, subordinates and customers as extra rater groups per indicator.

HR sets up groups per rater-scored indicator (`GroupRule`): a weight (share of the
indicator's score), a minimum number of raters, and the group score as the mean or the
trimmed mean (the highest and the lowest rating dropped once there are at least
`trim_from` raters). The standard raters (self / reviewer / approver, combined by the
rater policy) keep the rest of the weight:

    raw = (w_std × standard + Σ w_g × group_g) / (w_std + Σ w_g over groups that count)
    w_std = 1 − Σ w_g over every group set up for the indicator

A group with fewer ratings than its minimum does not count (a WARNING), and the weights of
the rest are rescaled, as the rater policy does for a missing rater.

Ratings carry no rater name: names stay on the ratings sheet HR keeps, so nothing built
from a result (notes, forms, scorecards) can show who rated whom.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from xlkpi.core.fmt import num, pct
from xlkpi.core.model import EmployeeResult, Indicator, ScoredBy
from xlkpi.core.problems import Problems, Source
from xlkpi.core.weights import weighted_points
from xlkpi.core.words import Explanation

GROUPS: dict[str, tuple[str, str]] = {
    "peer": ("peers", "同事"),
    "subordinate": ("subordinates", "下属"),
    "customer": ("customers", "客户"),
}
METHODS = ("mean", "trimmed")
DEFAULT_MIN_RATERS = 3
DEFAULT_TRIM_FROM = 5


@dataclass(frozen=True)
class GroupRule:
    """One 360° rater group of one indicator ("" position: every position with the code)."""

    position: str
    code: str
    group: str  # a key of GROUPS
    weight: float  # 0..1 of the indicator's score
    min_raters: int = DEFAULT_MIN_RATERS
    method: str = "mean"
    trim_from: int = DEFAULT_TRIM_FROM
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Rating:
    """One rater's score of one person on one indicator (on the indicator's scale)."""

    employee_id: str
    code: str
    group: str
    score: float
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Raters360:
    """The 360° setup (group rules) and the ratings given, as read from the workbook."""

    rules: list[GroupRule] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)


def group_score(scores: Sequence[float], method: str, trim_from: int) -> tuple[float, bool]:
    """The group's score and whether the highest and lowest were dropped.

    Args:
        scores: the ratings (at least one).
        method: "mean", or "trimmed" (drop one highest and one lowest rating when there
            are at least `trim_from`, which is 3 or more).
    """
    ordered = sorted(scores)
    if method == "trimmed" and len(ordered) >= max(trim_from, 3):
        kept = ordered[1:-1]
        return math.fsum(kept) / len(kept), True
    return math.fsum(ordered) / len(ordered), False


def apply_360(
    results: Sequence[EmployeeResult],
    data: Raters360,
    by_position: Mapping[str, Mapping[str, Indicator]],
    problems: Problems,
) -> None:
    """Blend the 360° groups into rater-scored indicators and recompute subtotals.

    Args:
        results: scored results (indicators set, subtotal computed).
        data: the group rules and ratings.
        by_position: position -> code -> indicator.
        problems: setup and rating errors name their cells; a group short of its minimum
            is a WARNING naming the person's ratings.
    """
    if not data.rules and not data.ratings:
        return
    rules, groups_of = _checked_rules(data.rules, by_position, problems)
    people = {r.employee.id: r for r in results}
    given: dict[tuple[str, str, str], list[Rating]] = {}
    for rating in data.ratings:
        result = people.get(rating.employee_id)
        if result is None:
            problems.error(
                "raters360.employee",
                f"A 360° rating names employee '{rating.employee_id}', who is not in the "
                "employee list",
                f"360°评分中的员工“{rating.employee_id}”不在员工名单中",
                rating.source,
            )
            continue
        position = result.employee.position
        ind = by_position.get(position, {}).get(rating.code)
        if (position, rating.code, rating.group) not in rules or ind is None:
            en, zh = GROUPS.get(rating.group, (rating.group, rating.group))
            problems.error(
                "raters360.no_group",
                f"A 360° rating of {rating.employee_id} on '{rating.code}' by {en}: no such "
                f"group is set up for position {position} on the 360° setup sheet",
                f"{rating.employee_id}的指标“{rating.code}”有{zh}评分，但“360设置”表中"
                f"岗位{position}没有该评分组",
                rating.source,
            )
            continue
        if not 0 <= rating.score <= ind.scale:
            problems.error(
                "raters360.score",
                f"360° rating {num(rating.score)} of {rating.employee_id} on {rating.code} is "
                f"outside 0–{num(ind.scale)}",
                f"{rating.employee_id}的指标{rating.code}的360°评分{num(rating.score)}超出0–"
                f"{num(ind.scale)}",
                rating.source,
            )
            continue
        given.setdefault((rating.employee_id, rating.code, rating.group), []).append(rating)

    short: dict[int, tuple[GroupRule, list[tuple[str, list[Rating]]]]] = {}
    for result in results:
        emp = result.employee
        touched = False
        for code, ir in result.indicators.items():
            groups = groups_of.get((emp.position, code))
            if not groups or ir.raw is None:
                continue
            ind = by_position[emp.position][code]
            std_weight = 1.0 - math.fsum(g.weight for g in groups)
            num_sum, weight_sum = std_weight * ir.raw, std_weight
            parts_en = [f"self/reviewer/approver {num(ir.raw)} × {pct(std_weight)}"]
            parts_zh = [f"自评/考评/审评{num(ir.raw)}×{pct(std_weight)}"]
            for g in groups:
                ratings = given.get((emp.id, code, g.group), [])
                en, zh = GROUPS[g.group]
                if len(ratings) < g.min_raters:
                    short.setdefault(id(g), (g, []))[1].append((emp.id, ratings))
                    continue
                score, trimmed = group_score([r.score for r in ratings], g.method, g.trim_from)
                num_sum += g.weight * score
                weight_sum += g.weight
                how_en = "highest and lowest dropped, " if trimmed else ""
                how_zh = "去掉最高最低后" if trimmed else ""
                parts_en.append(
                    f"{en} {num(score)} ({len(ratings)}, {how_en}mean) × {pct(g.weight)}"
                )
                parts_zh.append(
                    f"{zh}{num(score)}（{len(ratings)}份，{how_zh}平均）×{pct(g.weight)}"
                )
            if weight_sum <= 0:
                continue
            raw = num_sum / weight_sum
            base = ir.explanation
            ir.raw = raw
            ir.points = weighted_points(raw, ind)
            ir.explanation = Explanation(
                f"{base.en}; 360°: " + " + ".join(parts_en) + f" → {num(raw)}",
                f"{base.zh}；360°：" + " + ".join(parts_zh) + f" → {num(raw)}",
            )
            touched = True
        if touched:
            points = [i.points for i in result.indicators.values()]
            result.subtotal = None if None in points else math.fsum(p or 0.0 for p in points)
    for g, shortfall in short.values():
        _too_few(g, shortfall, problems)


def _too_few(g: GroupRule, people: list[tuple[str, list[Rating]]], problems: Problems) -> None:
    """One WARNING per group: who has fewer ratings than the minimum (and how many)."""
    en, zh = GROUPS[g.group]
    who = ", ".join(f"{eid} ({len(r)})" for eid, r in people[:20])
    more = f" (+{len(people) - 20})" if len(people) > 20 else ""
    problems.warning(
        "raters360.too_few",
        f"{g.code}: {len(people)} person(s) have fewer ratings from {en} than the minimum "
        f"{g.min_raters}, so {en} are not counted for them: {who}{more}",
        f"{g.code}：{len(people)}人的{zh}评分少于最少{g.min_raters}份，对其不计入{zh}评分："
        f"{who}{more}",
        g.source,
        *(r.source for _, ratings in people for r in ratings),
    )


def _setup_problem(
    rule: GroupRule, targets: list[str], by_position: Mapping[str, Mapping[str, Indicator]]
) -> tuple[str, str] | None:
    """What is wrong with one group rule on its own (en, zh), or None."""
    if not targets:
        return (
            f"360° group on '{rule.code}': no position has that indicator",
            f"360°评分组的指标“{rule.code}”不存在",
        )
    if any(by_position[p][rule.code].scored_by is not ScoredBy.RATERS for p in targets):
        return (
            f"360° group on '{rule.code}': the indicator is scored from an actual value, "
            "not by raters",
            f"360°评分组的指标“{rule.code}”按实际值评分，不是评分类指标",
        )
    if rule.group not in GROUPS:
        return (f"360° group '{rule.group}' is unknown", f"360°评分组“{rule.group}”无法识别")
    if not (math.isfinite(rule.weight) and 0 < rule.weight < 1):
        return (
            f"360° group weight {pct(rule.weight)} on '{rule.code}' must be above 0% and "
            "below 100%",
            f"指标“{rule.code}”的360°评分组权重{pct(rule.weight)}应大于0%且小于100%",
        )
    if rule.min_raters < 1 or rule.trim_from < 3 or rule.method not in METHODS:
        return (
            f"360° group on '{rule.code}': minimum raters must be 1 or more and trimming "
            "start at 3 raters or more",
            f"指标“{rule.code}”的360°评分组：最少人数应不少于1，去极值起始人数应不少于3",
        )
    return None


def _checked_rules(
    rules: Sequence[GroupRule],
    by_position: Mapping[str, Mapping[str, Indicator]],
    problems: Problems,
) -> tuple[dict[tuple[str, str, str], GroupRule], dict[tuple[str, str], list[GroupRule]]]:
    """The valid rules, (position, code, group) -> rule, and the same grouped by indicator,
    (position, code) -> its groups; errors name the setup cell."""
    valid: dict[tuple[str, str, str], GroupRule] = {}
    for rule in rules:
        positions = [rule.position] if rule.position else sorted(by_position)
        targets = [p for p in positions if rule.code in by_position.get(p, {})]
        problem = _setup_problem(rule, targets, by_position)
        if problem is None:
            for p in targets:
                key = (p, rule.code, rule.group)
                if key in valid:
                    problem = (
                        f"360° group {rule.group} on {p}/{rule.code} is set up twice",
                        f"{p}/{rule.code}的360°评分组{GROUPS[rule.group][1]}重复设置",
                    )
        if problem is not None:
            problems.error("raters360.setup", problem[0], problem[1], rule.source)
            continue
        for p in targets:
            valid[(p, rule.code, rule.group)] = rule
    groups: dict[tuple[str, str], list[GroupRule]] = {}
    for (p, c, _), rule in valid.items():
        groups.setdefault((p, c), []).append(rule)
    for (p, c), group in list(groups.items()):
        total = math.fsum(g.weight for g in group)
        if total >= 1:
            problems.error(
                "raters360.weight_sum",
                f"360° group weights on {p}/{c} add up to {pct(total)}; they must stay below "
                "100% (the rest is self/reviewer/approver)",
                f"{p}/{c}的360°评分组权重合计{pct(total)}，应低于100%（其余为自评/考评/审评）",
                *(g.source for g in group),
            )
            for g in group:
                valid.pop((p, c, g.group), None)
            del groups[(p, c)]
    return valid, groups
