"""Appeals (申诉): the window, the answer's deadline, and an upheld appeal's score change.

An employee may appeal within 2 working days of receiving the result; the assessment
group answers within 3 working days of the appeal. An upheld (or partly upheld) appeal
with a score change becomes an adjustment of the person's total, with the reason HR gave,
so rank, grade, forced distribution and bonus follow at the next Calculate. People whose
grade or bonus moved only because of someone else's appeal are found by assessing once
more without the appeals (`knock_on`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xlkpi.core.fmt import num
from xlkpi.core.model import Adjustment, EmployeeResult
from xlkpi.core.problems import Problems
from xlkpi.followup import layout as fl
from xlkpi.followup.calendar import WorkCalendar
from xlkpi.followup.read import Record, SheetTable, as_date

UPHELD = ("upheld", "partly")


@dataclass
class AppealRow:
    """What Calculate writes in the appeal's grey cells."""

    record: Record
    deadline: dt.date | None = None
    in_time: bool | None = None
    decision_due: dt.date | None = None
    words: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)  # problem codes raised for this appeal


def appeal_adjustments(table: SheetTable | None, lang: str, problems: Problems) -> list[Adjustment]:
    """Adjustments from upheld appeals that change the score.

    A score change on an appeal that is not upheld is a WARNING and is not applied.
    """
    out: list[Adjustment] = []
    for rec in table.records if table else ():
        points = rec.get("points")
        if points is None or not rec.get("id"):
            continue
        eid = str(rec.get("id"))
        decision = rec.get("decision")
        if decision not in UPHELD:
            problems.warning(
                "appeal.change_not_upheld",
                f"Appeal of {eid}: a score change of {num(points)} is entered but the appeal is "
                "not upheld; it is not applied",
                f"{eid}的申诉填写了改分{num(points)}，但处理结果不是“成立”，未计入",
                rec.source("points"),
                rec.source("decision"),
            )
            continue
        why = str(rec.get("change_reason") or "").strip()
        reason = (f"申诉成立：{why}" if lang == "zh" else f"appeal upheld: {why}") if why else ""
        out.append(Adjustment(eid, float(points), reason, rec.source("points")))
    return out


def check_appeals(
    table: SheetTable | None,
    calendar: WorkCalendar,
    results_date: dt.date | None,
    today: dt.date,
    lang: str,
    problems: Problems,
) -> list[AppealRow]:
    """Deadlines of every appeal, in dates and words; late or overdue ones are WARNINGS."""
    rows: list[AppealRow] = []
    for rec in table.records if table else ():
        row = AppealRow(rec)
        rows.append(row)
        eid = str(rec.get("id") or "")
        received_result = as_date(rec.get("result_on")) or results_date
        received = as_date(rec.get("received_on"))
        if received_result is not None:
            window = calendar.add_working_days(received_result, fl.APPEAL_DAYS)
            row.deadline = window.due
            row.words.append(window.words(lang))
            if received is not None:
                row.in_time = received <= window.due
                if not row.in_time:
                    row.flags.add("appeal.late")
                    problems.warning(
                        "appeal.late",
                        f"Appeal of {eid} was received on {received}, after its deadline "
                        f"{window.due} ({window.words('en')})",
                        f"{eid}的申诉于{received}提出，已超过申诉期限{window.due}"
                        f"（{window.words('zh')}）",
                        rec.source("received_on"),
                    )
        elif received is not None:
            problems.warning(
                "appeal.no_result_date",
                f"Appeal of {eid}: no date the result was received (fill it in, or the "
                "results date on Settings), so the window cannot be checked",
                f"{eid}的申诉：没有收到结果的日期（请填写，或在设置表填写结果发布日期），无法核对申诉期限",
                rec.source("result_on"),
            )
        if received is None:
            continue
        answer = calendar.add_working_days(received, fl.ANSWER_DAYS)
        row.decision_due = answer.due
        row.words.append(answer.words(lang))
        decided = as_date(rec.get("decided_on"))
        if rec.get("decision") and decided is None:
            problems.warning(
                "appeal.no_decided_date",
                f"Appeal of {eid} has a decision but no date it was decided",
                f"{eid}的申诉已有处理结果，但未填写答复日期",
                rec.source("decided_on"),
            )
        if decided is not None and decided > answer.due:
            row.flags.add("appeal.answered_late")
            problems.warning(
                "appeal.answered_late",
                f"Appeal of {eid} was answered on {decided}, after {answer.due} "
                f"({answer.words('en')})",
                f"{eid}的申诉于{decided}答复，晚于{answer.due}（{answer.words('zh')}）",
                rec.source("decided_on"),
            )
        elif not rec.get("decision") and today > answer.due:
            row.flags.add("appeal.overdue")
            problems.warning(
                "appeal.overdue",
                f"Appeal of {eid} is not answered and was due on {answer.due}",
                f"{eid}的申诉尚未答复，答复期限为{answer.due}，已逾期",
                rec.source("decision"),
            )
    return rows


@dataclass(frozen=True)
class KnockOn:
    """Someone whose grade or bonus changed because of other people's appeals."""

    result: EmployeeResult
    grade_without: str | None
    bonus_without: object

    def reason(self, appellants: list[str], lang: str) -> str:
        """Why this person's result changed: whose appeals moved their grade or bonus."""
        who = "、".join(appellants) if lang == "zh" else ", ".join(appellants)
        if self.result.grade != self.grade_without:
            if lang == "zh":
                return f"因{who}的申诉改分，强制分布名额变化：等级{self.grade_without}→{self.result.grade}"
            return (
                f"the appeal of {who} changed the forced-distribution quota: grade "
                f"{self.grade_without} → {self.result.grade}"
            )
        if lang == "zh":
            return f"因{who}的申诉改分，奖金池重新分配"
        return f"the appeal of {who} changed how the bonus pool is shared"


def knock_on(
    with_appeals: list[EmployeeResult], without: list[EmployeeResult], appellants: set[str]
) -> list[KnockOn]:
    """People (not appellants) whose grade or bonus differs between the two runs."""
    before = {r.employee.id: r for r in without}
    out = []
    for r in with_appeals:
        eid = r.employee.id
        old = before.get(eid)
        if eid in appellants or old is None:
            continue
        if old.grade != r.grade or old.bonus != r.bonus:
            out.append(KnockOn(r, old.grade, old.bonus))
    return out
