"""Turning export files into the blocks one atomic write puts into the workbook.

`plan_import` reads every file, checks every row against the workbook (known employees and
indicators, one value per employee and input column across all files, numbers that parse)
and returns either problems (then nothing may be written) or the blocks: new Roster rows
below the last, updated Roster cells, data-sheet rows appended for employees not yet on
their position's sheet, and the values themselves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlkpi.core.model import Rater
from xlkpi.core.problems import Problem, Problems, Source
from xlkpi.io.cells import Block, BookReader, CellInput, Styled
from xlkpi.io.errors import WorkbookError
from xlkpi.workbook import layout, values
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.stale import not_current_blocks

from . import pay
from .forms import Detected, Form, Resolver, detect, find_header, find_pay_header, norm_key
from .sources import ExportError, ExportTable, Row, place_text, read_export
from .target import Target, cell_at, cell_text, is_blank, load_target, norm_text


@dataclass
class FileReport:
    """What was found in one file."""

    path: Path
    form: Form | None
    rows: int = 0  # data rows read (blank rows not counted)
    values: int = 0
    roster_rows: int = 0
    encoding: str | None = None
    sheet: str | None = None


@dataclass
class ImportPlan:
    """The outcome of planning an import: problems, and the blocks when there are none."""

    problems: Problems
    blocks: list[Block] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    roster_added: int = 0
    roster_updated: int = 0
    rows_appended: int = 0  # data-sheet rows added
    values: int = 0  # value cells written
    overwritten: int = 0  # of which replaced a different existing value
    lang: str = layout.DEFAULT_LANG

    @property
    def ok(self) -> bool:
        return not self.problems.has_errors


@dataclass
class _NewEmployee:
    id: str
    name: str
    position: str  # position code
    department: str
    team: str
    bonus_base: Decimal | None
    source: Source


@dataclass
class _Value:
    sheet: str
    employee: str
    key: str
    value: CellInput
    source: Source


Progress = Callable[..., None]


def plan_import(
    book: BookReader, paths: Sequence[str | os.PathLike[str]], progress: Progress | None = None
) -> ImportPlan:
    """Read and check every export; build the blocks when nothing is wrong.

    Args:
        book: the workbook to import into (read only here).
        paths: CSV or XLSX export files, in any order; roster files are applied first.
        progress: optional callback `progress(stage, done, total)`.
    Returns:
        An ImportPlan; `plan.ok` tells whether `plan.blocks` may be written.
    """
    report = progress or (lambda *a, **k: None)
    report("reading workbook")
    target = load_target(book)
    plan = ImportPlan(target.problems, lang=target.lang)
    if target.problems.has_errors:
        return plan
    resolver = Resolver(target)
    problems = plan.problems

    tables: list[tuple[ExportTable, Detected, FileReport]] = []
    for n, path in enumerate(paths, 1):
        report("reading files", n, len(paths))
        try:
            table = read_export(path)
        except ExportError as exc:
            problems.extend(exc.problems)
            continue
        except WorkbookError as exc:
            problems.extend([_file_problem(exc, Path(path))])
            continue
        found = _detect(table, resolver, problems)
        if found is not None:
            rep = FileReport(table.path, found.form, encoding=table.encoding, sheet=table.sheet)
            plan.files.append(rep)
            tables.append((table, found, rep))

    report("checking rows")
    new: dict[str, _NewEmployee] = {}
    updates: list[tuple[int, int, CellInput, Source]] = []  # roster row, col, value, where
    seen: dict[str, Source] = {}  # employee id -> first roster row, across files
    for table, found, rep in tables:
        if found.form is Form.ROSTER:
            _roster(table, found, rep, target, new, updates, seen, problems)

    known: dict[str, tuple[str, str]] = {}  # employee id -> (position code, name)
    for emp in target.roster.entries.values():
        pos = target.position_of(emp.position)
        if pos is not None:
            known[emp.id] = (pos.code, emp.name)
    for emp in new.values():
        known[emp.id] = (emp.position, emp.name)
    unplaced = {e.id: e.position for e in target.roster.entries.values() if e.id not in known}

    cells: dict[tuple[str, str, str], _Value] = {}
    pay_writes = pay.PayWrites()
    for table, found, rep in tables:
        if found.form is Form.LONG:
            _long(table, found, rep, target, resolver, known, unplaced, cells, problems)
        elif found.form is Form.WIDE:
            _wide(table, found, rep, target, resolver, known, unplaced, cells, problems)
        elif found.form is Form.PAY:
            rep.rows, rep.values = pay.read_rows(table, found, target, pay_writes, problems)
    pay.place_rows(target, pay_writes, problems)

    if problems.has_errors:
        return plan
    report("preparing the write")
    _blocks(plan, target, new, updates, cells)
    _pay_blocks(plan, target, pay_writes)
    if plan.blocks:  # the results no longer match the inputs
        plan.blocks += not_current_blocks(book, target.lang)
    return plan


# --- problems ----------------------------------------------------------------------------


def _file_problem(exc: WorkbookError, path: Path) -> Problem:
    return Problem(
        exc.to_problem().severity,
        exc.code,
        exc.message_en,
        exc.message_zh,
        (Source(file=path.name, sheet=exc.sheet, cell=exc.cell),),
    )


def _detect(table: ExportTable, resolver: Resolver, problems: Problems) -> Detected | None:
    rows = [r.cells for r in table.rows]
    where = Source(file=table.name, sheet=table.sheet)
    if not any(not is_blank(v) for r in rows for v in r):
        problems.error("import.empty", "the file is empty", "文件是空的", where)
        return None
    header = find_header(rows)
    if header is None and (found := find_pay_header(rows)) is not None:
        return _detect_pay(table, found, resolver.target, problems)
    if header is None:
        problems.error(
            "import.no_id_column",
            f"no employee-id column in the first {layout.HEADER_SEARCH_ROWS} rows; the header "
            "row needs a column named 工号 / 员工编号 / employee_id",
            f"前 {layout.HEADER_SEARCH_ROWS} 行中找不到员工编号列；表头需要一列名为"
            "“工号”、“员工编号”或“employee_id”",
            where,
        )
        return None
    found = detect(rows[header], resolver, header)
    if found is None:
        problems.error(
            "import.form",
            "cannot tell what the file holds: expected a long form (工号, 指标, 值[, 评分人]), "
            "a wide form (工号 plus one column per indicator) or a roster (工号, 姓名, 部门, "
            "班组, 岗位, 奖金基数)",
            "无法判断文件内容：应为长表（工号、指标、值[、评分人]）、宽表（工号加每个指标一列）"
            "或人员名单（工号、姓名、部门、班组、岗位、奖金基数）",
            table.source(table.rows[header].number),
        )
        return None
    if not _shape_ok(table, header, problems):
        return None
    for col, text in found.unknown.items():
        if found.form in (Form.ROSTER, Form.LONG):
            kind = (
                ("a roster", "人员名单") if found.form is Form.ROSTER else ("a long-form", "长表")
            )
            problems.warning(
                "import.column_ignored",
                f"column '{text}' is not {kind[0]} column; it is not imported",
                f"“{text}”不是{kind[1]}的列，不导入",
                table.source(table.rows[header].number, col),
            )
        elif found.form is Form.WIDE:
            problems.error(
                "import.unknown_column",
                f"column '{text}' names no indicator of this workbook (by code, Chinese or "
                "English name, optionally followed by 自评/考评/审评 or self/reviewer/approver)",
                f"列“{text}”不是本工作簿的指标（按指标编码或中英文名称，后面可接自评/考评/审评）",
                table.source(table.rows[header].number, col),
            )
    return found


_SHOWN_ROWS = 5  # rows named one by one before the rest are counted


def _shape_ok(table: ExportTable, header: int, problems: Problems) -> bool:
    """Refuse a file whose header names a column twice, or whose rows hold more values than
    the header has columns (a value with an unquoted comma shifts everything after it)."""
    cells = table.rows[header].cells
    seen: dict[str, int] = {}
    ok = True
    for c, v in enumerate(cells):
        if is_blank(v):
            continue
        key = norm_key(v)
        if key in seen:
            problems.error(
                "import.duplicate_column",
                f"the column '{str(v).strip()[:40]}' appears twice in the header; keep one",
                f"表头中“{str(v).strip()[:40]}”列出现了两次；请只保留一列",
                table.source(table.rows[header].number, c),
            )
            ok = False
        seen.setdefault(key, c)
    width = max((c + 1 for c, v in enumerate(cells) if not is_blank(v)), default=0)
    long_rows = [
        row for row in table.rows[header + 1 :] if any(not is_blank(v) for v in row.cells[width:])
    ]
    for row in long_rows[:_SHOWN_ROWS]:
        extra = sum(1 for v in row.cells[width:] if not is_blank(v))
        problems.error(
            "import.extra_fields",
            f"the row has {extra} more value(s) than the header has columns ({width}); a value "
            "holding the delimiter (such as 1,234) must be quoted, or the header is missing a "
            "column",
            f"该行比表头（{width} 列）多出 {extra} 个值；含分隔符的值（如 1,234）需加引号，"
            "或表头缺少列",
            table.source(row.number),
        )
    if len(long_rows) > _SHOWN_ROWS:
        problems.error(
            "import.extra_fields",
            f"{len(long_rows) - _SHOWN_ROWS} more rows have more values than the header",
            f"另有 {len(long_rows) - _SHOWN_ROWS} 行的值多于表头列数",
            table.source(long_rows[_SHOWN_ROWS].number),
        )
    return ok and not long_rows


def _detect_pay(
    table: ExportTable, found: Detected, target: Target, problems: Problems
) -> Detected | None:
    """A Pay-table file: the workbook needs a Pay sheet holding that table."""
    title = pl.PAY_TABLE_TITLES[found.table]
    where = table.source(table.rows[found.header_row].number)
    sheet = layout.SHEETS["pay"]
    if target.pay is None:
        problems.error(
            "import.no_pay_sheet",
            f"the file holds '{title.en}' rows, but the workbook has no {sheet.en} sheet "
            f"({sheet.zh})",
            f"文件中是“{title.zh}”数据，但工作簿中没有“{sheet.zh}”工作表",
            where,
        )
        return None
    if found.table not in target.pay.tables:
        problems.error(
            "import.no_pay_table",
            f"the file holds '{title.en}' rows, but the {target.pay.name} sheet has no such "
            "table (its header row is missing)",
            f"文件中是“{title.zh}”数据，但“{target.pay.name}”表中没有这张表（找不到其表头行）",
            where,
        )
        return None
    for col, text in found.unknown.items():
        problems.warning(
            "import.column_ignored",
            f"column '{text}' is not a column of '{title.en}'; it is not imported",
            f"“{text}”不是“{title.zh}”的列，不导入",
            table.source(table.rows[found.header_row].number, col),
        )
    return found


def _issue(problems: Problems, issue: values.ValueIssue, where: Source, what: str = "") -> None:
    en = f"{what}: {issue.message_en}" if what else issue.message_en
    zh = f"{what}：{issue.message_zh}" if what else issue.message_zh
    problems.error(issue.code, en, zh, where)


def _row_employee(
    table: ExportTable,
    row: Row,
    cols: dict[str, int],
    known: dict[str, tuple[str, str]],
    unplaced: dict[str, str],
    problems: Problems,
) -> tuple[str, str] | None:
    """A data row's employee id and position, checked against the roster (and its name
    against the roster's), or None when a problem was reported."""
    c = row.cells
    emp = _employee_id(table, row.number, c, cols["id"], problems)
    if emp is None:
        return None
    who = _employee(emp, known, unplaced, table.source(row.number, cols["id"]), problems)
    if who is None:
        return None
    position, roster_name = who
    _names_check(
        cell_text(c, cols.get("name")),
        emp,
        roster_name,
        table.source(row.number, cols.get("name")),
        problems,
    )
    return emp, position


def _employee_id(
    table: ExportTable, row: int, cells: list[Any], col: int, problems: Problems
) -> str | None:
    """The row's employee id; None (and a problem) when it is an Excel error or empty
    while the row has other values."""
    try:
        emp = values.parse_key(cell_at(cells, col))
    except values.ValueIssue as issue:
        _issue(problems, issue, table.source(row, col))
        return None
    if not emp:
        problems.error(
            "import.no_id", "the employee id is empty", "员工编号为空", table.source(row, col)
        )
        return None
    return emp


# --- roster ------------------------------------------------------------------------------


def _roster(
    table: ExportTable,
    found: Detected,
    rep: FileReport,
    target: Target,
    new: dict[str, _NewEmployee],
    updates: list[tuple[int, int, CellInput, Source]],
    seen: dict[str, Source],
    problems: Problems,
) -> None:
    cols = found.columns
    for row in table.rows[found.header_row + 1 :]:
        cells = row.cells
        if all(is_blank(v) for v in cells):
            continue
        rep.rows += 1
        where = table.source(row.number)
        emp = _employee_id(table, row.number, cells, cols["id"], problems)
        if emp is None:
            continue
        if emp in seen:
            problems.error(
                "import.duplicate_employee",
                f"employee {emp} is listed twice (first at {place_text(seen[emp])})",
                f"员工 {emp} 重复出现（第一次在 {place_text(seen[emp], 'zh')}）",
                where,
            )
            continue
        seen[emp] = where
        name = cell_text(cells, cols.get("name"))
        department = cell_text(cells, cols.get("department"))
        team = cell_text(cells, cols.get("team"))
        pos_text = cell_text(cells, cols.get("position"))
        pos = target.position_of(pos_text) if pos_text else None
        if pos_text and pos is None:
            known = ", ".join(f"{p.code} {p.name}" for p in target.positions.values())
            problems.error(
                "import.unknown_position",
                f"position '{pos_text}' is not in the Positions sheet (known: {known})",
                f"岗位“{pos_text}”不在岗位表中（已有：{known}）",
                table.source(row.number, cols.get("position")),
            )
            continue
        bonus: Decimal | None = None
        raw_bonus = cell_at(cells, cols.get("bonus_base"))
        if not is_blank(raw_bonus):
            try:
                bonus = values.parse_money(raw_bonus)
            except values.ValueIssue as issue:
                _issue(problems, issue, table.source(row.number, cols.get("bonus_base")))
                continue
            if bonus is not None and bonus < 0:
                problems.error(
                    "import.bonus_negative",
                    f"the bonus base {bonus} is negative",
                    f"奖金基数 {bonus} 为负数",
                    table.source(row.number, cols.get("bonus_base")),
                )
                continue
        existing = target.roster.entries.get(emp)
        if existing is None:
            missing = [k for k, v in (("name", name), ("position", pos_text)) if not v]
            if missing:
                labels = [layout.TABLES["roster"].column(k).label for k in missing]
                problems.error(
                    "import.roster_incomplete",
                    f"new employee {emp} needs {' and '.join(lb.en.lower() for lb in labels)}",
                    f"新员工 {emp} 缺少{'和'.join(lb.zh for lb in labels)}",
                    where,
                )
                continue
            assert pos is not None
            new[emp] = _NewEmployee(emp, name, pos.code, department, team, bonus, where)
            rep.roster_rows += 1
            continue
        # an employee already on the Roster: update what the file gives and differs
        old_pos = target.position_of(existing.position)
        if pos is not None and (old_pos is None or old_pos.code != pos.code):
            problems.error(
                "import.position_change",
                f"employee {emp} is on the Roster as '{existing.position}'; an import does not "
                f"move people to '{pos_text}': change the position in the workbook",
                f"员工 {emp} 在人员表中的岗位是“{existing.position}”；导入不会把人调到"
                f"“{pos_text}”，请在工作簿中修改岗位",
                table.source(row.number, cols.get("position")),
            )
            continue
        changes = {
            "name": (name, existing.name),
            "department": (department, existing.department),
            "team": (team, existing.team),
        }
        changed = False
        rcols = target.roster.columns
        for key, (value, old) in changes.items():
            if value and value != old and key in rcols:
                updates.append((existing.row, rcols[key], value, where))
                changed = True
        if bonus is not None and "bonus_base" in rcols:
            try:
                old_bonus = values.parse_money(existing.bonus_base)
            except values.ValueIssue:
                old_bonus = None
            if old_bonus != bonus:
                updates.append((existing.row, rcols["bonus_base"], _money(bonus), where))
                changed = True
        if changed:
            rep.roster_rows += 1


def _money(amount: Decimal) -> CellInput:
    return Styled(float(amount), layout.FORMATS["money"])


# --- values ------------------------------------------------------------------------------


def _employee(
    emp: str,
    known: dict[str, tuple[str, str]],
    unplaced: dict[str, str],
    where: Source,
    problems: Problems,
) -> tuple[str, str] | None:
    if emp in known:
        return known[emp]
    if emp in unplaced:
        problems.error(
            "import.employee_position",
            f"employee {emp} has position '{unplaced[emp]}' on the Roster, which is not in "
            "the Positions sheet",
            f"员工 {emp} 在人员表中的岗位“{unplaced[emp]}”不在岗位表中",
            where,
        )
    else:
        problems.error(
            "import.unknown_employee",
            f"employee {emp} is not on the Roster (import a roster file with them, or add them "
            "to the Roster sheet)",
            f"员工 {emp} 不在人员表中（请一并导入含此人的人员名单，或先在人员表中添加）",
            where,
        )
    return None


def _put(
    cells: dict[tuple[str, str, str], _Value],
    item: _Value,
    problems: Problems,
) -> bool:
    k = (item.sheet, item.employee, item.key)
    if k in cells:
        first = cells[k].source
        problems.error(
            "import.duplicate_value",
            f"a second value for employee {item.employee}, column {item.key} (the first is at "
            f"{place_text(first)})",
            f"员工 {item.employee} 的 {item.key} 列出现第二个值（第一个在 "
            f"{place_text(first, 'zh')}）",
            item.source,
        )
        return False
    cells[k] = item
    return True


def _parse_value(
    raw: Any, key: str, unit: str, where: Source, problems: Problems, column_name: str = ""
) -> CellInput | None:
    """The number to write for one input cell, parsed as `xlkpi.workbook.values` parses
    workbook cells; "90%" is written as 0.9 formatted as a percentage, as Excel stores it."""
    dk = layout.parse_data_key(key)
    yes_no = dk is not None and dk.kind == "input"
    money = pl.MONEY_INPUTS.get(dk.code) if dk is not None and dk.kind == "money" else None
    if money is not None and money.kind is not layout.Kind.NUMBER:
        return _parse_money_input(raw, money, where, problems, column_name or key)
    try:
        number = values.parse_number(raw, unit=unit, yes_no=yes_no)
    except values.ValueIssue as issue:
        _issue(problems, issue, where, column_name or key)
        return None
    if number is None:  # pragma: no cover - callers skip blank cells
        return None
    if isinstance(raw, str) and "%" in values.fold_text(raw):
        digits = len(values.fold_text(raw).rstrip("%").partition(".")[2])
        return Styled(number, "0%" if digits == 0 else "0." + "0" * min(digits, 4) + "%")
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _parse_money_input(
    raw: Any, money: pl.MoneyInput, where: Source, problems: Problems, column_name: str
) -> CellInput | None:
    """A pay input of a kind other than a plain number: a role (text), an amount (never
    negative, written with the money format) or a count (a whole number, never negative).
    Formula inputs and other numbers go through `_parse_value` like actuals."""
    number: Decimal | int | None
    result: CellInput
    try:
        if money.kind is layout.Kind.TEXT:
            return values.parse_text(raw)
        if money.kind is layout.Kind.MONEY:
            number = values.parse_money(raw)
            result = None if number is None else _money(number)
        else:
            number = values.parse_integer(raw)
            result = number
    except values.ValueIssue as issue:
        _issue(problems, issue, where, column_name)
        return None
    if number is not None and number < 0:
        problems.error(
            "import.negative",
            f"{column_name}: {number} is negative",
            f"{column_name}：{number} 为负数",
            where,
        )
        return None
    return result


def _names_check(
    name_in_file: str, emp: str, on_roster: str, where: Source, problems: Problems
) -> None:
    if name_in_file and on_roster and norm_text(name_in_file) != norm_text(on_roster):
        problems.warning(
            "import.name_differs",
            f"employee {emp} is '{name_in_file}' here but '{on_roster}' on the Roster",
            f"员工 {emp} 在此处为“{name_in_file}”，人员表中为“{on_roster}”",
            where,
        )


def _long(
    table: ExportTable,
    found: Detected,
    rep: FileReport,
    target: Target,
    resolver: Resolver,
    known: dict[str, tuple[str, str]],
    unplaced: dict[str, str],
    cells: dict[tuple[str, str, str], _Value],
    problems: Problems,
) -> None:
    cols = found.columns
    for row in table.rows[found.header_row + 1 :]:
        c = row.cells
        if all(is_blank(v) for v in c):
            continue
        rep.rows += 1
        found_emp = _row_employee(table, row, cols, known, unplaced, problems)
        if found_emp is None:
            continue
        emp, position = found_emp
        ind_text = cell_text(c, cols["indicator"])
        rater_text = cell_text(c, cols.get("rater"))
        ind_where = table.source(row.number, cols["indicator"])
        key = _long_key(
            ind_text,
            rater_text,
            position,
            target,
            resolver,
            ind_where,
            table.source(row.number, cols.get("rater")),
            problems,
        )
        if key is None:
            continue
        raw = cell_at(c, cols["value"])
        val_where = table.source(row.number, cols["value"])
        if is_blank(raw):
            problems.error(
                "import.no_value", f"no value for {ind_text}", f"{ind_text} 没有填写值", val_where
            )
            continue
        value = _parse_value(
            raw,
            key,
            _unit(target, position, key),
            val_where,
            problems,
            f"{ind_text} ({key})" if norm_key(ind_text) != norm_key(key) else key,
        )
        if value is None:
            continue
        sheet = target.positions[position].sheet
        if _put(cells, _Value(sheet, emp, key, value, val_where), problems):
            rep.values += 1


def _long_key(
    ind_text: str,
    rater_text: str,
    position: str,
    target: Target,
    resolver: Resolver,
    where: Source,
    rater_where: Source,
    problems: Problems,
) -> str | None:
    pos = target.positions[position]
    sheet = target.data_sheets[pos.sheet]
    if not ind_text:
        problems.error("import.no_indicator", "the indicator is empty", "指标为空", where)
        return None
    rater: Rater | None = None
    if rater_text and norm_key(rater_text) not in _ACTUAL_WORDS:
        rater = layout.rater_from_label(rater_text)
        if rater is None:
            problems.error(
                "import.unknown_rater",
                f"rater '{rater_text}' is none of self/reviewer/approver/peer/customer",
                f"评分人“{rater_text}”不是自评/考评/审评/同事评/客户评之一",
                rater_where,
            )
            return None
    code = resolver.indicator(position, ind_text)
    if rater is None:
        key = resolver.key(position, ind_text)
        if key is not None:
            return key
    if code is None:
        _unknown_indicator(ind_text, pos.code, pos.name, target, where, problems)
        return None
    keys = sheet.input_keys(code)
    if rater is not None:
        key = layout.rater_key(code, rater)
        if key in keys:
            return key
        if code in keys:
            problems.error(
                "import.rater_for_actual",
                f"{code} is scored from an actual value; it takes no rater ('{rater_text}')",
                f"{code} 按实际值评分，不需要评分人（“{rater_text}”）",
                rater_where,
            )
        else:
            problems.error(
                "import.no_rater_column",
                f"sheet {sheet.name} has no {rater.value} column for {code}",
                f"工作表 {sheet.name} 中 {code} 没有“{layout.RATER_LABELS[rater].zh}”列",
                rater_where,
            )
        return None
    raters = [layout.parse_data_key(k) for k in keys]
    rater_names = [
        f"{dk.rater.value}/{layout.RATER_LABELS[dk.rater].zh}" for dk in raters if dk and dk.rater
    ]
    if rater_names:
        problems.error(
            "import.rater_missing",
            f"{code} is scored by raters: say which one in the rater column "
            f"({', '.join(rater_names)})",
            f"{code} 由评分人打分：请在评分人列写明是哪一个（{'、'.join(rater_names)}）",
            where,
        )
    else:
        inputs = [f"{code}#{dk.input}" for dk in raters if dk and dk.input]
        problems.error(
            "import.input_missing",
            f"{code} has several inputs: name one as the indicator ({', '.join(inputs)})",
            f"{code} 有多个输入项：请在指标列写明是哪一项（{'、'.join(inputs)}）",
            where,
        )
    return None


_ACTUAL_WORDS = {norm_key(w) for w in ("实际值", "actual", "实际")}


def _unknown_indicator(
    text: str, pos_code: str, pos_name: str, target: Target, where: Source, problems: Problems
) -> None:
    codes = ", ".join(i.code for i in target.indicators.get(pos_code, []))
    problems.error(
        "import.unknown_indicator",
        f"'{text}' is not an indicator of position {pos_name} (its indicators: {codes})",
        f"“{text}”不是岗位 {pos_name} 的指标（该岗位的指标：{codes}）",
        where,
    )


def _wide(
    table: ExportTable,
    found: Detected,
    rep: FileReport,
    target: Target,
    resolver: Resolver,
    known: dict[str, tuple[str, str]],
    unplaced: dict[str, str],
    cells: dict[tuple[str, str, str], _Value],
    problems: Problems,
) -> None:
    cols = found.columns
    header = table.rows[found.header_row]
    # a column-level problem (no rater named...) is reported once per column and position
    reported: set[tuple[int, str]] = set()
    for row in table.rows[found.header_row + 1 :]:
        c = row.cells
        if all(is_blank(v) for v in c):
            continue
        rep.rows += 1
        if is_blank(cell_at(c, cols["id"])) and all(
            is_blank(cell_at(c, col)) for col in found.indicator_columns
        ):
            continue  # a row with only a name or a department: nothing to import
        found_emp = _row_employee(table, row, cols, known, unplaced, problems)
        if found_emp is None:
            continue
        emp, position = found_emp
        pos = target.positions[position]
        for col, text in found.indicator_columns.items():
            raw = cell_at(c, col)
            if is_blank(raw):
                continue
            where = table.source(row.number, col)
            key = resolver.key(position, text)
            if key is None:
                if (col, position) not in reported:
                    reported.add((col, position))
                    head = table.source(header.number, col)
                    code = resolver.indicator(position, text)
                    if code is None:
                        _unknown_indicator(text, pos.code, pos.name, target, where, problems)
                    else:
                        keys = target.data_sheets[pos.sheet].input_keys(code)
                        options = ", ".join(f"'{text} {_suffix(k)}'" for k in keys)
                        problems.error(
                            "import.column_ambiguous",
                            f"column '{text}': {code} has several input columns on "
                            f"{pos.sheet}; name one in the header ({options})",
                            f"列“{text}”：{code} 在 {pos.sheet} 上有多个输入列；"
                            f"请在表头写明是哪一列（{options}）",
                            head,
                        )
                continue
            value = _parse_value(
                raw,
                key,
                _unit(target, position, key),
                where,
                problems,
                f"{text} ({key})" if norm_key(text) != norm_key(key) else key,
            )
            if value is None:
                continue
            if _put(cells, _Value(pos.sheet, emp, key, value, where), problems):
                rep.values += 1


def _unit(target: Target, position: str, key: str) -> str:
    """The unit of the indicator an input column belongs to ("秒", "%", ""), for parsing."""
    dk = layout.parse_data_key(key)
    if dk is None or dk.kind != "actual":
        return ""
    for ind in target.indicators.get(position, []):
        if ind.code == dk.code:
            return ind.unit
    return ""


def _suffix(key: str) -> str:
    dk = layout.parse_data_key(key)
    if dk is None:
        return key
    if dk.rater is not None:
        return layout.RATER_LABELS[dk.rater].zh
    return dk.input or key


# --- blocks ------------------------------------------------------------------------------


def _blocks(
    plan: ImportPlan,
    target: Target,
    new: dict[str, _NewEmployee],
    updates: list[tuple[int, int, CellInput, Source]],
    cells: dict[tuple[str, str, str], _Value],
) -> None:
    roster = target.roster
    blocks: list[Block] = []
    for r, c, v, _ in updates:
        blocks.append(Block(roster.sheet, r, c, [[v]]))
    plan.roster_updated = len({r for r, *_ in updates})
    row = roster.last_row
    for emp in new.values():
        row += 1
        fields: dict[str, CellInput] = {
            "id": emp.id,
            "name": emp.name,
            "department": emp.department or None,
            "team": emp.team or None,
            "position": target.positions[emp.position].name,
            "bonus_base": _money(emp.bonus_base) if emp.bonus_base is not None else None,
        }
        by_col = {roster.columns[k]: v for k, v in fields.items() if k in roster.columns}
        blocks += _row_blocks(roster.sheet, row, by_col)
    plan.roster_added = len(new)

    # data-sheet rows: employees with values, and everyone newly on the Roster
    names = {e.id: e.name for e in target.roster.entries.values()}
    names.update({e.id: e.name for e in new.values()})
    needed: dict[str, list[str]] = {}  # sheet -> employee ids, in order of first mention
    for emp in new.values():
        needed.setdefault(target.positions[emp.position].sheet, []).append(emp.id)
    for sheet, emp, _ in cells:
        needed.setdefault(sheet, [])
        if emp not in needed[sheet]:
            needed[sheet].append(emp)
    rows: dict[tuple[str, str], int] = {}
    for sheet, emps in needed.items():
        ds = target.data_sheets[sheet]
        last = ds.last_row
        for emp in emps:
            if emp in ds.rows:
                rows[(sheet, emp)] = ds.rows[emp]
                continue
            last += 1
            rows[(sheet, emp)] = last
            by_col: dict[int, CellInput] = {ds.columns["id"]: emp}
            if "name" in ds.columns:
                by_col[ds.columns["name"]] = names.get(emp) or None
            blocks += _row_blocks(sheet, last, by_col)
            plan.rows_appended += 1

    per_row: dict[tuple[str, int], dict[int, CellInput]] = {}
    for (sheet, emp, key), item in cells.items():
        r = rows[(sheet, emp)]
        per_row.setdefault((sheet, r), {})[target.data_sheets[sheet].columns[key]] = item.value
    for (sheet, r), by_col in sorted(per_row.items()):
        plan.overwritten += _overwrites(target.data_sheets[sheet].grid, r, by_col)
        blocks += _row_blocks(sheet, r, by_col)
    plan.values = len(cells)
    plan.blocks = blocks


def _pay_blocks(plan: ImportPlan, target: Target, writes: pay.PayWrites) -> None:
    """The Pay sheet's rows (team output, pool inputs)."""
    grid = target.pay.grid if target.pay is not None else []
    for sheet, r, by_col in pay.cell_writes(target, writes):
        plan.overwritten += _overwrites(grid, r, by_col)
        plan.blocks += _row_blocks(sheet, r, by_col)
    plan.values += sum(
        1 for w in writes.rows.values() if w.row >= 0 for k in w.cells if k not in pay.KEYS[w.table]
    )


def _overwrites(grid: list[list[Any]], row: int, by_col: dict[int, CellInput]) -> int:
    """How many of the cells to write replace a different value already in `grid`."""
    old = grid[row] if row < len(grid) else []
    return sum(
        1 for c, v in by_col.items() if not is_blank(cell_at(old, c)) and not _same(old[c], v)
    )


def _same(a: Any, b: CellInput) -> bool:
    bv = b.value if isinstance(b, Styled) else b
    return a == bv


def _row_blocks(sheet: str, row: int, by_col: dict[int, CellInput]) -> list[Block]:
    """One block per run of adjacent columns; columns not given are left alone."""
    out: list[Block] = []
    run: list[CellInput] = []
    start = -1
    for c in sorted(by_col):
        if run and c == start + len(run):
            run.append(by_col[c])
        else:
            if run:
                out.append(Block(sheet, row, start, [run]))
            start, run = c, [by_col[c]]
    if run:
        out.append(Block(sheet, row, start, [run]))
    return out
