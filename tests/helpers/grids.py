"""Sheets as grids (lists of rows), laid out as the workbook reader expects, for the small
workbooks tests build by hand."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from xlkpi.workbook.layout import DataColumn


def data_sheet(
    title: str, cols: Sequence[DataColumn], records: Iterable[Mapping[str, Any]]
) -> list[list[Any]]:
    """A position's data sheet: the title, group, header and key rows, then one row per
    record (its values by column key; a key it lacks is a blank cell)."""
    grid: list[list[Any]] = [
        [title] + [None] * (len(cols) - 1),
        [c.group or None for c in cols],
        [c.header for c in cols],
        [c.key for c in cols],
    ]
    grid += [[rec.get(c.key) for c in cols] for rec in records]
    return grid
