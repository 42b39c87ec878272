"""One raw cell value parsed as each kind of column: number, percent, money, integer,
date, text and key (`parse_value` picks by kind)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from xlkpi.workbook.layout import Kind
from xlkpi.workbook.values.issues import EXPECTED, ValueIssue, not_number, refuse_error, show
from xlkpi.workbook.values.numeric import Parsed, duration, parse_numeric_text

#: a plain number in a PERCENT column above 1 and up to this is read as percent points,
#: with a warning (1.05 may have been meant as 105%)
PERCENT_AMBIGUOUS_UP_TO = 2.0

_YES = frozenset({"是", "yes", "y", "true", "√", "✓", "✔", "达成", "满足", "1"})
_NO = frozenset({"否", "no", "n", "false", "×", "✗", "✘", "x", "未达成", "不满足", "0"})


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31

_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _number_like(value: object, kind: Kind, unit: str, yes_no: bool) -> Parsed | None:
    """The shared part of number, percent, money and integer parsing."""
    if value is None:
        return None
    cls = value.__class__
    if cls is float or cls is int:
        if not math.isfinite(value):  # type: ignore[arg-type]
            raise not_number(value, kind)
        return Parsed(float(value))  # type: ignore[arg-type]
    if isinstance(value, bool):
        if yes_no:
            return Parsed(1.0 if value else 0.0)
        raise not_number(value, kind, " (a TRUE/FALSE value)", "（这是逻辑值 TRUE/FALSE）")
    if isinstance(value, str):
        if not value.strip():
            return None
        refuse_error(value, kind)
        if yes_no:
            word = unicodedata.normalize("NFKC", value).strip().casefold()
            if word in _YES:
                return Parsed(1.0)
            if word in _NO:
                return Parsed(0.0)
        return parse_numeric_text(value, kind, unit=unit)
    return _other_number_like(value, kind, unit)


def _other_number_like(value: object, kind: Kind, unit: str) -> Parsed:
    """`_number_like` for the rarer cells: dates (refused), times, durations, Decimals."""
    if isinstance(value, dt.datetime | dt.date):
        exp = EXPECTED[kind]
        raise ValueIssue(
            "value.date",
            f"'{show(value)}' is a date, expected {exp.en}; Excel may have turned what was "
            "typed into a date: format the cell as Number and type the value again",
            f"“{show(value)}”是日期，应为{exp.zh}；Excel 可能把输入的内容当成了日期："
            "请把单元格格式设为“数值”后重新输入",
        )
    if isinstance(value, dt.timedelta):
        return Parsed(duration(value.total_seconds(), value, unit, kind))
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return Parsed(duration(seconds, value, unit, kind))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise not_number(value, kind)
        return Parsed(float(value))
    refuse_error(value, kind)
    raise not_number(value, kind)


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
        f"'{show(value)}' is too large for an amount of money (at most {MAX_MONEY:,})",
        f"“{show(value)}”作为金额过大（最多 {MAX_MONEY:,}）",
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
        raise not_number(value, Kind.MONEY)
    if abs(parsed.value) > MAX_MONEY:
        raise _too_large(value)
    try:
        return Decimal(repr(parsed.value)).quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # pragma: no cover - finite floats always convert
        raise not_number(value, Kind.MONEY) from None


def parse_integer(value: object) -> int | None:
    """A whole number; None for a blank cell. Raises ValueIssue for 2.5 or text."""
    parsed = _number_like(value, Kind.INTEGER, "", False)
    if parsed is None:
        return None
    if parsed.percent_sign or not parsed.value.is_integer():
        raise not_number(value, Kind.INTEGER)
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
        raise not_number(value, Kind.DATE)
    if isinstance(value, int | float):
        if not math.isfinite(value) or not 1 <= value <= _MAX_SERIAL:
            raise not_number(value, Kind.DATE)
        return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).date()
    if isinstance(value, str):
        if not value.strip():
            return None
        refuse_error(value, Kind.DATE)
        m = _DATE_RE.fullmatch(unicodedata.normalize("NFKC", value).strip())
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                pass
        try:
            serial = parse_numeric_text(value, Kind.DATE)
        except ValueIssue:
            raise not_number(value, Kind.DATE) from None
        return parse_date(serial.value)
    refuse_error(value, Kind.DATE)
    raise not_number(value, Kind.DATE)


def parse_text(value: object) -> str:
    """Text as shown: stripped; whole numbers without ".0" (1001.0 → "1001"); dates as
    ISO; "" for blank. Raises ValueIssue for an Excel error value."""
    if value is None:
        return ""
    if isinstance(value, str):
        refuse_error(value, Kind.TEXT)
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
    refuse_error(value, Kind.TEXT)
    return str(value).strip()


def parse_key(value: object) -> str:
    """An identifier (employee id, code): text with full-width folded (ＥＯ０１ → EO01),
    inner runs of spaces collapsed; "" for blank."""
    # plain text without "#" (so no Excel error): what parse_text gives, without its calls
    text = value.strip() if value.__class__ is str and "#" not in value else parse_text(value)
    if not text:
        return ""
    # Fast path: E001, and 客服专员 too. A printable text has no whitespace but " " (every
    # other space is a separator or control character), and `text` is stripped already:
    # with no "  " and nothing NFKC would change, the folding below leaves it as it is.
    if (
        text.isprintable()
        and "  " not in text
        and (text.isascii() or unicodedata.is_normalized("NFKC", text))
    ):
        return text
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def distinct_keys(values: list[Any]) -> list[str] | None:
    """`parse_key` of each of a column's values (a column of IDs), when every one is text
    with no Excel error in it (so none raises) and the keys are all filled in and all
    different; None otherwise, for the caller's cell-by-cell path to report. Text that is
    plain already (ASCII, printable, no double spaces) is only stripped, a C-level pass
    for the whole column."""
    if set(map(type, values)) != {str}:
        return None
    if "#" in "\0".join(values):  # (NUL joins: no test here can match across two texts)
        return None
    stripped = list(map(str.strip, values))
    plain = "\0".join(stripped)
    if plain.isascii() and "  " not in plain and "".join(stripped).isprintable():
        keys = stripped  # (what parse_key's own fast path returns for each)
    else:
        keys = list(map(parse_key, values))
    return keys if all(keys) and len(set(keys)) == len(keys) else None


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
