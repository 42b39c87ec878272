"""Sheet names, tables and words of what happens after the results (zh and en).

    面谈与改进 Interviews   per person: interview due/held, improvement plan and its review
    申诉 Appeals            per appeal: received, window, decision, score change and reason
    节假日 Holidays         holidays and make-up working days for years the calendar lacks
    360设置 360 setup       per indicator: 360° rater groups, weight, minimum, mean or trimmed
    360评分 360 ratings     one row per rater per person (names stay on this sheet)
    变更记录 Change log     appended by every Calculate, chained by hashes

Tables use `workbook.layout.Table`, so they are found by their header row in either
language like every other table. The sheet names, titles, hints and choices are read from
the message catalog xlkpi/words/followup.toml.
"""

from __future__ import annotations

from xlkpi import words
from xlkpi.core.label import Label
from xlkpi.workbook.layout import Column, Kind, label_key, table, tables

SHEETS = words.table("followup", "sheets")

TITLES = words.table("followup", "titles")

HINTS = words.table("followup", "hints")

CHOICES = words.groups("followup", "choices")


def choice_key(group: str, text: object) -> str | None:
    """The key of the choice whose key or label (either language) matches `text`."""
    return label_key(CHOICES[group], text)


C = Column
TABLES = tables(
    table(
        "interviews",
        C("id", Label("工号", "Employee ID"), required=True, width=12),
        C("name", Label("姓名", "Name"), width=10),
        C("grade", Label("等级", "Grade"), width=8, computed=True),
        C("due", Label("面谈截止", "Interview due"), Kind.DATE, width=12, computed=True),
        C("held_on", Label("面谈日期", "Held on"), Kind.DATE, width=12),
        C("interviewer", Label("面谈人", "Interviewer"), width=10),
        C("notes", Label("面谈记录", "Notes"), width=30),
        C("plan_required", Label("需改进计划", "Plan required"), width=10, computed=True),
        C("goals", Label("改进目标", "Plan goals"), width=30),
        C("steps", Label("改进措施", "Action steps"), width=30),
        C("plan_deadline", Label("完成期限", "Plan deadline"), Kind.DATE, width=12),
        C("reviewed_on", Label("复核日期", "Reviewed on"), Kind.DATE, width=12),
        C("review", Label("复核结果", "Review"), width=24),
        C("status", Label("状态", "Status"), width=44, computed=True),
    ),
    table(
        "appeals",
        C("id", Label("工号", "Employee ID"), required=True, width=12),
        C("name", Label("姓名", "Name"), width=10),
        C("result_on", Label("收到结果日期", "Result received on"), Kind.DATE, width=12),
        C("received_on", Label("申诉日期", "Appeal received on"), Kind.DATE, width=12),
        C("deadline", Label("申诉截止", "Appeal deadline"), Kind.DATE, width=12, computed=True),
        C("in_time", Label("是否在期限内", "Within the window"), width=10, computed=True),
        C("reason", Label("申诉理由", "Appeal reason"), width=30),
        C("reviewer", Label("处理人", "Reviewer"), width=10),
        C("decision", Label("处理结果", "Decision"), Kind.CHOICE, choices="decision", width=10),
        C("decided_on", Label("答复日期", "Decided on"), Kind.DATE, width=12),
        C("decision_due", Label("答复截止", "Answer due"), Kind.DATE, width=12, computed=True),
        C("points", Label("改分(±)", "Score change (±)"), Kind.NUMBER, width=10),
        C("change_reason", Label("改分原因", "Reason for the change"), width=30),
        C("status", Label("期限说明", "Deadlines in words"), width=60, computed=True),
    ),
    table(
        "holidays",
        C("date", Label("日期", "Date"), Kind.DATE, required=True, width=12),
        C("kind", Label("类型", "Kind"), Kind.CHOICE, choices="day_kind", width=12),
        C("name", Label("名称", "Name"), width=20),
    ),
    table(
        "groups360",
        C("position", Label("岗位", "Position"), width=16),
        C("code", Label("指标编码", "Indicator code"), required=True, width=10),
        C("group", Label("评分组", "Rater group"), Kind.CHOICE, choices="group", width=10),
        C("weight", Label("权重", "Weight"), Kind.PERCENT, width=9),
        C("min_raters", Label("最少人数", "Minimum raters"), Kind.INTEGER, width=10),
        C("method", Label("计算方式", "Method"), Kind.CHOICE, choices="method", width=18),
        C("trim_from", Label("去极值起始人数", "Trim from (raters)"), Kind.INTEGER, width=12),
    ),
    table(
        "ratings360",
        C("id", Label("工号", "Employee ID"), required=True, width=12),
        C("name", Label("姓名", "Name"), width=10),
        C("code", Label("指标编码", "Indicator code"), width=10),
        C("group", Label("评分组", "Rater group"), Kind.CHOICE, choices="group", width=10),
        C("rater", Label("评分人", "Rater"), width=12),
        C("score", Label("评分", "Score"), Kind.NUMBER, width=9),
    ),
    table(
        "changelog",
        C("run", Label("计算序号", "Run"), required=True, width=8, computed=True),
        C("time", Label("时间", "Time"), width=18, computed=True),
        C("user", Label("操作人", "User"), width=12, computed=True),
        C("fingerprint", Label("输入指纹", "Input fingerprint"), width=18, computed=True),
        C("id", Label("工号", "Employee ID"), width=12, computed=True),
        C("name", Label("姓名", "Name"), width=10, computed=True),
        C("total_before", Label("原总分", "Total before"), width=10, computed=True),
        C("total_after", Label("新总分", "Total after"), width=10, computed=True),
        C("rank_before", Label("原排名", "Rank before"), width=9, computed=True),
        C("rank_after", Label("新排名", "Rank after"), width=9, computed=True),
        C("grade_before", Label("原等级", "Grade before"), width=9, computed=True),
        C("grade_after", Label("新等级", "Grade after"), width=9, computed=True),
        C("bonus_before", Label("原奖金", "Bonus before"), width=12, computed=True),
        C("bonus_after", Label("新奖金", "Bonus after"), width=12, computed=True),
        C("reason", Label("原因", "Reason"), width=50, computed=True),
        C("hash", Label("校验值", "Check"), width=18, computed=True),
    ),
)
del C

YES_NO = {True: Label("是", "Yes"), False: Label("否", "No")}

#: the working days of each deadline (the handbooks' numbers)
INTERVIEW_DAYS = 3
APPEAL_DAYS = 2
ANSWER_DAYS = 3
