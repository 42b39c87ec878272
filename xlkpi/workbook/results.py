"""From a run to what is written back: Blocks for data sheets, Indicators, Grades, Summary,
Issues and the Settings status cell; and `run_to_json` for the CLI and scripts.

Data sheets get one block per contiguous run of result columns (points per indicator,
subtotal, adjustment, total, rank, grade, bonus, note), covering every row from below the
key row to the end of the sheet, so results of people who left and stale results of
earlier runs are cleared. When the run has errors nothing is computed into the sheets:
result columns are cleared, the Summary says results are not current, Issues lists the
problems and the status cell says "errors: see Issues".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import repeat
from operator import attrgetter
from typing import Any, Protocol

from xlkpi.core.adjust import round_total
from xlkpi.core.cents import to_money
from xlkpi.core.fmt import agree, separator
from xlkpi.core.model import EmployeeResult, RunResult
from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import Block, CellInput, Styled, column_runs
from xlkpi.workbook import layout
from xlkpi.workbook.issues import issues_block, ordered
from xlkpi.workbook.pay_results import pay_json
from xlkpi.workbook.read import DataSheetPlace, ReadOutcome
from xlkpi.workbook.results_shown import (
    StyledCache,
    shown_points,
    shown_subtotal,
    shown_subtotal_of,
)
from xlkpi.workbook.summary import summary_block, summary_grid

_POINTS = layout.FORMATS["points"]
_MONEY = layout.RESULT_FORMATS["bonus"]


def _joined_note(total: str | None, grade: str | None, lang: str) -> str | None:
    """Why the total and the grade are what they are, in one text (None: nothing to
    say, or no one)."""
    return f"{total}{separator(lang)}{grade}" if total and grade else total or grade or None


#: the results' values written as they are: result key -> the column's number format
_AS_THEY_ARE = {
    "adjustment": layout.RESULT_FORMATS["adjustment"],
    "total": layout.RESULT_FORMATS["total"],
    "rank": layout.RESULT_FORMATS["rank"],
    "grade": None,
}
#: what the result columns read of a result, taken in one pass (see `_result_values`)
_READ = (
    *_AS_THEY_ARE,
    "subtotal",
    "bonus",
    "total_note_en",
    "grade_note_en",
    "total_note_zh",
    "grade_note_zh",
)
_READ_ALL = attrgetter(*_READ)
_NOBODY = (None,) * len(_READ)


def _result_values(rows: list[EmployeeResult | None]) -> dict[str, list[Any]]:
    """Each of `_READ`, row by row (None where no one is): each result read once (a pass
    over the results per column cost a cache miss per result and column at 50,000)."""
    read = [_NOBODY if r is None else _READ_ALL(r) for r in rows]
    return dict(zip(_READ, map(list, zip(*read, strict=True)), strict=True)) if read else {}


def _extra_value(key: str) -> Callable[[EmployeeResult], CellInput]:
    """A pay scheme's result ("pay", "pay_base", ...): money as money, the rest as is."""

    def extra(r: EmployeeResult) -> CellInput:
        v = r.extra.get(key)
        if isinstance(v, Decimal):
            return Styled(float(v), layout.FORMATS["money"])
        return v

    return extra


_GRADE, _ID = attrgetter("grade"), attrgetter("employee.id")  # (mapped over the results)
_NO_POINTS: dict[str, float | None] = {}  # (a row with no one: read only)


def _result_column(
    key: str,
    rows: list[EmployeeResult | None],
    points: Callable[[], list[Any]],
    values: Callable[[], dict[str, list[Any]]],
    lang: str,
) -> tuple[list[Any], str | None]:
    """One key-row key's values, row by row (None where no one is), and the number
    format to style them with (None: written as they are).

    Args:
        points: each row's `shown_points` (`_NO_POINTS` where no one is), worked out on
            first use.
        values: the rows' `_result_values`, worked out on first use.
    """
    dk = layout.parse_data_key(key)
    if dk is not None and dk.kind == "points":
        return list(map(dict.get, points(), repeat(dk.code))), _POINTS  # (C-level)
    if key in _AS_THEY_ARE:
        return values()[key], _AS_THEY_ARE[key]
    if key == "bonus":
        return [None if b is None else float(b) for b in values()["bonus"]], _MONEY
    if key == "note":
        got = values()
        notes_in = "zh" if lang == "zh" else "en"
        notes = zip(got[f"total_note_{notes_in}"], got[f"grade_note_{notes_in}"], strict=True)
        return [_joined_note(total, grade, lang) for total, grade in notes], None
    if key == "subtotal":
        seen: dict[float, float] = {}
        shown = [shown_subtotal_of(v, seen) for v in values()["subtotal"]]
        return shown, layout.RESULT_FORMATS["subtotal"]
    value = _extra_value(key)
    return [None if r is None else value(r) for r in rows], None


def data_sheet_blocks(
    place: DataSheetPlace, results: dict[str, EmployeeResult] | None, lang: str
) -> list[Block]:
    """Blocks for one data sheet's result columns; all None when `results` is None.

    Values are made a column at a time (each column's format once, not per cell), then
    turned into rows.

    Args:
        place: where the sheet's rows and result columns are.
        results: employee id -> result, or None to clear the result columns.
        lang: for the note column.
    """
    columns = place.result_columns()
    first, end = place.first_row, place.end_row
    if not columns or end <= first:
        return []
    by_col = {c: k for k, c in columns.items()}
    rows: list[EmployeeResult | None] = [None] * (end - first)
    if results is not None:
        at = list(place.rows.values())
        if at == list(range(first, first + len(at))):  # (the usual: one person a row)
            rows[: len(at)] = map(results.get, place.rows)
        else:
            for eid, r in place.rows.items():
                rows[r - first] = results.get(eid)
    blocks = []
    styled = StyledCache()  # per call: nothing is kept between runs
    shown: list[Any] = []  # each row's shown points, once per sheet
    read: dict[str, list[Any]] = {}  # the rows' _result_values, once per sheet

    def read_once() -> dict[str, list[Any]]:
        if not read:
            read.update(_result_values(rows))
        return read

    def points() -> list[Any]:
        if not shown:
            seen: dict[float, float | object] = {}  # (see shown_points)
            shown.extend(_NO_POINTS if r is None else shown_points(r, seen) for r in rows)
        return shown

    for run in column_runs(by_col):
        if results is None:
            values = [[None] * len(run) for _ in rows]
        else:
            made = [_result_column(by_col[c], rows, points, read_once, lang) for c in run]
            cells = [v for v, _ in made]
            # all columns of one format styled in one call: the cache shares a Styled per
            # format, and which zero it keeps depends on the order across those columns
            for fmt in dict.fromkeys(f for _, f in made if f is not None):
                at = [j for j, (_, f) in enumerate(made) if f == fmt]
                for j, column in zip(at, styled.columns(fmt, [cells[j] for j in at]), strict=True):
                    cells[j] = column
            values = [list(row) for row in zip(*cells, strict=True)]
        blocks.append(Block(place.sheet, first, run[0], values))
    return blocks


def rule_words_block(outcome: ReadOutcome) -> Block | None:
    """The "Rule in words" column of Indicators: each parsed rule described in the
    workbook's language; a pointer to Issues where the rule did not parse."""
    where = outcome.where
    place = where.indicators
    if place is None or "rule_words" not in place.columns or place.end_row <= place.header_row + 1:
        return None
    lang = where.lang
    bad = layout.RULE_WORDS_TEXT["bad_rule"](lang)
    values: list[list[CellInput]] = []
    for r in range(place.header_row + 1, place.end_row):
        rule = where.rule_rows.get(r)
        if rule is not None:
            values.append([rule.describe(lang)])
        else:
            values.append([bad if r in where.bad_rule_rows else None])
    return Block(place.sheet, place.header_row + 1, place.columns["rule_words"], values)


def grade_count_block(
    outcome: ReadOutcome, results: Sequence[EmployeeResult] | None
) -> Block | None:
    """Headcount per grade on the Grades sheet; cleared when there are no results."""
    place = outcome.where.grades
    if place is None or "count" not in place.columns or place.end_row <= place.header_row + 1:
        return None
    counts = Counter(map(_GRADE, results or ()))  # (C-level; None: no grade, never a row's)
    by_row = {row: grade for grade, row in outcome.where.grade_rows.items()}
    values: list[list[CellInput]] = []
    for row in range(place.header_row + 1, place.end_row):
        grade = by_row.get(row)
        values.append([None if results is None or grade is None else counts.get(grade, 0)])
    return Block(place.sheet, place.header_row + 1, place.columns["count"], values)


def status_text(ok: bool, problems: Problems, lang: str, now: dt.datetime) -> str:
    """ "OK 2026-11-23 10:02", with the warning count if any, or "errors: see Issues"."""
    stamp = now.strftime("%Y-%m-%d %H:%M")
    if not ok:
        return layout.STATUS_TEXT["errors"](lang)
    warnings = len(problems.warnings)
    if warnings:
        return agree(layout.STATUS_TEXT["ok_warnings"](lang).format(time=stamp, warnings=warnings))
    return layout.STATUS_TEXT["ok"](lang).format(time=stamp)


def output_sheets(outcome: ReadOutcome) -> tuple[str, str]:
    """The Summary and Issues sheet names: the workbook's, or new ones in its language."""
    where = outcome.where
    return (
        where.sheets.get("summary") or layout.sheet_name("summary", where.lang),
        where.sheets.get("issues") or layout.sheet_name("issues", where.lang),
    )


def missing_output_sheets(outcome: ReadOutcome) -> list[str]:
    """Summary/Issues sheets the writer must create (the workbook lacks them)."""
    return [
        name
        for key, name in zip(("summary", "issues"), output_sheets(outcome), strict=True)
        if key not in outcome.where.sheets
    ]


def result_blocks(
    outcome: ReadOutcome,
    run: RunResult | None,
    problems: Problems,
    *,
    now: dt.datetime,
    extra_summary: Sequence[Sequence[Any]] = (),
) -> list[Block]:
    """Everything Calculate writes, as blocks for one `BookWriter.write` call.

    Args:
        outcome: what was read, with the places to write to.
        run: the engine's result, or None when it did not run.
        problems: every problem of the run (reading and engine); any error means no
            results are written and result columns are cleared.
        now: the time stamped into the status cell and the Summary.
        extra_summary: rows added at the end of the Summary (follow-up counts, what was
            applied company-wide), each part starting with its own blank row.
    Returns:
        Blocks for data sheets, Indicators (rule in words), Grades (headcount), Summary,
        Issues and the Settings status cell.
    """
    where = outcome.where
    lang = where.lang
    ok = run is not None and not problems.has_errors
    results = run.results if ok and run is not None else None
    by_id = dict(zip(map(_ID, results), results, strict=True)) if results is not None else None
    blocks: list[Block] = []
    for place in where.data.values():
        blocks += data_sheet_blocks(place, by_id, lang)
    for block in (rule_words_block(outcome), grade_count_block(outcome, results)):
        if block is not None:
            blocks.append(block)
    summary_sheet, issues_sheet = output_sheets(outcome)
    rows = summary_grid(
        outcome.assessment.settings,
        results,
        outcome.assessment.grades,
        where.position_names,
        problems,
        now,
    )
    rows += [list(r) for r in extra_summary]
    blocks.append(summary_block(summary_sheet, rows, where.extents.get(summary_sheet, (0, 0))))
    blocks.append(
        issues_block(
            issues_sheet,
            problems,
            lang,
            header_row=where.issues_header_row,
            old_extent=where.extents.get(issues_sheet, (0, 0)),
        )
    )
    if where.status is not None:
        sheet, row, col = where.status
        blocks.append(Block(sheet, row, col, [[status_text(ok, problems, lang, now)]]))
    return blocks


# ---------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------


class _RunLike(Protocol):
    read: ReadOutcome
    run: RunResult | None
    problems: Problems


def _source_json(s: Source) -> dict[str, Any]:
    return {"sheet": s.sheet, "cell": s.cell, "place": str(s)}


def run_to_json(outcome: _RunLike) -> dict[str, Any]:
    """A JSON-ready dict of a run (e.g. `calculate(...)`'s Outcome).

    Shape::

        {"ok": bool, "period": str, "lang": "zh"|"en",
         "employees": [{"id", "name", "position", "position_name", "department", "team",
                        "indicators": [{"code", "name", "points"}], "subtotal",
                        "adjustment", "total", "rank", "grade", "bonus": "1234.50"|None}],
         "issues": [{"severity", "code", "sheet", "cell", "message_en", "message_zh",
                     "places": [...]}]}

    Employees are listed only when the run has no errors (otherwise there are no valid
    results). Points and totals are numbers; money is a string to the cent.
    """
    read = outcome.read
    settings = read.assessment.settings
    names = {(i.position, i.code): i.name for i in read.assessment.indicators}
    run = outcome.run
    ok = run is not None and not outcome.problems.has_errors
    employees = []
    if ok and run is not None:
        for r in run.results:
            e = r.employee
            employees.append(
                {
                    "id": e.id,
                    "name": e.name,
                    "position": e.position,
                    "position_name": read.where.position_names.get(e.position, e.position),
                    "department": e.department,
                    "team": e.team,
                    "indicators": [
                        {
                            "code": code,
                            "name": names.get((e.position, code), code),
                            "points": points,
                        }
                        for code, points in shown_points(r).items()
                    ],
                    "subtotal": shown_subtotal(r),
                    "adjustment": round_total(r.adjustment),
                    "total": r.total,
                    "rank": r.rank,
                    "grade": r.grade,
                    "bonus": None if r.bonus is None else str(to_money(r.bonus)),
                    "pay": pay_json(r),  # the pay scheme's breakdown (docs/money.md), or None
                }
            )
    issues = []
    for p in ordered(outcome.problems):
        first = p.where[0] if p.where else Source()
        issues.append(
            {
                "severity": p.severity.value,
                "code": p.code,
                "sheet": first.sheet,
                "cell": first.cell,
                "message_en": p.message_en,
                "message_zh": p.message_zh,
                "places": [_source_json(s) for s in p.where],
            }
        )
    return {
        "ok": ok,
        "period": settings.period,
        "lang": settings.lang,
        "employees": employees,
        "issues": issues,
        "pay_totals": pay.to_json() if (pay := getattr(outcome, "pay", None)) else None,
    }
