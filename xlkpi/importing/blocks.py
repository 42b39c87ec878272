"""The blocks one atomic write puts into the workbook: new Roster rows below the last,
changed Roster cells, data-sheet rows appended for people not yet on their position's
sheet, the values themselves and the Pay sheet's rows; each changed cell is noted in the
plan (`ImportPlan.changes`) and counted."""

from __future__ import annotations

from typing import Any

from xlkpi.io.cells import Block, CellInput, Styled, a1, column_runs

from . import pay
from .convert import money_cell
from .inputs import Value
from .outcome import ImportPlan
from .roster import NewEmployee, Update
from .target import Target, cell_at, is_blank


def add_blocks(
    plan: ImportPlan,
    target: Target,
    new: dict[str, NewEmployee],
    updates: list[Update],
    cells: dict[tuple[str, str, str], Value],
) -> None:
    """Set `plan.blocks` to the Roster's and data sheets' writes, and count them."""
    plan.blocks = _roster_blocks(plan, target, new, updates)
    rows = _data_rows(plan, target, new, cells)
    per_row: dict[tuple[str, int], dict[int, CellInput]] = {}
    for (sheet, eid, key), item in cells.items():
        columns = target.data_sheets[sheet].columns
        per_row.setdefault((sheet, rows[(sheet, eid)]), {})[columns[key]] = item.value
    for (sheet, r), by_col in sorted(per_row.items()):
        _write_row(plan, sheet, target.data_sheets[sheet].grid, r, by_col)
    plan.values = len(cells)


def _roster_blocks(
    plan: ImportPlan, target: Target, new: dict[str, NewEmployee], updates: list[Update]
) -> list[Block]:
    """The changed Roster cells, then the new people's rows below the last."""
    roster = target.roster
    blocks = [Block(roster.sheet, r, c, [[v]]) for r, c, v, _ in updates]
    plan.roster_updated = len({r for r, *_ in updates})
    for row, emp in enumerate(new.values(), roster.last_row + 1):
        fields: dict[str, CellInput] = {
            "id": emp.id,
            "name": emp.name,
            "department": emp.department or None,
            "team": emp.team or None,
            "position": target.positions[emp.position].name,
            "bonus_base": money_cell(emp.bonus_base) if emp.bonus_base is not None else None,
        }
        by_col = {roster.columns[k]: v for k, v in fields.items() if k in roster.columns}
        blocks += row_blocks(roster.sheet, row, by_col)
    plan.roster_added = len(new)
    return blocks


def _data_rows(
    plan: ImportPlan,
    target: Target,
    new: dict[str, NewEmployee],
    cells: dict[tuple[str, str, str], Value],
) -> dict[tuple[str, str], int]:
    """The data-sheet row of every employee with values and everyone newly on the
    Roster, appending (id and name) the rows the sheets lack."""
    names = {e.id: e.name for e in target.roster.entries.values()}
    names.update({e.id: e.name for e in new.values()})
    # sheet -> employee ids in order of first mention (a dict: a list's `in` made 20,000
    # people take a minute)
    needed: dict[str, dict[str, None]] = {}
    for added in new.values():
        needed.setdefault(target.positions[added.position].sheet, {})[added.id] = None
    for sheet, eid, _ in cells:
        needed.setdefault(sheet, {}).setdefault(eid, None)
    rows: dict[tuple[str, str], int] = {}
    for sheet, emps in needed.items():
        ds = target.data_sheets[sheet]
        last = ds.last_row
        for eid in emps:
            if eid in ds.rows:
                rows[(sheet, eid)] = ds.rows[eid]
                continue
            last += 1
            rows[(sheet, eid)] = last
            new_row: dict[int, CellInput] = {ds.columns["id"]: eid}
            if "name" in ds.columns:
                new_row[ds.columns["name"]] = names.get(eid) or None
            plan.blocks += row_blocks(sheet, last, new_row)
            plan.rows_appended += 1
    return rows


def add_pay_blocks(plan: ImportPlan, target: Target, writes: pay.PayWrites) -> None:
    """Add the Pay sheet's rows (team output, pool inputs) to the plan."""
    grid = target.pay.grid if target.pay is not None else []
    for sheet, r, by_col in pay.cell_writes(target, writes):
        _write_row(plan, sheet, grid, r, by_col)
    plan.values += sum(
        1 for w in writes.rows.values() if w.row >= 0 for k in w.cells if k not in pay.KEYS[w.table]
    )


def _write_row(
    plan: ImportPlan, sheet: str, grid: list[list[Any]], row: int, by_col: dict[int, CellInput]
) -> None:
    """Add the blocks writing `by_col` into a row of `grid`, noting each cell whose value
    changes as (sheet, cell, old, new) and counting those that replace another value."""
    old = grid[row] if row < len(grid) else []
    for c, v in sorted(by_col.items()):
        before = cell_at(old, c)
        if is_blank(before):
            plan.changes.append((sheet, a1(row, c), None, v))
        elif before != (v.value if isinstance(v, Styled) else v):
            plan.changes.append((sheet, a1(row, c), before, v))
            plan.overwritten += 1
    plan.blocks += row_blocks(sheet, row, by_col)


def row_blocks(sheet: str, row: int, by_col: dict[int, CellInput]) -> list[Block]:
    """One block per run of adjacent columns; columns not given are left alone."""
    return [Block(sheet, row, run[0], [[by_col[c] for c in run]]) for run in column_runs(by_col)]
