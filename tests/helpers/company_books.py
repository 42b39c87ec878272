"""A small company of three department workbooks, hand-computed, for company-wide runs.

Each workbook has one position OP with one indicator Q1 (100%, scale 100) scored by the
approver alone (self and reviewer blank, missing scores re-normalised), so everyone's total
is their approver score. Grades: A ≥90 (1.5, at most 20%), B ≥70 (1.0), C ≥0 (0.5, at
least 10%). Bonus base 1,000 each.

    销售部 sales.xlsx     S1 95  S2 85  S3 75  S4 65
    客服部 service.xlsx   C1 92  C2 88  C3 70
    运营部 ops.xlsx       O1 91  O2 60  O3 55

Company-wide (10 people): A at most ceil(20% × 10) = 2. By score S1 95, C1 92, O1 91 are
A, so O1 — lowest of the three, in another department than the other two — moves to B.
(Alone, 运营部 has 3 people, A at most ceil(0.6) = 1, and O1 would keep A.) C at least
floor(10% × 10) = 1: S4, O2, O3 are C already. Final: A S1 C1; B S2 S3 C2 C3 O1;
C S4 O2 O3. A company pool of 9,500 splits 1.5 : 1.0 : 0.5 per 1,000 of base over a
total weight of 2 × 1.5 + 5 × 1.0 + 3 × 0.5 = 9.5: A 1,500, B 1,000, C 500.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter

from helpers.grids import data_sheet
from xlkpi.core.model import Indicator, ScoredBy
from xlkpi.workbook import layout

DEPARTMENTS = {
    "sales.xlsx": (
        "销售部",
        [("S1", "孙一", 95), ("S2", "孙二", 85), ("S3", "孙三", 75), ("S4", "孙四", 65)],
    ),
    "service.xlsx": ("客服部", [("C1", "陈一", 92), ("C2", "陈二", 88), ("C3", "陈三", 70)]),
    "ops.xlsx": ("运营部", [("O1", "欧一", 91), ("O2", "欧二", 60), ("O3", "欧三", 55)]),
}
EXPECTED_GRADES = {
    "S1": "A", "S2": "B", "S3": "B", "S4": "C",
    "C1": "A", "C2": "B", "C3": "B",
    "O1": "B", "O2": "C", "O3": "C",
}  # fmt: skip
EXPECTED_BONUS = {"A": 1500.0, "B": 1000.0, "C": 500.0}
GRADES = [
    {
        "grade": "A",
        "min_score": 90,
        "coefficient": 1.5,
        "quota_kind": "at_most",
        "quota_share": 0.2,
    },
    {"grade": "B", "min_score": 70, "coefficient": 1.0},
    {
        "grade": "C",
        "min_score": 0,
        "coefficient": 0.5,
        "quota_kind": "at_least",
        "quota_share": 0.1,
    },
]
INDICATOR = Indicator("OP", "Q1", "工作质量", 1.0, 100, ScoredBy.RATERS)


def settings(lang: str = "zh", **overrides: Any) -> dict[str, Any]:
    """Settings values (keys of layout.SETTINGS) of a company-scoped workbook."""
    ch = layout.CHOICES
    values: dict[str, Any] = {
        "period": "2026-10",
        "lang": ch["lang"][lang](lang),
        "forced_distribution": ch["yes_no"]["yes"](lang),
        "distribution_scope": ch["scope"]["company"](lang),
        "bonus_pool": 9500,
        "pool_scope": ch["pool_scope"]["company"](lang),
    }
    values.update(overrides)
    return values


def grids(name: str, lang: str = "zh", **setting_overrides: Any) -> dict[str, list[list[Any]]]:
    """The sheets of department workbook `name` (a key of DEPARTMENTS) as grids."""
    dept, people = DEPARTMENTS[name]
    sheet = layout.sheet_name
    ch = layout.CHOICES
    values = settings(lang, **setting_overrides)
    out: dict[str, list[list[Any]]] = {
        sheet("settings", lang): [[h(lang) for h in layout.SETTINGS_HEADER]]
        + [[s.label(lang), values[s.key]] for s in layout.SETTINGS if s.key in values]
    }

    def table(key: str, rows: list[dict[str, Any]]) -> list[list[Any]]:
        cols = layout.TABLES[key].columns
        return [[c.label(lang) for c in cols]] + [[r.get(c.key) for c in cols] for r in rows]

    out[sheet("positions", lang)] = table(
        "positions", [{"code": "OP", "name": "专员", "data_sheet": "专员数据"}]
    )
    out[sheet("indicators", lang)] = table(
        "indicators",
        [
            {
                "position": "OP",
                "code": "Q1",
                "name": "工作质量",
                "weight": 1,
                "scale": 100,
                "scored_by": ch["scored_by"]["raters"](lang),
            }
        ],
    )
    out[sheet("roster", lang)] = table(
        "roster",
        [
            {"id": i, "name": n, "department": dept, "position": "OP", "bonus_base": 1000}
            for i, n, _ in people
        ],
    )
    grade_rows = [
        {**g, "quota_kind": ch["quota_kind"][g["quota_kind"]](lang) if "quota_kind" in g else None}
        for g in GRADES
    ]
    out[sheet("grades", lang)] = table("grades", grade_rows)
    out[sheet("adjustments", lang)] = table("adjustments", [])
    records = [{"id": i, "name": n, "Q1@approver": score} for i, n, score in people]
    out["专员数据"] = data_sheet("专员", layout.data_columns([INDICATOR], lang), records)
    return out


def write_book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write grids as an .xlsx (XlsxWriter, text kept as text)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    for name, grid in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write(r, c, v)
    wb.close()
    return path


def build_company(folder: Path, lang: str = "zh", **setting_overrides: Any) -> list[Path]:
    """The three department workbooks in `folder`, in DEPARTMENTS order."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_book(folder / name, grids(name, lang, **setting_overrides)) for name in DEPARTMENTS
    ]
