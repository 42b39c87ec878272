"""The lexical layer of rule text: normalising what HR typed, and reading numbers with units
(writing them back is writing.py's).

HR types rules in Excel with Chinese input methods, so full-width punctuation, full-width
digits, `≥`/`≤` and stray spaces are all normal and are folded to one form here before any
rule looks at the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from xlkpi.core.rules.base import RuleError

# Full-width and typographic forms -> the ASCII forms the grammar uses.
_FOLD = str.maketrans(
    {
        "，": ",",
        "：": ":",
        "；": ";",
        "（": "(",
        "）": ")",
        "％": "%",
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "＋": "+",
        "－": "-",
        "−": "-",  # U+2212 minus sign
        "–": "-",
        "—": "-",
        "．": ".",
        "／": "/",
        "～": "~",
        "　": " ",  # ideographic space
        "\u00a0": " ",
        "\t": " ",
        "\r": " ",
        "【": "(",
        "】": ")",
        "［": "(",
        "］": ")",
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # full-width digits
    }
)

#: clause separators after folding (newline lets HR break a long rule inside the cell)
CLAUSE_SPLIT = re.compile(r"[;,、\n]+")

_NUM = r"[+-]?\d+(?:\.\d+)?"


def normalise(text: str) -> str:
    """Fold full-width punctuation and digits, `≥`/`≤`, and collapse spaces.

    Text in brackets is a note for people and is dropped: `达标得15分（以系统数据为准）`.
    """
    folded = text.translate(_FOLD)
    folded = folded.replace("≥", ">=").replace("≤", "<=").replace("=>", ">=").replace("=<", "<=")
    folded = re.sub(r"\([^()]*\)", " ", folded)
    if "(" in folded or ")" in folded:
        raise RuleError(
            f"unbalanced bracket in '{text.strip()}'",
            f"「{text.strip()}」中的括号不成对",
        )
    folded = re.sub(r"[ ]+", " ", folded)
    return "\n".join(line.strip() for line in folded.split("\n")).strip()


def split_clauses(body: str) -> list[str]:
    """Split a rule body into trimmed, non-empty clauses."""
    return [c.strip() for c in CLAUSE_SPLIT.split(body) if c.strip()]


# --- units -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A unit a rule value may carry: its key, how each language writes it, the spellings read."""

    key: str
    en: str  # how English text writes it after a number ("5 s")
    zh: str  # how Chinese text writes it ("5秒")
    aliases: tuple[str, ...]


UNITS: dict[str, Unit] = {
    u.key: u
    for u in (
        Unit("%", "%", "%", ("%",)),
        Unit("s", "s", "秒", ("s", "sec", "secs", "second", "seconds", "秒", "秒钟")),
        Unit("min", "min", "分钟", ("min", "mins", "minute", "minutes", "分钟")),
        Unit("h", "h", "小时", ("h", "hr", "hrs", "hour", "hours", "小时", "个小时")),
        Unit("lesson", "lessons", "课时", ("lesson", "lessons", "课时", "个课时")),
        Unit("day", "days", "天", ("d", "day", "days", "天", "日")),
        Unit(
            "wday",
            "working days",
            "个工作日",
            ("working day", "working days", "workday", "workdays", "个工作日", "工作日"),
        ),
        Unit("item", "items", "条", ("item", "items", "条", "个", "件", "项")),
        Unit("time", "times", "次", ("time", "times", "次")),
    )
}

_ALIAS_TO_UNIT = {a.lower(): u.key for u in UNITS.values() for a in u.aliases}


def _alias_pattern() -> str:
    parts = []
    for alias in sorted(_ALIAS_TO_UNIT, key=len, reverse=True):
        esc = re.escape(alias)
        # Latin unit words must end at a word boundary, else "5 sec" would read "s" + "ec"
        parts.append(esc + r"(?![A-Za-z])" if alias[-1].isascii() and alias[-1].isalpha() else esc)
    return "|".join(parts)


UNIT_RE = _alias_pattern()
_POINT_WORD = r"(?:分(?!钟)|pts(?![A-Za-z])|pt(?![A-Za-z])|points?(?![A-Za-z]))"


def qty(name: str) -> str:
    """Regex for a quantity (number + optional unit) with groups `<name>_n`, `<name>_u`.

    A bare 分/pts after a value ("≥90分") is a score on a points scale: no unit.
    """
    return rf"(?P<{name}_n>{_NUM})\s*(?:(?P<{name}_u>{UNIT_RE})|{_POINT_WORD})?"


def pts(name: str) -> str:
    """Regex for points (number + optional 分/pts) with group `name`."""
    return rf"(?P<{name}>{_NUM})\s*{_POINT_WORD}?"


NUM = _NUM
#: between a threshold and its points: "≥80 100", "≥80 → 100", "≥80为100分"
ARROW = r"\s*(?:->|→|:|=|为|得)?\s*"
#: a note for people before a comparison, read past: "质检平均值≥80分 得100分"
NOTE = r"(?:[^<>=\d+\-.]*?\s*)?"


def unit_key(alias: str | None) -> str:
    """The canonical unit key of an alias ("秒" -> "s"); "" for none."""
    return _ALIAS_TO_UNIT[alias.lower()] if alias else ""


def to_number(num: str, unit: str) -> float:
    """A parsed number as a float; percentages become fractions (98% -> 0.98)."""
    value = Decimal(num)
    if unit == "%":
        value = value / 100
    return float(value)


@dataclass
class UnitTracker:
    """Collects the units written on a rule's values so the rule has one unit.

    A rule compares values in one unit, so "≥100%" and "≥90" in the same tier table is a
    mistake (90 would mean 9000%), not something to guess about.
    """

    unit: str = ""
    has_plain: bool = False

    def take(self, num: str, alias: str | None, what_en: str, what_zh: str) -> float:
        """The number `num` with its unit spelling `alias`, noted as the rule's unit; a
        RuleError when the rule mixes units."""
        key = unit_key(alias)
        if key and self.unit and key != self.unit:
            raise RuleError(
                f"{what_en} is in {UNITS[key].en} but the rule already uses {UNITS[self.unit].en}; "
                "write all values of one rule in the same unit",
                f"{what_zh}的单位是{UNITS[key].zh}，但本规则已用{UNITS[self.unit].zh}；"
                "同一规则的数值请用同一单位",
            )
        if key:
            self.unit = key
        else:
            self.has_plain = True
        if self.unit == "%" and self.has_plain:
            raise RuleError(
                f"{what_en}: some values have % and some do not; write every value of this rule with %",
                f"{what_zh}：有的数值带%，有的不带；本规则的数值请都写%",
            )
        return to_number(num, key)
