"""What an import needs to know about the workbook it writes into.

Only the structure: which positions exist and on which data sheet each one is keyed, the
indicators of each position with their names in both languages, which input columns each
data sheet has (from its hidden key row), where each employee's row is, and where the
Roster table ends. Everything is found through the one contract reader
(`xlkpi.workbook.contract`), as Calculate finds it, so labels in any accepted spelling work
and no cell address is hard-coded here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import BookReader, a1
from xlkpi.workbook import layout, values
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.contract.find import FoundTable, NameIndex
from xlkpi.workbook.contract.reader import ContractReader
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
    """A position and the data sheet it is keyed on (the sheet's name in the workbook)."""

    code: str
    name: str
    sheet: str  # the data sheet's actual name in the workbook


@dataclass
class IndicatorInfo:
    """An indicator of a position, with the names an export's column may use for it."""

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
        """The column of employee IDs."""
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
    """One Roster row, as written."""

    id: str
    name: str
    position: str  # as written
    department: str
    team: str
    bonus_base: Any
    row: int


@dataclass
class RosterTable:
    """The Roster table: where it is, its rows by employee ID and its last row."""

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
        """Whether the Pay sheet's row holds nothing (or is past its end)."""
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

    index: NameIndex = field(default_factory=NameIndex, repr=False)  # positions by code/name

    def position_of(self, text: Any) -> Position | None:
        """The position whose code or name is `text` (as Calculate reads it: `NameIndex`)."""
        code = self.index.resolve(text)
        return None if code is None else self.positions.get(code)


def cell_at(row: list[Any], col: int | None) -> Any:
    """The cell in column `col` of `row`; None past its end or when `col` is None."""
    if col is None or col >= len(row):
        return None
    return row[col]


def cell_text(row: list[Any], col: int | None) -> str:
    """`cell_at` as stripped text; "" when blank."""
    return as_text(cell_at(row, col))


def _last_row(grid: list[list[Any]]) -> int:
    for r in range(len(grid) - 1, -1, -1):
        if any(not is_blank(v) for v in grid[r]):
            return r
    return -1


def workbook_lang(book: BookReader) -> str | None:
    """The workbook's language (`ContractReader.lang`), or None when nothing tells it."""
    contract = ContractReader(book)
    return contract.chosen_lang() or contract.named_lang()


def load_target(book: BookReader) -> Target:
    """Read the workbook's structure. Problems that stop an import are in `.problems`."""
    problems = Problems()
    contract = ContractReader(book)
    positions = _positions(contract, problems)
    index = NameIndex()
    for pos in positions.values():
        index.add(pos.code, pos.name)
    indicators = _indicators(contract, index, problems)
    data_sheets: dict[str, DataSheet] = {}
    for pos in positions.values():
        if pos.sheet not in data_sheets:
            ds = _data_sheet(contract, pos.sheet, problems)
            if ds is not None:
                data_sheets[pos.sheet] = ds
    roster = _roster(contract, problems)
    pay: PaySheet | None = None
    pay_name = contract.sheet("pay")
    if pay_name is not None:
        grid = contract.grid(pay_name)
        pay = PaySheet(pay_name, grid, find_pay_tables(pay_name, grid))
    return Target(contract.lang(), positions, indicators, data_sheets, roster, problems, pay, index)


def _found(contract: ContractReader, key: str, problems: Problems) -> FoundTable | None:
    """One of the workbook's own tables; None (reported) when its sheet or header is missing."""
    label = layout.SHEETS[key]
    sheet = contract.sheet(key)
    if sheet is None:
        problems.error(
            "import.no_sheet",
            f"the workbook has no {label.en} sheet ({label.zh}); is it an xlkpi workbook?",
            f"工作簿中没有“{label.zh}”工作表；这是 xlkpi 工作簿吗？",
        )
        return None
    found = contract.table_on(layout.TABLES[key], sheet)
    if found is None:
        first = layout.TABLES[key].first_required.label
        problems.error(
            "import.no_header",
            f"no header row with '{first.en}' / '{first.zh}' in the first "
            f"{layout.HEADER_SEARCH_ROWS} rows",
            f"前 {layout.HEADER_SEARCH_ROWS} 行中没有含“{first.zh}”的表头行",
            Source(sheet=sheet),
        )
    return found


def _positions(contract: ContractReader, problems: Problems) -> dict[str, Position]:
    """Positions by code, each with its data sheet as the workbook names it."""
    positions: dict[str, Position] = {}
    found = _found(contract, "positions", problems)
    if found is None:
        return positions
    cols = found.columns
    for r, rec in found.rows():
        code, name = as_text(rec.get("code")), as_text(rec.get("name"))
        data = as_text(rec.get("data_sheet"))
        if not code and not name:
            continue
        actual = contract.sheet_named(data)
        if actual is None:
            problems.error(
                "import.no_data_sheet",
                f"position {code or name}: data sheet '{data}' is not in the workbook",
                f"岗位 {code or name}：数据表“{data}”不在工作簿中",
                Source(sheet=found.sheet, cell=a1(r, cols.get("data_sheet", 0))),
            )
            continue
        positions[code or name] = Position(code or name, name or code, actual)
    return positions


def _indicators(
    contract: ContractReader, index: NameIndex, problems: Problems
) -> dict[str, list[IndicatorInfo]]:
    """Each position's indicators in sheet order (a blank position cell means "as above":
    it may be merged over its indicators)."""
    indicators: dict[str, list[IndicatorInfo]] = {code: [] for code in index.codes}
    found = _found(contract, "indicators", problems)
    if found is None:
        return indicators
    current = ""
    for _, rec in found.rows():
        code = as_text(rec.get("code"))
        if not code:
            continue
        written = as_text(rec.get("position"))
        if written:
            current = index.resolve(written) or ""
        if current:
            indicators[current].append(
                IndicatorInfo(
                    current,
                    code,
                    as_text(rec.get("name")),
                    as_text(rec.get("name_alt")),
                    as_text(rec.get("unit")),
                )
            )
    return indicators


def _roster(contract: ContractReader, problems: Problems) -> RosterTable:
    """The Roster's rows by employee ID (the first row of an ID wins: duplicates are
    `check`'s business) and where the table ends."""
    found = _found(contract, "roster", problems)
    if found is None:
        return RosterTable("", 0, {}, {}, 0)
    entries: dict[str, RosterEntry] = {}
    for r, rec in found.rows():
        emp = safe_id(rec.get("id"))
        if not emp or emp in entries:
            continue
        entries[emp] = RosterEntry(
            emp,
            as_text(rec.get("name")),
            as_text(rec.get("position")),
            as_text(rec.get("department")),
            as_text(rec.get("team")),
            rec.get("bonus_base"),
            r,
        )
    last = max(found.header_row, _last_row(found.grid))
    return RosterTable(found.sheet, found.header_row, found.columns, entries, last)


def as_text(value: Any) -> str:
    """A record's cell as stripped text; "" when blank."""
    return "" if is_blank(value) else str(value).strip()


def _data_sheet(contract: ContractReader, sheet: str, problems: Problems) -> DataSheet | None:
    key_row = contract.key_row(sheet)
    if key_row is None:
        problems.error(
            "import.no_key_row",
            "the data sheet has lost its hidden key row (the row starting with 'id'); "
            "rebuild it from the template",
            "数据表缺少隐藏的键行（以“id”开头的行）；请按模板重建该表",
            Source(sheet=sheet),
        )
        return None
    grid = contract.grid(sheet)
    columns = key_row.columns
    rows: dict[str, int] = {}
    for r in range(key_row.row + 1, len(grid)):
        emp = safe_id(cell_at(grid[r], columns["id"]))
        if emp:
            rows.setdefault(emp, r)
    last = max(key_row.row, _last_row(grid))
    return DataSheet(sheet, key_row.row, columns, key_row.headers(grid), rows, last, grid)
