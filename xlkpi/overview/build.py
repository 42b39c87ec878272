"""Write the overview (`collect.Overview`) as a new workbook with XlsxWriter.

Every figure is a plain value (nothing to recalculate), so the charts carry the numbers
in their cached data and any viewer or preview shows them. Each department row and each
changed grade links back to its range in the source workbook (an external hyperlink,
relative to the overview, so the folder can be moved as a whole).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from xlkpi.io.atomic import write_new_file
from xlkpi.overview import layout as ol
from xlkpi.overview.collect import BookStats, Link, Overview
from xlkpi.workbook import layout

HEADER_ROW = 3


def write_overview(
    overview: Overview, out: str | os.PathLike[str], *, now: dt.datetime | None = None
) -> Path:
    """Write the overview workbook to `out` (replaced if it exists), atomically.

    Returns:
        The path written.
    """
    target = Path(out)
    when = now or dt.datetime.now()
    write_new_file(target, lambda tmp: _write(overview, tmp, target.parent.resolve(), when))
    return target


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.points = wb.add_format({"num_format": layout.FORMATS["points"]})
        self.money = wb.add_format({"num_format": layout.FORMATS["money"]})
        self.percent = wb.add_format({"num_format": "0.0%"})
        self.total = wb.add_format({"bold": True, "top": 1})
        self.total_points = wb.add_format(
            {"bold": True, "top": 1, "num_format": layout.FORMATS["points"]}
        )
        self.total_money = wb.add_format(
            {"bold": True, "top": 1, "num_format": layout.FORMATS["money"]}
        )
        self.link = wb.get_default_url_format()


def _url(link: Link, folder: Path) -> str:
    rel = os.path.relpath(os.path.abspath(link.path), folder)
    sheet = link.sheet.replace("'", "''")
    return f"external:{rel}#'{sheet}'!{link.cells}"


def _write(ov: Overview, path: str, folder: Path, now: dt.datetime) -> None:
    lang = ov.lang
    wb = xlsxwriter.Workbook(
        path, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    f = _Formats(wb)
    ws = wb.add_worksheet(ol.OVERVIEW_SHEET(lang))
    keys = [
        "workbook",
        "department",
        "headcount",
        "scored",
        "average",
        "stdev",
        "lowest",
        "highest",
    ]
    headers = [ol.COLUMNS[k](lang) for k in keys]
    headers += [ol.GRADE_COLUMN(lang).format(grade=g) for g in ov.grade_order]
    tail = ["allocated", "budget", "used", "status", "source"]
    headers += [ol.COLUMNS[k](lang) for k in tail]
    col = {k: i for i, k in enumerate(keys)}
    first_grade = len(keys)
    for i, k in enumerate(tail):
        col[k] = first_grade + len(ov.grade_order) + i

    ws.write(0, 0, ol.TITLE(lang), f.title)
    ws.write(1, 0, ol.MADE(lang).format(time=now.strftime("%Y-%m-%d %H:%M"), books=len(ov.books)))
    ws.write_row(HEADER_ROW, 0, headers, f.header)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    row = HEADER_ROW + 1
    for b in ov.books:
        _book_row(ws, row, b, ov, col, first_grade, folder, f, lang)
        row += 1
    last = row - 1
    _total_row(ws, row, ov, col, first_grade, f, lang)
    ws.set_column(0, 1, 18)
    ws.set_column(2, col["used"], 11)
    ws.set_column(col["status"], col["status"], 22)
    if ov.books:
        _charts(wb, ws, ov, col, first_grade, last, row + 2, lang)
    _quotas_sheet(wb, ov, f, lang)
    _changes_sheet(wb, ov, f, folder, lang)
    wb.close()


def _book_row(
    ws: Any, row: int, b: BookStats, ov: Overview, col: dict[str, int], first_grade: int,
    folder: Path, f: _Formats, lang: str,
) -> None:  # fmt: skip
    ws.write_string(row, col["workbook"], b.name)
    ws.write_string(row, col["department"], b.department)
    if not b.ok:
        text = b.error_text or ol.STATUS_ERRORS(lang).format(errors=b.errors)
        ws.write_string(row, col["status"], text)
        return
    ws.write_number(row, col["headcount"], b.headcount)
    ws.write_number(row, col["scored"], len(b.totals))
    for key, value in (("average", b.average), ("stdev", b.stdev)):
        if value is not None:
            ws.write_number(row, col[key], value, f.points)
    if b.totals:
        ws.write_number(row, col["lowest"], min(b.totals), f.points)
        ws.write_number(row, col["highest"], max(b.totals), f.points)
    for i, g in enumerate(ov.grade_order):
        ws.write_number(row, first_grade + i, b.grades.get(g, 0))
    ws.write_number(row, col["allocated"], float(b.allocated), f.money)
    if b.budget is not None:
        ws.write_number(row, col["budget"], float(b.budget), f.money)
        if b.budget:
            ws.write_number(row, col["used"], float(b.allocated / b.budget), f.percent)
    elif b.company_pool:
        ws.write_string(row, col["budget"], ol.COMPANY_POOL(lang))
    ws.write_string(row, col["status"], ol.STATUS_OK(lang))
    if b.link is not None:
        ws.write_url(
            row, col["source"], _url(b.link, folder), f.link, ol.OPEN(lang), tip=b.link.cells
        )


def _total_row(
    ws: Any, row: int, ov: Overview, col: dict[str, int], first_grade: int, f: _Formats, lang: str
) -> None:
    ok = [b for b in ov.books if b.ok]
    totals = [t for b in ok for t in b.totals]
    ws.write_string(row, col["workbook"], ol.TOTAL(lang), f.total)
    ws.write_number(row, col["headcount"], sum(b.headcount for b in ok), f.total)
    ws.write_number(row, col["scored"], len(totals), f.total)
    if totals:
        ws.write_number(row, col["average"], round(statistics.fmean(totals), 2), f.total_points)
        ws.write_number(row, col["stdev"], round(statistics.pstdev(totals), 2), f.total_points)
        ws.write_number(row, col["lowest"], min(totals), f.total_points)
        ws.write_number(row, col["highest"], max(totals), f.total_points)
    for i, g in enumerate(ov.grade_order):
        ws.write_number(row, first_grade + i, sum(b.grades.get(g, 0) for b in ok), f.total)
    allocated = sum(b.allocated for b in ok)
    ws.write_number(row, col["allocated"], float(allocated), f.total_money)
    own = [b.budget for b in ok if b.budget is not None]
    budget = sum(own) + (ov.company_pool or 0)
    if own or ov.company_pool is not None:
        ws.write_number(row, col["budget"], float(budget), f.total_money)
        if budget:
            ws.write_number(row, col["used"], float(allocated / budget), f.percent)


def _charts(
    wb: Any, ws: Any, ov: Overview, col: dict[str, int], first_grade: int, last: int,
    at_row: int, lang: str,
) -> None:  # fmt: skip
    sheet = ws.get_name()
    first = HEADER_ROW + 1
    cats = [sheet, first, col["department"], last, col["department"]]
    grades = wb.add_chart({"type": "column"})
    for i in range(len(ov.grade_order)):
        c = first_grade + i
        grades.add_series(
            {
                "name": [sheet, HEADER_ROW, c],
                "categories": cats,
                "values": [sheet, first, c, last, c],
            }
        )
    grades.set_title({"name": ol.CHART_GRADES(lang)})
    average = wb.add_chart({"type": "column"})
    average.add_series(
        {
            "name": [sheet, HEADER_ROW, col["average"]],
            "categories": cats,
            "values": [sheet, first, col["average"], last, col["average"]],
            "data_labels": {"value": True},
        }
    )
    average.set_title({"name": ol.CHART_AVERAGE(lang)})
    average.set_legend({"none": True})
    bonus = wb.add_chart({"type": "column"})
    for key in ("allocated", "budget"):
        bonus.add_series(
            {
                "name": [sheet, HEADER_ROW, col[key]],
                "categories": cats,
                "values": [sheet, first, col[key], last, col[key]],
            }
        )
    bonus.set_title({"name": ol.CHART_BONUS(lang)})
    for i, chart in enumerate((grades, average, bonus)):
        chart.set_size({"width": 520, "height": 300})
        ws.insert_chart(xl_rowcol_to_cell(at_row, i * 8), chart)


def _quotas_sheet(wb: Any, ov: Overview, f: _Formats, lang: str) -> None:
    ws = wb.add_worksheet(ol.QUOTAS_SHEET(lang))
    keys = list(ol.QUOTA_COLUMNS)
    ws.write_string(0, 0, ol.QUOTA_NOTE(lang))
    ws.write_row(2, 0, [ol.QUOTA_COLUMNS[k](lang) for k in keys], f.header)
    row = 3
    rows: list[tuple[str, str, str, float, int, int]] = []
    for b in ov.books:
        if b.ok:
            rows += [(b.department, *q) for q in b.quota_rows()]
    rows += [
        (ol.TOTAL(lang), q.grade, q.kind, q.share, q.limit, q.count) for q in ov.company_quotas
    ]
    for dept, grade, kind, share, limit, count in rows:
        within = count <= limit if kind == "at_most" else count >= limit
        sign = "≤" if kind == "at_most" else "≥"
        ws.write_row(row, 0, [dept, grade, f"{sign}{share * 100:g}%", limit, count])
        ws.write_string(row, 5, (ol.YES if within else ol.NO)(lang))
        row += 1
    ws.set_column(0, 0, 18)
    ws.set_column(1, 5, 11)


def _changes_sheet(wb: Any, ov: Overview, f: _Formats, folder: Path, lang: str) -> None:
    ws = wb.add_worksheet(ol.CHANGES_SHEET(lang))
    keys = list(ol.CHANGE_COLUMNS)
    ws.write_row(0, 0, [ol.CHANGE_COLUMNS[k](lang) for k in keys], f.header)
    if not ov.changes:
        ws.write_string(1, 0, ol.NO_CHANGES(lang))
    for row, c in enumerate(ov.changes, 1):
        ws.write_row(row, 0, [c.workbook, c.department, c.id, c.name])
        if c.total is not None:
            ws.write_number(row, 4, c.total, f.points)
        ws.write_row(row, 5, [c.grade_by_score or "", c.grade or "", c.reason])
        if c.link is not None:
            ws.write_url(row, 8, _url(c.link, folder), f.link, ol.OPEN(lang), tip=c.link.cells)
    ws.set_column(0, 1, 16)
    ws.set_column(7, 7, 40)
