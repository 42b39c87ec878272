"""Company-wide ranks, quotas and bonus pool over several assessments (全公司统一).

A group with one workbook per department can set grade quotas, ranking or the bonus pool
for the whole company ("company" as distribution, rank or pool scope). Each workbook is
still scored on its own (its positions, indicators, raters, adjustments); then, over
everyone of every workbook together:

- ranks, when the rank scope is "company";
- forced distribution, when the distribution scope is "company": quota counts use the
  company headcount and the lowest-ranked of the whole company move;
- the bonus pool, when the pool scope is "company": one pool split by grade coefficient ×
  bonus base over everyone (each workbook states the same company pool).

Calibrated overrides and vetoes stay each workbook's own and come after the quotas, as in
`engine.assess`. The workbooks must agree on what is company-wide: the same grade table,
the same company scopes and the same pool; otherwise nothing is assessed and the
disagreement is an error naming the workbooks.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from xlkpi.core.bonus import assign_bonus
from xlkpi.core.distribution import apply_distribution, quota_count
from xlkpi.core.engine import (
    Scored,
    distribute,
    finalise,
    grade_by_score,
    pay_bonus,
    score_totals,
)
from xlkpi.core.model import Assessment, EmployeeResult, GradeBand, RunResult, Scope
from xlkpi.core.problems import Problems, Source
from xlkpi.core.ranking import assign_ranks


@dataclass(frozen=True)
class CompanyQuota:
    """One grade's company-wide quota: `limit` people at most (or at least), `count` after."""

    grade: str
    kind: str  # "at_most" / "at_least"
    share: float
    limit: int
    count: int


@dataclass
class CompanyRun:
    """What a company run found and applied.

    Attributes:
        runs: one RunResult per assessment, in order (empty when the workbooks disagree).
        problems: problems of the company as a whole (the workbooks disagree); each
            workbook's own problems are in its RunResult.
        workbooks: the names of the workbooks, in order.
        ranks, quotas, pool: which steps ran company-wide.
        headcount: people with a total in the whole company.
        quota_table: the company-wide quotas (with `quotas`).
        pool_amount: the company pool (with `pool`).
    """

    runs: list[RunResult]
    problems: Problems
    workbooks: list[str]
    ranks: bool = False
    quotas: bool = False
    pool: bool = False
    headcount: int = 0
    quota_table: list[CompanyQuota] = field(default_factory=list)
    pool_amount: Decimal | None = None

    @property
    def ok(self) -> bool:
        """True when no workbook and no company-wide step has an error."""
        return not self.problems.has_errors and all(r.ok for r in self.runs)


def is_company(assessment: Assessment) -> bool:
    """Whether any of the assessment's scopes is the whole company."""
    s = assessment.settings
    return Scope.COMPANY in (s.rank_scope, s.distribution_scope, s.pool_scope)


def _company_label(key: tuple[str, ...]) -> tuple[str, str]:
    return "the whole company", "全公司"


def _in(source: Source, name: str) -> Source:
    return dataclasses.replace(source, file=name)


def _band_key(b: GradeBand) -> tuple[object, ...]:
    return (b.grade, b.min_score, b.coefficient, b.quota_kind, b.quota_share)


def check_agreement(assessments: Sequence[Assessment], names: Sequence[str]) -> Problems:
    """Errors for every way the workbooks disagree on what is applied company-wide."""
    problems = Problems()
    first, first_name = assessments[0], names[0]
    fs = first.settings
    company_dist = fs.distribution_scope is Scope.COMPANY and fs.forced_distribution
    for a, name in zip(assessments[1:], names[1:], strict=True):
        s = a.settings
        for key, en, zh, mine, theirs in (
            ("rank_scope", "ranks", "排名范围", s.rank_scope, fs.rank_scope),
            (
                "distribution_scope",
                "forced distribution",
                "强制分布范围",
                (s.distribution_scope, s.forced_distribution),
                (fs.distribution_scope, fs.forced_distribution),
            ),
            ("pool_scope", "the bonus pool", "奖金池范围", s.pool_scope, fs.pool_scope),
        ):
            if mine != theirs:
                problems.error(
                    "company.scope",
                    f"{name} and {first_name} set {en} differently; every workbook calculated "
                    "together must set the same scopes",
                    f"{name}与{first_name}的{zh}设置不同；一起计算的工作簿须设置相同的范围",
                    _in(s.sources.get(key, Source()), name),
                    _in(fs.sources.get(key, Source()), first_name),
                )
        needs_grades = company_dist or fs.pool_scope is Scope.COMPANY
        if needs_grades and [_band_key(b) for b in a.grades] != [
            _band_key(b) for b in first.grades
        ]:
            where = a.grades[0].source if a.grades else Source()
            problems.error(
                "company.grades",
                f"The grade table of {name} differs from that of {first_name}; company-wide "
                "quotas and pools need one grade table",
                f"{name}的等级表与{first_name}不同；全公司统一的强制分布或奖金池须使用同一等级表",
                _in(where, name),
            )
        same_scope = fs.pool_scope is Scope.COMPANY and s.pool_scope is Scope.COMPANY
        if same_scope and s.bonus_pool != fs.bonus_pool:
            problems.error(
                "company.pool",
                f"{name} gives the company bonus pool as {s.bonus_pool}, {first_name} as "
                f"{fs.bonus_pool}; every workbook states the same company pool",
                f"{name}填写的全公司奖金池为{s.bonus_pool}，{first_name}为{fs.bonus_pool}；"
                "各工作簿须填写同一全公司奖金池",
                _in(s.sources.get("bonus_pool", Source()), name),
                _in(fs.sources.get("bonus_pool", Source()), first_name),
            )
    return problems


def assess_company(assessments: Sequence[Assessment], names: Sequence[str]) -> CompanyRun:
    """Assess several workbooks' assessments together (see the module docstring).

    Args:
        assessments: one per workbook, at least one.
        names: the workbooks' names, for messages.
    Returns:
        The CompanyRun: one RunResult per assessment (none when they disagree).
    """
    problems = check_agreement(assessments, names)
    out = CompanyRun([], problems, list(names))
    if problems.has_errors:
        return out
    scored = [score_totals(a) for a in assessments]
    settings = assessments[0].settings
    everyone = [r for s in scored for r in s.results]
    _route(_duplicate_ids(scored, names), scored)
    company = Problems()  # problems of the company-wide steps, routed to workbooks below

    out.ranks = settings.rank_scope is Scope.COMPANY
    if out.ranks:
        assign_ranks(everyone, Scope.COMPANY)
    for s in scored:
        if not out.ranks:
            scope = s.assessment.settings.rank_scope
            assign_ranks(s.results, scope, s.groups(scope))
        grade_by_score(s)

    bands = scored[0].bands
    if settings.forced_distribution:
        out.quotas = settings.distribution_scope is Scope.COMPANY
        if out.quotas:
            if all(s.bands_ok for s in scored):
                apply_distribution(everyone, bands, Scope.COMPANY, company, label=_company_label)
        else:
            for s in scored:
                distribute(s)
    for s in scored:
        finalise(s)
    if out.quotas:
        out.quota_table = _quota_table(everyone, bands)

    out.pool = settings.pool_scope is Scope.COMPANY
    if out.pool:
        out.pool_amount = settings.bonus_pool
        assign_bonus(everyone, bands, settings.bonus_pool, company, _first_pool_source(scored))
    else:
        for s in scored:
            pay_bonus(s)
    _route(company, scored)
    out.headcount = sum(1 for r in everyone if r.total is not None)
    out.runs = [RunResult(s.results, s.problems) for s in scored]
    return out


def _first_pool_source(scored: Sequence[Scored]) -> Source | None:
    return scored[0].assessment.settings.sources.get("bonus_pool")


def _quota_table(
    everyone: Sequence[EmployeeResult], bands: Sequence[GradeBand]
) -> list[CompanyQuota]:
    graded = [r for r in everyone if r.grade_by_score is not None]
    counts = Counter(r.grade for r in graded)
    table = []
    for b in bands:
        if b.quota_kind is None or b.quota_share is None:
            continue
        limit = quota_count(b.quota_kind, b.quota_share, len(graded))
        table.append(
            CompanyQuota(b.grade, b.quota_kind.value, b.quota_share, limit, counts.get(b.grade, 0))
        )
    return table


def _duplicate_ids(scored: Sequence[Scored], names: Sequence[str]) -> Problems:
    """The same employee id in two workbooks counts twice company-wide: a WARNING."""
    problems = Problems()
    seen: dict[str, tuple[int, EmployeeResult]] = {}
    for i, s in enumerate(scored):
        for r in s.results:
            eid = r.employee.id
            first = seen.setdefault(eid, (i, r))
            if first[0] != i:
                problems.warning(
                    "company.duplicate",
                    f"Employee id {eid} is in both {names[first[0]]} and {names[i]}; "
                    "company-wide they count as two people",
                    f"员工编号{eid}同时出现在{names[first[0]]}和{names[i]}中；全公司统计时按两人计算",
                    first[1].employee.source,
                    r.employee.source,
                )
    return problems


def _route(company: Problems, scored: Sequence[Scored]) -> None:
    """Give each company-wide problem to the workbooks of the people it names (with only
    their own people's cells), or to every workbook when it names nobody."""
    owner = {id(r.employee.source): i for i, s in enumerate(scored) for r in s.results}
    for p in list(company):
        mine = {owner[id(w)] for w in p.where if id(w) in owner}
        targets = sorted(mine) if mine else range(len(scored))
        for i in targets:
            where = tuple(w for w in p.where if owner.get(id(w), i) == i)
            scored[i].problems.items.append(dataclasses.replace(p, where=where))
