"""`xlkpi --help` in Chinese: the parser's texts, and argparse's own words, translated.

The subcommand modules write their help in English (argparse's native language); when the
help is shown in Chinese, `translate(parser)` replaces every text it finds here, and
`argparse_words()` turns argparse's own headings ("usage:", "options") into Chinese while
the help is printed. A text missing here stays English rather than disappearing.
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
from collections.abc import Iterator

ZH: dict[str, str] = {
    # top level
    "message language when the workbook does not set one": "工作簿未指定语言时的提示语言",
    "show the traceback of internal errors": "内部错误时显示调用栈",
    # new
    "create a workbook from a template": "从模板新建工作簿",
    "the workbook to create (.xlsx, or .xlsm with --macro)": "要新建的工作簿（.xlsx；加 --macro 时为 .xlsm）",
    "template name (see `xlkpi templates`); default: the first listed": (
        "模板名称（见 xlkpi templates）；默认为列表中的第一个"
    ),
    "build a macro-enabled .xlsm with a Calculate button": "生成带“计算”按钮的启用宏工作簿 .xlsm",
    "fill in generated people, actuals and scores to try it out": "填入示例人员、实际值和评分，便于试用",
    "replace PATH if it exists": "PATH 已存在时覆盖",
    # templates
    "list the templates `xlkpi new` can build": "列出 xlkpi new 可用的模板",
    # import
    "import roster, actuals, rater scores and pay inputs from CSV or XLSX exports": (
        "从 CSV 或 XLSX 导出文件导入人员、实际值、评分和薪酬数据"
    ),
    "the assessment workbook (.xlsx/.xlsm)": "绩效考核工作簿（.xlsx/.xlsm）",
    "CSV or XLSX export files": "CSV 或 XLSX 导出文件",
    "check the files, write nothing": "只检查文件，不写入",
    "do not keep a copy of the workbook before writing": "写入前不保留工作簿备份",
    # check
    "check a workbook and list its problems (writes nothing)": "检查工作簿并列出问题（不写入）",
    "list every problem": "列出全部问题",
    # calculate
    "calculate the workbook in place and print a summary": "在工作簿内计算并输出摘要",
    "print the results as JSON (UTF-8) on stdout instead of a summary": (
        "以 JSON（UTF-8）输出结果，代替摘要"
    ),
    # rollup
    "roll monthly (or quarterly) results up into a quarter or a year, as a new workbook": (
        "把月度（或季度）结果汇总为季度或年度，生成新工作簿"
    ),
    "the roll-up workbook to create (.xlsx)": "要生成的汇总工作簿（.xlsx）",
    "calculated workbooks, one per month (or quarterly roll-ups)": (
        "已计算的工作簿，每月一个（或季度汇总）"
    ),
    "mean of the periods present (default), or weighted by days attended": (
        "各期平均（默认），或按出勤天数加权"
    ),
    "default: a quarter from months, a year from quarters": "默认：月度汇总为季度，季度汇总为年度",
    "the period's name (default e.g. 2026Q4)": "汇总期的名称（默认如 2026Q4）",
    "replace OUT if it exists": "OUT 已存在时覆盖",
}

#: descriptions and epilogs (multi-line), by their first line
ZH_BLOCKS: dict[str, str] = {
    "xlkpi: performance assessment": (
        "xlkpi：在 HR 已在使用的 Excel 工作簿里完成绩效考核计算。\n\n"
        "  xlkpi new 2026-10.xlsx --template call-centre-agent\n"
        "  xlkpi import 2026-10.xlsx roster.csv actuals.csv scores.xlsx\n"
        "  xlkpi check 2026-10.xlsx\n"
        "  xlkpi calculate 2026-10.xlsx\n"
    ),
    "exit codes:": (
        "退出码：0 完成（可有提醒），2 输入有误，1 内部错误。\n"
        "提示语言：工作簿“设置”中的语言，其次 --lang，其次系统界面语言；默认中文。\n"
    ),
}

ZH_EXAMPLES: dict[str, str] = {
    "calculate": (
        "示例：\n  xlkpi calculate 2026-10.xlsx\n  xlkpi calculate 2026-10.xlsx --json > results.json\n"
        "  xlkpi calculate 2026-10.xlsx --no-backup\n"
        "结果写入各数据表、“汇总”和“问题”表；除非加 --no-backup，保留备份\n"
        "（book.original.xlsx 与 book.bak.日期-时间.xlsx）。工作簿有错误时退出码为 2。\n"
    ),
    "check": (
        "示例：\n  xlkpi check 2026-10.xlsx\n"
        "  xlkpi check 2026-10.xlsx --all      （列出全部问题，而不只是每类前 100 条）\n"
        "有错误时退出码为 2；只有提醒或没有问题时为 0。\n"
    ),
    "import": (
        "按表头识别每个文件：\n"
        "  长表     工号,指标,值[,评分人]\n"
        "  宽表     工号,满意度,首次解决率,...\n"
        "  人员名单 工号,姓名,部门,班组,岗位,奖金基数\n"
        "  薪酬表   维修班组,检验合格台数,交付及时率,...；奖金池,部门,项目,数值\n"
        "CSV 可为 UTF-8（带或不带 BOM）或 GBK/GB18030。任一文件有错误时不写入；\n"
        "否则一次写入全部内容（保留备份）。\n\n"
        "示例：\n  xlkpi import 2026-10.xlsx roster.csv\n"
        "  xlkpi import 2026-10.xlsx crm-export.csv 评分.xlsx\n"
        "  xlkpi import 2026-10.xlsx actuals.csv --dry-run\n"
    ),
    "new": (
        "示例：\n  xlkpi new 2026-10.xlsx\n"
        "  xlkpi new 2026Q4.xlsx --template call-centre-agent --lang en\n"
        "  xlkpi new 2026-10.xlsm --macro          （带“计算”按钮；需要启用 Excel 宏）\n"
        "  xlkpi templates                          （列出模板）\n"
    ),
    "rollup": (
        "示例：\n  xlkpi rollup 2026Q4.xlsx 2026-10.xlsx 2026-11.xlsx 2026-12.xlsx\n"
        "  xlkpi rollup 2026Q4.xlsx 2026-1*.xlsx --method weighted\n"
        "每个输入须已计算（xlkpi calculate）。季度规则：季度综合得分低于59分，发放50%绩效工资；\n"
        "两个季度不合格取消年终考核。--method weighted 按出勤天数加权。\n"
        "OUT 为新工作簿；已存在时保留，除非加 --force。输入有误时退出码为 2。\n"
    ),
    "templates": "示例：\n  xlkpi templates\n  xlkpi templates --lang en\n",
}

#: argparse's own words (it asks gettext for them while formatting)
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少以下参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "expected one argument": "需要一个参数值",
}


def _block(text: str | None) -> str | None:
    if not text:
        return text
    for start, zh in ZH_BLOCKS.items():
        if text.startswith(start):
            return zh
    return text


def translate(parser: argparse.ArgumentParser) -> None:
    """Put the Chinese texts into `parser` and its subcommands' parsers, in place."""
    parser.description = _block(parser.description)
    parser.epilog = _block(parser.epilog)
    for action in parser._actions:
        if action.help and action.help in ZH:
            action.help = ZH[action.help]
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help in ZH:
                    choice.help = ZH[choice.help]
            for name, sub in action.choices.items():
                if sub.description and sub.description.rstrip(".") in ZH:
                    sub.description = ZH[sub.description.rstrip(".")] + "。"
                if name in ZH_EXAMPLES:
                    sub.epilog = ZH_EXAMPLES[name]
                for sub_action in sub._actions:
                    if sub_action.help and sub_action.help in ZH:
                        sub_action.help = ZH[sub_action.help]


@contextlib.contextmanager
def argparse_words() -> Iterator[None]:
    """argparse's headings and errors in Chinese while the block runs."""
    original = argparse._  # type: ignore[attr-defined]

    def zh(text: str) -> str:
        return ARGPARSE_ZH.get(text) or gettext.gettext(text)

    argparse._ = zh  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
