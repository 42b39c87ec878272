"""Money in the shipped templates: the Pay sheet (薪酬), the pay columns of data sheets,
and the seed-004 positions whose pay is a money scheme (repair technicians, the
after-sales manager, the automotive workshop supervisor, service advisor and parts team).

The builder calls `write_pay_sheet(book)` when a template has a position with a pay
scheme, and `PositionSpec.columns` adds `pay_columns` to such a position's data sheet.
Every default on the Pay sheet is the money core's (`xlkpi.core.money`), so the template
computes exactly what docs/money.md describes until HR edits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlkpi.authoring.spec import IndicatorSpec, PositionSpec, TemplateSpec
from xlkpi.authoring.styles import BORDER, INPUT_FILL
from xlkpi.core.model import ScoredBy
from xlkpi.core.money import (
    PRESETS,
    FormulaScheme,
    ManagerFactorScheme,
    PieceRateScheme,
    PoolSplitScheme,
)
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.layout import CHOICES, DataColumn, Label, sheet_name

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

L = Label

# ---------------------------------------------------------------------------------------
# Positions whose pay is a money scheme (seed 004)
# ---------------------------------------------------------------------------------------


def _rated(code: str, name: Label, weight: float) -> IndicatorSpec:
    return IndicatorSpec(code, name, weight, 100, ScoredBy.RATERS, {})


REPAIR_TECHNICIAN = PositionSpec(
    code="repair_technician",
    name=L("售后维修技术人员", "Repair technician"),
    sheet=L("维修技术人员", "Repair technicians"),
    indicators=(
        _rated("quality", L("维修质量", "Repair quality"), 0.6),
        _rated("attitude", L("服务态度", "Service attitude"), 0.4),
    ),
    notes=(
        L(
            "维修技术人员按班组计件：保底维修量、及时率档位与分配比例见“薪酬”表；"
            "每人填写角色（工程师/助理）、底薪和额外绩效分。",
            "Repair technicians are paid per team by the piece: quota, on-time tiers and "
            "splits are on the Pay sheet; give each person a role (engineer/assistant), base "
            "pay and merit points.",
        ),
    ),
    pay_scheme="piece_rate",
)

SERVICE_MANAGER = PositionSpec(
    code="service_manager",
    name=L("售后服务经理", "After-sales service manager"),
    sheet=L("售后服务经理", "Service manager"),
    indicators=(
        _rated("management", L("团队管理", "Team management"), 0.5),
        _rated("service", L("客户服务", "Customer service"), 0.5),
    ),
    notes=(
        L(
            "经理绩效工资按本部门人员平均分打折（≥90 全额，<90 九折，<80 八折），团队投诉 5 次取消。",
            "The manager's performance pay follows the department's average (≥90 in full, "
            "<90 90%, <80 80%); 5 team complaints cancel it.",
        ),
    ),
    pay_scheme="manager_factor",
)


def _monthly(code: str, name: Label, sheet: Label, scheme: str, note: Label) -> PositionSpec:
    return PositionSpec(
        code=code,
        name=name,
        sheet=sheet,
        indicators=(
            _rated("results", L("工作业绩", "Work results"), 0.7),
            _rated("attitude", L("工作态度", "Attitude"), 0.3),
        ),
        notes=(note,),
        pay_scheme=scheme,
    )


WORKSHOP_SUPERVISOR = _monthly(
    "workshop_supervisor",
    L("车间主管", "Workshop supervisor"),
    L("车间主管", "Workshop supervisor"),
    "formula:workshop_supervisor",
    L(
        "奖金 = 毛利润÷1.17×0.8%×产值完成率×考核分/100 + 养护提成 ± 一次修复率、满意度奖罚（公式见“薪酬”表）。",
        "Bonus = gross profit ÷ 1.17 × 0.8% × attainment × score/100 + care commission ± "
        "first-time-fix and satisfaction (formula on the Pay sheet).",
    ),
)
SERVICE_ADVISOR = _monthly(
    "service_advisor",
    L("服务顾问", "Service advisor"),
    L("服务顾问", "Service advisors"),
    "formula:service_advisor",
    L(
        "奖金 =（个人产值×0.4%×达成率 + 接车台数×2×达成率）×考核分/100 + 提成（公式见“薪酬”表）。",
        "Bonus = (output × 0.4% × attainment + cars received × 2 × attainment) × score/100 + "
        "commissions (formula on the Pay sheet).",
    ),
)
PARTS_STAFF = _monthly(
    "parts_staff",
    L("备件人员", "Parts staff"),
    L("备件人员", "Parts staff"),
    "pool_split:parts_team",
    L(
        "备件部门奖金池 =（总产值−总工时）÷1.17×20%，按 36/27/27/10 分给经理、计划员、仓管、索赔员；"
        "每人填写角色，奖金池数据填在“薪酬”表。",
        "Parts pool = (total output − labour value) ÷ 1.17 × 20%, split 36/27/27/10 among "
        "manager, planner, warehouse and claims clerk; give each person a role and the pool "
        "inputs on the Pay sheet.",
    ),
)

PAY_POSITIONS: dict[str, PositionSpec] = {
    p.code: p
    for p in (REPAIR_TECHNICIAN, SERVICE_MANAGER, WORKSHOP_SUPERVISOR, SERVICE_ADVISOR, PARTS_STAFF)
}

TEMPLATE_SPECS: tuple[TemplateSpec, ...] = (
    TemplateSpec(
        "repair-technicians",
        L("售后维修技术人员计件考核表", "Repair technicians: piece-rate pay"),
        L(
            "维修班组计件：保底维修量（两人每天6台、三人每天9台 × 22 个工作日）、交付及时率档位单价、"
            "60/40 分配与返修不足时的底薪比例；售后服务经理按团队平均分发放绩效工资。",
            "Piece-rate repair teams: quota (6 units/day for two, 9 for three, × 22 working "
            "days), on-time tier rates, 60/40 splits and the base-pay share when returns are "
            "short; the service manager's pay follows the team average.",
        ),
        ("repair_technician", "service_manager"),
    ),
    TemplateSpec(
        "automotive-after-sales",
        L("汽车售后岗位业绩奖金", "Automotive after-sales bonuses"),
        L(
            "车间主管、服务顾问的奖金公式与备件部门奖金池分配，公式可在“薪酬”表中修改。",
            "Workshop supervisor and service advisor bonus formulas and the parts department "
            "pool, all editable on the Pay sheet.",
        ),
        ("workshop_supervisor", "service_advisor", "parts_staff"),
    ),
)


# ---------------------------------------------------------------------------------------
# Data-sheet columns
# ---------------------------------------------------------------------------------------


def scheme_inputs(scheme: str) -> tuple[tuple[str, ...], dict[str, Label]]:
    """The money inputs a Positions.pay_scheme text needs, and labels for formula inputs.

    Args:
        scheme: e.g. "salary" or "formula:service_advisor" (a preset name).
    Returns:
        (input names in order, labels of formula inputs).
    """
    choice = pl.parse_pay_scheme(scheme)
    if choice is None:
        return (), {}
    names = list(pl.SCHEME_INPUTS[choice.kind])
    labels: dict[str, Label] = {}
    preset = PRESETS.get(choice.name)
    formulas = []
    if isinstance(preset, FormulaScheme):
        formulas = [preset.formula]
    elif isinstance(preset, PoolSplitScheme):
        formulas = [r.formula for r in preset.roles]
    if preset is not None:
        labels = {i.name: L(i.label_zh, i.label_en) for i in preset.inputs}
    for formula in formulas:
        for name in formula.names:
            if name.casefold() not in pl.FORMULA_BUILTINS and name not in names:
                names.append(name)
    return tuple(names), labels


def pay_columns(position: PositionSpec, lang: str) -> list[DataColumn]:
    """The pay columns of a position's data sheet (inputs, then `pay` and `pay_detail`)."""
    names, labels = scheme_inputs(position.pay_scheme)
    return pl.money_columns(names, lang, labels)


def with_pay_columns(cols: list[DataColumn], position: PositionSpec, lang: str) -> list[DataColumn]:
    """`cols` with the pay inputs before the computed columns and the pay results last."""
    if not position.pay_scheme:
        return cols
    pay = pay_columns(position, lang)
    inputs = [c for c in pay if not c.computed]
    results = [c for c in pay if c.computed]
    first_computed = next((i for i, c in enumerate(cols) if c.computed), len(cols))
    return cols[:first_computed] + inputs + cols[first_computed:] + results


# ---------------------------------------------------------------------------------------
# The Pay sheet
# ---------------------------------------------------------------------------------------

TEAM_ROWS = 12  # blank rows for the repair teams
POOL_INPUT_NAMES = ("total_output", "labour_value")


def default_tables(lang: str) -> dict[str, list[dict[str, Any]]]:
    """Each Pay table's rows as the core's defaults give them (choices as labels)."""
    manager = ManagerFactorScheme()
    piece = PieceRateScheme()
    dv = pl.default_value
    tables: dict[str, list[dict[str, Any]]] = {
        "pay_params": [
            {
                "scheme": pl.PAY_SCHEME_LABELS[p.scheme](lang),
                "parameter": p.label(lang),
                "value": dv(p.default),
                "note": p.note(lang) or None,
            }
            for p in pl.PAY_PARAMS
        ],
        "factor_bands": [
            {"min_average": dv(b.min_average), "factor": dv(b.factor)} for b in manager.bands
        ]
        + [{"min_average": 0, "factor": dv(manager.below_factor)}],
        "quotas": [{"team_size": n, "per_day": dv(q)} for n, q in piece.daily_quota],
        "tiers": [
            {"min_rate": dv(t.min_rate), "per_unit": dv(t.per_unit), "base_share": dv(t.base_share)}
            for t in piece.tiers
        ],
        "splits": [
            {
                "engineers": s.engineers,
                "assistants": s.assistants,
                "engineer_weight": dv(s.engineer_weight),
                "assistant_weight": dv(s.assistant_weight),
            }
            for s in piece.splits
        ],
        "teams": [{} for _ in range(TEAM_ROWS)],
        "formulas": [],
        "pool_roles": [],
        "pool_inputs": [],
    }
    for code, preset in PRESETS.items():
        label = preset.label_zh if lang == "zh" else preset.label_en
        if isinstance(preset, FormulaScheme):
            tables["formulas"].append({"name": code, "formula": preset.text, "note": label})
        else:
            tables["formulas"].append({"name": code, "formula": preset.pool_text, "note": label})
            for role in preset.roles:
                tables["pool_roles"].append(
                    {
                        "pool": code,
                        "role": role.code,
                        "role_name": role.label_zh if lang == "zh" else role.label_en,
                        "weight": dv(role.weight),
                        "formula": role.text,
                    }
                )
            tables["pool_inputs"] += [
                {"pool": code, "department": None, "input": name} for name in POOL_INPUT_NAMES
            ]
    return tables


def write_pay_sheet(book: Any) -> None:
    """Add the Pay sheet with the core's defaults, each table under its title.

    Args:
        book: the builder's Book (wb, styles, lang).
    """
    lang = book.lang
    st = book.styles
    ws: Worksheet = book.wb.add_worksheet(sheet_name("pay", lang))
    ws.write_string(0, 0, pl.PAY_TITLE(lang), st.title())
    ws.write_string(1, 0, pl.PAY_HINT(lang), st.text(wrap=False))
    widths: dict[int, float] = {}
    text_input = st.fmt(
        bg_color=INPUT_FILL, border=1, border_color=BORDER, locked=False, num_format="@"
    )
    row = 3
    tables = default_tables(lang)
    for key, records in book.content.pay.items():  # sample data: teams' output, pool inputs
        _fill(tables[key], records, PAY_ROW_KEYS[key], lang)
    for key in pl.PAY_TABLE_ORDER:
        table = pl.PAY_TABLES[key]
        ws.write_string(row, 0, pl.PAY_TABLE_TITLES[key](lang), st.text(bold=True, wrap=False))
        row += 1
        for c, col in enumerate(table.columns):
            ws.write_string(row, c, col.label(lang), st.header())
            widths[c] = max(widths.get(c, 0), col.width)
        row += 1
        for rec in tables[key]:
            for c, col in enumerate(table.columns):
                value = rec.get(col.key)
                fmt = text_input if col.key == "formula" else st.input(col.kind.value)
                if value is None:
                    ws.write_blank(row, c, None, fmt)
                elif isinstance(value, str):
                    ws.write_string(row, c, value, fmt)
                else:
                    ws.write_number(row, c, float(value), fmt)
            if key == "teams":
                _team_validation(ws, row, table, lang)
            row += 1
        row += 1
    for c, width in widths.items():
        ws.set_column(c, c, width)


#: the columns that say which row of a Pay table a content record fills
PAY_ROW_KEYS = {"teams": ("team",), "pool_inputs": ("pool", "input")}


def _fill(
    rows: list[dict[str, Any]], records: list[dict[str, Any]], keys: tuple[str, ...], lang: str
) -> None:
    """Put content records (Labels in `lang`) into a table's default rows: the row with
    the same key, else the first empty row, else a new row at the end."""
    for rec in records:
        shown = {k: v(lang) if isinstance(v, Label) else v for k, v in rec.items()}
        same = [r for r in rows if r and all(r.get(k) == shown.get(k) for k in keys)]
        target = same[0] if same else next((r for r in rows if not r), None)
        if target is None:
            rows.append(shown)
        else:
            target.update(shown)


def _team_validation(ws: Worksheet, row: int, table: Any, lang: str) -> None:
    keys = [c.key for c in table.columns]
    c = keys.index("short_of_returns")
    yes_no = [label(lang) for label in CHOICES["yes_no"].values()]
    ws.data_validation(row, c, row, c, {"validate": "list", "source": yes_no})
