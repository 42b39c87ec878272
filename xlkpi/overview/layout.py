"""The overview workbook's contract: sheet names and labels (zh and en).

总览 Overview        one row per department workbook: headcount, average and spread,
                     grade counts, bonus against budget, a link to the source; charts
等级配额 Quotas      grade counts against each quota, per department (and company-wide)
等级调整 Changes     people whose grade was changed by calibration, with a link to their row
"""

from __future__ import annotations

from xlkpi.core.label import Label

L = Label

OVERVIEW_SHEET = L("总览", "Overview")
QUOTAS_SHEET = L("等级配额", "Quotas")
CHANGES_SHEET = L("等级调整", "Changes")

TITLE = L("全公司绩效总览", "Company assessment overview")
MADE = L("生成时间：{time}；来源工作簿 {books} 个", "Made {time} from {books} workbooks")

COLUMNS: dict[str, Label] = {
    "workbook": L("工作簿", "Workbook"),
    "department": L("部门", "Department"),
    "headcount": L("人数", "Headcount"),
    "scored": L("有总分人数", "With a total"),
    "average": L("平均分", "Average"),
    "stdev": L("标准差", "Std. deviation"),
    "lowest": L("最低分", "Lowest"),
    "highest": L("最高分", "Highest"),
    "allocated": L("已分配奖金", "Bonus allocated"),
    "budget": L("奖金预算", "Bonus budget"),
    "used": L("预算使用率", "Budget used"),
    "status": L("状态", "Status"),
    "source": L("来源", "Source"),
}
GRADE_COLUMN = L("{grade} 人数", "{grade} count")
TOTAL = L("全公司", "Whole company")
OPEN = L("打开", "Open")
STATUS_OK = L("正常", "OK")
STATUS_ERRORS = L("有 {errors} 个错误，未计入", "{errors} errors: not included")
COMPANY_POOL = L("（全公司奖金池）", "(company pool)")

QUOTA_COLUMNS: dict[str, Label] = {
    "department": L("部门", "Department"),
    "grade": L("等级", "Grade"),
    "quota": L("强制分布", "Quota"),
    "limit": L("限额人数", "Limit"),
    "count": L("实际人数", "Count"),
    "within": L("是否符合", "Within quota"),
}
QUOTA_NOTE = L(
    "限额按各部门人数计算；全公司统一执行的配额见“全公司”行",
    "Limits are per department headcount; quotas applied company-wide are in the company rows",
)
YES = L("是", "Yes")
NO = L("否", "No")

CHANGE_COLUMNS: dict[str, Label] = {
    "workbook": L("工作簿", "Workbook"),
    "department": L("部门", "Department"),
    "id": L("工号", "Employee ID"),
    "name": L("姓名", "Name"),
    "total": L("总分", "Total"),
    "grade_by_score": L("按分数等级", "Grade by score"),
    "grade": L("最终等级", "Final grade"),
    "reason": L("原因", "Reason"),
    "source": L("来源", "Source"),
}
NO_CHANGES = L("没有人的等级经校准调整", "Nobody's grade was changed by calibration")

CHART_GRADES = L("各部门等级分布", "Grades by department")
CHART_AVERAGE = L("各部门平均分", "Average score by department")
CHART_BONUS = L("奖金：已分配与预算", "Bonus: allocated and budget")
