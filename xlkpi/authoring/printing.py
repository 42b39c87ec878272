"""Page setup of every sheet: A4, readable on paper, nothing cut.

One pass over the finished workbook (`set_up_pages`) gives each visible sheet:
- A4, portrait or landscape by its width;
- its title and header rows repeated on every page;
- a page header (workbook title, sheet name) and footer ("第 1 页，共 3 页" / "Page 1 of 3");
  the period is in the repeated title row, a formula on the Period setting, so it is never
  a stale copy;
- fit to one page wide when that keeps the scale at `MIN_SCALE` or more; otherwise a fixed
  scale with the ID and name columns repeated and page breaks between indicator groups and
  before the results, so a wide position sheet prints as an inputs view and a results view.

Widths come from the sheet's own column settings, so sheets other writers add (mail,
follow-up, mapping) are set up the same way without knowing about this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xlsxwriter.worksheet import Worksheet

from xlkpi.authoring.book import Book
from xlkpi.authoring.sheets.common import TABLE_HEADER_ROW
from xlkpi.core.label import Label
from xlkpi.workbook import layout
from xlkpi.workbook.layout import HEADER_ROW, TITLE_ROW

A4 = 9
#: no sheet prints smaller than this (percent): below it table text is hard to read
MIN_SCALE = 60
#: margins in inches (left/right, top/bottom); header and footer sit inside top/bottom
SIDE_MARGIN = 0.3
TOP_MARGIN = 0.6
#: printable width of A4 in pixels at 96 dpi (Excel's unit for column widths)
_A4_INCHES = {"portrait": 8.27, "landscape": 11.69}
DEFAULT_COL_PX = 64
#: a sheet prints portrait when that needs no more shrinking than this (percent)
PORTRAIT_SCALE = 85

FOOTER = Label("第 &P 页，共 &N 页", "Page &P of &N")


def text_lines(text: str, width_chars: float) -> int:
    """Lines a wrapped text takes in a column `width_chars` wide (CJK counts double)."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    per_line = max(1.0, width_chars - 1)
    return max(1, -int(-units // per_line))


def wrapped_height(*cells: tuple[str, float], line: float = 15.0, minimum: float = 18.0) -> float:
    """A row height (points) that shows every (text, column width) cell whole."""
    lines = max((text_lines(t, w) for t, w in cells if t), default=1)
    return max(minimum, line * lines + 4)


def printable_px(orientation: str) -> int:
    """Width of A4's printable area in pixels, inside the side margins."""
    return int((_A4_INCHES[orientation] - 2 * SIDE_MARGIN) * 96)


@dataclass(frozen=True)
class PagePlan:
    """How one sheet prints: orientation and either fit-to-width or a scale with breaks."""

    orientation: str  # "portrait" or "landscape"
    fit_width: bool
    scale: int  # percent; the effective scale when fit_width
    breaks: tuple[int, ...] = ()  # columns that start a new page (0-based)


def plan_pages(
    widths_px: Sequence[int],
    *,
    repeat_cols: int = 0,
    hard_breaks: Sequence[int] = (),
    groups: Sequence[tuple[int, int]] = (),
    portrait_from: int = PORTRAIT_SCALE,
) -> PagePlan:
    """Choose orientation, scale and column breaks for columns of these pixel widths.

    Args:
        widths_px: every printed column's width, left to right.
        repeat_cols: the first columns repeat on every page (ID and name).
        hard_breaks: columns that always start a page (the results of a position sheet).
        groups: (first, last) column runs kept on one page when they fit (an indicator's
            inputs).
        portrait_from: the smallest scale (percent) at which the sheet prints portrait
            (a form to sign is tall: portrait keeps it on one page).
    Returns:
        Portrait or landscape fit to one page wide when that is readable (≥ MIN_SCALE),
        else landscape at the largest scale ≥ MIN_SCALE at which each view (the columns
        between hard breaks) fits one page wide, with breaks between groups when a view
        does not fit even at MIN_SCALE.
    """
    total = sum(widths_px) or 1
    portrait = printable_px("portrait") / total
    if portrait * 100 >= max(portrait_from, MIN_SCALE + 2):
        return PagePlan("portrait", True, min(100, int(portrait * 100)))
    landscape = printable_px("landscape") / total
    if landscape * 100 >= MIN_SCALE + 2:  # a margin for fonts that render a little wider
        return PagePlan("landscape", True, min(100, int(landscape * 100)))
    page = printable_px("landscape")
    repeat = sum(widths_px[:repeat_cols])
    cuts = sorted({c for c in hard_breaks if repeat_cols < c < len(widths_px)})
    views = list(zip([repeat_cols, *cuts], [*cuts, len(widths_px)], strict=True))
    widest = max(sum(widths_px[a:b]) for a, b in views)
    scale = max(MIN_SCALE, min(100, int(100 * page / (repeat + widest))))
    room = page * 100 / scale - repeat  # pixels left for non-repeated columns on a page
    starts_group = {a for a, _ in groups}
    breaks: list[int] = []
    for a, b in views:
        if a != repeat_cols:
            breaks.append(a)
        used = 0.0
        last_group_start = a
        for c in range(a, b):
            if c in starts_group:
                last_group_start = c
            used += widths_px[c]
            if used > room and c > a:
                # break before the group this column belongs to, if that is not the page start
                cut = last_group_start if last_group_start > (breaks[-1] if breaks else a) else c
                if cut <= (breaks[-1] if breaks else a):
                    cut = c
                breaks.append(cut)
                used = sum(widths_px[cut : c + 1])
    return PagePlan("landscape", False, scale, tuple(sorted(set(breaks))))


def column_widths(ws: Worksheet, ncols: int) -> list[int]:
    """Pixel widths of the sheet's first `ncols` columns (hidden ones count as 0)."""
    out = []
    for c in range(ncols):
        info = ws.col_info.get(c)
        if info is None:
            out.append(DEFAULT_COL_PX)
        elif info.hidden:
            out.append(0)
        else:
            out.append(int(info.width) if info.width is not None else DEFAULT_COL_PX)
    return out


def apply(
    ws: Worksheet,
    plan: PagePlan,
    *,
    header: str,
    lang: str,
    repeat_rows: tuple[int, int] | None = None,
    repeat_cols: int = 0,
) -> None:
    """Write the plan into the sheet's page setup."""
    ws.set_paper(A4)
    if plan.orientation == "landscape":
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=TOP_MARGIN, bottom=TOP_MARGIN)
    if plan.fit_width:
        ws.fit_to_pages(1, 0)
    else:
        ws.fit_page = False
        ws.set_print_scale(plan.scale)
        if plan.breaks:
            ws.set_v_pagebreaks(list(plan.breaks))
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)
    if repeat_cols:
        ws.repeat_columns(0, repeat_cols - 1)
    ws.set_header(f"&L&9{_escape(header)}&R&9&A", {"margin": 0.25})
    ws.set_footer(f"&C&9{FOOTER(lang)}", {"margin": 0.25})


def _escape(text: str) -> str:
    """A literal in a header/footer: '&' is a control character there."""
    return text.replace("&", "&&")


def set_up_pages(book: Book) -> None:
    """Page setup for every visible sheet of the workbook being built."""
    title = book.spec.title(book.lang)
    data_sheets = set(book.data_sheets.values())
    for ws in book.wb.worksheets():
        if ws.hidden:
            continue
        name = ws.get_name()
        ncols = layout.SUMMARY_PRINT_COLS if name == book.sheet("summary") else _used_columns(ws)
        widths = column_widths(ws, ncols)
        if name in data_sheets:
            results, groups = _data_sheet_views(book, name)
            plan = plan_pages(widths, repeat_cols=2, hard_breaks=results, groups=groups)
            apply(
                ws,
                plan,
                header=title,
                lang=book.lang,
                repeat_rows=(TITLE_ROW, HEADER_ROW),
                repeat_cols=2 if not plan.fit_width else 0,
            )
            continue
        form = name == book.sheet("form")
        plan = plan_pages(widths, portrait_from=MIN_SCALE if form else PORTRAIT_SCALE)
        rows = _repeat_rows(book, name, TABLE_HEADER_ROW)
        apply(ws, plan, header=title, lang=book.lang, repeat_rows=rows)


def _used_columns(ws: Worksheet) -> int:
    """Columns that print: up to the last written cell or the last sized visible column."""
    last = ws.dim_colmax if ws.dim_colmax is not None else -1
    sized = [c for c, info in ws.col_info.items() if not info.hidden]
    return max(last, max(sized, default=-1)) + 1


def _repeat_rows(book: Book, name: str, table_header_row: int) -> tuple[int, int] | None:
    """Title to header rows of the table sheets; none for free-form sheets."""
    tables = {book.sheet(k) for k in ("positions", "indicators", "roster", "grades", "adjustments")}
    if name in tables:
        return (0, table_header_row)
    if name == book.sheet("issues"):
        return (0, 0)
    return None


def _data_sheet_views(book: Book, sheet: str) -> tuple[list[int], list[tuple[int, int]]]:
    """([first results column], indicator input groups) of a position's data sheet."""
    code = next(c for c, s in book.data_sheets.items() if s == sheet)
    position = next(p for p in book.positions if p.code == code)
    cols = position.columns(book.lang)
    results = next((i for i, c in enumerate(cols) if c.computed), len(cols))
    groups: list[tuple[int, int]] = []
    for i, col in enumerate(cols[:results]):
        if not col.group:
            continue
        if groups and cols[groups[-1][1]].group == col.group and groups[-1][1] == i - 1:
            groups[-1] = (groups[-1][0], i)
        else:
            groups.append((i, i))
    return [results], groups
