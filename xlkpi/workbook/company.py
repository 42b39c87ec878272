"""Calculate a company's workbooks together: company-wide ranks, quotas and bonus pool.

    read every workbook -> core.company.assess_company -> blocks for each (its own results,
    its Summary saying what was applied company-wide) -> prepare every write -> commit all

All or nothing: when any workbook has an error, cannot be read or refuses the write, no
workbook is changed; the new files are written and verified beside the workbooks first
and only put in place together (`io.xlsx_writer.prepare_write` / `commit_prepared`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkpi.core.company import CompanyRun, assess_company
from xlkpi.core.problems import Problems
from xlkpi.io.cells import BookReader, Styled
from xlkpi.io.errors import WorkbookError
from xlkpi.io.lock import workbook_lock
from xlkpi.io.reader import XlsxBook
from xlkpi.io.xlsx_writer import PreparedWrite, commit_prepared, prepare_write
from xlkpi.workbook import layout
from xlkpi.workbook.calculate import (
    COMPANY_SCOPES,
    Outcome,
    attach_run,
    internal_error,
    prepare_blocks,
    read_book,
    review_run,
)
from xlkpi.workbook.contract.reader import ContractReader

L = layout.SUMMARY_LABELS


@dataclass
class CompanyOutcome:
    """What a company run found and wrote.

    Attributes:
        paths: the workbooks, in order.
        outcomes: one calculate Outcome per workbook (its own problems and blocks).
        company: the company-wide run (None when a workbook could not be read).
        problems: problems of the company as a whole (the workbooks disagree, a commit
            failed); each workbook's own are in its Outcome.
        written: True once every workbook was replaced.
    """

    paths: list[str]
    outcomes: list[Outcome]
    company: CompanyRun | None
    problems: Problems = field(default_factory=Problems)
    written: bool = False

    @property
    def ok(self) -> bool:
        """True when the company run and every workbook in it had no errors."""
        return not self.problems.has_errors and all(o.ok for o in self.outcomes)


def company_scoped(book: BookReader) -> bool:
    """Whether the workbook's Settings set any scope (ranks, quotas, pool) to the whole
    company, so that it must be calculated together with the company's other workbooks."""
    scopes = [layout.SETTINGS_BY_KEY[k] for k in COMPANY_SCOPES]
    # as Calculate reads them: a setting given twice takes its last row
    chosen = {s.key: (s, cell.raw) for s, cell in ContractReader(book).settings(scopes)}
    return any(
        layout.choice_key(s.choices or "", value) == "company" for s, value in chosen.values()
    )


def calculate_company(
    paths: Sequence[str | os.PathLike[str]],
    *,
    write: bool = True,
    backup: bool = True,
    now: dt.datetime | None = None,
) -> CompanyOutcome:
    """Calculate the workbooks at `paths` together and write each its own results.

    Args:
        paths: the company's workbooks (.xlsx/.xlsm), at least one.
        write: False computes everything without writing.
        backup: keep backups of each workbook (xlkpi.io.backups).
        now: the time stamped into the status cells.
    Returns:
        The CompanyOutcome; nothing is written unless every workbook is free of errors.
    """
    now = now or dt.datetime.now()
    files = [os.fspath(p) for p in paths]
    names = [os.path.basename(p) for p in files]
    books = [XlsxBook(p, backup=backup) for p in files]
    read_outcomes = [read_book(book) for book in books]
    outcomes = [o for o, _ in read_outcomes]
    reads = [o.read for o in outcomes]
    out = CompanyOutcome(files, outcomes, None)
    if any(
        failed or (o.read.problems.has_errors and not o.read.assessment.employees)
        for o, failed in read_outcomes
    ):
        return out  # a workbook that cannot be read at all: no company run
    try:
        company = assess_company([r.assessment for r in reads], names)
    except Exception as exc:  # a bug must not cost the user their workbooks
        internal_error(out.problems, "assessing the company", exc)
        outcomes[0].exception = exc
        return out
    out.company = company
    out.problems.extend(company.problems)
    if company.problems.has_errors:
        return out
    for i, (book, outcome, run) in enumerate(zip(books, outcomes, company.runs, strict=True)):
        # as `calculate` does for one workbook, with the company's run for this one
        attach_run(outcome, run)
        review_run(book, outcome, now)
        book.drop_cache()
        prepare_blocks(outcome, now, _summary_rows(company, i, outcome.read.where.lang))
    if write and out.ok:
        _write_all(books, out)
    return out


def _write_all(books: Sequence[XlsxBook], out: CompanyOutcome) -> None:
    """Prepare every write, then commit them together; any refusal writes nothing. Every
    workbook's lock is held from the first preparation to the last replacement."""
    prepared: list[PreparedWrite] = []
    with contextlib.ExitStack() as locks:
        try:
            for book in books:
                locks.enter_context(workbook_lock(book.path))
            for book, outcome in zip(books, out.outcomes, strict=True):
                try:
                    prepared.append(
                        prepare_write(
                            book.path,
                            outcome.blocks,
                            ensure_sheets=outcome.new_sheets,
                            expected_digest=book.digest,
                        )
                    )
                except WorkbookError as err:
                    for e in getattr(err, "all", (err,)):
                        outcome.problems.items.append(e.to_problem())
                    return
            commit_prepared(prepared, backup=books[0].backup if books else True)
        except WorkbookError as err:
            out.problems.items.append(err.to_problem())
            return
        finally:
            for p in prepared:
                p.discard()
    out.written = True
    for outcome in out.outcomes:
        outcome.written = True


def _summary_rows(company: CompanyRun, index: int, lang: str) -> list[list[Any]]:
    """What was applied company-wide, for workbook `index`'s Summary."""
    rows: list[list[Any]] = [
        [],
        [L["company"](lang)],
        [L["company_books"](lang).format(books=len(company.workbooks), people=company.headcount)],
    ]
    if company.ranks:
        rows.append([L["company_ranks"](lang)])
    results = company.runs[index].results
    if company.quotas:
        here = Counter(r.grade for r in results if r.grade is not None)
        rows.append([L["company_quotas"](lang)])
        rows.append(
            [
                L[k](lang)
                for k in ("grade", "quota", "company_limit", "company_count", "company_here")
            ]
        )
        for q in company.quota_table:
            sign = "≤" if q.kind == "at_most" else "≥"
            rows.append([q.grade, f"{sign}{q.share * 100:g}%", q.limit, q.count, here[q.grade]])
    if company.pool:
        money = layout.FORMATS["money"]
        share = sum((r.bonus for r in results if r.bonus is not None), Decimal(0))
        rows.append([L["company_pool"](lang)])
        if company.pool_amount is None:
            rows.append([L["no_pool"](lang)])
        else:
            rows.append([L["pool"](lang), Styled(float(company.pool_amount), money)])
            rows.append([L["company_pool_here"](lang), Styled(float(share), money)])
    return rows
