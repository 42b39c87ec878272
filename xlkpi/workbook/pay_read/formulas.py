"""Named formulas and pools: the Formulas table, the pool roles and the pool inputs, over
the core's presets."""

from __future__ import annotations

from xlkpi.core.cents import as_decimal
from xlkpi.core.money import (
    PRESETS,
    FormulaError,
    FormulaScheme,
    MoneyError,
    PoolRole,
    PoolSplitScheme,
    compile_formula,
)
from xlkpi.core.problems import Source
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.pay_read.context import PayContext, parsed_rows
from xlkpi.workbook.pay_read.setup import FormulaDef, PayTable, PoolDef
from xlkpi.workbook.values import CellParser, ValueIssue, parse_key, parse_text


def read_formulas(ctx: PayContext, table: PayTable | None) -> None:
    """The presets, then the Formulas table (pool formulas are kept for `read_pools`)."""
    setup = ctx.setup
    for code, preset in PRESETS.items():
        if isinstance(preset, FormulaScheme):
            setup.formulas[code.casefold()] = FormulaDef(preset, None)
    if table is None:
        return
    cells = CellParser(table.sheet, ctx.problems)
    spec = pl.PAY_TABLES["formulas"]
    seen: dict[str, Source] = {}
    for r, rec in table.records:
        name_src = table.source(r, "name")
        src = table.source(r, "formula")
        try:
            name = parse_key(rec.get("name"))
            text = parse_text(rec.get("formula"))
            note = parse_text(rec.get("note")) if "note" in table.columns else ""
        except ValueIssue as issue:
            cells.report(issue, r, table.columns["formula"], spec.column("formula").label)
            continue
        if not name or not text:
            missing = spec.column("name" if not name else "formula").label
            hint_en = hint_zh = ""
            if name:  # Excel turns a typed "=..." into a worksheet formula (#NAME?)
                hint_en = (
                    " (a formula typed with a leading '=' becomes an Excel formula "
                    "showing #NAME?: format the cell as Text or type it without '=')"
                )
                hint_zh = "（以“=”开头输入的公式会被 Excel 当作工作表公式而显示 #NAME?：请把单元格设为文本格式，或去掉“=”）"
            ctx.problems.error(
                "value.required",
                f"Formulas: {missing.en} is required but the cell is empty{hint_en}",
                f"奖金公式：{missing.zh}不能为空{hint_zh}",
                name_src if not name else src,
            )
            continue
        if name.casefold() in seen:
            ctx.problems.error(
                "pay.formula_duplicate",
                f"Formula name '{name}' is listed twice",
                f"公式名称“{name}”重复",
                seen[name.casefold()],
                name_src,
            )
            continue
        seen[name.casefold()] = name_src
        try:
            compile_formula(text)
        except FormulaError as err:
            ctx.problems.error(
                "money.formula",
                f"Formula '{name}': {err.message_en}: {text}",
                f"公式“{name}”：{err.message_zh}：{text}",
                src,
            )
            continue
        found = PRESETS.get(name)
        if isinstance(found, PoolSplitScheme) or name.casefold() in _pool_names(ctx):
            ctx.pool_formula_text[name.casefold()] = (text, src, note)
            continue
        inputs = found.inputs if isinstance(found, FormulaScheme) else ()
        label_en = note or (found.label_en if found is not None else name)
        label_zh = note or (found.label_zh if found is not None else name)
        setup.formulas[name.casefold()] = FormulaDef(
            FormulaScheme(name, label_en, label_zh, text, inputs), src
        )


def _pool_names(ctx: PayContext) -> set[str]:
    return {c.name.casefold() for c in ctx.setup.choices.values() if c.kind == "pool_split"}


def read_pools(ctx: PayContext, table: PayTable | None) -> None:
    """The presets' pools, then the pools the Pay sheet defines or changes."""
    setup = ctx.setup
    for code, preset in PRESETS.items():
        if isinstance(preset, PoolSplitScheme):
            setup.pools[code.casefold()] = PoolDef(preset, None)
    roles: dict[str, list[tuple[PoolRole, Source]]] = {}
    names: dict[str, str] = {}
    if table is not None:
        for r, v in parsed_rows(ctx, table):
            pool = parse_key(v["pool"])
            src = table.source(r, "formula")
            try:
                role = PoolRole(
                    v["role"],
                    v["role_name"] or v["role"],
                    v["role_name"] or v["role"],
                    as_decimal(v["weight"]),
                    v["formula"],
                )
            except FormulaError as err:
                ctx.problems.error(
                    "money.formula",
                    f"Pool {pool}, role {v['role']}: {err.message_en}: {v['formula']}",
                    f"奖金池 {pool} 角色 {v['role']}：{err.message_zh}：{v['formula']}",
                    src,
                )
                continue
            except MoneyError as err:
                ctx.problems.error(
                    "pay.pool_role",
                    f"Pool {pool}: {err.message_en}",
                    f"奖金池 {pool}：{err.message_zh}",
                    table.source(r, "weight"),
                )
                continue
            roles.setdefault(pool.casefold(), []).append((role, src))
            names.setdefault(pool.casefold(), pool)
    for key in set(roles) | set(ctx.pool_formula_text):
        known = setup.pools.get(key)
        text_src = ctx.pool_formula_text.get(key)
        pool_text = text_src[0] if text_src else (known.scheme.pool_text if known else None)
        name = names.get(key) or (known.scheme.code if known else key)
        where = text_src[1] if text_src else None
        if pool_text is None:
            first = roles[key][0][1]
            ctx.problems.error(
                "pay.pool_formula_missing",
                f"Pool {name} has roles but no pool formula: add a row named {name} to the "
                "Formulas table",
                f"奖金池 {name} 有角色但没有奖金池公式：请在奖金公式表中添加名为 {name} 的行",
                first,
            )
            continue
        if key in roles:
            role_rows = roles[key]
        elif known is not None:
            role_rows = [(r, Source()) for r in known.scheme.roles]
        else:
            ctx.problems.error(
                "pay.pool_roles_missing",
                f"Pool {name} has a pool formula but no roles: list its roles, shares and "
                "member formulas in the pool table",
                f"奖金池 {name} 有奖金池公式但没有角色：请在奖金池分配表中列出角色、比例和个人公式",
                where or Source(ctx.setup.sheet),
            )
            continue
        base = known.scheme if known else None
        note = text_src[2] if text_src else ""
        try:
            scheme = PoolSplitScheme(
                code=name,
                label_en=note or (base.label_en if base else name),
                label_zh=note or (base.label_zh if base else name),
                pool_text=pool_text,
                roles=tuple(r for r, _ in role_rows),
                inputs=base.inputs if base else (),
            )
        except (MoneyError, FormulaError) as err:
            ctx.problems.error(
                "pay.pool",
                f"Pool {name}: {err.message_en}",
                f"奖金池 {name}：{err.message_zh}",
                where or role_rows[0][1],
            )
            continue
        setup.pools[key] = PoolDef(
            scheme, where, {r.code: s for r, s in role_rows if s != Source()}
        )


def read_pool_inputs(ctx: PayContext, table: PayTable | None) -> None:
    """The pools' inputs, per pool and department."""
    if table is None:
        return
    for r, v in parsed_rows(ctx, table):
        if v["value"] is None:  # a template row not filled in yet
            continue
        pool = parse_key(v["pool"]).casefold()
        dept = (v["department"] or "").strip()
        key = (pool, dept)
        name = parse_key(v["input"])
        inputs = ctx.setup.pool_inputs.setdefault(key, {})
        src = table.source(r, "value")
        if name in inputs:
            ctx.problems.error(
                "pay.pool_input_duplicate",
                f"Pool inputs: {name} of pool {v['pool']} ({dept or 'all departments'}) is "
                "given twice",
                f"奖金池数据：奖金池 {v['pool']}（{dept or '全部部门'}）的 {name} 填写了两次",
                src,
            )
            continue
        inputs[name] = as_decimal(v["value"])
        ctx.setup.pool_input_sources.setdefault(key, []).append(src)
