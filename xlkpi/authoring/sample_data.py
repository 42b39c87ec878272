"""Generated, deterministic sample data: a plausible after-sales department.

The same seed always gives the same people, actuals and scores (`random.Random` with a
string seed is stable across runs and platforms). Names come in Chinese and in pinyin, so
the English workbook shows the same people. Values are drawn per indicator from ranges a
real team would show, around each indicator's target; the call-centre agents include the
seed's worked examples (talk time 182 s and 178 s, after-call work 42 s and 38 s).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from xlkpi.authoring.content import AdjustmentRow, Content, Person
from xlkpi.authoring.sample_pay import pay_values, pool_rows, team_rows
from xlkpi.authoring.spec import IndicatorSpec, PositionSpec
from xlkpi.core.label import Label
from xlkpi.core.model import Rater, ScoredBy
from xlkpi.core.rules import EventsRule, LevelsRule, RequirementsRule
from xlkpi.workbook.layout import input_key, rater_key

L = Label

SURNAMES = [
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("赵", "Zhao"),
    ("黄", "Huang"),
    ("周", "Zhou"),
    ("吴", "Wu"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("胡", "Hu"),
    ("朱", "Zhu"),
    ("高", "Gao"),
    ("林", "Lin"),
    ("何", "He"),
    ("郭", "Guo"),
    ("马", "Ma"),
    ("罗", "Luo"),
]
GIVEN = [
    ("伟", "Wei"),
    ("芳", "Fang"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("丽", "Li"),
    ("强", "Qiang"),
    ("磊", "Lei"),
    ("洋", "Yang"),
    ("艳", "Yan"),
    ("勇", "Yong"),
    ("军", "Jun"),
    ("杰", "Jie"),
    ("娟", "Juan"),
    ("涛", "Tao"),
    ("明", "Ming"),
    ("超", "Chao"),
    ("秀英", "Xiuying"),
    ("霞", "Xia"),
    ("平", "Ping"),
    ("刚", "Gang"),
    ("桂英", "Guiying"),
    ("晓燕", "Xiaoyan"),
    ("建华", "Jianhua"),
    ("思远", "Siyuan"),
    ("雨桐", "Yutong"),
    ("子涵", "Zihan"),
    ("浩然", "Haoran"),
    ("佳怡", "Jiayi"),
    ("俊杰", "Junjie"),
]

DEPT_SERVICE = L("客户服务中心", "Customer Service Centre")
DEPT_AFTER_SALES = L("售后服务部", "After-Sales Service")

#: position -> (department, teams, headcount in the department demo, bonus base range)
STAFFING: dict[str, tuple[Label, tuple[Label, ...], int, tuple[int, int]]] = {
    "cs_manager": (DEPT_SERVICE, (L("部门管理", "Management"),), 1, (5000, 5000)),
    "as_supervisor": (
        DEPT_AFTER_SALES,
        (L("售后管理", "After-sales management"),),
        2,
        (3500, 3800),
    ),
    "cc_agent": (
        DEPT_SERVICE,
        (L("呼叫中心一组", "Call centre team 1"), L("呼叫中心二组", "Call centre team 2")),
        12,
        (2000, 2600),
    ),
    "as_specialist": (
        DEPT_AFTER_SALES,
        (L("华东片区", "East region"), L("华南片区", "South region")),
        6,
        (2500, 3000),
    ),
    "cs_member": (
        DEPT_SERVICE,
        (L("在线客服组", "Online support"), L("售后支持组", "After-sales support")),
        9,
        (2000, 2400),
    ),
}
DEPT_REPAIR = L("售后维修部", "After-Sales Repair")
NO_TEAM = L("", "")
STAFFING.update(
    {
        # seed 004: piece-rate repair teams of two or three, and their manager, who has no
        # team of his own, so his factor follows the department's average
        "repair_technician": (
            DEPT_REPAIR,
            (
                L("维修一组", "Repair team 1"),
                L("维修二组", "Repair team 2"),
                L("维修三组", "Repair team 3"),
            ),
            8,
            (2000, 2600),
        ),
        "service_manager": (DEPT_REPAIR, (NO_TEAM,), 1, (4000, 4000)),
        "workshop_supervisor": (
            L("维修车间", "Workshop"),
            (L("车间管理", "Workshop management"),),
            1,
            (3000, 3000),
        ),
        "service_advisor": (
            L("服务前台", "Service reception"),
            (L("前台一组", "Reception 1"), L("前台二组", "Reception 2")),
            4,
            (2200, 2800),
        ),
        "parts_staff": (L("备件部", "Parts"), (L("备件组", "Parts team"),), 4, (2000, 2600)),
    }
)
SINGLE_POSITION_HEADCOUNT = 8
DEFAULT_STAFFING = (L("售后服务部", "After-Sales Service"), (L("一组", "Team 1"),), 8, (2000, 3000))

DEMO_PERIOD = "2026-03"
DEMO_POOL = Decimal("60000")
#: targets the catalog leaves to HR, filled for the sample (position, indicator) -> value
SAMPLE_TARGETS: dict[tuple[str, str], float] = {("cs_manager", "sales"): 1_200_000}


def _r1(x: float) -> float:
    return round(x, 1)


# Per-indicator value generators: (position, code) -> f(rng, index in position) -> value.
Gen = Callable[[random.Random, int], float]
_ACTUALS: dict[tuple[str, str], Gen] = {
    ("cs_manager", "revisits"): lambda g, i: (
        1.0 if g.random() < 0.5 else round(g.uniform(0.86, 0.99), 3)
    ),
    ("cs_manager", "satisfaction"): lambda g, i: _r1(g.uniform(82, 96)),
    ("cs_manager", "training"): lambda g, i: float(g.randint(5, 14)),
    ("cs_manager", "process"): lambda g, i: round(g.uniform(0.82, 0.97), 3),
    ("cs_manager", "records"): lambda g, i: (
        0.0 if g.random() < 0.4 else round(g.uniform(0.005, 0.04), 3)
    ),
    ("cs_manager", "sales"): lambda g, i: float(round(g.uniform(1_150_000, 1_380_000), -3)),
    ("cs_manager", "churn"): lambda g, i: float(g.choice((0, 0, 0, 1, 2))),
    ("cc_agent", "qa_score"): lambda g, i: (
        _r1(g.uniform(76, 80)) if i == 5 else _r1(g.uniform(80.5, 96))
    ),
    ("cc_agent", "work_rate"): lambda g, i: round(g.uniform(0.45, 0.68), 3),
    ("cc_agent", "talk_time"): lambda g, i: (
        (182.0, 178.0)[i] if i < 2 else float(g.randint(110, 186))
    ),
    ("cc_agent", "acw_time"): lambda g, i: (42.0, 38.0)[i] if i < 2 else float(g.randint(30, 44)),
    ("cc_agent", "knowledge_test"): lambda g, i: float(g.randint(78, 98)),
    ("cs_member", "response_time"): lambda g, i: float(g.randint(21, 41)),
    ("cs_member", "tickets_24h"): lambda g, i: round(g.uniform(0.94, 1.0), 3),
    ("cs_member", "satisfaction"): lambda g, i: _r1(g.uniform(4.1, 4.9)),
    ("cs_member", "first_contact"): lambda g, i: round(g.uniform(0.83, 0.97), 3),
    ("cs_member", "kb_items"): lambda g, i: float(g.randint(1, 6)),
    ("cs_member", "training_pass"): lambda g, i: g.choice((0.8, 0.9, 1.0, 1.0)),
}
#: typical count of each event per month (late, early leave, absence, complaints)
_EVENT_ODDS = {"迟到": 0.2, "旷工": 0.02, "缺勤": 0.04, "早退": 0.08, "收到客户投诉": 0.15}


def _generic_actual(ind: IndicatorSpec, g: random.Random) -> float:
    """A value near the target for indicators without a generator of their own."""
    t = ind.target if ind.target is not None else 1.0
    if ind.is_percent:
        return round(min(1.0, max(0.0, g.uniform(t - 0.1, t + 0.05))), 3)
    return round(g.uniform(t * 0.85, t * 1.15), 1)


def _rater_scores(ind: IndicatorSpec, g: random.Random, strong: float) -> dict[Rater, float]:
    """Self / reviewer / approver: the reviewer near the person's strength, self a little
    kinder, the approver close to the reviewer."""
    rule = ind.rule("zh")
    if isinstance(rule, LevelsRule):
        n = len(rule.points)
        base = max(1, min(n, round(1 + strong * (n - 1) + g.uniform(-0.8, 0.8))))
        return {
            Rater.SELF: float(min(n, base + g.choice((0, 0, 1)))),
            Rater.REVIEWER: float(base),
            Rater.APPROVER: float(max(1, min(n, base + g.choice((-1, 0, 0, 0, 1))))),
        }
    s = ind.scale
    reviewer = min(s, max(0.0, s * (strong + g.uniform(-0.08, 0.06))))
    reviewer = round(reviewer * 2) / 2
    self_ = min(s, round((reviewer + s * g.uniform(0.0, 0.12)) * 2) / 2)
    approver = min(s, max(0.0, round((reviewer + s * g.uniform(-0.05, 0.05)) * 2) / 2))
    return {Rater.SELF: self_, Rater.REVIEWER: reviewer, Rater.APPROVER: approver}


def _person_values(
    position: PositionSpec, index: int, g: random.Random, lang_rules: str = "zh"
) -> dict[str, float]:
    """Every input of one person, keyed as the data sheet's key row (zh rule names)."""
    strong = g.uniform(0.7, 0.97)
    out: dict[str, float] = {}
    gap_shown = index != 3  # the fourth person rates themself far above the reviewer, once
    for ind in position.indicators:
        rule = ind.rule(lang_rules)
        if ind.scored_by is ScoredBy.RATERS:
            scores = _rater_scores(ind, g, strong)
            if not gap_shown and not isinstance(rule, LevelsRule):
                scores[Rater.SELF] = ind.scale
                scores[Rater.REVIEWER] = round(ind.scale * 0.55 * 2) / 2
                gap_shown = True
            for rater, v in scores.items():
                out[rater_key(ind.code, rater)] = v
        elif isinstance(rule, EventsRule):
            for name, _ in rule.events:
                odds = _EVENT_ODDS.get(name, 0.15)
                count = sum(1 for _ in range(3) if g.random() < odds)
                out[input_key(ind.code, name)] = float(count)
        elif isinstance(rule, RequirementsRule):
            for name in rule.names:
                out[input_key(ind.code, name)] = 1.0 if g.random() < 0.85 else 0.0
        else:
            gen = _ACTUALS.get((position.code, ind.code))
            out[ind.code] = gen(g, index) if gen else _generic_actual(ind, g)
    return out


def _names(g: random.Random, count: int) -> list[Label]:
    seen: set[str] = set()
    out: list[Label] = []
    while len(out) < count:
        s, s_en = g.choice(SURNAMES)
        n, n_en = g.choice(GIVEN)
        if s + n in seen:
            continue
        seen.add(s + n)
        out.append(L(s + n, f"{s_en} {n_en}"))
    return out


def sample_content(positions: list[PositionSpec], *, seed: str) -> Content:
    """A filled workbook's content for `positions`.

    Args:
        positions: the positions of the template, in sheet order.
        seed: any text; the same seed gives the same data.
    Returns:
        Content with people, their inputs (keyed by the Chinese rules' input names; the
        English workbook maps them, see `values_for`), a few adjustments, a period and a pool.
    """
    g = random.Random(f"xlkpi-sample:{seed}")
    single = len(positions) == 1
    plan = []
    for p in positions:
        dept, teams, count, base = STAFFING.get(p.code, DEFAULT_STAFFING)
        plan.append((p, dept, teams, SINGLE_POSITION_HEADCOUNT if single else count, base))
    names = _names(g, sum(n for *_, n, _ in plan))
    content = Content()
    content.settings.update(period=DEMO_PERIOD, bonus_pool=DEMO_POOL)
    content.targets = {
        k: v for k, v in SAMPLE_TARGETS.items() if any(p.code == k[0] for p in positions)
    }
    number = 1001
    for p, dept, teams, count, (lo, hi) in plan:
        for i in range(count):
            person = Person(
                id=f"E{number}",
                name=names[number - 1001],
                position=p.code,
                department=dept,
                team=teams[i % len(teams)],
                bonus_base=Decimal(g.randrange(lo, hi + 1, 100)),
            )
            number += 1
            content.people.append(person)
            values: dict[str, float | Label] = dict(_person_values(p, i, g))
            if p.pay_scheme:
                values.update(pay_values(p, i, len(teams), g))
            content.values[person.id] = values
    teams_out = team_rows(content, g)
    if teams_out:
        content.pay["teams"] = teams_out
    pool = pool_rows(content, g)
    if pool:
        content.pay["pool_inputs"] = pool
    _adjust(content, g)
    _contacts(content, names)
    return content


#: who manages whom in the sample: manager position -> positions they manage; members
#: are shared out among the manager position's people in turn
MANAGES: dict[str, tuple[str, ...]] = {
    "cs_manager": ("as_supervisor", "cc_agent", "cs_member"),
    "as_supervisor": ("as_specialist",),
    "service_manager": ("repair_technician",),
}


def _contacts(content: Content, names: list[Label]) -> None:
    """Fake addresses (given.surname@example.com), managers, and the department head
    (the top manager) for the Mail sheet."""
    by_position: dict[str, list[Person]] = {}
    for p in content.people:
        by_position.setdefault(p.position, []).append(p)
    manager_of: dict[str, str] = {}
    for boss_position, positions in MANAGES.items():
        bosses = by_position.get(boss_position, [])
        if not bosses:
            continue
        for position in positions:
            for i, p in enumerate(by_position.get(position, [])):
                manager_of[p.id] = bosses[i % len(bosses)].id
    out = []
    for p in content.people:
        surname, given = p.name.en.split(" ", 1)
        email = f"{given}.{surname}@example.com".lower()
        out.append(replace(p, email=email, manager=manager_of.get(p.id, "")))
    content.people = out
    heads = [p.id for p in out if p.manager == "" and p.id in manager_of.values()]
    if heads:
        content.mail["department_head"] = heads[0]


def _adjust(content: Content, g: random.Random) -> None:
    """A few adjustments with reasons: a bonus point, a deduction, a veto, a calibration."""
    people = content.people
    if len(people) < 4:
        return
    picks = g.sample(range(1, len(people)), 4)
    a, b, c, d = (people[i].id for i in picks)
    content.adjustments = [
        AdjustmentRow(
            a, L("获评本月“服务之星”，通报表扬", "Named service star of the month"), points=3
        ),
        AdjustmentRow(
            b,
            L(
                "违反服务规范，客户投诉升级至总经理",
                "Breach of service standards; complaint escalated to the general manager",
            ),
            points=-5,
        ),
        AdjustmentRow(
            c,
            L(
                "发生重大服务事故（否决项）：等级最高为B",
                "Serious service incident (veto): grade capped at B",
            ),
            cap_grade="B",
        ),
        AdjustmentRow(
            d,
            L(
                "部门校准会议：主导跨部门退换货流程优化",
                "Calibration meeting: led the cross-department returns process",
            ),
            grade="A",
        ),
    ]


def values_for(
    position: PositionSpec, values: dict[str, float | Label], lang: str
) -> dict[str, float | Label]:
    """A person's values keyed for the `lang` workbook: event and requirement names differ
    between languages (迟到 / late), so their input keys are renamed accordingly."""
    if lang == "zh":
        return values
    renames: dict[str, str] = {}
    for ind in position.indicators:
        zh, other = ind.rule("zh"), ind.rule(lang)
        if isinstance(zh, EventsRule) and isinstance(other, EventsRule):
            pairs = zip((n for n, _ in zh.events), (n for n, _ in other.events), strict=True)
        elif isinstance(zh, RequirementsRule) and isinstance(other, RequirementsRule):
            pairs = zip(zh.names, other.names, strict=True)
        else:
            continue
        for a, b in pairs:
            renames[input_key(ind.code, a)] = input_key(ind.code, b)
    return {renames.get(k, k): v for k, v in values.items()}
