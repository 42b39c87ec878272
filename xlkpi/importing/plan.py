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
from functools import partial
from pathlib import Path
from typing import Any

from xlkpi.core.model import Rater
from xlkpi.core.problems import Problem, Problems, Source
from xlkpi.io.cells import Block, BookReader, CellInput, Styled, a1
from xlkpi.io.errors import WorkbookError
from xlkpi.workbook import layout, values
from xlkpi.workbook.stale import not_current_blocks

from . import pay
from .columns import Note, column_name, detect_file, remember
from .convert import (
    conversion_note,
    converts,
    indicator_unit,
    money_cell,
    parse_cell,
    plain,
    report_issue,
)
from .forms import ROSTER_FIELDS, Detected, Form, Resolver, norm_key
from .headers import skip_reason
from .mapping import Mapping, MappingRow, mapping_blocks, read_mapping
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
    notes: list[Note] = field(default_factory=list)  # rows skipped, units converted
    mapping: list[tuple[Path, MappingRow, str]] = field(default_factory=list)  # file, row, how
    changes: list[tuple[str, str, Any, Any]] = field(default_factory=list)  # sheet, cell, old, new
    ensure_sheets: list[str] = field(default_factory=list)  # sheets the write adds

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
    book: BookReader,
    paths: Sequence[str | os.PathLike[str]],
    progress: Progress | None = None,
    *,
    strict: bool = False,
    sheet: str | None = None,
) -> ImportPlan:
    """Read and check every export; build the blocks when nothing is wrong.

    Args:
        book: the workbook to import into (read only here).
        paths: CSV or XLSX export files, in any order; roster files are applied first.
        progress: optional callback `progress(stage, done, total)`.
        strict: people in a file who are not on the Roster are errors, not warnings.
        sheet: the sheet to read in XLSX exports (default: the first that holds a table).
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
    mapping = read_mapping(book, target.lang)
    run = _Run(problems, plan.notes, strict)

    tables: list[tuple[ExportTable, Detected, FileReport]] = []
    for n, path in enumerate(paths, 1):
        report("reading files", n, len(paths))
        try:
            in_mapping = mapping.sheet_for(Path(path).name)
            table = read_export(path, sheet=sheet or in_mapping, wanted=_has_table)
        except ExportError as exc:
            problems.extend(exc.problems)
            continue
        except WorkbookError as exc:
            problems.extend([_file_problem(exc, Path(path))])
            continue
        found = detect_file(table, resolver, mapping, problems)
        if found is not None:
            rep = FileReport(table.path, found.form, encoding=table.encoding, sheet=table.sheet)
            plan.files.append(rep)
            tables.append((table, found, rep))
            _show_mapping(plan, table, found, mapping, resolver)

    report("checking rows")
    new: dict[str, _NewEmployee] = {}
    updates: list[tuple[int, int, CellInput, Source]] = []  # roster row, col, value, where
    seen: dict[str, Source] = {}  # employee id -> first roster row, across files
    for table, found, rep in tables:
        if found.form is Form.ROSTER:
            _roster(table, found, rep, target, new, updates, seen, problems, run)
            run.end_file(table)

    known: dict[str, tuple[str, str]] = {}  # employee id -> (position code, name)
    for emp in target.roster.entries.values():
        pos = target.position_of(emp.position)
        if pos is not None:
            known[emp.id] = (pos.code, emp.name)
    for added in new.values():
        known[added.id] = (added.position, added.name)
    unplaced = {e.id: e.position for e in target.roster.entries.values() if e.id not in known}

    cells: dict[tuple[str, str, str], _Value] = {}
    pay_writes = pay.PayWrites()
    for table, found, rep in tables:
        run.absent = {}
        if found.form is Form.LONG:
            _long(table, found, rep, target, resolver, known, unplaced, cells, problems, run)
        elif found.form is Form.WIDE:
            _wide(table, found, rep, target, resolver, known, unplaced, cells, problems, run)
        elif found.form is Form.PAY:
            rep.rows, rep.values = pay.read_rows(
                table, found, target, pay_writes, problems, skip=partial(run.skip, table, found)
            )
        run.end_file(table)
    pay.place_rows(target, pay_writes, problems)

    if problems.has_errors:
        return plan
    report("preparing the write")
    _blocks(plan, target, new, updates, cells)
    _pay_blocks(plan, target, pay_writes)
    inputs_changed = bool(plan.blocks)
    if plan.blocks or mapping.added:
        blocks, plan.ensure_sheets = mapping_blocks(mapping, target.lang)
        plan.blocks += blocks
    if inputs_changed:  # the results no longer match the inputs
        plan.blocks += not_current_blocks(book, target.lang)
    return plan


def _has_table(rows: list[list[Any]]) -> bool:
    """Whether a sheet of an XLSX export holds a table import knows (an id column or a
    Pay table's header), to pick it among the workbook's sheets."""
    from .forms import find_header, find_pay_header

    return find_header(rows) is not None or find_pay_header(rows) is not None


def _show_mapping(
    plan: ImportPlan, table: ExportTable, found: Detected, mapping: Mapping, resolver: Resolver
) -> None:
    """Record how each column of a file was matched (for --dry-run and the summary), and
    the rows the mapping table gains."""
    added = {row.source: row for row in remember(table, found, resolver, mapping, plan.lang)}
    for cell in found.cells:  # in column order
        if cell.col in found.mapping_rows:
            plan.mapping.append((table.path, found.mapping_rows[cell.col], "kept"))
        elif cell.text in added:
            plan.mapping.append((table.path, added[cell.text], "new"))


@dataclass
class _Run:
    """What the row checks share: problems and notes, and the people of the current file
    who are not on the Roster (reported once per file)."""

    problems: Problems
    notes: list[Note]
    strict: bool
    absent: dict[str, Source] = field(default_factory=dict)
    blank: list[int] = field(default_factory=list)  # blank rows of the current file
    last_row: int = 0  # the current file's last row holding anything

    def skip(self, table: ExportTable, found: Detected, row: Row) -> bool:
        """A total or repeated header row (noted), or a blank row (noted when inside the
        data): not a person."""
        c = row.cells
        if all(is_blank(v) for v in c):
            self.blank.append(row.number)
            return True
        self.last_row = row.number
        if found.form is Form.PAY:  # keyed by its first key column (team, pool)
            key_col = found.columns[pay.KEYS[found.table][0]]
            header = table.rows[found.header_row].cells
            why = skip_reason(c, key_col, frozenset({norm_key(cell_at(header, key_col))}))
        else:
            name_col = found.columns.get("name")
            why = skip_reason(
                c,
                found.columns["id"],
                ROSTER_FIELDS["id"] | _id_keys(found),
                (name_col,) if name_col is not None else (),
            )
        if why == "total":
            self.notes.append(
                Note(
                    "a total/subtotal/average row: skipped",
                    "合计、小计或平均行：已跳过",
                    table.source(row.number),
                )
            )
        elif why == "header":
            self.notes.append(
                Note(
                    "the header row repeated: skipped",
                    "重复的表头行：已跳过",
                    table.source(row.number),
                )
            )
        return why is not None

    def end_file(self, table: ExportTable) -> None:
        """The notes and warnings gathered over one file: blank rows inside the data, and
        the people not on the Roster."""
        inside = [n for n in self.blank if n < self.last_row]
        if inside:
            shown = ", ".join(str(n) for n in inside[:20]) + ("…" if len(inside) > 20 else "")
            self.notes.append(
                Note(
                    f"{len(inside)} blank rows inside the data skipped (rows {shown})",
                    f"数据中的 {len(inside)} 个空行已跳过（第 {shown} 行）",
                    table.source(inside[0]),
                )
            )
        self.blank, self.last_row = [], 0
        self.report_absent(table)

    def report_absent(self, table: ExportTable) -> None:
        if not self.absent:
            return
        shown = [f"{emp} ({place_text(src)})" for emp, src in list(self.absent.items())[:20]]
        shown_zh = [
            f"{emp}（{place_text(src, 'zh')}）" for emp, src in list(self.absent.items())[:20]
        ]
        more = f" (+{len(self.absent) - 20})" if len(self.absent) > 20 else ""
        self.problems.warning(
            "import.not_on_roster",
            f"{len(self.absent)} people in {table.name} are not on the Roster; their rows were "
            f"not imported: {', '.join(shown)}{more} (import a roster with them, or add them "
            "to the Roster; --strict refuses such files)",
            f"{table.name} 中有 {len(self.absent)} 人不在人员表中，其数据未导入："
            f"{'、'.join(shown_zh)}{more}（请一并导入含这些人的人员名单，或先在人员表中添加）",
            *list(self.absent.values())[:20],
        )
        self.absent = {}


def _id_keys(found: Detected) -> frozenset[str]:
    cell = found.cells[found.columns["id"]] if found.columns["id"] < len(found.cells) else None
    return frozenset(cell.match_keys()) if cell is not None else frozenset()


# --- problems ----------------------------------------------------------------------------


def _file_problem(exc: WorkbookError, path: Path) -> Problem:
    return Problem(
        exc.to_problem().severity,
        exc.code,
        exc.message_en,
        exc.message_zh,
        (Source(file=path.name, sheet=exc.sheet, cell=exc.cell),),
    )


def _row_employee(
    table: ExportTable,
    row: Row,
    cols: dict[str, int],
    known: dict[str, tuple[str, str]],
    unplaced: dict[str, str],
    problems: Problems,
    run: _Run,
) -> tuple[str, str] | None:
    """A data row's employee id and position, checked against the roster (and its name
    against the roster's), or None when a problem was reported or the person is not on
    the Roster (listed in one warning per file, unless strict)."""
    c = row.cells
    emp = _employee_id(table, row.number, c, cols["id"], problems)
    if emp is None:
        return None
    where = table.source(row.number, cols["id"])
    if emp not in known and emp not in unplaced and not run.strict:
        run.absent.setdefault(emp, where)
        return None
    who = _employee(emp, known, unplaced, where, problems)
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
        report_issue(problems, issue, table.source(row, col))
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
    run: _Run,
) -> None:
    cols = found.columns
    for row in table.rows[found.first_data :]:
        cells = row.cells
        if run.skip(table, found, row):
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
                report_issue(problems, issue, table.source(row.number, cols.get("bonus_base")))
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
                updates.append((existing.row, rcols["bonus_base"], money_cell(bonus), where))
                changed = True
        if changed:
            rep.roster_rows += 1


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
    """Keep one value per employee and column; the same value twice is kept once, two
    different values are refused naming both places."""
    k = (item.sheet, item.employee, item.key)
    if k in cells:
        first = cells[k]
        if plain(first.value) == plain(item.value):
            return False
        problems.error(
            "import.duplicate_value",
            f"employee {item.employee} has two different values for {item.key}: "
            f"{plain(first.value)} at {place_text(first.source)} and {plain(item.value)} at "
            f"{place_text(item.source)}",
            f"员工 {item.employee} 的 {item.key} 有两个不同的值：{place_text(first.source, 'zh')}"
            f"为 {plain(first.value)}，{place_text(item.source, 'zh')}为 {plain(item.value)}",
            item.source,
            first.source,
        )
        return False
    cells[k] = item
    return True


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
    run: _Run,
) -> None:
    cols = found.columns
    for row in table.rows[found.first_data :]:
        c = row.cells
        if run.skip(table, found, row):
            continue
        rep.rows += 1
        found_emp = _row_employee(table, row, cols, known, unplaced, problems, run)
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
        value = parse_cell(
            raw,
            key,
            indicator_unit(target, position, key),
            val_where,
            problems,
            f"{ind_text} ({key})" if norm_key(ind_text) != norm_key(key) else key,
            source_unit=found.units.get(cols["value"], ""),
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
    run: _Run,
) -> None:
    cols = found.columns
    header = table.rows[found.header_row]
    # a column-level problem (no rater named...) is reported once per column and position
    reported: set[tuple[int, str]] = set()
    converted: set[int] = set()
    columns: dict[tuple[int, str], tuple[str | None, str, str]] = {}  # key, unit, name
    for row in table.rows[found.first_data :]:
        c = row.cells
        if run.skip(table, found, row):
            continue
        rep.rows += 1
        if is_blank(cell_at(c, cols["id"])) and all(
            is_blank(cell_at(c, col)) for col in found.indicator_columns
        ):
            continue  # a row with only a name or a department: nothing to import
        found_emp = _row_employee(table, row, cols, known, unplaced, problems, run)
        if found_emp is None:
            continue
        emp, position = found_emp
        pos = target.positions[position]
        for col, text in found.indicator_columns.items():
            raw = cell_at(c, col)
            if is_blank(raw) or col in found.refused:
                continue
            where = table.source(row.number, col)
            known_col = columns.get((col, position))
            if known_col is None:  # looked up once per column and position
                key = resolver.key(position, text)
                unit = indicator_unit(target, position, key) if key else ""
                known_col = columns[(col, position)] = (key, unit, column_name(found, col))
            key, unit, name = known_col
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
            source_unit = found.units.get(col, "")
            value = parse_cell(raw, key, unit, where, problems, name, source_unit=source_unit)
            if value is None:
                continue
            if col not in converted and converts(source_unit, unit):
                converted.add(col)
                run.notes.append(conversion_note(found, col, source_unit, unit, table))
            if _put(cells, _Value(pos.sheet, emp, key, value, where), problems):
                rep.values += 1


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
            "bonus_base": money_cell(emp.bonus_base) if emp.bonus_base is not None else None,
        }
        by_col = {roster.columns[k]: v for k, v in fields.items() if k in roster.columns}
        blocks += _row_blocks(roster.sheet, row, by_col)
    plan.roster_added = len(new)

    # data-sheet rows: employees with values, and everyone newly on the Roster
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
            blocks += _row_blocks(sheet, last, new_row)
            plan.rows_appended += 1

    per_row: dict[tuple[str, int], dict[int, CellInput]] = {}
    for (sheet, eid, key), item in cells.items():
        r = rows[(sheet, eid)]
        per_row.setdefault((sheet, r), {})[target.data_sheets[sheet].columns[key]] = item.value
    for (sheet, r), by_col in sorted(per_row.items()):
        plan.overwritten += _overwrites(target.data_sheets[sheet].grid, r, by_col)
        _changes(plan, sheet, target.data_sheets[sheet].grid, r, by_col)
        blocks += _row_blocks(sheet, r, by_col)
    plan.values = len(cells)
    plan.blocks = blocks


def _pay_blocks(plan: ImportPlan, target: Target, writes: pay.PayWrites) -> None:
    """The Pay sheet's rows (team output, pool inputs)."""
    grid = target.pay.grid if target.pay is not None else []
    for sheet, r, by_col in pay.cell_writes(target, writes):
        plan.overwritten += _overwrites(grid, r, by_col)
        _changes(plan, sheet, grid, r, by_col)
        plan.blocks += _row_blocks(sheet, r, by_col)
    plan.values += sum(
        1 for w in writes.rows.values() if w.row >= 0 for k in w.cells if k not in pay.KEYS[w.table]
    )


def _changes(
    plan: ImportPlan, sheet: str, grid: list[list[Any]], row: int, by_col: dict[int, CellInput]
) -> None:
    """Note each cell whose value the write changes: (sheet, cell, old, new)."""
    old = grid[row] if row < len(grid) else []
    for c, v in sorted(by_col.items()):
        before = cell_at(old, c)
        if is_blank(before) or not _same(before, v):
            plan.changes.append((sheet, a1(row, c), None if is_blank(before) else before, v))


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
