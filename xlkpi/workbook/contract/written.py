"""What Calculate writes: the Summary sheet's places and words, the Issues sheet, the
status and the number formats of written results. Part of the contract (`layout`
re-exports these names, where every declaration has always been looked up)."""

from __future__ import annotations

from xlkpi.workbook.contract.schema import Label

# Number formats of written results.
FORMATS = {
    "points": "0.00",
    "percent": "0.0%",
    "money": "¥#,##0.00",
    "integer": "0",
}

#: Summary: where the group tables start (rows above are title, status and the charts),
#: and where the charts' data tables are (first data row; title and header above it)
SUMMARY_TABLES_ROW = 22
SUMMARY_CHART_ROW = 24
SUMMARY_CHART_COLS = {"grades": 14, "averages": 18, "scores": 21}
#: Summary columns that print (the chart data to their right does not)
SUMMARY_PRINT_COLS = 12

SUMMARY_LABELS: dict[str, Label] = {
    "title": Label("绩效考核汇总", "Assessment summary"),
    "period": Label("考核周期", "Period"),
    "status": Label("计算状态", "Status"),
    "by_position": Label("按岗位", "By position"),
    "by_department": Label("按部门", "By department"),
    "by_team": Label("按班组", "By team"),
    "team": Label("部门 / 班组", "Department / team"),
    "no_team": Label("（未填班组）", "(no team)"),
    "over": Label("{grade} 超出 {n} 人", "{grade} over by {n} people"),
    "short": Label("{grade} 少 {n} 人", "{grade} short by {n} people"),
    "within_quota": Label("符合", "Within"),
    "score_band": Label("分数段", "Score"),
    "chart_data": Label("图表数据（由计算写入）", "Chart data (written by Calculate)"),
    "position": Label("岗位", "Position"),
    "department": Label("部门", "Department"),
    "headcount": Label("人数", "Headcount"),
    "scored": Label("有总分人数", "With a total"),
    "average": Label("平均分", "Average"),
    "highest": Label("最高分", "Highest"),
    "lowest": Label("最低分", "Lowest"),
    "all": Label("合计", "All"),
    "no_department": Label("（未填部门）", "(no department)"),
    "grades": Label("等级分布", "Grade distribution"),
    "grade": Label("等级", "Grade"),
    "share": Label("占比", "Share"),
    "quota": Label("强制分布", "Quota"),
    "limit": Label("限额人数", "Quota limit"),
    "within": Label("是否符合", "Within quota"),
    "no_grade": Label("（无等级）", "(no grade)"),
    "quota_scope": Label(
        "强制分布按{scope}执行：限额人数为各{scope}限额之和，各{scope}是否符合见上表",
        "Quotas are applied per {scope}: the limits are the sums over each {scope}, "
        "checked one by one above",
    ),
    "bonus": Label("奖金", "Bonus"),
    "pool": Label("奖金池", "Bonus pool"),
    "allocated": Label("已分配", "Allocated"),
    "unallocated": Label("未分配", "Unallocated"),
    "no_pool": Label("未设置奖金池", "No bonus pool set"),
    "counts": Label("错误 {errors} 个，提醒 {warnings} 个", "{errors} errors, {warnings} warnings"),
    # written only when the workbook was calculated together with the company's others
    "company": Label("全公司统一执行", "Applied company-wide"),
    "company_books": Label(
        "与其他工作簿一起计算：共 {books} 个工作簿，{people} 人有总分",
        "Calculated together with the company's other workbooks: {books} workbooks, "
        "{people} people with a total",
    ),
    "company_ranks": Label("排名：全公司统一排名", "Ranks: across the whole company"),
    "company_quotas": Label(
        "强制分布：按全公司人数执行，限额如下", "Forced distribution: quotas over the whole company"
    ),
    "company_limit": Label("全公司限额", "Company limit"),
    "company_count": Label("全公司人数", "Company count"),
    "company_here": Label("本工作簿人数", "In this workbook"),
    "company_pool": Label("奖金池：全公司统一分配", "Bonus pool: one pool for the whole company"),
    "company_pool_here": Label("本工作簿分得", "This workbook's share"),
    "company_alone": Label(
        "范围为全公司，但本次只计算了本工作簿；请用 xlkpi calculate 一起计算全公司的工作簿",
        "The scope is the whole company but only this workbook was calculated; calculate all "
        "the company's workbooks together with xlkpi calculate",
    ),
}

STATUS_TEXT: dict[str, Label] = {
    "ok": Label("正常 {time}", "OK {time}"),
    "ok_warnings": Label(
        "正常 {time}（{warnings} 个提醒，见“问题”表）",
        "OK {time} ({warnings} warnings: see Issues)",
    ),
    "errors": Label("有错误：见“问题”表", "errors: see Issues"),
    "not_current": Label(
        "结果不是最新：有 {errors} 个错误，见“问题”表；结果列已清空",
        "Results are not current: {errors} errors, see Issues; result columns were cleared",
    ),
    "current": Label("结果为最新（{time}）", "Results are current ({time})"),
    "inputs_changed": Label(
        "结果不是最新：{time} 导入了新数据，请重新计算",
        "Results are not current: data was imported at {time}; calculate again",
    ),
}

ISSUES_TEXT: dict[str, Label] = {
    "none": Label("未发现问题", "No problems found"),
    "more": Label(
        "……另有 {n} 个问题未列出（命令行 xlkpi check 可列出全部）",
        "... {n} more problems not listed (xlkpi check lists them all)",
    ),
    "also": Label("另见", "also"),
}

#: rows of the Issues sheet at most (a run with more problems lists the first ones)
MAX_ISSUE_ROWS = 10_000

RULE_WORDS_TEXT = {
    "bad_rule": Label("⚠ 规则无法识别，见“问题”表", "⚠ rule not understood: see Issues"),
}

RESULT_FORMATS: dict[str, str] = {
    "subtotal": FORMATS["points"],
    "adjustment": FORMATS["points"],
    "total": FORMATS["points"],
    "rank": FORMATS["integer"],
    "bonus": FORMATS["money"],
}
