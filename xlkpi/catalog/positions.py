"""The seed positions (docs: domain.md §3) as data: indicators, weights, targets and rules.

Rules are written here as the cell text HR would type (mostly in Chinese, close to the
seeds' wording) and built with `parse_rule`, so the catalog also proves the syntax covers
the seeds. Where a seed is garbled or contradicts itself, the position carries a `Repair`
saying what was changed and why, in both languages.

The customer-service manager exists twice: `cs_manager_seed` exactly as the seed has it
(group weights 85% + 25% = 110%, which a workbook check must report) and `cs_manager`
repaired to 75% + 25%. Technicians and automotive roles are paid by money schemes (§5):
they are in `pay_positions`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from xlkpi.core.label import Label
from xlkpi.core.model import Indicator, ScoredBy
from xlkpi.core.problems import Source
from xlkpi.core.rules import Rule, parse_rule

#: one deliberate change from the seed, stated for HR in both languages
Repair = Label


@dataclass(frozen=True)
class CatalogIndicator:
    """One indicator of a seed position. Weights are fractions: `weight` within its
    dimension, `dimension_weight` of the total (see `xlkpi.core.model.Indicator`)."""

    code: str
    name_zh: str
    name_en: str
    dimension_zh: str
    dimension_en: str
    dimension_weight: float
    weight: float
    scale: float  # the most raw points the rule (or a rater) gives
    target: float | None
    scored_by: ScoredBy
    rule: Rule | None  # None: raters score directly on 0..scale
    unit: str = ""  # a unit key of xlkpi.core.rules.text.UNITS, "" for none
    valid: str = ""  # the valid range of actuals ("1–5"); "" for what the unit implies

    def rule_text(self, lang: str = "zh") -> str:
        """The rule as the cell text HR would type in `lang`; "" when raters score directly."""
        return self.rule.to_text(lang) if self.rule is not None else ""


@dataclass(frozen=True)
class Position:
    """One position of the seeds: its indicators, and the repairs made to its seed."""

    code: str
    name_zh: str
    name_en: str
    seed: str  # where the position comes from, e.g. "seed 001, table 9-26"
    indicators: tuple[CatalogIndicator, ...]
    repairs: tuple[Repair, ...] = ()
    sheet_zh: str = ""  # its data sheet's name when not the position's name
    sheet_en: str = ""
    pay_scheme: str = ""  # a Positions.pay_scheme text when a money scheme pays it

    def indicator(self, code: str) -> CatalogIndicator:
        """The indicator with this code (KeyError naming the position if none)."""
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(f"{self.code} has no indicator {code!r}")

    def model_indicators(self, lang: str = "zh") -> list[Indicator]:
        """The indicators as the engine takes them, names in `lang` (the other in name_alt).

        Args:
            lang: "zh" or "en".
        Returns:
            One `xlkpi.core.model.Indicator` per catalog indicator, in order.
        """
        zh = lang == "zh"
        return [
            Indicator(
                position=self.code,
                code=i.code,
                name=i.name_zh if zh else i.name_en,
                name_alt=i.name_en if zh else i.name_zh,
                weight=i.weight,
                scale=i.scale,
                scored_by=i.scored_by,
                rule=i.rule,
                target=i.target,
                dimension=i.dimension_zh if zh else i.dimension_en,
                dimension_weight=i.dimension_weight,
                source=Source(label=f"catalog {self.code}.{i.code}"),
            )
            for i in self.indicators
        ]


def _rule(position: str, code: str, text: str) -> Rule:
    return parse_rule(text, Source(label=f"catalog {position}.{code}"))


def plain_indicator(
    code: str,
    zh: str,
    en: str,
    weight: float,
    scale: float,
    target: float | None = None,
    rule: Rule | None = None,
    unit: str = "",
) -> CatalogIndicator:
    """An indicator of a position without dimensions: scored by its rule (an actual), or
    by raters on 0..scale when it has none."""
    scored_by = ScoredBy.RATERS if rule is None else ScoredBy.ACTUAL
    return CatalogIndicator(code, zh, en, "", "", 1.0, weight, scale, target, scored_by, rule, unit)


# --- customer-service manager 客户服务部经理 (seed 001, tables 9-23 / 9-24) -----------------

_CAP = ("能力指标", "capability")
_ATT = ("态度指标", "attitude")


def _cs_manager(code: str, capability_weight: float, repairs: tuple[Repair, ...]) -> Position:
    def cap(
        c: str, zh: str, en: str, weight: float, target: float | None, text: str, unit: str = ""
    ) -> CatalogIndicator:
        return CatalogIndicator(
            c, zh, en, *_CAP, capability_weight, weight, weight * 100, target, ScoredBy.ACTUAL,
            _rule(code, c, text), unit,
        )  # fmt: skip

    def att(c: str, zh: str, en: str) -> CatalogIndicator:
        return CatalogIndicator(
            c, zh, en, *_ATT, 0.25, 0.25, 25, None, ScoredBy.RATERS,
            _rule(code, c, "等级：1级为5分；2级为10分；3级为15分；4级为20分；5级为25分"),
        )  # fmt: skip

    indicators = (
        cap("revisits", "客户回访", "Client revisits", 0.05, 1.0,
            "阶梯：完成所有回访 ≥100% 5分；90%以上 3分；其他 0分", "%"),
        cap("complaints", "客户投诉处理", "Complaint handling", 0.30, None,
            "要求：完成所有要求为30分；任一项没有满足扣10分；两小时内响应；3个工作日内解决；解决率100%"),
        replace(cap("satisfaction", "客户满意度", "Client satisfaction", 0.20, 90,
            "阶梯：≥90分 20分；≥85分 10分；≥80分 5分；其他 0分"), valid="0–100"),
        cap("training", "客服培训", "Service training", 0.05, 10,
            "阶梯：≥10课时 5分；≥6课时 3分；其他 0分", "lesson"),
        cap("process", "客服流程体系的建立与完善", "Service process system", 0.20, 0.9,
            "阶梯：完成率≥90% 20分；≥85% 10分；≥80% 5分；其他 0分", "%"),
        cap("records", "客户信息管理", "Client records", 0.10, 0.0,
            "阶梯：错漏率≤0% 10分；≤3% 5分；其他 0分", "%"),
        cap("sales", "销售额", "Sales", 0.05, None, "门槛：≥目标 5分；否则 0分"),
        cap("churn", "客户流失数", "Clients lost", 0.05, 0, "门槛：≤0 5分；否则 0分", "item"),
        att("initiative", "主动性", "Initiative"),
        att("customer_focus", "以客户为中心", "Customer focus"),
        att("thoroughness", "服务细致", "Thoroughness"),
        att("accountability", "承担责任", "Accountability"),
    )  # fmt: skip
    name_zh, name_en = "客户服务部经理", "Customer-service manager"
    if code.endswith("_seed"):
        name_zh += "（原表权重）"
        name_en += " (seed weights)"
    return Position(code, name_zh, name_en, "seed 001, tables 9-23/9-24", indicators, repairs)


_CS_MANAGER_COMMON = (
    Repair(
        "客服流程体系：原表为完成率≥90%得20分、≥85%得10分、<80%得0分，80%–85%无规定；"
        "按逐级递减补为≥80%得5分。",
        "Process system: the seed scores ≥90% → 20, ≥85% → 10 and <80% → 0, leaving 80–85% "
        "undefined; 80–85% is given 5 points (the next step down).",
    ),
    Repair(
        "客户满意度：原表“85分以上为10分以上”按≥85分得10分处理。",
        "Satisfaction: the seed's '85分以上为10分以上' is read as ≥85 → 10 points.",
    ),
    Repair(
        "销售额：指标要求为“不低于去年同期”，评分规则却写“超过去年同期”；按指标要求（≥）计分，"
        "目标值填去年同期销售收入。",
        "Sales: the requirement says 'not below last year' but the scoring says 'above last "
        "year'; the requirement (≥) is used, with last year's figure as the target.",
    ),
)

CS_MANAGER_SEED = _cs_manager(
    "cs_manager_seed",
    0.85,
    (
        Repair(
            "保留原表权重：能力指标85% + 态度指标25% = 110%。本岗位用于验证权重检查会报错；"
            "实际使用请选 cs_manager。",
            "Kept as the seed has it: capability 85% + attitude 25% = 110%. This position "
            "exists to show that the weight check reports it; use cs_manager instead.",
        ),
        *_CS_MANAGER_COMMON,
    ),
)
CS_MANAGER = _cs_manager(
    "cs_manager",
    0.75,
    (
        Repair(
            "维度权重：原表能力指标85% + 态度指标25% = 110%；能力指标改为75%，使合计为100%。",
            "Group weights: the seed's capability 85% + attitude 25% = 110%; capability is "
            "reduced to 75% so the groups sum to 100%.",
        ),
        *_CS_MANAGER_COMMON,
    ),
)


# --- after-sales supervisor 售后服务主管 (seed 001, table 9-25) ------------------------------


def _as_supervisor() -> Position:
    items = (
        ("feedback", "客户反馈信息的收集、汇总", "Collecting client feedback", 10),
        ("client_files", "建立客户档案、信息库", "Client files and database", 10),
        ("fault_analysis", "故障汇总分析", "Fault analysis", 10),
        ("parts_ledger", "已损件台账的建立", "Damaged-parts ledger", 5),
        ("major_incidents", "重大事故问题处理", "Major incidents", 15),
        ("timeliness", "处理问题的时效性", "Timeliness of handling", 10),
        ("satisfaction_survey", "客户满意度调查", "Satisfaction survey", 10),
        ("staff_training", "对售后人员的培训", "Training after-sales staff", 5),
        ("complaints", "客户的投诉处理", "Complaint handling", 15),
        ("cross_dept", "部门横向沟通", "Cross-department communication", 10),
    )
    indicators = tuple(
        plain_indicator(code, zh, en, points / 100, points) for code, zh, en, points in items
    )
    return Position(
        "as_supervisor", "售后服务主管", "After-sales supervisor", "seed 001, table 9-25",
        indicators,
        (Repair(
            "每项由自评、考评、审评按该项分值打分；各项分值（10,10,10,5,15,10,10,5,15,10）即权重，合计100。",
            "Scored by self, reviewer and approver (自评/考评/审评) on each item's points; "
            "the item points (10,10,10,5,15,10,10,5,15,10) are the weights and sum to 100.",
        ),),
    )  # fmt: skip


# --- call-centre agent 呼叫中心坐席专员 (seed 001, table 9-26) -----------------------------


def _cc_agent() -> Position:
    c = "cc_agent"

    def ind(
        code: str, zh: str, en: str, weight: float, target: float | None, text: str, unit: str = ""
    ) -> CatalogIndicator:
        return plain_indicator(code, zh, en, weight, 100, target, _rule(c, code, text), unit)

    indicators = (
        ind("qa_score", "监听分值", "QA score", 0.40, 80,
            "门槛：质检平均值≥80分 得100分，低于标准分 0分"),
        ind("discipline", "考勤纪律", "Discipline", 0.10, None,
            "事件：基本分值100分；迟到一次扣20分；早退一次扣20分；旷工一次扣50分；扣完为止"),
        ind("work_rate", "有效工作率", "Effective work rate", 0.10, 0.5,
            "扣分：目标50%；基本分值100分；每少1%扣2分；扣完为止", "%"),
        ind("talk_time", "平均通话时间", "Average talk time", 0.15, 180,
            "区间：40秒≤x≤180秒 100分；每增加2秒扣10分；每减少2秒扣10分；扣完为止", "s"),
        ind("acw_time", "平均话后处理时间", "Average after-call work", 0.15, 40,
            "奖惩：标准40秒；标准分值为70分；每多1秒扣减5分；每缩短1秒加2分；奖励上限到25秒止；扣完该项为止", "s"),
        ind("knowledge_test", "业务知识考核", "Product-knowledge test", 0.10, 80,
            "门槛：≥80分 100分；低于标准分 0分"),
    )  # fmt: skip
    repairs = (
        Repair(
            "时间类权重：原表平均通话时间和平均话后处理时间的权重错乱；各取15%，合计100%"
            "（40+10+10+15+15+10）。",
            "Time weights: the seed's weights for average talk time and after-call work are "
            "garbled; 15% each makes the total 100% (40+10+10+15+15+10).",
        ),
        Repair(
            "有效工作率：原表写“≥50分”，该指标为比率，按≥50%处理。",
            "Effective work rate: the seed writes '≥50分'; it is a rate, read as ≥50%.",
        ),
        Repair(
            "考勤纪律：劳动纪律、团队协作等“其他扣分项”作为手工调整录入，不在规则内；无故缺勤按旷工计。",
            "Discipline: 'other deductions' for teamwork etc. are manual adjustments, not part "
            "of the rule; absence without leave (无故缺勤) counts as 旷工.",
        ),
        Repair(
            "平均通话时间：原表一方面说“减少时间不加分”，另一方面规定少于40秒每减少2秒扣10分；"
            "两者兼顾：不加分，低于40秒扣分。",
            "Average talk time: below 40 s the seed deducts 10 per 2 s (its rule 2) although "
            "it also says shorter time earns nothing; both are kept: no bonus, and a "
            "deduction below 40 s.",
        ),
    )
    return Position(
        c, "呼叫中心坐席专员", "Call-centre agent", "seed 001, table 9-26", indicators, repairs
    )


# --- after-sales specialist 售后服务专员 (seed 001, table 9-27) -----------------------------


def _as_specialist() -> Position:
    c = "as_specialist"

    def rated(code: str, zh: str, en: str, points: float) -> CatalogIndicator:
        return plain_indicator(code, zh, en, points / 100, points)

    def counted(code: str, zh: str, en: str, points: float, text: str) -> CatalogIndicator:
        return plain_indicator(code, zh, en, points / 100, points, 0, _rule(c, code, text), "time")

    indicators = (
        rated("knowledge", "政策、体系、产品知识了解", "Policy, system and product knowledge", 10),
        rated("revisits", "客户回访（每周回访所有加盟商）", "Weekly franchisee revisits", 15),
        rated("handoffs", "业务对接（准确无误，加盟商无投诉）", "Hand-offs without complaints", 25),
        rated("problem_solving", "解决客户问题（3个工作日内答复，24小时内转交）",
              "Answers in 3 working days (escalate in 24 h)", 15),
        rated("info_updates", "信息更新跟进（1个工作日内通知）", "Information updates in 1 working day", 5),
        rated("notices", "客户通知（1个工作日内告知）", "Client notices in 1 working day", 10),
        counted("service_quality", "服务质量", "Service quality", 10,
                "事件：基础10分；每收到客户投诉一次扣5分；扣完为止"),
        counted("attendance", "出勤", "Attendance", 10,
                "事件：基础10分；迟到一次扣5分；缺勤一次扣10分；扣完为止"),
    )  # fmt: skip
    repairs = (
        Repair(
            "分值：原表分值列在转载中错位（10 15 25 15 5 … 10 10 10）；按项目顺序取 10、15、25、15、5、"
            "10、10、10，合计100。",
            "Points: the seed's points column is scrambled in the copy (10 15 25 15 5 … 10 10 "
            "10); read in item order they are 10, 15, 25, 15, 5, 10, 10, 10, which sum to 100.",
        ),
        Repair(
            "原表未给评分规则的项目由考评人按分值打分；服务质量与出勤按原表扣分，扣完为止。",
            "Items without a scoring rule in the seed are scored by raters on their points; "
            "service quality and attendance use the seed's deductions, down to 0.",
        ),
    )
    return Position(
        c, "售后服务专员", "After-sales specialist", "seed 001, table 9-27", indicators, repairs
    )


# --- customer-service team member 客服专员 (seed 002, template 1) --------------------------


def _cs_member() -> Position:
    c = "cs_member"
    dims = {
        "process": ("服务过程", "Service process", 0.25),
        "results": ("服务结果", "Service results", 0.55),
        "team": ("团队协作", "Teamwork", 0.10),
        "growth": ("个人发展", "Personal growth", 0.10),
    }

    def ind(
        code: str,
        zh: str,
        en: str,
        dim: str,
        points: float,
        target: float,
        text: str,
        unit: str = "",
    ) -> CatalogIndicator:
        dzh, den, dw = dims[dim]
        return CatalogIndicator(
            code, zh, en, dzh, den, dw, points / 100 / dw, points, target, ScoredBy.ACTUAL,
            _rule(c, code, text), unit,
        )  # fmt: skip

    indicators = (
        ind("response_time", "平均响应时长", "Average response time", "process", 15, 30,
            "扣分：达标得15分，每超5秒扣2分，扣完为止", "s"),
        ind("tickets_24h", "工单处理及时率", "Tickets closed in 24 h", "process", 10, 0.98,
            "扣分：达标得10分，每低1%扣1分，扣完为止", "%"),
        replace(ind("satisfaction", "客户满意度评分", "Customer satisfaction (1–5)", "results", 30, 4.5,
            "扣分：达标得30分，每低0.1分扣3分，扣完为止"), valid="1–5"),
        ind("first_contact", "一次性解决率", "First-contact resolution", "results", 25, 0.9,
            "扣分：达标得25分，每低1%扣1分，扣完为止", "%"),
        ind("kb_items", "知识库贡献度", "Knowledge-base contributions", "team", 10, 3,
            "扣分：达标得10分，每少1条扣3分，扣完为止", "item"),
        ind("training_pass", "培训考核通过率", "Training pass rate", "growth", 10, 1.0,
            "扣分：达标得10分，每低10%扣2分，扣完为止", "%"),
    )  # fmt: skip
    repairs = (
        Repair(
            "维度：模板的指标权重（15、10、30、25、10、10）归入四个维度25%/55%/10%/10%；"
            "指标权重为其在维度内的占比。",
            "Dimensions: the template's indicator weights (15, 10, 30, 25, 10, 10) are grouped "
            "into its four dimensions 25% / 55% / 10% / 10%; each indicator's weight is its "
            "share of its dimension.",
        ),
        Repair(
            "模板2的打分示例自相矛盾（如30分的指标得32分），不予采用。",
            "The worked example (template 2) is internally inconsistent (e.g. 32 points on a "
            "30-point item) and is not used.",
        ),
    )
    return Position(
        c, "客服专员", "Customer-service team member", "seed 002, template 1", indicators, repairs
    )


AS_SUPERVISOR = _as_supervisor()
CC_AGENT = _cc_agent()
AS_SPECIALIST = _as_specialist()
CS_MEMBER = _cs_member()

#: every seed position by code, in the order of domain.md §3
POSITIONS: dict[str, Position] = {
    p.code: p
    for p in (CS_MANAGER, CS_MANAGER_SEED, AS_SUPERVISOR, CC_AGENT, AS_SPECIALIST, CS_MEMBER)
}


def position(code: str) -> Position:
    """A seed position by code, e.g. "cc_agent"."""
    try:
        return POSITIONS[code]
    except KeyError:
        raise KeyError(f"unknown position {code!r}; known: {', '.join(POSITIONS)}") from None


__all__ = [
    "POSITIONS",
    "CatalogIndicator",
    "Position",
    "Repair",
    "position",
]
