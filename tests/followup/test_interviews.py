"""Interviews and improvement plans on a real file: Calculate adds a row per person with
the due date (3 working days after Wed 30 Sep 2026: Thu 8, Fri 9, Sat 10 Oct, a make-up
working day), then flags late interviews, missing plans and plans not reviewed."""

from __future__ import annotations

import datetime as dt

import fu_book
import openpyxl

from xlkpi.followup import layout as fl
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.workbook.calculate import calculate

D = dt.date
KEYS = [c.key for c in fl.TABLES["interviews"].columns]


def _type(path, row, **values):
    wb = openpyxl.load_workbook(path)
    ws = wb["面谈与改进"]
    for key, value in values.items():
        ws.cell(row=row, column=KEYS.index(key) + 1, value=value)
    wb.save(path)


def test_interviews_and_plans_through_the_month(tmp_path):
    path = fu_book.save(tmp_path / "m.xlsx", fu_book.grids())
    first = calculate(XlsxBook(path), now=dt.datetime(2026, 9, 30, 18))
    assert first.ok and not [p for p in first.problems if p.code.startswith(("interview", "plan"))]
    grid = read_grids(path)["面谈与改进"]
    rows = {r[0]: dict(zip(KEYS, r, strict=False)) for r in grid[3:] if r[0]}
    assert list(rows) == list(fu_book.SCORES)
    assert rows["P01"]["due"] == D(2026, 10, 10) and rows["P01"]["plan_required"] == "否"
    assert rows["P10"]["grade"] == "C" and rows["P10"]["plan_required"] == "是"

    # P01 interviewed late (Mon 12 Oct); P10 interviewed on time, but no plan written yet.
    _type(path, 4, held_on=dt.datetime(2026, 10, 12), interviewer="王经理")
    _type(path, 13, held_on=dt.datetime(2026, 10, 9), interviewer="王经理")
    out = calculate(XlsxBook(path), now=dt.datetime(2026, 10, 13, 9))
    by_code = {}
    for p in out.problems:
        by_code.setdefault(p.code, []).append(p)
    [late] = by_code["interview.late"]
    assert late.where[0].cell == "E4" and "2026-10-12" in late.message_en
    [overdue] = by_code["interview.overdue"]
    assert overdue.message_en.startswith("8 performance interview(s) are overdue")
    assert {s.cell for s in overdue.where} == {f"E{r}" for r in range(5, 13)}
    [plan] = by_code["plan.missing"]
    assert (
        plan.where[0].cell == "I13" and "Plan goals, Action steps, Plan deadline" in plan.message_en
    )

    # The plan is agreed; once its deadline passes without a review, that is flagged.
    _type(
        path,
        13,
        goals="质检≥80分",
        steps="每周复听5通录音",
        plan_deadline=dt.datetime(2026, 10, 31),
    )
    out = calculate(XlsxBook(path), now=dt.datetime(2026, 11, 5, 9))
    codes = [p.code for p in out.problems]
    assert "plan.missing" not in codes
    [review] = [p for p in out.problems if p.code == "plan.review_overdue"]
    assert review.where[0].cell == "L13"
    summary = {r[0]: r[1] for r in read_grids(path)["汇总"] if r and r[0]}
    assert summary["面谈逾期"] == 8 and summary["改进计划待复核"] == 1
