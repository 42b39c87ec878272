"""Structure checks before any amount: each position's scheme exists on the Pay sheet and
its data sheet has a column for every input the scheme needs."""

from __future__ import annotations

from xlkpi.core.problems import Problems, Source
from xlkpi.workbook import pay_layout as pl
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


def check_columns(setup: PaySetup, read: ReadOutcome, problems: Problems) -> None:
    """Report each position whose scheme is not on the Pay sheet, or whose data sheet
    lacks a column the scheme needs."""
    for position, choice in setup.choices.items():
        src = setup.choice_sources[position]
        if choice.kind == "formula" and setup.formula(choice.name) is None:
            known = ", ".join(sorted(f.scheme.code for f in setup.formulas.values()))
            problems.error(
                "pay.formula_unknown",
                f"Position {position}: there is no formula named '{choice.name}' in the "
                f"Formulas table of the Pay sheet (formulas: {known})",
                f"岗位{position}：“薪酬”表的奖金公式中没有名为“{choice.name}”的公式（现有：{known}）",
                src,
            )
            continue
        if choice.kind == "pool_split" and setup.pool(choice.name) is None:
            known = ", ".join(sorted(p.scheme.code for p in setup.pools.values()))
            problems.error(
                "pay.pool_unknown",
                f"Position {position}: there is no pool named '{choice.name}' on the Pay sheet "
                f"(pools: {known})",
                f"岗位{position}：“薪酬”表中没有名为“{choice.name}”的奖金池（现有：{known}）",
                src,
            )
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
