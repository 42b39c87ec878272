"""The registry of rule types and `parse_rule`, the entry point from cell text to a Rule.

Each rule module registers its class with `@register`; the keyword before the colon
("tiers:", "阶梯：") picks the class, which parses the clauses after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from xlkpi.core.problems import Source
from xlkpi.core.rules.base import Rule, RuleError
from xlkpi.core.rules.text import normalise, split_clauses

#: canonical kind name -> class, in registration order (the order docs and messages use)
RULE_TYPES: dict[str, type[Rule]] = {}
#: every keyword HR may write (lower-cased English, Chinese) -> class
KEYWORDS: dict[str, type[Rule]] = {}
_PARSERS: dict[type[Rule], Callable[[list[str], str], Rule]] = {}

R = TypeVar("R", bound=type[Rule])


def register(cls: R) -> R:
    """Class decorator: make a rule type reachable by its kind and aliases.

    The class must define `parse_clauses(clauses, keyword) -> Rule` as a classmethod.
    """
    parser = cls.parse_clauses  # type: ignore[attr-defined]
    for word in (cls.kind, *cls.aliases):
        key = word.lower()
        if key in KEYWORDS and KEYWORDS[key] is not cls:
            raise ValueError(f"rule keyword {word!r} is registered twice")
        KEYWORDS[key] = cls
    RULE_TYPES[cls.kind] = cls
    _PARSERS[cls] = parser
    return cls


_HEAD = re.compile(r"^(?P<kw>[^:\n]+?)\s*:\s*(?P<body>.*)$", re.S)


def _keyword_list() -> tuple[str, str]:
    en = ", ".join(RULE_TYPES)
    zh = "、".join(a for cls in RULE_TYPES.values() for a in cls.aliases[:1])
    return en, zh


def parse_rule(text: str, where: Source | None = None) -> Rule:
    """Build a rule from the text HR wrote in a cell.

    Args:
        text: e.g. "tiers: >=100% 5; >=90% 3; else 0" or "阶梯：≥100% 5分；≥90% 3分；其他 0分".
        where: the cell the text came from; attached to a RuleError as `where`.
    Returns:
        The rule (a frozen dataclass, equal to any other rule with the same parameters).
    Raises:
        RuleError: saying what is wrong and what was expected, in English and Chinese.
    """
    try:
        return _parse(text)
    except RuleError as err:
        err.where = where
        raise


def _parse(text: str) -> Rule:
    if not isinstance(text, str) or not text.strip():
        raise RuleError("the rule is empty", "评分规则为空")
    clean = normalise(text)
    m = _HEAD.match(clean)
    en, zh = _keyword_list()
    if not m:
        raise RuleError(
            f"'{text.strip()}' does not start with a rule keyword and a colon; "
            f"expected e.g. 'tiers: >=100% 5; else 0' (keywords: {en})",
            f"「{text.strip()}」没有以规则类型和冒号开头；应如「阶梯：≥100% 5分；其他 0分」"
            f"（类型：{zh}）",
        )
    keyword = m["kw"].strip()
    cls = KEYWORDS.get(keyword.lower())
    if cls is None:
        raise RuleError(
            f"unknown rule keyword '{keyword}'; expected one of: {en}",
            f"未知的规则类型「{keyword}」；可用：{zh}",
        )
    clauses = split_clauses(m["body"])
    if not clauses:
        raise RuleError(
            f"nothing follows '{keyword}:'; the rule needs its parameters",
            f"「{keyword}：」后面没有内容；请写出规则参数",
        )
    return _PARSERS[cls](clauses, keyword)
