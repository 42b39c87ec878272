"""What the result page shows of a calculated run: headline figures, two charts, and the
very rows Calculate wrote on the Summary sheet (`workbook.summary.summary_grid`), in the
page's language."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from xlkpi.core.distribution import quota_count
from xlkpi.core.fmt import money
from xlkpi.core.model import QuotaKind
from xlkpi.io.cells import Styled
from xlkpi.workbook import layout
from xlkpi.workbook.calculate import Outcome
from xlkpi.workbook.summary import summary_grid

from .charts import Bar, bar_chart
from .texts import t


@dataclass
class SummaryView:
    """The figures, charts and Summary-sheet rows of one successful run."""

    headcount: int
    scored: int
    average: float | None
    pool: str
    grade_chart: Markup | None
    position_chart: Markup | None
    rows: list[list[str]]


def summary_view(outcome: Outcome, lang: str, now: dt.datetime | None = None) -> SummaryView | None:
    """The summary of `outcome` in `lang`, or None when the run has errors (no results)."""
    if outcome.run is None or not outcome.ok:
        return None
    results = outcome.run.results
    assessment = outcome.read.assessment
    names = outcome.read.where.position_names
    totals = [r.total for r in results if r.total is not None]
    average = round(sum(totals) / len(totals), 2) if totals else None
    settings = dataclasses.replace(assessment.settings, lang=lang)
    rows = summary_grid(
        settings, results, assessment.grades, names, outcome.problems, now or dt.datetime.now()
    )
    return SummaryView(
        headcount=len(results),
        scored=len(totals),
        average=average,
        pool=_pool_text(outcome, lang),
        grade_chart=_grade_chart(outcome, lang),
        position_chart=_position_chart(outcome, lang),
        rows=_sections(rows),
    )


def _sections(rows: list[list[Any]]) -> list[list[str]]:
    """The Summary's sections as shown, without the chart tables kept right of them for
    the sheet's charts (the page draws its own)."""
    width = min(layout.SUMMARY_CHART_COLS.values())
    shown = [[_shown(v) for v in row[:width]] for row in rows]
    while shown and not any(shown[-1]):
        shown.pop()
    return shown


def _pool_text(outcome: Outcome, lang: str) -> str:
    pool = outcome.read.assessment.settings.bonus_pool
    if pool is None:
        return t("no_pool", lang)
    results = outcome.run.results if outcome.run else []
    used = sum((r.bonus for r in results if r.bonus is not None), Decimal(0))
    return t("pool_used", lang, used=money(used), pool=money(Decimal(pool)))


def _grade_chart(outcome: Outcome, lang: str) -> Markup | None:
    """Headcount per grade, with the quota's limit (as the Summary sheet counts it)."""
    bands = outcome.read.assessment.grades
    results = outcome.run.results if outcome.run else []
    graded = [r for r in results if r.grade is not None]
    if not bands or not graded:
        return None
    bars = []
    for band in bands:
        count = sum(1 for r in graded if r.grade == band.grade)
        limit, over = None, False
        if band.quota_kind is not None and band.quota_share is not None:
            limit = quota_count(band.quota_kind, band.quota_share, len(graded))
            at_most = band.quota_kind is QuotaKind.AT_MOST
            over = count > limit if at_most else count < limit
        bars.append(Bar(band.grade, count, str(count), limit=limit, over=over))
    return bar_chart(bars, title=t("chart_grades", lang))


def _position_chart(outcome: Outcome, lang: str) -> Markup | None:
    """The average total of each position, in the Positions sheet's order."""
    results = outcome.run.results if outcome.run else []
    names = outcome.read.where.position_names
    totals: dict[str, list[float]] = {code: [] for code in names}
    for r in results:
        if r.total is not None:
            totals.setdefault(r.employee.position, []).append(r.total)
    bars = [
        Bar(names.get(code, code), sum(v) / len(v), f"{sum(v) / len(v):.2f}")
        for code, v in totals.items()
        if v
    ]
    return bar_chart(bars, title=t("chart_positions", lang), scale=100) if bars else None


def _shown(value: Any) -> str:
    """A Summary cell as text, following its number format."""
    if value is None:
        return ""
    if isinstance(value, Styled):
        fmt, v = value.number_format, value.value
        if fmt.endswith("%"):
            return f"{float(v) * 100:.1f}%"
        if fmt.startswith("¥"):
            return money(Decimal(str(v)))
        if fmt == "0.00":
            return f"{float(v):.2f}"
        return str(v)
    return str(value)
