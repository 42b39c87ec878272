"""The automotive after-sales bonus formulas of seed 004, as editable data.

Rates are fractions (attainment 0.95 = 95%); scores are 0..100. Where the seed is
contradictory the preset states a choice (docs/money.md, "Decisions"):

- workshop supervisor: satisfaction ≥ 96% → +300, otherwise −200 (the seed writes both
  "≥96% +300" and "≤96% −200"; 96% exactly gets +300).
- claims clerk: first-pass rate R ≥ 98% → +500; 93% ≤ R < 98% → +300 (the seed's
  "93%≤R≤97%" leaves 97–98% undefined; it is closed downward); R < 93% → −500.
- parts team: accuracy ≥ 90% → factor 1.0, otherwise 0.8.
"""

from __future__ import annotations

from decimal import Decimal

from xlkpi.core.money.department import FormulaScheme, InputLabel, PoolRole, PoolSplitScheme

SCORE = InputLabel("score", "monthly score", "月度考核成绩")

WORKSHOP_SUPERVISOR = FormulaScheme(
    code="workshop_supervisor",
    label_en="Workshop supervisor bonus",
    label_zh="车间主管业绩奖金",
    text=(
        "=gross_profit/1.17*0.8%*attainment*score/100 + care_commission"
        " + IF(ftf>=90%,100,-100) + IF(satisfaction>=96%,300,-200)"
    ),
    inputs=(
        InputLabel("gross_profit", "gross profit", "毛利润"),
        InputLabel("attainment", "department output attainment", "部门产值完成率"),
        SCORE,
        InputLabel("care_commission", "care-product commission", "养护提成"),
        InputLabel("ftf", "first-time-fix rate", "一次修复率"),
        InputLabel("satisfaction", "customer satisfaction", "客户满意度"),
    ),
)

SERVICE_ADVISOR = FormulaScheme(
    code="service_advisor",
    label_en="Service advisor bonus",
    label_zh="服务顾问业绩奖金",
    text=(
        "=(personal_output*0.4%*output_attainment + cars_received*2*car_attainment)*score/100"
        " + care_commission*care_attainment + other_commission"
    ),
    inputs=(
        InputLabel("personal_output", "personal output", "个人产值总额"),
        InputLabel("output_attainment", "personal target attainment", "个人业绩目标达成率"),
        InputLabel("cars_received", "cars received (work orders)", "个人接车台数"),
        InputLabel("car_attainment", "cars-received target attainment", "接车目标达成率"),
        SCORE,
        InputLabel("care_commission", "care-product commission", "养护用品提成"),
        InputLabel("care_attainment", "care-product target attainment", "养护目标完成率"),
        InputLabel("other_commission", "other commissions", "其它提成"),
    ),
)

_PARTS_MEMBER = "=pool_share*score/100*IF(accuracy>=90%,1,0.8)"

PARTS_TEAM = PoolSplitScheme(
    code="parts_team",
    label_en="Parts department pool",
    label_zh="备件部门绩效奖金",
    pool_text="=(total_output-labour_value)/1.17*20%",
    roles=(
        PoolRole("parts_manager", "parts manager", "备件经理", Decimal(36), _PARTS_MEMBER),
        PoolRole("parts_planner", "parts planner", "备件计划员", Decimal(27), _PARTS_MEMBER),
        PoolRole("warehouse", "warehouse keeper", "仓库管理员", Decimal(27), _PARTS_MEMBER),
        PoolRole(
            "claims_clerk",
            "claims clerk",
            "索赔员",
            Decimal(10),
            _PARTS_MEMBER
            + " + claim_value*1% + profit_claims*15%"
            + " + IFS(first_pass>=98%,500, first_pass>=93%,300, TRUE,-500)",
        ),
    ),
    inputs=(
        InputLabel("total_output", "total output", "总产值"),
        InputLabel("labour_value", "labour hours value", "总工时"),
        SCORE,
        InputLabel("accuracy", "parts accuracy", "配件准确率"),
        InputLabel("claim_value", "claim value", "索赔产值"),
        InputLabel("profit_claims", "profit claims", "利润索赔"),
        InputLabel("first_pass", "first-pass rate", "一次通过率"),
    ),
)

PRESETS: dict[str, FormulaScheme | PoolSplitScheme] = {
    p.code: p for p in (WORKSHOP_SUPERVISOR, SERVICE_ADVISOR, PARTS_TEAM)
}
