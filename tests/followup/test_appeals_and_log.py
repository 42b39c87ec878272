"""One month after the results, on a real .xlsx through the real reader and writer:
an upheld appeal moves a grade and a bonus and pushes someone else out of a quota, a late
appeal is flagged, and the change log records both changes with their reasons; editing
the log makes the next Calculate refuse, naming the row. See fu_book.py for the numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import fu_book
import pytest

from xlkpi.cli.main import main
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.workbook.calculate import calculate

D = dt.date
RESULTS_DAY = D(2026, 9, 30)  # Wed: results published; 1–7 Oct is the National Day holiday
# Appeal window: 2 working days after 30 Sep → Thu 8, Fri 9 Oct. Answer: 3 working days
# after Fri 9 Oct → Sat 10 Oct (make-up working day), Mon 12, Tue 13 Oct.
UPHELD = {
    "id": "P02",
    "name": "员工02",
    "received_on": D(2026, 10, 9),  # the last day of the window: on time
    "reason": "质检抽样有误",
    "reviewer": "考核小组",
    "decision": "成立",
    "decided_on": D(2026, 10, 12),
    "points": 4,
    "change_reason": "复核质检录音，扣分不成立",
}
LATE = {
    "id": "P10",
    "name": "员工10",
    "received_on": D(2026, 10, 10),  # the make-up Saturday: one working day too late
    "reason": "不认可",
    "decision": "不成立",
    "decided_on": D(2026, 10, 12),
}
NOW = dt.datetime(2026, 10, 12, 17, 30)


def _people(path):
    grid = read_grids(path)[fu_book.DATA_SHEET]
    keys = grid[3]
    return {row[0]: dict(zip(keys, row, strict=True)) for row in grid[4:] if row[0]}


def _log(path):
    grid = read_grids(path)["变更记录"]
    return [row for row in grid[3:] if any(v not in (None, "") for v in row)]


def _calc(path, now=NOW):
    return calculate(XlsxBook(path), now=now)


@pytest.fixture
def month(tmp_path):
    """The workbook after the first Calculate of the month (no appeal yet)."""
    path = fu_book.save(tmp_path / "2026-09.xlsx", fu_book.grids())
    first = _calc(path, dt.datetime(2026, 9, 30, 18, 0))
    assert first.ok and first.written, [p.message_en for p in first.problems]
    return path


def _with_appeals(path, appeals):
    """HR keys the appeals into the Appeals sheet (rows from row 4 on)."""
    import openpyxl  # the test plays HR typing into Excel

    wb = openpyxl.load_workbook(path)
    ws = wb["申诉"]
    from xlkpi.followup import layout as fl

    keys = [c.key for c in fl.TABLES["appeals"].columns]
    for i, appeal in enumerate(appeals):
        for key, value in appeal.items():
            ws.cell(row=4 + i, column=keys.index(key) + 1, value=value)
    wb.save(path)


def test_before_the_appeal_hand_worked(month):
    people = _people(month)
    assert people["P01"]["grade"] == "S" and people["P01"]["bonus"] == 2000
    assert people["P02"]["grade"] == "A" and people["P02"]["bonus"] == 1500
    log = _log(month)
    assert log[0][14] == "计算：10人有变化" and all(r[14] == "首次计算" for r in log[1:])


def _sheet_xml(path, name):
    """The XML of worksheet `name`, as written."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        book = z.read("xl/workbook.xml").decode()
        sheet = re.search(rf'<sheet [^>]*name="{name}"[^>]*>', book).group(0)
        rid = re.search(r'r:id="([^"]+)"', sheet).group(1)
        rel = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*>', rels).group(0)
        target = re.search(r'Target="([^"]+)"', rel).group(1)
        return z.read("xl/" + target.lstrip("/").removeprefix("xl/")).decode()


def test_blank_log_cells_are_written_as_no_cell_and_the_chain_still_holds(month):
    import re

    xml = _sheet_xml(month, "变更记录")
    row6 = re.search(r'<row r="6".*?</row>', xml).group(0)  # P02, first Calculate
    assert 'r="E6"' in row6 and 'r="G6"' not in row6  # no "before" yet: no cell at all
    assert "<t></t>" not in xml and "<t/>" not in xml
    # the next Calculate reads the blanks back as "" and the check values hold
    again = _calc(month)
    assert again.ok and not [p for p in again.problems if p.code == "changelog.edited"]


def test_an_empty_interview_status_is_no_cell(tmp_path):
    """Without a results date no deadline runs: the status of every interview is empty."""
    path = fu_book.save(tmp_path / "m.xlsx", fu_book.grids(results_date=None))
    assert _calc(path).written
    xml = _sheet_xml(path, "面谈与改进")
    assert "P01" in xml and "<t></t>" not in xml


def test_upheld_appeal_flows_through_and_moves_someone_else(month):
    _with_appeals(month, [UPHELD, LATE])
    out = _calc(month)
    assert out.ok and out.written, [
        p.message_en for p in out.problems if p.severity.value == "error"
    ]
    people = _people(month)
    # P02: 89 + 4 = 93, now first: the one S place (10% of 10) and ¥2,000.
    assert people["P02"]["total"] == 93 and people["P02"]["rank"] == 1
    assert people["P02"]["grade"] == "S" and people["P02"]["bonus"] == 2000
    assert people["P02"]["adjustment"] == 4
    # P01 keeps 92 but loses the S place to P02: A and ¥1,500.
    assert people["P01"]["total"] == 92 and people["P01"]["grade"] == "A"
    assert people["P01"]["bonus"] == 1500
    # The pool still adds up to the cent.
    paid = sum(Decimal(str(p["bonus"])) for p in people.values())
    assert paid == Decimal("12000")
    # Knock-on: P01 is listed so HR tells them too; P02 (the appellant) is not.
    knock = [p for p in out.problems if p.code == "appeal.knock_on"]
    assert [(p.where[0].sheet, p.where[0].cell) for p in knock] == [("人员", "A4")]  # P01
    assert "P02" in knock[0].message_zh and "S→A" in knock[0].message_zh
    # The late appeal is flagged, naming its cell; the on-time one is not.
    [late] = [p for p in out.problems if p.code == "appeal.late"]
    assert late.where[0].sheet == "申诉" and late.where[0].cell == "D5"
    assert "2026-10-09" in late.message_en
    appeals = read_grids(month)["申诉"]
    assert appeals[3][4] == D(2026, 10, 9) and appeals[3][5] == "是"
    assert appeals[4][5] == "否"
    assert appeals[3][10] == D(2026, 10, 13)  # answer due, across the make-up Saturday
    assert "调休上班日" in appeals[3][13]
    # The change log shows both changes, with their reasons.
    run2 = [r for r in _log(month) if r[0] == "2"]
    assert run2[0][14] == "计算：2人有变化"
    rows = {r[4]: r for r in run2[1:]}
    assert set(rows) == {"P01", "P02"}
    assert rows["P02"][6:14] == ["89.00", "93.00", "2", "1", "A", "S", "1500.00", "2000.00"]
    assert rows["P02"][14] == "申诉成立：复核质检录音，扣分不成立"
    assert rows["P01"][6:14] == ["92.00", "92.00", "1", "2", "S", "A", "2000.00", "1500.00"]
    assert rows["P01"][14] == "因P02的申诉改分，强制分布名额变化：等级S→A"
    # The Summary counts follow-up items.
    summary = {r[0]: r for r in read_grids(month)["汇总"] if r and r[0]}
    assert summary["逾期提出的申诉"][1] == 1
    assert summary["受他人申诉影响的人"][1] == 1


def test_history_prints_the_log(month, capsys):
    _with_appeals(month, [UPHELD])
    assert _calc(month).ok
    assert main(["history", str(month), "P01"]) == 0
    out = capsys.readouterr().out
    assert "第2次计算" in out
    assert "等级 S→A" in out and "奖金 2000.00→1500.00" in out
    assert "因P02的申诉改分" in out


def test_an_edited_log_row_makes_the_next_calculate_refuse(month):
    import openpyxl

    wb = openpyxl.load_workbook(month)
    ws = wb["变更记录"]
    assert ws["H6"].value == "89.00"  # P02's total after the first run (row 6)
    ws["H6"].value = "99.00"
    wb.save(month)
    out = _calc(month)
    assert not out.ok
    [edited] = [p for p in out.problems if p.code == "changelog.edited"]
    assert edited.where[0].sheet == "变更记录" and edited.where[0].cell == "P6"
    assert "row 6" in edited.message_en and "第6行" in edited.message_zh
    # Nothing was appended to the log, and no results are shown.
    assert [r[0] for r in _log(month)].count("2") == 0
    assert all(p["total"] is None for p in _people(month).values())
    assert main(["history", str(month)]) == 2


def test_sheets_added_to_an_older_workbook_are_protected_with_their_columns_open(month):
    import openpyxl

    wb = openpyxl.load_workbook(month)
    interviews, log = wb["面谈与改进"], wb["变更记录"]
    assert interviews.protection.sheet and log.protection.sheet
    held_on, grade = interviews.column_dimensions["E"], interviews.column_dimensions["C"]
    assert held_on.protection.locked is False  # HR types the interview date here
    # Calculate's grey columns are open too: xlwings Lite cannot lift the protection
    assert grade.protection.locked is False
    assert interviews["A4"].value == "P01" and interviews["A4"].protection.locked is False
    assert not any(log.column_dimensions[c].protection.locked for c in "AHP")
    # The Appeals sheet the workbook already had is left as it was (not protected here).
    assert not wb["申诉"].protection.sheet


def test_a_bug_in_the_follow_up_part_is_an_internal_error_not_a_traceback(month, monkeypatch):
    from xlkpi.followup import run as fr

    def boom(book, read):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(fr, "prepare", boom)
    before = month.read_bytes()
    out = _calc(month)
    assert not out.ok and isinstance(out.exception, ZeroDivisionError)
    assert [p.code for p in out.problems.errors] == ["internal.error"]
    assert month.read_bytes() != before  # Issues says so; results are cleared, log untouched
    assert [r[0] for r in _log(month)].count("2") == 0
