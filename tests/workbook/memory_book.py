"""An in-memory workbook: a BookReader and BookWriter over a dict of grids.

Writes are applied to the grids (so a second read sees them, as in Excel) and recorded
in `writes` (one list of blocks per `write` call), so tests can check exactly what was
written. `fail_with` makes the next write raise, to test the all-or-nothing path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlkpi.io.cells import Block, Formula, Styled


def plain(value: Any) -> Any:
    """What a reader would give back for a written cell value."""
    if isinstance(value, Styled):
        return value.value
    if isinstance(value, Formula):
        return value.cached
    return value


class MemoryBook:
    def __init__(self, sheets: dict[str, list[list[Any]]] | None = None) -> None:
        self.grids: dict[str, list[list[Any]]] = {
            name: [list(row) for row in grid] for name, grid in (sheets or {}).items()
        }
        self.writes: list[list[Block]] = []
        self.ensured: list[str] = []
        self.fail_with: Exception | None = None

    # BookReader
    def sheet_names(self) -> list[str]:
        return list(self.grids)

    def read_grid(self, sheet: str) -> list[list[Any]]:
        grid = self.grids[sheet]
        width = max((len(r) for r in grid), default=0)
        return [list(r) + [None] * (width - len(r)) for r in grid]

    # BookWriter
    def write(self, blocks: Sequence[Block], *, ensure_sheets: Sequence[str] = ()) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        for name in ensure_sheets:
            if name not in self.grids:
                self.grids[name] = []
                self.ensured.append(name)
        for b in blocks:
            if b.sheet not in self.grids:
                raise KeyError(f"no sheet {b.sheet!r}")
        self.writes.append(list(blocks))
        for b in blocks:
            grid = self.grids[b.sheet]
            for i, row in enumerate(b.values):
                r = b.row + i
                while len(grid) <= r:
                    grid.append([])
                line = grid[r]
                for j, v in enumerate(row):
                    c = b.col + j
                    while len(line) <= c:
                        line.append(None)
                    line[c] = v

    # helpers for tests
    def cell(self, sheet: str, ref: str, *, raw: bool = False) -> Any:
        from xlkpi.io.cells import parse_a1

        r, c = parse_a1(ref)
        grid = self.grids[sheet]
        if r >= len(grid) or c >= len(grid[r]):
            return None
        v = grid[r][c]
        return v if raw else plain(v)

    def column(self, sheet: str, col: int, start: int = 0) -> list[Any]:
        return [plain(row[col]) if col < len(row) else None for row in self.grids[sheet][start:]]

    def written_cells(self) -> dict[tuple[str, int, int], Any]:
        """Every cell written by the last write call: (sheet, row, col) -> value."""
        out: dict[tuple[str, int, int], Any] = {}
        for b in self.writes[-1] if self.writes else []:
            for i, row in enumerate(b.values):
                for j, v in enumerate(row):
                    out[(b.sheet, b.row + i, b.col + j)] = v
        return out
