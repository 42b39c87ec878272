"""What Calculate does after the results: the follow-up part of one run.

    prepare  (after reading)   read the follow-up sheets; upheld appeals become adjustments;
                               360° ratings join the assessment; the change log is verified
                               (an edited log is an ERROR: nothing is computed or logged)
    review   (after assessing) deadlines of interviews, plans and appeals; people moved by
                               someone else's appeal; the calendar's fallback warning
    blocks   (before writing)  the grey columns of the follow-up sheets, rows for people
                               new to the Interviews sheet, and the change-log rows

`workbook.calculate` calls these three; nothing here writes by itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from typing import Any

from xlkpi.core.engine import assess
from xlkpi.core.fmt import separator
from xlkpi.core.model import Adjustment, RunResult
from xlkpi.core.problems import Problems, Source
from xlkpi.core.raters360 import DEFAULT_MIN_RATERS, DEFAULT_TRIM_FROM, GroupRule, Raters360, Rating
from xlkpi.followup import changelog as cl
from xlkpi.followup import layout as fl
from xlkpi.followup.appeals import (
    AppealRow,
    KnockOn,
    appeal_adjustments,
    check_appeals,
    knock_on,
)
from xlkpi.followup.calendar import DayOff, WorkCalendar
from xlkpi.followup.fingerprint import input_fingerprint
from xlkpi.followup.interviews import InterviewRow, check_interviews, plan_grades
from xlkpi.followup.read import FollowUpBook, SheetTable, as_date, read_followup
from xlkpi.io.cells import Block, BookReader, CellInput, NewSheet, column_runs
from xlkpi.workbook.read import ReadOutcome

_TITLE_ROW, _HINT_ROW, _HEADER_ROW = 0, 1, 2  # as the templates lay out their tables


@dataclass
class FollowUp:
    """The follow-up state of one run."""

    book: FollowUpBook
    calendar: WorkCalendar
    appeals: list[Adjustment]
    log: cl.Log
    fingerprint: str
    appeal_rows: list[AppealRow] = field(default_factory=list)
    interview_rows: list[InterviewRow] = field(default_factory=list)
    knock_ons: list[KnockOn] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # employee id -> why (change log)
    counts: Counter = field(default_factory=Counter)  # problem code -> how many


def prepare(book: BookReader, read: ReadOutcome) -> FollowUp:
    """Read the follow-up sheets and fold appeals and 360° ratings into the assessment."""
    problems = read.problems
    lang = read.where.lang
    fb = read_followup(book, lang, problems)
    calendar = WorkCalendar(_holidays(fb.tables.get("holidays")))
    appeals = appeal_adjustments(fb.tables.get("appeals"), lang, problems)
    raters = _raters360(fb, read)
    read.assessment = dataclasses.replace(
        read.assessment,
        adjustments=[*read.assessment.adjustments, *appeals],
        raters360=raters,
    )
    log_table = fb.tables.get("changelog")
    log = cl.read_log(
        cl.LogRow(rec.row, dict(rec.values)) for rec in (log_table.records if log_table else ())
    )
    if log_table is not None:
        cl.tamper_problem(log, log_table.sheet, problems)
    return FollowUp(fb, calendar, appeals, log, input_fingerprint(book, read, fb))


def _holidays(table: SheetTable | None) -> list[DayOff]:
    days = []
    for rec in table.records if table else ():
        date = as_date(rec.get("date"))
        if date is not None:
            name = str(rec.get("name") or "")
            days.append(DayOff(date, name, rec.get("kind") == "working", rec.source("date")))
    return days


def _raters360(fb: FollowUpBook, read: ReadOutcome) -> Raters360 | None:
    groups, ratings = fb.tables.get("groups360"), fb.tables.get("ratings360")
    if not (groups and groups.records) and not (ratings and ratings.records):
        return None
    by_name = {name: code for code, name in read.where.position_names.items()}
    rules = []
    for rec in groups.records if groups else ():
        position = str(rec.get("position") or "")
        rules.append(
            GroupRule(
                by_name.get(position, position),
                str(rec.get("code") or ""),
                str(rec.get("group") or ""),
                float(rec.get("weight") or 0.0),
                int(rec.get("min_raters") or DEFAULT_MIN_RATERS),
                str(rec.get("method") or "mean"),
                int(rec.get("trim_from") or DEFAULT_TRIM_FROM),
                rec.source("code"),
            )
        )
    out = [
        Rating(
            str(rec.get("id")),
            str(rec.get("code") or ""),
            str(rec.get("group") or ""),
            float(rec.get("score")),
            rec.source("score"),
        )
        for rec in (ratings.records if ratings else ())
        if rec.get("id") and rec.get("score") is not None
    ]
    return Raters360(rules, out)


def review(
    fu: FollowUp, read: ReadOutcome, run: RunResult | None, problems: Problems, now: dt.datetime
) -> None:
    """Deadlines, knock-on effects of appeals, and the calendar warning, into `problems`."""
    lang = read.where.lang
    ok = run is not None and not problems.has_errors
    results = run.results if ok and run is not None else None
    results_date = as_date(fu.book.settings.get("results_date"))
    grades = [b.grade for b in read.assessment.grades]
    today = now.date()
    fu.appeal_rows = check_appeals(
        fu.book.tables.get("appeals"), fu.calendar, results_date, today, lang, problems
    )
    fu.interview_rows = check_interviews(
        fu.book.tables.get("interviews"),
        results,
        fu.calendar,
        results_date,
        plan_grades(fu.book.settings.get("plan_grades"), grades),
        today,
        lang,
        problems,
        _columns(fu, "interviews"),
    )
    if results is not None and fu.appeals:
        _knock_on(fu, read, results, lang, problems)
    where = fu.book.settings_source.get("results_date") or Source(fu.book.sheet("holidays"))
    fu.calendar.warn_fallback(problems, where)
    flags = attrgetter("flags")  # (a row each person: mapped, C-level)
    fu.counts = Counter(chain.from_iterable(map(flags, fu.appeal_rows)))
    fu.counts.update(chain.from_iterable(map(flags, fu.interview_rows)))
    fu.counts["appeal.knock_on"] = len(fu.knock_ons)


def _knock_on(
    fu: FollowUp, read: ReadOutcome, results: list, lang: str, problems: Problems
) -> None:
    applied = set(map(id, fu.appeals))
    without = dataclasses.replace(
        read.assessment,
        adjustments=[a for a in read.assessment.adjustments if id(a) not in applied],
    )
    baseline = assess(without)
    appellants = sorted({a.employee_id for a in fu.appeals})
    for a in fu.appeals:
        fu.reasons[a.employee_id] = a.reason
    fu.knock_ons = knock_on(results, baseline.results, set(appellants))
    for k in fu.knock_ons:
        e = k.result.employee
        fu.reasons[e.id] = k.reason(appellants, lang)
        problems.warning(
            "appeal.knock_on",
            f"{e.id} {e.name}: {k.reason(appellants, 'en')}; bonus "
            f"{k.bonus_without} → {k.result.bonus}. Tell them too",
            f"{e.id} {e.name}：{k.reason(appellants, 'zh')}；奖金{k.bonus_without}→"
            f"{k.result.bonus}。请一并告知本人",
            e.source,
        )


# ---------------------------------------------------------------------------------------
# What Calculate writes
# ---------------------------------------------------------------------------------------

SUMMARY = {
    "title": fl.Label("面谈与申诉", "Interviews and appeals"),
    "interview.overdue": fl.Label("面谈逾期", "Interviews overdue"),
    "interview.late": fl.Label("面谈晚于期限", "Interviews held late"),
    "plan.missing": fl.Label("改进计划缺失", "Improvement plans missing"),
    "plan.review_overdue": fl.Label("改进计划待复核", "Plan reviews overdue"),
    "appeal.late": fl.Label("逾期提出的申诉", "Appeals filed late"),
    "appeal.overdue": fl.Label("逾期未答复的申诉", "Appeals not answered in time"),
    "appeal.answered_late": fl.Label("答复晚于期限的申诉", "Appeals answered late"),
    "appeal.knock_on": fl.Label("受他人申诉影响的人", "People moved by others' appeals"),
}


def summary_rows(fu: FollowUp, lang: str) -> list[list[Any]]:
    """Counts of overdue and missing follow-up items, for the Summary sheet."""
    rows: list[list[Any]] = [[], [SUMMARY["title"](lang)]]
    appeals = [r for r in fu.appeal_rows if r.record.get("received_on")]
    pending = sum(1 for r in appeals if not r.record.get("decision"))
    rows.append([fl.Label("收到的申诉", "Appeals received")(lang), len(appeals)])
    rows.append([fl.Label("待处理的申诉", "Appeals pending a decision")(lang), pending])
    for key, label in SUMMARY.items():
        if key != "title":
            rows.append([label(lang), fu.counts.get(key, 0)])
    return rows


def blocks(
    fu: FollowUp, read: ReadOutcome, run: RunResult | None, ok: bool, now: dt.datetime
) -> tuple[list[Block], list[NewSheet]]:
    """The follow-up blocks and the sheets the writer must add first (protected).

    Args:
        ok: the run had no errors (results are valid); otherwise the log gets a run row
            only, and nothing at all when the log itself was edited.
    """
    lang = read.where.lang
    out: list[Block] = []
    missing = [_new_sheet_name(fu, k) for k in fl.SHEETS if k not in fu.book.tables]
    for key in fl.SHEETS:
        if key not in fu.book.tables:
            out += _new_sheet(key, fu.book.sheet(key), lang)
    out += _interview_blocks(fu, lang)
    out += _appeal_blocks(fu, lang)
    if fu.log.broken_at is None:
        out += _log_blocks(fu, run if ok else None, lang, now)
    return out, missing


def _new_sheet_name(fu: FollowUp, key: str) -> NewSheet:
    """A sheet to add, protected like the templates': every column unlocked, HR's for
    typing and Calculate's for writing (xlwings Lite cannot lift sheet protection). The
    change log is guarded by its chain of check values, not by the protection."""
    return NewSheet(fu.book.sheet(key), range(len(fl.TABLES[key].columns)))


def _new_sheet(key: str, sheet: str, lang: str) -> list[Block]:
    header = [c.label(lang) for c in fl.TABLES[key].columns]
    return [
        Block(sheet, _TITLE_ROW, 0, [[fl.TITLES[key](lang)], [fl.HINTS[key](lang)]]),
        Block(sheet, _HEADER_ROW, 0, [header]),
    ]


def _columns(fu: FollowUp, key: str) -> tuple[str, dict[str, int], int]:
    """(sheet, column key -> index, first row for new records)."""
    table = fu.book.tables.get(key)
    if table is None:
        cols = {c.key: i for i, c in enumerate(fl.TABLES[key].columns)}
        return fu.book.sheet(key), cols, _HEADER_ROW + 1
    last = max((r.row for r in table.records), default=table.header_row)
    return table.sheet, table.columns, last + 1


def _column_blocks(
    sheet: str,
    columns: dict[str, int],
    at: list[int],
    values: dict[str, list[CellInput]],
    first: int,
    end: int,
) -> list[Block]:
    """Each key of `values` (its value for the row `at[i]` at index i) where `columns`
    has it, from row `first` to `end` (exclusive), None on every other row (so a row now
    blank has its stale grey cells cleared): one block per run of adjacent columns (a
    block per column cost the writer a merge of every row).

    A column at a time (one list per key, C-level), never a dict per row: the rows are
    `at` itself nearly always (a new table, or HR's rows in order), else they are placed."""
    if end <= first:
        return []
    keys = sorted(set(values) & set(columns))
    key_of = {columns[k]: k for k in keys}  # (a later key wins a shared column, as before)
    n = end - first
    if at == list(range(first, first + len(at))) and len(at) == n:
        placed = values
    else:
        placed = {}
        for key in key_of.values():
            column: list[CellInput] = [None] * n
            for r, v in zip(at, values[key], strict=True):
                if first <= r < end:
                    column[r - first] = v
            placed[key] = column
    blocks = []
    for run in column_runs(key_of):
        cells = [placed[key_of[c]] for c in run]
        blocks.append(Block(sheet, first, run[0], list(map(list, zip(*cells, strict=True)))))
    return blocks


def _interview_blocks(fu: FollowUp, lang: str) -> list[Block]:
    sheet, columns, next_row = _columns(fu, "interviews")
    table = fu.book.tables.get("interviews")
    first = (table.header_row if table else _HEADER_ROW) + 1
    yes, no = fl.YES_NO[True](lang), fl.YES_NO[False](lang)
    sep = separator(lang)
    rows = fu.interview_rows
    values: dict[str, list[CellInput]] = {
        "grade": [row.grade for row in rows],
        "due": [row.due for row in rows],
        "plan_required": [
            (yes if row.plan_required else no) if row.grade else None for row in rows
        ],
        "status": [sep.join(row.status) or None for row in rows],
    }
    added = [row for row in rows if row.record is None]  # rows Calculate adds
    if added:
        values["id"] = [row.employee_id if row.record is None else None for row in rows]
        values["name"] = [row.name if row.record is None else None for row in rows]
        next_row = max(next_row, max(row.row for row in added) + 1)
    end = max([next_row, table.end_row if table else 0, first])
    return _column_blocks(sheet, columns, [row.row for row in rows], values, first, end)


def _appeal_blocks(fu: FollowUp, lang: str) -> list[Block]:
    table = fu.book.tables.get("appeals")
    if table is None or not table.records:
        return []
    sep = separator(lang)
    rows = fu.appeal_rows
    values: dict[str, list[CellInput]] = {
        "deadline": [row.deadline for row in rows],
        "in_time": [None if row.in_time is None else fl.YES_NO[row.in_time](lang) for row in rows],
        "decision_due": [row.decision_due for row in rows],
        "status": [sep.join(row.words) or None for row in rows],
    }
    first = table.header_row + 1
    end = max(table.end_row, first)
    at = [row.record.row for row in rows]
    return _column_blocks(table.sheet, table.columns, at, values, first, end)


def os_user() -> str:
    """Who runs Calculate: the OS user name ('unknown' where there is none, e.g. Lite)."""
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no user name in the environment (Pyodide, some services)
        return "unknown"


def _log_blocks(fu: FollowUp, run: RunResult | None, lang: str, now: dt.datetime) -> list[Block]:
    sheet, columns, next_row = _columns(fu, "changelog")
    stamp = cl.RunStamp(
        fu.log.last_run + 1, now.strftime("%Y-%m-%d %H:%M:%S"), os_user(), fu.fingerprint
    )
    summary = {
        "zh": "有错误：结果不是最新，未比较",
        "en": "errors: results are not current; nothing compared",
    }
    rows = cl.new_rows(stamp, run.results if run else None, fu.log.state, fu.reasons, summary, lang)
    chained = cl.chain_as_written(rows, fu.log.last_hash)
    order = [c.key for c in fl.TABLES["changelog"].columns]
    if all(columns.get(k) == i for i, k in enumerate(order)):
        return [Block(sheet, next_row, 0, chained)]
    # columns moved by hand: write each where it is
    return [
        Block(sheet, next_row, columns[k], [[row[i]] for row in chained])
        for i, k in enumerate(order)
        if k in columns
    ]
