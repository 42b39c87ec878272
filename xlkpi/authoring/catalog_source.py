"""The catalog's seed positions as the builder needs them: every text in both languages.

The catalog writes its rules in Chinese, including the names of events and requirements
(迟到, 两小时内响应), which become input columns of the data sheet. The English workbook
needs them in English, so `INPUT_NAMES_EN` gives each an English name and the English rule
is the same rule with those names (checked to survive a round trip through its cell text).
"""

from __future__ import annotations

import dataclasses
import functools

from xlkpi.authoring.notes import PAY_NOTES, POSITION_NOTES
from xlkpi.authoring.spec import IndicatorSpec, PositionSpec
from xlkpi.catalog import PAY_POSITIONS
from xlkpi.catalog import positions as catalog
from xlkpi.core.label import Label
from xlkpi.core.problems import Source
from xlkpi.core.rules import EventsRule, RequirementsRule, Rule, parse_rule
from xlkpi.workbook.layout import safe_sheet_name

#: English names of the catalog's event and requirement names (input columns)
INPUT_NAMES_EN: dict[str, str] = {
    "迟到": "late",
    "早退": "early leave",
    "旷工": "absence",
    "缺勤": "absence",
    "收到客户投诉": "complaint",
    "两小时内响应": "responded within 2 h",
    "3个工作日内解决": "resolved within 3 working days",
    "解决率100%": "100% resolved",
}


class CatalogGap(KeyError):
    """A catalog input name has no English name here yet."""


def _english_name(name: str) -> str:
    if name.isascii():
        return name
    try:
        return INPUT_NAMES_EN[name]
    except KeyError:
        raise CatalogGap(
            f"no English name for the input {name!r}; add it to INPUT_NAMES_EN"
        ) from None


def english_rule(rule: Rule | None) -> Rule | None:
    """The rule with English event/requirement names (other rules are language-free)."""
    if isinstance(rule, EventsRule):
        en: Rule = dataclasses.replace(
            rule, events=tuple((_english_name(n), p) for n, p in rule.events)
        )
    elif isinstance(rule, RequirementsRule):
        en = dataclasses.replace(rule, names=tuple(_english_name(n) for n in rule.names))
    else:
        return rule
    back = parse_rule(en.to_text("en"), Source(label="templates: English rule"))
    if back != en:
        raise ValueError(f"English rule does not read back as itself: {en.to_text('en')!r}")
    return en


def _indicator(ind: catalog.CatalogIndicator) -> IndicatorSpec:
    dimension = Label(ind.dimension_zh, ind.dimension_en) if ind.dimension_zh else None
    return IndicatorSpec(
        code=ind.code,
        name=Label(ind.name_zh, ind.name_en),
        weight=ind.weight,
        scale=ind.scale,
        scored_by=ind.scored_by,
        rules={"zh": ind.rule, "en": english_rule(ind.rule)},
        target=ind.target,
        unit=ind.unit,
        valid=ind.valid,
        dimension=dimension,
        dimension_weight=ind.dimension_weight if dimension else None,
    )


@functools.cache
def position(code: str) -> PositionSpec:
    """A position of the shipped templates as a `PositionSpec`: a seed position of the
    catalog, or one paid by a money scheme (`xlkpi.catalog.pay_positions`).

    Args:
        code: a position code, e.g. "cc_agent" or "repair_technician".
    Raises:
        KeyError: no such position.
    """
    p = PAY_POSITIONS.get(code) or catalog.position(code)
    name = Label(p.name_zh, p.name_en)
    sheet = Label(
        safe_sheet_name(p.sheet_zh or p.name_zh), safe_sheet_name(p.sheet_en or p.name_en)
    )
    if p.pay_scheme:  # a scheme's notes name their position themselves
        notes = PAY_NOTES.get(p.code, ())
    else:
        notes = tuple(
            Label(f"{p.name_zh}：{n.zh}", f"{p.name_en}: {n.en}")
            for n in POSITION_NOTES.get(p.code, ())
        )
    return PositionSpec(
        code=p.code,
        name=name,
        sheet=sheet,
        indicators=tuple(_indicator(i) for i in p.indicators),
        notes=notes,
        pay_scheme=p.pay_scheme,
    )
