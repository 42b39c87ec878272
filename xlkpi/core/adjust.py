"""From subtotal to total: manual adjustments, veto caps, clamping and rounding.

total = round_half_up(clamp(min(subtotal + Σ adjustments, veto caps), 0, 100), 2)

Only the total is rounded; indicator points stay unrounded, so the total is not the sum of
rounded indicator points (it can differ from that sum by a cent). Rounding is half up (away
from zero for the non-negative totals here), which is what Excel's ROUND does: a workbook
that checks =ROUND(SUM(...),2) shows the same number, and 89.995 becomes 90.00. Python's
round() would give 89.99 (banker's rounding on a binary float).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from xlkpi.core.fmt import num
from xlkpi.core.model import Adjustment, EmployeeResult, Veto
from xlkpi.core.problems import Problems, Source

# Float sums of indicator points carry noise around 1e-14 (89.995 may arrive as
# 89.99499999999999). Snapping to 1e-9 first removes it without touching any real digit.
_NOISE = Decimal("1e-9")
_CENT = Decimal("0.01")


def round_total(value: float) -> float:
    """Round a total half up to two decimals, after removing binary float noise.

    Args:
        value: an unrounded total.
    Returns:
        e.g. 89.995 -> 90.0, 89.994999999999 -> 89.99, 100.0 -> 100.0.
    """
    return _to_cent(_clean(value))


def _clean(value: float) -> Decimal:
    """The value as a Decimal with the binary float noise removed (to 1e-9)."""
    return Decimal(repr(float(value))).quantize(_NOISE, rounding=ROUND_HALF_EVEN)


def _to_cent(clean: Decimal) -> float:
    """A clean value rounded half up to two decimals."""
    return float(clean.quantize(_CENT, rounding=ROUND_HALF_UP))


def _denoise(value: float) -> float:
    return float(_clean(value))


#: the adjustment of everyone without one (the sum of nothing, denoised)
NO_ADJUSTMENT = _denoise(0.0)


def adjustments_by_employee(
    adjustments: Iterable[Adjustment], known: Mapping[str, Source], problems: Problems
) -> dict[str, list[Adjustment]]:
    """Valid adjustments per employee id. Missing reason, unknown employee or a non-number
    are ERRORS, and such an adjustment is not applied.

    Args:
        adjustments: as keyed in.
        known: employee id -> employee row source.
        problems: where errors go, naming the adjustment's cell.
    """
    valid: dict[str, list[Adjustment]] = {}
    for adj in adjustments:
        where = adj.source
        if adj.employee_id not in known:
            _unknown(problems, "adjustment", "加减分", adj.employee_id, where)
        elif not (adj.reason or "").strip():
            problems.error(
                "adjustment.reason",
                f"Adjustment of {num(adj.points)} points for {adj.employee_id} has no reason; "
                "it is not applied",
                f"{adj.employee_id}的加减分{num(adj.points)}没有填写原因，未计入",
                where,
            )
        elif (
            isinstance(adj.points, bool)
            or not isinstance(adj.points, int | float)
            or not math.isfinite(adj.points)
        ):
            problems.error(
                "adjustment.points",
                f"Adjustment for {adj.employee_id}: {adj.points!r} is not a number of points",
                f"{adj.employee_id}的加减分{adj.points!r}不是数值",
                where,
            )
        else:
            valid.setdefault(adj.employee_id, []).append(adj)
    return valid


def vetoes_by_employee(
    vetoes: Iterable[Veto],
    known: Mapping[str, Source],
    grades: Sequence[str],
    problems: Problems,
) -> dict[str, list[Veto]]:
    """Valid vetoes per employee id. A veto needs a reason and a cap (total and/or grade);
    the total cap lies in 0..100 and the grade cap is a known grade. Invalid vetoes are
    ERRORS and are not applied.
    """
    valid: dict[str, list[Veto]] = {}
    for veto in vetoes:
        where = veto.source
        if veto.employee_id not in known:
            _unknown(problems, "veto", "否决项", veto.employee_id, where)
            continue
        errors: list[tuple[str, str]] = []
        if not (veto.reason or "").strip():
            errors.append(("has no reason", "没有填写原因"))
        if veto.cap_total is None and veto.cap_grade is None:
            errors.append(("caps neither the total nor the grade", "既未限定总分也未限定等级"))
        if veto.cap_total is not None and not 0 <= veto.cap_total <= 100:
            errors.append(
                (
                    f"caps the total at {veto.cap_total!r}, outside 0–100",
                    f"总分上限{veto.cap_total!r}超出0–100",
                )
            )
        if veto.cap_grade is not None and veto.cap_grade not in grades:
            known_grades = ", ".join(grades) or "none"
            errors.append(
                (
                    f"caps the grade at unknown grade '{veto.cap_grade}' (grades: {known_grades})",
                    f"等级上限“{veto.cap_grade}”不是已定义的等级（{known_grades}）",
                )
            )
        for en, zh in errors:
            problems.error(
                "veto.invalid",
                f"Veto for {veto.employee_id} {en}; it is not applied",
                f"{veto.employee_id}的否决项{zh}，未执行",
                where,
            )
        if not errors:
            valid.setdefault(veto.employee_id, []).append(veto)
    return valid


def finish_total(
    result: EmployeeResult,
    adjustments: Sequence[Adjustment],
    vetoes: Sequence[Veto],
    problems: Problems,
    rounded: dict[float, tuple[float, float]] | None = None,
) -> None:
    """Set result.adjustment and result.total (None when the subtotal is unknown).

    Args:
        result: with subtotal set.
        adjustments: this employee's valid adjustments.
        vetoes: this employee's valid vetoes (only cap_total is used here).
        problems: a WARNING when the total is clamped into 0..100.
        rounded: subtotal + adjustment -> (denoised, rounded to the cent), kept by a caller
            finishing many totals (people share subtotals: a few values per indicator).
    """
    result.adjustment = (
        _denoise(math.fsum(a.points for a in adjustments)) if adjustments else NO_ADJUSTMENT
    )
    if result.subtotal is None:
        result.total = None
        return
    total: float | None  # the rounded total, until a cap or clamp changes `raw`
    raw, total = _denoised(result.subtotal + result.adjustment, rounded)
    caps = [v for v in vetoes if v.cap_total is not None] if vetoes else None
    if caps:
        veto = min(caps, key=lambda v: v.cap_total or 0.0)
        cap = float(veto.cap_total or 0.0)
        if raw > cap:
            _note(
                result,
                f"capped at {num(cap)} by veto: {veto.reason}",
                f"否决项封顶{num(cap)}分：{veto.reason}",
            )
            raw, total = cap, None
    if not 0 <= raw <= 100:
        clamped = min(max(raw, 0.0), 100.0)
        who = result.employee
        problems.warning(
            "total.clamped",
            f"{who.id} {who.name}: total {num(raw)} (subtotal {num(result.subtotal)}, "
            f"adjustments {num(result.adjustment)}) is outside 0–100; counted as {num(clamped)}",
            f"{who.id} {who.name}：总分{num(raw)}（小计{num(result.subtotal)}，加减分"
            f"{num(result.adjustment)}）超出0–100，按{num(clamped)}计",
            who.source,
            *(a.source for a in adjustments),
        )
        _note(
            result, f"clamped from {num(raw)} to {num(clamped)}", f"由{num(raw)}截为{num(clamped)}"
        )
        raw, total = clamped, None
    result.total = round_total(raw) if total is None else total


def plain_total(subtotal: float, rounded: dict[float, tuple[float, float]]) -> float | None:
    """The total `finish_total` gives someone without adjustments or vetoes, when it needs
    no clamp (None when it does: `finish_total` then clamps it and says so). Lets the
    engine finish the usual total as it scores the person, not in a second pass."""
    raw, total = _denoised(subtotal + NO_ADJUSTMENT, rounded)
    return total if 0 <= raw <= 100 else None


def _denoised(
    value: float, rounded: dict[float, tuple[float, float]] | None
) -> tuple[float, float]:
    """The value denoised, and rounded to the cent as `round_total` would round that: a
    total left as it is (no cap, within 0..100, so at most 12 significant digits) goes
    back through repr unchanged, so `round_total` would only denoise it again to the same
    Decimal. Kept in `rounded` except for a zero (whose sign a key would lose) and NaN."""
    known = rounded.get(value) if rounded is not None else None
    if known is None:
        clean = _clean(value)
        known = float(clean), _to_cent(clean)
        if rounded is not None and value and value == value:
            rounded[value] = known
    return known


def _note(result: EmployeeResult, en: str, zh: str) -> None:
    result.total_note_en = f"{result.total_note_en}; {en}" if result.total_note_en else en
    result.total_note_zh = f"{result.total_note_zh}；{zh}" if result.total_note_zh else zh


def _unknown(problems: Problems, en: str, zh: str, employee_id: str, where: Source) -> None:
    problems.error(
        f"{en}.employee",
        f"The {en} names employee '{employee_id}', who is not in the employee list",
        f"{zh}中的员工“{employee_id}”不在员工名单中",
        where,
    )
