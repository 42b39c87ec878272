"""Everything the overview shows, from the department workbooks, computed as Calculate
computes it (company-scoped workbooks together) without writing to any of them."""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkpi.core.company import CompanyQuota
from xlkpi.core.distribution import quota_count
from xlkpi.core.model import GradeBand, Scope
from xlkpi.io.cells import a1
from xlkpi.io.errors import WorkbookError
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import check
from xlkpi.workbook.company import calculate_company, company_scoped


@dataclass(frozen=True)
class Link:
    """A range in a source workbook: `path` and 'Sheet'!A5:K9."""

    path: str
    sheet: str
    cells: str


@dataclass(frozen=True)
class GradeChange:
    """A person whose grade was changed by calibration (校准)."""

    workbook: str
    department: str
    id: str
    name: str
    total: float | None
    grade_by_score: str | None
    grade: str | None
    reason: str
    link: Link | None


@dataclass
class BookStats:
    """One department workbook, summed up.

    `ok` is False when the workbook has errors (or cannot be read); it is then listed with
    its error count and left out of every figure.
    """

    path: str
    name: str
    ok: bool = False
    errors: int = 0
    error_text: str = ""
    departments: list[str] = field(default_factory=list)
    headcount: int = 0
    totals: list[float] = field(default_factory=list)
    grades: Counter[str] = field(default_factory=Counter)
    bands: list[GradeBand] = field(default_factory=list)
    allocated: Decimal = Decimal(0)
    budget: Decimal | None = None  # the workbook's own pool; None for a company pool
    company_pool: bool = False
    link: Link | None = None

    @property
    def department(self) -> str:
        """The workbook's departments, or its file name when it names none."""
        return "、".join(self.departments) or os.path.splitext(self.name)[0]

    @property
    def average(self) -> float | None:
        """The mean total score, to 2 places (None without scores)."""
        return round(statistics.fmean(self.totals), 2) if self.totals else None

    @property
    def stdev(self) -> float | None:
        """The population standard deviation of the totals, to 2 places (None without scores)."""
        return round(statistics.pstdev(self.totals), 2) if self.totals else None

    def quota_rows(self) -> list[tuple[str, str, float, int, int]]:
        """(grade, kind, share, limit, count) of each quota over this workbook's headcount."""
        n = sum(self.grades.values())
        return [
            (b.grade, b.quota_kind.value, b.quota_share, quota_count(b.quota_kind, b.quota_share, n),
             self.grades.get(b.grade, 0))
            for b in self.bands
            if b.quota_kind is not None and b.quota_share is not None
        ]  # fmt: skip


@dataclass
class Overview:
    """The company: every workbook's stats, the grade order, company-wide quotas and pool."""

    books: list[BookStats]
    grade_order: list[str]
    company_quotas: list[CompanyQuota] = field(default_factory=list)
    company_pool: Decimal | None = None
    changes: list[GradeChange] = field(default_factory=list)
    lang: str = "zh"


def collect(paths: Sequence[str], *, lang: str | None = None) -> Overview:
    """Assess every workbook (nothing is written) and sum each one up.

    Args:
        paths: the department workbooks.
        lang: the overview's language; default the first readable workbook's.
    """
    books = [BookStats(os.fspath(p), os.path.basename(p)) for p in paths]
    company: list[BookStats] = []
    overview = Overview(books, [])
    langs: list[str] = []
    for stats in books:
        book = XlsxBook(stats.path, backup=False)
        try:
            if company_scoped(book):
                company.append(stats)
                continue
            outcome = check(book)
        except WorkbookError as exc:
            stats.errors, stats.error_text = 1, exc.render(lang or "zh")
            continue
        langs.append(outcome.lang)
        _fill(stats, outcome, overview)
    if company:
        run = calculate_company([s.path for s in company], write=False)
        for stats, outcome in zip(company, run.outcomes, strict=True):
            langs.append(outcome.lang)
            _fill(stats, outcome, overview)
            if run.problems.has_errors:
                stats.ok, stats.errors = False, stats.errors + len(run.problems.errors)
        if run.company is not None and run.ok:
            overview.company_quotas = run.company.quota_table
            overview.company_pool = run.company.pool_amount if run.company.pool else None
    overview.lang = lang or (langs[0] if langs else "zh")
    for s in books:
        for b in s.bands:
            if b.grade not in overview.grade_order:
                overview.grade_order.append(b.grade)
    return overview


def _fill(stats: BookStats, outcome: Any, overview: Overview) -> None:
    read, run = outcome.read, outcome.run
    stats.errors = len(outcome.problems.errors)
    stats.ok = run is not None and not outcome.problems.has_errors
    if not stats.ok:
        return
    settings = read.assessment.settings
    stats.bands = list(read.assessment.grades)
    results = run.results
    stats.departments = sorted({r.employee.department for r in results if r.employee.department})
    stats.headcount = len(results)
    stats.totals = [r.total for r in results if r.total is not None]
    stats.grades = Counter(r.grade for r in results if r.grade is not None)
    stats.allocated = sum((r.bonus for r in results if r.bonus is not None), Decimal(0))
    stats.company_pool = settings.pool_scope is Scope.COMPANY
    stats.budget = None if stats.company_pool else settings.bonus_pool
    places = list(read.where.data.values())
    if places:
        first = places[0]
        width = max(first.columns.values(), default=0)
        stats.link = Link(
            stats.path, first.sheet, f"A{first.first_row + 1}:{a1(first.end_row - 1, width)}"
        )
    reasons = {o.employee_id: o.reason for o in read.assessment.overrides}
    for r in results:
        eid = r.employee.id
        if eid not in reasons or r.grade == r.grade_by_score:
            continue
        place = read.where.data.get(r.employee.position)
        link = None
        if place is not None and eid in place.rows:
            row = place.rows[eid]
            link = Link(
                stats.path, place.sheet, f"A{row + 1}:{a1(row, max(place.columns.values()))}"
            )
        overview.changes.append(
            GradeChange(
                stats.name,
                r.employee.department,
                eid,
                r.employee.name,
                r.total,
                r.grade_by_score,
                r.grade,
                reasons[eid],
                link,
            )
        )
