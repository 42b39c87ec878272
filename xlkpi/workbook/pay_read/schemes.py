"""The pay schemes: each position's choice (Positions.pay_scheme), the schemes' parameters,
manager factor bands, piece-rate quotas, tiers and splits, and the repair teams' output."""

from __future__ import annotations

from typing import Any

from xlkpi.core.cents import as_decimal
from xlkpi.core.money import (
    FactorBand,
    ManagerFactorScheme,
    MoneyError,
    PieceRateScheme,
    RateTier,
    SalaryScheme,
    SplitRule,
)
from xlkpi.core.problems import Source
from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.layout import Kind
from xlkpi.workbook.pay_read.context import PayContext, parsed_rows
from xlkpi.workbook.pay_read.setup import PayTable, TeamRow
from xlkpi.workbook.values import CellParser, ValueIssue, is_blank, parse_key, parse_text


def read_choices(ctx: PayContext) -> None:
    """Each position's pay scheme (Positions.pay_scheme); unknown schemes are reported."""
    place = ctx.outcome.where.positions  # found by read_assessment
    if place is None:
        return
    if "pay_scheme" not in place.columns or "code" not in place.columns:
        return
    table = layout.TABLES["positions"]
    known = ctx.outcome.where.position_names
    for r, rec in place.rows():
        raw_code, raw = rec["code"], rec["pay_scheme"]
        if is_blank(raw) or is_blank(raw_code):
            continue
        src = place.source(r, "pay_scheme")
        try:
            code = parse_key(raw_code)
            choice = pl.parse_pay_scheme(parse_text(raw))
        except ValueIssue as issue:
            ctx.problems.error(issue.code, issue.message_en, issue.message_zh, src)
            continue
        except pl.PaySchemeError as err:
            col = table.column("pay_scheme").label
            ctx.problems.error(
                "pay.scheme_unknown",
                f"{col.en}: {err.message_en}",
                f"{col.zh}：{err.message_zh}",
                src,
            )
            continue
        if code in known and choice is not None:
            ctx.setup.choices[code] = choice
            ctx.setup.choice_sources[code] = src


# -- scheme parameters, bands, quotas, tiers, splits ---------------------------------


def read_schemes(ctx: PayContext, tables: dict[str, PayTable]) -> None:
    """The salary, manager-factor and piece-rate schemes from the Pay sheet's tables."""
    kwargs: dict[str, dict[str, Any]] = {"salary": {}, "manager_factor": {}, "piece_rate": {}}
    where: dict[tuple[str, str], Source] = {}
    params = tables.get("pay_params")
    if params is not None:
        _params(ctx, params, kwargs, where)
    bands = tables.get("factor_bands")
    if bands is not None:
        _bands(ctx, bands, kwargs["manager_factor"], where)
    quotas = tables.get("quotas")
    if quotas is not None:
        rows = parsed_rows(ctx, quotas)
        kwargs["piece_rate"]["daily_quota"] = tuple(
            (v["team_size"], as_decimal(v["per_day"])) for _, v in rows
        )
        where[("piece_rate", "daily_quota")] = quotas.header_source
    tiers = tables.get("tiers")
    if tiers is not None:
        rows = parsed_rows(ctx, tiers)
        kwargs["piece_rate"]["tiers"] = tuple(
            RateTier(
                as_decimal(v["min_rate"]), as_decimal(v["per_unit"]), as_decimal(v["base_share"])
            )
            for _, v in rows
        )
        where[("piece_rate", "tiers")] = tiers.header_source
        for name in ("min_rate", "per_unit", "base_share"):
            where[("piece_rate", name)] = where[("piece_rate", "tiers")]
    splits = tables.get("splits")
    if splits is not None:
        rows = parsed_rows(ctx, splits)
        kwargs["piece_rate"]["splits"] = tuple(
            SplitRule(
                v["engineers"],
                v["assistants"],
                as_decimal(v["engineer_weight"]),
                as_decimal(v["assistant_weight"]),
            )
            for _, v in rows
        )
    classes = {
        "salary": SalaryScheme,
        "manager_factor": ManagerFactorScheme,
        "piece_rate": PieceRateScheme,
    }
    for kind, cls in classes.items():
        try:
            scheme = cls(**kwargs[kind])
        except MoneyError as err:
            src = where.get((kind, err.field or ""), Source(ctx.setup.sheet))
            label = pl.PAY_SCHEME_LABELS[kind]
            ctx.problems.error(
                "pay.parameter",
                f"{label.en}: {err.message_en}",
                f"{label.zh}：{err.message_zh}",
                src,
            )
            continue
        setattr(ctx.setup, {"manager_factor": "manager"}.get(kind, kind), scheme)


def _params(
    ctx: PayContext,
    table: PayTable,
    kwargs: dict[str, dict[str, Any]],
    where: dict[tuple[str, str], Source],
) -> None:
    cells = CellParser(table.sheet, ctx.problems)
    spec = pl.PAY_TABLES["pay_params"]
    seen: dict[tuple[str, str], Source] = {}
    for r, rec in table.records:
        scheme_src = table.source(r, "scheme")
        try:
            scheme_text = parse_text(rec.get("scheme"))
        except ValueIssue as issue:
            cells.report(issue, r, table.columns["scheme"], spec.column("scheme").label)
            continue
        kind = pl.scheme_kind(scheme_text)
        if kind not in kwargs:
            with_params = ", ".join(pl.PAY_SCHEME_LABELS[k].en for k in kwargs)
            with_params_zh = "、".join(pl.PAY_SCHEME_LABELS[k].zh for k in kwargs)
            ctx.problems.error(
                "pay.parameter_scheme",
                f"Scheme parameters: '{scheme_text}' is not a scheme with parameters "
                f"({with_params})",
                f"方案参数：“{scheme_text}”不是有参数的方案（{with_params_zh}）",
                scheme_src,
            )
            continue
        param_src = table.source(r, "parameter")
        param = pl.find_param(kind, rec.get("parameter"))
        if param is None:
            names = ", ".join(p.label.en for p in pl.PAY_PARAMS if p.scheme == kind)
            names_zh = "、".join(p.label.zh for p in pl.PAY_PARAMS if p.scheme == kind)
            ctx.problems.error(
                "pay.parameter_unknown",
                f"Scheme parameters: '{parse_text(rec.get('parameter'))}' is not a "
                f"parameter of {pl.PAY_SCHEME_LABELS[kind].en} ({names})",
                f"方案参数：“{parse_text(rec.get('parameter'))}”不是"
                f"{pl.PAY_SCHEME_LABELS[kind].zh}的参数（{names_zh}）",
                param_src,
            )
            continue
        value_src = table.source(r, "value")
        if (kind, param.key) in seen:
            ctx.problems.error(
                "pay.parameter_duplicate",
                f"Scheme parameters: {param.label.en} of {pl.PAY_SCHEME_LABELS[kind].en} "
                "is given twice",
                f"方案参数：{pl.PAY_SCHEME_LABELS[kind].zh}的“{param.label.zh}”填写了两次",
                seen[(kind, param.key)],
                value_src,
            )
            continue
        seen[(kind, param.key)] = value_src
        value = cells.parse(
            rec.get("value"), r, table.columns["value"], param.kind, param.label, required=True
        )
        if value is None:
            continue
        kwargs[kind][param.key] = value if param.kind is Kind.INTEGER else as_decimal(value)
        where[(kind, param.key)] = value_src


def _bands(
    ctx: PayContext, table: PayTable, kwargs: dict[str, Any], where: dict[tuple[str, str], Source]
) -> None:
    rows = parsed_rows(ctx, table)
    src = table.header_source
    where[("manager_factor", "bands")] = src
    where[("manager_factor", "min_average")] = src
    where[("manager_factor", "factor")] = src
    where[("manager_factor", "below_factor")] = src
    if not rows:
        return
    last_row, last = rows[-1]
    if as_decimal(last["min_average"]) != 0:
        ctx.problems.error(
            "pay.bands_floor",
            "Manager factor bands: the last band must start at 0 (it gives the factor "
            "below every other band)",
            "经理绩效系数档位：最后一档必须从 0 分开始（它是低于其他各档时的系数）",
            table.source(last_row, "min_average"),
        )
        return
    kwargs["bands"] = tuple(
        FactorBand(as_decimal(v["min_average"]), as_decimal(v["factor"])) for _, v in rows[:-1]
    )
    kwargs["below_factor"] = as_decimal(last["factor"])


# -- repair teams -------------------------------------------------------------------


def read_teams(ctx: PayContext, table: PayTable | None) -> None:
    """The repair teams' month (the team output table)."""
    if table is None:
        return
    ctx.setup.teams_table = table.header_source
    for r, v in parsed_rows(ctx, table):
        team = parse_key(v["team"])
        src = table.source(r, "team")
        if team in ctx.setup.teams:
            ctx.problems.error(
                "pay.team_duplicate",
                f"Repair team {team} is listed twice",
                f"维修班组 {team} 重复",
                ctx.setup.teams[team].source,
                src,
            )
            continue
        ctx.setup.teams[team] = TeamRow(
            team=team,
            size=v["size"],
            working_days=v["working_days"],
            passed_units=v["passed_units"],
            on_time_rate=as_decimal(v["on_time_rate"]),
            short_of_returns=v["short_of_returns"] == "yes",
            source=src,
            cells={k: table.source(r, k) for k in table.columns},
        )
