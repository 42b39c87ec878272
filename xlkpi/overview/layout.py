"""The overview workbook's contract: sheet names and labels (zh and en; the column
labels are read from the message catalog xlkpi/words/overview.toml).

总览 Overview        one row per department workbook: headcount, average and spread,
                     grade counts, bonus against budget, a link to the source; charts
等级配额 Quotas      grade counts against each quota, per department (and company-wide)
等级调整 Changes     people whose grade was changed by calibration, with a link to their row
"""

from __future__ import annotations

from xlkpi import words
from xlkpi.core.label import Label

L = Label

OVERVIEW_SHEET = L("总览", "Overview")
QUOTAS_SHEET = L("等级配额", "Quotas")
CHANGES_SHEET = L("等级调整", "Changes")

TITLE = L("全公司绩效总览", "Company assessment overview")
MADE = L("生成时间：{time}；来源工作簿 {books} 个", "Made {time} from {books} workbooks")

COLUMNS = words.table("overview", "columns")
GRADE_COLUMN = L("{grade} 人数", "{grade} count")
TOTAL = L("全公司", "Whole company")
OPEN = L("打开", "Open")
STATUS_OK = L("正常", "OK")
STATUS_ERRORS = L("有 {errors} 个错误，未计入", "{errors} errors: not included")
COMPANY_POOL = L("（全公司奖金池）", "(company pool)")

QUOTA_COLUMNS = words.table("overview", "quota_columns")
QUOTA_NOTE = L(
    "限额按各部门人数计算；全公司统一执行的配额见“全公司”行",
    "Limits are per department headcount; quotas applied company-wide are in the company rows",
)
YES = L("是", "Yes")
NO = L("否", "No")

CHANGE_COLUMNS = words.table("overview", "change_columns")
NO_CHANGES = L("没有人的等级经校准调整", "Nobody's grade was changed by calibration")

CHART_GRADES = L("各部门等级分布", "Grades by department")
CHART_AVERAGE = L("各部门平均分", "Average score by department")
CHART_BONUS = L("奖金：已分配与预算", "Bonus: allocated and budget")
