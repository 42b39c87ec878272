"""What every part of reading an assessment shares: the contract reader, the problems,
the places found so far, and the cell helpers they all use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.workbook import layout
from xlkpi.workbook.contract.find import FoundTable
from xlkpi.workbook.contract.reader import ContractReader
from xlkpi.workbook.layout import Kind, Label, Table
from xlkpi.workbook.read.places import Where
from xlkpi.workbook.values import CellParser, ValueIssue, parse_key


@dataclass
class ReadContext:
    """The state one read shares between its parts."""

    contract: ContractReader
    problems: Problems = field(default_factory=Problems)
    where: Where = field(default_factory=Where)
    unplaced: set[str] = field(default_factory=set)  # Roster IDs whose position is unknown

    def pname(self, code: str) -> str:
        """A position's name for messages (its code until Positions is read)."""
        return self.where.position_names.get(code) or code

    def table(self, table: Table) -> FoundTable | None:
        """Find a table's sheet, header row and columns; report what is missing."""
        sheet = self.where.sheets.get(table.sheet)
        if sheet is None:
            return None
        found = self.contract.table_on(table, sheet)
        first = table.first_required.label
        if found is None:
            rows = layout.HEADER_SEARCH_ROWS
            self.problems.error(
                "table.header_missing",
                f"Sheet '{sheet}' has no header row: none of its first {rows} "
                f"rows has a '{first.en}' (or '{first.zh}') column",
                f"“{sheet}”表找不到标题行：前{rows}行中没有“{first.zh}”（或“{first.en}”）列",
                Source(sheet, "A1"),
            )
            return None
        header = found.header_row
        for col in found.missing_required():
            self.problems.error(
                "table.column_missing",
                f"Sheet '{sheet}' has no '{col.label.en}' column (or '{col.label.zh}') "
                f"in its header row {header + 1}",
                f"“{sheet}”表第{header + 1}行（标题行）缺少“{col.label.zh}”"
                f"（或“{col.label.en}”）列",
                found.header_source,
            )
        return found

    def key(self, cells: CellParser, raw: Any, r: int, c: int | None, what: Label) -> str:
        """An identifier cell; "" (with a problem) when blank or unusable."""
        if c is None:
            return ""
        try:
            key = parse_key(raw)
        except ValueIssue as issue:
            cells.report(issue, r, c, what)
            return ""
        if not key:
            cells.required(r, c, what)
        return key


def text_cell(
    cells: CellParser, raw: Any, r: int, c: int, what: Label, required: bool = False
) -> str:
    """A text cell; plain strings take a fast path."""
    if raw.__class__ is str and "#" not in raw:
        text = raw.strip()
        if text or not required:
            return text
    return cells.parse(raw, r, c, Kind.TEXT, what, required=required) or ""


def key_or_blank(cells: CellParser, raw: Any, r: int, c: int, what: Label) -> str:
    """An optional identifier cell; "" when blank or unusable (reported)."""
    try:
        return parse_key(raw)
    except ValueIssue as issue:
        cells.report(issue, r, c, what)
        return ""
