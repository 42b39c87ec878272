"""Header cells as exports write them, and rows inside the data that are not people."""

from __future__ import annotations

import pytest

from xlkpi.importing.aliases import is_id_header, role_of
from xlkpi.importing.headers import header_cells, norm_key, parse_header, skip_reason
from xlkpi.importing.mapping import file_pattern
from xlkpi.workbook import values


@pytest.mark.parametrize(
    ("text", "name", "unit"),
    [
        ("平均响应时长(秒)", "平均响应时长", "秒"),
        ("平均响应时长（秒）", "平均响应时长", "秒"),
        ("一次解决率（%）", "一次解决率", "%"),
        ("一次解决率(％)", "一次解决率", "%"),
        ("AHT [s]", "AHT", "秒"),
        ("通话时长【分钟】", "通话时长", "分钟"),
        ("通话时长\n单位：分钟", "通话时长", "分钟"),
        ("培训时长（单位：小时）", "培训时长", "小时"),
        ("通话时长/min", "通话时长", "分钟"),
        ("一次解决率%", "一次解决率", "%"),
        ("工号：", "工号", ""),
        ("*姓名", "姓名", ""),
        ("满意度（自评）", "满意度（自评）", ""),  # a rater, not a unit: kept
        ("Customer satisfaction (1–5)", "Customer satisfaction (1–5)", ""),
    ],
)
def test_units_and_decorations_are_set_apart(text: str, name: str, unit: str) -> None:
    """A header's unit in brackets, after a slash or a colon is read apart from its name."""
    h = parse_header(text)
    assert (h.unit, norm_key(h.name)) == (unit, norm_key(name))


@pytest.mark.parametrize(
    "text",
    [
        "工号",
        "客服工号",
        "坐席工号",
        "座席号",
        "账号",
        "职工号",
        "员工编号",
        "ID",
        "Employee ID",
        "组内工号",
    ],
)
def test_employee_id_headers(text: str) -> None:
    """The spellings of the employee-id column that exports use."""
    assert is_id_header(parse_header(text).key)


@pytest.mark.parametrize("text", ["姓名", "员工姓名", "坐席姓名", "Name", "Agent name"])
def test_name_headers(text: str) -> None:
    """The spellings of the name column."""
    assert role_of(parse_header(text).key) == "name"


HEADERS = {
    "two rows below the id row": (
        [
            ["月报", None, None, None],
            ["工号", "姓名", "服务质量", None, "备注"],
            [None, None, "满意度", "解决率(%)", None],
            ["E1", "张三", 4.5, 90, ""],
        ],
        3,
        ["工号", "姓名", "服务质量 满意度", "服务质量 解决率(%)", "备注"],
    ),
    "a group row above the id row": (
        [
            ["基本信息", None, "服务过程", None],
            ["工号", "姓名", "自评", "考评"],
            ["E1", "甲", 1, 2],
        ],
        2,
        ["基本信息 工号", "基本信息 姓名", "服务过程 自评", "服务过程 考评"],
    ),
    "a title block of two cells is no group row": (
        [["2026年10月", "客服部"], ["工号", "姓名", "满意度"], ["E1", "甲", 4.5]],
        2,
        ["工号", "姓名", "满意度"],
    ),
    "a title is no header row": (
        [["客服绩效 2026年10月"], ["工号", "满意度"], ["E1", 4.5]],
        2,
        ["工号", "满意度"],
    ),
}


@pytest.mark.parametrize("case", list(HEADERS))
def test_header_rows(case: str) -> None:
    """The header's texts (two rows joined, title rows left out) and its first data row."""
    rows, first_data, texts = HEADERS[case]
    cells, first = header_cells(rows, 1, 0)
    assert (first, [c.text for c in cells]) == (first_data, texts)


def test_a_two_row_header_keeps_the_lower_row_s_unit() -> None:
    """The unit of a two-row header comes from the row naming it."""
    cells, _ = header_cells(HEADERS["two rows below the id row"][0], 1, 0)
    assert cells[3].unit == "%" and "解决率" in cells[3].match_keys()


@pytest.mark.parametrize(
    ("row", "why"),
    [
        (["合计", "", 12], "total"),
        (["", "总 计", 12], "total"),
        (["", "Total:", 12], "total"),
        (["小计", None, 3], "total"),
        (["平均", None, 3], "total"),
        (["工号", "姓名", "满意度"], "header"),
        (["E001", "张三", 4.5], None),
        (["E001", "平均分高", 4.5], None),
    ],
)
def test_rows_that_are_not_people(row: list, why: str | None) -> None:
    """Total, subtotal, average and repeated header rows are skipped; a name such as
    平均分高 is not."""
    assert skip_reason(row, 0, frozenset({"工号"}), (1,)) == why


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("工单导出_202610.csv", "工单导出_*.csv"),
        ("ticket-2026-10.xlsx", "ticket-*-*.xlsx"),
        ("人员.csv", "人员.csv"),
    ],
)
def test_file_patterns_cover_later_months(name: str, pattern: str) -> None:
    """A mapping row's file pattern matches next month's export of the same kind."""
    assert file_pattern(name) == pattern


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("65秒", "秒", 65),
        ("1分5秒", "秒", 65),
        ("1:05", "秒", 65),
        ("2分钟", "秒", 120),
        ("1小时30分", "分钟", 90),
        ("90秒", "分钟", 1.5),
        ("85分", "", 85),  # points, not minutes
        ("¥1,234.5", "", 1234.5),
        ("１２３４", "", 1234),
        ("93%", "", 0.93),
        ("９３％", "", 0.93),
    ],
)
def test_one_parser_reads_durations_money_and_full_width(
    text: str, unit: str, expected: float
) -> None:
    """Import reads durations, money and full-width digits with the workbook's one parser."""
    assert values.parse_number(text, unit=unit) == pytest.approx(expected)


def test_a_duration_where_the_unit_is_no_time_is_refused() -> None:
    """A duration is no number for a percent column."""
    with pytest.raises(values.ValueIssue, match="duration"):
        values.parse_number("1分5秒", unit="%")
