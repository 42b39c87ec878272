"""Structure checks before any amount: each position's scheme exists on the Pay sheet and
its data sheet has a column for every input the scheme needs."""

from __future__ import annotations

from xlkpi.core.problems import Problems, Source
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.pay_layout import PayChoice
from xlkpi.workbook.pay_read import PaySetup
from xlkpi.workbook.read import ReadOutcome

_REQUIRED: dict[str, tuple[str, ...]] = {
    "salary": ("standard_pay", "days_attended", "performance_base"),
    "manager_factor": ("performance_base",),
    "piece_rate": ("role",),
    "formula": (),
    "pool_split": (),
}


def _needed(setup: PaySetup, position: str) -> tuple[list[str], Source | None]:
    """The money columns a position's scheme needs, and the Pay cell asking for them."""
    choice = setup.choices[position]
    needed = list(_REQUIRED[choice.kind])
    where: Source | None = None
    if choice.kind == "formula":
        found = setup.formula(choice.name)
        if found is not None:
            needed += [
                n for n in found.scheme.formula.names if n.casefold() not in pl.FORMULA_BUILTINS
            ]
            where = found.source
    elif choice.kind == "pool_split":
        pool = setup.pool(choice.name)
        if pool is not None:
            for role in pool.scheme.roles:
                needed += [
                    n
                    for n in role.formula.names
                    if n.casefold() not in pl.FORMULA_BUILTINS and n not in needed
                ]
            where = pool.source
    return needed, where


#: a formula or pool a position names that the Pay sheet lacks: code, English, Chinese
_UNKNOWN = {
    "formula": (
        "pay.formula_unknown",
        "there is no formula named '{name}' in the Formulas table of the Pay sheet "
        "(formulas: {known})",
        "“薪酬”表的奖金公式中没有名为“{name}”的公式（现有：{known}）",
    ),
    "pool_split": (
        "pay.pool_unknown",
        "there is no pool named '{name}' on the Pay sheet (pools: {known})",
        "“薪酬”表中没有名为“{name}”的奖金池（现有：{known}）",
    ),
}


def _unknown_scheme(
    setup: PaySetup, position: str, choice: PayChoice, src: Source, problems: Problems
) -> bool:
    """Report the formula or pool a position names when the Pay sheet has none by that
    name; True when reported."""
    found: object
    if choice.kind == "formula":
        found = setup.formula(choice.name)
        names = [f.scheme.code for f in setup.formulas.values()]
    elif choice.kind == "pool_split":
        found = setup.pool(choice.name)
        names = [p.scheme.code for p in setup.pools.values()]
    else:
        return False
    if found is not None:
        return False
    code, en, zh = _UNKNOWN[choice.kind]
    known = ", ".join(sorted(names))
    problems.error(
        code,
        f"Position {position}: " + en.format(name=choice.name, known=known),
        f"岗位{position}：" + zh.format(name=choice.name, known=known),
        src,
    )
    return True


def check_columns(setup: PaySetup, read: ReadOutcome, problems: Problems) -> None:
    """Report each position whose scheme is not on the Pay sheet, or whose data sheet
    lacks a column the scheme needs."""
    for position, choice in setup.choices.items():
        src = setup.choice_sources[position]
        if _unknown_scheme(setup, position, choice, src, problems):
            continue
        place = read.where.data.get(position)
        if place is None:
            continue
        have = {
            k[len(pl.MONEY_PREFIX) :].casefold()
            for k in place.columns
            if k.startswith(pl.MONEY_PREFIX)
        }
        needed, formula_cell = _needed(setup, position)
        missing = [n for n in needed if n.casefold() not in have]
        if missing:
            keys = ", ".join(pl.money_key(n) for n in missing)
            scheme = choice.label("en")
            problems.error(
                "pay.column_missing",
                f"Data sheet '{place.sheet}' has no column for the pay input(s) {keys} that "
                f"{scheme} needs (add them to key row {place.key_row + 1})",
                f"数据表“{place.sheet}”缺少{choice.label('zh')}所需的薪酬数据列 {keys}"
                f"（请在第{place.key_row + 1}行键行添加）",
                *[
                    s
                    for s in (Source(place.sheet, f"A{place.key_row + 1}"), src, formula_cell)
                    if s is not None
                ],
            )
