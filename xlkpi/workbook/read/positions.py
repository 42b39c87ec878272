"""The Positions sheet: each position's code, name, data sheet and group, and the lookup
of a position by its code or name from other sheets (Indicators, Roster)."""

from __future__ import annotations

from typing import Any

from xlkpi.core.problems import Source
from xlkpi.workbook import layout
from xlkpi.workbook.contract.find import NameIndex, is_blank
from xlkpi.workbook.layout import Kind, Label
from xlkpi.workbook.read.context import ReadContext
from xlkpi.workbook.values import CellParser


class Positions(NameIndex):
    """Positions by code, with lookup by code or name (`NameIndex`)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, int] = {}
        self.sheets: dict[str, str] = {}  # code -> the data sheet as written
        self.sheet_sources: dict[str, Source] = {}
        self.groups: dict[str, str] = {}  # code -> position group, where HR gave one

    def place(self, code: str, name: str, sheet: str, row: int, sheet_source: Source) -> None:
        """Register a position read from row `row`."""
        self.add(code, name)
        self.rows[code] = row
        self.sheets[code] = sheet
        self.sheet_sources[code] = sheet_source


def read_positions(ctx: ReadContext) -> Positions:
    """Every position on the Positions sheet; duplicates and bad cells are reported."""
    table = layout.TABLES["positions"]
    found = ctx.table(table)
    positions = Positions()
    if found is None:
        return positions
    ctx.where.positions = found
    sheet, cols = found.sheet, found.columns
    cells = CellParser(sheet, ctx.problems)

    def text(rec: dict[str, Any], r: int, key: str) -> Any:
        return cells.parse(rec.get(key), r, cols.get(key, 0), Kind.TEXT, table.column(key).label)

    for r, rec in found.rows():
        code = ctx.key(cells, rec.get("code"), r, cols.get("code"), table.column("code").label)
        name = text(rec, r, "name")
        data_sheet = text(rec, r, "data_sheet")
        if not code:
            continue
        if code in positions.rows:
            ctx.problems.error(
                "positions.duplicate",
                f"Position code '{code}' is listed twice",
                f"岗位编码“{code}”重复",
                found.source(positions.rows[code], "code"),
                found.source(r, "code"),
            )
            continue
        positions.place(code, name or code, data_sheet or "", r, found.source(r, "data_sheet"))
        ctx.where.position_names[code] = name or code
        group = rec.get("group")
        if not is_blank(group):
            positions.groups[code] = str(group).strip()
    return positions


def position_ref(
    ctx: ReadContext,
    positions: Positions,
    cells: CellParser,
    raw: Any,
    r: int,
    c: int | None,
    what: Label,
) -> str | None:
    """The position a cell names (code or name); None (reported) when it names none."""
    text = ctx.key(cells, raw, r, c, what)
    if not text or c is None:
        return None
    code = positions.resolve(text)
    if code is None:
        known = ", ".join(ctx.pname(p) for p in positions.rows) or "-"
        known_zh = "、".join(ctx.pname(p) for p in positions.rows) or "-"
        ctx.problems.error(
            "position.unknown",
            f"{what.en}: '{text}' is not a position on the Positions sheet (positions: {known})",
            f"{what.zh}：“{text}”不是“岗位”表中的岗位（可选：{known_zh}）",
            cells.source(r, c),
        )
    return code
