"""Cell values as people really type them, parsed for the engine without a traceback.

Every `parse_*` function takes one raw cell value (what a BookReader returns: None, str,
float, int, bool, date/datetime/time/timedelta, or an Excel error) and returns the parsed
value, or None for a blank cell, or raises `ValueIssue` saying what is wrong and what was
expected, in English and Chinese. `CellParser` binds a sheet and a `Problems` collection
and turns each `ValueIssue` into a Problem naming the sheet and cell.

What is accepted (the rules are also in docs/workbook.md):

- numbers typed as text: "90", " 90 ", "+90", "-5", "1e3"; full-width digits and signs
  ("９０", "－５"); "。" or "．" as a decimal point ("90。5" is 90.5);
- thousands separators in either width ("1,234.5", "1，234"), but only in proper groups of
  three: "90,5" is refused (a decimal comma or a typo, never guessed);
- a trailing "分" / "pts" on points, "¥"/"￥"/"元" on money, and the column's own unit
  ("182秒" where the unit is 秒);
- percentages: "90%" and "９０％" are 0.9 everywhere. In a PERCENT column a plain number
  is a fraction when its absolute value is at most 1 (0.9 → 90%, 1 → 100%) and percent
  points above 1 (90 → 90%). Numbers just above 1 (up to 2) are read as percent points
  and warned about, since 1.05 may have been meant as 105%;
- durations ("3:02", "0:03:02", "65秒", "1分5秒", "2分钟", "1小时30分", or an Excel time)
  where the column's unit is seconds, minutes or hours, converted to that unit;
- Excel error values (#DIV/0!, #N/A, #VALUE!, ...) are refused with the error named.
  python-calamine 0.9 reads error cells as "" (the same as blank); openpyxl, xlwings
  (err_to_str) and the io reader give the error text, which is what is recognised here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import a1
from xlkpi.workbook import layout
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
    Kind.NUMBER: Label("数字，如 85 或 85.5", "a number such as 85 or 85.5"),
    Kind.PERCENT: Label("百分比，如 90%、0.9 或 90", "a percentage such as 90%, 0.9 or 90"),
    Kind.MONEY: Label("金额，如 1234.50", "an amount such as 1234.50"),
    Kind.INTEGER: Label("整数，如 3", "a whole number such as 3"),
    Kind.DATE: Label("日期，如 2026-11-23", "a date such as 2026-11-23"),
    Kind.TEXT: Label("文字", "text"),
    Kind.CHOICE: Label("下拉选项之一", "one of the drop-down choices"),
}

#: a plain number in a PERCENT column above 1 and up to this is read as percent points,
#: with a warning (1.05 may have been meant as 105%)
PERCENT_AMBIGUOUS_UP_TO = 2.0

PERCENT_UNITS = frozenset({"%", "％", "percent", "pct", "百分比", "百分率"})
_SECONDS = frozenset({"s", "sec", "secs", "second", "seconds", "秒", "秒钟"})
_MINUTES = frozenset({"min", "mins", "minute", "minutes", "分钟"})
_HOURS = frozenset({"h", "hr", "hrs", "hour", "hours", "小时"})
_POINT_WORDS = ("分", "pts", "pt", "points", "point")
_MONEY_MARKS = ("¥", "元", "rmb", "cny", "$")
_YES = frozenset({"是", "yes", "y", "true", "√", "✓", "✔", "达成", "满足", "1"})
_NO = frozenset({"否", "no", "n", "false", "×", "✗", "✘", "x", "未达成", "不满足", "0"})

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31

_NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?")
_GROUPED_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_DURATION_RE = re.compile(r"(?:(\d+):)?(\d{1,3}):(\d{1,2}(?:\.\d+)?)")
# "65秒", "1分5秒", "2分钟", "1小时30分", "1h5min": a duration in words. "85分" alone is
# points, not minutes, so 分 counts as minutes only beside hours or seconds.
_NUM = r"(\d+(?:\.\d+)?)"
_WORDED_DURATION_RE = re.compile(
    rf"(?:{_NUM}(小时|hours?|hrs?|h))?(?:{_NUM}(分钟|分|minutes?|mins?))?(?:{_NUM}(秒钟|秒|seconds?|secs?|s))?"
)
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_TEXT_FOLD = str.maketrans({"。": ".", "．": ".", "，": ",", "、": ",", "−": "-", "－": "-"})


class ValueIssue(ValueError):
    """A cell value that cannot be used. `code` is a stable identifier ("value.not_number");
    the messages say what was found and what was expected, without the place."""

    def __init__(self, code: str, message_en: str, message_zh: str):
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_zh = message_zh


@dataclass(frozen=True)
class Parsed:
    """A value parsed from text or a number, with how it was written (for warnings)."""

    value: float
    percent_sign: bool = False


def is_blank(value: object) -> bool:
    """None, "" and whitespace-only text are blank."""
    return value is None or (isinstance(value, str) and not value.strip())


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


def _show(value: object) -> str:
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


def _refuse_error(value: object, kind: Kind) -> None:
    code = excel_error(value)
    if code is not None:
        exp = EXPECTED[kind]
        raise ValueIssue(
            "value.excel_error",
            f"the cell shows the Excel error {code}; fix the formula or the data it uses "
            f"(expected {exp.en})",
            f"单元格显示 Excel 错误 {code}；请修正公式或其引用的数据（应为{exp.zh}）",
        )


def _not_number(value: object, kind: Kind, hint_en: str = "", hint_zh: str = "") -> ValueIssue:
    exp = EXPECTED[kind]
    return ValueIssue(
        "value.not_number",
        f"'{_show(value)}' is not {exp.en}{hint_en}",
        f"“{_show(value)}”不是{exp.zh}{hint_zh}",
    )


def fold_text(text: str) -> str:
    """NFKC (full-width → half-width), Chinese decimal points and commas folded, no spaces."""
    s = unicodedata.normalize("NFKC", text).translate(_TEXT_FOLD)
    return re.sub(r"\s+", "", s)


def _unit_seconds(unit: str) -> float | None:
    u = unicodedata.normalize("NFKC", unit).strip().casefold()
    if u in _SECONDS:
        return 1.0
    if u in _MINUTES:
        return 60.0
    if u in _HOURS:
        return 3600.0
    return None


def _duration(seconds: float, value: object, unit: str, kind: Kind) -> float:
    per = _unit_seconds(unit)
    if per is None:
        exp = EXPECTED[kind]
        raise ValueIssue(
            "value.duration",
            f"'{_show(value)}' is a duration, but this column's unit is not seconds, minutes "
            f"or hours (expected {exp.en})",
            f"“{_show(value)}”是时长，但本列的单位不是秒、分钟或小时（应为{exp.zh}）",
        )
    return seconds / per


def _strip_suffix(s: str, words: tuple[str, ...] | frozenset[str]) -> str:
    low = s.casefold()
    for w in sorted(words, key=len, reverse=True):
        if w and low.endswith(w.casefold()) and len(s) > len(w):
            return s[: len(s) - len(w)]
    return s


def parse_numeric_text(text: str, kind: Kind = Kind.NUMBER, *, unit: str = "") -> Parsed:
    """A number typed as text. See the module docstring for what is accepted.

    Args:
        text: the cell text.
        kind: the column's kind, for messages and money marks.
        unit: the column's unit, accepted after the number and used for durations.
    Returns:
        The number (percent text already divided by 100) and whether it had a % sign.
    Raises:
        ValueIssue: the text is not a number.
    """
    s = fold_text(text)
    if not s:
        raise _not_number(text, kind)
    m = _DURATION_RE.fullmatch(s)
    if m:
        h, mi, se = m.groups()
        seconds = (int(h) if h else 0) * 3600 + int(mi) * 60 + float(se)
        return Parsed(_duration(seconds, text, unit, kind))
    seconds_ = _worded_duration(s)
    if seconds_ is not None:
        return Parsed(_duration(seconds_, text, unit, kind))
    negative_paren = s.startswith("(") and s.endswith(")")
    if negative_paren:
        s = s[1:-1]
    for mark in _MONEY_MARKS:
        if s.casefold().startswith(mark):
            s = s[len(mark) :]
    suffixes = set(_POINT_WORDS) | set(_MONEY_MARKS)
    if unit and unit.strip() not in PERCENT_UNITS:
        suffixes.add(unicodedata.normalize("NFKC", unit).strip())
    s = _strip_suffix(s, frozenset(suffixes))
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if "," in s:
        if not _GROUPED_RE.fullmatch(s):
            raise _not_number(
                text,
                kind,
                ": a comma may only separate thousands (1,234.5); use '.' for decimals",
                "：逗号只能用作千位分隔（1,234.5），小数点请用“.”",
            )
        s = s.replace(",", "")
    if not _NUMBER_RE.fullmatch(s.casefold()):
        raise _not_number(text, kind)
    value = float(s)
    if not math.isfinite(value):
        raise _not_number(text, kind)
    if negative_paren:
        value = -value
    return Parsed(value / 100 if percent else value, percent)


def _worded_duration(s: str) -> float | None:
    """Seconds of a duration written with unit words ("1分5秒"), or None for other text."""
    m = _WORDED_DURATION_RE.fullmatch(s.casefold())
    if m is None or not any(m.groups()):
        return None
    h, _, mi, mi_word, se, _ = m.groups()
    if mi_word == "分" and h is None and se is None:
        return None  # "85分": points
    return float(h or 0) * 3600 + float(mi or 0) * 60 + float(se or 0)


def _number_like(value: object, kind: Kind, unit: str, yes_no: bool) -> Parsed | None:
    """The shared part of number, percent, money and integer parsing."""
    if value is None:
        return None
    cls = value.__class__
    if cls is float or cls is int:
        if not math.isfinite(value):  # type: ignore[arg-type]
            raise _not_number(value, kind)
        return Parsed(float(value))  # type: ignore[arg-type]
    if isinstance(value, bool):
        if yes_no:
            return Parsed(1.0 if value else 0.0)
        raise _not_number(value, kind, " (a TRUE/FALSE value)", "（这是逻辑值 TRUE/FALSE）")
    if isinstance(value, str):
        if not value.strip():
            return None
        _refuse_error(value, kind)
        if yes_no:
            word = unicodedata.normalize("NFKC", value).strip().casefold()
            if word in _YES:
                return Parsed(1.0)
            if word in _NO:
                return Parsed(0.0)
        return parse_numeric_text(value, kind, unit=unit)
    if isinstance(value, dt.datetime | dt.date):
        exp = EXPECTED[kind]
        raise ValueIssue(
            "value.date",
            f"'{_show(value)}' is a date, expected {exp.en}; Excel may have turned what was "
            "typed into a date: format the cell as Number and type the value again",
            f"“{_show(value)}”是日期，应为{exp.zh}；Excel 可能把输入的内容当成了日期："
            "请把单元格格式设为“数值”后重新输入",
        )
    if isinstance(value, dt.timedelta):
        return Parsed(_duration(value.total_seconds(), value, unit, kind))
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return Parsed(_duration(seconds, value, unit, kind))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _not_number(value, kind)
        return Parsed(float(value))
    _refuse_error(value, kind)
    raise _not_number(value, kind)


def parse_number(value: object, *, unit: str = "", yes_no: bool = False) -> float | None:
    """A number; None for a blank cell.

    Args:
        value: the raw cell value.
        unit: the column's unit (accepted after the number; durations are converted to it).
        yes_no: accept TRUE/FALSE and 是/否, √/× as 1/0 (requirement checks).
    Raises:
        ValueIssue: not a number.
    """
    parsed = _number_like(value, Kind.NUMBER, unit, yes_no)
    return None if parsed is None else parsed.value


def percent_from_plain(number: float) -> float:
    """A plain number in a PERCENT column: a fraction up to 1 in size, percent points above."""
    return number if -1.0 <= number <= 1.0 else number / 100.0


def parse_percent(value: object) -> float | None:
    """A percentage as a fraction (0.9 for 90%); None for a blank cell.

    "90%" is 0.9; a plain 0.9 is 0.9; a plain 90 is 0.9 (see `percent_from_plain`).
    Raises:
        ValueIssue: not a percentage.
    """
    parsed = _number_like(value, Kind.PERCENT, "", False)
    if parsed is None:
        return None
    return parsed.value if parsed.percent_sign else percent_from_plain(parsed.value)


def is_ambiguous_percent(value: object) -> bool:
    """True for a plain number in (1, 2]: read as percent points, but maybe meant as 105%."""
    if value.__class__ is float or value.__class__ is int:
        return 1.0 < abs(value) <= PERCENT_AMBIGUOUS_UP_TO  # type: ignore[operator]
    if isinstance(value, str) and "%" not in value and "％" not in value:
        try:
            parsed = parse_numeric_text(value, Kind.PERCENT)
        except ValueIssue:
            return False
        return 1.0 < abs(parsed.value) <= PERCENT_AMBIGUOUS_UP_TO
    return False


_CENT = Decimal("0.01")
#: Largest amount of money accepted in a cell (a thousand trillion): beyond it no pay or
#: bonus is meant, and cent arithmetic would leave Decimal's 28-digit precision.
MAX_MONEY = 10**15


def _too_large(value: object) -> ValueIssue:
    return ValueIssue(
        "value.too_large",
        f"'{_show(value)}' is too large for an amount of money (at most {MAX_MONEY:,})",
        f"“{_show(value)}”作为金额过大（最多 {MAX_MONEY:,}）",
    )


def parse_money(value: object) -> Decimal | None:
    """An amount rounded half up to the cent; None for a blank cell.

    Accepts ¥/￥/元 and thousands separators. Raises ValueIssue when not an amount, or
    beyond ±MAX_MONEY.
    """
    if isinstance(value, Decimal) and value.is_finite():
        if abs(value) > MAX_MONEY:
            raise _too_large(value)
        return value.quantize(_CENT, rounding=ROUND_HALF_UP)
    cls = value.__class__
    if (cls is float or cls is int) and math.isfinite(value):  # type: ignore[arg-type]
        if abs(value) > MAX_MONEY:  # type: ignore[arg-type]
            raise _too_large(value)
        # the usual cell (every roster row's base): what _number_like gives, without a Parsed
        return Decimal(repr(float(value))).quantize(_CENT, rounding=ROUND_HALF_UP)  # type: ignore[arg-type]
    parsed = _number_like(value, Kind.MONEY, "", False)
    if parsed is None:
        return None
    if parsed.percent_sign:
        raise _not_number(value, Kind.MONEY)
    if abs(parsed.value) > MAX_MONEY:
        raise _too_large(value)
    try:
        return Decimal(repr(parsed.value)).quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # pragma: no cover - finite floats always convert
        raise _not_number(value, Kind.MONEY) from None


def parse_integer(value: object) -> int | None:
    """A whole number; None for a blank cell. Raises ValueIssue for 2.5 or text."""
    parsed = _number_like(value, Kind.INTEGER, "", False)
    if parsed is None:
        return None
    if parsed.percent_sign or not parsed.value.is_integer():
        raise _not_number(value, Kind.INTEGER)
    return int(parsed.value)


def parse_date(value: object) -> dt.date | None:
    """A date: a date cell, an Excel serial number, or text such as 2026-11-23, 2026/11/23,
    2026年11月23日; None for a blank cell. Raises ValueIssue otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise _not_number(value, Kind.DATE)
    if isinstance(value, int | float):
        if not math.isfinite(value) or not 1 <= value <= _MAX_SERIAL:
            raise _not_number(value, Kind.DATE)
        return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).date()
    if isinstance(value, str):
        if not value.strip():
            return None
        _refuse_error(value, Kind.DATE)
        m = _DATE_RE.fullmatch(unicodedata.normalize("NFKC", value).strip())
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                pass
        try:
            serial = parse_numeric_text(value, Kind.DATE)
        except ValueIssue:
            raise _not_number(value, Kind.DATE) from None
        return parse_date(serial.value)
    _refuse_error(value, Kind.DATE)
    raise _not_number(value, Kind.DATE)


def parse_text(value: object) -> str:
    """Text as shown: stripped; whole numbers without ".0" (1001.0 → "1001"); dates as
    ISO; "" for blank. Raises ValueIssue for an Excel error value."""
    if value is None:
        return ""
    if isinstance(value, str):
        _refuse_error(value, Kind.TEXT)
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    _refuse_error(value, Kind.TEXT)
    return str(value).strip()


def parse_key(value: object) -> str:
    """An identifier (employee id, code): text with full-width folded (ＥＯ０１ → EO01),
    inner runs of spaces collapsed; "" for blank."""
    text = parse_text(value)
    if not text:
        return ""
    if text.isascii() and text.isprintable() and "  " not in text:  # fast path: E001
        return text
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


_PARSERS: dict[Kind, Callable[[Any], Any]] = {
    Kind.NUMBER: parse_number,
    Kind.PERCENT: parse_percent,
    Kind.MONEY: parse_money,
    Kind.INTEGER: parse_integer,
    Kind.DATE: parse_date,
    Kind.TEXT: parse_text,
    Kind.CHOICE: parse_text,
}


def parse_value(value: object, kind: Kind) -> Any:
    """Parse one raw value as `kind` (see the parse_* functions); raises ValueIssue."""
    return _PARSERS[kind](value)


class CellParser:
    """Parses the cells of one sheet, adding one Problem per bad cell.

    Args:
        sheet: the sheet's name as the workbook spells it (for Source and messages).
        problems: where problems go.
    """

    def __init__(self, sheet: str, problems: Problems):
        self.sheet = sheet
        self.problems = problems

    def source(self, row: int, col: int) -> Source:
        return Source(self.sheet, a1(row, col))

    def report(self, issue: ValueIssue, row: int, col: int, what: Label | None) -> None:
        """Add `issue` as an ERROR at (row, col), prefixed with what the cell holds."""
        en = f"{what.en}: {issue.message_en}" if what and what.en else issue.message_en
        zh = f"{what.zh}：{issue.message_zh}" if what and what.zh else issue.message_zh
        self.problems.error(issue.code, en, zh, self.source(row, col))

    def parse(
        self,
        value: object,
        row: int,
        col: int,
        kind: Kind,
        what: Label | None = None,
        *,
        required: bool = False,
    ) -> Any:
        """The parsed value, or None (blank, or a problem was reported).

        Args:
            value: the raw cell value at (row, col).
            kind: what the column holds.
            what: the column's label, put before the message ("Weight: '9o' is not ...").
            required: report a blank cell as an error.
        """
        try:
            parsed = parse_value(value, kind)
        except ValueIssue as issue:
            self.report(issue, row, col, what)
            return None
        if required and (parsed is None or parsed == ""):
            name = what or Label("此项", "This cell")
            self.problems.error(
                "value.required",
                f"{name.en} is required but the cell is empty (expected {EXPECTED[kind].en})",
                f"{name.zh}不能为空（应为{EXPECTED[kind].zh}）",
                self.source(row, col),
            )
            return None
        if kind is Kind.PERCENT and is_ambiguous_percent(value):
            self.warn_ambiguous_percent([(row, col, value)], what)
        return parsed

    def choice(self, value: object, row: int, col: int, group: str, what: Label) -> str | None:
        """The key of the drop-down choice `value` names (either language), or None (blank,
        or not one of the choices: reported, listing them)."""
        try:
            text = parse_text(value)
        except ValueIssue as issue:
            self.report(issue, row, col, what)
            return None
        if not text:
            return None
        key = layout.choice_key(group, text)
        if key is None:
            opts = layout.CHOICES[group].values()
            self.problems.error(
                "value.choice",
                f"{what.en}: '{text}' is not one of: {', '.join(o.en for o in opts)} "
                f"({', '.join(o.zh for o in opts)})",
                f"{what.zh}：“{text}”不是可选项（{'、'.join(o.zh for o in opts)}）",
                self.source(row, col),
            )
        return key

    def warn_ambiguous_percent(
        self, cells: list[tuple[int, int, object]], what: Label | None
    ) -> None:
        """One WARNING for plain numbers in (1, 2] read as percent points."""
        if not cells:
            return
        shown = ", ".join(f"{a1(r, c)}={_show(v)}" for r, c, v in cells[:5])
        more = f" (+{len(cells) - 5})" if len(cells) > 5 else ""
        name = what or Label("", "")
        self.problems.warning(
            "value.percent_ambiguous",
            f"{name.en + ': ' if name.en else ''}{shown}{more} read as percent points "
            f"(1.5 → 1.5%); if 150% was meant, type 150%",
            f"{name.zh + '：' if name.zh else ''}{shown}{more} 按百分点读取（1.5 即 1.5%）；"
            "如果本意是 150%，请输入 150%",
            *(Source(self.sheet, a1(r, c)) for r, c, _ in cells[:20]),
        )
