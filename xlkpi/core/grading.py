"""Grades (等级) by threshold table, then calibration overrides and veto caps.

Bands are listed best first; a total reaches a band at its `min_score` or above (inclusive):
with S ≥ 90 and A ≥ 80, 90.00 is S and 89.99 is A. The order of work is: grade by score →
forced distribution (`xlkpi.core.distribution`) → calibrated overrides → veto grade caps.
Vetoes come last so that a veto ("no better than C") holds even against a calibration; a
WARNING says when it overrules one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from xlkpi.core.fmt import num
from xlkpi.core.model import EmployeeResult, GradeBand, GradeOverride, QuotaKind, Veto
from xlkpi.core.problems import Problems, Source


def grade_for(score: float, bands: Sequence[GradeBand]) -> GradeBand | None:
    """The first band (best first) whose min_score the score reaches, or None.

    Args:
        score: a total (0..100).
        bands: best first.
    """
    for b in bands:  # (a loop: a generator per person cost more than the comparisons)
        if score >= b.min_score:
            return b
    return None


def check_bands(bands: Sequence[GradeBand], problems: Problems) -> bool:
    """Report a malformed grade table; False means forced distribution cannot run.

    Checks: names present and unique, min_score strictly falling, coefficients ≥ 0,
    quota kind and share given together with 0 ≤ share ≤ 1, "at most" not on the lowest
    grade (nobody can move below it) and "at least" only on the lowest grade.
    """
    ok = True
    seen: dict[str, GradeBand] = {}
    last = len(bands) - 1
    for i, band in enumerate(bands):
        errors: list[tuple[str, str, tuple[Source, ...]]] = []
        if not band.grade.strip():
            errors.append(("has no name", "没有名称", ()))
        elif band.grade in seen:
            errors.append(("is listed twice", "重复", (seen[band.grade].source,)))
        seen.setdefault(band.grade, band)
        if i > 0 and not band.min_score < bands[i - 1].min_score:
            errors.append(
                (
                    f"starts at {num(band.min_score)}, not below the better grade "
                    f"{bands[i - 1].grade} ({num(bands[i - 1].min_score)}); list grades best first",
                    f"起点{num(band.min_score)}不低于上一等级{bands[i - 1].grade}"
                    f"（{num(bands[i - 1].min_score)}），等级应从高到低排列",
                    (bands[i - 1].source,),
                )
            )
        if not math.isfinite(band.coefficient) or band.coefficient < 0:
            errors.append(
                (
                    f"has coefficient {band.coefficient!r}; use 0 or more",
                    f"系数{band.coefficient!r}不能为负",
                    (),
                )
            )
        errors.extend(_quota_errors(band, i == last))
        for en, zh, more in errors:
            problems.error(
                "grades.band",
                f"Grade '{band.grade}' {en}",
                f"等级“{band.grade}”{zh}",
                band.source,
                *more,
            )
            ok = False
    return ok


def _quota_errors(band: GradeBand, lowest: bool) -> list[tuple[str, str, tuple[Source, ...]]]:
    kind, share = band.quota_kind, band.quota_share
    if kind is None and share is None:
        return []
    if kind is None or share is None:
        return [
            (
                "needs both a quota kind (at most / at least) and a share",
                "的配额需同时给出类型（至多/至少）和比例",
                (),
            )
        ]
    if not math.isfinite(share) or not 0 <= share <= 1:
        return [(f"has quota share {share!r}, outside 0–100%", f"配额比例{share!r}超出0–100%", ())]
    if kind is QuotaKind.AT_MOST and lowest:
        return [
            (
                "is the lowest grade: an 'at most' quota cannot move anyone below it",
                "是最低等级，不能设“至多”配额（无法再往下调）",
                (),
            )
        ]
    if kind is QuotaKind.AT_LEAST and not lowest:
        return [
            (
                "has an 'at least' quota; only the lowest grade may have one",
                "设了“至少”配额，只有最低等级可以设",
                (),
            )
        ]
    return []


def assign_grades_by_score(
    results: Iterable[EmployeeResult], bands: Sequence[GradeBand], problems: Problems
) -> None:
    """Set grade_by_score and grade from the total. A total below every band is an ERROR."""
    if not bands:
        return
    for r in results:
        if r.total is None:
            continue
        band = grade_for(r.total, bands)
        if band is None:
            lowest = bands[-1]
            problems.error(
                "grades.below",
                f"{r.employee.id} {r.employee.name}: total {num(r.total)} is below every grade "
                f"(the lowest, {lowest.grade}, starts at {num(lowest.min_score)})",
                f"{r.employee.id} {r.employee.name}：总分{num(r.total)}低于所有等级"
                f"（最低等级{lowest.grade}起点{num(lowest.min_score)}）",
                r.employee.source,
                lowest.source,
            )
            continue
        r.grade_by_score = r.grade = band.grade


def overrides_by_employee(
    overrides: Iterable[GradeOverride],
    known: Mapping[str, Source],
    grades: Sequence[str],
    problems: Problems,
) -> dict[str, GradeOverride]:
    """Valid calibrations per employee. No reason, an unknown grade or employee, or a second
    override for the same person are ERRORS; such overrides are not applied."""
    valid: dict[str, GradeOverride] = {}
    for ov in overrides:
        why: tuple[str, str] | None = None
        more: tuple[Source, ...] = ()
        if ov.employee_id not in known:
            why = ("names an employee who is not in the employee list", "中的员工不在员工名单中")
        elif not (ov.reason or "").strip():
            why = ("has no reason", "没有填写原因")
        elif ov.grade not in grades:
            why = (
                f"gives unknown grade '{ov.grade}' (grades: {', '.join(grades) or 'none'})",
                f"的等级“{ov.grade}”未定义（{', '.join(grades) or '无'}）",
            )
        elif ov.employee_id in valid:
            why = ("is the second one for this person", "重复（同一人已有校准）")
            more = (valid[ov.employee_id].source,)
        if why is None:
            valid[ov.employee_id] = ov
            continue
        problems.error(
            "override.invalid",
            f"Calibrated grade for {ov.employee_id} {why[0]}; it is not applied",
            f"{ov.employee_id}的校准等级{why[1]}，未执行",
            ov.source,
            *more,
        )
    return valid


def finalise_grades(
    results: Iterable[EmployeeResult],
    bands: Sequence[GradeBand],
    overrides: Mapping[str, GradeOverride],
    vetoes: Mapping[str, Sequence[Veto]],
    problems: Problems,
) -> None:
    """Apply calibrated overrides, then veto grade caps, noting each change on the result."""
    rank = {b.grade: i for i, b in reversed(list(enumerate(bands)))}
    for r in results:
        ov = overrides.get(r.employee.id)
        if ov is not None:
            add_grade_note(
                r,
                f"calibrated from {r.grade or '-'} to {ov.grade}: {ov.reason}",
                f"校准：由{r.grade or '-'}调为{ov.grade}，原因：{ov.reason}",
            )
            r.grade = ov.grade
        for veto in vetoes.get(r.employee.id, ()):
            cap = veto.cap_grade
            if cap is None or r.grade is None or rank[r.grade] >= rank[cap]:
                continue
            add_grade_note(
                r,
                f"capped at {cap} by veto: {veto.reason}",
                f"否决项：等级不高于{cap}，原因：{veto.reason}",
            )
            if ov is not None:
                problems.warning(
                    "override.vetoed",
                    f"{r.employee.id}: the calibrated grade {ov.grade} is better than the veto "
                    f"allows; the veto caps it at {cap}",
                    f"{r.employee.id}：校准等级{ov.grade}高于否决项允许的等级，按{cap}计",
                    ov.source,
                    veto.source,
                )
            r.grade = cap


def add_grade_note(r: EmployeeResult, en: str, zh: str) -> None:
    """Append one reason to grade_note_en/zh (several changes are joined with '; ')."""
    r.grade_note_en = f"{r.grade_note_en}; {en}" if r.grade_note_en else en
    r.grade_note_zh = f"{r.grade_note_zh}；{zh}" if r.grade_note_zh else zh
