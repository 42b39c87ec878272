"""Every text the templates show that is not part of the workbook contract (layout.py):
sheet titles and hints, the guide, the per-person form. Each is a `Label` (zh, en) so the
two languages are written side by side and cannot drift apart; the titles and hints are in
the message catalog xlkpi/words/authoring.toml.
"""

from __future__ import annotations

from xlkpi import words
from xlkpi.core.label import Label
from xlkpi.delivery.texts import CARD
from xlkpi.workbook.layout import MAPPING_HINT, MAPPING_TITLE

L = Label

# Sheets the builder adds beyond the contract (the reader ignores them).
FORM_SHEET = L("表单", "Form")
LISTS_SHEET = L("列表", "Lists")

# --- titles and one-line hints above each table ---------------------------------------------

SHEET_TITLES = words.table("authoring", "sheet_titles") | {"mapping": MAPPING_TITLE}

SHEET_HINTS = words.table("authoring", "sheet_hints") | {"mapping": MAPPING_HINT}

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
