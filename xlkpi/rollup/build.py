"""Roll monthly (or quarterly) results up into a quarter or a year, and write the result
as a new workbook.

    result = rollup([oct, nov, dec], method="mean", period_type="quarter")
    write_rollup(result, "2026Q4.xlsx")

The combining is the money core's (`core.money.combine` / `year_end`, docs/money.md):
scores averaged over the periods each person was present (joiners and leavers flagged),
each period scored under that period's position, indicator sets compared per position,
seed 004's quarterly rule (below 59 pays 50% of performance pay) and its year-end rule
(two failed quarters cancel the year-end assessment).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from xlkpi.core import money
from xlkpi.core.fmt import separator
from xlkpi.core.problems import Problem, Problems, Source
from xlkpi.io.atomic import write_new_file
from xlkpi.rollup import layout as rl
from xlkpi.rollup.inputs import ASSESSMENT, ROLLUP, PeriodFile, read_period_file
from xlkpi.workbook import layout
from xlkpi.workbook.issues import ordered

METHODS = {"mean": money.Method.MEAN, "weighted": money.Method.RECORD_WEIGHT}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass
class Row:
    """One person in the roll-up."""

    record: money.CombinedRecord
    position_name: str
    scores: dict[str, Decimal]  # period -> that period's score
    pay_share: Decimal
    pay: money.Breakdown | None
    notes: list[str]
    year: money.YearRecord | None = None


@dataclass
class RollupResult:
    """Everything the roll-up workbook shows."""

    period: str
    period_type: str  # "quarter" or "year"
    method: str  # "mean" or "weighted"
    lang: str
    files: list[PeriodFile]
    periods: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


def _sort_key(label: str) -> tuple[int, int, str]:
    m = _MONTH.match(label)
    if m:
        return int(m[1]), int(m[2]), label
    q = _QUARTER.match(label)
    if q:
        return int(q[1]), int(q[2]) * 3, label
    return 0, 0, label


def _quarter_of(month: str) -> str | None:
    m = _MONTH.match(month)
    return f"{m[1]}Q{(int(m[2]) - 1) // 3 + 1}" if m and 1 <= int(m[2]) <= 12 else None


def _label(periods: list[str], period_type: str) -> str:
    """2026-10..2026-12 → 2026Q4; 2026Q1..Q4 or 2026-01..12 → 2026; else first–last."""
    quarters = {_quarter_of(p) for p in periods}
    years = {p[:4] for p in periods if _MONTH.match(p) or _QUARTER.match(p)}
    if period_type == "quarter" and len(quarters) == 1 and None not in quarters:
        return quarters.pop()  # type: ignore[return-value]
    if (
        period_type == "year"
        and len(years) == 1
        and all(_MONTH.match(p) or _QUARTER.match(p) for p in periods)
    ):
        return years.pop()
    return periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]}"


def rollup(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    method: str = "mean",
    period_type: str | None = None,
    label: str | None = None,
    lang: str | None = None,
) -> RollupResult:
    """Read the inputs and combine them.

    Args:
        inputs: calculated assessment workbooks (months or quarters) or quarterly roll-up
            workbooks.
        method: "mean", or "weighted" by days attended (m:days_attended; for roll-up
            inputs, by the number of periods present).
        period_type: "quarter" or "year"; None: a quarter from months, a year from quarters.
        label: the period's name (default from the inputs, e.g. 2026Q4).
        lang: "zh" or "en" (default: the first input's language).
    Returns:
        The result; `problems` has errors for inputs that cannot be rolled up.
    Raises:
        WorkbookError: an input is missing or not a readable workbook.
    """
    problems = Problems()
    files = [read_period_file(p, problems) for p in inputs]
    lang = lang or (files[0].lang if files else layout.DEFAULT_LANG)
    kinds = {f.kind for f in files}
    types = {f.period_type for f in files}
    if len(kinds) > 1 or len(types) > 1:
        listed = ", ".join(f"{f.name}: {f.period_type}" for f in files)
        problems.error(
            "rollup.mixed",
            f"The inputs mix period types ({listed}); roll up "
            "months into quarters, then quarters into a year",
            f"输入文件的周期类型不一致（{listed}）；请先把月度汇总为季度，再把季度汇总为年度",
            *[Source(file=f.name) for f in files],
        )
    source_type = files[0].period_type if files else "month"
    wanted = period_type or ("quarter" if source_type == "month" else "year")
    if (wanted, source_type) not in {("quarter", "month"), ("year", "month"), ("year", "quarter")}:
        problems.error(
            "rollup.period_type",
            f"A {wanted} cannot be rolled up from {source_type} inputs",
            f"不能由{source_type}输入汇总为{wanted}",
            *[Source(file=f.name) for f in files],
        )
    seen: dict[str, PeriodFile] = {}
    for f in files:
        if f.period in seen:
            problems.error(
                "rollup.duplicate_period",
                f"{seen[f.period].name} and {f.name} are both period {f.period}",
                f"{seen[f.period].name} 与 {f.name} 的考核周期都是 {f.period}",
                Source(file=seen[f.period].name),
                Source(file=f.name),
            )
        seen.setdefault(f.period, f)
    periods = [f.period for f in files]
    if all(_sort_key(p)[0] for p in periods):
        periods.sort(key=_sort_key)
        files.sort(key=lambda f: _sort_key(f.period))
    period = label or (_label(periods, wanted) if periods else "")
    result = RollupResult(period, wanted, method, lang, files, periods, problems=problems)
    if problems.has_errors:
        return result
    _combine(result)
    return result


def _combine(result: RollupResult) -> None:
    files, problems = result.files, result.problems
    rule = money.RollupRule(result.period, tuple(result.periods), METHODS[result.method])
    records = [r for f in files for r in f.records]
    combined, found = money.combine(records, rule)
    problems.extend(_with_files(found, records, files))
    names: dict[str, str] = {}
    for f in files:
        names.update(f.position_names)
    scores: dict[tuple[str, str], Decimal] = {}
    for r in records:
        if r.total_score is not None:
            scores[(r.employee_id, r.period)] = Decimal(r.total_score)
    years: dict[str, money.YearRecord] = {}
    if result.period_type == "year":
        quarters = _quarters(result, records, files)
        year_records, year_problems = money.year_end(quarters)
        problems.extend(year_problems)
        years = {y.employee_id: y for y in year_records}
    lang = result.lang
    for c in combined:
        year = years.get(c.employee_id)
        notes = _notes(c, result.periods, lang)
        if year is not None:
            share = Decimal(1) if year.year_end_assessment else Decimal(0)
            pay = None
            if not year.year_end_assessment:
                notes.append(
                    rl.WORDS["no_year_end"](lang).format(
                        n=len(year.failed), quarters=", ".join(year.failed)
                    )
                )
        else:
            share = Decimal(1) if c.passed else rule.fail_pay_share
            pay = c.pay
            if not c.passed:
                notes.append(
                    rl.WORDS["failed_pay"](lang).format(
                        mark=int(rule.pass_mark), share=f"{share * 100:.0f}%"
                    )
                )
        result.rows.append(
            Row(
                record=c,
                position_name=names.get(c.position, c.position),
                scores={
                    p: scores[(c.employee_id, p)] for p in c.periods if (c.employee_id, p) in scores
                },
                pay_share=share,
                pay=pay,
                notes=notes,
                year=year,
            )
        )


def _quarters(
    result: RollupResult, records: list[money.PeriodRecord], files: list[PeriodFile]
) -> list[money.CombinedRecord]:
    """Quarter results for the year-end rule: read from quarterly roll-ups, taken from
    quarterly assessment workbooks, or combined here from the months (grouped by their
    YYYY-MM label)."""
    if all(f.kind == ROLLUP for f in files):
        return [q for f in files for q in f.quarters]
    groups: dict[str, list[str]] = {}
    for p in result.periods:
        if files[0].period_type == "quarter":  # quarterly assessment workbooks
            groups[p] = [p]
            continue
        q = _quarter_of(p)
        if q is None:
            result.problems.error(
                "rollup.quarter_unknown",
                f"Period {p} is not a month written as YYYY-MM, so its quarter is unknown; "
                "roll the months up into quarters first",
                f"考核周期 {p} 不是 YYYY-MM 格式的月份，无法判断所属季度；请先汇总为季度",
                *[Source(file=f.name) for f in files if f.period == p],
            )
            return []
        groups.setdefault(q, []).append(p)
    out: list[money.CombinedRecord] = []
    for q, months in groups.items():
        rule = money.RollupRule(q, tuple(months), METHODS[result.method])
        combined, _ = money.combine([r for r in records if r.period in months], rule)
        out += combined
    return out


def _with_files(
    found: Problems, records: list[money.PeriodRecord], files: list[PeriodFile]
) -> list[Problem]:
    """The core's problems, with the input files named for mismatched indicator sets."""
    file_of = {f.period: f.name for f in files}
    have: dict[tuple[str, str], set[str]] = {}
    periods_of: dict[str, set[str]] = {}
    for r in records:
        if r.indicator_points is None:
            continue
        periods_of.setdefault(r.position, set()).add(r.period)
        for code in r.indicator_points:
            have.setdefault((r.position, code), set()).add(r.period)
    out = []
    for p in found:
        if p.code != "money.rollup.indicators" or not p.where:
            out.append(p)
            continue
        position, _, code = (p.where[0].label or "").partition(" ")
        lacking = sorted(
            periods_of.get(position, set()) - have.get((position, code), set()), key=_sort_key
        )
        lacking_files = [file_of[x] for x in lacking if x in file_of]
        having_files = sorted(
            {file_of[x] for x in have.get((position, code), set()) if x in file_of}
        )
        out.append(
            Problem(
                p.severity,
                p.code,
                f"{p.message_en} (files without it: {', '.join(lacking_files)}; "
                f"with it: {', '.join(having_files)})",
                f"{p.message_zh}（没有该指标的文件：{'、'.join(lacking_files)}；"
                f"有该指标的文件：{'、'.join(having_files)}）",
                tuple(Source(file=name) for name in lacking_files) or p.where,
            )
        )
    return out


def _notes(c: money.CombinedRecord, periods: list[str], lang: str) -> list[str]:
    notes = []
    if c.partial:
        present = list(c.periods)
        first, last = periods.index(present[0]), periods.index(present[-1])
        gaps = [p for p in periods[first : last + 1] if p not in present]
        if first > 0:
            notes.append(rl.WORDS["joined"](lang).format(period=present[0]))
        if last < len(periods) - 1:
            notes.append(rl.WORDS["left"](lang).format(period=present[-1]))
        if gaps:
            notes.append(rl.WORDS["absent"](lang).format(periods=", ".join(gaps)))
    if c.position_changed:
        moves = " → ".join(f"{p} {pos}" for p, pos in c.positions)
        notes.append(rl.WORDS["moved"](lang).format(moves=moves))
    return notes


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def place_text(source: Source) -> str:
    """'oct.xlsx: CS data!E7', 'oct.xlsx', or the label."""
    inner = (
        f"{source.sheet}!{source.cell}" if source.sheet and source.cell else (source.sheet or "")
    )
    if source.file and inner:
        return f"{source.file}: {inner}"
    return source.file or inner or source.label or ""


def write_rollup(result: RollupResult, out: str | os.PathLike[str]) -> Path:
    """Write the roll-up workbook (atomically: a temporary file renamed into place).

    Args:
        result: what `rollup` returned.
        out: the new workbook's path (.xlsx); replaced if it exists.
    Returns:
        The path written.
    """
    target = Path(out)
    write_new_file(target, lambda tmp: _write(result, tmp))
    return target


def _write(result: RollupResult, path: str) -> None:
    lang = result.lang
    wb = xlsxwriter.Workbook(
        path, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    title = wb.add_format({"bold": True, "font_size": 14})
    header = wb.add_format(
        {
            "bold": True,
            "font_color": "#FFFFFF",
            "bg_color": "#1F4E78",
            "text_wrap": True,
            "valign": "top",
            "border": 1,
        }
    )
    points = wb.add_format({"num_format": "0.00"})
    share = wb.add_format({"num_format": "0%"})
    money_format = wb.add_format({"num_format": "¥#,##0.00"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    ws = wb.add_worksheet(rl.ROLLUP_SHEET(lang))
    kind = rl.WORDS[result.period_type](lang)
    ws.write_string(
        rl.TITLE_ROW,
        0,
        rl.WORDS["title"](lang).format(
            period=result.period, kind=kind, method=rl.WORDS[result.method](lang)
        ),
        title,
    )
    cols: list[tuple[str, str, Any, float]] = [
        ("id", rl.COLUMNS["id"](lang), None, 12),
        ("name", rl.COLUMNS["name"](lang), None, 12),
        ("position_code", rl.COLUMNS["position_code"](lang), None, 12),
        ("position", rl.COLUMNS["position"](lang), None, 18),
        ("department", rl.COLUMNS["department"](lang), None, 14),
    ]
    cols += [(rl.SCORE_PREFIX + p, p, points, 10) for p in result.periods]
    cols += [
        ("score", rl.COLUMNS["score"](lang), points, 12),
        ("periods", rl.COLUMNS["periods"](lang), None, 10),
        ("passed", rl.COLUMNS["passed"](lang), None, 10),
        ("pay_share", rl.COLUMNS["pay_share"](lang), share, 12),
    ]
    if result.period_type == "year":
        cols += [
            ("failed_quarters", rl.COLUMNS["failed_quarters"](lang), None, 14),
            ("year_end", rl.COLUMNS["year_end"](lang), None, 12),
        ]
    if any(r.pay is not None for r in result.rows):
        cols += [
            ("pay", rl.COLUMNS["pay"](lang), money_format, 14),
            ("pay_detail", rl.COLUMNS["pay_detail"](lang), wrap, 60),
        ]
    cols.append(("notes", rl.COLUMNS["notes"](lang), wrap, 50))
    for c, (key, label, fmt, width) in enumerate(cols):
        ws.write_string(rl.HEADER_ROW, c, label, header)
        ws.write_string(rl.KEY_ROW, c, key)
        ws.set_column(c, c, width, fmt)
    ws.set_row(rl.KEY_ROW, None, None, {"hidden": True})
    ws.freeze_panes(rl.FIRST_DATA_ROW, 2)
    for i, row in enumerate(result.rows):
        values = _row_values(row, result, lang)
        for c, (key, _, fmt, _) in enumerate(cols):
            v = values.get(key)
            if v is None:
                continue
            if isinstance(v, str):
                ws.write_string(rl.FIRST_DATA_ROW + i, c, v, fmt)
            else:
                ws.write_number(rl.FIRST_DATA_ROW + i, c, float(v), fmt)

    st = wb.add_worksheet(rl.SETTINGS_SHEET(lang))
    st.set_column(0, 0, 16)
    st.set_column(1, 1, 40)
    pt = layout.CHOICES["period_type"][result.period_type](lang)
    settings = [
        (rl.WORDS["period"](lang), result.period),
        (rl.WORDS["period_type"](lang), pt),
        (rl.WORDS["method"](lang), rl.WORDS[result.method](lang)),
    ]
    settings += [
        (rl.WORDS["sources"](lang) if i == 0 else "", f"{f.period}: {f.name}")
        for i, f in enumerate(result.files)
    ]
    for r, (k, v) in enumerate(settings):
        st.write_string(r, 0, k)
        st.write_string(r, 1, v)

    iss = wb.add_worksheet(rl.ISSUES_SHEET(lang))
    iss.set_column(0, 0, 8)
    iss.set_column(1, 1, 30)
    iss.set_column(2, 2, 100)
    for c, key in enumerate(("severity", "place", "message")):
        iss.write_string(0, c, rl.WORDS[key](lang), header)
    problems = ordered(result.problems)
    if not problems:
        iss.write_string(1, 2, rl.WORDS["none"](lang))
    for r, p in enumerate(problems, 1):
        iss.write_string(r, 0, rl.WORDS[p.severity.value](lang))
        iss.write_string(r, 1, "; ".join(place_text(s) for s in p.where))
        iss.write_string(r, 2, p.message(lang))
    wb.close()


def _row_values(row: Row, result: RollupResult, lang: str) -> dict[str, Any]:
    c = row.record
    values: dict[str, Any] = {
        "id": c.employee_id,
        "name": c.name,
        "position_code": c.position,
        "position": row.position_name,
        "department": c.department,
        "score": c.score,
        "periods": len(c.periods),
        "pay_share": row.pay_share,
        "notes": separator(lang).join(row.notes),
    }
    for p, s in row.scores.items():
        values[rl.SCORE_PREFIX + p] = s
    if row.year is not None:
        values["passed"] = rl.WORDS["pass" if row.year.year_end_assessment else "fail"](lang)
        values["failed_quarters"] = ", ".join(row.year.failed)
        values["year_end"] = rl.WORDS["yes" if row.year.year_end_assessment else "cancelled"](lang)
    else:
        values["passed"] = rl.WORDS["pass" if c.passed else "fail"](lang)
    if row.pay is not None:
        values["pay"] = row.pay.amount
        values["pay_detail"] = row.pay.render(lang)
    return {k: v for k, v in values.items() if v not in ("", None)}


__all__ = [
    "METHODS",
    "RollupResult",
    "Row",
    "place_text",
    "rollup",
    "write_rollup",
    "ASSESSMENT",
    "ROLLUP",
]
