"""The Settings sheet's rows (label | value | note): what each setting is called in both
languages, what its cell holds and its default. Part of the contract (`layout` re-exports
these names, where every declaration has always been looked up)."""

from __future__ import annotations

from xlkpi.core.label import DEFAULT_LANG
from xlkpi.workbook.contract.schema import Kind, Label, Setting

SETTINGS: list[Setting] = [
    Setting(
        "period",
        Label("考核周期", "Period"),
        Kind.TEXT,
        "",
        note=Label("例如 2026-10 或 2026Q4", "e.g. 2026-10 or 2026Q4"),
    ),
    Setting("period_type", Label("周期类型", "Period type"), Kind.CHOICE, "month", "period_type"),
    Setting(
        "lang",
        Label("语言", "Language"),
        Kind.CHOICE,
        DEFAULT_LANG,
        "lang",
        note=Label("问题清单和结果说明使用的语言", "Language of the Issues sheet and notes"),
    ),
    Setting(
        "rater_mode",
        Label("评分合成方式", "Rater combination"),
        Kind.CHOICE,
        "weighted",
        "rater_mode",
        note=Label(
            "加权：按下列权重合成；最高层级决定：审评>考评>自评",
            "Weighted by the weights below, or the highest rater present decides",
        ),
    ),
    Setting("weight_self", Label("自评权重", "Self weight"), Kind.PERCENT, 0.2),
    Setting("weight_reviewer", Label("考评权重", "Reviewer weight"), Kind.PERCENT, 0.3),
    Setting("weight_approver", Label("审评权重", "Approver weight"), Kind.PERCENT, 0.5),
    Setting("weight_peer", Label("同事评权重", "Peer weight"), Kind.PERCENT, 0.0),
    Setting("weight_customer", Label("客户评权重", "Customer weight"), Kind.PERCENT, 0.0),
    Setting(
        "missing_rater",
        Label("缺评处理", "Missing rater score"),
        Kind.CHOICE,
        "renormalise",
        "missing_rater",
    ),
    Setting(
        "gap_threshold",
        Label("自评差异提醒阈值", "Self/reviewer gap warning"),
        Kind.PERCENT,
        0.2,
        note=Label(
            "自评与考评相差超过满分的该比例时提醒",
            "Warn when self and reviewer differ by more than this share of the scale",
        ),
    ),
    Setting("rank_scope", Label("排名范围", "Rank within"), Kind.CHOICE, "all", "scope"),
    Setting(
        "forced_distribution",
        Label("启用强制分布", "Forced distribution"),
        Kind.CHOICE,
        "yes",
        "yes_no",
    ),
    Setting(
        "distribution_scope",
        Label("强制分布范围", "Distribution within"),
        Kind.CHOICE,
        "all",
        "scope",
    ),
    Setting(
        "bonus_pool",
        Label("奖金池(元)", "Bonus pool (¥)"),
        Kind.MONEY,
        None,
        note=Label("留空则不分配奖金", "Leave empty for no bonus split"),
    ),
    Setting(
        "pool_scope",
        Label("奖金池范围", "Bonus pool for"),
        Kind.CHOICE,
        "all",
        "pool_scope",
        note=Label(
            "全公司：各工作簿填写同一奖金池，一起计算时统一分配",
            "Whole company: every workbook states the same pool, split when calculated together",
        ),
    ),
    Setting(
        "results_date",
        Label("结果发布日期", "Results published on"),
        Kind.DATE,
        None,
        note=Label(
            "面谈、申诉期限从此日起按工作日计算（见“面谈与改进”“申诉”表）",
            "Interview and appeal deadlines count working days from this date",
        ),
    ),
    Setting(
        "plan_grades",
        Label("需改进计划的等级", "Grades needing an improvement plan"),
        Kind.TEXT,
        "",
        note=Label(
            "多个等级用逗号分隔，例如 C；留空则为最低等级",
            "Comma-separated, e.g. C; empty means the lowest grade",
        ),
    ),
    Setting(
        "status",
        Label("计算状态", "Calculation status"),
        Kind.TEXT,
        "",
        note=Label("由“计算”写入，请勿填写", "Written by Calculate; do not edit"),
    ),
]

SETTINGS_BY_KEY = {s.key: s for s in SETTINGS}
SETTINGS_HEADER = [Label("项目", "Setting"), Label("值", "Value"), Label("说明", "Note")]
