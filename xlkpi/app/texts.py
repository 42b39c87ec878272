"""Every word the app shows, in Chinese and English (Chinese is the default)."""

from __future__ import annotations

from xlkpi.cli.messages import TEXT as CLI_TEXT
from xlkpi.core.label import Label

L = Label
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

TEXT: dict[str, Label] = {
    "app_title": L("xlkpi 绩效考核", "xlkpi performance assessment"),
    "folder": L("工作文件夹", "Working folder"),
    "local_only": L(
        "仅在本机运行：文件不会离开这台电脑。", "Runs on this computer only: no file leaves it."
    ),
    "back": L("返回", "Back"),
    "other_lang": L("English", "中文"),
    # home
    "workbooks": L("工作簿", "Workbooks"),
    "no_workbooks": L(
        "文件夹中还没有工作簿：请添加工作簿，或用模板新建。",
        "The folder has no workbook yet: add one, or create one from a template.",
    ),
    "name": L("名称", "Name"),
    "size": L("大小", "Size"),
    "modified": L("修改时间", "Modified"),
    "open": L("打开", "Open"),
    "add_title": L("添加工作簿", "Add workbooks"),
    "add_help": L(
        "选择一个或多个 .xlsx / .xlsm 工作簿（Excel、WPS 或 LibreOffice 保存的均可）。"
        "同名工作簿会被替换，原文件保留为备份（名称.bak.日期-时间.xlsx）。",
        "Choose one or more .xlsx / .xlsm workbooks (saved by Excel, WPS or LibreOffice). "
        "A workbook of the same name is replaced; the old one is kept as a backup "
        "(name.bak.DATE-TIME.xlsx).",
    ),
    "add_button": L("添加", "Add"),
    "new_title": L("用模板新建", "Create from a template"),
    "template": L("模板", "Template"),
    "book_lang": L("工作簿语言", "Workbook language"),
    "lang_zh": L("中文", "Chinese"),
    "lang_en": L("英文", "English"),
    "file_name": L("文件名", "File name"),
    "sample_data": L("填入示例数据（试用）", "Fill in sample data (to try it out)"),
    "create": L("新建", "Create"),
    "new_suffix": L(
        "新工作簿的文件名须以 .xlsx 结尾：{name}",
        "the new workbook's name must end in .xlsx: {name}",
    ),
    # book page
    "check_title": L("检查结果", "Check results"),
    "check_ok": L("未发现问题，可以计算。", "No problems found: ready to calculate."),
    "check_counts": L(
        "{errors} 个错误，{warnings} 个提醒。", "{errors} errors, {warnings} warnings."
    ),
    "check_fix": L(
        "请在工作簿中修正错误（或导入正确的数据），再添加修正后的工作簿。",
        "Fix the errors in the workbook (or import the right data), then add the fixed "
        "workbook again.",
    ),
    "severity": L("类别", "Kind"),
    "sheet": L("工作表", "Sheet"),
    "cell": L("单元格", "Cell"),
    "problem": L("问题", "Problem"),
    "error": L("错误", "error"),
    "warning": L("提醒", "warning"),
    "more_problems": L("……另有 {n} 条未列出", "... and {n} more not shown"),
    "calculate_title": L("计算", "Calculate"),
    "calculate_help": L(
        "计算得分、排名、等级和奖金，写回本工作簿（原文件保留为备份）。",
        "Scores, ranks, grades and bonus shares, written into this workbook (the original "
        "is kept as a backup).",
    ),
    "calculate": L("计算", "Calculate"),
    "download": L("下载工作簿", "Download the workbook"),
    "import_title": L("导入数据", "Import data"),
    "import_help": L(
        "从系统导出的 CSV 或 XLSX 文件导入人员名单、实际值和评分（按表头识别格式）。"
        "任一文件有错误时不写入任何内容。",
        "Roster, actuals and rater scores from CSV or XLSX exports (recognised by their "
        "header row). Nothing is written when any file has an error.",
    ),
    "import_button": L("导入", "Import"),
    "dry_run": L("只检查，不写入", "Check only, write nothing"),
    # calculate result
    "calc_done": L("已计算并保存：{name}。", "Calculated and saved: {name}."),
    "calc_backup": L("原文件已备份为 {backup}。", "The original was kept as {backup}."),
    # what the command line says of the same outcome, word for word
    "calc_errors": CLI_TEXT["calc_errors"],
    "calc_issues_written": CLI_TEXT["calc_issues_written"],
    "summary_title": L("汇总", "Summary"),
    "headcount": L("人数", "Headcount"),
    "average": L("平均分", "Average"),
    "pool": L("奖金池", "Bonus pool"),
    "pool_used": L("已分配 {used} / {pool}", "{used} of {pool} allocated"),
    "no_pool": L("未设奖金池", "no bonus pool"),
    "chart_grades": L("等级分布与强制分布上限", "Grade distribution against the quota"),
    "chart_grades_note": L(
        "竖线为强制分布的人数限制；红色表示超出。",
        "The line marks the quota's headcount limit; red means outside the quota.",
    ),
    "chart_positions": L("各岗位平均分", "Average score by position"),
    "summary_sheet": L("汇总表（与工作簿“汇总”表相同）", "Summary table (as on the Summary sheet)"),
    # import result
    "import_result": L("导入结果", "Import result"),
    "import_file": L("{file}：{form}，{rows} 行", "{file}: {form}, {rows} rows"),
    "import_failed": L(
        "导入失败：{errors} 个错误。工作簿未被修改。",
        "Import failed: {errors} errors. The workbook was not changed.",
    ),
    "import_done": L(
        "已导入：{values} 个值，新增人员 {added} 人，更新人员 {updated} 人，数据表新增 {rows} 行。",
        "Imported: {values} values, {added} employees added to the Roster, {updated} "
        "updated, {rows} data-sheet rows added.",
    ),
    "import_dry_run": L(
        "检查通过：将导入 {values} 个值，新增人员 {added} 人；未写入。",
        "Check passed: {values} values and {added} new employees would be imported; "
        "nothing written.",
    ),
    "import_nothing": L(
        "文件中没有可导入的内容；工作簿未被修改。",
        "Nothing to import in the files; the workbook was not changed.",
    ),
    # rollup
    "rollup_title": L("季度 / 年度汇总", "Quarter / year roll-up"),
    "rollup_help": L(
        "选择已计算的月度（或季度）工作簿，生成一本新的季度或年度工作簿。",
        "Choose calculated monthly (or quarterly) workbooks to make a new quarter or year "
        "workbook.",
    ),
    "rollup_inputs": L("输入工作簿", "Input workbooks"),
    "rollup_out": L("新工作簿名称", "New workbook name"),
    "method": L("合成方式", "Method"),
    "method_mean": L("平均", "Mean"),
    "method_weighted": L("按出勤天数加权", "Weighted by days attended"),
    "period_type": L("汇总为", "Roll up into"),
    "period_auto": L(
        "自动（月度→季度，季度→年度）", "Automatic (months → quarter, quarters → year)"
    ),
    "period_quarter": L("季度", "A quarter"),
    "period_year": L("年度", "A year"),
    "rollup_button": L("生成汇总", "Roll up"),
    "rollup_failed": L("未生成汇总：{errors} 个错误。", "No roll-up written: {errors} errors."),
    "rollup_done": L(
        "已生成 {name}：{period}，{people} 人，{periods} 期。",
        "Wrote {name}: {period}, {people} people over {periods} periods.",
    ),
    "exists": L("{name} 已存在；请换一个名称", "{name} already exists; choose another name"),
    "rollup_none": L("请至少选择一本工作簿。", "Choose at least one workbook."),
    # uploads
    "upload_result": L("添加工作簿", "Adding workbooks"),
    "upload_saved": L("已添加：{name}", "Added: {name}"),
    "upload_refused": L("未添加：{name}：{reason}", "Not added: {name}: {reason}"),
    "upload_none": L("没有选择文件。", "No file was chosen."),
    "not_workbook_suffix": L(
        "只能添加 .xlsx 或 .xlsm 工作簿（.xls 请先在 Excel 或 WPS 中另存为 .xlsx）",
        "only .xlsx or .xlsm workbooks can be added (save an .xls as .xlsx in Excel or WPS first)",
    ),
    "bad_name": L("文件名无效", "the file name is not usable"),
    # refusals (whole pages)
    "refused_title": L("无法完成", "Cannot do that"),
    "too_large": L(
        "上传的文件太大（上限 {limit} MB）。服务仍在运行；请返回重试。",
        "The upload is too large (the limit is {limit} MB). The app is still running; go "
        "back and try again.",
    ),
    "bad_form": L(
        "无法读取上传的内容；请返回重新选择文件。",
        "The upload could not be read; go back and choose the files again.",
    ),
    "bad_token": L(
        "此地址无效：请使用 xlkpi app 启动时打开或显示的地址。",
        "This address is not valid: use the address xlkpi app opened or printed when it started.",
    ),
    "bad_origin": L(
        "已拒绝：请求来自其他网站。请直接在 xlkpi app 打开的页面中操作。",
        "Refused: the request came from another web site. Work in the page xlkpi app opened.",
    ),
    "not_found": L("找不到该页面或工作簿：{name}", "No such page or workbook: {name}"),
    "internal": L(
        "xlkpi 内部错误：{error}。工作簿未被修改；请连同工作簿一起反馈。",
        "xlkpi internal error: {error}. The workbook was not changed; please report it "
        "with the workbook.",
    ),
    # the command line
    "cli_started": L(
        "xlkpi app 已启动：{url}\n按 Ctrl+C 停止。",
        "xlkpi app is running: {url}\nPress Ctrl+C to stop.",
    ),
    "cli_stopped": L("xlkpi app 已停止。", "xlkpi app stopped."),
    "cli_missing": L(
        'xlkpi app 需要额外的组件：pip install "xlkpi[app]"（缺少 {module}）',
        'xlkpi app needs more components: pip install "xlkpi[app]" ({module} is missing)',
    ),
    "cli_port_busy": L(
        "端口 {port} 无法使用（{reason}）；换一个端口或不加 --port",
        "port {port} cannot be used ({reason}); choose another or leave out --port",
    ),
    "cli_no_folder": L("文件夹不存在：{path}", "the folder does not exist: {path}"),
}


def t(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang`, with `values` filled in."""
    text = TEXT[key](lang)
    return text.format(**values) if values else text


def pick_lang(value: str | None) -> str:
    """`value` when it is a language the app speaks, else Chinese."""
    return value if value in LANGS else DEFAULT_LANG
