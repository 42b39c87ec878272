"""A small assessment workbook as grids, in Chinese or English, built from layout.py.

One department, two positions:

CS  客服专员 (actuals)      CS1 satisfaction  60%  scale 30  tiers: >=4.5 30; >=4 20; else 0
                            CS2 first-contact 40%  scale 25  tiers: >=90% 25; >=80% 15; else 0
SUP 售后服务主管 (raters)   SP1 work quality  50%  scale 10  self/reviewer/approver 20/30/50%
                            SP2 team          50%  scale 10

Hand-computed (points = raw / scale × weight × 100):
  E1  CS1 4.6 → 30 → 60;  CS2 "92%" → 25 → 40;              total 100
  E2  CS1 "4.2" → 20 → 40; CS2 85 (→85%) → 15 → 24; +6 adj;  total 70
  E3  CS1 "３．９" → 0;     CS2 0.95 → 25 → 40;               total 40
  S1  SP1 8/9/10 → 9.3 → 46.5;  SP2 10/10/10 → 50;           total 96.5
  S2  SP1 6/6/6 → 6 → 30;       SP2 7/8/9 → 8.3 → 41.5;      total 71.5
Grades A ≥90 (1.5), B ≥70 (1.0), C ≥0 (0.5); no quotas. Ranks: E1, S1, S2, E2, E3.
Pool 11000, bonus base 1000 each: weights 1.5, 1.0, 0.5, 1.5, 1.0 → 3000, 2000, 1000,
3000, 2000.
"""

from __future__ import annotations

from typing import Any

from xlkpi.core.model import Indicator, ScoredBy
from xlkpi.core.rules import parse_rule
from xlkpi.workbook import layout

L = layout.Label

INDICATORS = [
    # position, code, zh name, en name, weight, scale, unit, scored_by, rule
    (
        "CS",
        "CS1",
        "满意度",
        "Satisfaction",
        "60%",
        30,
        "分",
        "actual",
        "tiers: >=4.5 30; >=4 20; else 0",
    ),
    (
        "CS",
        "CS2",
        "一次解决率",
        "First-contact resolution",
        0.4,
        25,
        "%",
        "actual",
        "阶梯：≥90% 25分；≥80% 15分；其他 0分",
    ),
    ("SUP", "SP1", "工作质量", "Work quality", 50, 10, "", "raters", None),
    ("SUP", "SP2", "团队管理", "Team management", "５０％", 10, "", "raters", None),
]

POSITIONS = [
    ("CS", "客服专员", "Customer service", "客服专员数据", "CS data"),
    ("SUP", "售后服务主管", "After-sales supervisor", "主管数据", "Supervisor data"),
]

ROSTER = [
    # id, name, department, team, position, bonus base
    ("E1", "张三", "售后服务部", "一组", "CS", 1000),
    ("E2", "李四", "售后服务部", "一组", "CS", "1,000"),
    ("E3", "王五", "售后服务部", "二组", "客服专员", "¥1000"),
    ("S1", "赵六", "售后服务部", "", "SUP", 1000),
    ("S2", "钱七", "售后服务部", "", "售后服务主管", 1000.0),
]

CS_DATA = {
    "E1": {"CS1": 4.6, "CS2": "92%"},
    "E2": {"CS1": "4.2", "CS2": 85},
    "E3": {"CS1": "３．９", "CS2": 0.95},
}
SUP_DATA = {
    "S1": {
        "SP1@self": 8,
        "SP1@reviewer": "9",
        "SP1@approver": 10.0,
        "SP2@self": 10,
        "SP2@reviewer": 10,
        "SP2@approver": " 10 ",
    },
    "S2": {
        "SP1@self": 6,
        "SP1@reviewer": 6,
        "SP1@approver": 6,
        "SP2@self": "７",
        "SP2@reviewer": 8,
        "SP2@approver": 9,
    },
}

EXPECTED_TOTALS = {"E1": 100.0, "E2": 70.0, "E3": 40.0, "S1": 96.5, "S2": 71.5}
EXPECTED_GRADES = {"E1": "A", "E2": "B", "E3": "C", "S1": "A", "S2": "B"}
EXPECTED_RANKS = {"E1": 1, "S1": 2, "S2": 3, "E2": 4, "E3": 5}
EXPECTED_BONUS = {
    "E1": "3000.00",
    "E2": "2000.00",
    "E3": "1000.00",
    "S1": "3000.00",
    "S2": "2000.00",
}
EXPECTED_POINTS = {
    "E1": {"CS1": 60.0, "CS2": 40.0},
    "E2": {"CS1": 40.0, "CS2": 24.0},
    "E3": {"CS1": 0.0, "CS2": 40.0},
    "S1": {"SP1": 46.5, "SP2": 50.0},
    "S2": {"SP1": 30.0, "SP2": 41.5},
}


def _table(
    key: str, lang: str, rows: list[dict[str, Any]], title: str | None = None
) -> list[list[Any]]:
    cols = layout.TABLES[key].columns
    grid: list[list[Any]] = [[title]] if title else []
    grid.append([c.label(lang) for c in cols])
    for rec in rows:
        grid.append([rec.get(c.key) for c in cols])
    return grid


def _sheet(key: str, lang: str) -> str:
    return layout.sheet_name(key, lang)


def indicator_objects() -> dict[str, list[Indicator]]:
    out: dict[str, list[Indicator]] = {}
    for pos, code, zh, en, _w, scale, unit, by, rule in INDICATORS:
        out.setdefault(pos, []).append(
            Indicator(
                pos,
                code,
                zh,
                0.5,
                scale,
                ScoredBy(by),
                parse_rule(rule) if rule else None,
                unit=unit,
                name_alt=en,
            )
        )
    return out


def data_sheet(
    pos: str, lang: str, values: dict[str, dict[str, Any]], title: str
) -> list[list[Any]]:
    cols = layout.data_columns(indicator_objects()[pos], lang)
    grid: list[list[Any]] = [
        [title] + [None] * (len(cols) - 1),
        [c.group or None for c in cols],
        [c.header for c in cols],
        [c.key for c in cols],
    ]
    names = {r[0]: r[1] for r in ROSTER}
    for eid, vals in values.items():
        row = []
        for c in cols:
            if c.key == "id":
                row.append(eid)
            elif c.key == "name":
                row.append(names[eid])
            elif c.computed:
                row.append("stale")  # an earlier run's result: must be overwritten or cleared
            else:
                row.append(vals.get(c.key))
        grid.append(row)
    return grid


def settings_grid(lang: str, **overrides: Any) -> list[list[Any]]:
    values: dict[str, Any] = {
        "period": "2026-10",
        "lang": layout.CHOICES["lang"][lang](lang),
        "rater_mode": layout.CHOICES["rater_mode"]["weighted"](lang),
        "weight_self": "20%",
        "weight_reviewer": 0.3,
        "weight_approver": 50,
        "missing_rater": layout.CHOICES["missing_rater"]["renormalise"](lang),
        "forced_distribution": layout.CHOICES["yes_no"]["no"](lang),
        "bonus_pool": "11,000",
        "status": None,
    }
    values.update(overrides)
    grid: list[list[Any]] = [
        [layout.SHEETS["settings"](lang)],
        [h(lang) for h in layout.SETTINGS_HEADER],
    ]
    for s in layout.SETTINGS:
        if s.key in values:
            grid.append([s.label(lang), values[s.key], s.note(lang) or None])
    return grid


def build(lang: str = "zh") -> dict[str, list[list[Any]]]:
    """The sample workbook's grids, every label and sheet name in `lang`."""
    zh = lang == "zh"
    sheets: dict[str, list[list[Any]]] = {}
    sheets[_sheet("settings", lang)] = settings_grid(lang)
    sheets[_sheet("positions", lang)] = _table(
        "positions",
        lang,
        [
            {"code": c, "name": nz if zh else ne, "data_sheet": sz if zh else se}
            for c, nz, ne, sz, se in POSITIONS
        ],
    )
    ind_rows = []
    for pos, code, zhn, enn, w, scale, unit, by, rule in INDICATORS:
        ind_rows.append(
            {
                "position": pos,
                "code": code,
                "name": zhn if zh else enn,
                "name_alt": enn if zh else zhn,
                "weight": w,
                "scale": scale,
                "unit": unit or None,
                "scored_by": layout.CHOICES["scored_by"][by](lang),
                "rule": rule,
                "rule_words": "stale words",
            }
        )
    sheets[_sheet("indicators", lang)] = _table(
        "indicators", lang, ind_rows, title=layout.SHEETS["indicators"](lang)
    )
    en_names = {nz: ne for _c, nz, ne, _sz, _se in POSITIONS}
    sheets[_sheet("roster", lang)] = _table(
        "roster",
        lang,
        [
            {
                "id": i,
                "name": n,
                "department": d,
                "team": t or None,
                "position": p if zh else en_names.get(p, p),
                "bonus_base": b,
            }
            for i, n, d, t, p, b in ROSTER
        ],
    )
    sheets[_sheet("grades", lang)] = _table(
        "grades",
        lang,
        [
            {"grade": "A", "min_score": 90, "coefficient": 1.5, "count": 99},
            {"grade": "B", "min_score": 70, "coefficient": 1},
            {"grade": "C", "min_score": 0, "coefficient": "0.5"},
        ],
    )
    sheets[_sheet("adjustments", lang)] = _table(
        "adjustments",
        lang,
        [
            {"id": "E2", "name": "李四", "points": "+6", "reason": "客户表扬" if zh else "Praise"},
        ],
    )
    for code, nz, ne, sz, se in POSITIONS:
        data = CS_DATA if code == "CS" else SUP_DATA
        sheets[sz if zh else se] = data_sheet(code, lang, data, nz if zh else ne)
    # old content that must be cleared
    sheets[_sheet("summary", lang)] = [[f"old {i}"] * 8 for i in range(40)]
    sheets[_sheet("issues", lang)] = _table(
        "issues",
        lang,
        [{"severity": "x", "sheet": "old", "cell": "A1", "message": f"old {i}"} for i in range(30)],
    )
    return sheets
