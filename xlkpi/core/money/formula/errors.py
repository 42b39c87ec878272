"""The one error type of the formula language: what went wrong, and where in the text."""

from __future__ import annotations

from xlkpi.core.rules.base import RuleError


class FormulaError(RuleError):
    """A formula cannot be read or evaluated.

    `offset` is the 0-based index in the formula text of the offending character (for
    the messages it is shown 1-based as "character N"); callers add the cell.
    """

    def __init__(self, message_en: str, message_zh: str, offset: int, text: str = ""):
        where_en = f" (at character {offset + 1})"
        where_zh = f"（第 {offset + 1} 个字符处）"
        super().__init__(message_en + where_en, message_zh + where_zh)
        self.offset = offset
        self.text = text
        self.reason_en = message_en
        self.reason_zh = message_zh

    def pointer(self) -> str:
        """The formula with a caret under the offending character (for the CLI).

        Returns:
            Two lines: the text and a caret line.
        """
        return f"{self.text}\n{' ' * self.offset}^"
