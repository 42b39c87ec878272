"""The Summary sheet (汇总), written whole by Calculate from A1.

Sections, one after another with a blank row between:
  title; period; status
  by position:   position | headcount | with a total | average | highest | lowest
  by department: the same, per department, and a row for everyone
  grade distribution: grade | headcount | share | quota | limit (everyone) | within quota
  bonus: pool | allocated | unallocated
When the run has errors only the title, period, status ("results are not current") and the
error and warning counts are written; everything else is cleared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from xlkpi.core.distribution import quota_count
from xlkpi.core.fmt import agree
from xlkpi.core.model import EmployeeResult, GradeBand, QuotaKind, Scope, Settings
from xlkpi.core.problems import Problems
from xlkpi.io.cells import Block, Styled
from xlkpi.workbook import layout

L = layout.SUMMARY_LABELS
_POINTS = layout.FORMATS["points"]
_MONEY = layout.FORMATS["money"]
_PERCENT = layout.FORMATS["percent"]


def _stats(results: Iterable[EmployeeResult]) -> list[Any]:
    people = list(results)
    totals = [r.total for r in people if r.total is not None]
    if not totals:
        return [len(people), 0, None, None, None]
    avg = round(sum(totals) / len(totals), 2)
    return [
        len(people),
        len(totals),
        Styled(avg, _POINTS),
        Styled(max(totals), _POINTS),
        Styled(min(totals), _POINTS),
    ]


def _group_rows(
    groups: dict[str, list[EmployeeResult]], label_of: dict[str, str]
) -> list[list[Any]]:
    return [[label_of.get(key, key), *_stats(people)] for key, people in groups.items()]


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y-%m-%d %H:%M")


def summary_rows(
    settings: Settings,
    results: Sequence[EmployeeResult] | None,
    bands: Sequence[GradeBand],
    position_names: dict[str, str],
    problems: Problems,
    now: dt.datetime,
) -> list[list[Any]]:
    """The Summary content as rows (ragged; `summary_block` pads them).

    Args:
        settings: the run's settings (lang, period, pool, distribution scope).
        results: per-employee results, or None when the run had errors.
        bands: the grade table, best first.
        position_names: position code -> name, in Positions order.
        problems: all problems of the run (for the counts).
        now: the time of the run.
    """
    lang = settings.lang
    errors, warnings = len(problems.errors), len(problems.warnings)
    rows: list[list[Any]] = [[L["title"](lang)], [L["period"](lang), settings.period or None]]
    if results is None:
        rows.append(
            [L["status"](lang), agree(layout.STATUS_TEXT["not_current"](lang).format(errors=errors))]
        )
        rows.append([None, agree(L["counts"](lang).format(errors=errors, warnings=warnings))])
        return rows
    rows.append([L["status"](lang), layout.STATUS_TEXT["current"](lang).format(time=_stamp(now))])
    rows.append([None, agree(L["counts"](lang).format(errors=errors, warnings=warnings))])
    stat_header = [L[k](lang) for k in ("headcount", "scored", "average", "highest", "lowest")]

    by_pos: dict[str, list[EmployeeResult]] = {code: [] for code in position_names}
    by_dept: dict[str, list[EmployeeResult]] = {}
    no_dept = L["no_department"](lang)
    for r in results:
        by_pos.setdefault(r.employee.position, []).append(r)
        by_dept.setdefault(r.employee.department or no_dept, []).append(r)
    everyone = [L["all"](lang), *_stats(results)]

    rows += [[], [L["by_position"](lang)], [L["position"](lang), *stat_header]]
    pos_labels = {
        code: name or code for code, name in position_names.items()
    }
    rows += _group_rows(by_pos, pos_labels)
    rows.append(everyone)

    rows += [[], [L["by_department"](lang)], [L["department"](lang), *stat_header]]
    rows += _group_rows(dict(sorted(by_dept.items())), {})
    rows.append(everyone)

    if bands:
        rows += [
            [],
            [L["grades"](lang)],
            [L[k](lang) for k in ("grade", "headcount", "share", "quota", "limit", "within")],
        ]
        graded = [r for r in results if r.grade is not None]
        n = len(graded)
        counts = {b.grade: 0 for b in bands}
        for r in graded:
            counts[r.grade] = counts.get(r.grade, 0) + 1  # type: ignore[index]
        yes, no = layout.CHOICES["yes_no"]["yes"](lang), layout.CHOICES["yes_no"]["no"](lang)
        for b in bands:
            count = counts.get(b.grade, 0)
            share = Styled(count / n, _PERCENT) if n else None
            quota = limit = within = None
            if b.quota_kind is not None and b.quota_share is not None:
                sign = "≤" if b.quota_kind is QuotaKind.AT_MOST else "≥"
                quota = f"{sign}{b.quota_share * 100:g}%"
                limit = quota_count(b.quota_kind, b.quota_share, n)
                ok = count <= limit if b.quota_kind is QuotaKind.AT_MOST else count >= limit
                within = yes if ok else no
            rows.append([b.grade, count, share, quota, limit, within])
        ungraded = len(results) - n
        if ungraded:
            rows.append([L["no_grade"](lang), ungraded])
        if settings.forced_distribution and settings.distribution_scope is not Scope.ALL:
            scope = layout.CHOICES["scope"][settings.distribution_scope.value](lang)
            rows.append([L["quota_scope"](lang).format(scope=scope)])

    rows += [[], [L["bonus"](lang)]]
    if settings.bonus_pool is None:
        rows.append([L["no_pool"](lang)])
    else:
        pool = Decimal(settings.bonus_pool)
        allocated = sum((r.bonus for r in results if r.bonus is not None), Decimal("0"))
        rows.append([L["pool"](lang), Styled(float(pool), _MONEY)])
        rows.append([L["allocated"](lang), Styled(float(allocated), _MONEY)])
        rows.append([L["unallocated"](lang), Styled(float(pool - allocated), _MONEY)])
    return rows


def summary_block(sheet: str, rows: list[list[Any]], old_extent: tuple[int, int]) -> Block:
    """The Summary rows padded into one rectangle that also clears old content."""
    old_rows, old_cols = old_extent
    width = max([old_cols, *(len(r) for r in rows)])
    height = max(old_rows, len(rows))
    grid = [list(r) + [None] * (width - len(r)) for r in rows]
    grid += [[None] * width for _ in range(height - len(rows))]
    return Block(sheet, 0, 0, grid)
