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

from xlkpi.core.model import Rater
from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl

from .headers import HeaderCell, norm_key, parse_header
from .target import Target, is_blank


def _aliases(*texts: str) -> frozenset[str]:
    return frozenset(norm_key(t) for t in texts)


# Header aliases of the columns the forms use (roster labels come from layout as well).
ID_HEADERS = _aliases(
    "工号",
    "员工编号",
    "员工工号",
    "员工号",
    "职工号",
    "职工编号",
    "人员编号",
    "人员工号",
    "员工代码",
    "员工编码",
    "员工ID",
    "客服工号",
    "客服编号",
    "坐席工号",
    "座席工号",
    "坐席号",
    "座席号",
    "坐席编号",
    "座席编号",
    "坐席ID",
    "座席ID",
    "账号",
    "员工账号",
    "坐席账号",
    "客服账号",
    "id",
    "employee id",
    "employee_id",
    "emp id",
    "emp no",
    "staff id",
    "staff no",
    "employee no",
    "employee number",
    "agent id",
    "agent no",
)
NAME_HEADERS = _aliases(
    "姓名",
    "员工姓名",
    "名字",
    "人员姓名",
    "职工姓名",
    "客服姓名",
    "坐席姓名",
    "座席姓名",
    "坐席名称",
    "客服名称",
    "name",
    "employee name",
    "employee_name",
    "full name",
    "agent name",
    "staff name",
)
INDICATOR_HEADERS = _aliases(
    "指标",
    "指标编码",
    "指标名称",
    "考核指标",
    "指标代码",
    "indicator",
    "indicator code",
    "indicator name",
    "kpi",
)
VALUE_HEADERS = _aliases(
    "值", "实际值", "数值", "分数", "评分", "得分", "value", "actual", "actual value", "score"
)
RATER_HEADERS = _aliases(
    "评分人",
    "评分类型",
    "评分角色",
    "评价人",
    "评分者",
    "rater",
    "rater type",
    "rater role",
    "scored by",
)
DEPARTMENT_HEADERS = _aliases("部门", "所属部门", "department", "dept")
TEAM_HEADERS = _aliases("班组", "小组", "团队", "组别", "team", "group")
POSITION_HEADERS = _aliases(
    "岗位", "职位", "岗位名称", "岗位编码", "position", "job", "job title", "role"
)
BONUS_HEADERS = _aliases("奖金基数", "绩效奖金基数", "bonus base", "bonus_base", "bonus")

# an actual-value column may say so: "满意度 实际值", "CSAT actual"
ACTUAL_SUFFIXES = _aliases("实际值", "实际", "actual", "value")


def _with_layout(aliases: frozenset[str], table: str, key: str) -> frozenset[str]:
    label = layout.TABLES[table].column(key).label
    return aliases | _aliases(label.zh, label.en, key)


ROSTER_FIELDS: dict[str, frozenset[str]] = {
    "id": _with_layout(ID_HEADERS, "roster", "id"),
    "name": _with_layout(NAME_HEADERS, "roster", "name"),
    "department": _with_layout(DEPARTMENT_HEADERS, "roster", "department"),
    "team": _with_layout(TEAM_HEADERS, "roster", "team"),
    "position": _with_layout(POSITION_HEADERS, "roster", "position"),
    "bonus_base": _with_layout(BONUS_HEADERS, "roster", "bonus_base"),
}


def rater_suffixes(rater: Rater) -> list[str]:
    label = layout.RATER_LABELS[rater]
    return [rater.value, label.zh, label.en]


class Form(str, Enum):
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
class Resolver:
    """Indicator and column names of every position, looked up by normalised text."""

    target: Target
    # position code -> text -> indicator code
    indicators: dict[str, dict[str, str]] = field(default_factory=dict)
    # position code -> text -> data-sheet key
    keys: dict[str, dict[str, str]] = field(default_factory=dict)
    # position code -> text -> every key it names, where that is more than one
    clashes: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for pos in self.target.positions.values():
            sheet = self.target.data_sheets.get(pos.sheet)
            by_text: dict[str, str] = {}
            by_key: dict[str, str] = {}
            clashes: dict[str, list[str]] = {}
            bare_inputs: dict[str, set[str]] = {}

            def add(
                text: str, key: str, table: dict[str, str], clashes: dict[str, list[str]] = clashes
            ) -> None:
                old = table.setdefault(text, key)
                if old != key and key not in clashes.setdefault(text, [old]):
                    clashes[text].append(key)

            for ind in self.target.indicators.get(pos.code, []):
                names = {norm_key(n) for n in ind.names()}
                # an indicator named with its unit ("平均通话时间（秒）") is also found without
                names |= {parse_header(n).key for n in ind.names()}
                names.discard("")
                for n in names:
                    add(n, ind.code, by_text)
                if sheet is None:
                    continue
                for key in sheet.input_keys(ind.code):
                    dk = layout.parse_data_key(key)
                    assert dk is not None
                    forms: set[str] = {key}
                    if dk.kind == "actual":
                        suffixes = [""] + sorted(ACTUAL_SUFFIXES)
                    elif dk.kind == "rater":
                        assert dk.rater is not None
                        suffixes = rater_suffixes(dk.rater)
                    else:
                        suffixes = [dk.input, sheet.headers.get(key, "")]
                    for n in names:
                        for suffix in suffixes:
                            sfx = norm_key(suffix)
                            if sfx or dk.kind == "actual":
                                forms |= {f"{n} {sfx}".strip(), f"{n}{sfx}"}
                    for f in forms:
                        add(norm_key(f), key, by_key)
                    if dk.kind == "input":  # "迟到" alone, when no other input is so named
                        for bare in {norm_key(dk.input), norm_key(sheet.headers.get(key, ""))}:
                            if bare:
                                bare_inputs.setdefault(bare, set()).add(key)
            for bare, keys in bare_inputs.items():
                if len(keys) == 1:
                    by_key.setdefault(bare, next(iter(keys)))
            if sheet is not None:
                for key in sheet.money_keys():  # pay inputs: by key, name or label
                    name = key[len(pl.MONEY_PREFIX) :]
                    labels = pl.input_labels(name)
                    texts = [key, name, sheet.headers.get(key, "")]
                    texts += [t for lb in labels for t in (lb.zh, lb.en)]
                    for t in texts:
                        if norm_key(t):
                            by_key.setdefault(norm_key(t), key)
            self.indicators[pos.code] = by_text
            self.keys[pos.code] = by_key
            self.clashes[pos.code] = {t: ks for t, ks in clashes.items() if len(ks) > 1}

    def key(self, position: str, text: Any) -> str | None:
        """The data-sheet key a column or indicator text names for `position`."""
        return self.keys.get(position, {}).get(norm_key(text))

    def indicator(self, position: str, text: Any) -> str | None:
        """The indicator code `text` names (without any rater or input) for `position`."""
        return self.indicators.get(position, {}).get(norm_key(text))

    def clash(self, text: Any) -> list[str]:
        """The keys or codes `text` names in one position when it names more than one."""
        t = norm_key(text)
        return next((ks for c in self.clashes.values() if (ks := c.get(t))), [])

    def anywhere(self, text: Any) -> bool:
        """Whether `text` names an indicator or input column of any position."""
        t = norm_key(text)
        return any(t in m for m in self.keys.values()) or any(
            t in m for m in self.indicators.values()
        )

    def label(self, position: str, key: str) -> str:
        """A text that names `key` for HR ("response_time 平均响应时长", "CS3 服务态度 自评")."""
        dk = layout.parse_data_key(key)
        ind = next(
            (i for i in self.target.indicators.get(position, []) if dk and i.code == dk.code), None
        )
        if dk is None or ind is None:
            return key
        text = f"{ind.code} {ind.name}".strip()
        if dk.rater is not None:
            text += " " + layout.RATER_LABELS[dk.rater].zh
        elif dk.input:
            text += " " + dk.input
        return text if self.key(position, text) == key else key


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


# role -> the texts that name it; the first form is what the mapping table shows
ROLE_HEADERS: dict[str, frozenset[str]] = {
    "indicator": INDICATOR_HEADERS,
    "value": VALUE_HEADERS,
    "rater": RATER_HEADERS,
    **ROSTER_FIELDS,
}
ROLE_LABELS: dict[str, layout.Label] = {
    **{k: layout.TABLES["roster"].column(k).label for k in ROSTER_FIELDS},
    "indicator": layout.Label("指标", "Indicator"),
    "value": layout.Label("值", "Value"),
    "rater": layout.Label("评分人", "Rater"),
}


def role_of(key: str) -> str | None:
    """The role a normalised header text names ("工号" -> "id"), or None."""
    return next((r for r, names in ROLE_HEADERS.items() if key in names), None)


def is_id_header(key: str) -> bool:
    """An employee-id header: a known form, or any '...工号' (客服工号, 组内工号)."""
    return key in ROSTER_FIELDS["id"] or (key.endswith("工号") and len(key) <= 8)


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
    roles: dict[str, int] = {}
    names: dict[int, str] = {}  # col -> the header text that matched (or the header)
    rest: dict[int, str] = {}
    indicator_cols: dict[int, str] = {}
    ignored: dict[int, str] = {}
    units: dict[int, str] = {}
    for cell in cells:
        c = cell.col
        if not cell.headers:
            continue
        units[c] = cell.unit
        if c in mapped:
            target, unit = mapped[c]
            units[c] = unit or cell.unit
            role = role_of(norm_key(target)) if target else None
            if not target:
                ignored[c] = cell.text
            elif role is not None and role not in roles:
                roles[role] = c
                names[c] = target
            else:
                indicator_cols[c] = target
            continue
        for h in cell.headers:
            role = role_of(h.key)
            if role is not None and role not in roles:
                roles[role] = c
                names[c] = h.name
                break
        else:
            names[c] = cell.headers[0].name
            rest[c] = cell.text
    if "id" not in roles:  # '客服工号' and the like
        for c in list(rest):
            if any(is_id_header(h.key) for h in cells[c].headers):
                roles["id"] = c
                names[c] = cells[c].headers[0].name
                del rest[c]
                break
    if "id" not in roles:
        return None

    def as_indicator(c: int) -> str | None:
        for h in cells[c].headers:
            for text in (h.name, h.text):
                if resolver.anywhere(text):
                    return text
        return None

    def found(form: Form, **kw: Any) -> Detected:
        return Detected(
            form,
            header_row,
            roles,
            first_data=first_data,
            cells=cells,
            units=units,
            ignored=ignored,
            mapped=set(mapped),
            **kw,
        )

    if "indicator" in roles and "value" in roles:
        return found(Form.LONG, unknown=dict(rest))
    for c in list(rest):
        if (text := as_indicator(c)) is not None:
            indicator_cols[c] = text
            del rest[c]
    # a column named like an indicator but also like a value/rater header is an indicator
    for role in ("value", "indicator", "rater", "bonus_base"):
        if role in roles and roles[role] not in mapped and (text := as_indicator(roles[role])):
            indicator_cols[roles.pop(role)] = text
    if indicator_cols:
        # "Role" is a roster alias of the position and the pay input m:role: in a file with
        # indicator or pay columns it is the pay input
        for role in ("position", "team", "department"):
            if role in roles and roles[role] not in mapped and (text := as_indicator(roles[role])):
                indicator_cols[roles.pop(role)] = text
        return found(Form.WIDE, indicator_columns=indicator_cols, unknown=rest)
    if "position" in roles or "name" in roles:
        return found(Form.ROSTER, unknown=dict(rest))
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
