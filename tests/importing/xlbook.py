"""A small assessment workbook laid out by `xlkpi.workbook.layout`, for import tests.

Two positions:
- CS 客服专员 (sheet 客服专员): CS1 满意度/Satisfaction (actual), CS2 首次解决率/First-contact
  resolution (actual, %), CS3 服务态度/Attitude (rated by self/reviewer/approver);
- AG 呼叫中心坐席 (sheet 坐席): AG1 平均通话时长/Average talk time (actual, 秒),
  D2 纪律/Discipline (inputs late/early/absent).
Roster: E001 张三 (CS), E002 李四 (CS), A001 王五 (AG). Data sheets hold rows for E001 and
A001 only, so imports for E002 append a row.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from xlkpi.core.problems import Problem
from xlkpi.importing import ImportPlan, import_files
from xlkpi.workbook import layout

L = layout

POSITIONS = [("CS", "客服专员", "客服专员"), ("AG", "呼叫中心坐席", "坐席")]
INDICATORS = [
    # position, code, name, alt name, unit, scored by, input keys
    ("CS", "CS1", "满意度", "Satisfaction", "分", "actual", ["CS1"]),
    ("CS", "CS2", "首次解决率", "First-contact resolution", "%", "actual", ["CS2"]),
    (
        "CS",
        "CS3",
        "服务态度",
        "Attitude",
        "",
        "raters",
        ["CS3@self", "CS3@reviewer", "CS3@approver"],
    ),
    ("AG", "AG1", "平均通话时长", "Average talk time", "秒", "actual", ["AG1"]),
    ("AG", "D2", "纪律", "Discipline", "次", "actual", ["D2#late", "D2#early", "D2#absent"]),
]
INPUT_LABELS = {"late": "迟到", "early": "早退", "absent": "旷工"}
ROSTER = [
    ("E001", "张三", "客服一部", "A组", "客服专员", 8000),
    ("E002", "李四", "客服一部", "B组", "CS", 6000),
    ("A001", "王五", "呼叫中心", "夜班", "呼叫中心坐席", 5000),
]
DATA_ROWS = {"客服专员": [("E001", "张三")], "坐席": [("A001", "王五")]}


def build_book(path: Path, lang: str = "zh") -> Path:
    """Write the workbook described above; sheet names and labels in `lang`."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet(L.sheet_name("settings", lang))
    ws.write_row(0, 0, [lab(lang) for lab in L.SETTINGS_HEADER])
    for r, s in enumerate(L.SETTINGS, 1):
        value = L.CHOICES["lang"][lang](lang) if s.key == "lang" else s.default
        ws.write_row(r, 0, [s.label(lang), value if value is not None else ""])

    ws = wb.add_worksheet(L.sheet_name("positions", lang))
    ws.write_row(0, 0, [c.label(lang) for c in L.TABLES["positions"].columns])
    for r, (code, name, sheet) in enumerate(POSITIONS, 1):
        ws.write_row(r, 0, [code, name, sheet])

    ws = wb.add_worksheet(L.sheet_name("indicators", lang))
    cols = [c.key for c in L.TABLES["indicators"].columns]
    ws.write_row(0, 0, [c.label(lang) for c in L.TABLES["indicators"].columns])
    for r, (pos, code, name, alt, unit, by, _) in enumerate(INDICATORS, 1):
        rec = {
            "position": pos,
            "code": code,
            "name": name,
            "name_alt": alt,
            "unit": unit,
            "weight": 0.2,
            "scale": 100,
            "scored_by": by,
        }
        ws.write_row(r, 0, [rec.get(k, "") for k in cols])

    ws = wb.add_worksheet(L.sheet_name("roster", lang))
    ws.write_row(0, 0, [c.label(lang) for c in L.TABLES["roster"].columns])
    for r, rec in enumerate(ROSTER, 1):
        ws.write_row(r, 0, rec)

    for code, name, sheet in POSITIONS:
        ws = wb.add_worksheet(sheet)
        keys = ["id", "name"]
        headers = ["工号", "姓名"]
        for pos, _, _, _, _, _, inputs in INDICATORS:
            if pos != code:
                continue
            for k in inputs:
                keys.append(k)
                dk = L.parse_data_key(k)
                if dk.rater is not None:
                    headers.append(L.RATER_LABELS[dk.rater](lang))
                elif dk.input:
                    headers.append(INPUT_LABELS[dk.input])
                else:
                    headers.append(L.ACTUAL_LABEL(lang))
        keys += ["total", "rank", "grade"]
        headers += ["总分", "排名", "等级"]
        ws.write(L.TITLE_ROW, 0, name)
        ws.write_row(L.HEADER_ROW, 0, headers)
        ws.write_row(L.KEY_ROW, 0, keys)
        for r, (emp, ename) in enumerate(DATA_ROWS[sheet], L.FIRST_DATA_ROW):
            ws.write_row(r, 0, [emp, ename])
    wb.close()
    return path


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """The small Chinese assessment workbook, fresh for each test."""
    return build_book(tmp_path / "book.xlsx")


@pytest.fixture
def book_en(tmp_path: Path) -> Path:
    """The same workbook in English."""
    return build_book(tmp_path / "book-en.xlsx", "en")


def digest(path: Path) -> str:
    """The workbook's bytes, to tell that a refused import left it as it was."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_csv(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    """An export file holding `text` in `encoding` (UTF-8 with a BOM, as Excel writes)."""
    path.write_bytes(text.encode(encoding))
    return path


def imported(book: Path, files: list[Path], **options: Any) -> ImportPlan:
    """Import `files`, which must succeed; the problems are the message when it fails."""
    plan = import_files(book, files, **options)
    assert plan.ok, [p.render() for p in plan.problems]
    return plan


def refused(book: str | os.PathLike[str], files: list[Path], **options: Any) -> ImportPlan:
    """Import `files`, which must be refused, writing nothing and leaving the workbook's
    bytes as they were."""
    before = digest(Path(book))
    plan = import_files(book, files, **options)
    assert not plan.ok and not plan.blocks
    assert digest(Path(book)) == before
    return plan


def the_error(book: Path, files: list[Path], **options: Any) -> Problem:
    """The one error of a refused import."""
    [error] = refused(book, files, **options).problems.errors
    return error
