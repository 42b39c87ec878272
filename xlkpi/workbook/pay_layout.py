"""The money part of the workbook contract: the Pay sheet (薪酬), pay schemes chosen per
position, the money input and result columns of data sheets. Same style as `layout.py`,
which stays the one place for every other sheet.

- Positions.pay_scheme holds one of: salary / manager_factor / piece_rate /
  formula:<name> / pool_split:<name> (the key, or its label in either language, e.g.
  工资公式, 公式:workshop_supervisor; a full-width colon is accepted).
- The Pay sheet holds tables stacked one below the other, each under a title row and
  found by its header row (all required labels, either language), ending at the first
  blank row: scheme parameters, manager factor bands, piece-rate quotas, tiers and
  splits, team output, formulas, pool roles and pool inputs. A table or parameter that
  is missing takes the core's default (`xlkpi.core.money`).
- Data sheets carry money inputs under keys `m:<input>` (e.g. `m:days_attended`,
  `m:gross_profit`) and results under `pay` (the amount) and `pay_detail` (the
  breakdown text, `Breakdown.render`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlkpi import words
from xlkpi.core.label import Label
from xlkpi.core.money import ManagerFactorScheme, PieceRateScheme, SalaryScheme
from xlkpi.workbook.layout import (
    Column,
    Kind,
    label_key,
    table,
    tables,
)

# The money columns of data sheets are declared in `pay_columns`; importable from here too.
from xlkpi.workbook.pay_columns import (  # noqa: F401
    FORMULA_BUILTINS,
    MONEY_INPUTS,
    MONEY_PREFIX,
    PAY_INPUTS_GROUP,
    PAY_RESULT_COLUMNS,
    PAY_RESULTS_GROUP,
    SCHEME_INPUTS,
    ZERO_WHEN_BLANK,
    MoneyInput,
    input_labels,
    input_name,
    money_columns,
    money_key,
)

L = Label

# ---------------------------------------------------------------------------------------
# Pay schemes chosen per position
# ---------------------------------------------------------------------------------------

PAY_SCHEME_LABELS = words.table("pay", "scheme_labels")

#: schemes that name a formula or pool defined on the Pay sheet ("formula:<name>")
NAMED_SCHEMES = ("formula", "pool_split")


@dataclass(frozen=True)
class PayChoice:
    """A position's pay scheme: its kind and, for formula / pool_split, the name."""

    kind: str
    name: str = ""

    def text(self, lang: str = "zh") -> str:
        """How the choice is written in the Positions table ("formula:service_advisor")."""
        return f"{self.kind}:{self.name}" if self.name else self.kind

    def label(self, lang: str) -> str:
        """The choice in words: "公式:service_advisor", "Salary formula"."""
        shown = PAY_SCHEME_LABELS[self.kind](lang)
        return f"{shown}:{self.name}" if self.name else shown


class PaySchemeError(ValueError):
    """The Positions.pay_scheme text names no scheme."""

    def __init__(self, message_en: str, message_zh: str):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh


def scheme_kind(text: str) -> str | None:
    """The scheme kind whose key or label (either language) is `text`, or None."""
    return label_key(PAY_SCHEME_LABELS, text)


def parse_pay_scheme(text: str) -> PayChoice | None:
    """Read a Positions.pay_scheme cell.

    Args:
        text: the cell text ("salary", "工资公式", "formula:workshop_supervisor", ...).
    Returns:
        The choice, or None for a blank cell (no money for the position).
    Raises:
        PaySchemeError: the text names no scheme, or a formula / pool without its name.
    """
    raw = unicodedata.normalize("NFKC", text).strip()
    if not raw:
        return None
    head, sep, name = raw.partition(":")
    kind = scheme_kind(head)
    known_en = ", ".join(f"{k}:<name>" if k in NAMED_SCHEMES else k for k in PAY_SCHEME_LABELS)
    known_zh = "、".join(
        f"{v.zh}:<名称>" if k in NAMED_SCHEMES else v.zh for k, v in PAY_SCHEME_LABELS.items()
    )
    if kind is None:
        raise PaySchemeError(
            f"'{raw}' is not a pay scheme (use {known_en})",
            f"“{raw}”不是薪酬方案（可用：{known_zh}）",
        )
    name = name.strip()
    if kind in NAMED_SCHEMES and not name:
        label = PAY_SCHEME_LABELS[kind]
        raise PaySchemeError(
            f"'{raw}': {kind} needs the name of its {label.en.lower()} on the Pay sheet, "
            f"e.g. {kind}:service_advisor",
            f"“{raw}”：{label.zh}须写明“薪酬”表中的名称，例如 {kind}:service_advisor",
        )
    if kind not in NAMED_SCHEMES and sep:
        raise PaySchemeError(
            f"'{raw}': {kind} takes no name after ':'", f"“{raw}”：{kind} 后面不需要名称"
        )
    return PayChoice(kind, name if kind in NAMED_SCHEMES else "")


# ---------------------------------------------------------------------------------------
# The Pay sheet's tables
# ---------------------------------------------------------------------------------------

C = Column
PAY_TABLES = tables(
    table(
        "pay_params",
        C("scheme", L("方案", "Scheme"), required=True, width=18),
        C("parameter", L("参数", "Parameter"), required=True, width=26),
        C("value", L("值", "Value"), Kind.NUMBER, required=True, width=12),
        C("note", L("说明", "Note"), width=50),
        stacked_on="pay",
    ),
    table(
        "factor_bands",
        C(
            "min_average",
            L("团队平均分不低于", "Team average from"),
            Kind.NUMBER,
            required=True,
            width=18,
        ),
        C("factor", L("发放系数", "Factor"), Kind.PERCENT, required=True, width=12),
        stacked_on="pay",
    ),
    table(
        "quotas",
        C("team_size", L("团队人数", "Team size"), Kind.INTEGER, required=True, width=12),
        C("per_day", L("每天保底台数", "Units per day"), Kind.NUMBER, required=True, width=14),
        stacked_on="pay",
    ),
    table(
        "tiers",
        C(
            "min_rate",
            L("交付及时率不低于", "On-time rate from"),
            Kind.PERCENT,
            required=True,
            width=18,
        ),
        C("per_unit", L("超额每台金额", "¥ per extra unit"), Kind.MONEY, required=True, width=14),
        C(
            "base_share",
            L("返修不足时底薪比例", "Share of base pay if short of returns"),
            Kind.PERCENT,
            required=True,
            width=22,
        ),
        stacked_on="pay",
    ),
    table(
        "splits",
        C("engineers", L("工程师人数", "Engineers"), Kind.INTEGER, required=True, width=12),
        C("assistants", L("助理人数", "Assistants"), Kind.INTEGER, required=True, width=12),
        C(
            "engineer_weight",
            L("工程师比例", "Engineer weight"),
            Kind.NUMBER,
            required=True,
            width=12,
        ),
        C(
            "assistant_weight",
            L("助理比例", "Assistant weight"),
            Kind.NUMBER,
            required=True,
            width=12,
        ),
        stacked_on="pay",
    ),
    table(
        "teams",
        C("team", L("维修班组", "Repair team"), required=True, width=14),
        C("size", L("人数", "Size"), Kind.INTEGER, width=8),
        C("working_days", L("工作日", "Working days"), Kind.INTEGER, width=10),
        C(
            "passed_units",
            L("检验合格台数", "Units passed inspection"),
            Kind.INTEGER,
            required=True,
            width=16,
        ),
        C("on_time_rate", L("交付及时率", "On-time rate"), Kind.PERCENT, required=True, width=12),
        C(
            "short_of_returns",
            L("客户返修机不足", "Short of returns"),
            Kind.CHOICE,
            choices="yes_no",
            width=14,
        ),
        stacked_on="pay",
    ),
    table(
        "formulas",
        C("name", L("公式名称", "Formula name"), required=True, width=22),
        C("formula", L("公式", "Formula"), required=True, width=70),
        C("note", L("说明", "Note"), width=30),
        stacked_on="pay",
    ),
    table(
        "pool_roles",
        C("pool", L("奖金池", "Pool"), required=True, width=16),
        C("role", L("角色", "Role"), required=True, width=16),
        C("role_name", L("角色名称", "Role name"), width=14),
        C("weight", L("分配比例", "Share"), Kind.NUMBER, required=True, width=10),
        C("formula", L("个人公式", "Member formula"), required=True, width=60),
        stacked_on="pay",
    ),
    table(
        "pool_inputs",
        C("pool", L("奖金池", "Pool"), required=True, width=16),
        C("department", L("部门", "Department"), width=14),
        C("input", L("项目", "Input"), required=True, width=18),
        C("value", L("数值", "Amount"), Kind.NUMBER, width=14),  # blank: not given yet
        stacked_on="pay",
    ),
)
del C

#: the order the tables are laid out on the Pay sheet
PAY_TABLE_ORDER = (
    "pay_params",
    "factor_bands",
    "quotas",
    "tiers",
    "splits",
    "teams",
    "formulas",
    "pool_roles",
    "pool_inputs",
)

PAY_TABLE_TITLES = words.table("pay", "table_titles")

PAY_TITLE = L("薪酬方案", "Pay schemes")
PAY_HINT = L(
    "黄色单元格可修改；每个岗位在“岗位”表的“薪酬方案”列选择方案；个人数据在各数据表的薪酬数据列。",
    "Edit the yellow cells; each position picks its scheme in the Positions table; each "
    "person's figures are in the pay input columns of the data sheets.",
)


@dataclass(frozen=True)
class PayParam:
    """One row of the scheme parameters table; the default is the core's."""

    scheme: str  # a PAY_SCHEME_LABELS key
    key: str  # the scheme dataclass field
    label: Label
    kind: Kind
    note: Label = L("", "")

    @property
    def default(self) -> Any:
        """The core scheme's default for this parameter."""
        value = getattr(_DEFAULT_SCHEMES[self.scheme], self.key)
        return value


_DEFAULT_SCHEMES: dict[str, Any] = {
    "salary": SalaryScheme(),
    "manager_factor": ManagerFactorScheme(),
    "piece_rate": PieceRateScheme(),
}

PAY_PARAMS: tuple[PayParam, ...] = (
    PayParam(
        "salary",
        "days_basis",
        L("计薪天数", "Days basis"),
        Kind.NUMBER,
        L(
            "月工资 = 标准工资 ÷ 计薪天数 × 出勤天数 + 绩效工资基数 × 考核分%",
            "pay = standard pay ÷ days basis × days attended + performance base × score%",
        ),
    ),
    PayParam("salary", "complaint_points", L("每次投诉扣分", "Points per complaint"), Kind.NUMBER),
    PayParam(
        "salary",
        "escalated_points",
        L("投诉至总经理每次扣分", "Points per escalated complaint"),
        Kind.NUMBER,
    ),
    PayParam(
        "salary",
        "no_pay_complaints",
        L("取消绩效工资的投诉次数", "Complaints cancelling performance pay"),
        Kind.INTEGER,
        L(
            "当月投诉达到该次数（含投诉至总经理）不发绩效工资",
            "this many complaints in the month (escalated included): no performance pay",
        ),
    ),
    PayParam(
        "manager_factor",
        "cancel_complaints",
        L("取消系数的团队投诉次数", "Team complaints cancelling"),
        Kind.INTEGER,
    ),
    PayParam("manager_factor", "days_basis", L("计薪天数", "Days basis"), Kind.NUMBER),
    PayParam(
        "piece_rate",
        "working_days",
        L("工作日", "Working days"),
        Kind.INTEGER,
        L("班组表未填工作日时使用", "used when a team row gives no working days"),
    ),
    PayParam(
        "piece_rate",
        "shortfall_per_unit",
        L("不足每台扣款", "Deduction per unit short"),
        Kind.MONEY,
    ),
)


def find_param(scheme: str, text: object) -> PayParam | None:
    """The parameter of `scheme` whose label (either language) or key is `text`."""
    params = {p.key: p for p in PAY_PARAMS if p.scheme == scheme}
    key = label_key({k: p.label for k, p in params.items()}, text)
    return None if key is None else params[key]


def default_value(value: Any) -> Any:
    """A core default as a cell value (Decimal -> float, so the cell is a number)."""
    return float(value) if isinstance(value, Decimal) else value
