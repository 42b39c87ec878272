"""What an import needs to know about the workbook it writes into.

Only the structure: which positions exist and on which data sheet each one is keyed, the
indicators of each position with their names in both languages, which input columns each
data sheet has (from its hidden key row), where each employee's row is, and where the
Roster table ends. Everything is found through `xlkpi.workbook.layout`, so labels in either
language work and no cell address is hard-coded here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import BookReader, a1
from xlkpi.workbook import layout, values
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.pay_read import PayTable, find_pay_tables
from xlkpi.workbook.values import is_blank


def safe_id(value: Any) -> str:
    """An employee id as `values.parse_key` reads it, with "" for an Excel error value
    (the workbook's own cells: `check` reports those)."""
    try:
        return values.parse_key(value)
    except values.ValueIssue:
        return ""


def norm_text(value: Any) -> str:
    """Cell text compared forgivingly (full-width, case, spaces), as layout compares labels."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return " ".join(text.replace("_", " ").split()).casefold()


@dataclass
class Position:
    code: str
    name: str
    sheet: str  # the data sheet's actual name in the workbook


@dataclass
class IndicatorInfo:
    position: str  # position code
    code: str
    name: str
    name_alt: str = ""
    unit: str = ""

    def names(self) -> set[str]:
        """Every text that names this indicator: code, names, 'code name'."""
        out = {norm_text(self.code), norm_text(self.name)}
        if self.name_alt:
            out.add(norm_text(self.name_alt))
        out.add(norm_text(f"{self.code} {self.name}"))
        out.discard("")
        return out


@dataclass
class DataSheet:
    """One position's data sheet: its input columns by key and its employee rows."""

    name: str
    key_row: int
    columns: dict[str, int]  # key ("CS1", "CS1@self", "D2#late", "id", "name") -> col
    headers: dict[str, str]  # key -> the visible header text above the key row
    rows: dict[str, int]  # employee id -> row
    last_row: int  # last row holding any value
    grid: list[list[Any]] = field(default_factory=list, repr=False)

    @property
    def id_col(self) -> int:
        return self.columns["id"]

    def input_keys(self, code: str) -> list[str]:
        """The input-column keys of one indicator on this sheet."""
        out = []
        for key in self.columns:
            dk = layout.parse_data_key(key)
            if dk and dk.kind in ("actual", "rater", "input") and dk.code == code:
                out.append(key)
        return out

    def money_keys(self) -> list[str]:
        """The pay-input columns (`m:<input>`) on this sheet."""
        return [key for key in self.columns if key.startswith(pl.MONEY_PREFIX)]


@dataclass
class RosterEntry:
    id: str
    name: str
    position: str  # as written
    department: str
    team: str
    bonus_base: Any
    row: int


@dataclass
class RosterTable:
    sheet: str
    header_row: int
    columns: dict[str, int]
    entries: dict[str, RosterEntry]
    last_row: int


@dataclass
class PaySheet:
    """The Pay sheet (薪酬): its grid and the tables an import may fill (by header row)."""

    name: str
    grid: list[list[Any]]
    tables: dict[str, PayTable]  # PAY_TABLES key -> the table as found

    def is_blank_row(self, row: int) -> bool:
        return row >= len(self.grid) or all(is_blank(v) for v in self.grid[row])


@dataclass
class Target:
    """The workbook's structure as an import sees it."""

    lang: str
    positions: dict[str, Position]  # code -> Position
    indicators: dict[str, list[IndicatorInfo]]  # position code -> indicators in order
    data_sheets: dict[str, DataSheet]  # sheet name -> DataSheet
    roster: RosterTable
    problems: Problems = field(default_factory=Problems)
    pay: PaySheet | None = None  # None: the workbook has no Pay sheet

    def position_of(self, text: Any) -> Position | None:
        """The position whose code or name is `text` (as Calculate reads it)."""
        t = layout.name_key(text)
        if not t:
            return None
        for pos in self.positions.values():
            if t in (layout.name_key(pos.code), layout.name_key(pos.name)):
                return pos
        return None


def _table(
    book: BookReader, names: list[str], key: str, problems: Problems
) -> tuple[str, list[list[Any]], int, dict[str, int]] | None:
    sheet = layout.find_sheet(key, names)
    label = layout.SHEETS[key]
    if sheet is None:
        problems.error(
            "import.no_sheet",
            f"the workbook has no {label.en} sheet ({label.zh}); is it an xlkpi workbook?",
            f"工作簿中没有“{label.zh}”工作表；这是 xlkpi 工作簿吗？",
        )
        return None
    table = layout.TABLES[key]
    grid = book.read_grid(sheet)
    header = layout.find_header_row(table, grid)
    if header is None:
        first = next(c for c in table.columns if c.required)
        problems.error(
            "import.no_header",
            f"no header row with '{first.label.en}' / '{first.label.zh}' in the first "
            f"{layout.HEADER_SEARCH_ROWS} rows",
            f"前 {layout.HEADER_SEARCH_ROWS} 行中没有含“{first.label.zh}”的表头行",
            Source(sheet=sheet),
        )
        return None
    return sheet, grid, header, layout.map_columns(table, grid[header])


def cell_at(row: list[Any], col: int | None) -> Any:
    """The cell in column `col` of `row`; None past its end or when `col` is None."""
    if col is None or col >= len(row):
        return None
    return row[col]


def cell_text(row: list[Any], col: int | None) -> str:
    """`cell_at` as stripped text; "" when blank."""
    v = cell_at(row, col)
    return "" if is_blank(v) else str(v).strip()


def _last_row(grid: list[list[Any]]) -> int:
    for r in range(len(grid) - 1, -1, -1):
        if any(not is_blank(v) for v in grid[r]):
            return r
    return -1


def workbook_lang(book: BookReader) -> str | None:
    """The Settings sheet's language choice, or None when it cannot be read."""
    names = book.sheet_names()
    sheet = layout.find_sheet("settings", names)
    if sheet is None:
        return None
    label = layout.SETTINGS_BY_KEY["lang"].label
    for row in book.read_grid(sheet):
        for i, v in enumerate(row[:-1]):
            if label.matches(v):
                return layout.choice_key("lang", row[i + 1])
    return None


def load_target(book: BookReader) -> Target:
    """Read the workbook's structure. Problems that stop an import are in `.problems`."""
    problems = Problems()
    names = book.sheet_names()
    lang = workbook_lang(book) or layout.DEFAULT_LANG

    positions: dict[str, Position] = {}
    found = _table(book, names, "positions", problems)
    if found:
        sheet, grid, header, cols = found
        for r in range(header + 1, len(grid)):
            row = grid[r]
            code, name = cell_text(row, cols.get("code")), cell_text(row, cols.get("name"))
            data = cell_text(row, cols.get("data_sheet"))
            if not code and not name:
                continue
            actual = layout.find_sheet_named(data, names)
            if actual is None:
                problems.error(
                    "import.no_data_sheet",
                    f"position {code or name}: data sheet '{data}' is not in the workbook",
                    f"岗位 {code or name}：数据表“{data}”不在工作簿中",
                    Source(sheet=sheet, cell=a1(r, cols.get("data_sheet", 0))),
                )
                continue
            positions[code or name] = Position(code or name, name or code, actual)

    def pos_code(text: str) -> str | None:
        t = layout.name_key(text)
        for p in positions.values():
            if t in (layout.name_key(p.code), layout.name_key(p.name)):
                return p.code
        return None

    indicators: dict[str, list[IndicatorInfo]] = {code: [] for code in positions}
    found = _table(book, names, "indicators", problems)
    if found:
        sheet, grid, header, cols = found
        current = ""
        for r in range(header + 1, len(grid)):
            row = grid[r]
            code = cell_text(row, cols.get("code"))
            if not code:
                continue
            # the position cell may be merged over its indicators: blank means "as above"
            written = cell_text(row, cols.get("position"))
            if written:
                current = pos_code(written) or ""
            if current:
                indicators[current].append(
                    IndicatorInfo(
                        current,
                        code,
                        cell_text(row, cols.get("name")),
                        cell_text(row, cols.get("name_alt")),
                        cell_text(row, cols.get("unit")),
                    )
                )

    data_sheets: dict[str, DataSheet] = {}
    for pos in positions.values():
        if pos.sheet not in data_sheets:
            ds = _data_sheet(book, pos.sheet, problems)
            if ds is not None:
                data_sheets[pos.sheet] = ds

    roster = RosterTable("", 0, {}, {}, 0)
    found = _table(book, names, "roster", problems)
    if found:
        sheet, grid, header, cols = found
        entries: dict[str, RosterEntry] = {}
        for r in range(header + 1, len(grid)):
            row = grid[r]
            emp = safe_id(cell_at(row, cols.get("id")))
            if not emp or emp in entries:
                continue  # duplicates are `check`'s business; the first row wins here
            entries[emp] = RosterEntry(
                emp,
                cell_text(row, cols.get("name")),
                cell_text(row, cols.get("position")),
                cell_text(row, cols.get("department")),
                cell_text(row, cols.get("team")),
                cell_at(row, cols.get("bonus_base")),
                r,
            )
        roster = RosterTable(sheet, header, cols, entries, max(header, _last_row(grid)))
    pay: PaySheet | None = None
    pay_name = layout.find_sheet("pay", names)
    if pay_name is not None:
        grid = book.read_grid(pay_name) or []
        pay = PaySheet(pay_name, grid, find_pay_tables(pay_name, grid))
    return Target(lang, positions, indicators, data_sheets, roster, problems, pay)


def _data_sheet(book: BookReader, sheet: str, problems: Problems) -> DataSheet | None:
    grid = book.read_grid(sheet)
    key_row = layout.find_key_row(grid)
    if key_row is None:
        problems.error(
            "import.no_key_row",
            "the data sheet has lost its hidden key row (the row starting with 'id'); "
            "rebuild it from the template",
            "数据表缺少隐藏的键行（以“id”开头的行）；请按模板重建该表",
            Source(sheet=sheet),
        )
        return None
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    header_row = grid[key_row - 1] if key_row > 0 else []
    for c, v in enumerate(grid[key_row]):
        dk = layout.parse_data_key(v)
        if dk is None:
            continue
        key = str(v).strip()
        columns.setdefault(key, c)
        headers.setdefault(key, cell_text(header_row, c))
    rows: dict[str, int] = {}
    for r in range(key_row + 1, len(grid)):
        emp = safe_id(cell_at(grid[r], columns["id"]))
        if emp:
            rows.setdefault(emp, r)
    return DataSheet(sheet, key_row, columns, headers, rows, max(key_row, _last_row(grid)), grid)
