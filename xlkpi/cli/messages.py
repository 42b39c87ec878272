"""What the command line says, in Chinese and English, and how it picks the language.

The language is the workbook's own (its Settings sheet) when the command has a workbook
that can be read; otherwise `--lang`; otherwise the user's interface language (the locale,
or Windows' display language) when it is set and not Chinese; otherwise Chinese.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from typing import TextIO

from xlkpi.core.fmt import agree
from xlkpi.core.label import Label
from xlkpi.core.problems import Problem, Source
from xlkpi.workbook.layout import SEVERITY_LABELS

L = Label

TEXT: dict[str, Label] = {
    "error": L("错误", "error"),
    "warning": L("提醒", "warning"),
    "more": L("……另有 {n} 条{what}未列出", "... and {n} more {what} not shown"),
    "more_errors": L("错误", "errors"),
    "more_warnings": L("提醒", "warnings"),
    "not_a_file": L("不是文件：{path}", "not a file: {path}"),
    "internal": L(
        "xlkpi 内部错误：{error}。这不是您的输入造成的；请把所运行的命令和以 --debug "
        "重新运行的输出报告给 {report}",
        "xlkpi internal error: {error}. This is a bug, not a problem with your input; please "
        "report the command and its output with --debug to {report}",
    ),
    "report_to": L("xlkpi 维护者", "the xlkpi maintainers"),
    "interrupted": L("已中断；工作簿未被修改", "interrupted; the workbook was not changed"),
    "kept_problem": L(
        "提示：工作簿中原有的问题已保持原样（未由本次写入造成）：{problem}",
        "note: the workbook already had this problem; it was left as it was: {problem}",
    ),
    "interrupted_saved": L(
        "已中断；但 {path} 已在中断前保存完毕（修改前的版本保存在备份中）",
        "interrupted; {path} had already been saved before the interruption "
        "(the version before is in the backup)",
    ),
    # new / templates
    "exists": L(
        "{path} 已存在；如要覆盖请加 --force", "{path} already exists; add --force to replace it"
    ),
    "unknown_template": L(
        "没有名为“{name}”的模板；可用模板：{names}",
        "there is no template named '{name}'; available: {names}",
    ),
    "suffix_macro": L(
        "含宏的工作簿须以 .xlsm 结尾：{path}", "a workbook with macros must end in .xlsm: {path}"
    ),
    "suffix_plain": L(
        "{path} 以 .xlsm 结尾，但未加 --macro；请改用 .xlsx 或加 --macro",
        "{path} ends in .xlsm but --macro was not given; use .xlsx or add --macro",
    ),
    "suffix_other": L(
        "工作簿文件须以 .xlsx 或 .xlsm 结尾：{path}",
        "the workbook must end in .xlsx or .xlsm: {path}",
    ),
    "no_folder": L("文件夹不存在：{path}", "the folder does not exist: {path}"),
    "macro_unavailable": L(
        "本安装不含宏工程，无法生成 .xlsm；请去掉 --macro",
        "this installation has no VBA project, so .xlsm cannot be built; drop --macro",
    ),
    "created": L(
        "已创建 {path}（模板 {name}，{title}）", "created {path} (template {name}, {title})"
    ),
    "next_steps": L(
        "下一步：在“人员”表中填写员工，或用 xlkpi import 导入；然后运行 xlkpi calculate {path}",
        "next: fill in the Roster sheet or use xlkpi import, then run xlkpi calculate {path}",
    ),
    "templates_header": L("模板", "template"),
    "templates_title": L("名称", "title"),
    "templates_positions": L("岗位", "positions"),
    # rollup
    "rollup_suffix": L(
        "汇总工作簿须以 .xlsx 结尾：{path}", "the roll-up workbook must end in .xlsx: {path}"
    ),
    "rollup_is_input": L(
        "{path} 同时是输入文件；请换一个输出文件名",
        "{path} is also an input; choose another name for the roll-up",
    ),
    "rollup_failed": L("未生成汇总：{errors} 个错误。", "No roll-up written: {errors} errors."),
    "rollup_done": L(
        "已生成 {path}：{period}，{people} 人，{periods} 期（{warnings} 个提醒）",
        "Wrote {path}: {period}, {people} people over {periods} periods ({warnings} warnings)",
    ),
    # check
    "check_ok": L("未发现问题。", "No problems found."),
    "check_summary": L(
        "{errors} 个错误，{warnings} 个提醒。", "{errors} errors, {warnings} warnings."
    ),
    # import
    "import_file": L("{file}：{form}，{rows} 行", "{file}: {form}, {rows} rows"),
    "import_encoding": L("，编码 {encoding}", ", {encoding}"),
    "import_sheet": L("，工作表 {sheet}", ", sheet {sheet}"),
    "import_failed": L(
        "导入失败：{errors} 个错误。工作簿未被修改。",
        "Import failed: {errors} errors. The workbook was not changed.",
    ),
    "import_done": L(
        "已导入 {path}：{values} 个值，新增人员 {added} 人，更新人员 {updated} 人，"
        "数据表新增 {rows} 行{overwritten}。",
        "Imported into {path}: {values} values, {added} employees added to the Roster, "
        "{updated} updated, {rows} data-sheet rows added{overwritten}.",
    ),
    "import_overwritten": L("，其中 {n} 个值覆盖了原有数据", "; {n} values replaced earlier ones"),
    "import_dry_run": L(
        "检查通过（--dry-run）：将导入 {values} 个值，新增人员 {added} 人；未写入。",
        "Check passed (--dry-run): {values} values and {added} new employees would be imported; "
        "nothing written.",
    ),
    "import_mapping": L("{file} 的列：", "Columns of {file}:"),
    "import_mapping_row": L("  {source} → {target}{unit}{how}", "  {source} → {target}{unit}{how}"),
    "import_mapping_unit": L("（单位：{unit}）", " (unit: {unit})"),
    "import_mapping_new": L("  [新记入“{sheet}”表]", "  [new on the {sheet} sheet]"),
    "import_mapping_kept": L("  [按“{sheet}”表]", "  [from the {sheet} sheet]"),
    "import_note": L("说明 {where}：{message}", "note {where}: {message}"),
    "import_changes": L(
        "将写入 {n} 个单元格（其中 {replaced} 个替换原有的值）：",
        "{n} cells would be written ({replaced} replacing a value):",
    ),
    "import_change": L("  {cell}：{old} → {new}", "  {cell}: {old} → {new}"),
    "import_nothing": L(
        "文件中没有可导入的内容；工作簿未被修改。",
        "Nothing to import in the files; the workbook was not changed.",
    ),
    # calculate
    "calc_errors": L(
        "计算未完成：{errors} 个错误需要先修正。",
        "Not calculated: {errors} errors must be fixed first.",
    ),
    "calc_issues_written": L(
        "问题已写入工作簿的“问题”表。", "The problems were written to the workbook's Issues sheet."
    ),
    "calc_done": L("已计算 {path}", "Calculated {path}"),
    "calc_headcount": L("人数", "Headcount"),
    "calc_average": L("平均分", "Average"),
    "calc_grades": L("等级分布", "Grades"),
    "calc_pool": L("奖金池", "Bonus pool"),
    "calc_pool_used": L("已分配 {used} / {pool}", "{used} of {pool} allocated"),
    "calc_no_pool": L("未设置", "not set"),
    "calc_warnings": L("提醒", "Warnings"),
    "calc_not_scored": L("{n} 人未能计分", "{n} could not be scored"),
    # calculate, many workbooks
    "batch_ok": L("✓ {path}：{text}", "✓ {path}: {text}"),
    "batch_errors": L(
        "✗ {path}：未计算，{errors} 个错误需要先修正",
        "✗ {path}: not calculated, {errors} errors must be fixed first",
    ),
    "batch_failed": L("✗ {path}：{error}", "✗ {path}: {error}"),
    "batch_missing": L("✗ {path}：找不到文件", "✗ {path}: file not found"),
    "batch_internal": L(
        "xlkpi 内部错误（{error}）；工作簿未被修改",
        "internal error ({error}); the workbook was not changed",
    ),
    "batch_died": L(
        "计算该工作簿的进程意外退出（内存不足？）；工作簿保持原样或已完整写入，请检查后重新运行",
        "the process calculating it stopped unexpectedly (out of memory?); the workbook is "
        "either as it was or fully written: check it and run again",
    ),
    "batch_company_held": L(
        "✗ {path}：未写入：同一公司的其他工作簿有错误，全公司的工作簿均未修改",
        "✗ {path}: not written: another workbook of the company has errors, so none was changed",
    ),
    "batch_total": L(
        "共 {books} 个工作簿：{ok} 个已计算，{failed} 个失败",
        "{books} workbooks: {ok} calculated, {failed} failed",
    ),
    "batch_none": L("没有找到工作簿（.xlsx/.xlsm）", "no workbooks (.xlsx/.xlsm) found"),
    # overview
    "overview_suffix": L(
        "总览工作簿须以 .xlsx 结尾：{path}", "the overview workbook must end in .xlsx: {path}"
    ),
    "overview_left_out": L(
        "{path}：有 {errors} 个错误，未计入总览（请用 xlkpi check 查看）",
        "{path}: {errors} errors, left out of the overview (see xlkpi check)",
    ),
    "overview_done": L(
        "已生成 {path}：{books} 个工作簿，{people} 人",
        "Wrote {path}: {books} workbooks, {people} people",
    ),
    # progress stages
    "stage_done": L("完成，用时", "done in"),
}

STAGES: dict[str, Label] = {
    "read": L("读取", "reading"),
    "reading": L("读取", "reading"),
    "reading workbook": L("读取工作簿", "reading the workbook"),
    "reading files": L("读取导入文件", "reading files"),
    "checking rows": L("检查数据", "checking rows"),
    "preparing the write": L("准备写入", "preparing the write"),
    "writing workbook": L("写入工作簿", "writing the workbook"),
    "assess": L("计算", "scoring"),
    "assessing": L("计算", "scoring"),
    "results": L("整理结果", "preparing results"),
    "write": L("写入", "writing"),
    "writing": L("写入", "writing"),
    "building": L("生成", "building"),
    "checking": L("检查", "checking"),
}


def t(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang`, with `{name}` fields filled in."""
    text = TEXT[key](lang)
    return agree(text.format(**values)) if values else text


def stage_label(lang: str):  # noqa: ANN201 - a small closure factory
    """A function naming a progress stage in `lang` (unknown stages are shown as given)."""

    def label(stage: str) -> str:
        found = STAGES.get(stage)
        return found(lang) if found else stage

    return label


#: locales that name no language ("C.UTF-8" is a container's default, not a choice)
_NO_LANGUAGE = ("c", "posix")


def locale_lang(environ: Mapping[str, str] | None = None, *, windows: bool | None = None) -> str:
    """The user's language: 'zh' unless the user's interface is in another language.

    LC_ALL, LC_MESSAGES, then LANG: "zh…" is Chinese, "C"/"POSIX" (with or without an
    encoding) say nothing, anything else ("en_GB.UTF-8", "de_DE") is English. Without a
    locale, Windows is asked for the user's UI language; otherwise Chinese, the default.

    Args:
        environ: the environment (os.environ when None).
        windows: whether to ask Windows (default: when running on Windows).
    """
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if not value or value.split(".")[0].lower() in _NO_LANGUAGE:
            continue
        return "zh" if value.lower().startswith("zh") else "en"
    if windows if windows is not None else sys.platform == "win32":
        return _windows_ui_lang()
    return "zh"


def _windows_ui_lang() -> str:
    """'zh' when the Windows display language is Chinese (primary language id 0x04)."""
    try:
        import ctypes

        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):  # not Windows after all: keep the default
        return "zh"
    return "zh" if langid & 0x3FF == 0x04 else "en"


def place(src: Source, lang: str) -> str:
    """Where a problem is, for people: 'Roster!B4', 'actuals.csv row 7',
    'export.xlsx Sheet1!C7'."""
    if src.file:
        from xlkpi.importing.sources import place_text

        return place_text(src, lang)
    return str(src) if (src.sheet or src.label) else ""


def problem_line(p: Problem, lang: str) -> str:
    """'错误 Roster!B4：…' / 'error Roster!B4: …'."""
    severity = SEVERITY_LABELS[p.severity.value](lang) if lang == "zh" else p.severity.value
    where = ", ".join(x for x in (place(s, lang) for s in p.where) if x)
    sep = "：" if lang == "zh" else ": "
    return (
        f"{severity} {where}{sep}{p.message(lang)}"
        if where
        else f"{severity}{sep}{p.message(lang)}"
    )


def print_problems(
    problems: Iterable[Problem], lang: str, out: TextIO, *, limit: int = 100
) -> None:
    """Errors first, then warnings; at most `limit` of each, then a count of the rest."""
    items = list(problems)
    for severity, more_key in (("error", "more_errors"), ("warning", "more_warnings")):
        group = [p for p in items if p.severity.value == severity]
        for p in group[:limit]:
            print(problem_line(p, lang), file=out)
        if len(group) > limit:
            print(t("more", lang, n=len(group) - limit, what=t(more_key, lang)), file=out)


def report_address() -> str:
    """Where to report bugs: the package's 'Issues'/'Bug Tracker' URL, when it has one."""
    try:
        from importlib.metadata import metadata

        urls = metadata("xlkpi").get_all("Project-URL") or []
    except Exception:  # not installed as a distribution: no metadata to read
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("issues", "bug tracker", "bugs", "tracker"):
            return url.strip()
    return ""
