"""Writing rule numbers back: into cell text, exactly (so the text parses to the same
value), and into explanations for people, rounded to what a person reads.

Every rule's `describe`, `to_text` and `explain` speak through these, in `lang` "zh" or "en".
"""

from __future__ import annotations

from decimal import Decimal

from xlkpi.core.label import LANGS
from xlkpi.core.rules.text import UNITS


def fmt_num(value: float) -> str:
    """Shortest text that parses back to exactly `value` (no exponent, no trailing zeros)."""
    return _plain(Decimal(repr(float(value))))


def _plain(d: Decimal) -> str:
    return "0" if d == 0 else format(d.normalize(), "f")


def fmt_qty(value: float, unit: str, lang: str) -> str:
    """A value with its unit, exactly: 0.98 with "%" -> "98%"; 5 "s" -> "5 s" / "5秒"."""
    if unit == "%":
        return _plain(Decimal(repr(float(value))) * 100) + "%"
    text = fmt_num(value)
    if not unit:
        return text
    u = UNITS[unit]
    return f"{text}{u.zh}" if lang == "zh" else f"{text} {u.en}"


def show(value: float) -> str:
    """A number for people to read: float noise removed (0.30000000000000004 -> 0.3)."""
    return fmt_num(round(float(value), 6))


def show_qty(value: float, unit: str, lang: str) -> str:
    """A value with its unit for people to read (rounded, unlike `fmt_qty`)."""
    return fmt_qty(round(float(value), 8 if unit == "%" else 6), unit, lang)


def signed(value: float) -> str:
    """Points with a sign for explanations: +2 / −10 (a true minus sign reads better)."""
    text = show(abs(value))
    return f"−{text}" if value < 0 else f"+{text}"


def check_lang(lang: str) -> str:
    """`lang` when it is "zh" or "en"; a ValueError (a caller's bug, not HR's) otherwise."""
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return lang
