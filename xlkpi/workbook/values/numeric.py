"""Numbers typed as text: full-width digits, Chinese decimal points, thousands groups,
points and money marks, the column's unit, percent signs and durations (see the package
docstring for every accepted spelling)."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from xlkpi.workbook.layout import Kind
from xlkpi.workbook.values.issues import EXPECTED, ValueIssue, not_number, show

PERCENT_UNITS = frozenset({"%", "％", "percent", "pct", "百分比", "百分率"})
_SECONDS = frozenset({"s", "sec", "secs", "second", "seconds", "秒", "秒钟"})
_MINUTES = frozenset({"min", "mins", "minute", "minutes", "分钟"})
_HOURS = frozenset({"h", "hr", "hrs", "hour", "hours", "小时"})
_POINT_WORDS = ("分", "pts", "pt", "points", "point")
_MONEY_MARKS = ("¥", "元", "rmb", "cny", "$")

_NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?")
_GROUPED_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_DURATION_RE = re.compile(r"(?:(\d+):)?(\d{1,3}):(\d{1,2}(?:\.\d+)?)")
# "65秒", "1分5秒", "2分钟", "1小时30分", "1h5min": a duration in words. "85分" alone is
# points, not minutes, so 分 counts as minutes only beside hours or seconds.
_NUM = r"(\d+(?:\.\d+)?)"
_WORDED_DURATION_RE = re.compile(
    rf"(?:{_NUM}(小时|hours?|hrs?|h))?(?:{_NUM}(分钟|分|minutes?|mins?))?(?:{_NUM}(秒钟|秒|seconds?|secs?|s))?"
)
_TEXT_FOLD = str.maketrans({"。": ".", "．": ".", "，": ",", "、": ",", "−": "-", "－": "-"})


@dataclass(frozen=True)
class Parsed:
    """A value parsed from text or a number, with how it was written (for warnings)."""

    value: float
    percent_sign: bool = False


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


def duration(seconds: float, value: object, unit: str, kind: Kind) -> float:
    """A duration in the column's unit (seconds, minutes or hours); a ValueIssue for a
    column with another unit."""
    per = _unit_seconds(unit)
    if per is None:
        exp = EXPECTED[kind]
        raise ValueIssue(
            "value.duration",
            f"'{show(value)}' is a duration, but this column's unit is not seconds, minutes "
            f"or hours (expected {exp.en})",
            f"“{show(value)}”是时长，但本列的单位不是秒、分钟或小时（应为{exp.zh}）",
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
        raise not_number(text, kind)
    m = _DURATION_RE.fullmatch(s)
    if m:
        h, mi, se = m.groups()
        seconds = (int(h) if h else 0) * 3600 + int(mi) * 60 + float(se)
        return Parsed(duration(seconds, text, unit, kind))
    seconds_ = _wordedduration(s)
    if seconds_ is not None:
        return Parsed(duration(seconds_, text, unit, kind))
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
            raise not_number(
                text,
                kind,
                ": a comma may only separate thousands (1,234.5); use '.' for decimals",
                "：逗号只能用作千位分隔（1,234.5），小数点请用“.”",
            )
        s = s.replace(",", "")
    if not _NUMBER_RE.fullmatch(s.casefold()):
        raise not_number(text, kind)
    value = float(s)
    if not math.isfinite(value):
        raise not_number(text, kind)
    if negative_paren:
        value = -value
    return Parsed(value / 100 if percent else value, percent)


def _wordedduration(s: str) -> float | None:
    """Seconds of a duration written with unit words ("1分5秒"), or None for other text."""
    m = _WORDED_DURATION_RE.fullmatch(s.casefold())
    if m is None or not any(m.groups()):
        return None
    h, _, mi, mi_word, se, _ = m.groups()
    if mi_word == "分" and h is None and se is None:
        return None  # "85分": points
    return float(h or 0) * 3600 + float(mi or 0) * 60 + float(se or 0)
