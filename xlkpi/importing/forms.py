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

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from xlkpi.core.model import Rater
from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl

from .target import Target, is_blank, norm_text

_SEPARATORS = re.compile(r"[\s\-_/()（）\[\]【】:：·.,，#@]+")


def norm_key(text: Any) -> str:
    """A column or indicator text reduced for lookup: '满意度（自评）' -> '满意度 自评'."""
    return " ".join(_SEPARATORS.sub(" ", norm_text(text)).split())


def _aliases(*texts: str) -> frozenset[str]:
    return frozenset(norm_key(t) for t in texts)


# Header aliases of the columns the forms use (roster labels come from layout as well).
ID_HEADERS = _aliases(
    "工号",
    "员工编号",
    "员工工号",
    "员工号",
    "职工号",
    "员工ID",
    "id",
    "employee id",
    "employee_id",
    "emp id",
    "staff id",
    "employee no",
    "employee number",
)
NAME_HEADERS = _aliases(
    "姓名", "员工姓名", "名字", "name", "employee name", "employee_name", "full name"
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

    def __post_init__(self) -> None:
        for pos in self.target.positions.values():
            sheet = self.target.data_sheets.get(pos.sheet)
            by_text: dict[str, str] = {}
            by_key: dict[str, str] = {}
            for ind in self.target.indicators.get(pos.code, []):
                names = {norm_key(n) for n in ind.names()} - {""}
                for n in names:
                    by_text.setdefault(n, ind.code)
                if sheet is None:
                    continue
                for key in sheet.input_keys(ind.code):
                    dk = layout.parse_data_key(key)
                    assert dk is not None
                    forms: list[str] = [key]
                    if dk.kind == "actual":
                        suffixes = [""] + sorted(ACTUAL_SUFFIXES)
                    elif dk.kind == "rater":
                        assert dk.rater is not None
                        suffixes = rater_suffixes(dk.rater)
                    else:
                        suffixes = [dk.input, sheet.headers.get(key, "")]
                    for n in names:
                        for s in suffixes:
                            s = norm_key(s)
                            if s or dk.kind == "actual":
                                forms += [f"{n} {s}".strip(), f"{n}{s}"]
                    for f in forms:
                        by_key.setdefault(norm_key(f), key)
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

    def key(self, position: str, text: Any) -> str | None:
        """The data-sheet key a column or indicator text names for `position`."""
        return self.keys.get(position, {}).get(norm_key(text))

    def indicator(self, position: str, text: Any) -> str | None:
        """The indicator code `text` names (without any rater or input) for `position`."""
        return self.indicators.get(position, {}).get(norm_key(text))

    def anywhere(self, text: Any) -> bool:
        """Whether `text` names an indicator or input column of any position."""
        t = norm_key(text)
        return any(t in m for m in self.keys.values()) or any(
            t in m for m in self.indicators.values()
        )


@dataclass
class Detected:
    """What a file holds: its form, header row and the roles of its columns."""

    form: Form
    header_row: int  # index into the table's rows
    columns: dict[str, int]  # role ("id", "indicator", "value", "rater", "name", ...) -> col
    indicator_columns: dict[int, str] = field(default_factory=dict)  # wide: col -> header
    unknown: dict[int, str] = field(default_factory=dict)  # col -> header
    table: str = ""  # pay form: the PAY_TABLES key


def find_header(rows: list[list[Any]]) -> int | None:
    """Index of the first row (of the first 10) holding an employee-id column."""
    for i, cells in enumerate(rows[: layout.HEADER_SEARCH_ROWS]):
        if any(norm_key(v) in ROSTER_FIELDS["id"] for v in cells if not is_blank(v)):
            return i
    return None


def detect(header: list[Any], resolver: Resolver, header_row: int) -> Detected | None:
    """Classify a file by its header row; None when it is none of the forms."""
    roles: dict[str, int] = {}
    table = {
        "indicator": INDICATOR_HEADERS,
        "value": VALUE_HEADERS,
        "rater": RATER_HEADERS,
        **ROSTER_FIELDS,
    }
    rest: dict[int, str] = {}
    for c, v in enumerate(header):
        if is_blank(v):
            continue
        t = norm_key(v)
        role = next((r for r, names in table.items() if t in names), None)
        if role is not None and role not in roles:
            roles[role] = c
        else:
            rest[c] = str(v).strip()
    if "id" not in roles:
        return None
    if "indicator" in roles and "value" in roles:
        return Detected(Form.LONG, header_row, roles, unknown=dict(rest))
    indicator_cols = {c: h for c, h in rest.items() if resolver.anywhere(h)}
    # a column named like an indicator but also like a value/rater header is an indicator
    for role in ("value", "indicator", "rater", "bonus_base"):
        if role in roles and resolver.anywhere(header[roles[role]]):
            c = roles.pop(role)
            indicator_cols[c] = str(header[c]).strip()
    if indicator_cols:
        # "Role" is a roster alias of the position and the pay input m:role: in a file with
        # indicator or pay columns it is the pay input
        for role in ("position", "team", "department"):
            if role in roles and resolver.anywhere(header[roles[role]]):
                c = roles.pop(role)
                indicator_cols[c] = str(header[c]).strip()
        unknown = {c: h for c, h in rest.items() if c not in indicator_cols}
        return Detected(Form.WIDE, header_row, roles, indicator_cols, unknown=unknown)
    if "position" in roles or "name" in roles:
        return Detected(Form.ROSTER, header_row, roles, unknown=dict(rest))
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
