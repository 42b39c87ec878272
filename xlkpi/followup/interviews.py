"""Performance interviews (绩效面谈) and improvement plans (绩效改进计划).

The interview is due within 3 working days of the results. A person whose grade is one
HR marks (Settings, default: the lowest grade) needs a written plan: goals, action steps
and a deadline; once the deadline has passed the plan is reviewed (at the next period).
Missing or overdue items are WARNINGS naming the cell to fill in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from xlkpi.core.model import EmployeeResult
from xlkpi.core.problems import Problems
from xlkpi.followup import layout as fl
from xlkpi.followup.calendar import Deadline, WorkCalendar
from xlkpi.followup.read import Record, SheetTable, as_date


@dataclass
class InterviewRow:
    """One person's row: the record HR keyed (None: Calculate adds the row)."""

    employee_id: str
    name: str
    record: Record | None
    grade: str | None = None
    due: dt.date | None = None
    plan_required: bool = False
    status: list[str] = field(default_factory=list)


def plan_grades(setting: object, grades: Sequence[str]) -> set[str]:
    """The grades needing a plan: the setting's comma list, or the lowest grade."""
    text = str(setting or "").replace("，", ",").replace("、", ",")
    marked = {g.strip() for g in text.split(",") if g.strip()}
    return marked or ({grades[-1]} if grades else set())


def check_interviews(
    table: SheetTable | None,
    results: Sequence[EmployeeResult] | None,
    calendar: WorkCalendar,
    results_date: dt.date | None,
    needs_plan: set[str],
    today: dt.date,
    lang: str,
    problems: Problems,
) -> list[InterviewRow]:
    """A row per person with a result (HR's row, or a new one), checked against deadlines."""
    by_id: dict[str, Record] = {}
    for rec in table.records if table else ():
        if rec.get("id"):
            by_id.setdefault(str(rec.get("id")), rec)
    rows: list[InterviewRow] = []
    people = {r.employee.id: r for r in results or ()}
    deadline: Deadline | None = (
        calendar.add_working_days(results_date, fl.INTERVIEW_DAYS) if results_date else None
    )
    order = list(by_id) + [eid for eid in people if eid not in by_id]
    zh = lang == "zh"
    for eid in order:
        rec = by_id.get(eid)
        result = people.get(eid)
        name = result.employee.name if result else str(rec.get("name") or "") if rec else ""
        row = InterviewRow(eid, name, rec)
        rows.append(row)
        if result is None:
            continue
        row.grade = result.grade
        row.plan_required = result.grade in needs_plan
        if deadline is not None:
            row.due = deadline.due
            row.status.append(deadline.words(lang))
        held = as_date(rec.get("held_on")) if rec else None
        where = rec.source("held_on") if rec else None
        if deadline is not None and held is None and today > deadline.due:
            row.status.append("面谈已逾期" if zh else "interview overdue")
            problems.warning(
                "interview.overdue",
                f"{eid} {name}: the performance interview was due on {deadline.due} and is "
                "not recorded",
                f"{eid} {name}：绩效面谈应于{deadline.due}前完成，尚无记录",
                *([where] if where else []),
            )
        elif deadline is not None and held is not None and held > deadline.due:
            row.status.append("面谈晚于期限" if zh else "interview held late")
            problems.warning(
                "interview.late",
                f"{eid} {name}: the interview was held on {held}, after {deadline.due}",
                f"{eid} {name}：面谈于{held}进行，晚于期限{deadline.due}",
                *([where] if where else []),
            )
        if not row.plan_required:
            continue
        missing = [k for k in ("goals", "steps", "plan_deadline") if not rec or not rec.get(k)]
        if missing and (held is not None or (deadline is not None and today > deadline.due)):
            labels = [fl.TABLES["interviews"].column(k).label for k in missing]
            row.status.append("改进计划未填写完整" if zh else "improvement plan incomplete")
            problems.warning(
                "plan.missing",
                f"{eid} {name}: grade {result.grade} needs an improvement plan; missing "
                + ", ".join(lb.en for lb in labels),
                f"{eid} {name}：等级{result.grade}需要改进计划，缺少" + "、".join(lb.zh for lb in labels),
                *([rec.source(missing[0])] if rec else []),
            )
        plan_deadline = as_date(rec.get("plan_deadline")) if rec else None
        reviewed = as_date(rec.get("reviewed_on")) if rec else None
        if plan_deadline is not None and today > plan_deadline and reviewed is None and rec:
            row.status.append("改进计划待复核" if zh else "plan review overdue")
            problems.warning(
                "plan.review_overdue",
                f"{eid} {name}: the improvement plan ended on {plan_deadline} and has not "
                "been reviewed",
                f"{eid} {name}：改进计划已于{plan_deadline}到期，尚未复核",
                rec.source("reviewed_on"),
            )
    return rows
