"""The import mapping: how each source's columns go into the workbook, remembered in the
workbook itself (sheet 导入映射 / Import mapping) so that later months import unasked.

One row per source column:

- 来源文件 / Source file: a file-name pattern. Import writes the file's name with every run
  of digits as `*`, so 工单导出_202610.csv and 工单导出_202611.csv share 工单导出_*.csv; a
  blank pattern or `*` applies to every file (an alias HR adds once).
- 来源工作表 / Source sheet: the sheet of an XLSX export (blank: any).
- 来源列 / Source column: the header as the export writes it (two-row headers joined).
- 导入到 / Imports into: 工号, 姓名 (or another roster column), an indicator by code or
  name, with its rater or input where it has several columns ("服务态度 自评"), or 不导入.
- 单位 / Unit: the unit of the source column; minutes and hours are converted to the
  indicator's unit.
- 说明 / Note: how import matched the column (written by import, for HR to read).

HR corrects a row and imports again; rows the table already has are used as they are.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import Block, BookReader, CellInput, a1
from xlkpi.workbook import layout
from xlkpi.workbook.contract.reader import ContractReader

from .headers import HeaderCell, norm_key, parse_header, unit_of
from .target import as_text

TABLE = layout.TABLES["mapping"]
IGNORE = layout.Label("不导入", "Do not import")
IGNORE_WORDS = frozenset(
    norm_key(w)
    for w in ("不导入", "忽略", "跳过", "无", "ignore", "skip", "none", "do not import", "-")
)
TITLE_ROW, HEADER_ROW = 0, 2  # as the template tables (authoring.sheets.tables)


def file_pattern(name: str) -> str:
    """The pattern a file's later months share: digit runs as `*` (报表_202610.csv ->
    报表_*.csv, ticket-2026-10.csv -> ticket-*-*.csv)."""
    return re.sub(r"\*+", "*", re.sub(r"\d+", "*", name))


@dataclass
class MappingRow:
    """One row of the mapping table: a source column and where it goes."""

    pattern: str
    sheet: str
    source: str
    target: str  # as written; IGNORE words mean "do not import"
    unit: str
    row: int = -1  # 0-based row on the mapping sheet; -1 for a row to add
    note: str = ""

    @property
    def ignored(self) -> bool:
        """Whether the row says "do not import" (不导入, or nothing)."""
        return norm_key(self.target) in IGNORE_WORDS or not self.target.strip()

    def matches_file(self, name: str, sheet: str | None) -> bool:
        """Whether the row applies to a file name (a pattern: 工单导出_*.csv) and sheet."""
        pattern = self.pattern.strip() or "*"
        if not fnmatch.fnmatchcase(name.casefold(), pattern.casefold()):
            return False
        return not self.sheet.strip() or (sheet or "").casefold() == self.sheet.strip().casefold()

    def matches_column(self, cell: HeaderCell) -> bool:
        """Whether the row's source column is this header (as written or as matched)."""
        key = norm_key(self.source)
        return bool(key) and (
            key == norm_key(cell.text) or parse_header(self.source).key in cell.match_keys()
        )


@dataclass
class Mapping:
    """The mapping sheet of a workbook (or the one an import will add)."""

    sheet: str  # the sheet's name (in the workbook's language when it is to be added)
    exists: bool
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[MappingRow] = field(default_factory=list)
    last_row: int = HEADER_ROW
    added: list[MappingRow] = field(default_factory=list)

    def for_file(self, name: str, sheet: str | None) -> list[MappingRow]:
        """The rows for a file, the most specific pattern first."""
        rows = [r for r in self.rows if r.matches_file(name, sheet)]
        return sorted(rows, key=lambda r: (r.pattern.count("*") - len(r.pattern), r.row))

    def sheet_for(self, name: str) -> str | None:
        """The source sheet the table names for an XLSX file, if any."""
        for r in self.rows:
            if r.sheet.strip() and fnmatch.fnmatchcase(name.casefold(), r.pattern.casefold()):
                return r.sheet.strip()
        return None

    def place(self, row: MappingRow, key: str) -> Source:
        """The cell of `row`'s column `key` ("target", "unit") on the mapping sheet."""
        return Source(self.sheet, a1(row.row, self.columns.get(key, 0)))


def read_mapping(book: BookReader, lang: str) -> Mapping:
    """The workbook's mapping table; an empty one (to be added) when it has none."""
    contract = ContractReader(book)
    sheet = contract.sheet("mapping")
    if sheet is None:
        return Mapping(layout.sheet_name("mapping", lang), exists=False)
    table = contract.table_on(TABLE, sheet)
    if table is None:  # a sheet of that name without the table: leave it alone
        return Mapping(sheet, exists=True, last_row=-1)
    rows: list[MappingRow] = []
    last = table.header_row
    for r, raw in table.rows():  # the rows holding anything
        last = r
        rec = {k: as_text(v) for k, v in raw.items()}
        if not rec.get("source"):
            continue
        rows.append(
            MappingRow(
                rec.get("pattern", ""),
                rec.get("sheet", ""),
                rec["source"],
                rec.get("target", ""),
                rec.get("unit", ""),
                r,
                rec.get("note", ""),
            )
        )
    return Mapping(sheet, True, table.columns, rows, last)


def mapped_columns(
    mapping: Mapping, rows: list[MappingRow], cells: list[HeaderCell], problems: Problems
) -> tuple[dict[int, tuple[str, str]], dict[int, MappingRow]]:
    """The columns the mapping decides: col -> (target, unit), target "" for 不导入; and
    the row that decided each. A unit HR wrote that is no unit is reported at its cell."""
    out: dict[int, tuple[str, str]] = {}
    used: dict[int, MappingRow] = {}
    for cell in cells:
        if not cell.headers:
            continue
        row = next((r for r in rows if r.matches_column(cell)), None)
        if row is None:
            continue
        unit = unit_of(row.unit) if row.unit.strip() else ""
        if row.unit.strip() and not unit:
            problems.error(
                "import.mapping_unit",
                f"unit '{row.unit}' of column '{row.source}' is none of 秒, 分钟, 小时, %, 元",
                f"列“{row.source}”的单位“{row.unit}”不是秒、分钟、小时、%、元之一",
                mapping.place(row, "unit"),
            )
        out[cell.col] = ("" if row.ignored else row.target.strip(), unit)
        used[cell.col] = row
    return out, used


def mapping_blocks(mapping: Mapping, lang: str) -> tuple[list[Block], list[str]]:
    """The blocks adding `mapping.added` below the table (and the sheet's title and header
    when the workbook has no mapping sheet yet), and the sheets to add."""
    if not mapping.added or mapping.last_row < 0:
        return [], []
    blocks: list[Block] = []
    ensure: list[str] = []
    cols = mapping.columns
    if not mapping.exists:
        ensure.append(mapping.sheet)
        blocks.append(Block(mapping.sheet, TITLE_ROW, 0, [[layout.MAPPING_TITLE(lang)]]))
        blocks.append(Block(mapping.sheet, TITLE_ROW + 1, 0, [[layout.MAPPING_HINT(lang)]]))
        blocks.append(Block(mapping.sheet, HEADER_ROW, 0, [[c.label(lang) for c in TABLE.columns]]))
        cols = {c.key: i for i, c in enumerate(TABLE.columns)}
    width = max(cols.values()) + 1
    for n, row in enumerate(mapping.added, mapping.last_row + 1):
        rec = {
            "pattern": row.pattern,
            "sheet": row.sheet,
            "source": row.source,
            "target": row.target,
            "unit": row.unit,
            "note": row.note,
        }
        line: list[CellInput] = [None] * width
        for key, c in cols.items():
            line[c] = rec.get(key) or None
        blocks.append(Block(mapping.sheet, n, 0, [line]))
        row.row = n
    return blocks, ensure
