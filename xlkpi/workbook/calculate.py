"""The one entry point of a run, shared by the CLI, the desktop Excel button and xlwings Lite.

    read (workbook.read) -> assess (core.engine) -> blocks (workbook.results) -> write once

It knows no file paths: only the BookReader/BookWriter interface (`xlkpi.io.cells`), so it
runs the same over a file (`io.reader.XlsxBook`), live Excel (`excel.XlwingsBook`) and the
in-memory book of the tests. Nothing raises for a user's mistake: every problem (bad
cells, engine checks, a refused or failed write) ends up in `Outcome.problems` and, when
the write goes through, on the Issues sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.company import is_company
from xlkpi.core.engine import assess
from xlkpi.core.model import Assessment, RunResult, Scope, Settings
from xlkpi.core.problems import Problems
from xlkpi.followup import run as followup
from xlkpi.io.cells import Block, BookReader, NewSheet
from xlkpi.io.errors import WorkbookError
from xlkpi.workbook import layout
from xlkpi.workbook.pay_results import PayOutcome, compute_pay
from xlkpi.workbook.read import ReadOutcome, Where, read_assessment
from xlkpi.workbook.results import missing_output_sheets, result_blocks, run_to_json

Progress = Callable[[str, int, int], None]

STAGES = ("read", "assess", "results", "write")
#: the settings that can set a scope to the whole company
COMPANY_SCOPES = ("distribution_scope", "rank_scope", "pool_scope")


@dataclass
class Outcome:
    """What one run found, computed and wrote.

    Attributes:
        read: the Assessment as read, and where everything is in the workbook.
        run: the engine's result (None when it could not run).
        problems: every problem: reading, engine, writing (errors and warnings).
        blocks: what was (or, with write=False, would be) written.
        written: True once the book accepted the blocks.
        exception: an unexpected exception (a bug), kept for `--debug` output; it is also
            reported as an "internal.error" problem.
    """

    read: ReadOutcome
    run: RunResult | None
    problems: Problems
    blocks: list[Block] = field(default_factory=list)
    written: bool = False
    exception: BaseException | None = None
    pay: PayOutcome | None = None  # money schemes (workbook.pay_results), None without any
    followup: followup.FollowUp | None = None  # interviews, appeals, 360°, change log
    new_sheets: list[str | NewSheet] = field(default_factory=list)  # the writer adds first

    @property
    def ok(self) -> bool:
        """No errors: results are valid (and were written, if writing was asked for)."""
        return not self.problems.has_errors

    @property
    def lang(self) -> str:
        """The workbook's language ("zh" or "en")."""
        return self.read.where.lang

    def to_json(self) -> dict[str, Any]:
        """The outcome for `--json` and scripts (`results.run_to_json`)."""
        return run_to_json(self)


def _empty_read(problems: Problems) -> ReadOutcome:
    return ReadOutcome(Assessment(Settings(), [], [], []), problems, Where())


def internal_error(problems: Problems, stage: str, exc: BaseException) -> None:
    """Report a bug met while `stage` as an error problem (nothing is written then)."""
    problems.error(
        "internal.error",
        f"Internal error while {stage} ({type(exc).__name__}: {exc}); nothing was written. "
        "Please report this with the workbook",
        f"{stage}时发生内部错误（{type(exc).__name__}：{exc}），未写入任何内容。"
        "请连同工作簿一起反馈",
    )


def _merge(read_problems: Problems, engine_problems: Problems) -> Problems:
    """Read problems, then engine problems, without the engine's "missing value" reports
    for cells reading already reported as unusable."""
    bad_cells = {
        (s.sheet, s.cell) for p in read_problems.errors for s in p.where if s.cell is not None
    }
    merged = Problems(list(read_problems.items))
    for p in engine_problems:
        if p.code.startswith("entry.") and any((s.sheet, s.cell) in bad_cells for s in p.where):
            continue
        merged.items.append(p)
    return merged


def read_book(book: BookReader) -> tuple[Outcome, bool]:
    """Read the assessment and the follow-up sheets (appeals and 360° ratings join the
    assessment; the change log is verified). (outcome, True) when the book itself could
    not be read."""
    try:
        read = read_assessment(book)
    except WorkbookError as err:
        problems = Problems([err.to_problem()])
        return Outcome(_empty_read(problems), None, problems), True
    outcome = Outcome(read, None, read.problems)
    try:
        outcome.followup = followup.prepare(book, read)
    except WorkbookError as err:
        read.problems.items.append(err.to_problem())
    except Exception as exc:  # a bug there must not cost the workbook either
        outcome.exception = exc
        internal_error(read.problems, "reading interviews and appeals", exc)
    return outcome, False


def assess_read(outcome: Outcome) -> None:
    """Run the engine on what was read: sets `run` and merges its problems."""
    read = outcome.read
    try:
        attach_run(outcome, assess(read.assessment))
    except Exception as exc:  # a bug in the engine must not cost the user their workbook
        outcome.exception = outcome.exception or exc
        engine_problems = Problems()
        internal_error(engine_problems, "assessing", exc)
        outcome.problems = _merge(read.problems, engine_problems)
    if is_company(read.assessment):  # company scopes need the other workbooks too
        alone = layout.SUMMARY_LABELS["company_alone"]
        settings = read.assessment.settings
        where = [
            settings.sources[k]
            for k in COMPANY_SCOPES
            if k in settings.sources and getattr(settings, k) is Scope.COMPANY
        ]
        outcome.problems.warning("company.alone", alone("en"), alone("zh"), *where[:1])


def attach_run(outcome: Outcome, run: RunResult) -> None:
    """Take the engine's result (this workbook's own, or its part of a company run): the
    problems are the reading's and the engine's together."""
    outcome.run = run
    outcome.problems = _merge(outcome.read.problems, run.problems)


def review_run(book: BookReader, outcome: Outcome, now: dt.datetime) -> None:
    """Pay (money schemes) and the follow-up checks (deadlines, appeals' knock-on
    effects) for an assessed outcome; their problems join `outcome.problems`."""
    read, run, problems = outcome.read, outcome.run, outcome.problems
    try:
        outcome.pay = compute_pay(book, read, run, problems)
    except Exception as exc:  # a bug in the money part must not cost the workbook either
        outcome.exception = outcome.exception or exc
        internal_error(problems, "computing pay", exc)
    if outcome.followup is not None:
        try:
            followup.review(outcome.followup, read, run, problems, now)
        except Exception as exc:  # nor a bug in the follow-up checks
            outcome.exception = outcome.exception or exc
            internal_error(problems, "checking interviews and appeals", exc)


def prepare_blocks(
    outcome: Outcome, now: dt.datetime, extra_summary: Sequence[Sequence[Any]] = ()
) -> bool:
    """Everything to write (results, Summary, Issues, follow-up sheets) into
    `outcome.blocks`, and the sheets the writer must add into `outcome.new_sheets`.

    Args:
        extra_summary: more rows for the end of the Summary (what a company run applied).
    Returns:
        False when a bug stopped it (reported as an internal error; nothing to write).
    """
    read, run, problems, fu = outcome.read, outcome.run, outcome.problems, outcome.followup
    try:
        valid = run is not None and not problems.has_errors
        extra = [*followup.summary_rows(fu, read.where.lang)] if fu and valid else []
        extra += [list(r) for r in extra_summary] if valid else []
        outcome.blocks = result_blocks(read, run, problems, now=now, extra_summary=extra)
        outcome.new_sheets = list(missing_output_sheets(read))
        if fu is not None:
            fu_blocks, fu_sheets = followup.blocks(fu, read, run, valid, now)
            outcome.blocks += fu_blocks
            outcome.new_sheets += fu_sheets
    except Exception as exc:  # a bug here: report it, write nothing
        internal_error(problems, "preparing the results", exc)
        outcome.exception = exc
        return False
    return True


def calculate(
    book: BookReader,
    *,
    write: bool = True,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Read the workbook, assess everyone, and write results back in one write.

    Args:
        book: a BookReader that is also a BookWriter (when `write`).
        write: False computes everything (blocks included) without writing.
        progress: called as progress(stage, done, total) before each stage
            ("read", "assess", "results", "write") and once with ("done", 4, 4).
        now: the time stamped into the status cell (default: the local time now).
    Returns:
        The Outcome; `ok` is False when any error was found. With errors, results are
        not written: result columns are cleared and the Issues sheet lists the problems.
        A book that cannot be read, or a refused or failed write, is an error in
        `problems` (the file is then left as it was).
    """
    # (The CLI pauses the cyclic GC around a whole command: xlkpi.cli.common.gc_paused.)
    now = now or dt.datetime.now()
    report = progress or (lambda stage, done, total: None)
    total = len(STAGES)
    report("read", 0, total)
    outcome, failed = read_book(book)
    if failed:
        return outcome
    report("assess", 1, total)
    assess_read(outcome)
    review_run(book, outcome, now)
    drop_cache = getattr(book, "drop_cache", None)
    if callable(drop_cache):  # everything is read: let the book free its grids (io.reader)
        drop_cache()

    report("results", 2, total)
    if not prepare_blocks(outcome, now):
        return outcome
    if write:
        report("write", 3, total)
        try:
            book.write(outcome.blocks, ensure_sheets=outcome.new_sheets)  # type: ignore[attr-defined]
            outcome.written = True
        except WorkbookError as err:
            for e in getattr(err, "all", (err,)):
                outcome.problems.items.append(e.to_problem())
    report("done", total, total)
    return outcome


def check(book: BookReader, *, progress: Progress | None = None) -> Outcome:
    """Read and assess without writing anything (and without preparing blocks).

    Returns:
        The Outcome with `run` and every problem; `blocks` is empty, `written` False.
    """
    report = progress or (lambda stage, done, total: None)
    report("read", 0, 2)
    outcome, failed = read_book(book)
    if not failed:
        report("assess", 1, 2)
        assess_read(outcome)
        review_run(book, outcome, dt.datetime.now())
    report("done", 2, 2)
    return outcome


__all__ = ["Outcome", "Progress", "calculate", "check"]
