"""Reading an assessment workbook: grids in, an Assessment plus problems and places out.

`read_assessment(book)` finds every sheet and table by its labels in either language
(`xlkpi.workbook.layout`), parses each cell with `xlkpi.workbook.values`, and never stops at
the first problem: every bad cell becomes a Problem naming its sheet and cell. The `Where`
it returns records where each employee row and each result column is, so
`xlkpi.workbook.results` can write results next to the inputs.

Data sheets are read column by column in one pass over their rows; a float cell (what
readers return for numbers) takes a fast path with no parsing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.model import (
    Adjustment,
    Assessment,
    CellEntry,
    Employee,
    Entry,
    GradeBand,
    GradeOverride,
    Indicator,
    QuotaKind,
    Rater,
    RaterPolicy,
    Scope,
    ScoredBy,
    Settings,
    Veto,
)
from xlkpi.core.problems import Problems, Source
from xlkpi.core.rules.base import Rule, RuleError
from xlkpi.core.valid import ValidRange, default_range, parse_valid_range
from xlkpi.io.cells import BookReader, a1, column_letter
from xlkpi.workbook import layout
from xlkpi.workbook.contacts import check_contacts, read_contacts
from xlkpi.workbook.layout import Kind, Label, Table
from xlkpi.workbook.values import (
    PERCENT_AMBIGUOUS_UP_TO,
    PERCENT_UNITS,
    CellParser,
    ValueIssue,
    is_ambiguous_percent,
    parse_key,
    parse_number,
    parse_percent,
    parse_text,
)

Grid = list[list[Any]]


# ---------------------------------------------------------------------------------------
# Where things are
# ---------------------------------------------------------------------------------------


@dataclass
class TablePlace:
    """A table found on a sheet: its header row and the column of each layout key."""

    sheet: str
    header_row: int
    columns: dict[str, int]
    end_row: int  # one past the last row of the sheet's grid


@dataclass
class DataSheetPlace:
    """One position's data sheet: the key row, each employee's row, each key's column."""

    sheet: str
    position: str
    key_row: int
    end_row: int  # one past the last row of the grid: result columns are cleared up to it
    rows: dict[str, int] = field(default_factory=dict)  # employee id -> row
    columns: dict[str, int] = field(default_factory=dict)  # key-row text -> column

    @property
    def first_row(self) -> int:
        return self.key_row + 1

    def result_columns(self) -> dict[str, int]:
        """Key -> column of every column Calculate writes (points and results)."""
        out = {}
        for key, col in self.columns.items():
            dk = layout.parse_data_key(key)
            if dk is not None and dk.kind in ("points", "result"):
                out[key] = col
        return out


@dataclass
class Where:
    """Where `results` writes: found while reading."""

    lang: str = layout.DEFAULT_LANG
    sheets: dict[str, str] = field(default_factory=dict)  # layout sheet key -> sheet name
    data: dict[str, DataSheetPlace] = field(default_factory=dict)  # position code -> sheet
    positions: TablePlace | None = None
    indicators: TablePlace | None = None
    indicator_rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (pos, code)
    rules: dict[tuple[str, str], Rule] = field(default_factory=dict)  # parsed rules by row key
    rule_rows: dict[int, Rule] = field(default_factory=dict)  # Indicators row -> parsed rule
    bad_rule_rows: set[int] = field(default_factory=set)  # Indicators rows whose rule failed
    listed_codes: set[tuple[str, str]] = field(default_factory=set)  # (pos, code), even if bad
    grades: TablePlace | None = None
    grade_rows: dict[str, int] = field(default_factory=dict)  # grade -> row
    status: tuple[str, int, int] | None = None  # Settings sheet, row, col of the status value
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)  # sheet -> (rows, cols)
    issues_header_row: int = 0  # the Issues table's header row (below any title rows)
    position_names: dict[str, str] = field(default_factory=dict)  # code -> name

    def locate(self, employee: Employee, code: str, rater: Rater | None) -> Source | None:
        """The data-sheet cell where `employee`'s input for indicator `code` (by `rater`, or
        the actual) is keyed; None when the sheet has no such row or column."""
        place = self.data.get(employee.position)
        if place is None or employee.id not in place.rows:
            return None
        key = layout.actual_key(code) if rater is None else layout.rater_key(code, rater)
        col = place.columns.get(key)
        if col is None:
            return None
        return Source(place.sheet, a1(place.rows[employee.id], col))


@dataclass
class ReadOutcome:
    assessment: Assessment
    problems: Problems
    where: Where

    @property
    def ok(self) -> bool:
        return not self.problems.has_errors


# ---------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------

_REQUIRED_SHEETS = ("positions", "indicators", "roster")


def read_assessment(book: BookReader) -> ReadOutcome:
    """Read the whole assessment from a workbook.

    Args:
        book: any BookReader (file, live Excel, in-memory grids).
    Returns:
        The Assessment, every problem found (reading never raises for bad input), and
        where employees and result columns are.
    """
    return _Reader(book).read()


class _Reader:
    def __init__(self, book: BookReader):
        self.book = book
        self.problems = Problems()
        self.where = Where()
        self.names = list(book.sheet_names())
        self._grids: dict[str, Grid] = {}
        self._unplaced: set[str] = set()  # Roster IDs whose position is not recognised

    # -- helpers -------------------------------------------------------------------------

    def _pname(self, code: str) -> str:
        """A position's name for messages (its code until Positions is read)."""
        return self.where.position_names.get(code) or code

    def grid(self, sheet: str) -> Grid:
        if sheet not in self._grids:
            self._grids[sheet] = self.book.read_grid(sheet) or []
        return self._grids[sheet]

    def label(self, lab: Label) -> str:
        return lab(self.where.lang)

    def read(self) -> ReadOutcome:
        for key in layout.SHEETS:
            found = layout.find_sheet(key, self.names)
            if found is not None:
                self.where.sheets[key] = found
        self.where.lang = self._guess_lang()
        settings = self._settings()
        self.where.lang = settings.lang
        for key in _REQUIRED_SHEETS:
            if key not in self.where.sheets:
                lab = layout.SHEETS[key]
                self.problems.error(
                    "workbook.sheet_missing",
                    f"The workbook has no sheet '{lab.en}' (or '{lab.zh}')",
                    f"工作簿中没有“{lab.zh}”（或“{lab.en}”）工作表",
                )
        for key in ("summary", "issues"):
            sheet = self.where.sheets.get(key)
            if sheet is not None:
                g = self.grid(sheet)
                self.where.extents[sheet] = (len(g), max((len(r) for r in g), default=0))
                if key == "issues":
                    first = layout.TABLES["issues"].columns[0].label
                    self.where.issues_header_row = next(
                        (
                            r
                            for r, row in enumerate(g[: layout.HEADER_SEARCH_ROWS])
                            if row and first.matches(row[0])
                        ),
                        0,
                    )
        positions = self._positions()
        indicators = self._indicators(positions)
        employees = self._roster(positions)
        if not employees and not self.problems.has_errors:
            roster = self.where.sheets.get("roster") or layout.sheet_name("roster", self.where.lang)
            self.problems.warning(
                "roster.empty",
                "The roster has no employees, so there is nothing to calculate: fill in the "
                "Roster sheet or use `xlkpi import`",
                "人员名单中没有员工，无可计算内容：请填写人员表或使用 xlkpi import 导入",
                Source(roster),
            )
        grades = self._grades()
        adjustments, vetoes, overrides = self._adjustments()
        entries = self._data_sheets(positions, indicators, employees)
        assessment = Assessment(
            settings=settings,
            indicators=indicators,
            employees=employees,
            entries=entries,
            grades=grades,
            adjustments=adjustments,
            vetoes=vetoes,
            overrides=overrides,
            position_names=dict(self.where.position_names),
            locate=self.where.locate,
        )
        return ReadOutcome(assessment, self.problems, self.where)

    def _guess_lang(self) -> str:
        """The language the sheets are named in (until Settings says otherwise)."""
        for key in ("settings", "positions", "indicators", "roster"):
            sheet = self.where.sheets.get(key)
            if sheet is not None:
                lab = layout.SHEETS[key]
                return (
                    "en"
                    if layout.normalise_label(sheet) == layout.normalise_label(lab.en)
                    else "zh"
                )
        return layout.DEFAULT_LANG

    def _table(self, table: Table) -> tuple[TablePlace, Grid] | None:
        """Find a table's sheet, header row and columns; report what is missing."""
        sheet = self.where.sheets.get(table.sheet)
        if sheet is None:
            return None
        grid = self.grid(sheet)
        header = layout.find_header_row(table, grid)
        first = next(c for c in table.columns if c.required)
        if header is None:
            self.problems.error(
                "table.header_missing",
                f"Sheet '{sheet}' has no header row: none of its first {layout.HEADER_SEARCH_ROWS} "
                f"rows has a '{first.label.en}' (or '{first.label.zh}') column",
                f"“{sheet}”表找不到标题行：前{layout.HEADER_SEARCH_ROWS}行中没有"
                f"“{first.label.zh}”（或“{first.label.en}”）列",
                Source(sheet, "A1"),
            )
            return None
        columns = layout.map_columns(table, grid[header])
        place = TablePlace(sheet, header, columns, len(grid))
        for col in table.columns:
            if col.required and col.key not in columns:
                self.problems.error(
                    "table.column_missing",
                    f"Sheet '{sheet}' has no '{col.label.en}' column (or '{col.label.zh}') "
                    f"in its header row {header + 1}",
                    f"“{sheet}”表第{header + 1}行（标题行）缺少“{col.label.zh}”"
                    f"（或“{col.label.en}”）列",
                    Source(sheet, a1(header, 0)),
                )
        return place, grid

    @staticmethod
    def _records(place: TablePlace, grid: Grid) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row, {key: raw value}) for each non-blank row below the header."""
        cols = place.columns
        for r in range(place.header_row + 1, len(grid)):
            row = grid[r]
            rec = {k: (row[c] if c < len(row) else None) for k, c in cols.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in rec.values()):
                continue
            yield r, rec

    # -- Settings ------------------------------------------------------------------------

    def _settings(self) -> Settings:
        sheet = self.where.sheets.get("settings")
        values: dict[str, Any] = {}
        sources: dict[str, Source] = {}
        if sheet is None:
            self.problems.warning(
                "workbook.settings_missing",
                "The workbook has no Settings sheet (设置); defaults are used",
                "工作簿中没有“设置”表，使用默认设置",
            )
        else:
            grid = self.grid(sheet)
            cells = CellParser(sheet, self.problems)
            for r, row in enumerate(grid):
                for c in range(min(3, len(row))):
                    if _blank(row[c]):
                        continue
                    setting = self._match_setting(row[c])
                    if setting is not None:
                        vc = c + 1
                        raw = row[vc] if vc < len(row) else None
                        sources[setting.key] = Source(sheet, a1(r, vc))
                        if setting.key == "status":
                            self.where.status = (sheet, r, vc)
                        elif setting.kind is Kind.CHOICE:
                            values[setting.key] = cells.choice(
                                raw, r, vc, setting.choices or "", setting.label
                            )
                        else:
                            values[setting.key] = cells.parse(
                                raw, r, vc, setting.kind, setting.label
                            )
                            if setting.key == "period" and isinstance(raw, dt.date):
                                # Excel turned "2026-10" into a date: show it as typed
                                values["period"] = (
                                    f"{raw.year}-{raw.month:02d}"
                                    if raw.day == 1
                                    else values["period"]
                                )
                    break

        def get(k: str) -> Any:
            """The setting's value, or its default when the cell is blank."""
            v = values.get(k)
            return v if v is not None else layout.SETTINGS_BY_KEY[k].default

        chosen = values.get("lang")
        lang = str(chosen) if chosen in layout.LANGS else self.where.lang
        weights = {
            Rater.SELF: get("weight_self"),
            Rater.REVIEWER: get("weight_reviewer"),
            Rater.APPROVER: get("weight_approver"),
            Rater.PEER: get("weight_peer"),
            Rater.CUSTOMER: get("weight_customer"),
        }
        policy = RaterPolicy(
            mode=get("rater_mode"),
            weights={r: float(w) for r, w in weights.items()},
            missing=get("missing_rater"),
            gap_threshold=float(get("gap_threshold")),
            source=sources.get("rater_mode", Source(sheet) if sheet else Source()),
        )
        return Settings(
            period=str(get("period") or ""),
            lang=lang,
            rater_policy=policy,
            rank_scope=Scope(get("rank_scope")),
            distribution_scope=Scope(get("distribution_scope")),
            forced_distribution=get("forced_distribution") == "yes",
            bonus_pool=values.get("bonus_pool"),
            pool_scope=Scope(get("pool_scope")),
            sources=sources,
        )

    @staticmethod
    def _match_setting(text: Any) -> layout.Setting | None:
        norm = layout.normalise_label(text)
        for s in layout.SETTINGS:
            if s.label.matches(text) or norm == s.key:
                return s
        return None

    # -- Positions -----------------------------------------------------------------------

    def _positions(self) -> _Positions:
        found = self._table(layout.TABLES["positions"])
        positions = _Positions()
        if found is None:
            return positions
        place, grid = found
        self.where.positions = place
        cells = CellParser(place.sheet, self.problems)
        t = layout.TABLES["positions"]
        for r, rec in self._records(place, grid):
            cols = place.columns
            code = self._key(cells, rec.get("code"), r, cols.get("code"), t.column("code").label)
            name = cells.parse(
                rec.get("name"), r, cols.get("name", 0), Kind.TEXT, t.column("name").label
            )
            sheet = cells.parse(
                rec.get("data_sheet"),
                r,
                cols.get("data_sheet", 0),
                Kind.TEXT,
                t.column("data_sheet").label,
            )
            if not code:
                continue
            if code in positions.rows:
                self.problems.error(
                    "positions.duplicate",
                    f"Position code '{code}' is listed twice",
                    f"岗位编码“{code}”重复",
                    Source(place.sheet, a1(positions.rows[code], cols["code"])),
                    Source(place.sheet, a1(r, cols["code"])),
                )
                continue
            positions.add(
                code,
                name or code,
                sheet or "",
                r,
                Source(place.sheet, a1(r, cols.get("data_sheet", 0))),
            )
            self.where.position_names[code] = name or code
            group = rec.get("group")
            if not _blank(group):
                positions.groups[code] = str(group).strip()
        return positions

    def _key(self, cells: CellParser, raw: Any, r: int, c: int | None, what: Label) -> str:
        """An identifier cell; "" (with a problem) when blank or unusable."""
        if c is None:
            return ""
        try:
            key = parse_key(raw)
        except ValueIssue as issue:
            cells.report(issue, r, c, what)
            return ""
        if not key:
            self.problems.error(
                "value.required",
                f"{what.en} is required but the cell is empty",
                f"{what.zh}不能为空",
                cells.source(r, c),
            )
        return key

    def _position_ref(
        self,
        positions: _Positions,
        cells: CellParser,
        raw: Any,
        r: int,
        c: int | None,
        what: Label,
    ) -> str | None:
        text = self._key(cells, raw, r, c, what)
        if not text or c is None:
            return None
        code = positions.resolve(text)
        if code is None:
            known = ", ".join(self._pname(c) for c in positions.rows) or "-"
            known_zh = "、".join(self._pname(c) for c in positions.rows) or "-"
            self.problems.error(
                "position.unknown",
                f"{what.en}: '{text}' is not a position on the Positions sheet "
                f"(positions: {known})",
                f"{what.zh}：“{text}”不是“岗位”表中的岗位（可选：{known_zh}）",
                cells.source(r, c),
            )
        return code

    # -- Indicators ----------------------------------------------------------------------

    def _indicators(self, positions: _Positions) -> list[Indicator]:
        from xlkpi.core.rules import parse_rule  # the rules package registers its types on import

        found = self._table(layout.TABLES["indicators"])
        if found is None:
            return []
        place, grid = found
        self.where.indicators = place
        t = layout.TABLES["indicators"]
        cols = place.columns
        cells = CellParser(place.sheet, self.problems)
        out: list[Indicator] = []
        seen: dict[tuple[str, str], int] = {}
        last_pos: str | None = None
        last_dim = ""
        dim_weights: dict[tuple[str, str], tuple[float, Source]] = {}

        def lab(key: str) -> Label:
            return t.column(key).label

        def col(key: str) -> int:
            return cols.get(key, 0)

        for r, rec in self._records(place, grid):
            src = Source(place.sheet, a1(r, 0))
            pos = self._position_ref(
                positions, cells, rec.get("position"), r, cols.get("position"), lab("position")
            )
            code = self._key(cells, rec.get("code"), r, cols.get("code"), lab("code"))
            name = cells.parse(
                rec.get("name"), r, col("name"), Kind.TEXT, lab("name"), required="name" in cols
            )
            name_alt = cells.parse(
                rec.get("name_alt"), r, col("name_alt"), Kind.TEXT, lab("name_alt")
            )
            unit = cells.parse(rec.get("unit"), r, col("unit"), Kind.TEXT, lab("unit")) or ""
            # A dimension written once over several rows (merged cells) carries down.
            dimension = cells.parse(
                rec.get("dimension"), r, col("dimension"), Kind.TEXT, lab("dimension")
            )
            if not dimension and pos == last_pos:
                dimension = last_dim
            last_pos, last_dim = pos, dimension or ""
            dw_raw = rec.get("dimension_weight")
            dim_weight = cells.parse(
                dw_raw, r, col("dimension_weight"), Kind.PERCENT, lab("dimension_weight")
            )
            dw_key = (pos or "", dimension or "")
            dw_src = Source(place.sheet, a1(r, col("dimension_weight")))
            if dim_weight is None:
                dim_weight, dw_src = dim_weights.get(dw_key, (1.0, dw_src))
            elif dw_key in dim_weights and dimension:
                prev, prev_src = dim_weights[dw_key]
                if abs(prev - dim_weight) > 1e-9:
                    self.problems.error(
                        "indicators.dimension_weight",
                        f"Dimension '{dimension}' of position {pos} has two different weights",
                        f"岗位{pos}的维度“{dimension}”有两个不同的权重",
                        prev_src,
                        dw_src,
                    )
            else:
                dim_weights[dw_key] = (dim_weight, dw_src)
            rule: Rule | None = None
            rule_raw = rec.get("rule")
            rule_src = Source(place.sheet, a1(r, col("rule")))
            if "rule" in cols and not _blank(rule_raw):
                try:
                    rule = parse_rule(parse_text(rule_raw), rule_src)
                except ValueIssue as issue:
                    self.where.bad_rule_rows.add(r)
                    cells.report(issue, r, col("rule"), lab("rule"))
                except RuleError as err:
                    self.where.bad_rule_rows.add(r)
                    self.problems.error(
                        "rule.invalid",
                        f"{lab('rule').en}: {err.message_en}",
                        f"{lab('rule').zh}：{err.message_zh}",
                        rule_src,
                    )
            if rule is not None:
                self.where.rule_rows[r] = rule
            percent = unit.strip() in PERCENT_UNITS or getattr(rule, "unit", "") == "%"
            valid_at = Source(place.sheet, a1(r, col("valid"))) if "valid" in cols else src
            valid = self._valid_range(rec.get("valid"), unit, rule, valid_at)
            weight = cells.parse(
                rec.get("weight"),
                r,
                col("weight"),
                Kind.PERCENT,
                lab("weight"),
                required="weight" in cols,
            )
            scale = cells.parse(
                rec.get("scale"),
                r,
                col("scale"),
                Kind.NUMBER,
                lab("scale"),
                required=rule is None and "scale" in cols,
            )
            if scale is None and rule is not None:
                scale = rule.max_points
            target = cells.parse(
                rec.get("target"),
                r,
                col("target"),
                Kind.PERCENT if percent else Kind.NUMBER,
                lab("target"),
            )
            scored_by = (
                cells.choice(
                    rec.get("scored_by"), r, col("scored_by"), "scored_by", lab("scored_by")
                )
                if "scored_by" in cols
                else None
            )
            if scored_by is None and "scored_by" in cols and _blank(rec.get("scored_by")):
                self.problems.error(
                    "value.required",
                    f"{lab('scored_by').en} is required: {layout.CHOICES['scored_by']['actual'].en} "
                    f"or {layout.CHOICES['scored_by']['raters'].en}",
                    f"{lab('scored_by').zh}不能为空：{layout.CHOICES['scored_by']['actual'].zh}"
                    f"或{layout.CHOICES['scored_by']['raters'].zh}",
                    Source(place.sheet, a1(r, col("scored_by"))),
                )
            if pos is not None and code:
                self.where.listed_codes.add((pos, code))
            if pos is None or not code or weight is None or scale is None or scored_by is None:
                continue
            if (pos, code) in seen:
                self.problems.error(
                    "indicators.duplicate",
                    f"Indicator code '{code}' is listed twice for position {pos}",
                    f"岗位{pos}的指标编码“{code}”重复",
                    Source(place.sheet, a1(seen[(pos, code)], col("code"))),
                    Source(place.sheet, a1(r, col("code"))),
                )
                continue
            seen[(pos, code)] = r
            self.where.indicator_rows[(pos, code)] = r
            if rule is not None:
                self.where.rules[(pos, code)] = rule
            out.append(
                Indicator(
                    position=pos,
                    code=code,
                    name=name or code,
                    weight=weight,
                    scale=float(scale),
                    scored_by=ScoredBy(scored_by),
                    rule=rule,
                    target=target,
                    dimension=dimension or "",
                    dimension_weight=dim_weight,
                    name_alt=name_alt or "",
                    unit=unit,
                    valid=valid,
                    source=src,
                    weight_source=Source(place.sheet, a1(r, col("weight"))),
                    dimension_weight_source=dw_src,
                )
            )
        return out

    def _valid_range(
        self, raw: object, unit: str, rule: Rule | None, where: Source
    ) -> ValidRange | None:
        """The indicator's valid range: the Valid range cell, else what its unit implies
        (or, for per-event counts, at least 0)."""
        if _blank(raw):
            implied = default_range(unit)
            if implied is None and getattr(rule, "kind", "") == "events":
                implied = ValidRange(0.0, None)
            return implied
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raw = f"≥{raw}"  # a lone number is read as the lowest valid value
        try:
            return parse_valid_range(str(raw))
        except ValueError as exc:
            en, _, zh = str(exc).partition(" / ")
            self.problems.error("indicators.valid_range", en, zh or en, where)
            return None

    # -- Roster --------------------------------------------------------------------------

    def _roster(self, positions: _Positions) -> list[Employee]:
        found = self._table(layout.TABLES["roster"])
        if found is None:
            return []
        place, grid = found
        t = layout.TABLES["roster"]
        cols = place.columns
        cells = CellParser(place.sheet, self.problems)
        out: list[Employee] = []
        seen: dict[str, int] = {}
        lab = {c.key: c.label for c in t.columns}
        id_col, has_name = cols.get("id"), "name" in cols
        c_name, c_pos = cols.get("name", 0), cols.get("position")
        c_dept, c_team, c_base = (
            cols.get("department", 0),
            cols.get("team", 0),
            cols.get("bonus_base", 0),
        )
        money = Kind.MONEY
        for r, rec in self._records(place, grid):
            eid = self._key(cells, rec.get("id"), r, id_col, lab["id"])
            name = _text(cells, rec.get("name"), r, c_name, lab["name"], has_name)
            pos = self._position_ref(
                positions, cells, rec.get("position"), r, c_pos, lab["position"]
            )
            dept = _text(cells, rec.get("department"), r, c_dept, lab["department"])
            team = _text(cells, rec.get("team"), r, c_team, lab["team"])
            raw_base = rec.get("bonus_base")
            base = (
                None
                if raw_base is None
                else cells.parse(raw_base, r, c_base, money, lab["bonus_base"])
            )
            if not eid:
                continue
            if eid in seen:
                self.problems.error(
                    "roster.duplicate",
                    f"Employee ID '{eid}' is listed twice",
                    f"工号“{eid}”重复",
                    Source(place.sheet, a1(seen[eid], cols["id"])),
                    Source(place.sheet, a1(r, cols["id"])),
                )
                continue
            seen[eid] = r
            if pos is None:  # the position cell is reported; the data sheets skip this ID
                self._unplaced.add(eid)
                continue
            out.append(
                Employee(
                    eid,
                    name or "",
                    pos,
                    dept,
                    team,
                    base,
                    Source(place.sheet, a1(r, cols["id"])),
                    position_group=positions.groups.get(pos, ""),
                )
            )
        # e-mail addresses and managers (for `xlkpi send`): warnings on the Issues sheet
        check_contacts(read_contacts(place.sheet, place.header_row, cols, grid), self.problems)
        return out

    # -- Grades --------------------------------------------------------------------------

    def _grades(self) -> list[GradeBand]:
        found = self._table(layout.TABLES["grades"])
        if found is None:
            return []
        place, grid = found
        self.where.grades = place
        t = layout.TABLES["grades"]
        cols = place.columns
        cells = CellParser(place.sheet, self.problems)
        out: list[GradeBand] = []
        for r, rec in self._records(place, grid):
            if set(rec) - {"count"} and all(_blank(v) for k, v in rec.items() if k != "count"):
                continue  # only a stale headcount on this row
            grade = self._key(
                cells, rec.get("grade"), r, cols.get("grade"), t.column("grade").label
            )
            min_score = cells.parse(
                rec.get("min_score"),
                r,
                cols.get("min_score", 0),
                Kind.NUMBER,
                t.column("min_score").label,
                required="min_score" in cols,
            )
            coef = cells.parse(
                rec.get("coefficient"),
                r,
                cols.get("coefficient", 0),
                Kind.NUMBER,
                t.column("coefficient").label,
            )
            kind = None
            if "quota_kind" in cols:
                kind = cells.choice(
                    rec.get("quota_kind"),
                    r,
                    cols["quota_kind"],
                    "quota_kind",
                    t.column("quota_kind").label,
                )
            share = cells.parse(
                rec.get("quota_share"),
                r,
                cols.get("quota_share", 0),
                Kind.PERCENT,
                t.column("quota_share").label,
            )
            if not grade or min_score is None:
                continue
            self.where.grade_rows[grade] = r
            out.append(
                GradeBand(
                    grade,
                    float(min_score),
                    1.0 if coef is None else float(coef),
                    QuotaKind(kind) if kind else None,
                    share,
                    Source(place.sheet, a1(r, cols["grade"])),
                )
            )
        return out

    # -- Adjustments ---------------------------------------------------------------------

    def _adjustments(self) -> tuple[list[Adjustment], list[Veto], list[GradeOverride]]:
        adjustments: list[Adjustment] = []
        vetoes: list[Veto] = []
        overrides: list[GradeOverride] = []
        found = self._table(layout.TABLES["adjustments"])
        if found is None:
            return adjustments, vetoes, overrides
        place, grid = found
        t = layout.TABLES["adjustments"]
        cols = place.columns
        cells = CellParser(place.sheet, self.problems)
        for r, rec in self._records(place, grid):
            before = len(self.problems)
            eid = self._key(cells, rec.get("id"), r, cols.get("id"), t.column("id").label)
            points = cells.parse(
                rec.get("points"), r, cols.get("points", 0), Kind.NUMBER, t.column("points").label
            )
            cap_total = cells.parse(
                rec.get("cap_total"),
                r,
                cols.get("cap_total", 0),
                Kind.NUMBER,
                t.column("cap_total").label,
            )
            cap_grade = _key_or_none(
                cells,
                rec.get("cap_grade"),
                r,
                cols.get("cap_grade", 0),
                t.column("cap_grade").label,
            )
            grade = _key_or_none(
                cells, rec.get("grade"), r, cols.get("grade", 0), t.column("grade").label
            )
            reason = (
                cells.parse(
                    rec.get("reason"), r, cols.get("reason", 0), Kind.TEXT, t.column("reason").label
                )
                or ""
            )
            if not eid:
                continue
            src = Source(place.sheet, a1(r, cols["id"]))
            if points is None and cap_total is None and not cap_grade and not grade:
                if len(self.problems) == before:
                    self.problems.warning(
                        "adjustments.empty",
                        f"Adjustment row for {eid} gives no points, cap or grade; it changes nothing",
                        f"{eid}的调整行没有填写加减分、上限或校准等级，不起作用",
                        src,
                    )
                continue
            if points is not None:
                adjustments.append(
                    Adjustment(eid, points, reason, Source(place.sheet, a1(r, cols["points"])))
                )
            if cap_total is not None or cap_grade:
                c = cols["cap_total"] if cap_total is not None else cols["cap_grade"]
                vetoes.append(
                    Veto(eid, reason, cap_total, cap_grade or None, Source(place.sheet, a1(r, c)))
                )
            if grade:
                overrides.append(
                    GradeOverride(eid, grade, reason, Source(place.sheet, a1(r, cols["grade"])))
                )
        return adjustments, vetoes, overrides

    # -- Data sheets ---------------------------------------------------------------------

    def _data_sheets(
        self, positions: _Positions, indicators: list[Indicator], employees: list[Employee]
    ) -> list[Entry]:
        entries: list[Entry] = []
        by_position: dict[str, list[Indicator]] = {}
        for ind in indicators:
            by_position.setdefault(ind.position, []).append(ind)
        roster = {e.id: e for e in employees}
        used_by: dict[str, str] = {}
        for code, sheet_text in positions.sheets.items():
            src = positions.sheet_sources[code]
            if not sheet_text:
                self.problems.error(
                    "positions.no_data_sheet",
                    f"Position {self._pname(code)} names no data sheet",
                    f"岗位“{self._pname(code)}”没有填写数据表",
                    src,
                )
                continue
            sheet = layout.find_sheet_named(sheet_text, self.names)
            if sheet is None:
                self.problems.error(
                    "positions.data_sheet_missing",
                    f"Position {self._pname(code)}: the workbook has no sheet named '{sheet_text}'",
                    f"岗位“{self._pname(code)}”：工作簿中没有名为“{sheet_text}”的工作表",
                    src,
                )
                continue
            if sheet in used_by:
                self.problems.error(
                    "positions.data_sheet_shared",
                    f"Sheet '{sheet}' is the data sheet of both {used_by[sheet]} and {code}; "
                    "give each position its own sheet",
                    f"“{sheet}”同时是岗位{used_by[sheet]}和{code}的数据表；每个岗位需要单独的数据表",
                    positions.sheet_sources[used_by[sheet]],
                    src,
                )
                continue
            used_by[sheet] = code
            self._data_sheet(sheet, code, by_position.get(code, []), roster, entries)
        return entries

    def _data_sheet(
        self,
        sheet: str,
        position: str,
        indicators: list[Indicator],
        roster: dict[str, Employee],
        entries: list[Entry],
    ) -> None:
        grid = self.grid(sheet)
        key_row = layout.find_key_row(grid)
        if key_row is None:
            self.problems.error(
                "data.key_row_missing",
                f"Data sheet '{sheet}' has no key row: a row (among the first "
                f"{layout.HEADER_SEARCH_ROWS}) whose column A is 'id'. It may have been deleted; "
                "rebuild the sheet from the template",
                f"数据表“{sheet}”缺少键行（前{layout.HEADER_SEARCH_ROWS}行中 A 列为“id”的行），"
                "可能被删除了；请按模板重建该表",
                Source(sheet, "A1"),
            )
            return
        place = DataSheetPlace(sheet, position, key_row, len(grid))
        self.where.data[position] = place
        for c, text in enumerate(grid[key_row]):
            if layout.parse_data_key(text) is None:
                continue
            key = str(text).strip()
            if key in place.columns:
                self.problems.error(
                    "data.key_duplicate",
                    f"Data sheet '{sheet}': key '{key}' appears in two columns of the key row",
                    f"数据表“{sheet}”：键“{key}”在键行中出现了两次",
                    Source(sheet, a1(key_row, place.columns[key])),
                    Source(sheet, a1(key_row, c)),
                )
                continue
            place.columns[key] = c
        self._check_keys(place, indicators)
        id_col = place.columns["id"]  # the key row is found by its "id" in column A
        input_cols = sorted(
            c
            for k, c in place.columns.items()
            if (dk := layout.parse_data_key(k)) is not None
            and dk.kind in ("actual", "rater", "input", "money")
        )
        letter_id = column_letter(id_col)
        rows: list[tuple[int, str, list[Any], int]] = []  # row, id, values, 1-based row
        width = max(place.columns.values()) + 1
        for r in range(key_row + 1, len(grid)):
            row = grid[r]
            if len(row) < width:  # an adapter that does not pad its rows
                row = list(row) + [None] * (width - len(row))
            raw = row[id_col]
            if _blank(raw):
                filled = [c for c in input_cols if c < len(row) and not _blank(row[c])]
                if filled:
                    self.problems.error(
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
                CellParser(sheet, self.problems).report(
                    issue, r, id_col, layout.FIXED_COLUMNS[0][1]
                )
                continue
            src = Source(sheet, f"{letter_id}{r + 1}")
            emp = roster.get(eid)
            if eid in place.rows:
                self.problems.error(
                    "data.duplicate",
                    f"Employee {eid} has two rows on '{sheet}'; only the first is used",
                    f"员工{eid}在“{sheet}”中有两行，只使用第一行",
                    Source(sheet, f"{letter_id}{place.rows[eid] + 1}"),
                    src,
                )
                continue
            if emp is None and eid in self._unplaced:
                continue  # on the Roster with a position that is reported at its cell
            if emp is None:
                self.problems.error(
                    "data.unknown_employee",
                    f"Employee ID '{eid}' on '{sheet}' is not on the Roster sheet",
                    f"“{sheet}”中的工号“{eid}”不在“人员”表中",
                    src,
                )
                continue
            if emp.position != position:
                self.problems.error(
                    "data.wrong_position",
                    f"{eid} {emp.name} is on the data sheet of position {self._pname(position)}, "
                    f"but the Roster gives position {self._pname(emp.position)}",
                    f"{eid} {emp.name}在岗位“{self._pname(position)}”的数据表中，但“人员”表中的岗位是"
                    f"“{self._pname(emp.position)}”",
                    src,
                    emp.source,
                )
                continue
            place.rows[eid] = r
            rows.append((r, eid, row, r + 1))
        for emp in roster.values():
            if emp.position == position and emp.id not in place.rows:
                self.problems.error(
                    "data.employee_missing",
                    f"{emp.id} {emp.name} ({self._pname(position)}) has no row on data sheet "
                    f"'{sheet}'",
                    f"{emp.id} {emp.name}（{self._pname(position)}）在数据表“{sheet}”中没有数据行",
                    emp.source,
                    Source(sheet),
                )
        for ind in indicators:
            self._indicator_entries(place, ind, rows, entries)

    def _check_keys(self, place: DataSheetPlace, indicators: list[Indicator]) -> None:
        """Columns for every indicator; key-row codes that name no indicator."""
        codes = {i.code for i in indicators}
        sheet = place.sheet
        for key, c in place.columns.items():
            dk = layout.parse_data_key(key)
            if (
                dk is not None
                and dk.kind in ("actual", "rater", "input")
                and dk.code not in codes
                and (place.position, dk.code) not in self.where.listed_codes
            ):
                self.problems.warning(
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
                self.problems.error(
                    "data.column_missing",
                    f"Data sheet '{sheet}' has no column for indicator {ind.name} "
                    f"(key row {place.key_row + 1} needs: {', '.join(missing)})",
                    f"数据表“{sheet}”缺少指标“{ind.name}”的列（第{place.key_row + 1}行"
                    f"键行需要：{'、'.join(missing)}）",
                    Source(sheet, a1(place.key_row, 0)),
                    ind.source,
                )

    def _indicator_entries(
        self,
        place: DataSheetPlace,
        ind: Indicator,
        rows: list[tuple[int, str, list[Any], int]],
        entries: list[Entry],
    ) -> None:
        """One pass down each input column of one indicator, one Entry per cell.

        Numbers (what readers give for numeric cells) take the fast path; anything else goes
        through `values`. Rows are padded to the grid's width (BookReader contract), and the
        key row lies within it, so no bounds checks are needed. Entries are CellEntry: their
        Source is made from the sheet, column letter and row only if a message needs it.
        """
        sheet, code = place.sheet, ind.code
        cells = CellParser(sheet, self.problems)
        add = entries.append
        Ent, flt, blank = CellEntry, float, _blank  # locals: this loop runs ~10⁶ times
        if ind.scored_by is ScoredBy.RATERS:
            for rater in Rater:
                c = place.columns.get(layout.rater_key(code, rater))
                if c is None:
                    continue
                what = Label(
                    f"{ind.name} {layout.RATER_LABELS[rater].zh}",
                    f"{ind.name}: {layout.RATER_LABELS[rater].en.lower()} score",
                )
                letter = column_letter(c)
                for r, eid, row, n in rows:
                    v = row[c]
                    cls = v.__class__
                    if cls is int:
                        v = flt(v)
                    elif cls is not flt:
                        if blank(v):
                            continue  # a missing rater: the rater policy decides
                        try:
                            v = parse_number(v)
                        except ValueIssue as issue:
                            cells.report(issue, r, c, what)
                            continue
                    add(Ent(eid, code, v, rater, sheet, letter, n))
            return
        inputs = ind.rule.inputs if ind.rule is not None else ("value",)
        if inputs == ("value",):
            c = place.columns.get(layout.actual_key(code))
            if c is None:
                return
            percent = ind.unit.strip() in PERCENT_UNITS or getattr(ind.rule, "unit", "") == "%"
            what = Label(
                f"{ind.name} {layout.ACTUAL_LABEL.zh}",
                f"{ind.name}: {layout.ACTUAL_LABEL.en.lower()}",
            )
            letter = column_letter(c)
            ambiguous: list[tuple[int, int, object]] = []
            for r, eid, row, n in rows:
                v = row[c]
                cls = v.__class__
                if cls is flt or cls is int:
                    if percent and not -1.0 <= v <= 1.0:
                        if abs(v) <= PERCENT_AMBIGUOUS_UP_TO:
                            ambiguous.append((r, c, v))
                        v = v / 100.0
                    else:
                        v = flt(v)
                elif blank(v):
                    v = None  # the engine reports the missing actual at this cell
                else:
                    raw = v
                    try:
                        v = parse_percent(v) if percent else parse_number(v, unit=ind.unit)
                    except ValueIssue as issue:
                        cells.report(issue, r, c, what)
                        v = None  # the engine sees a missing value at the same cell
                    if percent and is_ambiguous_percent(raw):
                        ambiguous.append((r, c, raw))
                add(Ent(eid, code, v, None, sheet, letter, n))
            cells.warn_ambiguous_percent(ambiguous, what)
            return
        # several named inputs (per-event counts, requirement checks): a blank counts as 0
        columns = [(name, place.columns.get(layout.input_key(code, name))) for name in inputs]
        if any(c is None for _, c in columns):
            return
        first = column_letter(columns[0][1])  # type: ignore[arg-type]
        for r, eid, row, n in rows:
            value: dict[str, float] | None = {}
            for name, c in columns:
                v = row[c]  # type: ignore[index]
                cls = v.__class__
                if cls is int:
                    v = flt(v)
                elif cls is not flt:
                    if blank(v):
                        v = 0.0
                    else:
                        try:
                            v = parse_number(v, yes_no=True)
                        except ValueIssue as issue:
                            label = Label(f"{ind.name} {name}", f"{ind.name}: {name}")
                            cells.report(issue, r, c, label)  # type: ignore[arg-type]
                            value = None
                            break
                value[name] = v  # type: ignore[index]
            add(Ent(eid, code, value, None, sheet, first, n))


class _Positions:
    """Positions by code, with lookup by code or name."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.sheets: dict[str, str] = {}
        self.sheet_sources: dict[str, Source] = {}
        self.groups: dict[str, str] = {}  # code -> position group, where HR gave one
        self._lookup: dict[str, str] = {}
        self._seen: dict[str, str | None] = {}  # text as written -> code (many rows repeat it)

    def add(self, code: str, name: str, sheet: str, row: int, sheet_source: Source) -> None:
        self.rows[code] = row
        self.sheets[code] = sheet
        self.sheet_sources[code] = sheet_source
        self._lookup.setdefault(layout.name_key(code), code)
        self._lookup.setdefault(layout.name_key(name), code)

    def resolve(self, text: str) -> str | None:
        if text in self.rows:
            return text
        if text not in self._seen:
            self._seen[text] = self._lookup.get(layout.name_key(text))
        return self._seen[text]


def _text(cells: CellParser, raw: Any, r: int, c: int, what: Label, required: bool = False) -> str:
    """A text cell; plain strings take a fast path."""
    if raw.__class__ is str and "#" not in raw:
        text = raw.strip()
        if text or not required:
            return text
    return cells.parse(raw, r, c, Kind.TEXT, what, required=required) or ""


def _blank(v: Any) -> bool:
    return v is None or (v.__class__ is str and not v.strip())


def _key_or_none(cells: CellParser, raw: Any, r: int, c: int, what: Label) -> str:
    try:
        return parse_key(raw)
    except ValueIssue as issue:
        cells.report(issue, r, c, what)
        return ""


def _wanted_keys(ind: Indicator) -> list[str]:
    if ind.scored_by is ScoredBy.RATERS:
        return [layout.rater_key(ind.code, r) for r in layout.STANDARD_RATERS]
    inputs = ind.rule.inputs if ind.rule is not None else ("value",)
    if inputs == ("value",):
        return [layout.actual_key(ind.code)]
    return [layout.input_key(ind.code, name) for name in inputs]
