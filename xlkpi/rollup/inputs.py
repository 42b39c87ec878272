"""Reading the periods to roll up: calculated assessment workbooks (a month or a quarter)
and roll-up workbooks written by `xlkpi rollup` (a quarter, to make a year).

From an assessment workbook: the roster, position names, each person's total, points per
indicator (`pts:` columns), the performance-pay base (`m:performance_base`) and days
attended (`m:days_attended`, the weight of `--method weighted`). From a roll-up
workbook: the combined score, pass/fail and the number of periods present.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlkpi.core.money import CombinedRecord, PeriodRecord
from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import BookReader, a1
from xlkpi.io.reader import XlsxBook
from xlkpi.rollup import layout as rl
from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.contract.reader import ContractReader
from xlkpi.workbook.read import read_assessment
from xlkpi.workbook.values import ValueIssue, parse_number, parse_text

ASSESSMENT = "assessment"
ROLLUP = "rollup"


@dataclass
class PeriodFile:
    """One input: its period label and type, and the records read from it."""

    path: Path
    kind: str  # ASSESSMENT or ROLLUP
    period: str
    period_type: str  # "month", "quarter" or "year"
    lang: str
    records: list[PeriodRecord] = field(default_factory=list)
    quarters: list[CombinedRecord] = field(default_factory=list)  # ROLLUP inputs only
    position_names: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The file's name, for messages."""
        return self.path.name


def _number(value: Any) -> Decimal | None:
    try:
        number = parse_number(value)
    except ValueIssue:
        return None
    return None if number is None else Decimal(repr(float(number)))


def read_period_file(path: str | os.PathLike[str], problems: Problems) -> PeriodFile:
    """Read one input.

    Args:
        path: a calculated assessment workbook or a roll-up workbook.
        problems: where problems go (each names the file).
    Returns:
        The period file (its records may be empty, with an error).
    Raises:
        WorkbookError: the file is missing or not a readable workbook.
    """
    return read_period_book(XlsxBook(Path(path), backup=False), Path(path), problems)


def read_period_book(book: BookReader, path: Path, problems: Problems) -> PeriodFile:
    """`read_period_file` on a workbook already open (`path` names it in messages)."""
    contract = ContractReader(book)
    rollup_sheet = contract.sheet("rollup", {"rollup": rl.ROLLUP_SHEET})
    if rollup_sheet is not None:
        return _read_rollup(path, contract, rollup_sheet, problems)
    return _read_assessment(path, contract, problems)


def _period_of(contract: ContractReader, path: Path) -> tuple[str, str, str]:
    """(period label, period type, lang) from the Settings sheet; the file name when the
    period is blank."""
    raw = contract.setting("period")
    if hasattr(raw, "year") and hasattr(raw, "month"):
        period = f"{raw.year}-{raw.month:02d}"  # Excel made "2026-10" a date
    else:
        try:
            period = parse_text(raw)
        except ValueIssue:
            period = ""
    kind = layout.choice_key("period_type", contract.setting("period_type")) or "month"
    return period or path.stem, kind, contract.lang()


def _read_assessment(path: Path, contract: ContractReader, problems: Problems) -> PeriodFile:
    period, period_type, lang = _period_of(contract, path)
    read = read_assessment(contract.book)
    out = PeriodFile(
        path, ASSESSMENT, period, period_type, lang, position_names=dict(read.where.position_names)
    )
    employees = {e.id: e for e in read.assessment.employees}
    totals = 0
    for position, place in read.where.data.items():
        grid = contract.grid(place.sheet)
        total_col = place.columns.get("total")
        points = {
            dk.code: c
            for k, c in place.columns.items()
            if (dk := layout.parse_data_key(k)) is not None and dk.kind == "points"
        }
        base_col = place.columns.get(pl.money_key("performance_base"))
        days_col = place.columns.get(pl.money_key("days_attended"))
        for eid, r in place.rows.items():
            e = employees.get(eid)
            if e is None:
                continue
            row = grid[r]

            def cell(c: int | None, row: list[Any] = row) -> Any:
                return row[c] if c is not None and c < len(row) else None

            total = _number(cell(total_col))
            totals += total is not None
            indicator_points = {
                code: v for code, c in points.items() if (v := _number(cell(c))) is not None
            }
            out.records.append(
                PeriodRecord(
                    period=period,
                    employee_id=eid,
                    name=e.name,
                    position=position,
                    department=e.department,
                    total_score=total,
                    indicator_points=indicator_points or None,
                    performance_base=_number(cell(base_col)),
                    weight=_number(cell(days_col)),
                    source=Source(
                        place.sheet,
                        a1(r, total_col if total_col is not None else 0),
                        file=path.name,
                    ),
                )
            )
    if not totals:
        problems.error(
            "rollup.no_results",
            f"{path.name} ({period}) has no totals: calculate it first (xlkpi calculate), "
            "and fix the problems on its Issues sheet",
            f"{path.name}（{period}）没有总分：请先计算（xlkpi calculate），并修正其“问题”表中的问题",
            Source(file=path.name),
        )
        out.records = []
    return out


def _read_rollup(
    path: Path, contract: ContractReader, sheet: str, problems: Problems
) -> PeriodFile:
    grid = contract.grid(sheet)
    settings = {s.key: cell.raw for s, cell in contract.settings(rl.SETTINGS)}
    period = parse_text(settings.get("period")) or path.stem
    period_type = layout.choice_key("period_type", settings.get("period_type"))
    out = PeriodFile(path, ROLLUP, period, period_type or "quarter", contract.lang())
    key_row = contract.key_row(sheet)  # found as a data sheet's is: "id" in column A
    cols = key_row.columns if key_row is not None else {}
    if key_row is None or "id" not in cols or "score" not in cols:
        problems.error(
            "rollup.not_rollup",
            f"{path.name}: sheet '{sheet}' has no key row (row {rl.KEY_ROW + 1}); it was not "
            "written by xlkpi rollup",
            f"{path.name}：“{sheet}”表缺少键行（第{rl.KEY_ROW + 1}行），不是 xlkpi rollup 生成的",
            Source(sheet, "A1", file=path.name),
        )
        return out
    for r in range(key_row.row + 1, len(grid)):
        row = grid[r]

        def get(key: str, row: list[Any] = row) -> Any:
            c = cols.get(key)
            return row[c] if c is not None and c < len(row) else None

        eid = parse_text(get("id"))
        if not eid:
            continue
        score = _number(get("score"))
        src = Source(sheet, a1(r, cols["score"]), file=path.name)
        name = parse_text(get("name"))
        position = parse_text(get("position_code")) or parse_text(get("position"))
        out.position_names.setdefault(position, parse_text(get("position")) or position)
        department = parse_text(get("department"))
        present = _number(get("periods"))
        out.records.append(
            PeriodRecord(period, eid, name, position, department, score, weight=present, source=src)
        )
        passed = rl.WORDS["pass"].matches(get("passed"))
        if score is not None:
            out.quarters.append(
                CombinedRecord(
                    period,
                    eid,
                    name,
                    position,
                    department,
                    (period,),
                    ((period, position),),
                    score,
                    passed,
                    {},
                    False,
                    False,
                )
            )
    return out
