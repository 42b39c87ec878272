"""What is wrong with a cell value (`ValueIssue`, in English and Chinese), what each kind
of column expects (xlkpi/words/workbook.toml [expected]), and the Excel error values that
are refused wherever they appear."""

from __future__ import annotations

import datetime as dt

from xlkpi import words
from xlkpi.workbook.layout import Kind, Label

ERROR_VALUES = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#EXTERNAL!",
        "#PYTHON!",
    }
)

EXPECTED: dict[Kind, Label] = {
    Kind(key): label for key, label in words.table("workbook", "expected").items()
}


class ValueIssue(ValueError):
    """A cell value that cannot be used. `code` is a stable identifier ("value.not_number");
    the messages say what was found and what was expected, without the place."""

    def __init__(self, code: str, message_en: str, message_zh: str):
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_zh = message_zh


def excel_error(value: object) -> str | None:
    """The Excel error code a cell shows ("#DIV/0!"), or None.

    Recognises error text (openpyxl, xlwings with err_to_str) and error objects whose
    str() is an error code (adapters that wrap them).
    """
    if value.__class__ is str:
        if "#" not in value:  # fast path: ordinary text
            return None
        text = value.strip().upper()
        return text if text in ERROR_VALUES else None
    if value is None or isinstance(value, int | float | dt.date | dt.time | dt.timedelta):
        return None
    text = str(value).strip().upper()
    return text if text in ERROR_VALUES else None


def show(value: object) -> str:
    """A cell value as a message quotes it: whole numbers without .0, long text cut."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M")
            if value.time() != dt.time()
            else value.strftime("%Y-%m-%d")
        )
    text = str(value).strip()
    return text if len(text) <= 40 else text[:37] + "..."


def refuse_error(value: object, kind: Kind) -> None:
    """Raise a ValueIssue naming the Excel error the value shows, if it shows one."""
    code = excel_error(value)
    if code is not None:
        exp = EXPECTED[kind]
        raise ValueIssue(
            "value.excel_error",
            f"the cell shows the Excel error {code}; fix the formula or the data it uses "
            f"(expected {exp.en})",
            f"单元格显示 Excel 错误 {code}；请修正公式或其引用的数据（应为{exp.zh}）",
        )


def not_number(value: object, kind: Kind, hint_en: str = "", hint_zh: str = "") -> ValueIssue:
    """The issue for a value that is not what a `kind` column takes, with an optional hint."""
    exp = EXPECTED[kind]
    return ValueIssue(
        "value.not_number",
        f"'{show(value)}' is not {exp.en}{hint_en}",
        f"“{show(value)}”不是{exp.zh}{hint_zh}",
    )
