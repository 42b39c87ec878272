"""The long and wide forms' rows: one value per employee and data-sheet input column
(actuals, rater scores, named inputs and pay inputs), checked and converted, kept once
across every file (`InputRows.cells`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlkpi.core.model import Rater
from xlkpi.core.problems import Source
from xlkpi.io.cells import CellInput
from xlkpi.workbook import layout

from .aliases import ACTUAL_RATER_WORDS
from .columns import column_name
from .convert import conversion_note, converts, indicator_unit, parse_cell, plain
from .forms import Detected
from .headers import norm_key
from .outcome import FileReport
from .resolver import Resolver
from .roster import People
from .rows import RowChecks
from .sources import ExportTable, place_text
from .target import Target, cell_at, cell_text, is_blank


@dataclass
class Value:
    """One value to write: the data sheet, employee and column key, and where it came from."""

    sheet: str
    employee: str
    key: str
    value: CellInput
    source: Source


@dataclass
class InputRows:
    """The values of the long and wide files, by (sheet, employee, key), across files."""

    target: Target
    resolver: Resolver
    people: People
    checks: RowChecks
    cells: dict[tuple[str, str, str], Value] = field(default_factory=dict)

    def put(self, item: Value) -> bool:
        """Keep one value per employee and column; the same value twice is kept once, two
        different values are refused naming both places."""
        k = (item.sheet, item.employee, item.key)
        first = self.cells.get(k)
        if first is None:
            self.cells[k] = item
            return True
        if plain(first.value) != plain(item.value):
            self.checks.problems.error(
                "import.duplicate_value",
                f"employee {item.employee} has two different values for {item.key}: "
                f"{plain(first.value)} at {place_text(first.source)} and {plain(item.value)} at "
                f"{place_text(item.source)}",
                f"员工 {item.employee} 的 {item.key} 有两个不同的值："
                f"{place_text(first.source, 'zh')}为 {plain(first.value)}，"
                f"{place_text(item.source, 'zh')}为 {plain(item.value)}",
                item.source,
                first.source,
            )
        return False

    def read_long(self, table: ExportTable, found: Detected, rep: FileReport) -> None:
        """A long file: one value per row (id, indicator, value, and a rater where needed)."""
        cols = found.columns
        problems = self.checks.problems
        for row in self.checks.rows(table, found, rep):
            who = self.people.row_employee(table, row, cols, self.checks)
            if who is None:
                continue
            emp, position = who
            c = row.cells
            ind_text = cell_text(c, cols["indicator"])
            key = self._long_key(
                ind_text,
                cell_text(c, cols.get("rater")),
                position,
                table.source(row.number, cols["indicator"]),
                table.source(row.number, cols.get("rater")),
            )
            if key is None:
                continue
            raw = cell_at(c, cols["value"])
            val_where = table.source(row.number, cols["value"])
            if is_blank(raw):
                problems.error(
                    "import.no_value",
                    f"no value for {ind_text}",
                    f"{ind_text} 没有填写值",
                    val_where,
                )
                continue
            value = parse_cell(
                raw,
                key,
                indicator_unit(self.target, position, key),
                val_where,
                problems,
                f"{ind_text} ({key})" if norm_key(ind_text) != norm_key(key) else key,
                source_unit=found.units.get(cols["value"], ""),
            )
            if value is None:
                continue
            sheet = self.target.positions[position].sheet
            if self.put(Value(sheet, emp, key, value, val_where)):
                rep.values += 1

    def _long_key(
        self, ind_text: str, rater_text: str, position: str, where: Source, rater_where: Source
    ) -> str | None:
        """The data-sheet key a long row's indicator and rater name, or None and an error."""
        problems = self.checks.problems
        if not ind_text:
            problems.error("import.no_indicator", "the indicator is empty", "指标为空", where)
            return None
        rater: Rater | None = None
        if rater_text and norm_key(rater_text) not in ACTUAL_RATER_WORDS:
            rater = layout.rater_from_label(rater_text)
            if rater is None:
                known = layout.RATER_LABELS  # (the one list of raters, in their order)
                problems.error(
                    "import.unknown_rater",
                    f"rater '{rater_text}' is none of {'/'.join(r.value for r in known)}",
                    f"评分人“{rater_text}”不是{'/'.join(lb.zh for lb in known.values())}之一",
                    rater_where,
                )
                return None
        code = self.resolver.indicator(position, ind_text)
        if rater is None:
            key = self.resolver.key(position, ind_text)
            if key is not None:
                return key
        if code is None:
            self.unknown_indicator(ind_text, position, where)
            return None
        sheet = self.target.data_sheets[self.target.positions[position].sheet]
        keys = sheet.input_keys(code)
        if rater is None:
            _which_input(code, keys, where, self.checks)
            return None
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

    def unknown_indicator(self, text: str, position: str, where: Source) -> None:
        """The error for a text that names no indicator of the position."""
        pos = self.target.positions[position]
        codes = ", ".join(i.code for i in self.target.indicators.get(pos.code, []))
        self.checks.problems.error(
            "import.unknown_indicator",
            f"'{text}' is not an indicator of position {pos.name} (its indicators: {codes})",
            f"“{text}”不是岗位 {pos.name} 的指标（该岗位的指标：{codes}）",
            where,
        )

    def read_wide(self, table: ExportTable, found: Detected, rep: FileReport) -> None:
        """A wide file: one row per employee, one column per indicator input."""
        cols = found.columns
        problems = self.checks.problems
        wide = _WideColumns(self, table, found)
        for row in self.checks.rows(table, found, rep):
            c = row.cells
            if is_blank(cell_at(c, cols["id"])) and all(
                is_blank(cell_at(c, col)) for col in found.indicator_columns
            ):
                continue  # a row with only a name or a department: nothing to import
            who = self.people.row_employee(table, row, cols, self.checks)
            if who is None:
                continue
            emp, position = who
            sheet = self.target.positions[position].sheet
            for col, text in found.indicator_columns.items():
                raw = cell_at(c, col)
                if is_blank(raw) or col in found.refused:
                    continue
                where = table.source(row.number, col)
                key, unit, name = wide.known.get((col, position)) or wide.column(
                    col, text, position, where
                )
                if key is None:
                    continue
                source_unit = found.units.get(col, "")
                value = parse_cell(raw, key, unit, where, problems, name, source_unit=source_unit)
                if value is None:
                    continue
                wide.note_conversion(col, source_unit, unit)
                if self.put(Value(sheet, emp, key, value, where)):
                    rep.values += 1


def _which_input(code: str, keys: list[str], where: Source, checks: RowChecks) -> None:
    """The error for an indicator with several input columns named without saying which:
    its raters, or its named inputs."""
    parsed = [layout.parse_data_key(k) for k in keys]
    raters = [
        f"{dk.rater.value}/{layout.RATER_LABELS[dk.rater].zh}" for dk in parsed if dk and dk.rater
    ]
    if raters:
        checks.problems.error(
            "import.rater_missing",
            f"{code} is scored by raters: say which one in the rater column ({', '.join(raters)})",
            f"{code} 由评分人打分：请在评分人列写明是哪一个（{'、'.join(raters)}）",
            where,
        )
    else:
        inputs = [f"{code}#{dk.input}" for dk in parsed if dk and dk.input]
        checks.problems.error(
            "import.input_missing",
            f"{code} has several inputs: name one as the indicator ({', '.join(inputs)})",
            f"{code} 有多个输入项：请在指标列写明是哪一项（{'、'.join(inputs)}）",
            where,
        )


@dataclass
class _WideColumns:
    """A wide file's indicator columns, looked up once per column and position; a column
    that names nothing is reported once per column and position."""

    rows: InputRows
    table: ExportTable
    found: Detected
    # (column, position code) -> (data-sheet key or None, the indicator's unit, column name)
    known: dict[tuple[int, str], tuple[str | None, str, str]] = field(default_factory=dict)
    converted: set[int] = field(default_factory=set)  # columns whose conversion is noted

    def column(
        self, col: int, text: str, position: str, where: Source
    ) -> tuple[str | None, str, str]:
        """(key, unit, name) of a column for a position; `where` is the first cell."""
        known = self.known.get((col, position))
        if known is None:
            key = self.rows.resolver.key(position, text)
            unit = indicator_unit(self.rows.target, position, key) if key else ""
            known = self.known[(col, position)] = (key, unit, column_name(self.found, col))
            if key is None:
                self._refuse(col, text, position, where)
        return known

    def _refuse(self, col: int, text: str, position: str, where: Source) -> None:
        """Why a column names no input column of the position: no such indicator, or an
        indicator with several input columns."""
        code = self.rows.resolver.indicator(position, text)
        if code is None:
            self.rows.unknown_indicator(text, position, where)
            return
        pos = self.rows.target.positions[position]
        keys = self.rows.target.data_sheets[pos.sheet].input_keys(code)
        options = ", ".join(f"'{text} {_suffix(k)}'" for k in keys)
        self.rows.checks.problems.error(
            "import.column_ambiguous",
            f"column '{text}': {code} has several input columns on "
            f"{pos.sheet}; name one in the header ({options})",
            f"列“{text}”：{code} 在 {pos.sheet} 上有多个输入列；请在表头写明是哪一列（{options}）",
            self.table.source(self.table.rows[self.found.header_row].number, col),
        )

    def note_conversion(self, col: int, source_unit: str, unit: str) -> None:
        """Note once per column that its values were converted (minutes to seconds)."""
        if col not in self.converted and converts(source_unit, unit):
            self.converted.add(col)
            note = conversion_note(self.found, col, source_unit, unit, self.table)
            self.rows.checks.notes.append(note)


def _suffix(key: str) -> str:
    """What names an input column after its indicator: the rater ("自评") or the input."""
    dk = layout.parse_data_key(key)
    if dk is None:
        return key
    if dk.rater is not None:
        return layout.RATER_LABELS[dk.rater].zh
    return dk.input or key
