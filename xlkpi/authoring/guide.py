"""The guide sheet's words: what to fill, in which order, what Calculate does, the colour
key, protection, and the notes on this template, all in HR's terms.

Texts are `Label`s; `{placeholders}` are filled with sheet names of the workbook's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlkpi import words
from xlkpi.core.label import Label

L = Label


@dataclass(frozen=True)
class Step:
    """One step of the Guide: its text, linked to the sheet it is about."""

    sheet: str | None  # a layout sheet key (or "data", "form", "summary", "issues") to link
    text: Label


INTRO = L(
    "本工作簿用于{period_word}绩效考核：HR在黄色单元格填写指标、人员、实际值和评分，点击“计算”，"
    "xlkpi 把每项得分、总分、排名、等级和奖金写回灰色单元格，并在“{issues}”表列出所有需要处理的问题。",
    "This workbook runs one {period_word} of performance assessment: HR fills the yellow cells "
    "(indicators, people, actuals, scores), clicks Calculate, and xlkpi writes every indicator's "
    "points, totals, ranks, grades and bonuses back into the grey cells, listing anything to fix "
    "on the {issues} sheet.",
)

STEPS: tuple[Step, ...] = (
    Step(
        "settings",
        L(
            "在“{settings}”填写考核周期，选择评分合成方式（自评/考评/审评权重），如需分配奖金，填写奖金池金额。",
            "On {settings}, enter the period, choose how rater scores combine (self / reviewer / "
            "approver weights) and, to split a bonus, the bonus pool.",
        ),
    ),
    Step(
        "indicators",
        L(
            "核对“{positions}”和“{indicators}”：指标、权重、目标值和评分规则已预置，可直接修改黄色单元格；"
            "计算后“规则解读”列用文字复述每条规则，请确认与原意一致。",
            "Check {positions} and {indicators}: indicators, weights, targets and rules are "
            "preset and can be edited in the yellow cells; after "
            "Calculate, Rule in words restates every rule so you can confirm it means what you meant.",
        ),
    ),
    Step(
        "roster",
        L(
            "在“{roster}”每位员工填一行：工号、姓名、部门、班组、岗位（下拉选择）、奖金基数。",
            "On {roster}, one row per employee: ID, name, department, team, position (from "
            "the list) and bonus base.",
        ),
    ),
    Step(
        "grades",
        L(
            "在“{grades}”确认等级线、奖金系数和强制分布比例。",
            "On {grades}, confirm the grade thresholds, bonus coefficients and quotas.",
        ),
    ),
    Step(
        "data",
        L(
            "在各岗位数据表（{data}）每人一行：下拉选择工号（姓名自动带出），录入实际值，以及自评、考评、审评分。",
            "On each position's data sheet ({data}), one row per person: pick the ID (the name "
            "fills itself), enter the actuals and the self, reviewer and approver scores.",
        ),
    ),
    Step(
        "adjustments",
        L(
            "在“{adjustments}”登记加减分、否决（总分上限或等级上限）和校准等级，每条都写明原因。",
            "On {adjustments}, record ± points, vetoes (a total or grade cap) and calibrated "
            "grades, each with its reason.",
        ),
    ),
    Step(
        None,
        L(
            "点击“计算”：启用宏的版本（.xlsm）在工作表上有按钮；也可在命令行运行 xlkpi calculate 文件名。",
            "Click Calculate: the macro-enabled version (.xlsm) has a button on the sheets; or run "
            "`xlkpi calculate <file>` on the command line.",
        ),
    ),
    Step(
        "issues",
        L(
            "查看“{issues}”：错误必须改正后重新计算，提醒请核实。结果见各数据表灰色列和“{summary}”。",
            "Read {issues}: fix every error and calculate again; check the warnings. Results "
            "are in the grey columns of each data sheet and on {summary}.",
        ),
    ),
    Step(
        "form",
        L(
            "在“{form}”选择工号，打印个人考核表，用于绩效面谈和签字。",
            "On {form}, pick an employee ID and print the personal form for the interview and signatures.",
        ),
    ),
)

CALCULATE_DOES: tuple[Label, ...] = (
    L(
        "读取各表并检查：权重合计是否为100%、必填项、数值范围、工号是否在人员名单中、评分规则能否理解；所有问题一次列出，并指明单元格。",
        "Reads every sheet and checks it: weights adding up to 100%, required cells, ranges, IDs "
        "present in the roster, rules it understands; every problem is listed at once with its cell.",
    ),
    L(
        "按规则给每个指标打分（评分类指标按设置合成自评/考评/审评），加权汇总为总分（保留两位小数），加上调整分。",
        "Scores each indicator by its rule (rater-scored ones combine self / reviewer / approver as "
        "set), weights and sums them to a total with two decimals, and adds adjustments.",
    ),
    L(
        "排名，按等级线定级，再按强制分布比例、否决项和校准等级修正；分配奖金池，精确到分且合计等于奖金池。",
        "Ranks, grades by threshold, then applies quotas, vetoes and calibrated grades; splits the "
        "bonus pool to the cent so that the shares add up to the pool.",
    ),
    L(
        "只写灰色单元格和“{summary}”“{issues}”表，不改动任何黄色单元格；写入前保留备份，写入失败时原文件不变。",
        "Writes only the grey cells and the {summary} and {issues} sheets, never a yellow cell; it "
        "keeps a backup, and a failed write leaves the file as it was.",
    ),
)

COLOUR_KEY: tuple[tuple[str, Label], ...] = (
    ("input", L("填写：可录入或下拉选择的单元格", "Input: type or pick a value here")),
    (
        "computed",
        L(
            "计算：公式（已锁定）或由“计算”写入的结果",
            "Computed: formulas (locked) and the results Calculate writes",
        ),
    ),
    ("header", L("表头", "Column headings")),
    (
        "problem",
        L(
            "问题：缺值、超出范围、工号不在名单中或重复",
            "Problem: missing, out of range, unknown or duplicate ID",
        ),
    ),
    (
        "warning",
        L(
            "提醒：自评与考评差距过大等，请核实",
            "Warning: e.g. self and reviewer far apart; please check",
        ),
    ),
    ("good", L("最高等级", "Top grade")),
    ("poor", L("最低等级", "Lowest grade")),
)

PROTECTION = L(
    "各表已保护但没有密码：黄色单元格可直接填写，灰色的公式单元格和表结构被锁定以免误改；"
    "“计算”写入结果的灰色单元格不锁定，每次计算都会重写。需要增删列时，"
    "用“审阅 → 撤消工作表保护”（无需密码），改完再保护。启用宏的版本点击“计算”时会自动撤消并恢复保护。",
    "Sheets are protected without a password: the yellow cells can be filled; the grey formula "
    "cells and the structure are locked against slips. The grey cells Calculate writes its results "
    "into stay unlocked and are rewritten by every run. To add or remove columns use Review → "
    "Unprotect Sheet (no password) and protect it again afterwards. In the macro-enabled version "
    "Calculate unprotects and re-protects the sheets itself.",
)

AFTER = L(
    "结果公布后3个工作日内进行绩效面谈并制定改进计划；员工可在2个工作日内书面申诉，3个工作日内完成复核并答复。"
    "在“设置”填写结果发布日期后，“计算”按法定节假日和调休算出每个期限：面谈和改进计划记在“面谈与改进”表，"
    "申诉记在“申诉”表，逾期或缺失的事项列入“问题”表；申诉成立并填写改分的，按加减分计入，"
    "因他人申诉而等级或奖金变化的人也会列出。360°评分在“360设置”和“360评分”表。"
    "每次计算都追加到“变更记录”（xlkpi history 可查看），该表被改动时计算会停止。",
    "Hold the performance interview and agree an improvement plan within 3 working days of the "
    "results; an employee may appeal in writing within 2 working days, and the review is answered "
    "within 3 working days. With the results date set on Settings, Calculate works out each "
    "deadline on China's working days (holidays and make-up working days): interviews and "
    "plans go on Interviews, appeals on Appeals, and anything overdue or missing on Issues. An "
    "upheld appeal's score change counts as an adjustment, and people whose grade or bonus "
    "moved because of someone else's appeal are listed. 360° input goes on 360 setup and 360 "
    "ratings. Every Calculate is appended to the Change log (see `xlkpi history`); an edited "
    "log stops Calculate.",
)

GRADES_NOTE = L(
    "等级：S≥90分（至多占10%），A 80–89分（至多占20%），B 70–79分，C<70分（至少占5%）；"
    "奖金系数1.5/1.2/1.0/0.5为建议值，可在“{grades}”表修改。",
    "Grades: S ≥90 (at most 10% of people), A 80–89 (at most 20%), B 70–79, C <70 (at least "
    "5%); the bonus coefficients 1.5 / 1.2 / 1.0 / 0.5 are suggestions, to change on {grades}.",
)

HEADINGS = words.table("authoring", "guide_headings")

POSITIONS_LINE = L("本工作簿包含的岗位：", "Positions in this workbook: ")
