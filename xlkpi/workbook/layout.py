"""The workbook contract: the ONE place that knows sheet names, header labels and keys.

An assessment workbook holds these sheets (Chinese name / English name):

    说明 Guide          what to fill, in which order, what Calculate does
    设置 Settings       label | value | note rows (period, rater policy, scopes, pool, ...)
    岗位 Positions      one row per position: code, name, data sheet, pay scheme
    指标 Indicators     one row per indicator: position, dimension, weights, scale, target, rule
    人员 Roster         one row per employee: id, name, department, team, position, bonus base
    等级 Grades         grade scale with coefficients and forced-distribution quotas
    调整 Adjustments    manual ± points, vetoes and calibrated grades, each with a reason
    <data sheets>      one per position, named in Positions: inputs and results side by side
    汇总 Summary        written by Calculate
    问题 Issues         written by Calculate: every error and warning with a link to its cell
    导入映射 Import mapping  how `xlkpi import` matches each source's columns (HR may correct it)

Tables are found by their header row, whose labels may be in either language (see
`normalise_label`). Data sheets carry a hidden *key row* of language-neutral keys
(`id`, `CS1`, `CS1@reviewer`, `D2#late`, `pts:CS1`, `total`, ...) so columns are found
the same way whatever the workbook's language and whatever HR writes in the visible
headers above it.

The words of the sheets, raters, drop-down choices and severities are read from the
message catalog xlkpi/words/workbook.toml (`SHEETS`, `RATER_LABELS`, `CHOICES`,
`SEVERITY_LABELS` below).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlkpi import words
from xlkpi.core.label import DEFAULT_LANG, LANGS  # noqa: F401  (where callers look them up)
from xlkpi.core.model import Indicator, Rater, ScoredBy

# The declarative types and the finders live in `contract`; they are importable from here
# too, where every declaration of the contract has always been looked up.
from xlkpi.workbook.contract.find import (  # noqa: F401
    find_header_row,
    find_key_row,
    find_labelled,
    find_sheet_named,
    map_columns,
)
from xlkpi.workbook.contract.schema import (  # noqa: F401
    HEADER_SEARCH_ROWS,
    Column,
    Kind,
    Label,
    Setting,
    Table,
    label_key,
    name_key,
    normalise_label,
    table,
    tables,
)
from xlkpi.workbook.contract.settings import SETTINGS, SETTINGS_BY_KEY, SETTINGS_HEADER  # noqa: F401
from xlkpi.workbook.contract.written import (  # noqa: F401
    FORMATS,
    ISSUES_TEXT,
    MAX_ISSUE_ROWS,
    RESULT_FORMATS,
    RULE_WORDS_TEXT,
    STATUS_TEXT,
    SUMMARY_CHART_COLS,
    SUMMARY_CHART_ROW,
    SUMMARY_LABELS,
    SUMMARY_PRINT_COLS,
    SUMMARY_TABLES_ROW,
)

# ---------------------------------------------------------------------------------------
# Sheets
# ---------------------------------------------------------------------------------------

SHEETS = words.table("workbook", "sheets")


def sheet_name(key: str, lang: str) -> str:
    """The name a sheet gets in a workbook of language `lang`."""
    return SHEETS[key](lang)


def find_sheet(key: str, sheet_names: list[str]) -> str | None:
    """The workbook's sheet for `key`, whichever language it is named in."""
    return find_labelled(SHEETS[key], sheet_names)


# ---------------------------------------------------------------------------------------
# Choices HR picks from drop-downs (value key -> label)
# ---------------------------------------------------------------------------------------

RATER_LABELS: dict[Rater, Label] = {
    Rater(key): label for key, label in words.table("workbook", "raters").items()
}

CHOICES = words.groups("workbook", "choices")


def choice_key(group: str, text: object) -> str | None:
    """The key of the choice whose label (either language) or key matches `text`."""
    return label_key(CHOICES[group], text)


def rater_from_label(text: object) -> Rater | None:
    """The rater a label (either language) or rater key names, or None."""
    return label_key(RATER_LABELS, text)


# ---------------------------------------------------------------------------------------
# Tables: a header row of labels, one record per row below it
# ---------------------------------------------------------------------------------------


C = Column
TABLES = tables(
    table(
        "positions",
        C("code", Label("岗位编码", "Code"), required=True, width=14),
        C("name", Label("岗位名称", "Position"), required=True, width=22),
        C("data_sheet", Label("数据表", "Data sheet"), required=True, width=22),
        C("pay_scheme", Label("薪酬方案", "Pay scheme"), width=18),
        # positions ranked and given quotas together when the scope is "position group"
        C("group", Label("岗位组", "Position group"), width=14),
    ),
    table(
        "indicators",
        C("position", Label("岗位", "Position"), required=True, width=16),
        C("dimension", Label("维度", "Dimension"), width=12),
        C("dimension_weight", Label("维度权重", "Dimension weight"), Kind.PERCENT, width=10),
        C("code", Label("指标编码", "Code"), required=True, width=9),
        C("name", Label("指标名称", "Indicator"), required=True, width=22),
        C("name_alt", Label("英文名称", "Chinese name"), width=22),
        C("weight", Label("权重", "Weight"), Kind.PERCENT, required=True, width=9),
        C("scale", Label("满分", "Max points"), Kind.NUMBER, required=True, width=9),
        C("target", Label("目标值", "Target"), Kind.NUMBER, width=10),
        C("unit", Label("单位", "Unit"), width=8),
        C(
            "scored_by",
            Label("评分方式", "Scored by"),
            Kind.CHOICE,
            required=True,
            choices="scored_by",
            width=10,
        ),
        C("rule", Label("评分规则", "Rule"), width=44),
        C("rule_words", Label("规则解读", "Rule in words"), width=44, computed=True),
        # last, so that adding it moved no column of existing workbooks (see core.valid)
        C("valid", Label("有效范围", "Valid range"), width=10),
    ),
    table(
        "roster",
        C("id", Label("工号", "Employee ID"), required=True, width=12),
        C("name", Label("姓名", "Name"), required=True, width=12),
        C("department", Label("部门", "Department"), width=14),
        C("team", Label("班组", "Team"), width=12),
        C("position", Label("岗位", "Position"), required=True, width=18),
        C("bonus_base", Label("奖金基数", "Bonus base"), Kind.MONEY, width=12),
        # for `xlkpi send`: where results go, who receives the team's pack (the
        # manager's employee ID), and an optional password for the attachments
        C("email", Label("电子邮箱", "E-mail"), width=26),
        C("manager", Label("直属上级工号", "Manager ID"), width=12),
        C("password", Label("附件密码", "File password"), width=12),
    ),
    table(
        "grades",
        C("grade", Label("等级", "Grade"), required=True, width=8),
        C("min_score", Label("最低分", "Minimum score"), Kind.NUMBER, required=True, width=10),
        C("coefficient", Label("奖金系数", "Bonus coefficient"), Kind.NUMBER, width=10),
        C("quota_kind", Label("强制分布", "Quota"), Kind.CHOICE, choices="quota_kind", width=10),
        C("quota_share", Label("比例", "Share"), Kind.PERCENT, width=9),
        C("meaning", Label("说明", "Meaning"), width=20),
        C("count", Label("人数", "Headcount"), Kind.INTEGER, width=9, computed=True),
    ),
    table(
        "adjustments",
        C("id", Label("工号", "Employee ID"), required=True, width=12),
        C("name", Label("姓名", "Name"), width=12),
        C("points", Label("加减分", "± Points"), Kind.NUMBER, width=9),
        C("cap_total", Label("总分上限", "Total cap"), Kind.NUMBER, width=10),
        C("cap_grade", Label("等级上限", "Grade cap"), width=10),
        C("grade", Label("校准等级", "Calibrated grade"), width=10),
        C("reason", Label("原因", "Reason"), required=True, width=40),
    ),
    # how `xlkpi import` matched the columns of each source's exports (HR may correct it)
    table(
        "mapping",
        C("pattern", Label("来源文件", "Source file"), required=True, width=24),
        C("sheet", Label("来源工作表", "Source sheet"), width=14),
        C("source", Label("来源列", "Source column"), required=True, width=26),
        C("target", Label("导入到", "Imports into"), width=30),
        C("unit", Label("单位", "Unit"), width=8),
        C("note", Label("说明", "Note"), width=40),
    ),
    table(
        "issues",
        C("severity", Label("级别", "Severity"), width=8, computed=True),
        C("sheet", Label("工作表", "Sheet"), width=14, computed=True),
        C("cell", Label("单元格", "Cell"), width=10, computed=True),
        C("message", Label("问题", "Problem"), width=90, computed=True),
    ),
)
del C

MAPPING_TITLE = Label("导入映射", "Import mapping")
MAPPING_HINT = Label(
    "xlkpi import 记下每个来源文件的列导入到哪里，以后每月按此导入。可修改“导入到”（工号、姓名、指标编码或名称，"
    "或“不导入”）和“单位”（分钟、小时会换算为指标的单位），然后重新导入。",
    "xlkpi import notes where each source file's columns go and uses it every month. Change "
    "'Imports into' (employee ID, name, an indicator's code or name, or 'Do not import') or "
    "'Unit' (minutes and hours are converted to the indicator's unit), then import again.",
)

SEVERITY_LABELS = words.table("workbook", "severity")

# ---------------------------------------------------------------------------------------
# Data sheets: one per position
# ---------------------------------------------------------------------------------------

TITLE_ROW = 0  # position name and period
GROUP_ROW = 1  # indicator names over their input columns; "Results" over results
HEADER_ROW = 2  # what each column holds: 实际值 / 自评 / 考评 / 审评 / event names / 得分 ...
KEY_ROW = 3  # hidden, language-neutral keys (see module docstring)
FIRST_DATA_ROW = 4

FIXED_COLUMNS: list[tuple[str, Label]] = [
    ("id", Label("工号", "Employee ID")),
    ("name", Label("姓名", "Name")),
]

RESULT_COLUMNS: list[tuple[str, Label]] = [
    ("subtotal", Label("指标得分合计", "Indicator points")),
    ("adjustment", Label("加减分", "Adjustment")),
    ("total", Label("总分", "Total")),
    ("rank", Label("排名", "Rank")),
    ("grade", Label("等级", "Grade")),
    ("bonus", Label("奖金", "Bonus")),
    ("note", Label("说明", "Note")),
]

ACTUAL_LABEL = Label("实际值", "Actual")
POINTS_LABEL = Label("得分", "Points")
RESULTS_GROUP = Label("计算结果（请勿填写）", "Results (computed, do not edit)")


def points_header(name: str, lang: str) -> str:
    """The header over an indicator's points: "客户回访 得分" / "Client revisits: points"."""
    return f"{name} {POINTS_LABEL.zh}" if lang == "zh" else f"{name}: {POINTS_LABEL.en.lower()}"


def actual_key(code: str) -> str:
    """The key-row key of an indicator's actual value."""
    return code


def rater_key(code: str, rater: Rater) -> str:
    """The key-row key of one rater's score for an indicator."""
    return f"{code}@{rater.value}"


def input_key(code: str, name: str) -> str:
    """A named input of a multi-input rule (per-event counts, requirement checks)."""
    return f"{code}#{name}"


def points_key(code: str) -> str:
    """The key-row key of an indicator's points (written by Calculate)."""
    return f"pts:{code}"


_FIXED_KEYS = frozenset(k for k, _ in FIXED_COLUMNS)
_RESULT_KEYS = frozenset(k for k, _ in RESULT_COLUMNS)


@dataclass(frozen=True)
class DataKey:
    """A parsed key-row cell."""

    kind: str  # "fixed", "actual", "rater", "input", "points", "result", "money"
    code: str = ""  # indicator code, fixed/result column key, or money input name
    rater: Rater | None = None
    input: str = ""


def parse_data_key(text: object) -> DataKey | None:
    """Turn a key-row cell into a DataKey; None for blank or unknown cells."""
    if text is None:
        return None
    key = str(text).strip()
    if not key:
        return None
    if key in _FIXED_KEYS:
        return DataKey("fixed", key)
    if key in _RESULT_KEYS or key.startswith("pay"):
        return DataKey("result", key)
    if key.startswith("pts:"):
        return DataKey("points", key[4:])
    if key.startswith("m:"):
        return DataKey("money", key[2:])
    if "@" in key:
        code, _, who = key.partition("@")
        try:
            return DataKey("rater", code, rater=Rater(who))
        except ValueError:
            return None
    if "#" in key:
        code, _, name = key.partition("#")
        return DataKey("input", code, input=name)
    return DataKey("actual", key)


@dataclass(frozen=True)
class DataColumn:
    """One column of a data sheet, in order: its key, the group label above it (indicator
    name or "Results"), its own header label, and whether HR keys it or Calculate does."""

    key: str
    group: str
    header: str
    computed: bool = False
    number_format: str | None = None


STANDARD_RATERS = (Rater.SELF, Rater.REVIEWER, Rater.APPROVER)


def data_columns(
    indicators: list[Indicator],
    lang: str,
    raters: tuple[Rater, ...] = STANDARD_RATERS,
    input_labels: dict[str, Label] | None = None,
) -> list[DataColumn]:
    """The columns of one position's data sheet.

    Args:
        indicators: the position's indicators, in sheet order.
        lang: "zh" or "en" for the visible labels.
        raters: rater columns given to every rater-scored indicator.
        input_labels: labels of named rule inputs (e.g. "late" -> 迟到); the input name
            itself is shown when missing.
    Returns:
        Fixed columns, then each indicator's input columns, then points per indicator and
        the result columns.
    """
    labels = input_labels or {}
    cols = [DataColumn(k, "", label(lang)) for k, label in FIXED_COLUMNS]
    for ind in indicators:
        group = ind.name  # HR reads names; the hidden key row carries the code
        if ind.scored_by is ScoredBy.RATERS:
            cols += [
                DataColumn(rater_key(ind.code, r), group, RATER_LABELS[r](lang)) for r in raters
            ]
        elif ind.rule is not None and ind.rule.inputs != ("value",):
            cols += [
                DataColumn(
                    input_key(ind.code, name), group, labels[name](lang) if name in labels else name
                )
                for name in ind.rule.inputs
            ]
        else:
            unit = f" ({ind.unit})" if ind.unit else ""
            cols.append(DataColumn(actual_key(ind.code), group, ACTUAL_LABEL(lang) + unit))
    results = RESULTS_GROUP(lang)
    cols += [
        DataColumn(
            points_key(ind.code),
            results,
            points_header(ind.name, lang),
            computed=True,
            number_format=FORMATS["points"],
        )
        for ind in indicators
    ]
    cols += [
        DataColumn(k, results, label(lang), computed=True, number_format=RESULT_FORMATS.get(k))
        for k, label in RESULT_COLUMNS
    ]
    return cols


def safe_sheet_name(name: str) -> str:
    """An Excel-legal sheet name: no []:*?/\\ , at most 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "-", name).strip("'") or "Sheet"
    return cleaned[:31]
