"""The Settings sheet: label | value | note rows, read into `core.model.Settings`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xlkpi.core.model import Rater, RaterPolicy, Scope, Settings
from xlkpi.core.problems import Source
from xlkpi.io.cells import a1
from xlkpi.workbook import layout
from xlkpi.workbook.layout import Kind, Setting
from xlkpi.workbook.read.context import ReadContext
from xlkpi.workbook.values import CellParser

_RATER_WEIGHTS = {
    Rater.SELF: "weight_self",
    Rater.REVIEWER: "weight_reviewer",
    Rater.APPROVER: "weight_approver",
    Rater.PEER: "weight_peer",
    Rater.CUSTOMER: "weight_customer",
}


def read_settings(ctx: ReadContext) -> Settings:
    """The settings, each blank or missing one at its default; bad cells are reported."""
    sheet = ctx.where.sheets.get("settings")
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    if sheet is None:
        ctx.problems.warning(
            "workbook.settings_missing",
            "The workbook has no Settings sheet (设置); defaults are used",
            "工作簿中没有“设置”表，使用默认设置",
        )
    else:
        cells = CellParser(sheet, ctx.problems)
        for setting, cell in ctx.contract.settings(layout.SETTINGS, sheet):
            sources[setting.key] = Source(sheet, a1(cell.row, cell.col))
            if setting.key == "status":
                ctx.where.status = (sheet, cell.row, cell.col)
            else:
                values[setting.key] = _value(cells, setting, cell.raw, cell.row, cell.col)

    def get(k: str) -> Any:
        """The setting's value, or its default when the cell is blank."""
        v = values.get(k)
        return v if v is not None else layout.SETTINGS_BY_KEY[k].default

    chosen = values.get("lang")
    policy = RaterPolicy(
        mode=get("rater_mode"),
        weights={r: float(get(k)) for r, k in _RATER_WEIGHTS.items()},
        missing=get("missing_rater"),
        gap_threshold=float(get("gap_threshold")),
        source=sources.get("rater_mode", Source(sheet) if sheet else Source()),
    )
    return Settings(
        period=str(get("period") or ""),
        lang=str(chosen) if chosen in layout.LANGS else ctx.where.lang,
        rater_policy=policy,
        rank_scope=Scope(get("rank_scope")),
        distribution_scope=Scope(get("distribution_scope")),
        forced_distribution=get("forced_distribution") == "yes",
        bonus_pool=values.get("bonus_pool"),
        pool_scope=Scope(get("pool_scope")),
        sources=sources,
    )


def _value(cells: CellParser, setting: Setting, raw: Any, r: int, c: int) -> Any:
    """One setting's parsed value (a choice's key; a period Excel made a date as typed)."""
    if setting.kind is Kind.CHOICE:
        return cells.choice(raw, r, c, setting.choices or "", setting.label)
    value = cells.parse(raw, r, c, setting.kind, setting.label)
    if setting.key == "period" and isinstance(raw, dt.date) and raw.day == 1:
        return f"{raw.year}-{raw.month:02d}"  # Excel turned "2026-10" into a date
    return value
