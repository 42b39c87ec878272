"""What a template is made of, in both languages at once.

`PositionSpec`/`IndicatorSpec` hold one position as the builder needs it: every visible text
is a `Label` (zh and en side by side), so the Chinese and English workbooks come from the
same objects and cannot drift apart. They are made from `xlkpi.catalog` (see `source.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xlkpi.authoring.pay_columns import with_pay_columns
from xlkpi.core.label import Label
from xlkpi.core.model import Indicator, Rater, ScoredBy
from xlkpi.core.rules.base import Rule
from xlkpi.core.rules.text import UNITS
from xlkpi.workbook.layout import STANDARD_RATERS, DataColumn, data_columns


def unit_label(unit: str, lang: str) -> str:
    """How a rule unit key reads in the workbook's language ("s" -> 秒)."""
    u = UNITS.get(unit)
    if u is None:
        return unit
    return u.zh if lang == "zh" else u.en


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator as the builder needs it: names as Labels, the rule in each language."""

    code: str
    name: Label
    weight: float  # share of its dimension, 0..1
    scale: float  # max raw points
    scored_by: ScoredBy
    #: the rule in each language: names of events and requirements are words HR reads, so
    #: they differ between languages (迟到 / late) and so do the input columns they create
    rules: Mapping[str, Rule | None] = field(default_factory=dict)
    target: float | None = None
    unit: str = ""  # a rule unit key ("%", "s", "item", ...) or free text
    valid: str = ""  # the valid range of actuals as HR reads it ("1–5"); "" from the unit
    dimension: Label | None = None
    dimension_weight: float | None = None  # the dimension's share of the total, 0..1

    def rule(self, lang: str) -> Rule | None:
        """The rule in `lang`; None when raters score directly."""
        return self.rules.get(lang)

    def rule_text(self, lang: str) -> str:
        """The rule as cell text in `lang`; "" without a rule."""
        rule = self.rule(lang)
        return rule.to_text(lang) if rule is not None else ""

    def rule_words(self, lang: str) -> str:
        """The rule in plain words for HR in `lang`; "" without a rule."""
        rule = self.rule(lang)
        return rule.describe(lang) if rule is not None else ""

    @property
    def is_percent(self) -> bool:
        """Whether the indicator's actuals are percentages."""
        return self.unit == "%"

    def model(self, position: str, lang: str) -> Indicator:
        """The core model's indicator, as `layout.data_columns` takes it."""
        return Indicator(
            position=position,
            code=self.code,
            name=self.name(lang),
            weight=self.weight,
            scale=self.scale,
            scored_by=self.scored_by,
            rule=self.rule(lang),
            target=self.target,
            dimension=self.dimension(lang) if self.dimension else "",
            dimension_weight=self.dimension_weight if self.dimension_weight is not None else 1.0,
            name_alt=self.name("en" if lang == "zh" else "zh"),
            unit=unit_label(self.unit, lang),
        )


@dataclass(frozen=True)
class PositionSpec:
    """One position as the builder needs it: names, data sheet, indicators, notes, pay scheme."""

    code: str
    name: Label
    sheet: Label  # the data sheet's name
    indicators: tuple[IndicatorSpec, ...]
    notes: tuple[Label, ...] = ()  # how the position scores, in HR's terms, shown on the guide
    pay_scheme: str = ""
    raters: tuple[Rater, ...] = STANDARD_RATERS
    input_labels: dict[str, Label] = field(default_factory=dict)

    def columns(self, lang: str) -> list[DataColumn]:
        """The data sheet's columns, exactly as the workbook contract lays them out."""
        cols = data_columns(
            [ind.model(self.name(lang), lang) for ind in self.indicators],
            lang,
            self.raters,
            self.input_labels,
        )
        return with_pay_columns(cols, self.pay_scheme, lang)  # money inputs and results

    def indicator(self, code: str) -> IndicatorSpec:
        """The indicator with this code (KeyError if none)."""
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(code)


@dataclass(frozen=True)
class TemplateSpec:
    """One shipped template: a name for the command line, titles and the positions it holds.

    `positions` are catalog position codes, in sheet order.
    """

    name: str
    title: Label
    description: Label
    positions: tuple[str, ...]
