"""What the Guide says about each shipped position's scoring, in HR's terms.

The catalog records, for the project's own reference, where each position differs from
the scheme it was derived from (`catalog.positions.Repair`). A workbook never shows that
history: HR reads only how the template scores, stated as rules of this workbook.
"""

from __future__ import annotations

from xlkpi.core.label import Label

L = Label

POSITION_NOTES: dict[str, tuple[Label, ...]] = {
    "cs_manager": (
        L(
            "维度权重：能力指标75%，态度指标25%，合计100%。",
            "Dimension weights: capability 75%, attitude 25%, together 100%.",
        ),
        L(
            "客服流程体系：完成率≥90%得20分，≥85%得10分，≥80%得5分，低于80%得0分。",
            "Process system: completion ≥90% earns 20 points, ≥85% 10, ≥80% 5, below 80% 0.",
        ),
        L(
            "客户满意度：≥90分得20分，≥85分得10分，≥80分得5分，其他得0分。",
            "Client satisfaction: ≥90 earns 20 points, ≥85 10, ≥80 5, otherwise 0.",
        ),
        L(
            "销售额：目标值填去年同期销售收入，不低于目标即得分。",
            "Sales: the target is last year's sales for the same period; reaching it earns the points.",
        ),
    ),
    "as_supervisor": (
        L(
            "每项由自评、考评、审评按该项分值打分；各项分值（10、10、10、5、15、10、10、5、15、10）即权重，合计100分。",
            "Each item is scored by self, reviewer and approver on its points; the item points "
            "(10, 10, 10, 5, 15, 10, 10, 5, 15, 10) are the weights and add up to 100.",
        ),
    ),
    "cc_agent": (
        L(
            "权重：监听分值40%，考勤纪律10%，有效工作率10%，平均通话时间15%，平均话后处理时间15%，业务知识考核10%。",
            "Weights: QA score 40%, discipline 10%, effective work rate 10%, average talk time "
            "15%, after-call work 15%, product-knowledge test 10%.",
        ),
        L(
            "有效工作率：（通话时间+话后处理时间）÷登录时间，≥50%得满分，每低1%扣2分。",
            "Effective work rate: (talk + after-call work) ÷ logged-in time; ≥50% earns full "
            "points, minus 2 per 1% below.",
        ),
        L(
            "考勤纪律：无故缺勤按旷工计；劳动纪律、团队协作等其他扣分在“调整”表登记。",
            "Discipline: absence without leave counts as absence; other deductions (conduct, "
            "teamwork) are entered on the Adjustments sheet.",
        ),
        L(
            "平均通话时间：40–180秒得满分；高于180秒或低于40秒每2秒扣10分；缩短时间不加分。",
            "Average talk time: 40–180 s earns full points; above 180 s or below 40 s, minus 10 "
            "per 2 s; a shorter time earns no extra points.",
        ),
    ),
    "as_specialist": (
        L(
            "各项分值：10、15、25、15、5、10、10、10，合计100分。",
            "Item points: 10, 15, 25, 15, 5, 10, 10, 10, adding up to 100.",
        ),
        L(
            "没有计分公式的项目由评分人按分值打分；服务质量与出勤按次扣分，扣完为止。",
            "Items without a formula are scored by the raters on their points; service quality "
            "and attendance deduct per event, down to 0.",
        ),
    ),
    "cs_member": (
        L(
            "维度：服务过程25%、服务结果55%、团队协作10%、个人发展10%；指标权重为其在维度内的占比。",
            "Dimensions: process 25%, results 55%, teamwork 10%, growth 10%; each indicator's "
            "weight is its share of its dimension.",
        ),
    ),
}

#: the positions paid by a money scheme (`xlkpi.catalog.pay_positions`): how the scheme
#: pays, shown on the Guide as written (they name their position themselves)
PAY_NOTES: dict[str, tuple[Label, ...]] = {
    "repair_technician": (
        L(
            "维修技术人员按班组计件：保底维修量、及时率档位与分配比例见“薪酬”表；"
            "每人填写角色（工程师/助理）、底薪和额外绩效分。",
            "Repair technicians are paid per team by the piece: quota, on-time tiers and "
            "splits are on the Pay sheet; give each person a role (engineer/assistant), base "
            "pay and merit points.",
        ),
    ),
    "service_manager": (
        L(
            "经理绩效工资按本部门人员平均分打折（≥90 全额，<90 九折，<80 八折），团队投诉 5 次取消。",
            "The manager's performance pay follows the department's average (≥90 in full, "
            "<90 90%, <80 80%); 5 team complaints cancel it.",
        ),
    ),
    "workshop_supervisor": (
        L(
            "奖金 = 毛利润÷1.17×0.8%×产值完成率×考核分/100 + 养护提成 ± 一次修复率、满意度奖罚（公式见“薪酬”表）。",
            "Bonus = gross profit ÷ 1.17 × 0.8% × attainment × score/100 + care commission ± "
            "first-time-fix and satisfaction (formula on the Pay sheet).",
        ),
    ),
    "service_advisor": (
        L(
            "奖金 =（个人产值×0.4%×达成率 + 接车台数×2×达成率）×考核分/100 + 提成（公式见“薪酬”表）。",
            "Bonus = (output × 0.4% × attainment + cars received × 2 × attainment) × score/100 + "
            "commissions (formula on the Pay sheet).",
        ),
    ),
    "parts_staff": (
        L(
            "备件部门奖金池 =（总产值−总工时）÷1.17×20%，按 36/27/27/10 分给经理、计划员、仓管、索赔员；"
            "每人填写角色，奖金池数据填在“薪酬”表。",
            "Parts pool = (total output − labour value) ÷ 1.17 × 20%, split 36/27/27/10 among "
            "manager, planner, warehouse and claims clerk; give each person a role and the pool "
            "inputs on the Pay sheet.",
        ),
    ),
}
