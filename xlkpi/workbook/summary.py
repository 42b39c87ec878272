"""The Summary sheet (汇总), written whole by Calculate from A1: the first thing a manager
opens.

Layout (rows 0-based; `layout.SUMMARY_*` fixes the places the template's charts read):
  0-3   title; period; status; error and warning counts
  4-21  left free for the template's three charts (grades against quota, average score
        by position or team, score distribution)
  22-   by position, by team, by department: head count | average | highest | lowest |
        one column per grade | quota check of that group (when quotas apply per that kind
        of group); then the grade distribution of everyone against the quota, and the bonus
  chart data, from row `SUMMARY_CHART_ROW` in the columns of `SUMMARY_CHART_COLS`: three
        small tables the charts read; each grows downwards as far as it needs.
When the run has errors only the title, period, status ("results are not current") and the
counts are written; everything else (chart data too) is cleared.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import Any

from xlkpi.core.distribution import quota_count
from xlkpi.core.fmt import agree, separator
from xlkpi.core.model import Employee, EmployeeResult, GradeBand, QuotaKind, Scope, Settings
from xlkpi.core.problems import Problems
from xlkpi.core.ranking import scope_key
from xlkpi.io.cells import Block, Styled
from xlkpi.workbook import layout

L = layout.SUMMARY_LABELS
_POINTS = layout.FORMATS["points"]
_MONEY = layout.FORMATS["money"]
_PERCENT = layout.FORMATS["percent"]

#: what the Summary needs of a result, taken in one pass (see `summary_grid`)
_PERSON = attrgetter(
    "total",
    "grade",
    "employee",
    "bonus",
    "employee.position",
    "employee.department",
    "employee.team",
)
#: a Person's total, grade and bonus (mapped over many)
_TOTAL, _GRADE, _BONUS = itemgetter(0), itemgetter(1), itemgetter(3)

#: (total, grade, employee, bonus, position, department, team) of one result
Person = tuple[float | None, str | None, Employee, Decimal | None, str, str, str]

#: score bands of the distribution chart: (label, lowest total of the band)
SCORE_BANDS = (("<60", 0.0), ("60–69", 60.0), ("70–79", 70.0), ("80–89", 80.0), ("90–100", 90.0))


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y-%m-%d %H:%M")


def _average(people: Sequence[Person]) -> float | None:
    return _mean([t for t in map(_TOTAL, people) if t is not None])


def _mean(totals: list[float]) -> float | None:
    return round(sum(totals) / len(totals), 2) if totals else None


def _quota_check(people: Sequence[Person], bands: Sequence[GradeBand], lang: str) -> str:
    """'符合' / 'A 超出 1 人；C 少 1 人' for one group under its own quotas."""
    per_grade = Counter(map(_GRADE, people))
    del per_grade[None]  # (people without a grade do not count)
    n = per_grade.total()
    problems = []
    for b in bands:
        if b.quota_kind is None or b.quota_share is None:
            continue
        count = per_grade[b.grade]
        limit = quota_count(b.quota_kind, b.quota_share, n)
        if b.quota_kind is QuotaKind.AT_MOST and count > limit:
            problems.append(L["over"](lang).format(grade=b.grade, n=count - limit))
        elif b.quota_kind is QuotaKind.AT_LEAST and count < limit:
            problems.append(L["short"](lang).format(grade=b.grade, n=limit - count))
    if not problems:
        return L["within_quota"](lang)
    return agree(separator(lang).join(problems))


def _group_table(
    title: str,
    header: str,
    groups: dict[str, list[Person]],
    everyone: list[Any],
    bands: Sequence[GradeBand],
    check: bool,
    lang: str,
) -> list[list[Any]]:
    """A section: title, header, one row per group, and `everyone`'s row (`_group_row`
    of all results: the same in every section, so worked out once)."""
    grades = [b.grade for b in bands]
    head = [header] + [L[k](lang) for k in ("headcount", "average", "highest", "lowest")]
    head += grades + ([L["quota"](lang)] if check else [])
    rows: list[list[Any]] = [[title], head]
    for label, people in groups.items():
        rows.append(_group_row(label, people, grades))
        if check:
            rows[-1].append(_quota_check(people, bands, lang))
    rows.append(everyone + [None] if check else list(everyone))
    return rows


def _group_row(label: str, people: Sequence[Person], grades: list[str]) -> list[Any]:
    """label | head count | average | highest | lowest | head count per grade."""
    totals = [t for t in map(_TOTAL, people) if t is not None]
    avg = _mean(totals)
    out: list[Any] = [
        label,
        len(people),
        None if avg is None else Styled(avg, _POINTS),
        Styled(max(totals), _POINTS) if totals else None,
        Styled(min(totals), _POINTS) if totals else None,
    ]
    graded = list(map(_GRADE, people))
    out += map(graded.count, grades)  # (C-level: a Counter per group cost more, 784 groups)
    return out


def _groups(
    people: Sequence[Person], position_names: dict[str, str], no_dept: str, no_team: str
) -> tuple[dict[str, list[Person]], ...]:
    """People by position name, by "department / team" and by department, each group in
    results order and the groups in order of first appearance (one pass for the three)."""
    by_pos: dict[str, list[Person]] = {}
    by_team: dict[str, list[Person]] = {}
    by_dept: dict[str, list[Person]] = {}
    for person in people:
        _, _, _, _, position, department, team = person
        department = department or no_dept
        by_pos.setdefault(position_names.get(position, position), []).append(person)
        by_team.setdefault(f"{department} / {team or no_team}", []).append(person)
        by_dept.setdefault(department, []).append(person)
    return by_pos, by_team, by_dept


def _scope_limits(
    people: Sequence[Person], bands: Sequence[GradeBand], scope: Scope
) -> dict[str, int]:
    """Per grade with a quota: the headcount it allows (or requires), summed over the
    scope's groups, as the distribution applied it."""
    groups = Counter(scope_key(p[2], scope) for p in people if p[1] is not None)
    out = {}
    for b in bands:
        if b.quota_kind is not None and b.quota_share is not None:
            out[b.grade] = sum(quota_count(b.quota_kind, b.quota_share, n) for n in groups.values())
    return out


def summary_grid(
    settings: Settings,
    results: Sequence[EmployeeResult] | None,
    bands: Sequence[GradeBand],
    position_names: dict[str, str],
    problems: Problems,
    now: dt.datetime,
) -> list[list[Any]]:
    """The Summary content as rows (ragged; `summary_block` pads them).

    Args:
        settings: the run's settings (lang, period, pool, scopes).
        results: per-employee results, or None when the run had errors.
        bands: the grade table, best first.
        position_names: position code -> name, in Positions order.
        problems: all problems of the run (for the counts).
        now: the time of the run.
    """
    lang = settings.lang
    errors, warnings = len(problems.errors), len(problems.warnings)
    counts = agree(L["counts"](lang).format(errors=errors, warnings=warnings))
    rows: list[list[Any]] = [[L["title"](lang)], [L["period"](lang), settings.period or None]]
    if results is None:
        status = agree(layout.STATUS_TEXT["not_current"](lang).format(errors=errors))
        rows += [[L["status"](lang), status], [None, counts]]
        return rows
    status = layout.STATUS_TEXT["current"](lang).format(time=_stamp(now))
    rows += [[L["status"](lang), status], [None, counts]]
    rows += [[] for _ in range(len(rows), layout.SUMMARY_TABLES_ROW)]

    scope = settings.distribution_scope if settings.forced_distribution else None
    has_quota = any(b.quota_kind is not None for b in bands)
    no_dept, no_team = L["no_department"](lang), L["no_team"](lang)
    # what the Summary reads of each result, in one pass: the passes below (a dozen) go
    # over these tuples, not over the results, each a cache miss apart at 50,000 people
    people: list[Person] = list(map(_PERSON, results))
    by_pos: dict[str, list[Person]] = {position_names.get(c, c): [] for c in position_names}
    found_pos, found_team, found_dept = _groups(people, position_names, no_dept, no_team)
    by_pos.update(found_pos)
    by_pos = {k: v for k, v in by_pos.items() if v}
    by_team = dict(sorted(found_team.items()))
    by_dept = dict(sorted(found_dept.items()))
    sections = (
        ("by_position", "position", by_pos, (Scope.POSITION, Scope.POSITION_GROUP)),
        ("by_team", "team", by_team, (Scope.TEAM,)),
        ("by_department", "department", by_dept, (Scope.DEPARTMENT,)),
    )
    everyone = _group_row(L["all"](lang), people, [b.grade for b in bands])
    for title, header, groups, scopes in sections:
        check = has_quota and scope in scopes and scope is not Scope.POSITION_GROUP
        rows += _group_table(L[title](lang), L[header](lang), groups, everyone, bands, check, lang)
        rows.append([])

    limits = _scope_limits(people, bands, scope) if scope is not None else {}
    grade_rows: list[list[Any]] = []
    if bands:
        rows += [
            [L["grades"](lang)],
            [L[k](lang) for k in ("grade", "headcount", "share", "quota", "limit", "within")],
        ]
        per_grade = Counter(map(_GRADE, people))
        ungraded = per_grade.pop(None, 0)
        n = len(people) - ungraded
        yes, no = layout.CHOICES["yes_no"]["yes"](lang), layout.CHOICES["yes_no"]["no"](lang)
        for b in bands:
            count = per_grade[b.grade]
            share = Styled(count / n, _PERCENT) if n else None
            quota = limit = within = None
            if b.quota_kind is not None and b.quota_share is not None:
                sign = "≤" if b.quota_kind is QuotaKind.AT_MOST else "≥"
                quota = f"{sign}{b.quota_share * 100:g}%"
                if b.grade in limits:
                    limit = limits[b.grade]
                    at_most = b.quota_kind is QuotaKind.AT_MOST
                    within = yes if (count <= limit if at_most else count >= limit) else no
            rows.append([b.grade, count, share, quota, limit, within])
            grade_rows.append([b.grade, count, limit])
        if ungraded:
            rows.append([L["no_grade"](lang), ungraded])
        if scope is not None and scope is not Scope.ALL and limits:
            where = layout.CHOICES["scope"][scope.value](lang)
            rows.append([L["quota_scope"](lang).format(scope=where)])
        rows.append([])

    rows.append([L["bonus"](lang)])
    if settings.bonus_pool is None:
        rows.append([L["no_pool"](lang)])
    else:
        pool = Decimal(settings.bonus_pool)
        bonuses = [b for b in map(_BONUS, people) if b is not None]
        allocated = sum(bonuses, Decimal("0"))
        rows.append([L["pool"](lang), Styled(float(pool), _MONEY)])
        rows.append([L["allocated"](lang), Styled(float(allocated), _MONEY)])
        if settings.pool_scope is not Scope.COMPANY:  # the rest went to other workbooks
            rows.append([L["unallocated"](lang), Styled(float(pool - allocated), _MONEY)])

    averages = by_pos if len(by_pos) > 1 else by_team
    avg_rows = [
        [k, Styled(a, _POINTS)] for k, v in averages.items() if (a := _average(v)) is not None
    ]
    band_rows = [
        [label, n]
        for label, n in zip([b[0] for b in SCORE_BANDS], _band_counts(people), strict=True)
    ]
    _place_chart_data(rows, lang, grade_rows, avg_rows, band_rows, len(by_pos) > 1)
    return rows


def _band_counts(people: Sequence[Person]) -> list[int]:
    """How many totals fall in each of SCORE_BANDS (from its lowest total to the next
    band's), in one pass; totals below the first band count nowhere."""
    lows = [low for _, low in SCORE_BANDS]
    counts = [0] * len(lows)
    for t in map(_TOTAL, people):
        if t is not None and lows[0] <= t < math.inf:
            counts[bisect_right(lows, t) - 1] += 1
    return counts


def _place_chart_data(
    rows: list[list[Any]],
    lang: str,
    grades: list[list[Any]],
    averages: list[list[Any]],
    bands: list[list[Any]],
    by_position: bool,
) -> None:
    """Write the three chart tables at their fixed places, right of the sections."""
    first = layout.SUMMARY_CHART_ROW
    tables = {
        "grades": ([L["grade"](lang), L["headcount"](lang), L["limit"](lang)], grades),
        "averages": (
            [L["position" if by_position else "team"](lang), L["average"](lang)],
            averages,
        ),
        "scores": ([L["score_band"](lang), L["headcount"](lang)], bands),
    }
    width = max(layout.SUMMARY_CHART_COLS.values()) + 3
    for key, (header, body) in tables.items():
        col = layout.SUMMARY_CHART_COLS[key]
        for i, values in enumerate([[L["chart_data"](lang)], header, *body]):
            r = first - 2 + i
            while len(rows) <= r:
                rows.append([])
            row = rows[r]
            if len(row) < width:
                row.extend([None] * (width - len(row)))
            for j, v in enumerate(values):
                if i > 0 or key == "grades":  # one "chart data" title over the three tables
                    row[col + j] = v


def summary_block(sheet: str, rows: list[list[Any]], old_extent: tuple[int, int]) -> Block:
    """The Summary rows padded into one rectangle that also clears old content."""
    old_rows, old_cols = old_extent
    width = max([old_cols, *(len(r) for r in rows)])
    height = max(old_rows, len(rows))
    grid = [list(r) + [None] * (width - len(r)) for r in rows]
    grid += [[None] * width for _ in range(height - len(rows))]
    return Block(sheet, 0, 0, grid)
