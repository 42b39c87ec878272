"""Recognising what an export holds from its header row: long, wide or roster form.

- long:   one value per row: employee id, indicator, value and, for rater-scored
          indicators, the rater (工号, 指标, 值[, 评分人]).
- wide:   one row per employee: an id column plus one column per indicator input, named
          by indicator code or name, with a rater ("满意度 自评", "CS1 self") or a named
          input ("纪律 迟到", "D2#late") after it where the indicator has several columns.
- roster: employees: id, name, department, team, position, bonus base.
- pay:    rows of a table on the Pay sheet (薪酬) that HR fills each month: the repair
          teams' output (维修班组, 检验合格台数, 交付及时率, ...) or the pool inputs
          (奖金池, 部门, 项目, 数值); no employee-id column.

Pay inputs (`m:` columns of a data sheet: 底薪, 角色, 实际出勤天数, gross_profit, ...) are
named in the long and wide forms like indicators: by key (`m:base_pay`), name (`base_pay`)
or label in either language (底薪, Base pay).

Column names are matched forgivingly (full-width forms, case, spaces, '_' and brackets), in
Chinese or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl

from .aliases import is_id_header, role_of
from .headers import HeaderCell, norm_key, parse_header
from .resolver import Resolver
from .target import is_blank


class Form(str, Enum):
    """What an export holds (see the module's docstring)."""

    LONG = "long"
    WIDE = "wide"
    ROSTER = "roster"
    PAY = "pay"


FORM_LABELS = {
    Form.LONG: layout.Label("长表（每行一个值）", "long (one value per row)"),
    Form.WIDE: layout.Label("宽表（每人一行）", "wide (one row per employee)"),
    Form.ROSTER: layout.Label("人员名单", "roster"),
    Form.PAY: layout.Label("薪酬表数据", "Pay sheet table"),
}

#: the Pay sheet's tables an import fills (the others are set up once, by hand)
PAY_IMPORT_TABLES = ("teams", "pool_inputs")


@dataclass
class Detected:
    """What a file holds: its form, header row and the roles of its columns."""

    form: Form
    header_row: int  # index into the table's rows
    columns: dict[str, int]  # role ("id", "indicator", "value", "rater", "name", ...) -> col
    indicator_columns: dict[int, str] = field(default_factory=dict)  # wide: col -> target text
    unknown: dict[int, str] = field(default_factory=dict)  # col -> header
    table: str = ""  # pay form: the PAY_TABLES key
    first_data: int = -1  # index of the first data row (header_row + 1 unless two rows)
    cells: list[HeaderCell] = field(default_factory=list)  # the header cells, by column
    units: dict[int, str] = field(default_factory=dict)  # col -> unit of the source column
    ignored: dict[int, str] = field(default_factory=dict)  # col -> header (mapped to nothing)
    mapped: set[int] = field(default_factory=set)  # columns matched by the mapping table
    refused: set[int] = field(default_factory=set)  # columns already reported as ambiguous
    mapping_rows: dict[int, Any] = field(default_factory=dict)  # col -> its MappingRow

    def __post_init__(self) -> None:
        if self.first_data < 0:
            self.first_data = self.header_row + 1

    def header(self, col: int) -> str:
        """The column's header as written (both rows for a two-row header)."""
        if col < len(self.cells):
            return self.cells[col].text
        return ""


def find_header(
    rows: list[list[Any]], id_texts: frozenset[str] = frozenset()
) -> tuple[int, int] | None:
    """(row, column) of the first employee-id header in the first rows; `id_texts` are
    more texts naming the id column (from the mapping table)."""
    for i, cells in enumerate(rows[: layout.HEADER_SEARCH_ROWS]):
        for c, v in enumerate(cells):
            if is_blank(v):
                continue
            h = parse_header(v)
            if is_id_header(h.key) or h.key in id_texts or norm_key(v) in id_texts:
                return i, c
    return None


def detect(
    cells: list[HeaderCell],
    resolver: Resolver,
    header_row: int,
    first_data: int,
    mapped: dict[int, tuple[str, str]] | None = None,
) -> Detected | None:
    """Classify a file by its header cells; None when it is none of the forms.

    Args:
        cells: the header cells (see headers.header_cells).
        resolver: the workbook's indicators.
        header_row, first_data: where the header and the data start.
        mapped: columns the mapping table decides: col -> (target text, unit); a target
            of "" means "do not import".
    """
    mapped = mapped or {}
    sorted_ = _Columns.sort(cells, mapped)
    if "id" not in sorted_.roles:
        return None
    form = sorted_.form(cells, resolver, mapped)
    if form is None:
        return None
    return Detected(
        form,
        header_row,
        sorted_.roles,
        indicator_columns=sorted_.indicators if form is Form.WIDE else {},
        unknown=sorted_.rest,
        first_data=first_data,
        cells=cells,
        units=sorted_.units,
        ignored=sorted_.ignored,
        mapped=set(mapped),
    )


@dataclass
class _Columns:
    """A header's columns sorted by what they hold, while a file's form is worked out."""

    roles: dict[str, int] = field(default_factory=dict)  # role -> column
    indicators: dict[int, str] = field(default_factory=dict)  # column -> target text
    rest: dict[int, str] = field(default_factory=dict)  # column -> header: not known yet
    ignored: dict[int, str] = field(default_factory=dict)  # column -> header: not imported
    units: dict[int, str] = field(default_factory=dict)  # column -> unit of the source

    @classmethod
    def sort(cls, cells: list[HeaderCell], mapped: dict[int, tuple[str, str]]) -> _Columns:
        """Columns by the mapping table's word, else by the role their header names
        (the first column naming a role takes it), else left to the rest; then an
        employee-id column named like '客服工号' when no column had a known id header."""
        out = cls()
        for cell in cells:
            if not cell.headers:
                continue
            c = cell.col
            out.units[c] = cell.unit
            if c in mapped:
                out._mapped(cell, *mapped[c])
                continue
            role = next(
                (
                    r
                    for h in cell.headers
                    if (r := role_of(h.key)) is not None and r not in out.roles
                ),
                None,
            )
            if role is not None:
                out.roles[role] = c
            else:
                out.rest[c] = cell.text
        if "id" not in out.roles:  # '客服工号' and the like
            named = (c for c in out.rest if any(is_id_header(h.key) for h in cells[c].headers))
            id_col = next(named, None)
            if id_col is not None:
                out.roles["id"] = id_col
                del out.rest[id_col]
        return out

    def _mapped(self, cell: HeaderCell, target: str, unit: str) -> None:
        """A column the mapping table decides: not imported, a role, or an indicator."""
        self.units[cell.col] = unit or cell.unit
        role = role_of(norm_key(target)) if target else None
        if not target:
            self.ignored[cell.col] = cell.text
        elif role is not None and role not in self.roles:
            self.roles[role] = cell.col
        else:
            self.indicators[cell.col] = target

    def form(
        self, cells: list[HeaderCell], resolver: Resolver, mapped: dict[int, tuple[str, str]]
    ) -> Form | None:
        """Long (an indicator and a value column), wide (indicator columns), roster (a
        position or name column) or None; indicator columns are taken from the rest."""
        if "indicator" in self.roles and "value" in self.roles:
            return Form.LONG
        for c in list(self.rest):
            if (text := _indicator_text(cells[c], resolver)) is not None:
                self.indicators[c] = text
                del self.rest[c]
        # a column named like an indicator but also like a value/rater header is an indicator
        self._roles_as_indicators(
            ("value", "indicator", "rater", "bonus_base"), cells, resolver, mapped
        )
        if self.indicators:
            # "Role" is a roster alias of the position and the pay input m:role: in a file
            # with indicator or pay columns it is the pay input
            self._roles_as_indicators(("position", "team", "department"), cells, resolver, mapped)
            return Form.WIDE
        if "position" in self.roles or "name" in self.roles:
            return Form.ROSTER
        return None

    def _roles_as_indicators(
        self,
        roles: tuple[str, ...],
        cells: list[HeaderCell],
        resolver: Resolver,
        mapped: dict[int, tuple[str, str]],
    ) -> None:
        """Columns given these roles by their header that also name an indicator (and were
        not so mapped) become indicator columns."""
        for role in roles:
            c = self.roles.get(role)
            if c is not None and c not in mapped and (text := _indicator_text(cells[c], resolver)):
                self.indicators[self.roles.pop(role)] = text


def _indicator_text(cell: HeaderCell, resolver: Resolver) -> str | None:
    """The header text naming an indicator or input column of any position, if any."""
    for h in cell.headers:
        for text in (h.name, h.text):
            if resolver.anywhere(text):
                return text
    return None


def find_pay_header(rows: list[list[Any]]) -> Detected | None:
    """A Pay-table file: the first row (of the first 10) holding every required label of
    one of `PAY_IMPORT_TABLES` (either language, or the column keys)."""
    for i, cells in enumerate(rows[: layout.HEADER_SEARCH_ROWS]):
        for key in PAY_IMPORT_TABLES:
            table = pl.PAY_TABLES[key]
            columns = layout.map_columns(table, cells)
            if all(c.key in columns for c in table.columns if c.required):
                used = set(columns.values())
                unknown = {
                    c: str(v).strip()
                    for c, v in enumerate(cells)
                    if c not in used and not is_blank(v)
                }
                return Detected(Form.PAY, i, columns, unknown=unknown, table=key)
    return None
