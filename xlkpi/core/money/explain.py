"""How every amount was reached: steps and a per-person breakdown.

A `Breakdown` holds the scheme, the inputs used, the tier applied, the ordered steps and
the final amount. It renders to text in Chinese or English and to a JSON-able dict, so the
workbook, the CLI and a UDF can all show the same trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkpi.core.cents import to_money
from xlkpi.core.money.values import Tier, plain
from xlkpi.core.problems import Source

Value = Decimal | int | bool | str | None
Labels = dict[str, tuple[str, str]]  # input name -> (English label, Chinese label)


@dataclass(frozen=True)
class Step:
    """One step of a computation: what was done, with which inputs, and its amount.

    `amount` is None for steps that decide something without producing money (a count,
    a score after deductions); `value` then carries the figure.
    """

    label_en: str
    label_zh: str
    inputs: dict[str, Value] = field(default_factory=dict)
    amount: Decimal | None = None
    value: Value = None
    tier: Tier | None = None

    def render(self, lang: str = "zh", labels: Labels | None = None) -> str:
        """The step as one line of text.

        Args:
            lang: "zh" or "en".
            labels: input labels to show instead of input names.
        Returns:
            e.g. "超额奖金 extra pay: 超出定额台数=18, 每台金额=35 [95% ≤ X < 100%] → 630.00".
        """
        label = self.label_zh if lang == "zh" else self.label_en
        parts = [label]
        if self.inputs:
            side = 1 if lang == "zh" else 0
            shown = []
            for name, v in self.inputs.items():
                called = labels.get(name) if labels else None  # (en, zh), or the name itself
                shown.append(f"{called[side] if called else name}={_shown(name, v, called)}")
            parts.append(f": {', '.join(shown)}")
        if self.tier is not None:
            parts.append(f" [{self.tier.label_zh if lang == 'zh' else self.tier.label_en}]")
        if self.value is not None:
            parts.append(f" = {show(self.value)}")
        if self.amount is not None:
            parts.append(f" → {self.amount}")
        return "".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The step as JSON-able data (Decimals as strings)."""
        return {
            "label_en": self.label_en,
            "label_zh": self.label_zh,
            "inputs": {k: jsonable(v) for k, v in self.inputs.items()},
            "amount": None if self.amount is None else str(self.amount),
            "value": jsonable(self.value),
            "tier": None if self.tier is None else _tier_dict(self.tier),
        }


@dataclass(frozen=True)
class Breakdown:
    """One person's amount under one scheme, and how it was reached.

    `flags` are stable machine-readable markers (e.g. "no_performance_pay"); `notes` are
    (English, Chinese) remarks a reader should see next to the amount.
    """

    employee_id: str
    name: str
    scheme: str  # the scheme's kind, e.g. "piece_rate"
    scheme_en: str
    scheme_zh: str
    amount: Decimal
    steps: tuple[Step, ...]
    inputs: dict[str, Value] = field(default_factory=dict)
    tier: Tier | None = None
    flags: tuple[str, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()
    labels: Labels = field(default_factory=dict)
    source: Source = field(default_factory=Source)

    def render(self, lang: str = "zh") -> str:
        """The breakdown as text, one step per line.

        Args:
            lang: "zh" or "en".
        Returns:
            Multi-line text ending with the amount.
        """
        scheme = self.scheme_zh if lang == "zh" else self.scheme_en
        lines = [f"{self.name} ({self.employee_id}) — {scheme}"]
        if self.tier is not None:
            tier = self.tier.label_zh if lang == "zh" else self.tier.label_en
            lines.append(("  档位: " if lang == "zh" else "  tier: ") + tier)
        for number, step in enumerate(self.steps, 1):
            lines.append(f"  {number}. {step.render(lang, self.labels)}")
        for en, zh in self.notes:
            lines.append(("  注: " if lang == "zh" else "  note: ") + (zh if lang == "zh" else en))
        lines.append(("  金额: " if lang == "zh" else "  amount: ") + str(self.amount))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The breakdown as JSON-able data (Decimals as strings, exact to the cent)."""
        return {
            "employee_id": self.employee_id,
            "name": self.name,
            "scheme": self.scheme,
            "scheme_en": self.scheme_en,
            "scheme_zh": self.scheme_zh,
            "amount": str(self.amount),
            "inputs": {k: jsonable(v) for k, v in self.inputs.items()},
            "tier": None if self.tier is None else _tier_dict(self.tier),
            "steps": [s.to_dict() for s in self.steps],
            "flags": list(self.flags),
            "notes": [{"en": en, "zh": zh} for en, zh in self.notes],
            "source": str(self.source),
        }


def money_step(
    label_en: str,
    label_zh: str,
    amount: Decimal,
    inputs: dict[str, Value] | None = None,
    tier: Tier | None = None,
) -> Step:
    """A step producing money, rounded half up to the cent.

    Args:
        label_en: what the step does, in English.
        label_zh: the same in Chinese.
        amount: the exact amount; rounded here.
        inputs: the inputs the step used.
        tier: the tier applied, if any.
    Returns:
        The step.
    """
    return Step(label_en, label_zh, dict(inputs or {}), to_money(amount), None, tier)


def show(value: Value) -> str:
    """A value as text for explanations (Decimals without exponent)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def jsonable(value: Value) -> Any:
    """A value as JSON-able data: Decimals become strings so no cent is lost."""
    if isinstance(value, Decimal):
        return plain(value)
    return value


#: words of a label that name a rate: its values are fractions, shown as percentages
_RATE_WORDS = ("rate", "attainment", "accuracy", "satisfaction", "率", "满意度")


def _shown(name: str, value: Value, label: tuple[str, str] | None) -> str:
    """An input's value as HR reads it: a rate of 0.955 as 95.5%, anything else as is
    (`label`: the input's (en, zh) label, if it has one)."""
    if not isinstance(value, Decimal):
        return show(value)
    if abs(value) <= 2:  # only then do the words matter
        words = " ".join(label).lower() if label else name.lower()
        if any(w in words for w in _RATE_WORDS):
            return plain(value * 100) + "%"
    return plain(value)  # (as `show` shows a Decimal)


def _tier_dict(tier: Tier) -> dict[str, str]:
    return {"code": tier.code, "label_en": tier.label_en, "label_zh": tier.label_zh}
