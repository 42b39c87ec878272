"""The Roster and the data sheets' rows read a column at a time (`read.roster_columns`,
`data_sheets._usual_rows`) give what the row-by-row reading gives: the same employees,
contacts, entries and problems. They decline every sheet with a cell or row that needs a
message, which the row-by-row reading then reports in row order."""

from __future__ import annotations

import pytest
import wb_sample as sample
from memory_book import MemoryBook

from xlkpi.workbook import layout
from xlkpi.workbook.read import data_sheets, people, read_assessment

ROSTER = layout.sheet_name("roster", "zh")
HEADER = [
    "工号",
    "姓名",
    "部门",
    "班组",
    "岗位",
    "奖金基数",
    "电子邮箱",
    "直属上级工号",
    "附件密码",
]


def _people(*rows):
    """The sample book with these roster rows (each padded to the header's width)."""
    sheets = sample.build("zh")
    sheets[ROSTER] = [HEADER, *([*r, *[None] * (len(HEADER) - len(r))] for r in rows)]
    return sheets


PLAIN = [
    ("E1", "张三", "售后服务部", "一组", "CS", 1000),
    ("E2 ", " 李四", "售后服务部", None, "客服专员", "1,000", "li@example.com"),
    (" S1", "张三", None, "二组", "SUP", 1000.5, None, "E1", "pw"),
    ("S2", "钱七", "售后  服务部", "", "售后服务主管", "¥1000", "qian@", "王五"),
    ("E3", "王五", "售后服务部", "一组", "CS", 1000.0, "wang＠example.com"),
]


def _outcome(sheets, columns: bool, monkeypatch):
    with monkeypatch.context() as m:
        if not columns:
            m.setattr(people, "clean_roster", lambda found, positions: None)
            m.setattr(data_sheets, "_usual_rows", lambda place, grid, roster: None)
        out = read_assessment(MemoryBook(sheets))
    emps = list(map(repr, out.assessment.employees))  # (repr: -0.00 is not 0.00)
    return emps, [p.render() for p in out.problems], sorted(out.assessment.entries, key=repr)


def _spied(sheets, module, name: str) -> list:
    """(arguments, result) of each call of `module.name` while `sheets` are read."""
    calls = []
    real = getattr(module, name)

    def spy(*args):
        calls.append((args, real(*args)))
        return calls[-1][1]

    with pytest.MonkeyPatch.context() as m:
        m.setattr(module, name, spy)
        read_assessment(MemoryBook(sheets))
    return calls


def _read_alike(sheets, taken, expected: bool, monkeypatch) -> None:
    """`taken(sheets)` is `expected`, and the book reads alike either way."""
    assert taken(sheets) is expected
    assert _outcome(sheets, True, monkeypatch) == _outcome(sheets, False, monkeypatch)


def _taken(sheets) -> bool:
    """Whether the column-at-a-time reading takes this book's roster."""
    return _spied(sheets, people, "clean_roster")[0][1] is not None


@pytest.mark.parametrize(
    "rows",
    [
        PLAIN,
        # IDs full-width, with inner double spaces or a tab: parse_key folds them
        [("ＥＯ０１", "张三", "部", "组", "CS", 1), ("E  2", "李四", "部", "组", "CS", 2)],
        [("E\t1", "张三", "部", "组", "CS", 1), ("E2", "李四", "部", "组", "CS", 2)],
        # a whole base beside an equal float, text bases, ints only with a zero
        [("E1", "甲", "部", "组", "CS", 3), ("E2", "乙", "部", "组", "CS", 3.0)],
        [("E1", "甲", "部", "组", "CS", 0), ("E2", "乙", "部", "组", "CS", 2)],
    ],
)
def test_clean_rosters_read_as_row_by_row(rows, monkeypatch):
    _read_alike(_people(*rows), _taken, True, monkeypatch)


@pytest.mark.parametrize(
    "bad",
    [
        (None, "无工号", "部", "组", "CS", 1),  # a row without an ID, filled
        ("E1", "重复", "部", "组", "CS", 1),  # an ID listed twice
        ("E9", None, "部", "组", "CS", 1),  # a name left empty
        ("E9", 123, "部", "组", "CS", 1),  # a name that is a number
        ("E9", "某", "部", "组", "无此岗位", 1),  # an unknown position
        ("E9", "某", "部", "组", 7, 1),  # a position that is a number
        ("E9", "某", "#N/A", "组", "CS", 1),  # an Excel error
        ("#REF!", "某", "部", "组", "CS", 1),
        ("E9", "某", "部", "组", "CS", "一千"),  # a base that is no amount
        ("E9", "某", "部", "组", "CS", True),
        ("E9", "某", "部", "组", "CS", -0.0),  # a float zero (-0.0 and 0.0 read apart)
        (1009.0, "某", "部", "组", "CS", 1),  # an ID that is a number
    ],
)
def test_rosters_with_a_cell_to_report_are_read_row_by_row(bad, monkeypatch):
    sheets = _people(*PLAIN, bad, ("E8", "末", "部", "组", "CS", 0.0))
    _read_alike(sheets, _taken, False, monkeypatch)


def test_names_on_several_rows_name_no_manager(monkeypatch):
    """A manager given by a name that several rows carry stays unresolved (warned), as
    when contacts are added a row at a time."""
    sheets = _people(
        *PLAIN,
        ("E4", "张三", "部", "组", "CS", 1, None, "张三"),
        ("E5", "赵", "部", "组", "CS", 1, None, "王五"),  # (one row: E3)
    )
    assert _taken(sheets)
    problems = _outcome(sheets, True, monkeypatch)[1]
    assert problems == _outcome(sheets, False, monkeypatch)[1]
    assert "E4 张三: the manager '张三' is not another employee ID" in "\n".join(problems)
    assert "'王五'" not in "\n".join(problems)


CS_DATA = "客服专员数据"


def _cs_rows(*ids):
    """The sample book with these IDs down its CS data sheet (after its first rows)."""
    sheets = sample.build("zh")
    grid = sheets[CS_DATA]
    key = next(r for r, row in enumerate(grid) if row[0] == "id")
    body, blank = grid[key + 1 :], [None] * (len(grid[key]) - 1)
    grid[key + 1 :] = [
        [eid, *(body[i][1:] if i < len(body) else blank)] for i, eid in enumerate(ids)
    ]
    return sheets


def _rows_taken(sheets) -> bool:
    """Whether the CS data sheet's rows are found a column at a time."""
    calls = _spied(sheets, data_sheets, "_usual_rows")
    return {place.sheet: rows for (place, *_), rows in calls}[CS_DATA] is not None


@pytest.mark.parametrize("ids", [("E1", "E2", "E3"), (" E3", "Ｅ２", "E1 ")])
def test_usual_data_rows_read_as_row_by_row(ids, monkeypatch):
    _read_alike(_cs_rows(*ids), _rows_taken, True, monkeypatch)


@pytest.mark.parametrize(
    "ids",
    [
        ("E1", "E2", "E3", None),  # a row without an ID (with values)
        ("E1", "E2", "E1"),  # an ID twice
        ("E1", "E2", "E9"),  # not on the Roster
        ("E1", "E2", "S1"),  # of another position
        ("E1", "E2", 3.0),  # an ID that is a number
        ("E1", "E2", "#N/A"),
    ],
)
def test_unusual_data_rows_are_read_row_by_row(ids, monkeypatch):
    _read_alike(_cs_rows(*ids), _rows_taken, False, monkeypatch)
