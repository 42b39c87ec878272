"""The shipped templates: name -> `TemplateSpec` (titles and descriptions in both languages).

Positions are catalog codes (`xlkpi.catalog`): the seed positions, then the repair-technician
piece-rate team and the automotive after-sales roles, whose pay is a money scheme
(domain.md §3, §5; `xlkpi.catalog.pay_positions`).
"""

from __future__ import annotations

from xlkpi.authoring.spec import TemplateSpec
from xlkpi.core.label import Label

L = Label

_SPECS = (
    TemplateSpec(
        "cs-manager",
        L("客户服务部经理绩效考核表", "Customer-service manager assessment"),
        L(
            "能力指标（回访、投诉处理、满意度、培训、流程体系、信息管理、销售额、流失数）与态度指标（1–5级）。",
            "Capability indicators (revisits, complaints, satisfaction, training, process, records, "
            "sales, churn) and attitude levels 1–5.",
        ),
        ("cs_manager",),
    ),
    TemplateSpec(
        "after-sales-supervisor",
        L("售后服务主管绩效考核表", "After-sales supervisor assessment"),
        L(
            "十个考核项目，每项按分值由自评、考评、审评打分。",
            "Ten items, each scored on its points by self, reviewer and approver.",
        ),
        ("as_supervisor",),
    ),
    TemplateSpec(
        "call-centre-agent",
        L("呼叫中心坐席专员绩效考核表", "Call-centre agent assessment"),
        L(
            "监听分值、考勤纪律、有效工作率、平均通话时间、平均话后处理时间、业务知识考核。",
            "QA score, discipline, effective work rate, average talk time, after-call work and "
            "the product-knowledge test.",
        ),
        ("cc_agent",),
    ),
    TemplateSpec(
        "after-sales-specialist",
        L("售后服务专员绩效考核表", "After-sales specialist assessment"),
        L(
            "知识、回访、业务对接、问题解决、信息更新、客户通知、服务质量与出勤。",
            "Knowledge, revisits, hand-offs, problem solving, updates, notices, service quality "
            "and attendance.",
        ),
        ("as_specialist",),
    ),
    TemplateSpec(
        "cs-team-member",
        L("客服专员绩效考核表", "Customer-service team member assessment"),
        L(
            "服务过程、服务结果、团队协作、个人发展四个维度六项指标。",
            "Six indicators in four dimensions: process, results, teamwork, growth.",
        ),
        ("cs_member",),
    ),
    TemplateSpec(
        "after-sales-department",
        L("售后服务部绩效考核（多岗位）", "After-sales department assessment (several positions)"),
        L(
            "一本工作簿考核整个部门：经理、售后主管、呼叫中心坐席、售后专员和客服专员，统一排名、定级并分配奖金池。",
            "One workbook for the whole department: manager, after-sales supervisor, call-centre "
            "agents, after-sales specialists and customer-service staff, ranked, graded and "
            "sharing one bonus pool.",
        ),
        ("cs_manager", "as_supervisor", "cc_agent", "as_specialist", "cs_member"),
    ),
    TemplateSpec(
        "repair-technicians",
        L("售后维修技术人员计件考核表", "Repair technicians: piece-rate pay"),
        L(
            "维修班组计件：保底维修量（两人每天6台、三人每天9台 × 22 个工作日）、交付及时率档位单价、"
            "60/40 分配与返修不足时的底薪比例；售后服务经理按团队平均分发放绩效工资。",
            "Piece-rate repair teams: quota (6 units/day for two, 9 for three, × 22 working "
            "days), on-time tier rates, 60/40 splits and the base-pay share when returns are "
            "short; the service manager's pay follows the team average.",
        ),
        ("repair_technician", "service_manager"),
    ),
    TemplateSpec(
        "automotive-after-sales",
        L("汽车售后岗位业绩奖金", "Automotive after-sales bonuses"),
        L(
            "车间主管、服务顾问的奖金公式与备件部门奖金池分配，公式可在“薪酬”表中修改。",
            "Workshop supervisor and service advisor bonus formulas and the parts department "
            "pool, all editable on the Pay sheet.",
        ),
        ("workshop_supervisor", "service_advisor", "parts_staff"),
    ),
)

#: every shipped template by name, in the order they are built
TEMPLATES: dict[str, TemplateSpec] = {s.name: s for s in _SPECS}
