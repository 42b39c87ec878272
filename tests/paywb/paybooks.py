"""Small assessment workbooks with money, written as real .xlsx files with XlsxWriter and
laid out from layout.py / pay_layout.py (so a label change cannot pass unnoticed).

Every position has one indicator, Q, scored by the reviewer alone on 0..100 with weight
100%, so a person's total is exactly the reviewer score typed on their row. Money inputs
are `m:` columns next to it; `pay` and `pay_detail` are the result columns Calculate fills.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc
import xlsxwriter

from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl


@dataclass
class Person:
    """One roster row of a test pay workbook, with their score and money inputs."""

    id: str
    name: str
    position: str
    score: float | None
    department: str = "Service"
    team: str = ""
    money: dict[str, Any] = field(default_factory=dict)  # money input -> value


@dataclass
class Position:
    """One position of a test pay workbook: its pay scheme and money input columns."""

    code: str
    name: str
    scheme: str = ""
    inputs: tuple[str, ...] = ()  # money input names (m: columns)
    extra_indicators: tuple[str, ...] = ()  # more rater-scored codes, for roll-up tests

    @property
    def sheet(self) -> str:
        """The position's data sheet."""
        return f"{self.code} data"


def _write_rows(ws: Any, rows: Sequence[Sequence[Any]], first: int = 0) -> None:
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, str):
                ws.write_string(first + r, c, v)  # "=..." formula texts stay text
            elif v is not None:
                ws.write(first + r, c, v)


def pay_sheet_rows(tables: Mapping[str, Sequence[Mapping[str, Any]]], lang: str) -> list[list[Any]]:
    """The Pay sheet: for each table a title row, its header row and its records, then a
    blank row."""
    rows: list[list[Any]] = [[pl.PAY_TITLE(lang)], []]
    for key, records in tables.items():
        table = pl.PAY_TABLES[key]
        rows.append([pl.PAY_TABLE_TITLES[key](lang)])
        rows.append([c.label(lang) for c in table.columns])
        for rec in records:
            rows.append([rec.get(c.key) for c in table.columns])
        rows.append([])
    return rows


def build(
    path: Path,
    positions: Sequence[Position],
    people: Sequence[Person],
    pay: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    *,
    lang: str = "en",
    period: str = "2026-10",
    period_type: str = "month",
) -> Path:
    """Write the workbook.

    Args:
        path: the .xlsx to create.
        positions: the positions (scheme text as HR types it in Positions.pay_scheme).
        people: the roster, with each person's reviewer score and money inputs.
        pay: Pay sheet tables (PAY_TABLES key -> records); None: no Pay sheet.
        lang: "zh" or "en" for sheet names and labels.
        period: the Settings period.
        period_type: a CHOICES["period_type"] key.
    Returns:
        `path`.
    """
    wb = xlsxwriter.Workbook(str(path))

    def sheet(key: str) -> Any:
        return wb.add_worksheet(layout.sheet_name(key, lang))

    choices = layout.CHOICES
    settings = [
        [c(lang) for c in layout.SETTINGS_HEADER],
        [layout.SETTINGS_BY_KEY["period"].label(lang), period],
        [
            layout.SETTINGS_BY_KEY["period_type"].label(lang),
            choices["period_type"][period_type](lang),
        ],
        [layout.SETTINGS_BY_KEY["lang"].label(lang), choices["lang"][lang](lang)],
        [layout.SETTINGS_BY_KEY["weight_self"].label(lang), 0],
        [layout.SETTINGS_BY_KEY["weight_reviewer"].label(lang), 1],
        [layout.SETTINGS_BY_KEY["weight_approver"].label(lang), 0],
        [layout.SETTINGS_BY_KEY["forced_distribution"].label(lang), choices["yes_no"]["no"](lang)],
        [layout.SETTINGS_BY_KEY["status"].label(lang), None],
    ]
    _write_rows(sheet("settings"), settings)

    def table(key: str, records: list[dict[str, Any]]) -> list[list[Any]]:
        cols = layout.TABLES[key].columns
        return [[c.label(lang) for c in cols]] + [[r.get(c.key) for c in cols] for r in records]

    _write_rows(
        sheet("positions"),
        table(
            "positions",
            [
                {
                    "code": p.code,
                    "name": p.name,
                    "data_sheet": p.sheet,
                    "pay_scheme": p.scheme or None,
                }
                for p in positions
            ],
        ),
    )
    raters = choices["scored_by"]["raters"](lang)
    indicator_rows = []
    for p in positions:
        codes = ("Q", *p.extra_indicators)
        for code in codes:
            indicator_rows.append(
                {
                    "position": p.code,
                    "code": code,
                    "name": f"Quality {code}",
                    "weight": 1 / len(codes),
                    "scale": 100,
                    "scored_by": raters,
                }
            )
    _write_rows(sheet("indicators"), table("indicators", indicator_rows))
    _write_rows(
        sheet("roster"),
        table(
            "roster",
            [
                {
                    "id": e.id,
                    "name": e.name,
                    "department": e.department,
                    "team": e.team or None,
                    "position": e.position,
                }
                for e in people
            ],
        ),
    )
    _write_rows(
        sheet("grades"),
        table(
            "grades",
            [
                {"grade": "A", "min_score": 90, "coefficient": 1.2},
                {"grade": "B", "min_score": 60, "coefficient": 1},
                {"grade": "C", "min_score": 0, "coefficient": 0.5},
            ],
        ),
    )
    if pay is not None:
        _write_rows(sheet("pay"), pay_sheet_rows(pay, lang))
    for p in positions:
        codes = ("Q", *p.extra_indicators)
        keys = [
            "id",
            "name",
            *[f"{c}@reviewer" for c in codes],
            *[pl.money_key(n) for n in p.inputs],
            *[f"pts:{c}" for c in codes],
            "total",
            "grade",
            "pay",
            "pay_detail",
        ]
        fixed = {k: label(lang) for k, label in layout.FIXED_COLUMNS}
        headers = [fixed.get(k, k.replace("@reviewer", " reviewer")) for k in keys]
        rows: list[list[Any]] = [[p.name], [], headers, keys]
        for e in people:
            if e.position != p.code:
                continue
            row: list[Any] = [e.id, e.name]
            row += [e.score for _ in codes]
            row += [e.money.get(n) for n in p.inputs]
            rows.append(row)
        _write_rows(wb.add_worksheet(p.sheet), rows)
    wb.close()
    return path


def read_sheet(path: Path, sheet: str) -> list[list[Any]]:
    """A sheet's values as python-calamine reads them."""
    return pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def data_results(path: Path, position: Position) -> dict[str, dict[str, Any]]:
    """Employee id -> {key: value} for the data sheet's key row, read back from the file."""
    grid = read_sheet(path, position.sheet)
    keys = grid[3]
    out = {}
    for row in grid[4:]:
        if row and row[0]:
            out[str(row[0])] = {k: v for k, v in zip(keys, row, strict=False) if k}
    return out


def issues(path: Path, lang: str = "en") -> list[list[Any]]:
    """The Issues sheet's rows below its header."""
    return read_sheet(path, layout.sheet_name("issues", lang))[1:]
