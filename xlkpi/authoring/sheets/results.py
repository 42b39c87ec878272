"""The sheets Calculate writes: Summary and Issues, present from the start so they sit in
their place in the tab order, styled, with the Summary's three charts; their cells are
Calculate's to fill.

Calculate rewrites the cells, never the styles, so the styling here is what stays:
- column styles (centred numbers under centred headings) that new cells inherit;
- conditional formats that recognise what Calculate writes: a section title, a table
  heading, the row for everyone, a quota that is broken (red), an Issues row by severity;
- the charts read the chart-data tables Calculate writes at fixed places
  (`layout.SUMMARY_CHART_*`); Calculate also refreshes the values cached in the charts
  and trims their ranges to the rows written (`io.chart_cache`), so previews that never
  recalculate show the new figures, and Excel shows them anyway from the cells.

They are left unprotected: they hold nothing to protect (every run rewrites them) and HR
may sort or copy them freely.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from xlkpi import words
from xlkpi.authoring.book import Book
from xlkpi.authoring.sheets.common import quote
from xlkpi.authoring.styles import (
    BLUE,
    BORDER,
    GROUP_FILL,
    NAVY,
    PROBLEM_FILL,
    PROBLEM_FONT,
    WARNING_FILL,
)
from xlkpi.io.cells import column_letter
from xlkpi.workbook import layout
from xlkpi.workbook.layout import SUMMARY_LABELS as S
from xlkpi.workbook.layout import TABLES

#: chart data rows the template's charts span before Calculate trims them
CHART_CAPACITY = 10
#: the last Summary row the conditional formats cover
LAST_ROW = 400

CHART_TITLES = words.table("authoring", "chart_titles")


def write(book: Book) -> None:
    """Add the Summary and Issues sheets, empty until Calculate fills them."""
    _summary(book)
    _issues(book)


def _summary(book: Book) -> None:
    st = book.styles
    ws = book.wb.add_worksheet(book.sheet("summary"))
    ws.hide_gridlines(2)
    centred = st.fmt(align="center")
    ws.set_column(0, 0, 38)  # "Customer Service Centre / Online support"
    ws.set_column(1, layout.SUMMARY_PRINT_COLS - 1, 11, centred)
    # the groups' quota check ("A 超出 1 人") reads left to right into the empty columns
    grades = len(book.content.grades)
    ws.set_column(5 + grades, layout.SUMMARY_PRINT_COLS - 1, 11, st.fmt())
    for r in (1, 2, 3):  # period, status and counts read as text after their labels
        ws.set_row(r, None, st.fmt())
    chart_cols = layout.SUMMARY_CHART_COLS
    ws.set_column(layout.SUMMARY_PRINT_COLS, min(chart_cols.values()) - 1, 3)
    ws.set_column(min(chart_cols.values()), max(chart_cols.values()) + 2, 12, centred)
    ws.set_row(0, 30, st.title(18))
    ws.set_tab_color(BLUE)
    ws.freeze_panes(4, 0)
    _summary_formats(book, ws)
    # three charts side by side within the printed columns (A is 271 px, B.. 82 px wide)
    for key, col, x in (("grades", 0, 4), ("averages", 3, 2), ("scores", 7, 12)):
        ws.insert_chart(
            layout.SUMMARY_TABLES_ROW - 18, col, _chart(book, key), {"x_offset": x, "y_offset": 6}
        )
    ws.print_area(0, 0, LAST_ROW, layout.SUMMARY_PRINT_COLS - 1)


def _summary_formats(book: Book, ws: Worksheet) -> None:
    """Styles for what Calculate writes, recognised by its words in either language."""
    first = layout.SUMMARY_TABLES_ROW
    last_col = layout.SUMMARY_PRINT_COLS - 1
    row = first + 1  # Excel row of the first table row

    def any_of(cell: str, keys: tuple[str, ...]) -> str:
        words = {S[k](lang) for k in keys for lang in layout.LANGS}
        return "OR(" + ",".join(f'{cell}="{w}"' for w in sorted(words)) + ")"

    titles = ("by_position", "by_team", "by_department", "grades", "bonus")
    headers = ("position", "team", "department", "grade")
    wb = book.wb
    rules = [
        (
            f'=AND({any_of(f"$A{row}", headers)},$B{row}<>"")',
            wb.add_format(
                {
                    "bold": True,
                    "font_color": "#FFFFFF",
                    "bg_color": NAVY,
                    "border": 1,
                    "border_color": BORDER,
                }
            ),
        ),
        (
            f"={any_of(f'$A{row}', titles)}",
            wb.add_format({"bold": True, "font_color": NAVY, "bottom": 2, "bottom_color": NAVY}),
        ),
        (
            f"={any_of(f'$A{row}', ('all',))}",
            wb.add_format({"bold": True, "bg_color": GROUP_FILL, "top": 1, "top_color": NAVY}),
        ),
        (
            f'=AND($A{row}<>"",$B{row}<>"")',
            wb.add_format({"bottom": 1, "bottom_color": BORDER}),
        ),
    ]
    # A broken quota: a group's quota check ("A 超出 1 人") or "No" in the grade table.
    # Added first: LibreOffice applies only the first format that matches a cell.
    broken = wb.add_format({"bold": True, "bg_color": PROBLEM_FILL, "font_color": PROBLEM_FONT})
    for word in ("超出", " over ", "少 ", " short "):
        ws.conditional_format(
            first,
            1,
            LAST_ROW,
            last_col,
            {"type": "text", "criteria": "containing", "value": word, "format": broken},
        )
    no = {layout.CHOICES["yes_no"]["no"](lang) for lang in layout.LANGS}
    for word in sorted(no):
        ws.conditional_format(
            first,
            1,
            LAST_ROW,
            last_col,
            {"type": "cell", "criteria": "==", "value": f'"{word}"', "format": broken},
        )
    for criteria, fmt in rules:
        ws.conditional_format(
            first, 0, LAST_ROW, last_col, {"type": "formula", "criteria": criteria, "format": fmt}
        )
    # the chart data: small headings
    cols = layout.SUMMARY_CHART_COLS
    muted = wb.add_format({"bold": True, "font_color": NAVY, "bottom": 1, "bottom_color": NAVY})
    for col in cols.values():
        ws.conditional_format(
            layout.SUMMARY_CHART_ROW - 1,
            col,
            layout.SUMMARY_CHART_ROW - 1,
            col + 2,
            {"type": "no_blanks", "format": muted},
        )


def _chart(book: Book, key: str):  # noqa: ANN202 - an XlsxWriter chart
    """One of the Summary's charts over its chart-data table."""
    lang = book.lang
    sheet = quote(book.sheet("summary"))
    col = layout.SUMMARY_CHART_COLS[key]
    top = layout.SUMMARY_CHART_ROW + 1  # Excel row
    bottom = top + CHART_CAPACITY - 1

    def ref(c: int) -> str:
        letter = column_letter(c)
        return f"={sheet}!${letter}${top}:${letter}${bottom}"

    def name(c: int) -> str:
        return f"={sheet}!${column_letter(c)}${top - 1}"

    chart = book.wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": name(col + 1),
            "categories": ref(col),
            "values": ref(col + 1),
            "fill": {"color": NAVY},
            "gap": 60,
            "data_labels": {"value": True, "font": {"size": 8}},
        }
    )
    if key == "grades":
        chart.add_series(
            {
                "name": name(col + 2),
                "categories": ref(col),
                "values": ref(col + 2),
                "fill": {"color": "#F4B183"},
                "data_labels": {"value": True, "font": {"size": 8}},
            }
        )
        chart.set_legend({"position": "bottom", "font": {"size": 8}})
    else:
        chart.set_legend({"none": True})
    if key == "averages":
        chart.set_y_axis(
            {
                "min": 0,
                "max": 100,
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                "num_font": {"size": 8},
            }
        )
    else:
        chart.set_y_axis(
            {
                "min": 0,
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                "num_font": {"size": 8},
            }
        )
    chart.set_x_axis({"num_font": {"size": 8}})
    chart.set_title({"name": CHART_TITLES[key](lang), "name_font": {"size": 11, "bold": True}})
    chart.set_size({"width": 330, "height": 330})
    chart.show_blanks_as("gap")
    return chart


def _issues(book: Book) -> None:
    st = book.styles
    ws = book.wb.add_worksheet(book.sheet("issues"))
    wrap = st.fmt(text_wrap=True, valign="top")
    top = st.fmt(valign="top")
    widths = {"severity": 8, "sheet": 18, "cell": 26, "message": 110}
    for i, col in enumerate(TABLES["issues"].columns):
        ws.set_column(i, i, widths.get(col.key, col.width), wrap if col.key == "message" else top)
    ws.set_row(0, 24, st.header(wrap=False))
    ws.freeze_panes(1, 0)
    last = len(TABLES["issues"].columns) - 1
    ws.autofilter(0, 0, layout.MAX_ISSUE_ROWS, last)
    wb = book.wb
    for key, fill in (("error", PROBLEM_FILL), ("warning", WARNING_FILL)):
        words = sorted({layout.SEVERITY_LABELS[key](lang) for lang in layout.LANGS})
        criteria = "=OR(" + ",".join(f'$A2="{w}"' for w in words) + ")"
        ws.conditional_format(
            1,
            0,
            layout.MAX_ISSUE_ROWS,
            0,
            {
                "type": "formula",
                "criteria": criteria,
                "format": wb.add_format({"bg_color": fill, "bold": True}),
            },
        )
    ws.set_tab_color("#C00000")
