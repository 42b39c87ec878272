"""The money part of data sheets: pay inputs keyed `m:<input>` and the pay results (`pay`,
`pay_detail`). Part of the pay contract (`pay_layout` re-exports these names)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from xlkpi.core.label import Label
from xlkpi.core.money import PRESETS
from xlkpi.workbook.layout import FORMATS, DataColumn, Kind, normalise_label

L = Label


MONEY_PREFIX = "m:"


def money_key(name: str) -> str:
    """The key-row key of a money input (`m:<name>`)."""
    return f"{MONEY_PREFIX}{name}"


@dataclass(frozen=True)
class MoneyInput:
    """A money input HR keys on a data sheet: its name, label and what the cell holds."""

    key: str
    label: Label
    kind: Kind


MONEY_INPUTS: dict[str, MoneyInput] = {
    m.key: m
    for m in (
        MoneyInput("standard_pay", L("标准工资", "Standard pay"), Kind.MONEY),
        MoneyInput("days_attended", L("实际出勤天数", "Days attended"), Kind.NUMBER),
        MoneyInput("performance_base", L("绩效工资基数", "Performance-pay base"), Kind.MONEY),
        MoneyInput("complaints", L("投诉次数", "Complaints"), Kind.INTEGER),
        MoneyInput(
            "escalated_complaints",
            L("投诉至总经理次数", "Complaints escalated to GM"),
            Kind.INTEGER,
        ),
        MoneyInput("team_complaints", L("团队投诉次数", "Team complaints"), Kind.INTEGER),
        MoneyInput("team_average", L("团队平均分", "Team average"), Kind.NUMBER),
        MoneyInput("role", L("角色", "Role"), Kind.TEXT),
        MoneyInput("base_pay", L("底薪", "Base pay"), Kind.MONEY),
        MoneyInput("merit_points", L("额外绩效分", "Merit points"), Kind.NUMBER),
        MoneyInput("share", L("分配比例", "Split share"), Kind.NUMBER),
        MoneyInput("score", L("考核分（留空用总分）", "Score (blank: the total)"), Kind.NUMBER),
    )
}

#: the money inputs each scheme reads; formula schemes read their formula's names
SCHEME_INPUTS: dict[str, tuple[str, ...]] = {
    "salary": (
        "standard_pay",
        "days_attended",
        "performance_base",
        "complaints",
        "escalated_complaints",
    ),
    "manager_factor": ("performance_base", "team_complaints", "standard_pay", "days_attended"),
    "piece_rate": ("role", "base_pay", "merit_points"),
    "formula": (),
    "pool_split": ("role",),
}

#: inputs a blank cell of which counts as 0 (counts and points, as for rule inputs)
ZERO_WHEN_BLANK = frozenset({"complaints", "escalated_complaints", "merit_points"})

#: formula names that are not data-sheet columns
FORMULA_BUILTINS = frozenset({"score", "pool_share"})

PAY_INPUTS_GROUP = L("薪酬数据", "Pay inputs")
PAY_RESULTS_GROUP = L("薪酬（计算结果，请勿填写）", "Pay (computed, do not edit)")

PAY_RESULT_COLUMNS: list[tuple[str, Label]] = [
    ("pay", L("薪酬金额", "Pay")),
    ("pay_detail", L("薪酬明细", "Pay breakdown")),
]


def input_labels(name: str) -> list[Label]:
    """Every label a money input goes by: MONEY_INPUTS, then the presets' formula inputs
    (a name some presets label differently, e.g. care_commission, has several).

    Args:
        name: the input's name, as keyed after `m:` ("base_pay", "gross_profit").
    Returns:
        The labels, known ones first; empty for a name no one labels.
    """
    out = [MONEY_INPUTS[name].label] if name in MONEY_INPUTS else []
    for preset in PRESETS.values():
        for i in preset.inputs:
            label = L(i.label_zh, i.label_en)
            if i.name == name and label not in out:
                out.append(label)
    return out


def input_name(text: object) -> str | None:
    """The money input a label (either language) or name names, or None."""
    norm = normalise_label(text)
    return _names_by_spelling().get(norm) if norm else None


@cache
def _names_by_spelling() -> dict[str, str]:
    """Every spelling of a money input (its name, casefolded; its labels, normalised) ->
    the input, built once: where two inputs share a spelling, MONEY_INPUTS and then the
    presets' order decides, the first one wins."""
    out: dict[str, str] = {}
    for name in [*MONEY_INPUTS, *(i.name for p in PRESETS.values() for i in p.inputs)]:
        out.setdefault(name.casefold(), name)
        for label in input_labels(name):
            for spelling in label.spellings():
                out.setdefault(normalise_label(spelling), name)
    return out


def money_columns(
    inputs: tuple[str, ...], lang: str, labels: dict[str, Label] | None = None
) -> list[DataColumn]:
    """The pay columns of a data sheet: one per money input, then the results.

    Args:
        inputs: money input names (e.g. SCHEME_INPUTS["salary"] or a formula's names).
        lang: "zh" or "en".
        labels: labels of formula inputs (InputLabel of the presets); the name is shown
            when neither this nor MONEY_INPUTS knows it.
    Returns:
        DataColumns keyed `m:<input>`, then `pay` and `pay_detail`.
    """
    extra = labels or {}
    group = PAY_INPUTS_GROUP(lang)
    cols = []
    for name in inputs:
        known = MONEY_INPUTS.get(name)
        label = known.label(lang) if known else (extra[name](lang) if name in extra else name)
        fmt = FORMATS["money"] if known is not None and known.kind is Kind.MONEY else None
        cols.append(DataColumn(money_key(name), group, label, number_format=fmt))
    results = PAY_RESULTS_GROUP(lang)
    cols.append(
        DataColumn(
            "pay",
            results,
            PAY_RESULT_COLUMNS[0][1](lang),
            computed=True,
            number_format=FORMATS["money"],
        )
    )
    cols.append(DataColumn("pay_detail", results, PAY_RESULT_COLUMNS[1][1](lang), computed=True))
    return cols
