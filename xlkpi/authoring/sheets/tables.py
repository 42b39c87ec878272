"""The settings sheet and the configuration tables: positions, indicators, roster, grades,
adjustments, and the hidden lists sheet that feeds the drop-downs.

Each table sheet: a title (row 1), a one-line hint (row 2), the header row (row 3) with the
contract's labels, then pre-formatted input rows. No Excel tables: autofilter and frozen
headers instead, so nothing has to grow when rows are added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlkpi.authoring.printing import wrapped_height
from xlkpi.authoring.sheets.common import (
    GRADE_ROWS,
    HINT_ROW,
    INDICATOR_ROWS,
    POSITION_ROWS,
    ROSTER_ROWS,
    TABLE_HEADER_ROW,
    TITLE_ROW,
    col_range,
    protect,
    ref,
)
from xlkpi.authoring.spec import IndicatorSpec, unit_label
from xlkpi.authoring.texts import CALCULATE_BUTTON, SEND_BUTTON, SHEET_HINTS, SHEET_TITLES
from xlkpi.core.valid import ValidRange, default_range
from xlkpi.excel.vba import SEND_MACRO_NAME
from xlkpi.io.cells import column_letter
from xlkpi.workbook.layout import (
    CHOICES,
    SETTINGS,
    SETTINGS_HEADER,
    TABLES,
    Column,
    Kind,
    Table,
)
from xlkpi.workbook.pay_layout import parse_pay_scheme

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from xlkpi.authoring.book import Book

FIRST_ROW = TABLE_HEADER_ROW + 1

# Workbook-level names the drop-downs, checks and conditional formats use (cross-sheet
# references in validation and conditional formats are only portable through names).
NAME_IDS = "xlkpi_ids"
NAME_POSITIONS = "xlkpi_positions"
NAME_GRADES = "xlkpi_grades"
NAME_GAP = "xlkpi_gap"
NAME_PERIOD = "xlkpi_period"


def choice_name(group: str) -> str:
    return f"xlkpi_list_{group}"


# --- shared table scaffolding ----------------------------------------------------------------


def _cell_format(book: Book, col: Column) -> Any:
    """Computed columns grey, input columns yellow, both unlocked (Calculate writes the
    computed ones, and xlwings Lite cannot lift sheet protection); wide ones wrap."""
    wrap = col.width >= 30 or (
        col.kind is Kind.TEXT and col.key in ("name", "name_alt", "dimension")
    )
    if col.computed:
        return book.styles.computed(_num(col), wrap=wrap, locked=False)
    return book.styles.input(col.kind.value, wrap=wrap)


def _start(
    book: Book,
    key: str,
    table: Table | None,
    header: list[str] | None = None,
    widths: list[float] | None = None,
) -> Worksheet:
    """A sheet with its title, hint, header row, widths and frozen header."""
    st = book.styles
    ws = book.wb.add_worksheet(book.sheet(key))
    ws.hide_gridlines(2)
    ws.write(TITLE_ROW, 0, SHEET_TITLES[key](book.lang), st.title(14))
    ws.write(HINT_ROW, 0, SHEET_HINTS[key](book.lang), st.subtitle())
    ws.set_row(TITLE_ROW, 26)
    labels = header if header is not None else [c.label(book.lang) for c in table.columns]  # type: ignore[union-attr]
    col_widths = widths if widths is not None else [c.width for c in table.columns]  # type: ignore[union-attr]
    for i, (label, width) in enumerate(zip(labels, col_widths, strict=True)):
        ws.set_column(i, i, width)
        ws.write(TABLE_HEADER_ROW, i, label, st.header())
    ws.set_row(TABLE_HEADER_ROW, 30)
    ws.freeze_panes(FIRST_ROW, 0)
    return ws


def _pre_format(book: Book, ws: Worksheet, table: Table, widths: list[float] | None = None) -> None:
    """Column formats: input columns yellow and unlocked, computed ones grey and locked, all
    the way down (column formats do not stretch the print range as blank cells would).
    The rows above the header are painted plain so the colour starts at the table."""
    st = book.styles
    plain = st.fmt()
    for i, col in enumerate(table.columns):
        width = widths[i] if widths else col.width
        ws.set_column(i, i, width, _cell_format(book, col))
        for r in range(TABLE_HEADER_ROW):
            if not (r in (TITLE_ROW, HINT_ROW) and i == 0):
                ws.write_blank(r, i, None, plain)


def _num(col: Column) -> str | None:
    return {Kind.PERCENT: "0%", Kind.MONEY: "¥#,##0.00", Kind.INTEGER: "0"}.get(col.kind)


def _write_value(
    book: Book, ws: Worksheet, row: int, col_index: int, col: Column, value: Any
) -> None:
    fmt = _cell_format(book, col)
    if value is None or value == "":
        ws.write_blank(row, col_index, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col_index, value, fmt)
    else:
        ws.write_number(row, col_index, float(value), fmt)


def _write_rows(book: Book, ws: Worksheet, table: Table, rows: list[dict[str, Any]]) -> None:
    """Records (column key -> value) in the table's input rows, one per row from the top."""
    for r, row in enumerate(rows, start=FIRST_ROW):
        for c, col in enumerate(table.columns):
            _write_value(book, ws, r, c, col, row[col.key])


def _name_column(book: Book, name: str, table: Table, key: str, rows: int) -> None:
    """A workbook name for the first `rows` input cells of the column `key`."""
    i = [c.key for c in table.columns].index(key)
    sheet = book.sheet(table.sheet)
    book.wb.define_name(name, "=" + col_range(sheet, i, FIRST_ROW, FIRST_ROW + rows - 1))


def _validate(
    book: Book, ws: Worksheet, table: Table, rows: int, key: str, options: dict[str, Any]
) -> None:
    i = [c.key for c in table.columns].index(key)
    ws.data_validation(FIRST_ROW, i, FIRST_ROW + rows - 1, i, options)


def _list(
    source_name: str, title: str = "", message: str = "", *, strict: bool = True
) -> dict[str, Any]:
    opts: dict[str, Any] = {"validate": "list", "source": f"={source_name}", "ignore_blank": True}
    if not strict:
        opts["error_type"] = "warning"
    if title:
        opts["input_title"] = title[:32]
        opts["input_message"] = message[:255]
    return opts


def _decimal(
    minimum: float, maximum: float | None = None, *, lang: str, what: str = ""
) -> dict[str, Any]:
    if maximum is None:
        opts: dict[str, Any] = {"validate": "decimal", "criteria": ">=", "value": minimum}
        en, zh = f"a number ≥ {minimum:g}", f"大于或等于{minimum:g}的数字"
    else:
        opts = {
            "validate": "decimal",
            "criteria": "between",
            "minimum": minimum,
            "maximum": maximum,
        }
        en, zh = f"a number from {minimum:g} to {maximum:g}", f"{minimum:g}到{maximum:g}之间的数字"
    opts["error_title"] = "数值超出范围" if lang == "zh" else "Out of range"
    opts["error_message"] = f"{what}请输入{zh}。" if lang == "zh" else f"{what}Enter {en}."
    return opts


def _percent(maximum: float, *, lang: str) -> dict[str, Any]:
    opts = _decimal(0, maximum, lang=lang)
    pct = f"{maximum:.0%}"
    opts["error_message"] = (
        f"请输入0%到{pct}之间的百分比（例如 85%）。"
        if lang == "zh"
        else f"Enter a percentage from 0% to {pct} (e.g. 85%)."
    )
    return opts


def _choice_label(group: str, key: object, lang: str) -> str:
    if key is None or key == "":
        return ""
    return CHOICES[group][str(key)](lang)


# --- settings -------------------------------------------------------------------------------


def write_settings(book: Book) -> None:
    st = book.styles
    lang = book.lang
    ws = _start(book, "settings", None, [h(lang) for h in SETTINGS_HEADER], [24, 26, 70])
    values = book.content.settings
    for i, s in enumerate(SETTINGS):
        r = FIRST_ROW + i
        ws.write_string(r, 0, s.label(lang), st.label(bold=True))
        ws.write_string(r, 2, s.note(lang), st.label(wrap=True))
        value = values.get(s.key)
        cell_ref = ref(book.sheet("settings"), r, 1)
        ws.set_row(r, 20)
        if s.key == "status":  # written by Calculate: unlocked for xlwings Lite
            ws.write_blank(r, 1, None, st.computed(locked=False))
            continue
        if s.kind is Kind.CHOICE:
            assert s.choices is not None
            ws.write_string(r, 1, _choice_label(s.choices, value, lang), st.input())
            ws.data_validation(r, 1, r, 1, _list(choice_name(s.choices)))
        elif s.kind is Kind.PERCENT:
            _write_num(ws, r, 1, value, st.input("percent0"))
            ws.data_validation(r, 1, r, 1, _percent(1, lang=lang))
        elif s.kind is Kind.MONEY:
            _write_num(ws, r, 1, value, st.input("money"))
            ws.data_validation(r, 1, r, 1, _decimal(0, lang=lang))
        else:
            ws.write_string(r, 1, "" if value is None else str(value), st.input())
        if s.key == "gap_threshold":
            book.wb.define_name(NAME_GAP, f"={cell_ref}")
        if s.key == "period":
            book.wb.define_name(NAME_PERIOD, f"={cell_ref}")
    ws.freeze_panes(0, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    _button(book, ws, TITLE_ROW, 2)
    send_button(book, ws, TITLE_ROW, 2, x_offset=128)
    protect(ws)


def send_button(book: Book, ws: Worksheet, row: int, col: int, *, x_offset: int = 8) -> None:
    """The Send button (`xlkpi send` from Excel), beside Calculate (.xlsm only)."""
    if not book.macro_name:
        return
    ws.insert_button(
        row,
        col,
        {
            "macro": SEND_MACRO_NAME,
            "caption": SEND_BUTTON(book.lang),
            "width": 110,
            "height": 30,
            "x_offset": x_offset,
            "y_offset": 2,
        },
    )


def _write_num(ws: Worksheet, r: int, c: int, value: object, fmt: Any) -> None:
    if value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    else:
        ws.write_number(r, c, float(value), fmt)  # type: ignore[arg-type]


def _button(book: Book, ws: Worksheet, row: int, col: int, *, x_offset: int = 8) -> None:
    """The Calculate button (macro-enabled workbooks only)."""
    if not book.macro_name:
        return
    ws.insert_button(
        row,
        col,
        {
            "macro": book.macro_name,
            "caption": CALCULATE_BUTTON(book.lang),
            "width": 110,
            "height": 30,
            "x_offset": x_offset,
            "y_offset": 2,
        },
    )


# --- positions ------------------------------------------------------------------------------


def write_positions(book: Book) -> None:
    table = TABLES["positions"]
    ws = _start(book, "positions", table)
    _pre_format(book, ws, table)
    rows = [
        {
            "code": p.code,
            "name": p.name(book.lang),
            "data_sheet": book.data_sheets[p.code],
            "pay_scheme": _scheme_label(p.pay_scheme, book.lang),
            "group": None,
        }
        for p in book.positions
    ]
    _write_rows(book, ws, table, rows)
    _name_column(book, NAME_POSITIONS, table, "name", POSITION_ROWS)
    last = FIRST_ROW + POSITION_ROWS - 1
    ws.autofilter(TABLE_HEADER_ROW, 0, last, len(table.columns) - 1)
    _dup_check(book, ws, table, "code", POSITION_ROWS)
    _dup_check(book, ws, table, "name", POSITION_ROWS)
    _print_table(ws)
    protect(ws)


def _scheme_label(scheme: str | None, lang: str) -> str | None:
    """A pay scheme as HR reads it ("维修团队计件", "公式:service_advisor")."""
    choice = parse_pay_scheme(scheme) if scheme else None
    return choice.label(lang) if choice else None


def _dup_check(book: Book, ws: Worksheet, table: Table, key: str, rows: int) -> None:
    """Red when a value occurs twice in its column of the table."""
    duplicate_check(book, ws, [c.key for c in table.columns].index(key), FIRST_ROW, rows)


def duplicate_check(book: Book, ws: Worksheet, col: int, first: int, rows: int) -> None:
    """Red when a value occurs twice in rows first..first+rows-1 (0-based) of column `col`."""
    letter = column_letter(col)
    top, bottom = first + 1, first + rows
    ws.conditional_format(
        first,
        col,
        first + rows - 1,
        col,
        {
            "type": "formula",
            "criteria": f'=AND({letter}{top}<>"",COUNTIF(${letter}${top}:${letter}${bottom},'
            f"{letter}{top})>1)",
            "format": book.styles.cf("problem"),
        },
    )


def _print_table(ws: Worksheet) -> None:
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(TABLE_HEADER_ROW)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


# --- indicators -----------------------------------------------------------------------------


def write_indicators(book: Book) -> None:
    st = book.styles
    lang = book.lang
    table = TABLES["indicators"]
    keys = [c.key for c in table.columns]
    widths = [16 if c.key == "code" else c.width for c in table.columns]
    ws = _start(book, "indicators", table, widths=widths)
    _pre_format(book, ws, table, widths)
    r = FIRST_ROW
    for p in book.positions:
        for ind in p.indicators:
            row: dict[str, object] = {
                "position": p.name(lang),
                "dimension": ind.dimension(lang) if ind.dimension else "",
                "dimension_weight": ind.dimension_weight,
                "code": ind.code,
                "name": ind.name(lang),
                "name_alt": ind.name("en" if lang == "zh" else "zh"),
                "weight": ind.weight,
                "scale": ind.scale,
                "target": book.content.targets.get((p.code, ind.code), ind.target),
                "unit": unit_label(ind.unit, lang),
                "valid": ind.valid or _valid_text(ind, lang),
                "scored_by": CHOICES["scored_by"][ind.scored_by.value](lang),
                "rule": ind.rule_text(lang),
                "rule_words": ind.rule_words(lang),
            }
            for c, col in enumerate(table.columns):
                value = row[col.key]
                if col.key == "target" and ind.is_percent and value is not None:
                    _write_num(ws, r, c, value, st.input("percent"))
                else:
                    _write_value(book, ws, r, c, col, value)
            width = {c.key: c.width for c in table.columns}
            ws.set_row(
                r,
                _row_height(
                    (ind.rule_words(lang), width["rule_words"]),
                    (ind.rule_text(lang), width["rule"]),
                    (ind.name(lang), width["name"]),
                    (ind.name("en" if lang == "zh" else "zh"), width["name_alt"]),
                ),
            )
            r += 1
    last = FIRST_ROW + INDICATOR_ROWS - 1
    ws.autofilter(TABLE_HEADER_ROW, 0, last, len(table.columns) - 1)
    ws.freeze_panes(FIRST_ROW, keys.index("name") + 1)
    _validate(book, ws, table, INDICATOR_ROWS, "position", _list(NAME_POSITIONS))
    _validate(book, ws, table, INDICATOR_ROWS, "dimension_weight", _percent(1, lang=lang))
    _validate(book, ws, table, INDICATOR_ROWS, "weight", _percent(1, lang=lang))
    _validate(
        book,
        ws,
        table,
        INDICATOR_ROWS,
        "scale",
        {**_decimal(0, lang=lang), "criteria": ">", "value": 0},
    )
    _validate(book, ws, table, INDICATOR_ROWS, "scored_by", _list(choice_name("scored_by")))
    # Weights of one position (and dimension) must add up to 100%.
    pos, dim, w = (column_letter(keys.index(k)) for k in ("position", "dimension", "weight"))
    f, l_ = FIRST_ROW + 1, last + 1
    wi = keys.index("weight")
    ws.conditional_format(
        FIRST_ROW,
        wi,
        last,
        wi,
        {
            "type": "formula",
            "criteria": (
                f'=AND(${pos}{f}<>"",ABS(SUMPRODUCT((${pos}${f}:${pos}${l_}=${pos}{f})'
                f"*(${dim}${f}:${dim}${l_}=${dim}{f}),${w}${f}:${w}${l_})-1)>0.0001)"
            ),
            "format": st.cf("problem"),
        },
    )
    # Required cells of a started row.
    for k in ("code", "name", "weight", "scale", "scored_by"):
        i = keys.index(k)
        letter = column_letter(i)
        ws.conditional_format(
            FIRST_ROW,
            i,
            last,
            i,
            {
                "type": "formula",
                "criteria": f'=AND(${pos}{f}<>"",{letter}{f}="")',
                "format": st.cf("problem"),
            },
        )
    _print_table(ws)
    protect(ws)


def _valid_text(ind: IndicatorSpec, lang: str) -> str:
    """The valid range the unit implies (per-event counts: at least 0), written out so HR
    sees and can edit it."""
    implied = default_range(unit_label(ind.unit, lang))
    rule = ind.rule(lang)
    if implied is None and rule is not None and rule.kind == "events":
        implied = ValidRange(0.0, None)
    return implied.text(lang) if implied is not None else ""


def _row_height(*cells: tuple[str, float]) -> float:
    """Rows tall enough for every wrapped text (names, rules) in its column."""
    return wrapped_height(*cells)


# --- roster ---------------------------------------------------------------------------------


def write_roster(book: Book) -> None:
    lang = book.lang
    table = TABLES["roster"]
    ws = _start(book, "roster", table)
    _pre_format(book, ws, table)
    rows = [
        {
            "id": person.id,
            "name": person.name(lang),
            "department": person.department(lang),
            "team": person.team(lang),
            "position": book.position_name(person.position),
            "bonus_base": person.bonus_base,
            "email": person.email,
            "manager": person.manager,
            "password": "",
        }
        for person in book.content.people
    ]
    _write_rows(book, ws, table, rows)
    _name_column(book, NAME_IDS, table, "id", ROSTER_ROWS)
    last = FIRST_ROW + ROSTER_ROWS - 1
    ws.autofilter(TABLE_HEADER_ROW, 0, last, len(table.columns) - 1)
    ws.freeze_panes(FIRST_ROW, 2)
    _validate(book, ws, table, ROSTER_ROWS, "position", _list(NAME_POSITIONS))
    _validate(book, ws, table, ROSTER_ROWS, "bonus_base", _decimal(0, lang=lang))
    _dup_check(book, ws, table, "id", ROSTER_ROWS)
    _required(book, ws, table, ROSTER_ROWS, "id", ("name", "position"))
    _print_table(ws)
    protect(ws)


def _required(
    book: Book, ws: Worksheet, table: Table, rows: int, anchor: str, required: tuple[str, ...]
) -> None:
    """Red when a row has its `anchor` filled but a required cell empty."""
    keys = [c.key for c in table.columns]
    a = column_letter(keys.index(anchor))
    f = FIRST_ROW + 1
    for k in required:
        i = keys.index(k)
        ws.conditional_format(
            FIRST_ROW,
            i,
            FIRST_ROW + rows - 1,
            i,
            {
                "type": "formula",
                "criteria": f'=AND(${a}{f}<>"",{column_letter(i)}{f}="")',
                "format": book.styles.cf("problem"),
            },
        )


# --- grades ---------------------------------------------------------------------------------


def write_grades(book: Book) -> None:
    lang = book.lang
    table = TABLES["grades"]
    ws = _start(book, "grades", table)
    _pre_format(book, ws, table)
    rows = [
        {
            "grade": g.grade,
            "min_score": g.min_score,
            "coefficient": g.coefficient,
            "quota_kind": _choice_label("quota_kind", g.quota_kind, lang),
            "quota_share": g.quota_share,
            "meaning": g.meaning(lang),
            "count": None,
        }
        for g in book.content.grades
    ]
    _write_rows(book, ws, table, rows)
    _name_column(book, NAME_GRADES, table, "grade", GRADE_ROWS)
    keys = [c.key for c in table.columns]
    _validate(book, ws, table, GRADE_ROWS, "min_score", _decimal(0, 100, lang=lang))
    _validate(book, ws, table, GRADE_ROWS, "coefficient", _decimal(0, lang=lang))
    _validate(book, ws, table, GRADE_ROWS, "quota_kind", _list(choice_name("quota_kind")))
    _validate(book, ws, table, GRADE_ROWS, "quota_share", _percent(1, lang=lang))
    _dup_check(book, ws, table, "grade", GRADE_ROWS)
    gi = keys.index("grade")
    _grade_colours(book, ws, FIRST_ROW, gi, FIRST_ROW + GRADE_ROWS - 1, gi)
    # Minimum scores must fall from the best grade down.
    mi = keys.index("min_score")
    m = column_letter(mi)
    f = FIRST_ROW + 1
    ws.conditional_format(
        FIRST_ROW + 1,
        mi,
        FIRST_ROW + GRADE_ROWS - 1,
        mi,
        {
            "type": "formula",
            "criteria": f'=AND({m}{f + 1}<>"",{m}{f + 1}>={m}{f})',
            "format": book.styles.cf("problem"),
        },
    )
    _print_table(ws)
    protect(ws)


def _grade_colours(book: Book, ws: Worksheet, r0: int, c0: int, r1: int, c1: int) -> None:
    """Top grade green, second light green, lowest red: by the cell's place in the scale."""
    st = book.styles
    cell = f"{column_letter(c0)}{r0 + 1}"
    pos = f"MATCH({cell},{NAME_GRADES},0)"
    count = f"COUNTA({NAME_GRADES})"
    for criteria, role in (
        (f'=AND({cell}<>"",ISNUMBER({pos}),{pos}=1)', "good"),
        (f'=AND({cell}<>"",ISNUMBER({pos}),{pos}=2,{count}>2)', "fair"),
        (f'=AND({cell}<>"",ISNUMBER({pos}),{pos}={count},{count}>1)', "poor"),
    ):
        ws.conditional_format(
            r0, c0, r1, c1, {"type": "formula", "criteria": criteria, "format": st.cf(role)}
        )


# --- adjustments ----------------------------------------------------------------------------


def write_adjustments(book: Book) -> None:
    lang = book.lang
    table = TABLES["adjustments"]
    keys = [c.key for c in table.columns]
    ws = _start(book, "adjustments", table)
    _pre_format(book, ws, table)
    names = {p.id: p.name(lang) for p in book.content.people}
    rows = [
        {
            "id": adj.id,
            "name": names.get(adj.id, ""),
            "points": adj.points,
            "cap_total": adj.cap_total,
            "cap_grade": adj.cap_grade,
            "grade": adj.grade,
            "reason": adj.reason(lang),
        }
        for adj in book.content.adjustments
    ]
    _write_rows(book, ws, table, rows)
    last = FIRST_ROW + ROSTER_ROWS - 1
    ws.autofilter(TABLE_HEADER_ROW, 0, last, len(table.columns) - 1)
    ws.freeze_panes(FIRST_ROW, 2)
    _validate(book, ws, table, ROSTER_ROWS, "id", _list(NAME_IDS, strict=False))
    _validate(book, ws, table, ROSTER_ROWS, "points", _decimal(-100, 100, lang=lang))
    _validate(book, ws, table, ROSTER_ROWS, "cap_total", _decimal(0, 100, lang=lang))
    _validate(book, ws, table, ROSTER_ROWS, "cap_grade", _list(NAME_GRADES))
    _validate(book, ws, table, ROSTER_ROWS, "grade", _list(NAME_GRADES))
    _required(book, ws, table, ROSTER_ROWS, "id", ("reason",))
    unknown_id_check(book, ws, keys.index("id"), FIRST_ROW, ROSTER_ROWS)
    _print_table(ws)
    protect(ws)


def write_mapping(book: Book) -> None:
    """The import mapping (导入映射): empty; `xlkpi import` fills it from the first export of
    each source, and HR corrects it there (see xlkpi.importing.mapping)."""
    table = TABLES["mapping"]
    ws = _start(book, "mapping", table)
    _pre_format(book, ws, table)
    ws.autofilter(TABLE_HEADER_ROW, 0, FIRST_ROW + ROSTER_ROWS - 1, len(table.columns) - 1)
    _print_table(ws)
    protect(ws)


def unknown_id_check(book: Book, ws: Worksheet, id_col: int, first: int, rows: int) -> None:
    """Red when an ID is not in the roster."""
    cell = f"{column_letter(id_col)}{first + 1}"
    ws.conditional_format(
        first,
        id_col,
        first + rows - 1,
        id_col,
        {
            "type": "formula",
            "criteria": f'=AND({cell}<>"",ISNA(MATCH({cell},{NAME_IDS},0)))',
            "format": book.styles.cf("problem"),
        },
    )


# --- lists (hidden) -------------------------------------------------------------------------


def write_lists(book: Book) -> None:
    """The choice labels the drop-downs offer, one column per group, named ranges."""
    ws = book.wb.add_worksheet(book.sheet("lists"))
    for c, (group, choices) in enumerate(CHOICES.items()):
        ws.write_string(0, c, group)
        for r, label in enumerate(choices.values(), start=1):
            ws.write_string(r, c, label(book.lang))
        book.wb.define_name(
            choice_name(group), "=" + col_range(book.sheet("lists"), c, 1, len(choices))
        )
        ws.set_column(c, c, 22)
    ws.hide()
    protect(ws)
