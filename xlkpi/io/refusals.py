"""Writes xlkpi refuses before touching anything, each naming its sheet and cell.

Checked here from the sheet's structure (the cell-level refusals, shared and array
formulas, are found while patching, see sheet_patch):

* the cells of array formulas and data tables (only the anchor carries the <f>);
* a table's header cells (any value, None included: clearing a header breaks the table);
* a non-None value just below or just right of a table, within its span: the table would
  have to grow (its ref, and any validation, conditional format or chart over it);
* a non-None value in a merged range's non-anchor cell (None there is allowed: it is what
  an empty merged cell already holds);
* cells beyond Excel's grid (1,048,576 rows x 16,384 columns) or at negative positions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from xlkpi.io.cells import MAX_COLS, MAX_ROWS, Block, a1
from xlkpi.io.errors import RefusedWrite
from xlkpi.io.package import Package
from xlkpi.io.parts import REL_TABLE, SheetEntry
from xlkpi.io.row_patch import formula_refusal
from xlkpi.io.safe_zip import parse_xml
from xlkpi.io.sheet_patch import SheetPatcher
from xlkpi.io.sheet_writes import parse_range

Rect = tuple[int, int, int, int]  # row1, col1, row2, col2 (0-based, inclusive)


@dataclass(frozen=True)
class Table:
    """A table (ListObject) on a sheet: its name, range and header rows."""

    name: str
    ref: Rect
    header_rows: int

    @property
    def ref_a1(self) -> str:
        """The table's range as Excel writes it: 'A1:D9'."""
        r1, c1, r2, c2 = self.ref
        return f"{a1(r1, c1)}:{a1(r2, c2)}"


def sheet_tables(pkg: Package, sheet: SheetEntry, patcher: SheetPatcher) -> list[Table]:
    """The tables (ListObjects) on a worksheet."""
    rids = set(patcher.table_rids())
    out = []
    for rel in pkg.rels(sheet.part):
        if rel.type != REL_TABLE or rel.external or (rids and rel.id not in rids):
            continue
        if not pkg.has(rel.target):
            continue
        root = parse_xml(pkg.read(rel.target), rel.target, pkg.path)
        rng = parse_range(root.get("ref", ""))
        if rng is None:
            continue
        name = root.get("displayName") or root.get("name") or rel.target
        out.append(Table(name, rng, int(root.get("headerRowCount", "1") or 1)))
    return out


def _cells_in(block: Block, zone: Rect) -> Iterator[tuple[int, int, object]]:
    """(row, col, value) of the block's cells inside `zone`."""
    r1, c1, r2, c2 = zone
    for i in range(max(r1 - block.row, 0), min(r2 - block.row + 1, len(block.values))):
        row = block.values[i]
        for j in range(max(c1 - block.col, 0), min(c2 - block.col + 1, len(row))):
            yield block.row + i, block.col + j, row[j]


def check_bounds(block: Block, sheet: str, path: str) -> list[RefusedWrite]:
    """Refusals for the cells of `block` beyond Excel's last row or column."""
    width = max(map(len, block.values), default=0)
    last_row, last_col = block.row + len(block.values) - 1, block.col + width - 1
    if block.row < 0 or block.col < 0:
        return [
            RefusedWrite(
                f"block position ({block.row}, {block.col}) is negative",
                f"写入位置 ({block.row}, {block.col}) 为负数",
                reason="out_of_grid",
                sheet=sheet,
                path=path,
            )
        ]
    if last_row >= MAX_ROWS or last_col >= MAX_COLS:
        return [
            RefusedWrite(
                "cannot write beyond Excel's last row 1,048,576 or last column XFD",
                "无法写到 Excel 最后一行 1,048,576 或最后一列 XFD 之外",
                reason="out_of_grid",
                sheet=sheet,
                cell=a1(min(last_row, MAX_ROWS - 1), min(last_col, MAX_COLS - 1)),
                path=path,
            )
        ]
    return []


def check_structure(
    blocks: Sequence[Block],
    sheet: str,
    tables: Sequence[Table],
    merges: Sequence[Rect],
    path: str,
    arrays: Sequence[tuple[Rect, str]] = (),
) -> list[RefusedWrite]:
    """Refusals for table headers, growing tables, merged non-anchor cells and the cells
    of array formulas and data tables (any value, None included)."""
    out: list[RefusedWrite] = []
    for block in blocks:
        for rng, kind in arrays:
            for r, c, _ in _cells_in(block, rng):
                out.append(formula_refusal(kind, sheet, a1(r, c), path))
        for t in tables:
            out += _table_refusals(block, t, sheet, path)
        for rng in merges:
            anchor = a1(rng[0], rng[1])
            ref = f"{anchor}:{a1(rng[2], rng[3])}"
            for r, c, v in _cells_in(block, rng):
                if v is not None and (r, c) != (rng[0], rng[1]):
                    out.append(
                        _refused(
                            "merged_cell",
                            f"cannot write here: the cell is inside merged cells {ref}; "
                            f"write to {anchor} instead",
                            f"无法写入：该单元格位于合并单元格 {ref} 内；请写入 {anchor}",
                            sheet,
                            a1(r, c),
                            path,
                        )
                    )
    return out


def _table_refusals(block: Block, t: Table, sheet: str, path: str) -> list[RefusedWrite]:
    """Writes into a table's header rows, or just below or right of it (it would grow)."""
    out = []
    r1, c1, r2, c2 = t.ref
    if t.header_rows:
        for r, c, _ in _cells_in(block, (r1, c1, r1 + t.header_rows - 1, c2)):
            out.append(
                _refused(
                    "table_header",
                    f"cannot write here: the cell is a header of table '{t.name}' ({t.ref_a1})",
                    f"无法写入：该单元格是表格“{t.name}”（{t.ref_a1}）的标题行",
                    sheet,
                    a1(r, c),
                    path,
                )
            )
    growth = [
        ((r2 + 1, c1, r2 + 1, c2), "below", "下方"),
        ((r1, c2 + 1, r2, c2 + 1), "right of", "右侧"),
    ]
    for zone, where, zh_where in growth:
        for r, c, v in _cells_in(block, zone):
            if v is not None:
                out.append(
                    _refused(
                        "table_grow",
                        f"cannot write here: the cell is just {where} table '{t.name}' "
                        f"({t.ref_a1}), which would have to grow; resize the table in "
                        "Excel (Table Design > Resize Table) or write elsewhere",
                        f"无法写入：该单元格紧邻表格“{t.name}”（{t.ref_a1}）{zh_where}，"
                        "写入需要扩展表格；请在 Excel 中调整表格大小或写到其他位置",
                        sheet,
                        a1(r, c),
                        path,
                    )
                )
    return out


def _refused(reason: str, en: str, zh: str, sheet: str, cell: str, path: str) -> RefusedWrite:
    return RefusedWrite(en, zh, reason=reason, sheet=sheet, cell=cell, path=path)


def combine(refusals: Sequence[RefusedWrite]) -> RefusedWrite:
    """The first refusal, carrying all the others (reported together, one per cell)."""
    seen: set[tuple[str | None, str | None]] = set()
    unique = []
    for r in refusals:
        key = (r.sheet, r.cell)
        if key not in seen or r.cell is None:
            seen.add(key)
            unique.append(r)
    first = unique[0]
    first.others = tuple(unique[1:])
    return first
