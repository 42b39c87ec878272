"""One export cell into the workbook cell it fills: parsed by the one value parser
(`xlkpi.workbook.values`), converted from the source column's unit (minutes to the
indicator's seconds), and stored as the cell shows it (percentages as fractions with a
percent format, amounts with the money format)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import CellInput, Styled
from xlkpi.workbook import layout, values
from xlkpi.workbook import pay_layout as pl

from .columns import Note, column_name
from .forms import Detected
from .headers import SECONDS_PER, unit_of
from .sources import ExportTable
from .target import Target


def report_issue(
    problems: Problems, issue: values.ValueIssue, where: Source, what: str = ""
) -> None:
    """Report a value that does not parse as an error at `where`, after `what` names it."""
    en = f"{what}: {issue.message_en}" if what else issue.message_en
    zh = f"{what}：{issue.message_zh}" if what else issue.message_zh
    problems.error(issue.code, en, zh, where)


def money_cell(amount: Decimal) -> CellInput:
    """An amount as the workbook stores it: a number with the money format."""
    return Styled(float(amount), layout.FORMATS["money"])


# --- values ------------------------------------------------------------------------------


def plain(value: CellInput) -> Any:
    """The value of a cell to write, without its format (to compare and show it)."""
    return value.value if isinstance(value, Styled) else value


def converts(source_unit: str, unit: str) -> bool:
    """Whether values in `source_unit` are converted to the indicator's time `unit`."""
    unit = unit_of(unit)  # the indicator's unit as written: 秒, s, sec
    return source_unit in SECONDS_PER and unit in SECONDS_PER and source_unit != unit


def conversion_note(
    found: Detected, col: int, source_unit: str, unit: str, table: ExportTable
) -> Note:
    """The note telling HR a column's times were converted ("分钟已换算为秒（×60）")."""
    unit = unit_of(unit)
    factor = SECONDS_PER[source_unit] / SECONDS_PER[unit]
    shown = f"×{factor:g}" if factor >= 1 else f"÷{1 / factor:g}"
    units_en = {"秒": "seconds", "分钟": "minutes", "小时": "hours"}
    return Note(
        f"column {found.header(col)}: {units_en[source_unit]} converted to "
        f"{units_en[unit]} ({shown})",
        f"列{column_name(found, col)}：{source_unit}已换算为{unit}（{shown}）",
        table.source(table.rows[found.header_row].number, col),
    )


def parse_cell(
    raw: Any,
    key: str,
    unit: str,
    where: Source,
    problems: Problems,
    what: str = "",
    *,
    source_unit: str = "",
) -> CellInput | None:
    """The number to write for one input cell, parsed as `xlkpi.workbook.values` parses
    workbook cells and stored as the cell shows it: in a percent column the fraction with
    a percent format (93, "93%" and 0.93 are all 0.93, shown 93.0%; a plain 1 < x <= 2 is
    warned about), a time in the column's unit converted to the indicator's (minutes to
    seconds), "90%" elsewhere as 0.9 formatted as a percentage, as Excel stores it."""
    dk = layout.parse_data_key(key)
    yes_no = dk is not None and dk.kind == "input"
    money = pl.MONEY_INPUTS.get(dk.code) if dk is not None and dk.kind == "money" else None
    if money is not None and money.kind is not layout.Kind.NUMBER:
        return _parse_money_input(raw, money, where, problems, what or key)
    convert = converts(source_unit, unit)
    try:
        number = values.parse_number(raw, unit=source_unit if convert else unit, yes_no=yes_no)
    except values.ValueIssue as issue:
        report_issue(problems, issue, where, what or key)
        return None
    if number is None:  # pragma: no cover - callers skip blank cells
        return None
    typed_percent = isinstance(raw, str) and "%" in values.fold_text(raw)
    if unit.strip() in values.PERCENT_UNITS and not yes_no:
        if not typed_percent:
            if source_unit == "%":  # the header says the figures are percent points
                number = number / 100
            else:
                if values.is_ambiguous_percent(raw):
                    problems.warning(
                        "value.percent_ambiguous",
                        f"{what or key}: {raw} read as {raw}% (a fraction above 1 is "
                        "not a rate); if it meant more than 100%, write it with a % sign",
                        f"{what or key}：{raw} 按 {raw}% 读取；如果本意是超过 100%，请带 % 号填写",
                        where,
                    )
                number = values.percent_from_plain(number)
            return Styled(round(number, 12), layout.FORMATS["percent"])
    elif convert:
        number = round(number * SECONDS_PER[source_unit] / SECONDS_PER[unit_of(unit)], 9)
    if typed_percent:
        digits = len(values.fold_text(raw).rstrip("%").partition(".")[2])
        return Styled(number, "0%" if digits == 0 else "0." + "0" * min(digits, 4) + "%")
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _parse_money_input(
    raw: Any, money: pl.MoneyInput, where: Source, problems: Problems, what: str
) -> CellInput | None:
    """A pay input of a kind other than a plain number: a role (text), an amount (never
    negative, written with the money format) or a count (a whole number, never negative).
    Formula inputs and other numbers go through `parse_cell` like actuals."""
    number: Decimal | int | None
    result: CellInput
    try:
        if money.kind is layout.Kind.TEXT:
            return values.parse_text(raw)
        if money.kind is layout.Kind.MONEY:
            number = values.parse_money(raw)
            result = None if number is None else money_cell(number)
        else:
            number = values.parse_integer(raw)
            result = number
    except values.ValueIssue as issue:
        report_issue(problems, issue, where, what)
        return None
    if number is not None and number < 0:
        problems.error(
            "import.negative",
            f"{what}: {number} is negative",
            f"{what}：{number} 为负数",
            where,
        )
        return None
    return result


def indicator_unit(target: Target, position: str, key: str) -> str:
    """The unit of the indicator an input column belongs to ("秒", "%", ""), for parsing."""
    dk = layout.parse_data_key(key)
    if dk is None or dk.kind != "actual":
        return ""
    for ind in target.indicators.get(position, []):
        if ind.code == dk.code:
            return ind.unit
    return ""
