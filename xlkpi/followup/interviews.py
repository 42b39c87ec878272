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
from xlkpi.core.problems import Problems, Source
from xlkpi.followup import layout as fl
from xlkpi.followup.calendar import Deadline, WorkCalendar
from xlkpi.followup.read import Record, SheetTable, as_date
from xlkpi.io.cells import a1


@dataclass(slots=True)  # one per person
class InterviewRow:
    """One person's row: the record HR keyed (None: Calculate adds the row)."""

    employee_id: str
    name: str
    record: Record | None
    grade: str | None = None
    due: dt.date | None = None
    plan_required: bool = False
    status: list[str] = field(default_factory=list)
    row: int = 0  # the sheet row (0-based): HR's, or the one Calculate adds
    flags: set[str] = field(default_factory=set)  # problem codes raised for this person


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
    place: tuple[str, dict[str, int], int],
) -> list[InterviewRow]:
    """A row per person with a result (HR's row, or a new one), checked against deadlines.

    Args:
        place: (sheet, column key -> index, first free row) where new rows go.
    """
    sheet, columns, next_row = place
    by_id: dict[str, Record] = {}
    for keyed in table.records if table else ():
        if keyed.get("id"):
            by_id.setdefault(str(keyed.get("id")), keyed)
    rows: list[InterviewRow] = []
    people = {r.employee.id: r for r in results or ()}
    deadline: Deadline | None = (
        calendar.add_working_days(results_date, fl.INTERVIEW_DAYS) if results_date else None
    )
    order = list(by_id) + [eid for eid in people if eid not in by_id]
    zh = lang == "zh"
    due_words = deadline.words(lang) if deadline is not None else ""  # the same for everyone

    def where(key: str, row: InterviewRow) -> Source:
        return Source(sheet, a1(row.row, columns.get(key, 0)))

    for eid in order:
        rec = by_id.get(eid)
        result = people.get(eid)
        name = result.employee.name if result else str(rec.get("name") or "") if rec else ""
        row = InterviewRow(eid, name, rec, row=rec.row if rec else next_row)
        next_row += 0 if rec else 1
        rows.append(row)
        if result is None:
            continue
        row.grade = result.grade
        row.plan_required = result.grade in needs_plan
        if deadline is not None:
            row.due = deadline.due
            row.status.append(due_words)
        held = as_date(rec.get("held_on")) if rec else None
        if deadline is not None and held is None and today > deadline.due:
            row.status.append("面谈已逾期" if zh else "interview overdue")
            row.flags.add("interview.overdue")
        elif deadline is not None and held is not None and held > deadline.due:
            row.status.append("面谈晚于期限" if zh else "interview held late")
            row.flags.add("interview.late")
            problems.warning(
                "interview.late",
                f"{eid} {name}: the interview was held on {held}, after {deadline.due}",
                f"{eid} {name}：面谈于{held}进行，晚于期限{deadline.due}",
                where("held_on", row),
            )
        if not row.plan_required:
            continue
        missing = [k for k in ("goals", "steps", "plan_deadline") if not rec or not rec.get(k)]
        if missing and (held is not None or (deadline is not None and today > deadline.due)):
            labels = [fl.TABLES["interviews"].column(k).label for k in missing]
            row.status.append("改进计划未填写完整" if zh else "improvement plan incomplete")
            row.flags.add("plan.missing")
            problems.warning(
                "plan.missing",
                f"{eid} {name}: grade {result.grade} needs an improvement plan; missing "
                + ", ".join(lb.en for lb in labels),
                f"{eid} {name}：等级{result.grade}需要改进计划，缺少"
                + "、".join(lb.zh for lb in labels),
                where(missing[0], row),
            )
        plan_deadline = as_date(rec.get("plan_deadline")) if rec else None
        reviewed = as_date(rec.get("reviewed_on")) if rec else None
        if plan_deadline is not None and today > plan_deadline and reviewed is None and rec:
            row.status.append("改进计划待复核" if zh else "plan review overdue")
            row.flags.add("plan.review_overdue")
            problems.warning(
                "plan.review_overdue",
                f"{eid} {name}: the improvement plan ended on {plan_deadline} and has not "
                "been reviewed",
                f"{eid} {name}：改进计划已于{plan_deadline}到期，尚未复核",
                rec.source("reviewed_on"),
            )
    overdue = [r for r in rows if "interview.overdue" in r.flags]
    if overdue and deadline is not None:
        who = ", ".join(f"{r.employee_id} {r.name}" for r in overdue[:10])
        more = f" (+{len(overdue) - 10})" if len(overdue) > 10 else ""
        problems.warning(
            "interview.overdue",
            f"{len(overdue)} performance interview(s) are overdue and not recorded "
            f"({deadline.words('en')}): {who}{more}",
            f"{len(overdue)}人的绩效面谈已逾期且尚无记录（{deadline.words('zh')}）：{who}{more}",
            *(Source(sheet, a1(r.row, columns.get("held_on", 0))) for r in overdue),
        )
    return rows
