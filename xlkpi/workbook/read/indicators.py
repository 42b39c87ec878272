"""The Indicators sheet: one row per indicator of a position, with its rule parsed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.model import Indicator, ScoredBy
from xlkpi.core.problems import Source
from xlkpi.core.rules import parse_rule  # the package registers its rule types on import
from xlkpi.core.rules.base import Rule, RuleError
from xlkpi.core.valid import ValidRange, default_range, parse_valid_range
from xlkpi.io.cells import a1
from xlkpi.workbook import layout
from xlkpi.workbook.contract.find import FoundTable, is_blank
from xlkpi.workbook.layout import Kind, Label
from xlkpi.workbook.read.context import ReadContext
from xlkpi.workbook.read.positions import Positions, position_ref
from xlkpi.workbook.values import PERCENT_UNITS, CellParser, ValueIssue, parse_text

_TABLE = layout.TABLES["indicators"]


def _label(key: str) -> Label:
    return _TABLE.column(key).label


@dataclass
class _Rows:
    """One pass down the Indicators table: what carries from row to row."""

    ctx: ReadContext
    positions: Positions
    found: FoundTable
    cells: CellParser
    seen: dict[tuple[str, str], int] = field(default_factory=dict)
    last_pos: str | None = None
    last_dim: str = ""
    dim_weights: dict[tuple[str, str], tuple[float, Source]] = field(default_factory=dict)

    def col(self, key: str) -> int:
        return self.found.columns.get(key, 0)

    def at(self, r: int, key: str) -> Source:
        return self.found.source(r, key)

    def parse(self, rec: dict[str, Any], r: int, key: str, kind: Kind, **kw: Any) -> Any:
        return self.cells.parse(rec.get(key), r, self.col(key), kind, _label(key), **kw)


def read_indicators(ctx: ReadContext, positions: Positions) -> list[Indicator]:
    """Every indicator on the Indicators sheet; bad cells and rules are reported."""
    found = ctx.table(_TABLE)
    if found is None:
        return []
    ctx.where.indicators = found
    rows = _Rows(ctx, positions, found, CellParser(found.sheet, ctx.problems))
    out: list[Indicator] = []
    for r, rec in found.rows():
        indicator = _indicator(rows, r, rec)
        if indicator is not None:
            out.append(indicator)
    return out


def _indicator(rows: _Rows, r: int, rec: dict[str, Any]) -> Indicator | None:
    """The indicator of one row, or None when a cell it needs is bad (reported)."""
    ctx, cols, cells = rows.ctx, rows.found.columns, rows.cells
    pos = position_ref(
        ctx, rows.positions, cells, rec.get("position"), r, cols.get("position"), _label("position")
    )
    code = ctx.key(cells, rec.get("code"), r, cols.get("code"), _label("code"))
    name = rows.parse(rec, r, "name", Kind.TEXT, required="name" in cols)
    name_alt = rows.parse(rec, r, "name_alt", Kind.TEXT)
    unit = rows.parse(rec, r, "unit", Kind.TEXT) or ""
    dimension, dim_weight, dw_src = _dimension(rows, r, rec, pos)
    rule = _rule(rows, r, rec)
    percent = unit.strip() in PERCENT_UNITS or getattr(rule, "unit", "") == "%"
    valid = _valid_range(ctx, rec.get("valid"), unit, rule, rows.at(r, "valid"))
    weight = rows.parse(rec, r, "weight", Kind.PERCENT, required="weight" in cols)
    scale = rows.parse(rec, r, "scale", Kind.NUMBER, required=rule is None and "scale" in cols)
    if scale is None and rule is not None:
        scale = rule.max_points
    target = rows.parse(rec, r, "target", Kind.PERCENT if percent else Kind.NUMBER)
    scored_by = _scored_by(rows, r, rec)
    if pos is not None and code:
        ctx.where.listed_codes.add((pos, code))
    if pos is None or not code or weight is None or scale is None or scored_by is None:
        return None
    if not _first_listing(rows, r, pos, code):
        return None
    if rule is not None:
        ctx.where.rules[(pos, code)] = rule
    return Indicator(
        position=pos,
        code=code,
        name=name or code,
        weight=weight,
        scale=float(scale),
        scored_by=ScoredBy(scored_by),
        rule=rule,
        target=target,
        dimension=dimension or "",
        dimension_weight=dim_weight,
        name_alt=name_alt or "",
        unit=unit,
        valid=valid,
        source=Source(rows.found.sheet, a1(r, 0)),
        weight_source=rows.at(r, "weight"),
        dimension_weight_source=dw_src,
    )


def _first_listing(rows: _Rows, r: int, pos: str, code: str) -> bool:
    """Whether this is the first row of (position, code); a repeat is reported."""
    if (pos, code) in rows.seen:
        rows.ctx.problems.error(
            "indicators.duplicate",
            f"Indicator code '{code}' is listed twice for position {pos}",
            f"岗位{pos}的指标编码“{code}”重复",
            rows.at(rows.seen[(pos, code)], "code"),
            rows.at(r, "code"),
        )
        return False
    rows.seen[(pos, code)] = r
    rows.ctx.where.indicator_rows[(pos, code)] = r
    return True


def _dimension(
    rows: _Rows, r: int, rec: dict[str, Any], pos: str | None
) -> tuple[str | None, float, Source]:
    """The row's dimension (a blank carries down within the position: merged cells) and
    its weight (one per dimension; given once, it holds for the dimension's other rows)."""
    dimension = rows.parse(rec, r, "dimension", Kind.TEXT)
    if not dimension and pos == rows.last_pos:
        dimension = rows.last_dim
    rows.last_pos, rows.last_dim = pos, dimension or ""
    dim_weight = rows.parse(rec, r, "dimension_weight", Kind.PERCENT)
    key = (pos or "", dimension or "")
    src = rows.at(r, "dimension_weight")
    if dim_weight is None:
        dim_weight, src = rows.dim_weights.get(key, (1.0, src))
    elif key in rows.dim_weights and dimension:
        prev, prev_src = rows.dim_weights[key]
        if abs(prev - dim_weight) > 1e-9:
            rows.ctx.problems.error(
                "indicators.dimension_weight",
                f"Dimension '{dimension}' of position {pos} has two different weights",
                f"岗位{pos}的维度“{dimension}”有两个不同的权重",
                prev_src,
                src,
            )
    else:
        rows.dim_weights[key] = (dim_weight, src)
    return dimension, dim_weight, src


def _rule(rows: _Rows, r: int, rec: dict[str, Any]) -> Rule | None:
    """The row's parsed rule; None when blank or not understood (reported)."""
    raw = rec.get("rule")
    if "rule" not in rows.found.columns or is_blank(raw):
        return None
    where = rows.ctx.where
    src = rows.at(r, "rule")
    try:
        rule = parse_rule(parse_text(raw), src)
    except ValueIssue as issue:
        where.bad_rule_rows.add(r)
        rows.cells.report(issue, r, rows.col("rule"), _label("rule"))
        return None
    except RuleError as err:
        where.bad_rule_rows.add(r)
        lab = _label("rule")
        rows.ctx.problems.error(
            "rule.invalid", f"{lab.en}: {err.message_en}", f"{lab.zh}：{err.message_zh}", src
        )
        return None
    where.rule_rows[r] = rule
    return rule


def _scored_by(rows: _Rows, r: int, rec: dict[str, Any]) -> str | None:
    """The row's "scored by" choice; a blank one is an error (it is required)."""
    if "scored_by" not in rows.found.columns:
        return None
    lab = _label("scored_by")
    raw = rec.get("scored_by")
    scored_by = rows.cells.choice(raw, r, rows.col("scored_by"), "scored_by", lab)
    if scored_by is None and is_blank(raw):
        actual, raters = (
            layout.CHOICES["scored_by"]["actual"],
            layout.CHOICES["scored_by"]["raters"],
        )
        rows.ctx.problems.error(
            "value.required",
            f"{lab.en} is required: {actual.en} or {raters.en}",
            f"{lab.zh}不能为空：{actual.zh}或{raters.zh}",
            rows.at(r, "scored_by"),
        )
    return scored_by


def _valid_range(
    ctx: ReadContext, raw: object, unit: str, rule: Rule | None, where: Source
) -> ValidRange | None:
    """The indicator's valid range: the Valid range cell, else what its unit implies
    (or, for per-event counts, at least 0)."""
    if is_blank(raw):
        implied = default_range(unit)
        if implied is None and getattr(rule, "kind", "") == "events":
            implied = ValidRange(0.0, None)
        return implied
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = f"≥{raw}"  # a lone number is read as the lowest valid value
    try:
        return parse_valid_range(str(raw))
    except ValueError as exc:
        en, _, zh = str(exc).partition(" / ")
        ctx.problems.error("indicators.valid_range", en, zh or en, where)
        return None
