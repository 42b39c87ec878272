"""Every word the scorecards, packs and `xlkpi send` show, in Chinese and English."""

from __future__ import annotations

from xlkpi.core.label import Label

L = Label

CARD: dict[str, Label] = {
    "title": L("绩效考核结果", "Performance results"),
    "sheet": L("成绩单", "Scorecard"),
    "confidential": L("仅限本人查阅", "Confidential: for the person named only"),
    "id": L("工号", "Employee ID"),
    "name": L("姓名", "Name"),
    "department": L("部门", "Department"),
    "team": L("班组", "Team"),
    "position": L("岗位", "Position"),
    "period": L("考核周期", "Period"),
    "reviewer": L("考评人", "Reviewer"),
    "approver": L("审评人", "Approver"),
    "indicator": L("考核指标", "Indicator"),
    "weight": L("权重", "Weight"),
    "target": L("目标值", "Target"),
    "rule": L("评分规则", "Scoring rule"),
    "actual": L("实际值", "Actual"),
    "points": L("得分", "Points"),
    "how": L("计算", "How"),
    "subtotal": L("指标得分合计", "Indicator points"),
    "adjustment": L("加减分", "Adjustment"),
    "total": L("总分", "Total"),
    "rank": L("排名", "Rank"),
    "rank_of": L("第{rank}名 / 共{size}人（{scope}）", "{rank} of {size} ({scope})"),
    "grade": L("等级", "Grade"),
    "grade_by_score": L("按分数应得等级", "Grade by score"),
    "grade_why": L("等级说明", "Why the grade changed"),
    "bonus": L("绩效奖金", "Bonus"),
    "bonus_how": L(
        "奖金池{pool}按“等级系数 × 奖金基数”的比例分配：您的等级系数{coefficient}，奖金基数{base}",
        "The bonus pool of {pool} is shared in proportion to grade coefficient × bonus base: "
        "your coefficient {coefficient}, your base {base}",
    ),
    "pay": L("绩效薪酬", "Pay"),
    "pay_how": L("计算过程", "How it was reached"),
    "note": L("说明", "Note"),
    "comments": L("考核意见", "Reviewer's comments"),
    "plan": L("绩效面谈与改进计划", "Interview and improvement plan"),
    "sign_employee": L("被考核人（签字）", "Employee (signature)"),
    "sign_reviewer": L("考核人（签字）", "Reviewer (signature)"),
    "sign_approver": L("审核人（签字）", "Approver (signature)"),
    "date": L("日期", "Date"),
    "appeal": L(
        "对结果有异议的，请于{deadline}前（结果公布后{days}个工作日内）以书面形式向人力资源部申诉，"
        "人力资源部在3个工作日内答复。绩效面谈在结果公布后3个工作日内进行。",
        "If you disagree with these results, appeal in writing to Human Resources by "
        "{deadline} ({days} working days after publication); you will have an answer within "
        "3 working days. Your performance interview takes place within 3 working days of "
        "publication.",
    ),
    "none": L("无", "none"),
}

PACK: dict[str, Label] = {
    "overview": L("团队总览", "Team overview"),
    "department_overview": L("部门总览", "Department overview"),
    "title_manager": L("{period}团队绩效结果：{name}", "{period} team results: {name}"),
    "title_department": L("{period}部门绩效结果", "{period} department results"),
    "hint": L(
        "仅含您团队成员的结果；每人一张成绩单见后续工作表。请勿转发。",
        "Your team members' results only; each person's scorecard follows on its own sheet. "
        "Do not forward.",
    ),
    "headcount": L("人数", "Headcount"),
    "average": L("平均分", "Average"),
}

SCOPE_WORDS: dict[str, Label] = {  # one per `layout.CHOICES["scope"]` (a test checks)
    "position": L("同岗位内", "within the position"),
    "position_group": L("同岗位组内", "within the position group"),
    "team": L("班组内", "within the team"),
    "department": L("部门内", "within the department"),
    "all": L("全员", "everyone"),
    "company": L("全公司", "across the company"),
}
