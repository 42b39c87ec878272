"""Two-level weights (权重): indicators within a dimension, dimensions within a position.

Per position, the indicator weights of each dimension add up to 100%, and the dimension
weights add up to 100%, within `Settings.weight_tolerance` (a fraction; the default 0.0001
is 0.01 percentage point). A violation is an ERROR naming every weight cell of the group,
so HR sees all the numbers that make up the wrong sum, not just one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from xlkpi.core.fmt import pct
from xlkpi.core.model import Indicator
from xlkpi.core.problems import Problems, Source
from xlkpi.core.unique import first_of_each

# Float sums such as 0.05 + 0.30 + ... carry binary noise around 1e-16; this slack keeps
# that noise from ever tripping a tolerance of 0 while being far below any real mistake.
_FLOAT_SLACK = 1e-9


def weighted_points(raw: float, indicator: Indicator) -> float:
    """Raw points on the indicator's own scale -> points in the 0..100 total.

    Args:
        raw: points on the indicator's scale (0..scale).
        indicator: gives scale, weight (share of its dimension) and dimension_weight.
    Returns:
        raw / scale × weight × dimension_weight × 100 (unrounded).
    """
    return raw / indicator.scale * indicator.weight * indicator.dimension_weight * 100


def group_by_position(
    indicators: Iterable[Indicator], problems: Problems
) -> dict[str, dict[str, Indicator]]:
    """Index indicators by position and code; a code used twice in a position is an ERROR.

    Args:
        indicators: all indicators of the assessment.
        problems: where duplicates are reported (the first one is kept).
    Returns:
        position -> code -> indicator, in input order.
    """

    def duplicate(first: Indicator, ind: Indicator) -> None:
        problems.error(
            "indicator.duplicate",
            f"Position {ind.position} has indicator code {ind.code} twice; the first is used",
            f"岗位{ind.position}的指标编号{ind.code}重复，使用第一个",
            _place(first.source, first),
            _place(ind.source, ind),
        )

    by_position: dict[str, dict[str, Indicator]] = {}
    for (position, code), ind in first_of_each(
        indicators, lambda ind: (ind.position, ind.code), duplicate
    ).items():
        by_position.setdefault(position, {})[code] = ind
    return by_position


def check_weights(
    by_position: Mapping[str, Mapping[str, Indicator]],
    tolerance: float,
    problems: Problems,
    names: Mapping[str, str] | None = None,
) -> None:
    """Report weights that are negative or do not add up to 100% at either level.

    Args:
        by_position: from `group_by_position`.
        tolerance: allowed |sum − 1| as a fraction (Settings.weight_tolerance).
        problems: where violations are reported, each naming all cells of its group.
        names: position code -> name, for the messages (the code when missing).
    """
    for code, indicators in by_position.items():
        position = (names or {}).get(code, code)
        dimensions: dict[str, list[Indicator]] = {}
        for ind in indicators.values():
            dimensions.setdefault(ind.dimension, []).append(ind)
            _check_one(ind, problems)
        dim_weights: list[tuple[str, float]] = []
        for dim, members in dimensions.items():
            _check_indicator_sum(position, dim, members, tolerance, problems)
            dim_weights.append((dim, _dimension_weight(position, dim, members, problems)))
        _check_dimension_sum(position, dim_weights, dimensions, tolerance, problems)


def _check_one(ind: Indicator, problems: Problems) -> None:
    for value, src, what_en, what_zh in (
        (ind.weight, ind.weight_source, "weight", "权重"),
        (ind.dimension_weight, ind.dimension_weight_source, "dimension weight", "维度权重"),
    ):
        if not math.isfinite(value) or value < 0:
            problems.error(
                "weights.negative",
                f"{ind.name}: {what_en} {value!r} must be a share of 0–100%",
                f"{ind.name}：{what_zh}{value!r}应在0–100%之间",
                _place(src, ind),
            )


def _check_indicator_sum(
    position: str, dim: str, members: list[Indicator], tolerance: float, problems: Problems
) -> None:
    total = math.fsum(i.weight for i in members)
    if _within(total, tolerance):
        return
    parts = " + ".join(f"{i.name} {pct(i.weight)}" for i in members)
    dim_en = f", dimension {dim}" if dim else ""
    dim_zh = f"维度“{dim}”" if dim else ""
    problems.error(
        "weights.indicator_sum",
        f"Position {position}{dim_en}: indicator weights add up to {pct(total)} "
        f"({parts}), not 100%",
        f"岗位“{position}”{dim_zh}的指标权重合计{pct(total)}（{parts}），应为100%",
        *_unique(_place(i.weight_source, i) for i in members),
    )


def _dimension_weight(
    position: str, dim: str, members: list[Indicator], problems: Problems
) -> float:
    """The dimension's weight; its indicators must all carry the same one."""
    values = {i.dimension_weight for i in members}
    if len(values) > 1:
        shown = ", ".join(pct(v) for v in sorted(values))
        problems.error(
            "weights.dimension_mismatch",
            f"Position {position}, dimension {dim}: its rows give different dimension "
            f"weights ({shown}); the first is used",
            f"岗位“{position}”维度“{dim}”的各行维度权重不一致（{shown}），使用第一个",
            *_unique(_place(i.dimension_weight_source, i) for i in members),
        )
    return members[0].dimension_weight


def _check_dimension_sum(
    position: str,
    dim_weights: list[tuple[str, float]],
    dimensions: Mapping[str, list[Indicator]],
    tolerance: float,
    problems: Problems,
) -> None:
    total = math.fsum(w for _, w in dim_weights)
    if _within(total, tolerance):
        return
    parts = " + ".join(f"{d or '-'} {pct(w)}" for d, w in dim_weights)
    cells = [
        _place(i.dimension_weight_source, i) for members in dimensions.values() for i in members
    ]
    problems.error(
        "weights.dimension_sum",
        f"Position {position}: dimension weights add up to {pct(total)} ({parts}), not 100%",
        f"岗位“{position}”的维度权重合计{pct(total)}（{parts}），应为100%",
        *_unique(cells),
    )


def _within(total: float, tolerance: float) -> bool:
    return abs(total - 1.0) <= tolerance + _FLOAT_SLACK


def _place(src: Source, ind: Indicator) -> Source:
    """The cell if the reader gave one, else a label naming the indicator."""
    if src != Source():
        return src
    if ind.source != Source():
        return ind.source
    return Source(label=f"{ind.position}/{ind.code}")


def _unique(sources: Iterable[Source]) -> tuple[Source, ...]:
    # One merged dimension-weight cell is shared by several indicator rows: name it once.
    return tuple(dict.fromkeys(sources))
