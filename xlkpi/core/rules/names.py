"""Names HR gives to events and requirements: they become input columns and must survive
the trip through cell text, so a few characters and words are reserved."""

from __future__ import annotations

import re
from collections.abc import Callable

from xlkpi.core.rules.base import RuleError
from xlkpi.core.rules.checks import fail
from xlkpi.core.rules.text import normalise
from xlkpi.core.rules.writing import show

# Separators, brackets and the colon would split or end the clause the name sits in.
_FORBIDDEN = re.compile(r"[;,、:\n()（）；，：【】\[\]]")


def check_names(
    names: list[str], what_en: str, what_zh: str, reads_as: Callable[[str], bool] | None = None
) -> None:
    """Raise RuleError unless every name is usable and no name repeats.

    Args:
        reads_as: tells whether the rule's own text would read the name back as something
            else (a base clause, a different name); such names would not survive a round trip.
    """
    seen: set[str] = set()
    for name in names:
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            raise fail(
                f"{what_en} name {name!r} is empty or has spaces around it",
                f"{what_zh}名称{name!r}为空或首尾有空格",
            )
        if _FORBIDDEN.search(name):
            raise fail(
                f"{what_en} name '{name}' contains a separator or bracket (; , 、 : ( ))",
                f"{what_zh}名称「{name}」含有分隔符或括号（；，、：（））",
            )
        try:
            folded = normalise(name)
        except RuleError:
            folded = ""
        if folded != name:  # a name must read back as itself: no double spaces, full-width forms
            raise fail(
                f"{what_en} name '{name}' has repeated spaces or full-width characters; "
                f"write it as '{folded}'",
                f"{what_zh}名称「{name}」含有连续空格或全角字符；请写作「{folded}」",
            )
        if reads_as and reads_as(name):
            raise fail(
                f"{what_en} name '{name}' reads as a rule clause (like base, floor or points); "
                "choose another name",
                f"{what_zh}名称「{name}」会被读成规则条款（如基础分、最低分或分数）；请换一个名称",
            )
        if name.lower() in seen:
            raise fail(f"{what_en} '{name}' is listed twice", f"{what_zh}「{name}」重复")
        seen.add(name.lower())


def read_count(value: object, name: str) -> float:
    """A count of events: a whole number, 0 or more (blank counts as 0)."""
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(
            f"count of '{name}' must be a number, not {value!r}",
            f"「{name}」的次数必须是数字，不能是{value!r}",
        )
    if value < 0 or value != int(value):
        raise fail(
            f"count of '{name}' must be a whole number of 0 or more, not {show(value)}",
            f"「{name}」的次数必须是不小于0的整数，不能是{show(value)}",
        )
    return float(value)
