"""Real-world cell values: each input class -> a value, or a message naming sheet and cell."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.core.problems import Problems, Source
from xlkpi.workbook import values
from xlkpi.workbook.contract.find import is_blank
from xlkpi.workbook.layout import Kind, Label

NUMBERS = [
    (90, 90.0),
    (90.5, 90.5),
    ("90", 90.0),
    (" 90 ", 90.0),
    ("\u00a090\u3000", 90.0),  # no-break and ideographic spaces around
    ("９０", 90.0),  # full-width digits
    ("９０．５", 90.5),
    ("90。5", 90.5),  # Chinese full stop typed as the decimal point
    ("－５", -5.0),  # full-width minus
    ("+6", 6.0),
    ("1,234.5", 1234.5),
    ("1，234", 1234.0),  # full-width thousands separator
    ("1e3", 1000.0),
    ("90分", 90.0),  # points written with 分
    ("90%", 0.9),  # a percent sign always means a fraction
    ("９０％", 0.9),
    (None, None),
    ("", None),
    ("   ", None),
    (Decimal("12.5"), 12.5),
]


@pytest.mark.parametrize(("raw", "expected"), NUMBERS)
def test_numbers(raw, expected):
    assert values.parse_number(raw) == expected


BAD_NUMBERS = [
    ("n/a", "value.not_number", "'n/a' is not a number"),
    ("90,5", "value.not_number", "a comma may only separate thousands"),
    ("1_000", "value.not_number", "is not a number"),
    ("nan", "value.not_number", "is not a number"),
    ("inf", "value.not_number", "is not a number"),
    ("#DIV/0!", "value.excel_error", "Excel error #DIV/0!"),
    ("#N/A", "value.excel_error", "Excel error #N/A"),
    ("#value!", "value.excel_error", "Excel error #VALUE!"),
    (True, "value.not_number", "TRUE/FALSE"),
    (dt.datetime(2026, 1, 5), "value.date", "is a date"),
    (dt.date(2026, 1, 5), "value.date", "is a date"),
    ("3:02", "value.duration", "is a duration"),  # no time unit on the column
]


@pytest.mark.parametrize(("raw", "code", "words"), BAD_NUMBERS)
def test_bad_numbers(raw, code, words):
    with pytest.raises(values.ValueIssue) as info:
        values.parse_number(raw)
    assert info.value.code == code
    assert words in info.value.message_en
    assert info.value.message_zh  # always bilingual


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("3:02", "s", 182.0),
        ("0:03:02", "秒", 182.0),
        ("1:30:00", "min", 90.0),
        (dt.time(0, 3, 2), "s", 182.0),
        (dt.timedelta(hours=26), "h", 26.0),
        ("182秒", "秒", 182.0),
        ("182 s", "s", 182.0),
    ],
)
def test_durations_and_units(raw, unit, expected):
    assert values.parse_number(raw, unit=unit) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, 1.0),
        (False, 0.0),
        ("是", 1.0),
        ("否", 0.0),
        ("√", 1.0),
        ("×", 0.0),
        ("yes", 1.0),
        ("N", 0.0),
        (2, 2.0),
    ],
)
def test_yes_no_for_requirement_checks(raw, expected):
    assert values.parse_number(raw, yes_no=True) == expected


PERCENTS = [
    (0.9, 0.9),  # a percent-formatted cell holds the fraction
    ("0.9", 0.9),
    ("90%", 0.9),
    ("９０％", 0.9),
    (" 90 % ", 0.9),
    (90, 0.9),  # percent points: above 1 means points
    ("90", 0.9),
    ("85.5", 0.855),
    (1, 1.0),  # exactly 1 is 100%
    (0, 0.0),
    ("105%", 1.05),  # with the sign, above 100% is fine
    (150, 1.5),
    (-0.05, -0.05),
    (-5, -0.05),
    (None, None),
]


@pytest.mark.parametrize(("raw", "expected"), PERCENTS)
def test_percents(raw, expected):
    assert values.parse_percent(raw) == pytest.approx(expected)


def test_percent_errors_are_named():
    with pytest.raises(values.ValueIssue) as info:
        values.parse_percent("ninety")
    assert "is not a percentage" in info.value.message_en
    assert "百分比" in info.value.message_zh


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("¥1,234.50", Decimal("1234.50")),
        ("￥1234.5", Decimal("1234.50")),
        ("1000元", Decimal("1000.00")),
        (1000, Decimal("1000.00")),
        (0.1 + 0.2, Decimal("0.30")),
        (2.675, Decimal("2.68")),
        ("(500)", Decimal("-500.00")),
        (None, None),
    ],
)
def test_money(raw, expected):
    assert values.parse_money(raw) == expected


def test_money_refuses_percent():
    with pytest.raises(values.ValueIssue):
        values.parse_money("10%")


def test_integer():
    assert values.parse_integer("3") == 3
    assert values.parse_integer(3.0) == 3
    with pytest.raises(values.ValueIssue) as info:
        values.parse_integer(2.5)
    assert "whole number" in info.value.message_en


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(2026, 11, 23, 10, 2), dt.date(2026, 11, 23)),
        (dt.date(2026, 11, 23), dt.date(2026, 11, 23)),
        (46349, dt.date(2026, 11, 23)),  # Excel serial number
        ("46349", dt.date(2026, 11, 23)),
        ("2026-11-23", dt.date(2026, 11, 23)),
        ("2026/11/23", dt.date(2026, 11, 23)),
        ("2026年11月23日", dt.date(2026, 11, 23)),
        ("２０２６－１１－２３", dt.date(2026, 11, 23)),
        (None, None),
    ],
)
def test_dates(raw, expected):
    assert values.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2026-13-45", "tomorrow", -3, True, "#REF!"])
def test_bad_dates(raw):
    with pytest.raises(values.ValueIssue):
        values.parse_date(raw)


def test_text_and_keys():
    assert values.parse_text(1001.0) == "1001"
    assert values.parse_text("  张三 ") == "张三"
    assert values.parse_text(dt.datetime(2026, 10, 1)) == "2026-10-01"
    assert values.parse_key("ＥＯ０１") == "EO01"
    assert values.parse_key(" E  01 ") == "E 01"
    assert values.parse_key(None) == ""
    with pytest.raises(values.ValueIssue):
        values.parse_text("#N/A")


def test_excel_error_recognition():
    class CellError:  # an adapter's error object whose str() is the code
        def __str__(self) -> str:
            return "#DIV/0!"

    assert values.excel_error(CellError()) == "#DIV/0!"
    assert values.excel_error("#NAME?") == "#NAME?"
    assert values.excel_error("#hashtag") is None
    assert values.excel_error(0.0) is None
    with pytest.raises(values.ValueIssue) as info:
        values.parse_number(CellError())
    assert info.value.code == "value.excel_error"


def test_cell_parser_names_sheet_and_cell():
    problems = Problems()
    cells = values.CellParser("Scores", problems)
    what = Label("考评", "Reviewer score")
    assert cells.parse("n/a", 6, 4, Kind.NUMBER, what) is None
    assert cells.parse("#DIV/0!", 7, 4, Kind.NUMBER, what) is None
    assert cells.parse(None, 8, 4, Kind.NUMBER, what, required=True) is None
    assert cells.parse("88", 9, 4, Kind.NUMBER, what) == 88.0
    rendered = [p.render("en") for p in problems]
    assert rendered[0] == "Scores!E7: Reviewer score: 'n/a' is not a number such as 85 or 85.5"
    assert rendered[1].startswith(
        "Scores!E8: Reviewer score: the cell shows the Excel error #DIV/0!"
    )
    assert rendered[2].startswith("Scores!E9: Reviewer score is required")
    assert problems.items[0].where == (Source("Scores", "E7"),)
    assert problems.items[0].render("zh") == "Scores!E7: 考评：“n/a”不是数字，如 85 或 85.5"
    assert len(problems) == 3 and problems.has_errors


def test_ambiguous_percent_is_warned_not_refused():
    problems = Problems()
    cells = values.CellParser("设置", problems)
    assert cells.parse(1.05, 3, 1, Kind.PERCENT, Label("权重", "Weight")) == pytest.approx(0.0105)
    assert not problems.has_errors
    [warning] = problems.warnings
    assert warning.code == "value.percent_ambiguous"
    assert warning.where == (Source("设置", "B4"),)
    assert "105%" not in warning.message_en and "150%" in warning.message_en


def test_pick_names_an_option_by_key_or_label_and_reports_anything_else():
    problems = Problems()
    cells = values.CellParser("面谈", problems)
    options = {"done": Label("已完成", "Done"), "open": Label("未完成", "Open")}
    what = Label("状态", "Status")
    assert cells.pick(" 已完成 ", 3, 2, options, what) == "done"
    assert cells.pick("Open", 4, 2, options, what) == "open"
    assert cells.pick(None, 5, 2, options, what) is None
    assert not problems.items
    assert cells.pick("maybe", 6, 2, options, what) is None
    (p,) = problems.items
    assert (p.code, p.where) == ("value.choice", (Source("面谈", "C7"),))
    assert "“maybe”不是可选项（已完成、未完成）" in p.message_zh
    assert "Done, Open" in p.message_en


def test_required_says_what_the_cell_should_hold_when_its_kind_is_known():
    problems = Problems()
    cells = values.CellParser("人员", problems)
    cells.required(1, 0, Label("工号", "Employee ID"))
    cells.required(1, 5, Label("基数", "Base"), Kind.MONEY)
    first, second = problems.items
    assert first.message_zh == "工号不能为空"
    assert first.message_en == "Employee ID is required but the cell is empty"
    assert first.where == (Source("人员", "A2"),)
    assert second.message_zh.startswith("基数不能为空（应为")
    assert "(expected " in second.message_en


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet="客服专员ＥＯ０１ 　\t\u00a0\u2028ﬁ①é\u0301Aa-_.", max_size=12),
    )
)
def test_parse_key_fast_path_equals_the_full_folding(text):
    """Every identifier is folded as if by NFKC and collapsing whitespace, fast path or not."""
    try:
        expected_text = values.parse_text(text)
    except values.ValueIssue:
        return  # an Excel error value: parse_key refuses it the same way
    expected = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", expected_text)).strip()
    assert values.parse_key(text) == expected


@pytest.mark.parametrize(
    ("value", "blank"),
    [
        (None, True),
        ("", True),
        ("  ", True),
        ("\t\n", True),
        ("\u3000", True),  # a full-width space alone
        ("\u00a0", True),
        (0, False),
        (0.0, False),
        (False, False),
        ("0", False),
        (" a ", False),
        ("#N/A", False),
        (dt.date(2026, 1, 1), False),
    ],
)
def test_one_is_blank_for_every_reader(value, blank):
    """Import, pay and the follow-up (values) and Calculate's read (the contract) ask the
    same question of a cell; one function answers it."""
    assert values.is_blank is is_blank
    assert is_blank(value) is blank
