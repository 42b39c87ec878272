"""Each position's data sheet: found through its hidden key row, one row per employee;
the entries themselves are read column by column in `entries`, and handed on as the
columns they are (`core.columns`)."""

from __future__ import annotations

from operator import attrgetter, itemgetter
from typing import Any

from xlkpi.core.columns import EntryColumn, EntryColumns
from xlkpi.core.model import Employee, Indicator, ScoredBy
from xlkpi.core.problems import Source
from xlkpi.io.cells import a1, column_letter
from xlkpi.workbook import layout
from xlkpi.workbook.contract.find import is_blank
from xlkpi.workbook.read.context import ReadContext
from xlkpi.workbook.read.entries import SheetRows, indicator_entries
from xlkpi.workbook.read.places import DataSheetPlace
from xlkpi.workbook.read.positions import Positions
from xlkpi.workbook.values import CellParser, ValueIssue, distinct_keys, parse_key

_INPUT_KINDS = ("actual", "rater", "input", "money")


def read_data_sheets(
    ctx: ReadContext, positions: Positions, indicators: list[Indicator], employees: list[Employee]
) -> EntryColumns:
    """Every input entry of every position's data sheet, in sheet order."""
    entries: list[EntryColumn] = []
    by_position: dict[str, list[Indicator]] = {}
    for ind in indicators:
        by_position.setdefault(ind.position, []).append(ind)
    roster = {e.id: e for e in employees}
    staff: dict[str, list[Employee]] = {}  # position -> its employees, in roster order
    for e in roster.values():
        staff.setdefault(e.position, []).append(e)
    used_by: dict[str, str] = {}
    for code, sheet_text in positions.sheets.items():
        sheet = _data_sheet_of(ctx, positions, code, sheet_text, used_by)
        if sheet is not None:
            used_by[sheet] = code
            inds = by_position.get(code, [])
            _data_sheet(ctx, sheet, code, inds, roster, staff.get(code, []), entries)
    return EntryColumns(entries)


def _data_sheet_of(
    ctx: ReadContext, positions: Positions, code: str, text: str, used_by: dict[str, str]
) -> str | None:
    """The sheet a position's Data sheet cell names; None (reported) when it names none
    or one another position already uses."""
    src = positions.sheet_sources[code]
    if not text:
        ctx.problems.error(
            "positions.no_data_sheet",
            f"Position {ctx.pname(code)} names no data sheet",
            f"岗位“{ctx.pname(code)}”没有填写数据表",
            src,
        )
        return None
    sheet = ctx.contract.sheet_named(text)
    if sheet is None:
        ctx.problems.error(
            "positions.data_sheet_missing",
            f"Position {ctx.pname(code)}: the workbook has no sheet named '{text}'",
            f"岗位“{ctx.pname(code)}”：工作簿中没有名为“{text}”的工作表",
            src,
        )
        return None
    if sheet in used_by:
        ctx.problems.error(
            "positions.data_sheet_shared",
            f"Sheet '{sheet}' is the data sheet of both {used_by[sheet]} and {code}; "
            "give each position its own sheet",
            f"“{sheet}”同时是岗位{used_by[sheet]}和{code}的数据表；每个岗位需要单独的数据表",
            positions.sheet_sources[used_by[sheet]],
            src,
        )
        return None
    return sheet


def _data_sheet(
    ctx: ReadContext,
    sheet: str,
    position: str,
    indicators: list[Indicator],
    roster: dict[str, Employee],
    staff: list[Employee],
    entries: list[EntryColumn],
) -> None:
    place = _place(ctx, sheet, position)
    if place is None:
        return
    _check_keys(ctx, place, indicators)
    rows = _employee_rows(ctx, place, ctx.contract.grid(sheet), roster)
    for emp in staff:  # (the position's employees)
        if emp.id not in place.rows:
            ctx.problems.error(
                "data.employee_missing",
                f"{emp.id} {emp.name} ({ctx.pname(position)}) has no row on data sheet '{sheet}'",
                f"{emp.id} {emp.name}（{ctx.pname(position)}）在数据表“{sheet}”中没有数据行",
                emp.source,
                Source(sheet),
            )
    for ind in indicators:
        indicator_entries(ctx.problems, place, ind, rows, entries)


def _place(ctx: ReadContext, sheet: str, position: str) -> DataSheetPlace | None:
    """The sheet's key row and key columns; None (reported) without a key row."""
    key_row = ctx.contract.key_row(sheet)
    if key_row is None:
        rows = layout.HEADER_SEARCH_ROWS
        ctx.problems.error(
            "data.key_row_missing",
            f"Data sheet '{sheet}' has no key row: a row (among the first {rows}) whose "
            "column A is 'id'. It may have been deleted; rebuild the sheet from the template",
            f"数据表“{sheet}”缺少键行（前{rows}行中 A 列为“id”的行），可能被删除了；请按模板重建该表",
            Source(sheet, "A1"),
        )
        return None
    place = DataSheetPlace(sheet, position, key_row.row, len(ctx.contract.grid(sheet)))
    place.columns = key_row.columns
    ctx.where.data[position] = place
    for key, first, again in key_row.duplicates:
        ctx.problems.error(
            "data.key_duplicate",
            f"Data sheet '{sheet}': key '{key}' appears in two columns of the key row",
            f"数据表“{sheet}”：键“{key}”在键行中出现了两次",
            Source(sheet, a1(key_row.row, first)),
            Source(sheet, a1(key_row.row, again)),
        )
    return place


def _employee_rows(
    ctx: ReadContext, place: DataSheetPlace, grid: list[list[Any]], roster: dict[str, Employee]
) -> SheetRows:
    """The rows of employees on this sheet's position, each recorded in `place.rows`."""
    every = _usual_rows(place, grid, roster)
    if every is not None:
        return every
    sheet, position = place.sheet, place.position
    id_col = place.columns["id"]  # the key row is found by its "id" in column A
    input_cols = sorted(
        c
        for k, c in place.columns.items()
        if (dk := layout.parse_data_key(k)) is not None and dk.kind in _INPUT_KINDS
    )
    letter_id = column_letter(id_col)
    rows = SheetRows([], [], [], [])
    width = max(place.columns.values()) + 1
    for r in range(place.key_row + 1, len(grid)):
        row = grid[r]
        if len(row) < width:  # an adapter that does not pad its rows
            row = list(row) + [None] * (width - len(row))
        raw = row[id_col]
        if raw is None or (raw.__class__ is str and not raw.strip()):  # (is_blank, inlined)
            filled = [c for c in input_cols if c < len(row) and not is_blank(row[c])]
            if filled:
                ctx.problems.error(
                    "data.no_id",
                    f"Row {r + 1} of '{sheet}' has values but no employee ID",
                    f"“{sheet}”第{r + 1}行有数据但没有工号",
                    Source(sheet, f"{letter_id}{r + 1}"),
                    Source(sheet, a1(r, filled[0])),
                )
            continue
        try:
            eid = parse_key(raw)
        except ValueIssue as issue:
            CellParser(sheet, ctx.problems).report(issue, r, id_col, layout.FIXED_COLUMNS[0][1])
            continue
        emp = roster.get(eid)
        usual = emp is not None and emp.position == position and eid not in place.rows
        # (what `_belongs` says of the usual row, without making the Source it may report)
        if usual or _belongs(ctx, place, roster, eid, Source(sheet, f"{letter_id}{r + 1}")):
            place.rows[eid] = r
            rows.indices.append(r)
            rows.ids.append(eid)
            rows.numbers.append(r + 1)
            rows.body.append(row)
    return rows


def _usual_rows(
    place: DataSheetPlace, grid: list[list[Any]], roster: dict[str, Employee]
) -> SheetRows | None:
    """`_employee_rows` of the usual sheet, a column at a time: every row below the key
    row holds the ID (text) of a different employee on the Roster with this sheet's
    position, so no row is left out or reported. None for any other sheet."""
    first = place.key_row + 1
    body = grid[first:]
    if not body or min(map(len, body)) <= max(place.columns.values()) or place.rows:
        return None  # (no rows, rows not padded, or rows found already: rare)
    eids = distinct_keys(list(map(itemgetter(place.columns["id"]), body)))
    if eids is None:
        return None
    employees = list(map(roster.get, eids))
    if set(map(type, employees)) != {Employee}:
        return None  # (an ID not on the Roster, or on it without a known position)
    if set(map(attrgetter("position"), employees)) != {place.position}:
        return None
    index = range(first, first + len(body))
    place.rows.update(zip(eids, index, strict=True))
    return SheetRows(list(index), eids, list(range(first + 1, first + 1 + len(body))), body)


def _belongs(
    ctx: ReadContext, place: DataSheetPlace, roster: dict[str, Employee], eid: str, src: Source
) -> bool:
    """Whether an ID's row is read: its first row, on the Roster, of this position."""
    sheet, position = place.sheet, place.position
    emp = roster.get(eid)
    if eid in place.rows:
        ctx.problems.error(
            "data.duplicate",
            f"Employee {eid} has two rows on '{sheet}'; only the first is used",
            f"员工{eid}在“{sheet}”中有两行，只使用第一行",
            Source(sheet, a1(place.rows[eid], place.columns["id"])),
            src,
        )
        return False
    if emp is None and eid in ctx.unplaced:
        return False  # on the Roster with a position that is reported at its cell
    if emp is None:
        ctx.problems.error(
            "data.unknown_employee",
            f"Employee ID '{eid}' on '{sheet}' is not on the Roster sheet",
            f"“{sheet}”中的工号“{eid}”不在“人员”表中",
            src,
        )
        return False
    if emp.position != position:
        ctx.problems.error(
            "data.wrong_position",
            f"{eid} {emp.name} is on the data sheet of position {ctx.pname(position)}, "
            f"but the Roster gives position {ctx.pname(emp.position)}",
            f"{eid} {emp.name}在岗位“{ctx.pname(position)}”的数据表中，但“人员”表中的岗位是"
            f"“{ctx.pname(emp.position)}”",
            src,
            emp.source,
        )
        return False
    return True


def _check_keys(ctx: ReadContext, place: DataSheetPlace, indicators: list[Indicator]) -> None:
    """Columns for every indicator; key-row codes that name no indicator."""
    codes = {i.code for i in indicators}
    sheet = place.sheet
    for key, c in place.columns.items():
        dk = layout.parse_data_key(key)
        if (
            dk is not None
            and dk.kind in ("actual", "rater", "input")
            and dk.code not in codes
            and (place.position, dk.code) not in ctx.where.listed_codes
        ):
            ctx.problems.warning(
                "data.key_unknown",
                f"Column {column_letter(c)} of '{sheet}' has key '{key}', but position "
                f"{place.position} has no indicator '{dk.code}'; the column is ignored",
                f"“{sheet}”第{column_letter(c)}列的键为“{key}”，但岗位{place.position}"
                f"没有指标“{dk.code}”，该列被忽略",
                Source(sheet, a1(place.key_row, c)),
            )
    for ind in indicators:
        wanted = _wanted_keys(ind)
        missing = [k for k in wanted if k not in place.columns]
        if ind.scored_by is ScoredBy.RATERS:
            present = [k for k in wanted if k in place.columns]
            missing = [] if present else wanted[:3]
        if missing:
            ctx.problems.error(
                "data.column_missing",
                f"Data sheet '{sheet}' has no column for indicator {ind.name} "
                f"(key row {place.key_row + 1} needs: {', '.join(missing)})",
                f"数据表“{sheet}”缺少指标“{ind.name}”的列（第{place.key_row + 1}行"
                f"键行需要：{'、'.join(missing)}）",
                Source(sheet, a1(place.key_row, 0)),
                ind.source,
            )


def _wanted_keys(ind: Indicator) -> list[str]:
    if ind.scored_by is ScoredBy.RATERS:
        return [layout.rater_key(ind.code, r) for r in layout.STANDARD_RATERS]
    inputs = ind.rule.inputs if ind.rule is not None else ("value",)
    if inputs == ("value",):
        return [layout.actual_key(ind.code)]
    return [layout.input_key(ind.code, name) for name in inputs]
