"""The Pay sheet (薪酬): every money scheme's parameters, bands, quotas, tiers, splits,
formulas and pools, with the money core's defaults (`xlkpi.core.money`), so a template
computes exactly what docs/money.md describes until HR edits it. The builder adds it when a
template has a position with a pay scheme.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from xlkpi.authoring.book import Book
from xlkpi.authoring.styles import BORDER, INPUT_FILL
from xlkpi.core.label import Label
from xlkpi.core.money import PRESETS, FormulaScheme, ManagerFactorScheme, PieceRateScheme
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.layout import CHOICES, Table, sheet_name

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


def write(book: Book) -> None:
    """Add the Pay sheet with the core's defaults, each table under its title.

    Args:
        book: the workbook being built.
    """
    lang = book.lang
    st = book.styles
    ws = book.wb.add_worksheet(sheet_name("pay", lang))
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


def _team_validation(ws: Worksheet, row: int, table: Table, lang: str) -> None:
    keys = [c.key for c in table.columns]
    c = keys.index("short_of_returns")
    yes_no = [label(lang) for label in CHOICES["yes_no"].values()]
    ws.data_validation(row, c, row, c, {"validate": "list", "source": yes_no})
