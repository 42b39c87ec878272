"""What every table sheet is made of: the title, hint and header rows, column formats,
rows of records, workbook names, drop-down and number checks, red-flag conditional
formats (duplicates, unknown IDs, required cells, grade colours) and the macro buttons."""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from xlkpi.authoring.book import Book
from xlkpi.authoring.sheets.common import HINT_ROW, TABLE_HEADER_ROW, TITLE_ROW, col_range
from xlkpi.authoring.texts import CALCULATE_BUTTON, SEND_BUTTON, SHEET_HINTS, SHEET_TITLES
from xlkpi.excel.vba import SEND_MACRO_NAME
from xlkpi.io.cells import column_letter
from xlkpi.workbook.layout import CHOICES, TABLES, Column, Kind, Table

FIRST_ROW = TABLE_HEADER_ROW + 1

# Workbook-level names the drop-downs, checks and conditional formats use (cross-sheet
# references in validation and conditional formats are only portable through names).
NAME_IDS = "xlkpi_ids"
NAME_POSITIONS = "xlkpi_positions"
NAME_GRADES = "xlkpi_grades"
NAME_GAP = "xlkpi_gap"
NAME_PERIOD = "xlkpi_period"


def choice_name(group: str) -> str:
    """The workbook name of a choice group's list on the hidden Lists sheet."""
    return f"xlkpi_list_{group}"


def cell_format(book: Book, col: Column) -> Any:
    """Computed columns grey, input columns yellow, both unlocked (Calculate writes the
    computed ones, and xlwings Lite cannot lift sheet protection); wide ones wrap."""
    wrap = col.width >= 30 or (
        col.kind is Kind.TEXT and col.key in ("name", "name_alt", "dimension")
    )
    if col.computed:
        return book.styles.computed(_number_format(col), wrap=wrap, locked=False)
    return book.styles.input(col.kind.value, wrap=wrap)


def start_sheet(
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


def pre_format(book: Book, ws: Worksheet, table: Table, widths: list[float] | None = None) -> None:
    """Column formats: input columns yellow and unlocked, computed ones grey and locked, all
    the way down (column formats do not stretch the print range as blank cells would).
    The rows above the header are painted plain so the colour starts at the table."""
    for i, col in enumerate(table.columns):
        width = widths[i] if widths else col.width
        ws.set_column(i, i, width, cell_format(book, col))
    plain_above_header(book, ws, len(table.columns))


def plain_above_header(book: Book, ws: Worksheet, width: int) -> None:
    """The rows above the header, `width` columns wide, painted plain (the title and hint
    cells aside): a coloured column would otherwise show behind the title and the hint."""
    plain = book.styles.fmt()
    for i in range(width):
        for r in range(TABLE_HEADER_ROW):
            if not (r in (TITLE_ROW, HINT_ROW) and i == 0):
                ws.write_blank(r, i, None, plain)


def _number_format(col: Column) -> str | None:
    return {Kind.PERCENT: "0%", Kind.MONEY: "¥#,##0.00", Kind.INTEGER: "0"}.get(col.kind)


def write_value(
    book: Book, ws: Worksheet, row: int, col_index: int, col: Column, value: Any
) -> None:
    """One cell of a table row in its column's format: blank, text or a number."""
    fmt = cell_format(book, col)
    if value is None or value == "":
        ws.write_blank(row, col_index, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col_index, value, fmt)
    else:
        ws.write_number(row, col_index, float(value), fmt)


def write_rows(book: Book, ws: Worksheet, table: Table, rows: list[dict[str, Any]]) -> None:
    """Records (column key -> value) in the table's input rows, one per row from the top."""
    for r, row in enumerate(rows, start=FIRST_ROW):
        for c, col in enumerate(table.columns):
            write_value(book, ws, r, c, col, row[col.key])


def table_sheet(book: Book, key: str, rows: list[dict[str, Any]]) -> tuple[Worksheet, Table]:
    """A sheet holding the contract's table `key`: title, hint, header, column formats and
    `rows` (records of column key -> value) from the top."""
    table = TABLES[key]
    ws = start_sheet(book, key, table)
    pre_format(book, ws, table)
    write_rows(book, ws, table, rows)
    return ws, table


def name_column(book: Book, name: str, table: Table, key: str, rows: int) -> None:
    """A workbook name for the first `rows` input cells of the column `key`."""
    i = [c.key for c in table.columns].index(key)
    sheet = book.sheet(table.sheet)
    book.wb.define_name(name, "=" + col_range(sheet, i, FIRST_ROW, FIRST_ROW + rows - 1))


def validate(
    book: Book, ws: Worksheet, table: Table, rows: int, key: str, options: dict[str, Any]
) -> None:
    """Apply a data validation to the input rows of the column `key`."""
    i = [c.key for c in table.columns].index(key)
    ws.data_validation(FIRST_ROW, i, FIRST_ROW + rows - 1, i, options)


def list_check(
    source_name: str, title: str = "", message: str = "", *, strict: bool = True
) -> dict[str, Any]:
    """A drop-down validation from a workbook name; `strict=False` only warns."""
    opts: dict[str, Any] = {"validate": "list", "source": f"={source_name}", "ignore_blank": True}
    if not strict:
        opts["error_type"] = "warning"
    if title:
        opts["input_title"] = title[:32]
        opts["input_message"] = message[:255]
    return opts


def decimal_check(
    minimum: float, maximum: float | None = None, *, lang: str, what: str = ""
) -> dict[str, Any]:
    """A number validation (at least `minimum`, or between the two), with a message in `lang`."""
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


def percent_check(maximum: float, *, lang: str) -> dict[str, Any]:
    """A percentage validation from 0% to `maximum`, with a message in `lang`."""
    opts = decimal_check(0, maximum, lang=lang)
    pct = f"{maximum:.0%}"
    opts["error_message"] = (
        f"请输入0%到{pct}之间的百分比（例如 85%）。"
        if lang == "zh"
        else f"Enter a percentage from 0% to {pct} (e.g. 85%)."
    )
    return opts


def choice_label(group: str, key: object, lang: str) -> str:
    """A choice key as the drop-down shows it in `lang`; "" for none."""
    if key is None or key == "":
        return ""
    return CHOICES[group][str(key)](lang)


def write_number(ws: Worksheet, r: int, c: int, value: object, fmt: Any) -> None:
    """A number cell, or a blank one for no value."""
    if value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    else:
        ws.write_number(r, c, float(value), fmt)  # type: ignore[arg-type]


def calculate_button(book: Book, ws: Worksheet, row: int, col: int, *, x_offset: int = 8) -> None:
    """The Calculate button (macro-enabled workbooks only)."""
    _macro_button(book, ws, row, col, book.macro_name, CALCULATE_BUTTON(book.lang), x_offset)


def send_button(book: Book, ws: Worksheet, row: int, col: int, *, x_offset: int = 8) -> None:
    """The Send button (`xlkpi send` from Excel), beside Calculate (.xlsm only)."""
    _macro_button(book, ws, row, col, SEND_MACRO_NAME, SEND_BUTTON(book.lang), x_offset)


def _macro_button(
    book: Book, ws: Worksheet, row: int, col: int, macro: str | None, caption: str, x_offset: int
) -> None:
    """A button running `macro`, in a workbook that has macros (.xlsm) only."""
    if not book.macro_name or not macro:
        return
    ws.insert_button(
        row,
        col,
        {
            "macro": macro,
            "caption": caption,
            "width": 110,
            "height": 30,
            "x_offset": x_offset,
            "y_offset": 2,
        },
    )


def table_duplicate_check(book: Book, ws: Worksheet, table: Table, key: str, rows: int) -> None:
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


def print_table(ws: Worksheet) -> None:
    """Print a table sheet landscape on A4, one page wide, the header repeated."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(TABLE_HEADER_ROW)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def required_check(
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


def grade_colours(book: Book, ws: Worksheet, r0: int, c0: int, r1: int, c1: int) -> None:
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
