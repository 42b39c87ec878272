"""The roster's delivery columns: contacts read from the grid, and the warnings about them
naming their cells."""

from __future__ import annotations

from collections import Counter

import wb_sample as sample
from memory_book import MemoryBook

from xlkpi.core.problems import Problems, Source
from xlkpi.workbook import layout
from xlkpi.workbook.contacts import Contact, ContactReader, check_contacts, read_contacts
from xlkpi.workbook.read import read_assessment

COLUMNS = {"id": 0, "name": 1, "department": 2, "email": 3, "manager": 4, "password": 5}
GRID = [
    ["工号", "姓名", "部门", "邮箱", "直属上级", "密码"],
    ["E1", "张三", "客服", "zhang＠example.com ", "", "pw1"],
    [1002.0, "李四", "客服", "li@example", "张三", None],  # malformed; manager by name
    ["E3", "王五", "客服", None, "E3"],  # short row; no address; manages themself
    [None, "无工号", "客服", "x@example.com", "E1", ""],  # no ID: not a contact
    ["E1", "重复", "客服", "dup@example.com", "", ""],  # the first E1 wins
    ["E4", "赵六", "客服", "zhao@example.com", "E9", ""],  # unknown manager
]


def test_contacts_are_read_from_their_columns_and_rows():
    contacts = read_contacts("人员", 0, COLUMNS, GRID)
    assert list(contacts) == ["E1", "1002", "E3", "E4"]
    first, second, third = contacts["E1"], contacts["1002"], contacts["E3"]
    assert (first.name, first.email, first.password) == ("张三", "zhang@example.com", "pw1")
    assert second.manager == "E1"  # named by a unique name, kept as the ID
    assert (third.email, third.password) == ("", "")
    assert first.email_source == Source("人员", "D2")
    assert second.manager_source == Source("人员", "E3")
    assert third.password_source == Source("人员", "F4")
    assert "pw1" not in repr(first)


def test_a_roster_without_delivery_columns_names_only_the_sheet():
    contacts = read_contacts("人员", 0, {"id": 0, "name": 1}, GRID)
    assert contacts["E1"].email == ""
    assert contacts["E1"].email_source == Source("人员")
    assert Contact("E1", "", "", "", "").manager_source == Source()
    assert read_contacts("人员", 0, {"name": 1}, GRID) == {}


def test_warnings_name_each_cell_to_fix():
    problems = Problems()
    check_contacts(read_contacts("人员", 0, COLUMNS, GRID), problems)
    found = [(p.code, p.where) for p in problems.items]
    assert found == [
        ("contacts.email_malformed", (Source("人员", "D3"),)),
        ("contacts.email_missing", (Source("人员", "D4"),)),
        ("contacts.manager_unknown", (Source("人员", "E4"),)),
        ("contacts.manager_unknown", (Source("人员", "E7"),)),
    ]
    assert problems.items[0].message_zh.startswith("1002 李四：“li@example”不是有效的电子邮箱")


def test_the_reader_checks_as_check_contacts_does_on_its_contacts():
    """Calculate checks the rows it added (`ContactReader.check`, which makes a Contact only
    for a row it warns about): the same warnings as `check_contacts` of its contacts."""
    more = [
        ["E5", "钱七", "客服", "qian@example.com", "赵六", ""],  # manager by name: fine
        ["E6", "孙八", "客服", "sun@example.com", "李四", ""],  # 李四 names two rows (E7)
        ["E7", "李四", "客服", "", "E7", ""],  # manages themself
    ]
    no_mail = [r[:3] for r in GRID]  # no address anywhere: no address is missing
    # nor here, but managers are named (E3 manages themself, E9 is unknown)
    managers = [[*r[:3], None, *r[4:5]] for r in GRID]
    for grid, warned in ((GRID, 4), ([*GRID, *more], 7), (no_mail, 0), (managers, 2)):
        reader = ContactReader("人员", COLUMNS)
        for r in range(1, len(grid)):
            reader.add(r, dict(zip(COLUMNS, grid[r], strict=False)))
        checked, expected = Problems(), Problems()
        reader.check(checked)
        check_contacts(reader.contacts(), expected)
        assert [(p.render(), p.where) for p in checked.items] == [
            (p.render(), p.where) for p in expected.items
        ]
        assert len(checked.items) == warned


def test_a_manager_named_above_their_row_is_resolved_and_a_shared_name_is_not():
    grid = [
        ["工号", "姓名", "直属上级"],
        ["E1", "张三", "王五"],  # 王五 is listed below
        ["E2", "李四", "李四"],  # two rows are named 李四: kept as written
        ["E3", "李四", ""],
        ["E4", "王五", ""],
        ["E4", "王五", ""],  # the same ID again still names 王五 twice
        ["E5", "赵六", "王五"],
    ]
    contacts = read_contacts("人员", 0, {"id": 0, "name": 1, "manager": 2}, grid[:5])
    assert {k: c.manager for k, c in contacts.items()} == {
        "E1": "E4",
        "E2": "李四",
        "E3": "",
        "E4": "",
    }
    contacts = read_contacts("人员", 0, {"id": 0, "name": 1, "manager": 2}, grid)
    assert contacts["E1"].manager == contacts["E5"].manager == "王五"


class _CountingGrid(list):
    """A grid that counts how often each row is looked up (alone or in a slice)."""

    def __init__(self, rows):
        super().__init__(rows)
        self.reads: Counter[int] = Counter()

    def __getitem__(self, i):
        if isinstance(i, int):
            self.reads[i] += 1
        elif i.start:  # the people's rows at once (the roster read a column at a time);
            # not the first rows, which the header search looks through
            self.reads.update(range(len(self))[i])
        return super().__getitem__(i)


def test_calculate_reads_each_roster_row_once_for_people_and_contacts():
    """The roster is read in one walk: its people and their contacts from the same rows."""
    roster = layout.sheet_name("roster", "zh")
    grids: dict[str, _CountingGrid] = {}

    class Book(MemoryBook):
        def read_grid(self, sheet):
            grid = super().read_grid(sheet)
            if sheet == roster:
                grid = grids.setdefault(sheet, _CountingGrid(grid))
            return grid

    sheets = sample.build("zh")
    outcome = read_assessment(Book(sheets))
    assert len(outcome.assessment.employees) == len(sample.ROSTER)
    header = next(r for r, row in enumerate(sheets[roster]) if row and row[0] == "工号")
    people = range(header + 1, len(sheets[roster]))
    assert {r: grids[roster].reads[r] for r in people} == dict.fromkeys(people, 1)


def test_add_rows_is_add_of_each_row():
    """Rows added a column at a time give the contacts (and the managers named by a name
    on one row only) that adding each row gives, after rows added one at a time too."""
    columns = {"id": 0, "name": 1, "email": 2, "manager": 3, "password": 4}
    before = [(1, "E1", "张三", "a@example.com", None, None), (2, "E2", "李四", None, "王五", "p")]
    rows = [
        (3, "E3", "王五", "c@example.com", "张三", None),
        (4, "E1", "赵六", None, None, None),  # E1 again: its first row wins
        (5, "E4", "李四", None, "王五", None),  # a second 李四: the name names no one
        (6, "E5", "孙七", None, "李四", None),
    ]
    one, many = ContactReader("人员", columns), ContactReader("人员", columns)
    for r, *values in before + rows:
        one.add(r, dict(zip(columns, values, strict=True)))
    for r, *values in before:
        many.add(r, dict(zip(columns, values, strict=True)))
    many.add_rows(*zip(*rows, strict=True))
    assert one.contacts() == many.contacts()
    assert many.contacts()["E5"].manager == "李四"  # (not resolved: two rows so named)
    assert many.contacts()["E3"].manager == "E1"
