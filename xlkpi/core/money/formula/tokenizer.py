"""Split formula text into tokens, each with its offset in the text.

Accepted: numbers (12, 1.5, .5, 1E3), names (ASCII or Chinese letters, digits and `_`,
not starting with a digit), operators + - * / ^ % and their typographic forms − × ÷ ％,
comparisons = <> < > <= >= and ≠ ≤ ≥, parentheses and commas (full-width （ ） ， too).
Anything else (quotes, dots after names, brackets, `&`) is a syntax error at its position.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from xlkpi.core.money.formula.errors import FormulaError

MAX_LENGTH = 2000
MAX_NUMBER = Decimal("1e15")
MAX_EXPONENT_DIGITS = 3


class Kind(str, Enum):
    """What kind of token a piece of formula text is."""

    NUMBER = "number"
    NAME = "name"
    OP = "op"  # + - * / ^ %
    COMPARE = "compare"  # = <> < > <= >=
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    END = "end"


@dataclass(frozen=True)
class Token:
    """One token: its kind, its normalised text, where it starts, and a number's value."""

    kind: Kind
    text: str  # normalised: "×" arrives as "*", "≥" as ">="
    offset: int
    value: Decimal | None = None


SINGLE = {
    "+": (Kind.OP, "+"),
    "-": (Kind.OP, "-"),
    "−": (Kind.OP, "-"),
    "*": (Kind.OP, "*"),
    "×": (Kind.OP, "*"),
    "/": (Kind.OP, "/"),
    "÷": (Kind.OP, "/"),
    "^": (Kind.OP, "^"),
    "%": (Kind.OP, "%"),
    "％": (Kind.OP, "%"),
    "(": (Kind.LPAREN, "("),
    "（": (Kind.LPAREN, "("),
    ")": (Kind.RPAREN, ")"),
    "）": (Kind.RPAREN, ")"),
    ",": (Kind.COMMA, ","),
    "，": (Kind.COMMA, ","),
    "=": (Kind.COMPARE, "="),
    "≠": (Kind.COMPARE, "<>"),
    "≤": (Kind.COMPARE, "<="),
    "≥": (Kind.COMPARE, ">="),
}
DOUBLE = {"<>": "<>", "<=": "<=", ">=": ">=", "==": "="}
WHITESPACE = " \t\r\n\u3000"


def tokenize(text: str) -> list[Token]:
    """Tokens of a formula; one leading "=" (as typed in Excel) is skipped.

    Args:
        text: the formula text.
    Returns:
        The tokens, ending with an END token at the end of the text.
    Raises:
        FormulaError: an unexpected character, a malformed or too large number, or a
            formula longer than MAX_LENGTH characters.
    """
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"formula is longer than {MAX_LENGTH} characters",
            f"公式超过 {MAX_LENGTH} 个字符",
            MAX_LENGTH,
            text,
        )
    tokens: list[Token] = []
    i = 0
    while i < len(text) and text[i] in WHITESPACE:
        i += 1
    if i < len(text) and text[i] in "=＝":
        i += 1
    while i < len(text):
        ch = text[i]
        if ch in WHITESPACE:
            i += 1
        elif (ch.isascii() and ch.isdigit()) or (ch == "." and _digit_at(text, i + 1)):
            token, i = _number(text, i)
            tokens.append(token)
        elif ch.isalpha() or ch == "_":
            start = i
            while i < len(text) and (text[i].isalnum() or text[i] == "_"):
                i += 1
            tokens.append(Token(Kind.NAME, text[start:i], start))
        elif text[i : i + 2] in DOUBLE:
            tokens.append(Token(Kind.COMPARE, DOUBLE[text[i : i + 2]], i))
            i += 2
        elif ch in "<>":
            tokens.append(Token(Kind.COMPARE, ch, i))
            i += 1
        elif ch in SINGLE:
            kind, norm = SINGLE[ch]
            tokens.append(Token(kind, norm, i))
            i += 1
        else:
            raise FormulaError(f"unexpected character {ch!r}", f"无法识别的字符 {ch!r}", i, text)
    tokens.append(Token(Kind.END, "", len(text)))
    return tokens


def _digit_at(text: str, i: int) -> bool:
    return i < len(text) and text[i].isascii() and text[i].isdigit()


def _number(text: str, start: int) -> tuple[Token, int]:
    i = start
    while _digit_at(text, i):
        i += 1
    if i < len(text) and text[i] == ".":
        i += 1
        while _digit_at(text, i):
            i += 1
    if i < len(text) and text[i] in "eE":
        j = i + 1
        if j < len(text) and text[j] in "+-":
            j += 1
        digits = j
        while _digit_at(text, j):
            j += 1
        if j == digits:
            raise FormulaError(
                "malformed number: exponent has no digits", "数字格式错误：指数缺少数字", i, text
            )
        if j - digits > MAX_EXPONENT_DIGITS:
            raise FormulaError("number is too large", "数字过大", start, text)
        i = j
    if i < len(text) and (text[i].isalpha() or text[i] == "_" or text[i] == "."):
        raise FormulaError(
            f"malformed number {text[start : i + 1]!r}",
            f"数字格式错误 {text[start : i + 1]!r}",
            i,
            text,
        )
    value = Decimal(text[start:i])
    if abs(value) > MAX_NUMBER:
        raise FormulaError(
            f"number {text[start:i]} is too large (limit {MAX_NUMBER:,.0f})",
            f"数字 {text[start:i]} 过大（上限 {MAX_NUMBER:,.0f}）",
            start,
            text,
        )
    return Token(Kind.NUMBER, text[start:i], start, value), i
