"""What each input of the named pay schemes is called when a Breakdown is read, in English
and Chinese.

One table, so an input several schemes read (the standard pay, the performance-pay base,
days attended, the score) is worded once. A Breakdown looks up only the inputs its steps
name, so a scheme passes the whole table, overriding a word only where its input means
something narrower.
"""

from __future__ import annotations

from xlkpi.core.money.explain import Labels

PAY_LABELS: Labels = {
    # monthly pay (salary and manager schemes)
    "standard_pay": ("standard pay", "标准工资"),
    "days_basis": ("days basis", "计薪天数"),
    "days_attended": ("days attended", "实际出勤天数"),
    "performance_base": ("performance-pay base", "绩效工资基数"),
    "score": ("score", "考核分"),
    # complaints (salary)
    "complaints": ("complaints", "投诉次数"),
    "escalated_complaints": ("complaints escalated to the GM", "投诉至总经理次数"),
    "points_each": ("points each", "每次扣分"),
    "deducted": ("points deducted", "扣分"),
    "adjusted_score": ("score after deductions", "扣分后考核分"),
    # the team (manager and piece rate)
    "team_average": ("team average score", "团队平均分"),
    "team_size": ("team size", "团队人数"),
    "team_complaints": ("team complaints", "团队投诉次数"),
    "factor": ("factor", "发放系数"),
    # roll-up
    "pay_share": ("share paid", "发放比例"),
    "pass_mark": ("pass mark", "合格线"),
    "weight": ("weight", "权重"),
    # piece rate
    "per_day": ("quota per day", "每天保底台数"),
    "working_days": ("working days", "工作日"),
    "quota": ("quota", "保底维修量"),
    "passed_units": ("units passed inspection", "检验合格台数"),
    "on_time_rate": ("on-time delivery rate X", "交付及时率 X"),
    "extra_units": ("units above quota", "超出台数"),
    "short_units": ("units short", "不足台数"),
    "rate": ("¥ per unit", "每台金额"),
    "team_amount": ("team amount", "团队金额"),
    "weights_total": ("all weights", "比例合计"),
    "base_pay": ("base pay", "底薪"),
    "base_share": ("share of base pay", "底薪比例"),
    "merit_points": ("merit points", "额外绩效分"),
    "short_of_returns": ("not enough units returned", "客户返修机数量不够"),
}
