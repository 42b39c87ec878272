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
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import repeat
from operator import attrgetter
from typing import Any, Protocol

from xlkpi.core.adjust import round_total
from xlkpi.core.cents import allocate, to_money
from xlkpi.core.fmt import agree, separator
from xlkpi.core.model import EmployeeResult, RunResult
from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import Block, CellInput, Styled, column_runs
from xlkpi.workbook import layout
from xlkpi.workbook.issues import issues_block, ordered
from xlkpi.workbook.pay_results import pay_json
from xlkpi.workbook.read import DataSheetPlace, ReadOutcome
from xlkpi.workbook.summary import summary_block, summary_grid

_POINTS = layout.FORMATS["points"]
_MONEY = layout.RESULT_FORMATS["bonus"]
#: Points below this are summed to the cent exactly by `math.fsum` and `round_total`.
_WHOLE_CENTS_BELOW = 1e9


def _note(r: EmployeeResult, lang: str) -> str | None:
    """Why the total and the grade are what they are, in one text (None: nothing to say)."""
    if lang == "zh":
        total, grade = r.total_note_zh, r.grade_note_zh
    else:
        total, grade = r.total_note_en, r.grade_note_en
    return f"{total}{separator(lang)}{grade}" if total and grade else total or grade or None


class _StyledCache:
    """Shares one Styled per (value, format): Styled is immutable, and points take few
    distinct values (tier rules), so a 50,000-row sheet needs far fewer objects."""

    def __init__(self) -> None:
        self._by_format: dict[str, dict[Any, Styled]] = {}

    def of(self, fmt: str) -> Callable[[Any], CellInput]:
        """value -> the shared Styled(value, fmt); None stays None."""
        cache = self._by_format.setdefault(fmt, {})

        def styled(value: Any) -> CellInput:
            if value is None:
                return None
            shared = cache.get(value)
            if shared is None or shared.value.__class__ is not value.__class__:  # 1 == 1.0
                shared = cache[value] = Styled(value, fmt)
            return shared

        return styled

    def columns(self, fmt: str, columns: list[list[Any]]) -> list[list[CellInput]]:
        """`of(fmt)` over the columns of one block, exactly as cell by cell in row order.

        Columns of one value class (the usual: floats) take one lookup per distinct
        value instead of a Python call per cell (140,000 cells at 10,000 people). Equal
        values of one class print alike, but for the float zero: 0.0 and -0.0 share the
        first one met in row order, so that one (`_first_zero`) is shared first. Decimals
        (equal 1.0 and 1.00 print apart) and mixed classes (1 and 1.0 take turns in the
        cache) go cell by cell in row order."""
        styled = self.of(fmt)
        kinds = {kind for values in columns for kind in set(map(type, values))}
        kinds.discard(type(None))
        if len(kinds) > 1 or Decimal in kinds:
            rows = [[styled(v) for v in row] for row in zip(*columns, strict=True)]
            return [list(values) for values in zip(*rows, strict=True)] if rows else columns
        distinct = [dict.fromkeys(values) for values in columns]  # (first of equals kept)
        zero = _first_zero(columns, distinct)
        if zero is not None:
            styled(zero)
        out = []
        for values, keys in zip(columns, distinct, strict=True):
            shared = {v: styled(v) for v in keys if v is not None}
            out.append(list(map(shared.get, values)))  # (None is no key: it stays None)
        return out


def _first_zero(columns: list[list[Any]], distinct: list[dict[Any, None]]) -> Any:
    """The first value equal to 0 of these columns in row order (None when none is);
    `distinct` holds each column's values as keys."""
    first: tuple[int, int] | None = None
    for j, (values, keys) in enumerate(zip(columns, distinct, strict=True)):
        if 0 in keys:
            i = values.index(0)
            if first is None or i < first[0]:
                first = (i, j)
    return None if first is None else columns[first[1]][first[0]]


#: `shown_points`'s mark for a point value that is not whole cents
_OFF_CENT = object()


def shown_points(
    r: EmployeeResult, seen: dict[float, float | object] | None = None
) -> dict[str, float | None]:
    """Each indicator's points to two decimals, adding up exactly to the subtotal shown.

    Rounding each indicator on its own can leave the shown points 0.01 off the shown
    subtotal (3 × 3.335 shows 10.01 against 10.00 computed); an employee signs the Form, so
    the leftover cents go to the largest remainders (`core.cents.allocate`), as with money.

    Points that are already whole cents (most: tier and step rules) add up to their own
    sum, so `allocate` would give each its own value back: they are shown as they are,
    without the Decimal arithmetic (tests/workbook/test_shown_points.py pins this to
    `_allocated_points`).

    Args:
        seen: where to keep, across many people, how each point value shows when whole
            cents (or that it is not: `_OFF_CENT`); people share few distinct points.
            Non-zero floats only: they are equal only when they are the same number
            (0.0 and -0.0 are not).
    """
    if seen is None:
        seen = {}
    out: dict[str, float | None] = {}
    whole = True
    for c, ir in r.indicators.items():
        x = ir.points
        if x is None:
            out[c] = None
            continue
        shown = seen.get(x) if x.__class__ is float and x else None
        if shown is None:
            p = round(x, 9)
            shown = p + 0.0 if 0 <= p < _WHOLE_CENTS_BELOW and round(p, 2) == p else _OFF_CENT
            if x.__class__ is float and x:
                seen[x] = shown
        if shown is _OFF_CENT:
            whole = False
        out[c] = shown  # type: ignore[assignment]  # (replaced below when not whole)
    if not whole:  # (few people): the points as rounded, split by largest remainders
        raw = {c: round(ir.points, 9) for c, ir in r.indicators.items() if ir.points is not None}
        out.update(zip(raw, _allocated_points(list(raw.values())), strict=True))
    return out


def _allocated_points(raw: list[float]) -> list[float]:
    """`shown_points` for any points: the shown subtotal split by largest remainders (or,
    with negative points, which no rule gives today, each rounded on its own)."""
    if all(p >= 0 for p in raw):
        total = to_money(round_total(math.fsum(raw)))
        parts = allocate(total, raw) if any(raw) else [Decimal("0.00")] * len(raw)
    else:
        parts = [to_money(p) for p in raw]
    return [float(part) for part in parts]


def shown_subtotal(r: EmployeeResult, seen: dict[float, float] | None = None) -> float | None:
    """The subtotal to two decimals, as the sheet and the Form show it (a subtotal in
    whole cents already is shown as it is: `round_total` would give it back).

    Args:
        seen: where to keep, across many people, how each subtotal shows (few distinct
            ones); non-zero floats only, as in `shown_points`.
    """
    v = r.subtotal
    if v is None:
        return None
    if seen is None or v.__class__ is not float or not v:
        return _shown_subtotal(v)
    shown = seen.get(v)
    if shown is None:
        shown = seen[v] = _shown_subtotal(v)
    return shown


def _shown_subtotal(v: float) -> float:
    if -_WHOLE_CENTS_BELOW < v < _WHOLE_CENTS_BELOW and round(v, 2) == v:
        return v
    return round_total(v)


#: result key -> (a result's value for that column, the column's number format or None)
_RESULT_VALUES: dict[str, tuple[Callable[[EmployeeResult], Any], str | None]] = {
    "adjustment": (attrgetter("adjustment"), layout.RESULT_FORMATS["adjustment"]),
    "total": (attrgetter("total"), layout.RESULT_FORMATS["total"]),
    "rank": (attrgetter("rank"), layout.RESULT_FORMATS["rank"]),
    "grade": (attrgetter("grade"), None),
    "bonus": (lambda r: None if r.bonus is None else float(r.bonus), _MONEY),
}


def _extra_value(key: str) -> Callable[[EmployeeResult], CellInput]:
    """A pay scheme's result ("pay", "pay_base", ...): money as money, the rest as is."""

    def extra(r: EmployeeResult) -> CellInput:
        v = r.extra.get(key)
        if isinstance(v, Decimal):
            return Styled(float(v), layout.FORMATS["money"])
        return v

    return extra


_NO_POINTS: dict[str, float | None] = {}  # (a row with no one: read only)


def _result_column(
    key: str, rows: list[EmployeeResult | None], points: Callable[[], list[Any]], lang: str
) -> tuple[list[Any], str | None]:
    """One key-row key's values, row by row (None where no one is), and the number
    format to style them with (None: written as they are).

    Args:
        points: each row's `shown_points` (`_NO_POINTS` where no one is), worked out on
            first use.
    """
    dk = layout.parse_data_key(key)
    if dk is not None and dk.kind == "points":
        return list(map(dict.get, points(), repeat(dk.code))), _POINTS  # (C-level)
    if key == "note":
        return [None if r is None else _note(r, lang) for r in rows], None
    if key == "subtotal":
        seen: dict[float, float] = {}
        shown = [None if r is None else shown_subtotal(r, seen) for r in rows]
        return shown, layout.RESULT_FORMATS["subtotal"]
    value, fmt = _RESULT_VALUES.get(key) or (_extra_value(key), None)
    return [None if r is None else value(r) for r in rows], fmt


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
        for eid, r in place.rows.items():
            rows[r - first] = results.get(eid)
    blocks = []
    styled = _StyledCache()  # per call: nothing is kept between runs
    shown: list[Any] = []  # each row's shown points, once per sheet

    def points() -> list[Any]:
        if not shown:
            seen: dict[float, float | object] = {}  # (see shown_points)
            shown.extend(_NO_POINTS if r is None else shown_points(r, seen) for r in rows)
        return shown

    for run in column_runs(by_col):
        if results is None:
            values = [[None] * len(run) for _ in rows]
        else:
            made = [_result_column(by_col[c], rows, points, lang) for c in run]
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
    counts: dict[str, int] = {}
    for r in results or ():
        if r.grade is not None:
            counts[r.grade] = counts.get(r.grade, 0) + 1
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
    by_id = {r.employee.id: r for r in results} if results is not None else None
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
