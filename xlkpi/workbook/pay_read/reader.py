"""The pay reader's entry points: the Pay sheet's tables, the pay setup, money inputs."""

from __future__ import annotations

from typing import Any

from xlkpi.core.problems import Problems, cell_source
from xlkpi.io.cells import BookReader, column_letter
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.contract.find import find_stacked_tables
from xlkpi.workbook.pay_read.context import PayContext
from xlkpi.workbook.pay_read.formulas import read_formulas, read_pool_inputs, read_pools
from xlkpi.workbook.pay_read.schemes import read_choices, read_schemes, read_teams
from xlkpi.workbook.pay_read.setup import PaySetup, PayTable, PersonInputs, casefolded_names
from xlkpi.workbook.read import ReadOutcome

Grid = list[list[Any]]


def find_pay_tables(sheet: str, grid: Grid) -> dict[str, PayTable]:
    """Every Pay table found on the sheet, by its header row; records end at a blank row
    (`contract.find.find_stacked_tables` over `pay_layout.PAY_TABLES`).

    Args:
        sheet: the sheet's name (for sources).
        grid: its values.
    Returns:
        Table key -> the table; tables not on the sheet are absent.
    """
    return find_stacked_tables(sheet, grid, pl.PAY_TABLES.values())


def read_pay_setup(book: BookReader, outcome: ReadOutcome, problems: Problems) -> PaySetup:
    """Read the positions' pay schemes and the Pay sheet.

    Args:
        book: the workbook.
        outcome: what `read_assessment` found (sheet names, positions, data sheets).
        problems: where problems go.
    Returns:
        The setup; parts that could not be read keep the core's defaults.
    """
    ctx = PayContext(outcome, problems)
    read_choices(ctx)
    sheet = outcome.where.sheets.get("pay")  # found by read_assessment
    tables: dict[str, PayTable] = {}
    if sheet is not None:
        ctx.setup.sheet = sheet
        tables = find_pay_tables(sheet, book.read_grid(sheet) or [])
    read_schemes(ctx, tables)
    read_formulas(ctx, tables.get("formulas"))
    read_pools(ctx, tables.get("pool_roles"))
    read_pool_inputs(ctx, tables.get("pool_inputs"))
    read_teams(ctx, tables.get("teams"))
    if ctx.setup.choices and sheet is None:
        problems.warning(
            "pay.sheet_missing",
            "Positions choose pay schemes but the workbook has no Pay sheet (薪酬); the "
            "schemes' default parameters are used",
            "“岗位”表选择了薪酬方案，但工作簿中没有“薪酬”表；使用方案的默认参数",
            *ctx.setup.choice_sources.values(),
        )
    return ctx.setup


def read_money_inputs(
    book: BookReader, outcome: ReadOutcome, positions: set[str]
) -> dict[str, PersonInputs]:
    """Each person's `m:` cells from their position's data sheet.

    Args:
        book: the workbook.
        outcome: what `read_assessment` found (rows and key columns of data sheets).
        positions: the positions that have a pay scheme.
    Returns:
        Employee id -> inputs, for people on those positions' data sheets.
    """
    employees = {e.id: e for e in outcome.assessment.employees}
    out: dict[str, PersonInputs] = {}
    for position, place in outcome.where.data.items():
        if position not in positions:
            continue
        grid = book.read_grid(place.sheet) or []
        money_cols = {
            key[len(pl.MONEY_PREFIX) :]: col
            for key, col in place.columns.items()
            if key.startswith(pl.MONEY_PREFIX)
        }
        id_letter = column_letter(place.columns.get("id", 0))
        names = casefolded_names(money_cols)  # (one lookup for the sheet's people)
        letters = {n: column_letter(c) for n, c in money_cols.items()}
        sheet = place.sheet
        for eid, r in place.rows.items():
            employee = employees.get(eid)
            if employee is None:
                continue
            row = grid[r] if r < len(grid) else []
            values = {n: (row[c] if c < len(row) else None) for n, c in money_cols.items()}
            n = str(r + 1)
            cells = {name: cell_source(sheet, letter + n) for name, letter in letters.items()}
            id_source = cell_source(sheet, id_letter + n)
            out[eid] = PersonInputs(employee, sheet, r, values, cells, id_source, names)
    return out
