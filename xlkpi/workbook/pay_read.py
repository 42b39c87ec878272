"""Reading the money part of a workbook: the Pay sheet's tables, each position's pay
scheme and each person's `m:` inputs. Never raises for a user's mistake: every bad cell
is a Problem naming its sheet and cell (see `xlkpi.workbook.pay_layout` for the layout).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkpi.core.model import Employee
from xlkpi.core.money import (
    PRESETS,
    FactorBand,
    FormulaError,
    FormulaScheme,
    ManagerFactorScheme,
    MoneyError,
    PieceRateScheme,
    PoolRole,
    PoolSplitScheme,
    RateTier,
    SalaryScheme,
    SplitRule,
    compile_formula,
)
from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import BookReader, a1
from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.layout import Kind, Table
from xlkpi.workbook.read import ReadOutcome
from xlkpi.workbook.values import CellParser, ValueIssue, is_blank, parse_key, parse_text

Grid = list[list[Any]]


# ---------------------------------------------------------------------------------------
# What is read
# ---------------------------------------------------------------------------------------


@dataclass
class PayTable:
    """One table found on the Pay sheet: header row, column of each key, its records."""

    key: str
    sheet: str
    header_row: int
    columns: dict[str, int]
    records: list[tuple[int, dict[str, Any]]]  # (row, {column key: raw value})

    def source(self, row: int, key: str) -> Source:
        return Source(self.sheet, a1(row, self.columns.get(key, 0)))


@dataclass(frozen=True)
class TeamRow:
    """A repair team's month from the team output table."""

    team: str
    size: int | None
    working_days: int | None
    passed_units: int
    on_time_rate: Decimal
    short_of_returns: bool
    source: Source  # the team's cell
    cells: dict[str, Source] = field(default_factory=dict)  # column key -> cell


@dataclass(frozen=True)
class FormulaDef:
    """A named formula: from the Pay sheet (with its cell) or a core preset."""

    scheme: FormulaScheme
    source: Source | None  # None for a preset not written on the sheet


@dataclass(frozen=True)
class PoolDef:
    """A named pool: the split scheme and where its pool formula came from."""

    scheme: PoolSplitScheme
    source: Source | None
    role_sources: dict[str, Source] = field(default_factory=dict)  # role code -> formula cell


@dataclass
class PaySetup:
    """Everything about money that is not per person."""

    sheet: str | None = None
    choices: dict[str, pl.PayChoice] = field(default_factory=dict)  # position -> scheme
    choice_sources: dict[str, Source] = field(default_factory=dict)
    salary: SalaryScheme = field(default_factory=SalaryScheme)
    manager: ManagerFactorScheme = field(default_factory=ManagerFactorScheme)
    piece_rate: PieceRateScheme = field(default_factory=PieceRateScheme)
    formulas: dict[str, FormulaDef] = field(default_factory=dict)  # casefolded name ->
    pools: dict[str, PoolDef] = field(default_factory=dict)  # casefolded name ->
    #: (casefolded pool, department or "" for every department) -> input -> value
    pool_inputs: dict[tuple[str, str], dict[str, Decimal]] = field(default_factory=dict)
    pool_input_sources: dict[tuple[str, str], list[Source]] = field(default_factory=dict)
    teams: dict[str, TeamRow] = field(default_factory=dict)
    teams_table: Source | None = None

    def formula(self, name: str) -> FormulaDef | None:
        return self.formulas.get(name.casefold())

    def pool(self, name: str) -> PoolDef | None:
        return self.pools.get(name.casefold())


@dataclass
class PersonInputs:
    """One person's row on their data sheet, with the raw `m:` cells."""

    employee: Employee
    sheet: str
    row: int
    values: dict[str, Any]  # money input name (as keyed) -> raw cell value
    cells: dict[str, Source]  # money input name -> its cell
    id_source: Source

    def get(self, name: str) -> tuple[Any, Source | None]:
        """Raw value and cell of an input, matching the name case-insensitively."""
        for key, value in self.values.items():
            if key.casefold() == name.casefold():
                return value, self.cells[key]
        return None, None

    def has(self, name: str) -> bool:
        return any(key.casefold() == name.casefold() for key in self.values)


# ---------------------------------------------------------------------------------------
# Finding the Pay sheet's tables
# ---------------------------------------------------------------------------------------


def _is_header(table: Table, row: list[Any]) -> bool:
    required = [c for c in table.columns if c.required]
    return all(any(c.label.matches(v) for v in row) for c in required)


def find_pay_tables(sheet: str, grid: Grid) -> dict[str, PayTable]:
    """Every Pay table found on the sheet, by its header row; records end at a blank row.

    Args:
        sheet: the sheet's name (for sources).
        grid: its values.
    Returns:
        Table key -> the table; tables not on the sheet are absent.
    """
    found: dict[str, PayTable] = {}
    headers: dict[int, str] = {}
    for r, row in enumerate(grid):
        for key, table in pl.PAY_TABLES.items():
            if key not in found and _is_header(table, row):
                columns = layout.map_columns(table, row)
                found[key] = PayTable(key, sheet, r, columns, [])
                headers[r] = key
                break
    for place in found.values():
        for r in range(place.header_row + 1, len(grid)):
            if r in headers:
                break
            row = grid[r]
            rec = {k: (row[c] if c < len(row) else None) for k, c in place.columns.items()}
            if all(is_blank(v) for v in rec.values()):
                break
            place.records.append((r, rec))
    return found


# ---------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------


def _dec(value: Any) -> Decimal:
    """A parsed cell number as Decimal (floats through repr, so 0.96 stays 0.96)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def read_pay_setup(book: BookReader, outcome: ReadOutcome, problems: Problems) -> PaySetup:
    """Read the positions' pay schemes and the Pay sheet.

    Args:
        book: the workbook.
        outcome: what `read_assessment` found (sheet names, positions, data sheets).
        problems: where problems go.
    Returns:
        The setup; parts that could not be read keep the core's defaults.
    """
    return _PayReader(book, outcome, problems).read()


def read_money_inputs(
    book: BookReader, outcome: ReadOutcome, positions: set[str]
) -> dict[str, PersonInputs]:
    """Each person's `m:` cells from their position's data sheet.

    Args:
        book: the workbook.
        outcome: what `read_assessment` found (rows and key columns of data sheets).
        positions: the positions that have a pay scheme.
    Returns:
        Employee id -> inputs, for people on those positions' data sheets.
    """
    employees = {e.id: e for e in outcome.assessment.employees}
    out: dict[str, PersonInputs] = {}
    for position, place in outcome.where.data.items():
        if position not in positions:
            continue
        grid = book.read_grid(place.sheet) or []
        money_cols = {
            key[len(pl.MONEY_PREFIX) :]: col
            for key, col in place.columns.items()
            if key.startswith(pl.MONEY_PREFIX)
        }
        id_col = place.columns.get("id", 0)
        for eid, r in place.rows.items():
            employee = employees.get(eid)
            if employee is None:
                continue
            row = grid[r] if r < len(grid) else []
            values = {n: (row[c] if c < len(row) else None) for n, c in money_cols.items()}
            cells = {n: Source(place.sheet, a1(r, c)) for n, c in money_cols.items()}
            out[eid] = PersonInputs(
                employee, place.sheet, r, values, cells, Source(place.sheet, a1(r, id_col))
            )
    return out


class _PayReader:
    def __init__(self, book: BookReader, outcome: ReadOutcome, problems: Problems):
        self.book = book
        self.outcome = outcome
        self.problems = problems
        self.setup = PaySetup()

    def read(self) -> PaySetup:
        self._choices()
        sheet = self.outcome.where.sheets.get("pay")  # found by read_assessment
        tables: dict[str, PayTable] = {}
        if sheet is not None:
            self.setup.sheet = sheet
            tables = find_pay_tables(sheet, self.book.read_grid(sheet) or [])
        self._schemes(tables)
        self._formulas(tables.get("formulas"))
        self._pools(tables.get("pool_roles"))
        self._pool_inputs(tables.get("pool_inputs"))
        self._teams(tables.get("teams"))
        if self.setup.choices and sheet is None:
            self.problems.warning(
                "pay.sheet_missing",
                "Positions choose pay schemes but the workbook has no Pay sheet (薪酬); the "
                "schemes' default parameters are used",
                "“岗位”表选择了薪酬方案，但工作簿中没有“薪酬”表；使用方案的默认参数",
                *self.setup.choice_sources.values(),
            )
        return self.setup

    # -- Positions.pay_scheme ------------------------------------------------------------

    def _choices(self) -> None:
        place = self.outcome.where.positions  # found by read_assessment
        if place is None:
            return
        sheet, cols = place.sheet, place.columns
        if "pay_scheme" not in cols or "code" not in cols:
            return
        table = layout.TABLES["positions"]
        grid = self.book.read_grid(sheet) or []
        known = self.outcome.where.position_names
        for r in range(place.header_row + 1, len(grid)):
            row = grid[r]
            raw_code = row[cols["code"]] if cols["code"] < len(row) else None
            raw = row[cols["pay_scheme"]] if cols["pay_scheme"] < len(row) else None
            if is_blank(raw) or is_blank(raw_code):
                continue
            src = Source(sheet, a1(r, cols["pay_scheme"]))
            try:
                code = parse_key(raw_code)
                choice = pl.parse_pay_scheme(parse_text(raw))
            except ValueIssue as issue:
                self.problems.error(issue.code, issue.message_en, issue.message_zh, src)
                continue
            except pl.PaySchemeError as err:
                col = table.column("pay_scheme").label
                self.problems.error(
                    "pay.scheme_unknown",
                    f"{col.en}: {err.message_en}",
                    f"{col.zh}：{err.message_zh}",
                    src,
                )
                continue
            if code in known and choice is not None:
                self.setup.choices[code] = choice
                self.setup.choice_sources[code] = src

    # -- scheme parameters, bands, quotas, tiers, splits ---------------------------------

    def _schemes(self, tables: dict[str, PayTable]) -> None:
        kwargs: dict[str, dict[str, Any]] = {"salary": {}, "manager_factor": {}, "piece_rate": {}}
        where: dict[tuple[str, str], Source] = {}
        params = tables.get("pay_params")
        if params is not None:
            self._params(params, kwargs, where)
        bands = tables.get("factor_bands")
        if bands is not None:
            self._bands(bands, kwargs["manager_factor"], where)
        quotas = tables.get("quotas")
        if quotas is not None:
            rows = self._rows(quotas)
            kwargs["piece_rate"]["daily_quota"] = tuple(
                (v["team_size"], _dec(v["per_day"])) for _, v in rows
            )
            where[("piece_rate", "daily_quota")] = Source(quotas.sheet, a1(quotas.header_row, 0))
        tiers = tables.get("tiers")
        if tiers is not None:
            rows = self._rows(tiers)
            kwargs["piece_rate"]["tiers"] = tuple(
                RateTier(_dec(v["min_rate"]), _dec(v["per_unit"]), _dec(v["base_share"]))
                for _, v in rows
            )
            where[("piece_rate", "tiers")] = Source(tiers.sheet, a1(tiers.header_row, 0))
            for name in ("min_rate", "per_unit", "base_share"):
                where[("piece_rate", name)] = where[("piece_rate", "tiers")]
        splits = tables.get("splits")
        if splits is not None:
            rows = self._rows(splits)
            kwargs["piece_rate"]["splits"] = tuple(
                SplitRule(
                    v["engineers"],
                    v["assistants"],
                    _dec(v["engineer_weight"]),
                    _dec(v["assistant_weight"]),
                )
                for _, v in rows
            )
        classes = {
            "salary": SalaryScheme,
            "manager_factor": ManagerFactorScheme,
            "piece_rate": PieceRateScheme,
        }
        for kind, cls in classes.items():
            try:
                scheme = cls(**kwargs[kind])
            except MoneyError as err:
                src = where.get((kind, err.field or ""), Source(self.setup.sheet))
                label = pl.PAY_SCHEME_LABELS[kind]
                self.problems.error(
                    "pay.parameter",
                    f"{label.en}: {err.message_en}",
                    f"{label.zh}：{err.message_zh}",
                    src,
                )
                continue
            setattr(self.setup, {"manager_factor": "manager"}.get(kind, kind), scheme)

    def _rows(self, table: PayTable) -> list[tuple[int, dict[str, Any]]]:
        """Parsed records of a table; rows with a bad or missing required cell are dropped."""
        spec = pl.PAY_TABLES[table.key]
        cells = CellParser(table.sheet, self.problems)
        out = []
        for r, rec in table.records:
            values: dict[str, Any] = {}
            ok = True
            for col in spec.columns:
                c = table.columns.get(col.key)
                if c is None:
                    values[col.key] = None
                    continue
                if col.kind is Kind.CHOICE:
                    values[col.key] = cells.choice(rec[col.key], r, c, col.choices or "", col.label)
                    continue
                values[col.key] = cells.parse(
                    rec[col.key], r, c, col.kind, col.label, required=col.required
                )
                if col.required and values[col.key] is None:
                    ok = False
            if ok:
                out.append((r, values))
        return out

    def _params(
        self,
        table: PayTable,
        kwargs: dict[str, dict[str, Any]],
        where: dict[tuple[str, str], Source],
    ) -> None:
        cells = CellParser(table.sheet, self.problems)
        spec = pl.PAY_TABLES["pay_params"]
        seen: dict[tuple[str, str], Source] = {}
        for r, rec in table.records:
            scheme_src = table.source(r, "scheme")
            try:
                scheme_text = parse_text(rec.get("scheme"))
            except ValueIssue as issue:
                cells.report(issue, r, table.columns["scheme"], spec.column("scheme").label)
                continue
            kind = pl.scheme_kind(scheme_text)
            if kind not in kwargs:
                with_params = ", ".join(pl.PAY_SCHEME_LABELS[k].en for k in kwargs)
                with_params_zh = "、".join(pl.PAY_SCHEME_LABELS[k].zh for k in kwargs)
                self.problems.error(
                    "pay.parameter_scheme",
                    f"Scheme parameters: '{scheme_text}' is not a scheme with parameters "
                    f"({with_params})",
                    f"方案参数：“{scheme_text}”不是有参数的方案（{with_params_zh}）",
                    scheme_src,
                )
                continue
            param_src = table.source(r, "parameter")
            param = pl.find_param(kind, rec.get("parameter"))
            if param is None:
                names = ", ".join(p.label.en for p in pl.PAY_PARAMS if p.scheme == kind)
                names_zh = "、".join(p.label.zh for p in pl.PAY_PARAMS if p.scheme == kind)
                self.problems.error(
                    "pay.parameter_unknown",
                    f"Scheme parameters: '{parse_text(rec.get('parameter'))}' is not a "
                    f"parameter of {pl.PAY_SCHEME_LABELS[kind].en} ({names})",
                    f"方案参数：“{parse_text(rec.get('parameter'))}”不是"
                    f"{pl.PAY_SCHEME_LABELS[kind].zh}的参数（{names_zh}）",
                    param_src,
                )
                continue
            value_src = table.source(r, "value")
            if (kind, param.key) in seen:
                self.problems.error(
                    "pay.parameter_duplicate",
                    f"Scheme parameters: {param.label.en} of {pl.PAY_SCHEME_LABELS[kind].en} "
                    "is given twice",
                    f"方案参数：{pl.PAY_SCHEME_LABELS[kind].zh}的“{param.label.zh}”填写了两次",
                    seen[(kind, param.key)],
                    value_src,
                )
                continue
            seen[(kind, param.key)] = value_src
            value = cells.parse(
                rec.get("value"), r, table.columns["value"], param.kind, param.label, required=True
            )
            if value is None:
                continue
            kwargs[kind][param.key] = value if param.kind is Kind.INTEGER else _dec(value)
            where[(kind, param.key)] = value_src

    def _bands(
        self, table: PayTable, kwargs: dict[str, Any], where: dict[tuple[str, str], Source]
    ) -> None:
        rows = self._rows(table)
        src = Source(table.sheet, a1(table.header_row, 0))
        where[("manager_factor", "bands")] = src
        where[("manager_factor", "min_average")] = src
        where[("manager_factor", "factor")] = src
        where[("manager_factor", "below_factor")] = src
        if not rows:
            return
        last_row, last = rows[-1]
        if _dec(last["min_average"]) != 0:
            self.problems.error(
                "pay.bands_floor",
                "Manager factor bands: the last band must start at 0 (it gives the factor "
                "below every other band)",
                "经理绩效系数档位：最后一档必须从 0 分开始（它是低于其他各档时的系数）",
                table.source(last_row, "min_average"),
            )
            return
        kwargs["bands"] = tuple(
            FactorBand(_dec(v["min_average"]), _dec(v["factor"])) for _, v in rows[:-1]
        )
        kwargs["below_factor"] = _dec(last["factor"])

    # -- formulas and pools --------------------------------------------------------------

    def _formulas(self, table: PayTable | None) -> None:
        setup = self.setup
        for code, preset in PRESETS.items():
            if isinstance(preset, FormulaScheme):
                setup.formulas[code.casefold()] = FormulaDef(preset, None)
        self._pool_formula_text: dict[str, tuple[str, Source, str]] = {}
        if table is None:
            return
        cells = CellParser(table.sheet, self.problems)
        spec = pl.PAY_TABLES["formulas"]
        seen: dict[str, Source] = {}
        for r, rec in table.records:
            name_src = table.source(r, "name")
            src = table.source(r, "formula")
            try:
                name = parse_key(rec.get("name"))
                text = parse_text(rec.get("formula"))
                note = parse_text(rec.get("note")) if "note" in table.columns else ""
            except ValueIssue as issue:
                cells.report(issue, r, table.columns["formula"], spec.column("formula").label)
                continue
            if not name or not text:
                missing = spec.column("name" if not name else "formula").label
                hint_en = hint_zh = ""
                if name:  # Excel turns a typed "=..." into a worksheet formula (#NAME?)
                    hint_en = (
                        " (a formula typed with a leading '=' becomes an Excel formula "
                        "showing #NAME?: format the cell as Text or type it without '=')"
                    )
                    hint_zh = "（以“=”开头输入的公式会被 Excel 当作工作表公式而显示 #NAME?：请把单元格设为文本格式，或去掉“=”）"
                self.problems.error(
                    "value.required",
                    f"Formulas: {missing.en} is required but the cell is empty{hint_en}",
                    f"奖金公式：{missing.zh}不能为空{hint_zh}",
                    name_src if not name else src,
                )
                continue
            if name.casefold() in seen:
                self.problems.error(
                    "pay.formula_duplicate",
                    f"Formula name '{name}' is listed twice",
                    f"公式名称“{name}”重复",
                    seen[name.casefold()],
                    name_src,
                )
                continue
            seen[name.casefold()] = name_src
            try:
                compile_formula(text)
            except FormulaError as err:
                self.problems.error(
                    "money.formula",
                    f"Formula '{name}': {err.message_en}: {text}",
                    f"公式“{name}”：{err.message_zh}：{text}",
                    src,
                )
                continue
            found = PRESETS.get(name)
            if isinstance(found, PoolSplitScheme) or name.casefold() in self._pool_names():
                self._pool_formula_text[name.casefold()] = (text, src, note)
                continue
            inputs = found.inputs if isinstance(found, FormulaScheme) else ()
            label_en = note or (found.label_en if found is not None else name)
            label_zh = note or (found.label_zh if found is not None else name)
            setup.formulas[name.casefold()] = FormulaDef(
                FormulaScheme(name, label_en, label_zh, text, inputs), src
            )

    def _pool_names(self) -> set[str]:
        return {c.name.casefold() for c in self.setup.choices.values() if c.kind == "pool_split"}

    def _pools(self, table: PayTable | None) -> None:
        setup = self.setup
        for code, preset in PRESETS.items():
            if isinstance(preset, PoolSplitScheme):
                setup.pools[code.casefold()] = PoolDef(preset, None)
        roles: dict[str, list[tuple[PoolRole, Source]]] = {}
        names: dict[str, str] = {}
        if table is not None:
            for r, v in self._rows(table):
                pool = parse_key(v["pool"])
                src = table.source(r, "formula")
                try:
                    role = PoolRole(
                        v["role"],
                        v["role_name"] or v["role"],
                        v["role_name"] or v["role"],
                        _dec(v["weight"]),
                        v["formula"],
                    )
                except FormulaError as err:
                    self.problems.error(
                        "money.formula",
                        f"Pool {pool}, role {v['role']}: {err.message_en}: {v['formula']}",
                        f"奖金池 {pool} 角色 {v['role']}：{err.message_zh}：{v['formula']}",
                        src,
                    )
                    continue
                except MoneyError as err:
                    self.problems.error(
                        "pay.pool_role",
                        f"Pool {pool}: {err.message_en}",
                        f"奖金池 {pool}：{err.message_zh}",
                        table.source(r, "weight"),
                    )
                    continue
                roles.setdefault(pool.casefold(), []).append((role, src))
                names.setdefault(pool.casefold(), pool)
        for key in set(roles) | set(self._pool_formula_text):
            known = setup.pools.get(key)
            text_src = self._pool_formula_text.get(key)
            pool_text = text_src[0] if text_src else (known.scheme.pool_text if known else None)
            name = names.get(key) or (known.scheme.code if known else key)
            where = text_src[1] if text_src else None
            if pool_text is None:
                first = roles[key][0][1]
                self.problems.error(
                    "pay.pool_formula_missing",
                    f"Pool {name} has roles but no pool formula: add a row named {name} to the "
                    "Formulas table",
                    f"奖金池 {name} 有角色但没有奖金池公式：请在奖金公式表中添加名为 {name} 的行",
                    first,
                )
                continue
            if key in roles:
                role_rows = roles[key]
            elif known is not None:
                role_rows = [(r, Source()) for r in known.scheme.roles]
            else:
                self.problems.error(
                    "pay.pool_roles_missing",
                    f"Pool {name} has a pool formula but no roles: list its roles, shares and "
                    "member formulas in the pool table",
                    f"奖金池 {name} 有奖金池公式但没有角色：请在奖金池分配表中列出角色、比例和个人公式",
                    where or Source(self.setup.sheet),
                )
                continue
            base = known.scheme if known else None
            note = text_src[2] if text_src else ""
            try:
                scheme = PoolSplitScheme(
                    code=name,
                    label_en=note or (base.label_en if base else name),
                    label_zh=note or (base.label_zh if base else name),
                    pool_text=pool_text,
                    roles=tuple(r for r, _ in role_rows),
                    inputs=base.inputs if base else (),
                )
            except (MoneyError, FormulaError) as err:
                self.problems.error(
                    "pay.pool",
                    f"Pool {name}: {err.message_en}",
                    f"奖金池 {name}：{err.message_zh}",
                    where or role_rows[0][1],
                )
                continue
            setup.pools[key] = PoolDef(
                scheme, where, {r.code: s for r, s in role_rows if s != Source()}
            )

    def _pool_inputs(self, table: PayTable | None) -> None:
        if table is None:
            return
        for r, v in self._rows(table):
            if v["value"] is None:  # a template row not filled in yet
                continue
            pool = parse_key(v["pool"]).casefold()
            dept = (v["department"] or "").strip()
            key = (pool, dept)
            name = parse_key(v["input"])
            inputs = self.setup.pool_inputs.setdefault(key, {})
            src = table.source(r, "value")
            if name in inputs:
                self.problems.error(
                    "pay.pool_input_duplicate",
                    f"Pool inputs: {name} of pool {v['pool']} ({dept or 'all departments'}) is "
                    "given twice",
                    f"奖金池数据：奖金池 {v['pool']}（{dept or '全部部门'}）的 {name} 填写了两次",
                    src,
                )
                continue
            inputs[name] = _dec(v["value"])
            self.setup.pool_input_sources.setdefault(key, []).append(src)

    # -- teams ---------------------------------------------------------------------------

    def _teams(self, table: PayTable | None) -> None:
        if table is None:
            return
        self.setup.teams_table = Source(table.sheet, a1(table.header_row, 0))
        for r, v in self._rows(table):
            team = parse_key(v["team"])
            src = table.source(r, "team")
            if team in self.setup.teams:
                self.problems.error(
                    "pay.team_duplicate",
                    f"Repair team {team} is listed twice",
                    f"维修班组 {team} 重复",
                    self.setup.teams[team].source,
                    src,
                )
                continue
            self.setup.teams[team] = TeamRow(
                team=team,
                size=v["size"],
                working_days=v["working_days"],
                passed_units=v["passed_units"],
                on_time_rate=_dec(v["on_time_rate"]),
                short_of_returns=v["short_of_returns"] == "yes",
                source=src,
                cells={k: table.source(r, k) for k in table.columns},
            )


__all__ = [
    "FormulaDef",
    "PaySetup",
    "PayTable",
    "PersonInputs",
    "PoolDef",
    "TeamRow",
    "find_pay_tables",
    "read_money_inputs",
    "read_pay_setup",
]
