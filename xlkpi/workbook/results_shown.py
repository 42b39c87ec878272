"""How results show on a data sheet: points and subtotals to the cent as the Form shows
them (the points adding up to the subtotal shown), and the Styled cells of a column
shared per distinct value."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from xlkpi.core.adjust import round_total
from xlkpi.core.cents import allocate, to_money
from xlkpi.core.model import EmployeeResult
from xlkpi.io.cells import CellInput, Styled

#: Points below this are summed to the cent exactly by `math.fsum` and `round_total`.
_WHOLE_CENTS_BELOW = 1e9


class StyledCache:
    """Shares one Styled per (value, format): Styled is immutable, and points take few
    distinct values (tier rules), so a 50,000-row sheet needs far fewer objects."""

    def __init__(self) -> None:
        self._by_format: dict[str, dict[Any, Styled]] = {}

    def of(self, fmt: str) -> Callable[[Any], CellInput]:
        """value -> the shared Styled(value, fmt); None stays None."""
        cache = self._by_format.setdefault(fmt, {})

        def styled(value: Any) -> CellInput:
            if value is None:
                return None
            shared = cache.get(value)
            if shared is None or shared.value.__class__ is not value.__class__:  # 1 == 1.0
                shared = cache[value] = Styled(value, fmt)
            return shared

        return styled

    def columns(self, fmt: str, columns: list[list[Any]]) -> list[list[CellInput]]:
        """`of(fmt)` over the columns of one block, exactly as cell by cell in row order.

        Columns of one value class (the usual: floats) take one lookup per distinct
        value instead of a Python call per cell (140,000 cells at 10,000 people). Equal
        values of one class print alike, but for the float zero: 0.0 and -0.0 share the
        first one met in row order, so that one (`_first_zero`) is shared first. Decimals
        (equal 1.0 and 1.00 print apart) and mixed classes (1 and 1.0 take turns in the
        cache) go cell by cell in row order."""
        styled = self.of(fmt)
        kinds = {kind for values in columns for kind in set(map(type, values))}
        kinds.discard(type(None))
        if len(kinds) > 1 or Decimal in kinds:
            rows = [[styled(v) for v in row] for row in zip(*columns, strict=True)]
            return [list(values) for values in zip(*rows, strict=True)] if rows else columns
        distinct = [dict.fromkeys(values) for values in columns]  # (first of equals kept)
        zero = _first_zero(columns, distinct)
        if zero is not None:
            styled(zero)
        out = []
        for values, keys in zip(columns, distinct, strict=True):
            shared = {v: styled(v) for v in keys if v is not None}
            out.append(list(map(shared.get, values)))  # (None is no key: it stays None)
        return out


def _first_zero(columns: list[list[Any]], distinct: list[dict[Any, None]]) -> Any:
    """The first value equal to 0 of these columns in row order (None when none is);
    `distinct` holds each column's values as keys."""
    first: tuple[int, int] | None = None
    for j, (values, keys) in enumerate(zip(columns, distinct, strict=True)):
        if 0 in keys:
            i = values.index(0)
            if first is None or i < first[0]:
                first = (i, j)
    return None if first is None else columns[first[1]][first[0]]


#: `shown_points`'s mark for a point value that is not whole cents
_OFF_CENT = object()


def shown_points(
    r: EmployeeResult, seen: dict[float, float | object] | None = None
) -> dict[str, float | None]:
    """Each indicator's points to two decimals, adding up exactly to the subtotal shown.

    Rounding each indicator on its own can leave the shown points 0.01 off the shown
    subtotal (3 × 3.335 shows 10.01 against 10.00 computed); an employee signs the Form, so
    the leftover cents go to the largest remainders (`core.cents.allocate`), as with money.

    Points that are already whole cents (most: tier and step rules) add up to their own
    sum, so `allocate` would give each its own value back: they are shown as they are,
    without the Decimal arithmetic (tests/workbook/test_shown_points.py pins this to
    `_allocated_points`).

    Args:
        seen: where to keep, across many people, how each point value shows when whole
            cents (or that it is not: `_OFF_CENT`); people share few distinct points.
            Non-zero floats only: they are equal only when they are the same number
            (0.0 and -0.0 are not).
    """
    if seen is None:
        seen = {}
    out: dict[str, float | None] = {}
    whole = True
    for c, ir in r.indicators.items():
        x = ir.points
        if x is None:
            out[c] = None
            continue
        shown = seen.get(x) if x.__class__ is float and x else None
        if shown is None:
            p = round(x, 9)
            shown = p + 0.0 if 0 <= p < _WHOLE_CENTS_BELOW and round(p, 2) == p else _OFF_CENT
            if x.__class__ is float and x:
                seen[x] = shown
        if shown is _OFF_CENT:
            whole = False
        out[c] = shown  # type: ignore[assignment]  # (replaced below when not whole)
    if not whole:  # (few people): the points as rounded, split by largest remainders
        raw = {c: round(ir.points, 9) for c, ir in r.indicators.items() if ir.points is not None}
        out.update(zip(raw, _allocated_points(list(raw.values())), strict=True))
    return out


def _allocated_points(raw: list[float]) -> list[float]:
    """`shown_points` for any points: the shown subtotal split by largest remainders (or,
    with negative points, which no rule gives today, each rounded on its own)."""
    if all(p >= 0 for p in raw):
        total = to_money(round_total(math.fsum(raw)))
        parts = allocate(total, raw) if any(raw) else [Decimal("0.00")] * len(raw)
    else:
        parts = [to_money(p) for p in raw]
    return [float(part) for part in parts]


def shown_subtotal(r: EmployeeResult, seen: dict[float, float] | None = None) -> float | None:
    """The subtotal to two decimals, as the sheet and the Form show it (a subtotal in
    whole cents already is shown as it is: `round_total` would give it back).

    Args:
        seen: where to keep, across many people, how each subtotal shows (few distinct
            ones); non-zero floats only, as in `shown_points`.
    """
    return shown_subtotal_of(r.subtotal, seen)


def shown_subtotal_of(v: float | None, seen: dict[float, float] | None) -> float | None:
    """`shown_subtotal` of the subtotal `v` itself (the data sheet reads it from each
    result beside the other result columns)."""
    if v is None:
        return None
    if seen is None or v.__class__ is not float or not v:
        return _shown_subtotal(v)
    shown = seen.get(v)
    if shown is None:
        shown = seen[v] = _shown_subtotal(v)
    return shown


def _shown_subtotal(v: float) -> float:
    if -_WHOLE_CENTS_BELOW < v < _WHOLE_CENTS_BELOW and round(v, 2) == v:
        return v
    return round_total(v)
