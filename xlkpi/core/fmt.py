"""Numbers as people read them in messages: 0.85 -> "85%", 17.1000000001 -> "17.1"."""

from __future__ import annotations


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
