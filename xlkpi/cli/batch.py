"""`xlkpi calculate` of many workbooks: each in its own process, one line per workbook.

Workbooks (and the .xlsx/.xlsm files in folders) are calculated in parallel worker
processes, as many as the machine has cores. Each workbook is written on its own and
atomically, so a failure in one (bad input, a refused write, even a worker that dies)
never stops the others or touches them. Workbooks whose Settings set a scope to the whole
company are calculated together afterwards (`workbook.company`), all written or none.

Exit code: 0 when every workbook was calculated, 1 when any hit an internal error, else 2
when any had an input error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkpi.io.atomic import TEMP_PREFIX
from xlkpi.io.backups import is_backup_name

from .common import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK
from .messages import problem_line, t
from .outcome import one_line

SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class BookResult:
    """What calculating one workbook came to, small enough to pass between processes.

    Attributes:
        path: the workbook as given.
        code: its exit code (0, 1 or 2).
        line: the one result line.
        details: problem lines shown under it (errors first).
        data: the run as JSON (`run_to_json`) plus "workbook" and "exit", when asked for.
        company: the workbook belongs to a company run (not calculated alone).
    """

    path: str
    code: int
    line: str = ""
    details: list[str] = field(default_factory=list)
    data: dict[str, Any] | None = None
    company: bool = False


def expand(paths: Iterable[str]) -> tuple[list[str], list[BookResult]]:
    """The workbooks named (folders give their .xlsx/.xlsm files, recursively, leaving out
    backups, Excel's owner files and xlkpi's temporary files), each once; and a failed
    result for each path that does not exist."""
    books: list[str] = []
    missing: list[BookResult] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.suffix.lower() in SUFFIXES and f.is_file() and _is_workbook_name(f.name)
            )
        elif p.is_file():
            found = [raw]
        else:
            missing.append(BookResult(raw, EXIT_INPUT))
            continue
        for f in found:
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                books.append(f)
    return books, missing


def _is_workbook_name(name: str) -> bool:
    return not (name.startswith(("~$", TEMP_PREFIX)) or is_backup_name(name))


def calculate_book(path: str, backup: bool, lang: str, want_json: bool) -> BookResult:
    """Calculate one workbook (in a worker process). Company-scoped workbooks are only
    recognised here and left for the company run."""
    from xlkpi.io.errors import WorkbookError
    from xlkpi.io.reader import XlsxBook
    from xlkpi.workbook.calculate import calculate
    from xlkpi.workbook.company import company_scoped

    try:
        book = XlsxBook(path, backup=backup)
        if company_scoped(book):
            return BookResult(path, EXIT_OK, company=True)
        outcome = calculate(book, write=True)
    except WorkbookError as exc:
        return _failed(path, EXIT_INPUT, exc.render(lang), lang, want_json)
    except Exception as exc:  # a bug in one workbook must not stop the others
        message = t("batch_internal", lang, error=_short(exc))
        return _failed(path, EXIT_INTERNAL, message, lang, want_json)
    return _result(path, outcome, lang, want_json)


def calculate_company_books(
    paths: list[str], backup: bool, lang: str, want_json: bool
) -> list[BookResult]:
    """Calculate a company's workbooks together (in a worker process), all or nothing."""
    from xlkpi.workbook.company import calculate_company

    try:
        company = calculate_company(paths, backup=backup)
    except Exception as exc:  # a bug: every workbook of the company stays as it was
        line = t("batch_internal", lang, error=_short(exc))
        return [_failed(p, EXIT_INTERNAL, line, lang, want_json) for p in paths]
    results = []
    general = [problem_line(p, lang) for p in company.problems.errors]
    for path, outcome in zip(paths, company.outcomes, strict=True):
        r = _result(path, outcome, lang, want_json)
        r.company = True
        if not company.written and r.code == EXIT_OK:  # held back by another workbook
            r.code = EXIT_INPUT
            r.line = t("batch_company_held", lang, path=path)
        r.details = general + r.details
        if r.data is not None:
            r.data["company"] = True
            r.data["written"] = company.written
        results.append(r)
    return results


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:200]


def _failed(path: str, code: int, message: str, lang: str, want_json: bool) -> BookResult:
    data = {"workbook": path, "exit": code, "ok": False, "error": message} if want_json else None
    return BookResult(path, code, t("batch_failed", lang, path=path, error=message), data=data)


def _result(path: str, outcome: Any, lang: str, want_json: bool) -> BookResult:
    from xlkpi.workbook.results import run_to_json

    problems = outcome.problems
    if outcome.exception is not None:
        code = EXIT_INTERNAL
        line = t("batch_failed", lang, path=path, error=_short(outcome.exception))
    elif problems.has_errors:
        code = EXIT_INPUT
        line = t("batch_errors", lang, path=path, errors=len(problems.errors))
    else:
        code = EXIT_OK
        line = one_line(outcome, lang, path)
    details = [problem_line(p, lang) for p in problems.errors[:3]]
    data = None
    if want_json:
        data = {"workbook": path, "exit": code, **run_to_json(outcome)}
    return BookResult(path, code, line, details, data)


def run_batch(
    paths: Sequence[str],
    *,
    backup: bool,
    lang: str,
    want_json: bool,
    jobs: int | None,
    report: Callable[[BookResult], None],
) -> list[BookResult]:
    """Calculate every workbook; `report` is called with each result as it comes.

    Returns:
        The results in the order of `paths`.
    """
    workers = max(1, jobs or os.cpu_count() or 1)
    # imported once here, so that every forked worker starts with them loaded
    import xlkpi.workbook.calculate
    import xlkpi.workbook.company  # noqa: F401

    done: dict[str, BookResult] = {}
    company: list[str] = []

    def finished(result: BookResult) -> None:
        if result.company and result.line == "":
            company.append(result.path)
            return
        done[result.path] = result
        report(result)

    _in_pool(
        [(p, (calculate_book, p, backup, lang, want_json)) for p in paths],
        workers,
        finished,
        lambda p: finished(_died(p, lang, want_json)),
    )
    if company:
        members = set(company)
        group = [p for p in paths if p in members]
        _in_pool(
            [("\0company", (calculate_company_books, group, backup, lang, want_json))],
            1,
            lambda results: _each(finished, results),
            lambda _: _each(finished, [_died(p, lang, want_json) for p in group]),
        )
    return [done[p] for p in paths if p in done]


def _died(path: str, lang: str, want_json: bool) -> BookResult:
    return _failed(path, EXIT_INTERNAL, t("batch_died", lang), lang, want_json)


def _each(finished: Callable[[BookResult], None], results: Iterable[BookResult]) -> None:
    """Report every one of `results`: the company group ends (or dies) as one task."""
    for result in results:
        finished(result)


def _in_pool(
    tasks: list[tuple[str, tuple[Any, ...]]],
    workers: int,
    finished: Callable[[Any], Any],
    died: Callable[[str], object],
) -> None:
    """Run `tasks` (key, (function, *args)) in a process pool.

    When a worker process dies (killed, out of memory) the pool breaks and every task not
    yet finished fails with it. Those are run again in a new pool; what still breaks is
    then run alone, one process each, so only the task that kills its process is
    reported (through `died`) and the others finish.
    """
    pending = list(tasks)
    for isolated in (False, False, True):
        if not pending:
            return
        if isolated:
            broken = [t for t in pending if _run_pool([t], 1, finished)]
        else:
            broken = _run_pool(pending, min(workers, len(pending)), finished)
        pending = broken
    for key, _ in pending:
        died(key)


def _run_pool(
    tasks: list[tuple[str, tuple[Any, ...]]], workers: int, finished: Callable[[Any], Any]
) -> list[tuple[str, tuple[Any, ...]]]:
    """Run the tasks in one pool; return those lost to a broken pool."""
    broken = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(*call): (key, call) for key, call in tasks}
        for future, task in _as_done(futures):
            try:
                value = future.result()
            except (BrokenProcessPool, Exception):  # a dead worker; or a result lost on the way
                broken.append(task)
                continue
            finished(value)
    return broken


def _as_done(futures: dict[Future[Any], Any]) -> Iterable[tuple[Future[Any], Any]]:
    for future in as_completed(futures):
        yield future, futures[future]
