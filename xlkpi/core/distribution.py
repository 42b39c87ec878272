"""Forced distribution (强制分布): grade quotas as shares of headcount within a scope.

Quota counts (n = people in the scope group with a total and a grade by score):
- "at most" rounds UP: ceil(share × n). S at most 10%: n=1 → 1, n=3 → 1, n=7 → 1, n=11 → 2.
- "at least" rounds DOWN: floor(share × n). C at least 5%: n=1, 3, 7, 11 → 0; n=20 → 1.
So a small team is never forced to give a bottom grade, and its one best person can
always keep the top grade. Shares are multiplied exactly (Decimal), so 10% of 30 is 3,
not 3.0000000000000004 → 4.

Moves:
- "at most", grades processed best first: when a grade holds more people than its quota,
  the lowest-ranked of them move down ONE grade (where they count against that grade's
  quota in turn).
- "at least" (lowest grade only): when it holds fewer than its quota, the lowest-ranked
  people above it move down into it until the quota is met.

Ties: people with exactly equal totals are treated alike. When the quota boundary falls
between equal totals, all of them keep the better grade. So an "at most" quota may be
exceeded, and an "at least" quota left short, only by people tied at the boundary; a
WARNING says so.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from xlkpi.core.fmt import pct
from xlkpi.core.grading import add_grade_note
from xlkpi.core.model import EmployeeResult, GradeBand, GradeOverride, QuotaKind, Scope
from xlkpi.core.problems import Problems
from xlkpi.core.ranking import Groups, group_by_scope, scope_key, scope_label


def quota_count(kind: QuotaKind, share: float, headcount: int) -> int:
    """How many people a quota allows (at most: ceil) or requires (at least: floor).

    Args:
        kind: AT_MOST or AT_LEAST.
        share: 0..1 of headcount.
        headcount: people in the scope group.
    """
    exact = Decimal(repr(float(share))) * headcount
    return math.ceil(exact) if kind is QuotaKind.AT_MOST else math.floor(exact)


class Move(NamedTuple):
    """Person `index` moved from band `from_band` to band `to_band` by `by_band`'s quota.

    A named tuple: quotas move most of a group at times (8,000 of 10,000 people in the
    realistic benchmark), and a tuple is made in half the time of a frozen dataclass.
    """

    index: int  # type: ignore[assignment]  # (the person's; tuple.index is not used)
    from_band: int
    to_band: int
    by_band: int
    quota: int


@dataclass(frozen=True)
class TieBreach:
    """A quota missed only because of people tied at the boundary."""

    band: int
    quota: int
    count: int  # people in the band after the moves
    tied: tuple[int, ...]  # indexes of the people sharing the boundary total


@dataclass
class Outcome:
    """One scope group after its quotas: each person's band, the moves made, and the quotas missed
    only through ties."""

    grades: list[int]  # band index per person
    moves: list[Move] = field(default_factory=list)
    breaches: list[TieBreach] = field(default_factory=list)


def distribute_group(
    totals: Sequence[float], grades: Sequence[int], bands: Sequence[GradeBand]
) -> Outcome:
    """Apply quotas to one scope group.

    Args:
        totals: each person's total.
        grades: each person's band index by score (0 = best).
        bands: the grade table, best first, already checked by `check_bands`.
    Returns:
        The band index per person after the quotas, the moves, and any tie breaches.
    """
    n = len(totals)
    out = Outcome(list(grades))
    g = out.grades
    for b, band in enumerate(bands[:-1]):
        if band.quota_kind is not QuotaKind.AT_MOST or band.quota_share is None:
            continue
        quota = quota_count(QuotaKind.AT_MOST, band.quota_share, n)
        members = sorted((i for i in range(n) if g[i] == b), key=lambda i: -totals[i])
        if len(members) <= quota:
            continue
        # Keep the best `quota`, plus anyone tied with the last of them.
        boundary = totals[members[quota - 1]] if quota > 0 else math.inf
        movers = [i for i in members if totals[i] < boundary]
        for i in movers:
            g[i] = b + 1
            out.moves.append(Move(i, b, b + 1, b, quota))
        kept = len(members) - len(movers)
        if kept > quota:
            tied = tuple(i for i in members if totals[i] == boundary)
            out.breaches.append(TieBreach(b, quota, kept, tied))
    _at_least(totals, bands, out)
    # Pulling people into the lowest grade can empty a grade that was over its quota by a
    # tie; keep only the breaches still true at the end, with the final count.
    final = []
    for br in out.breaches:
        count = sum(1 for x in g if x == br.band)
        over = bands[br.band].quota_kind is QuotaKind.AT_MOST and count > br.quota
        if over or bands[br.band].quota_kind is QuotaKind.AT_LEAST:
            final.append(TieBreach(br.band, br.quota, count, br.tied))
    out.breaches = final
    return out


def _at_least(totals: Sequence[float], bands: Sequence[GradeBand], out: Outcome) -> None:
    bottom = len(bands) - 1
    band = bands[bottom] if bands else None
    if band is None or band.quota_kind is not QuotaKind.AT_LEAST or band.quota_share is None:
        return
    g = out.grades
    quota = quota_count(QuotaKind.AT_LEAST, band.quota_share, len(totals))
    need = quota - sum(1 for x in g if x == bottom)
    if need <= 0:
        return
    candidates = sorted((i for i in range(len(g)) if g[i] < bottom), key=lambda i: totals[i])
    pulled = candidates[:need]
    if need < len(candidates) and totals[candidates[need]] == totals[candidates[need - 1]]:
        # The boundary falls inside a tie: all the tied keep their better grade.
        boundary = totals[candidates[need - 1]]
        pulled = [i for i in candidates if totals[i] < boundary]
        tied = tuple(i for i in candidates if totals[i] == boundary)
        count = quota - need + len(pulled)
        out.breaches.append(TieBreach(bottom, quota, count, tied))
    for i in pulled:
        out.moves.append(Move(i, g[i], bottom, bottom, quota))
        g[i] = bottom


def apply_distribution(
    results: Sequence[EmployeeResult],
    bands: Sequence[GradeBand],
    scope: Scope,
    problems: Problems,
    position_names: Mapping[str, str] | None = None,
    *,
    label: Callable[[tuple[str, ...]], tuple[str, str]] | None = None,
    groups: Groups | None = None,
) -> None:
    """Run `distribute_group` on every scope group; set grade and grade notes.

    Only people with a total and a grade by score take part and count in the headcount.
    `label` names a group in messages (en, zh); `core.company` names the whole company.
    `groups`: `group_by_scope(results, scope)`, when the caller has it already.
    """
    if not any(b.quota_kind is not None for b in bands):
        return
    index = {b.grade: i for i, b in reversed(list(enumerate(bands)))}
    if groups is None:
        groups = group_by_scope(results, scope)
    for key, members in groups.items():
        people = [m for m in members if m.grade_by_score is not None]
        if not people:
            continue
        out = distribute_group(
            [float(p.total or 0.0) for p in people],
            [index[str(p.grade_by_score)] for p in people],
            bands,
        )
        where_en, where_zh = label(key) if label else scope_label(key, position_names)
        n = len(people)
        notes: dict[tuple[int, int, int, int], tuple[str, str]] = {}  # the same for many
        for mv in out.moves:
            kind = (mv.from_band, mv.to_band, mv.by_band, mv.quota)
            note = notes.get(kind)
            if note is None:
                note = notes[kind] = _move_note(bands, mv, n, where_en, where_zh)
            add_grade_note(people[mv.index], *note)
        for p, band_index in zip(people, out.grades, strict=True):
            p.grade = bands[band_index].grade
        for br in out.breaches:
            band = bands[br.band]
            kind_en = "at most" if band.quota_kind is QuotaKind.AT_MOST else "at least"
            kind_zh = "至多" if band.quota_kind is QuotaKind.AT_MOST else "至少"
            problems.warning(
                "distribution.tie",
                f"{where_en}: grade {band.grade} ({kind_en} {br.quota}) has {br.count} people "
                f"because {len(br.tied)} people tie at the boundary; tied people keep the "
                "better grade",
                f"{where_zh}：等级{band.grade}（{kind_zh}{br.quota}人）实有{br.count}人，"
                f"因为有{len(br.tied)}人在分界处同分；同分者均保留较好等级",
                band.source,
                *(people[i].employee.source for i in br.tied),
            )


def _move_note(
    bands: Sequence[GradeBand], mv: Move, n: int, where_en: str, where_zh: str
) -> tuple[str, str]:
    """The grade note (en, zh) of a move in a scope group of `n` people."""
    by = bands[mv.by_band]
    frm, to = bands[mv.from_band].grade, bands[mv.to_band].grade
    share = pct(by.quota_share or 0.0)
    if by.quota_kind is QuotaKind.AT_MOST:
        en = f"{by.grade} is at most {share} of {n} = {mv.quota} in {where_en}"
        zh = f"{where_zh}{by.grade}至多占{n}人的{share}即{mv.quota}人"
    else:
        en = f"{by.grade} is at least {share} of {n} = {mv.quota} in {where_en}"
        zh = f"{where_zh}{by.grade}至少占{n}人的{share}即{mv.quota}人"
    return f"forced distribution: {frm} → {to} ({en})", f"强制分布：由{frm}调为{to}（{zh}）"


def check_calibrations(
    results: Sequence[EmployeeResult],
    bands: Sequence[GradeBand],
    scope: Scope,
    overrides: Mapping[str, GradeOverride],
    problems: Problems,
    position_names: Mapping[str, str] | None = None,
    groups: Groups | None = None,
    calibrated: Sequence[EmployeeResult] | None = None,
) -> None:
    """Warn where a calibrated grade (校准) leaves a quota broken in its scope group.

    Calibration is HR's decision and is kept, but a quota it breaks must be seen where
    the run is reviewed (the command's summary and the Issues sheet), naming the
    calibrations that did it. `groups`: `group_by_scope(results, scope)`, and
    `calibrated`: the results of the people in `overrides`, in results order, when the
    caller has them already.
    """
    if not overrides or not any(b.quota_kind is not None for b in bands):
        return
    if groups is None:
        groups = group_by_scope(results, scope)
    if calibrated is None:
        calibrated = [m for m in results if m.employee.id in overrides]
    # the calibrated people of each group (those with a total, as groups hold, and a
    # grade), found from the few calibrated rather than by a look at every member
    in_group: dict[tuple[str, ...], list[EmployeeResult]] = {}
    for m in calibrated:
        if m.total is not None and m.grade is not None:
            in_group.setdefault(scope_key(m.employee, scope), []).append(m)
    for key, members in groups.items():
        mine = in_group.get(key)
        if not mine:
            continue
        people = [m for m in members if m.grade is not None]
        n = len(people)
        where_en, where_zh = scope_label(key, position_names)
        counts = Counter(m.grade for m in people)  # one pass, not one per band
        for band in bands:
            if band.quota_kind is None or band.quota_share is None:
                continue
            count = counts[band.grade]
            limit = quota_count(band.quota_kind, band.quota_share, n)
            at_most = band.quota_kind is QuotaKind.AT_MOST
            if (count <= limit) if at_most else (count >= limit):
                continue
            cause = [
                m
                for m in mine
                if (m.grade == band.grade) == at_most  # into a capped grade, or out of a floor
            ]
            if not cause:
                continue
            share = pct(band.quota_share)
            names = "、".join(f"{m.employee.id} {m.employee.name}" for m in cause)
            names_en = ", ".join(f"{m.employee.id} {m.employee.name}" for m in cause)
            kind_en, kind_zh = ("at most", "至多") if at_most else ("at least", "至少")
            problems.warning(
                "distribution.calibrated",
                f"{where_en}: grade {band.grade} has {count} people, but the quota allows "
                f"{kind_en} {share} of {n} = {limit}, after the calibrated grades of {names_en}",
                f"{where_zh}：等级{band.grade}有{count}人，超出强制分布（{kind_zh}{n}人的{share}即"
                f"{limit}人），原因是校准等级：{names}",
                *(overrides[m.employee.id].source for m in cause),
                band.source,
            )
