"""A small department saved as a real .xlsx, for the follow-up tests (appeals, quotas,
360°, the change log), built from the layout so labels match what the reader expects.

Ten agents, one rater-scored indicator Q (scale 100, weight 100%; "highest rater decides",
so the approver's score is the total). Grades: S ≥90 (coefficient 2, at most 10%: one
person of ten), A ≥80 (1.5), B ≥60 (1), C below (0.5). Pool ¥12,000, bonus base ¥1,000
each. Scores: P01 92, P02 89, P03 85, P04 84, P05 78, P06 75, P07 70, P08 65, P09 62, P10 55.

Before any appeal: S P01; A P02–P04; B P05–P09; C P10. Coefficients add up to
2 + 3×1.5 + 5×1 + 0.5 = 12, so ¥1,000 per coefficient point: P01 ¥2,000, A ¥1,500 each,
B ¥1,000 each, P10 ¥500.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter

from helpers.grids import data_sheet
from xlkpi.core.model import Indicator, ScoredBy
from xlkpi.followup import layout as fl
from xlkpi.workbook import layout

SCORES = {
    "P01": 92,
    "P02": 89,
    "P03": 85,
    "P04": 84,
    "P05": 78,
    "P06": 75,
    "P07": 70,
    "P08": 65,
    "P09": 62,
    "P10": 55,
}
NAMES = {eid: f"员工{eid[1:]}" for eid in SCORES}
DATA_SHEET = "坐席数据"


def _table(cols: tuple, rows: list[dict[str, Any]], lang: str = "zh") -> list[list[Any]]:
    grid: list[list[Any]] = [["title"], ["hint"], [c.label(lang) for c in cols]]
    grid += [[rec.get(c.key) for c in cols] for rec in rows]
    return grid


def grids(
    *,
    results_date: dt.date | None = dt.date(2026, 9, 30),
    appeals: list[dict[str, Any]] | None = None,
    groups360: list[dict[str, Any]] | None = None,
    ratings360: list[dict[str, Any]] | None = None,
    scores: dict[str, float] | None = None,
) -> dict[str, list[list[Any]]]:
    """The workbook's sheets as grids (zh)."""
    lang = "zh"
    settings = {
        "period": "2026-09",
        "lang": "中文",
        "rater_mode": layout.CHOICES["rater_mode"]["highest"](lang),
        "forced_distribution": "是",
        "bonus_pool": 12000,
        "results_date": results_date,
        "status": None,
    }
    sheets: dict[str, list[list[Any]]] = {
        "设置": [["设置"], [h(lang) for h in layout.SETTINGS_HEADER]]
        + [[s.label(lang), settings[s.key], None] for s in layout.SETTINGS if s.key in settings],
        "岗位": _table(
            layout.TABLES["positions"].columns,
            [{"code": "AG", "name": "坐席", "data_sheet": DATA_SHEET}],
        ),
        "指标": _table(
            layout.TABLES["indicators"].columns,
            [
                {
                    "position": "AG",
                    "code": "Q",
                    "name": "服务质量",
                    "weight": 1,
                    "scale": 100,
                    "scored_by": "评分",
                }
            ],
        ),
        "人员": _table(
            layout.TABLES["roster"].columns,
            [
                {
                    "id": eid,
                    "name": NAMES[eid],
                    "department": "客服部",
                    "position": "AG",
                    "bonus_base": 1000,
                }
                for eid in SCORES
            ],
        ),
        "等级": _table(
            layout.TABLES["grades"].columns,
            [
                {
                    "grade": "S",
                    "min_score": 90,
                    "coefficient": 2,
                    "quota_kind": "至多",
                    "quota_share": 0.1,
                },
                {"grade": "A", "min_score": 80, "coefficient": 1.5},
                {"grade": "B", "min_score": 60, "coefficient": 1},
                {"grade": "C", "min_score": 0, "coefficient": 0.5},
            ],
        ),
        "调整": _table(layout.TABLES["adjustments"].columns, []),
    }
    ind = Indicator("AG", "Q", "服务质量", 1.0, 100, ScoredBy.RATERS)
    records = [
        {"id": eid, "name": NAMES[eid], "Q@approver": score}
        for eid, score in (scores or SCORES).items()
    ]
    sheets[DATA_SHEET] = data_sheet("坐席", layout.data_columns([ind], lang), records)
    sheets["申诉"] = _table(fl.TABLES["appeals"].columns, appeals or [])
    if groups360 is not None:
        sheets["360设置"] = _table(fl.TABLES["groups360"].columns, groups360)
    if ratings360 is not None:
        sheets["360评分"] = _table(fl.TABLES["ratings360"].columns, ratings360)
    return sheets


def save(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write the grids to a real .xlsx (dates as dates, numbers as numbers)."""
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name, grid in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
                elif isinstance(v, int | float):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
    wb.close()
    return path
