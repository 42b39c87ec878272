"""The roll-up workbook's contract: sheet names, columns (zh and en) and keys.

A roll-up workbook (written by `xlkpi rollup`) holds:

    周期汇总 Roll-up   title row, header row, a hidden key row, one row per person
    设置 Settings      period, period type, method, the input files
    问题 Issues        every error and warning of the roll-up, with the file it concerns

The key row (`id`, `name`, `position_code`, `position`, `department`, `score:<period>`, `score`,
`passed`, `pay_share`, `pay`, `pay_detail`, `periods`, `year_end`, `failed_quarters`,
`notes`) makes the sheet readable again whatever its language, so quarterly roll-ups can
be rolled up into a year.
"""

from __future__ import annotations

from xlkpi.workbook.layout import Kind, Label, Setting

L = Label

ROLLUP_SHEET = L("周期汇总", "Roll-up")
SETTINGS_SHEET = L("设置", "Settings")
ISSUES_SHEET = L("问题", "Issues")

TITLE_ROW = 0
HEADER_ROW = 1
KEY_ROW = 2
FIRST_DATA_ROW = 3

SCORE_PREFIX = "score:"

COLUMNS: dict[str, Label] = {
    "id": L("工号", "Employee ID"),
    "name": L("姓名", "Name"),
    "position_code": L("岗位编码", "Position code"),
    "position": L("岗位", "Position"),
    "department": L("部门", "Department"),
    "score": L("综合得分", "Combined score"),
    "passed": L("是否合格", "Pass / fail"),
    "pay_share": L("绩效工资发放比例", "Performance pay share"),
    "pay": L("绩效工资", "Performance pay"),
    "pay_detail": L("绩效工资明细", "Performance pay breakdown"),
    "periods": L("在职期数", "Periods present"),
    "failed_quarters": L("不合格季度", "Failed quarters"),
    "year_end": L("年终考评", "Year-end assessment"),
    "notes": L("说明", "Notes"),
}

WORDS: dict[str, Label] = {
    "title": L("{period} {kind}汇总（{method}）", "{period} {kind} roll-up ({method})"),
    "quarter": L("季度", "quarter"),
    "year": L("年度", "year"),
    "mean": L("各期平均", "mean of the periods"),
    "weighted": L("按出勤天数加权", "weighted by days attended"),
    "pass": L("合格", "pass"),
    "fail": L("不合格", "fail"),
    "yes": L("进行", "goes ahead"),
    "cancelled": L("取消", "cancelled"),
    "joined": L("期中入职（{period} 起）", "joined mid-period (from {period})"),
    "left": L("期中离职（{period} 后）", "left mid-period (after {period})"),
    "absent": L("缺少 {periods}", "absent in {periods}"),
    "moved": L("调岗：{moves}", "position changed: {moves}"),
    "failed_pay": L(
        "低于 {mark} 分：发放 {share} 绩效工资", "below {mark}: {share} of performance pay"
    ),
    "no_year_end": L(
        "{n} 个季度不合格（{quarters}）：取消年终考评",
        "{n} failed quarters ({quarters}): no year-end assessment",
    ),
    "period": L("汇总周期", "Period"),
    "period_type": L("周期类型", "Period type"),
    "method": L("汇总方法", "Method"),
    "sources": L("来源文件", "Input files"),
    "severity": L("级别", "Severity"),
    "place": L("位置", "Place"),
    "message": L("问题", "Problem"),
    "error": L("错误", "Error"),
    "warning": L("提醒", "Warning"),
    "none": L("未发现问题", "No problems found"),
}

#: the Settings rows a roll-up workbook is read back by (to roll quarters up into a year)
SETTINGS: list[Setting] = [
    Setting("period", WORDS["period"], Kind.TEXT),
    Setting("period_type", WORDS["period_type"], Kind.CHOICE, choices="period_type"),
]
