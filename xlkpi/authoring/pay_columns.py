"""The pay columns of a data sheet: the money inputs a position's pay scheme needs, then
the computed `pay` and `pay_detail` (`xlkpi.workbook.pay_layout` lays them out)."""

from __future__ import annotations

from xlkpi.core.label import Label
from xlkpi.core.money import PRESETS, FormulaScheme, PoolSplitScheme
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.layout import DataColumn


def scheme_inputs(scheme: str) -> tuple[tuple[str, ...], dict[str, Label]]:
    """The money inputs a Positions.pay_scheme text needs, and labels for formula inputs.

    Args:
        scheme: e.g. "salary" or "formula:service_advisor" (a preset name).
    Returns:
        (input names in order, labels of formula inputs).
    """
    choice = pl.parse_pay_scheme(scheme)
    if choice is None:
        return (), {}
    names = list(pl.SCHEME_INPUTS[choice.kind])
    labels: dict[str, Label] = {}
    preset = PRESETS.get(choice.name)
    formulas = []
    if isinstance(preset, FormulaScheme):
        formulas = [preset.formula]
    elif isinstance(preset, PoolSplitScheme):
        formulas = [r.formula for r in preset.roles]
    if preset is not None:
        labels = {i.name: Label(i.label_zh, i.label_en) for i in preset.inputs}
    for formula in formulas:
        for name in formula.names:
            if name.casefold() not in pl.FORMULA_BUILTINS and name not in names:
                names.append(name)
    return tuple(names), labels


def pay_columns(scheme: str, lang: str) -> list[DataColumn]:
    """The pay columns of a data sheet whose position `scheme` pays (inputs, then `pay`
    and `pay_detail`)."""
    names, labels = scheme_inputs(scheme)
    return pl.money_columns(names, lang, labels)


def with_pay_columns(cols: list[DataColumn], scheme: str, lang: str) -> list[DataColumn]:
    """`cols` with the pay inputs before the computed columns and the pay results last
    (`cols` unchanged when `scheme` is "": no money scheme)."""
    if not scheme:
        return cols
    pay = pay_columns(scheme, lang)
    inputs = [c for c in pay if not c.computed]
    results = [c for c in pay if c.computed]
    first_computed = next((i for i, c in enumerate(cols) if c.computed), len(cols))
    return cols[:first_computed] + inputs + cols[first_computed:] + results
