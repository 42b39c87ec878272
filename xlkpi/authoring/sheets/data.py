"""A position's data sheet: one row per employee, inputs and results side by side.

Rows follow the workbook contract (layout.py): title, group row (indicator names over
their input columns), header row, the hidden key row, then data rows. Columns are exactly
`layout.data_columns(...)`. Input columns are yellow and unlocked; points and results are
grey and written by Calculate, unlocked so that xlwings Lite (which cannot lift sheet
protection) can write them.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from xlkpi.authoring.book import Book
from xlkpi.authoring.printing import wrapped_height
from xlkpi.authoring.sample_data import values_for
from xlkpi.authoring.sheets.common import DATA_ROWS, protect
from xlkpi.authoring.sheets.table_kit import (
    NAME_GAP,
    NAME_IDS,
    NAME_PERIOD,
    calculate_button,
    duplicate_check,
    grade_colours,
    list_check,
    unknown_id_check,
)
from xlkpi.authoring.spec import IndicatorSpec, PositionSpec
from xlkpi.authoring.styles import MUTED, NAVY
from xlkpi.authoring.texts import DATA_HINT
from xlkpi.core.label import Label
from xlkpi.core.model import Rater
from xlkpi.core.rules import LevelsRule, RequirementsRule
from xlkpi.io.cells import column_letter
from xlkpi.workbook.layout import (
    FIRST_DATA_ROW,
    GROUP_ROW,
    HEADER_ROW,
    KEY_ROW,
    TITLE_ROW,
    DataColumn,
    Kind,
    parse_data_key,
)
from xlkpi.workbook.pay_layout import MONEY_INPUTS

LAST_DATA_ROW = FIRST_DATA_ROW + DATA_ROWS - 1

WIDTHS = {"fixed": 11.0, "actual": 11.0, "rater": 7.5, "input": 8.5, "points": 11.0}
RESULT_WIDTHS = {
    "subtotal": 10.0,
    "adjustment": 10.0,
    "total": 8.0,
    "rank": 6.0,
    "grade": 6.5,
    "bonus": 12.0,
    "note": 42.0,
}


def levels_of(ind: IndicatorSpec) -> int | None:
    """The number of levels a rater picks from, for behaviour-level rules (1级…5级)."""
    rule = ind.rule("zh") or ind.rule("en")
    return len(rule.points) if isinstance(rule, LevelsRule) else None


def is_checklist(ind: IndicatorSpec, lang: str) -> bool:
    """Inputs are requirements answered 1 (met) / 0 (unmet), not event counts."""
    return isinstance(ind.rule(lang), RequirementsRule)


def write(book: Book, position: PositionSpec) -> None:
    """Add a position's data sheet: its people, inputs, scores and the result columns Calculate
    fills."""
    st = book.styles
    lang = book.lang
    ws = book.wb.add_worksheet(book.data_sheets[position.code])
    ws.hide_gridlines(2)
    cols = position.columns(lang)
    n = len(cols)

    # Column formats and widths first: yellow inputs, grey results, all the way down.
    for c, col in enumerate(cols):
        ws.set_column(c, c, _width(col), _column_format(book, position, col))

    # Title: position name over its period (a formula on the period setting), within the
    # ID and name columns, which print on every page, so no page cuts it.
    title = position.name(lang)
    period = str(book.content.settings.get("period") or "")
    title_fmt = st.fmt(bold=True, font_size=12, font_color=NAVY, text_wrap=True, valign="top")
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, 1, "", title_fmt)
    ws.write_formula(
        TITLE_ROW,
        0,
        f'="{title}"&IF({NAME_PERIOD}="","",CHAR(10)&{NAME_PERIOD})',
        title_fmt,
        f"{title}\n{period}" if period else title,
    )
    both = _width(cols[0]) + _width(cols[1])
    ws.set_row(TITLE_ROW, wrapped_height((title, both / 1.25), line=17) + 17)
    plain = st.fmt()
    for c in range(2, n):
        ws.write_blank(TITLE_ROW, c, None, plain)

    # Group row: one merged label per indicator over its input columns, one over results.
    groups = _groups(cols)
    # tall enough for the longest indicator name over its columns, and for the hint
    ws.set_row(
        GROUP_ROW,
        wrapped_height(
            *((g, sum(_width(cols[c]) for c in range(c0, c1 + 1))) for c0, c1, g, _ in groups),
            (DATA_HINT(lang), (_width(cols[0]) + _width(cols[1])) * 1.3),
            minimum=36,
        ),
    )
    for c0, c1, group, computed in groups:
        fmt = st.results_group() if computed else (st.group() if group else st.fmt())
        if c1 > c0:
            ws.merge_range(GROUP_ROW, c0, GROUP_ROW, c1, group, fmt)
        else:
            ws.write_string(GROUP_ROW, c0, group, fmt)
    ws.merge_range(
        GROUP_ROW,
        0,
        GROUP_ROW,
        1,
        DATA_HINT(lang),
        st.fmt(font_size=8, font_color=MUTED, text_wrap=True, valign="top"),
    )
    # Header and key rows.
    ws.set_row(HEADER_ROW, wrapped_height(*((c.header, _width(c)) for c in cols), minimum=42))
    ws.set_row(KEY_ROW, None, None, {"hidden": True})
    for c, col in enumerate(cols):
        ws.write_string(HEADER_ROW, c, col.header, st.header())
        ws.write_string(KEY_ROW, c, col.key, st.key_row())

    # Rows of the people in this position.
    people = book.content.people_in(position.code)
    for i, person in enumerate(people):
        r = FIRST_DATA_ROW + i
        values = values_for(position, book.content.values.get(person.id, {}), lang)
        for c, col in enumerate(cols):
            key = parse_data_key(col.key)
            if col.computed:
                continue
            fmt = _column_format(book, position, col)
            if col.key == "id":
                ws.write_string(r, c, person.id, fmt)
            elif col.key == "name":
                ws.write_string(r, c, person.name(lang), fmt)
            elif key is not None and col.key in values:
                value = values[col.key]
                if isinstance(value, Label):  # text, e.g. a role (工程师 / engineer)
                    ws.write_string(r, c, value(lang), fmt)
                else:
                    ws.write_number(r, c, float(value), fmt)

    _validations(book, ws, position, cols)
    _conditional_formats(book, ws, position, cols)

    ws.freeze_panes(FIRST_DATA_ROW, 2)
    ws.autofilter(HEADER_ROW, 0, LAST_DATA_ROW, n - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(GROUP_ROW, HEADER_ROW)
    ws.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.5)
    ws.set_footer(f"&L{title}&R&P / &N")
    calculate_button(book, ws, TITLE_ROW, _button_column(cols))
    protect(ws)


def _width(col: DataColumn) -> float:
    key = parse_data_key(col.key)
    if key is None:
        return 10.0
    if key.kind == "result":
        return RESULT_WIDTHS.get(key.code, 10.0)
    return WIDTHS.get(key.kind, 10.0)


def _button_column(cols: list[DataColumn]) -> int:
    """The first column right of the title text (about 40 characters in)."""
    total = 0.0
    for c, col in enumerate(cols):
        total += _width(col)
        if total >= 40:
            return c + 1
    return len(cols)


def _groups(cols: list[DataColumn]) -> list[tuple[int, int, str, bool]]:
    """Runs of equal group labels: (first col, last col, label, computed)."""
    runs: list[tuple[int, int, str, bool]] = []
    for c, col in enumerate(cols):
        if runs and runs[-1][2] == col.group and runs[-1][3] == col.computed:
            runs[-1] = (runs[-1][0], c, col.group, col.computed)
        else:
            runs.append((c, c, col.group, col.computed))
    return [r for r in runs if r[2]]


def _indicator(position: PositionSpec, col: DataColumn) -> IndicatorSpec | None:
    key = parse_data_key(col.key)
    if key is None or key.kind not in ("actual", "rater", "input", "points"):
        return None
    return position.indicator(key.code)


def _column_format(book: Book, position: PositionSpec, col: DataColumn) -> Any:
    st = book.styles
    if col.computed:
        # Calculate writes these: unlocked, as xlwings Lite writes without lifting protection
        return st.computed(col.number_format, wrap=col.key == "note", locked=False)
    key = parse_data_key(col.key)
    ind = _indicator(position, col)
    if key is not None and key.kind == "actual" and ind is not None and ind.is_percent:
        return st.input("percent")
    return st.input()


def _validations(book: Book, ws: Worksheet, position: PositionSpec, cols: list[DataColumn]) -> None:
    lang = book.lang
    first, last = FIRST_DATA_ROW, LAST_DATA_ROW
    for c, col in enumerate(cols):
        key = parse_data_key(col.key)
        if key is None or col.computed:
            continue
        if col.key == "id":
            opts = list_check(NAME_IDS, strict=False)
            ws.data_validation(first, c, last, c, opts)
            continue
        if key.kind == "money":
            ws.data_validation(first, c, last, c, _money_validation(key.code, col, lang))
            continue
        ind = _indicator(position, col)
        if ind is None:
            continue
        words = ind.rule_words(lang) or (
            f"按0到{ind.scale:g}分打分" if lang == "zh" else f"Score from 0 to {ind.scale:g} points"
        )
        prompt = {"input_title": f"{ind.code} {ind.name(lang)}"[:32], "input_message": words[:255]}
        if key.kind == "rater":
            levels = levels_of(ind)
            if levels:
                opts = {
                    "validate": "integer",
                    "criteria": "between",
                    "minimum": 1,
                    "maximum": levels,
                    "error_message": (
                        f"请输入1到{levels}级。"
                        if lang == "zh"
                        else f"Enter a level from 1 to {levels}."
                    ),
                }
            else:
                opts = {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": 0,
                    "maximum": ind.scale,
                    "error_message": (
                        f"评分应在0到{ind.scale:g}分之间。"
                        if lang == "zh"
                        else f"Scores run from 0 to {ind.scale:g}."
                    ),
                }
        elif key.kind == "input" and is_checklist(ind, lang):
            opts = {
                "validate": "integer",
                "criteria": "between",
                "minimum": 0,
                "maximum": 1,
                "error_message": (
                    "请填1（满足）或0（未满足）。"
                    if lang == "zh"
                    else "Enter 1 (met) or 0 (not met)."
                ),
            }
        elif key.kind == "input":
            opts = {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_message": (
                    "请输入0或正整数（次数）。"
                    if lang == "zh"
                    else "Enter a whole number (a count) of 0 or more."
                ),
            }
        elif ind.is_percent:
            opts = {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": 10 if (ind.target or 0) > 1 else 1,
                "error_message": (
                    "请输入百分比，例如 92%。" if lang == "zh" else "Enter a percentage, e.g. 92%."
                ),
            }
        else:
            opts = {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "error_message": (
                    "请输入大于或等于0的数字。" if lang == "zh" else "Enter a number of 0 or more."
                ),
            }
        opts["error_title"] = "数值超出范围" if lang == "zh" else "Out of range"
        ws.data_validation(first, c, last, c, {**opts, **prompt})


def _money_validation(name: str, col: DataColumn, lang: str) -> dict[str, Any]:
    """A pay input (`m:<name>`): counts are whole numbers, amounts 0 or more, a role is text."""
    known = MONEY_INPUTS.get(name)
    kind = known.kind if known is not None else Kind.NUMBER
    prompt = {
        "input_title": col.header[:32],
        "input_message": (
            f"{col.group}：{col.header}" if lang == "zh" else f"{col.group}: {col.header}"
        )[:255],
    }
    if kind is Kind.TEXT:
        return {"validate": "any", **prompt}
    whole = kind is Kind.INTEGER
    message = (
        Label("请输入0或正整数。", "Enter a whole number of 0 or more.")
        if whole
        else Label("请输入大于或等于0的数字。", "Enter a number of 0 or more.")
    )
    return {
        "validate": "integer" if whole else "decimal",
        "criteria": ">=",
        "value": 0,
        **prompt,
        "error_message": message(lang),
    }


def _conditional_formats(
    book: Book, ws: Worksheet, position: PositionSpec, cols: list[DataColumn]
) -> None:
    st = book.styles
    first, last = FIRST_DATA_ROW, LAST_DATA_ROW
    f = first + 1  # the first data row as Excel numbers it
    keys = [c.key for c in cols]
    id_c = keys.index("id")
    id_cell = f"${column_letter(id_c)}{f}"
    unknown_id_check(book, ws, id_c, first, DATA_ROWS)
    duplicate_check(book, ws, id_c, first, DATA_ROWS)
    for c, col in enumerate(cols):
        key = parse_data_key(col.key)
        if key is None or col.computed or key.kind == "fixed":
            continue
        cell = f"{column_letter(c)}{f}"
        ind = _indicator(position, col)
        # Out of range (typed past the validation or pasted): red.
        if key.kind == "rater" and ind is not None:
            top = levels_of(ind) or ind.scale
            bottom = 1 if levels_of(ind) else 0
            ws.conditional_format(
                first,
                c,
                last,
                c,
                {
                    "type": "formula",
                    "criteria": f'=AND({cell}<>"",OR(NOT(ISNUMBER({cell})),{cell}<{bottom},{cell}>{top:g}))',
                    "format": st.cf("problem"),
                },
            )
        else:
            ws.conditional_format(
                first,
                c,
                last,
                c,
                {
                    "type": "formula",
                    "criteria": f'=AND({cell}<>"",OR(NOT(ISNUMBER({cell})),{cell}<0))',
                    "format": st.cf("problem"),
                },
            )
        # Missing for a person on the sheet: amber.
        ws.conditional_format(
            first,
            c,
            last,
            c,
            {
                "type": "formula",
                "criteria": f'=AND({id_cell}<>"",{cell}="")',
                "format": st.cf("warning"),
            },
        )
        # Self far from reviewer: amber on both.
        if key.kind == "rater" and key.rater in (Rater.SELF, Rater.REVIEWER) and ind is not None:
            other = Rater.REVIEWER if key.rater is Rater.SELF else Rater.SELF
            other_key = f"{key.code}@{other.value}"
            if other_key in keys and not levels_of(ind):
                o = f"{column_letter(keys.index(other_key))}{f}"
                ws.conditional_format(
                    first,
                    c,
                    last,
                    c,
                    {
                        "type": "formula",
                        "criteria": (
                            f"=AND(ISNUMBER({cell}),ISNUMBER({o}),"
                            f"ABS({cell}-{o})>{NAME_GAP}*{ind.scale:g})"
                        ),
                        "format": st.cf("warning"),
                    },
                )
    if "total" in keys:
        t = keys.index("total")
        ws.conditional_format(
            first,
            t,
            last,
            t,
            {
                "type": "data_bar",
                "bar_solid": True,
                "bar_color": "#9DC3E6",
                "min_type": "num",
                "min_value": 0,
                "max_type": "num",
                "max_value": 100,
            },
        )
    if "grade" in keys:
        g = keys.index("grade")
        grade_colours(book, ws, first, g, last, g)
