"""Numbers as people read them in messages: 0.85 -> "85%", 17.1000000001 -> "17.1"."""

from __future__ import annotations

import re
from decimal import Decimal


def num(value: float) -> str:
    """A number without float noise or exponent, at most four decimals.

    Args:
        value: any finite number.
    Returns:
        e.g. "17.1", "100", "0.0001".
    """
    # fixed-point text never uses an exponent; strip the trailing zeros of the 4 decimals
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pct(fraction: float) -> str:
    """A fraction as a percentage: 0.85 -> "85%", 1.1 -> "110%", 0.0001 -> "0.01%"."""
    return num(float(fraction) * 100) + "%"


def separator(lang: str) -> str:
    """What separates the items of a list in one sentence: "；" in Chinese, "; " in English."""
    return "；" if lang == "zh" else "; "


def money(amount: Decimal | float) -> str:
    """An amount of yuan as HR reads it in a message or card: 12345.6 -> "¥12,345.60".

    Two decimals (the cent), thousands separated by commas, the sign after the ¥ ("¥-5.00");
    the one spelling of an amount in text (cells get the "¥#,##0.00" number format instead).
    """
    return f"¥{amount:,.2f}"


_COUNTED = (
    "errors|warnings|problems|values|rows|employees|people|periods|files|"
    "indicators|positions|sheets|cells|units|days"
)
_ONE = re.compile(rf"(?<![\d.,])1 ({_COUNTED})\b")
_SINGULAR = {"people": "person"}


def agree(text: str) -> str:
    """English counts in agreement: "1 errors" -> "1 error", "1 people" -> "1 person".

    Messages are written as "{n} errors"; this fixes the one case where that is wrong,
    so every message template stays a single readable string.
    """
    return _ONE.sub(lambda m: "1 " + _SINGULAR.get(m.group(1), m.group(1)[:-1]), text)
