"""Every text the templates show that is not part of the workbook contract (layout.py):
sheet titles and hints, the guide, the per-person form. Each is a `Label` (zh, en) so the
two languages are written side by side and cannot drift apart.
"""

from __future__ import annotations

from xlkpi.core.label import Label
from xlkpi.delivery.texts import CARD
from xlkpi.workbook.layout import MAPPING_HINT, MAPPING_TITLE

L = Label

# Sheets the builder adds beyond the contract (the reader ignores them).
FORM_SHEET = L("表单", "Form")
LISTS_SHEET = L("列表", "Lists")

# --- titles and one-line hints above each table ---------------------------------------------

SHEET_TITLES: dict[str, Label] = {
    "settings": L("考核设置", "Assessment settings"),
    "positions": L("岗位", "Positions"),
    "indicators": L("考核指标", "Indicators"),
    "roster": L("人员名单", "Roster"),
    "grades": L("等级与强制分布", "Grades and forced distribution"),
    "adjustments": L("加减分、否决与校准", "Adjustments, vetoes and calibration"),
    "summary": L("汇总", "Summary"),
    "issues": L("问题清单", "Issues"),
    "mapping": MAPPING_TITLE,
}

SHEET_HINTS: dict[str, Label] = {
    "settings": L(
        "黄色单元格可填写或下拉选择；“计算状态”由计算写入。",
        "Fill or pick the yellow cells; Calculation status is written by Calculate.",
    ),
    "positions": L(
        "每个岗位一行；“数据表”是该岗位录入实际值和评分的工作表。",
        "One row per position; Data sheet names the sheet holding its actuals and scores.",
    ),
    "indicators": L(
        "每个指标一行。同一岗位的权重合计须为100%（有维度时，维度权重合计也须为100%）。"
        "“规则解读”由计算写入，请核对与原意一致。",
        "One row per indicator. A position's weights must add up to 100% (and its "
        "dimension weights too). Rule in words is written by Calculate: check it says "
        "what you meant.",
    ),
    "roster": L(
        "每位员工一行；岗位从下拉列表选择；奖金基数用于按等级分配奖金池；"
        "电子邮箱、直属上级工号和附件密码用于发送结果。",
        "One row per employee; pick the position from the list; the bonus base weights "
        "the bonus-pool split; e-mail, manager ID and file password are for sending results.",
    ),
    "grades": L(
        "从高到低排列；达到最低分即得该等级，再按强制分布比例校正（至多向上取整，至少向下取整）。",
        "Best grade first; a total at or above the minimum reaches the grade, then the "
        "quotas apply (at-most quotas round up, at-least quotas round down).",
    ),
    "adjustments": L(
        "每条调整都必须写原因。加减分计入总分；总分上限/等级上限用于否决项；校准等级替换计算等级。",
        "Every line needs a reason. ± points add to the total; a total or grade cap "
        "is a veto; a calibrated grade replaces the computed one.",
    ),
    "summary": L("由“计算”写入，请勿填写。", "Written by Calculate; do not edit."),
    "issues": L(
        "由“计算”写入：每个错误和提醒及其单元格。",
        "Written by Calculate: every error and warning, with its cell.",
    ),
    "mapping": MAPPING_HINT,
}

DATA_HINT = L(
    "黄色列填写：工号（下拉）、实际值、评分；灰色列由计算写入。",
    "Fill the yellow columns (employee ID from the list, actuals, scores); grey columns are written by Calculate.",
)
CALCULATE_BUTTON = L("▶ 计算", "▶ Calculate")
SEND_BUTTON = L("✉ 发送", "✉ Send")

# --- the per-person form -----------------------------------------------------------------------


def _card(*keys: str) -> dict[str, Label]:
    """The scorecard's words for what the Form shows too: one wording for both."""
    return {k: CARD[k] for k in keys}


FORM = {
    "title": L("绩效考核表", "Performance assessment form"),
    "hint": L(
        "在黄色单元格选择工号，本表自动带出该员工的指标、实际值、评分和结果；打印后签字。",
        "Pick an employee ID in the yellow cell; the form fills itself from the workbook. Print it for signatures.",
    ),
    **_card("id", "name", "department", "team", "position", "period"),
    "code": L("序号", "No."),
    "dimension": L("维度", "Dimension"),
    **_card(
        "indicator",
        "weight",
        "target",
        "rule",
        "actual",
        "points",
        "subtotal",
        "adjustment",
        "total",
        "rank",
        "grade",
    ),
    "bonus": L("奖金", "Bonus"),
    **_card("note", "comments", "plan", "sign_employee", "sign_reviewer", "sign_approver", "date"),
    "too_many": L(
        "本岗位的指标多于本表的 {rows} 行，表中只列出前 {rows} 项：完整得分见该岗位的数据表。",
        "This position has more indicators than the {rows} rows of this form, which lists "
        "the first {rows}: the full scores are on the position's data sheet.",
    ),
    "footer": L(
        "绩效面谈须在结果公布后3个工作日内进行；对结果有异议的，可在2个工作日内书面申诉，3个工作日内答复。",
        "The interview takes place within 3 working days of the results; an appeal may be "
        "lodged in writing within 2 working days and is answered within 3 working days.",
    ),
}
