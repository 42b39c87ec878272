"""Ranks (排名) within a scope, competition style: equal totals share the best rank.

Totals 95, 90, 90, 80 rank 1, 2, 2, 4 ("1224" ranking, like Excel's RANK.EQ). Totals are
compared after rounding to two decimals, so people whose shown totals are equal rank equal.
People without a total get no rank and do not count in the group size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from xlkpi.core.model import Employee, EmployeeResult, Scope


def scope_key(employee: Employee, scope: Scope) -> tuple[str, ...]:
    """The group an employee is ranked (or distributed) in.

    A team is identified by department and team name together, so two departments may
    both have a team "A" without being mixed. A position without a group forms its own.
    The first element names the kind of group, so keys of different scopes never meet.
    """
    if scope is Scope.TEAM:
        return ("team", employee.department, employee.team)
    if scope is Scope.DEPARTMENT:
        return ("department", employee.department)
    if scope is Scope.POSITION:
        return ("position", employee.position)
    if scope is Scope.POSITION_GROUP:
        if employee.position_group:
            return ("group", employee.position_group)
        return ("position", employee.position)
    return ()


def scope_label(
    key: tuple[str, ...], position_names: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """The group in words (en, zh), for messages."""
    if not key:
        return "everyone", "全员"
    kind, *rest = key
    if kind == "team":
        return (
            f"team {rest[1] or '-'} of department {rest[0] or '-'}",
            f"部门{rest[0] or '-'}班组{rest[1] or '-'}",
        )
    if kind == "department":
        return f"department {rest[0] or '-'}", f"部门{rest[0] or '-'}"
    if kind == "position":
        name = (position_names or {}).get(rest[0], rest[0])
        return f"position {name}", f"岗位“{name}”"
    return f"position group {rest[0]}", f"岗位组“{rest[0]}”"


def competition_ranks(values: Sequence[float]) -> list[int]:
    """Rank values high to low; equal values share the best rank (1, 2, 2, 4).

    Args:
        values: totals.
    Returns:
        One rank per value, in the input order.
    """
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0] * len(values)
    for pos, i in enumerate(order):
        tied = pos > 0 and values[order[pos - 1]] == values[i]
        ranks[i] = ranks[order[pos - 1]] if tied else pos + 1
    return ranks


#: people grouped by scope key (`group_by_scope`)
Groups = dict[tuple[str, ...], list[EmployeeResult]]


def group_by_scope(results: Iterable[EmployeeResult], scope: Scope) -> Groups:
    """People with a total, grouped by scope key, in input order."""
    groups: Groups = {}
    for r in results:
        if r.total is not None:
            groups.setdefault(scope_key(r.employee, scope), []).append(r)
    return groups


def assign_ranks(
    results: Sequence[EmployeeResult], scope: Scope, groups: Groups | None = None
) -> None:
    """Set rank and rank_group_size on every result that has a total.

    `groups`: `group_by_scope(results, scope)`, when the caller has it already.
    """
    if groups is None:
        groups = group_by_scope(results, scope)
    for members in groups.values():
        ranks = competition_ranks([float(m.total or 0.0) for m in members])
        for m, rank in zip(members, ranks, strict=True):
            m.rank = rank
            m.rank_group_size = len(members)
