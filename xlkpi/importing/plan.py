"""Turning export files into the blocks one atomic write puts into the workbook.

`plan_import` reads every file, checks every row against the workbook (known employees and
indicators, one value per employee and input column across all files, numbers that parse)
and returns either problems (then nothing may be written) or the blocks: new Roster rows
below the last, updated Roster cells, data-sheet rows appended for employees not yet on
their position's sheet, and the values themselves.

The steps live apart: rows.py (the checks every row gets), roster.py (roster files and who
a row may name), inputs.py (long and wide files), pay.py (the Pay sheet's tables) and
blocks.py (the write).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from xlkpi.core.problems import Problem, Source
from xlkpi.io.cells import BookReader
from xlkpi.io.errors import WorkbookError
from xlkpi.workbook.stale import not_current_blocks

from . import pay
from .blocks import add_blocks, add_pay_blocks
from .columns import detect_file, remember
from .forms import Detected, Form, find_header, find_pay_header
from .inputs import InputRows
from .mapping import Mapping, mapping_blocks, read_mapping
from .outcome import FileReport, ImportPlan
from .resolver import Resolver
from .roster import People, RosterRows
from .rows import RowChecks
from .sources import ExportError, ExportTable, read_export
from .target import Target, load_target

#: `progress(stage, done, total)`: told what planning is doing
Progress = Callable[..., None]

#: a file read and recognised, with its report
_File = tuple[ExportTable, Detected, FileReport]


def plan_import(
    book: BookReader,
    paths: Sequence[str | os.PathLike[str]],
    progress: Progress | None = None,
    *,
    strict: bool = False,
    sheet: str | None = None,
) -> ImportPlan:
    """Read and check every export; build the blocks when nothing is wrong.

    Args:
        book: the workbook to import into (read only here).
        paths: CSV or XLSX export files, in any order; roster files are applied first.
        progress: optional callback `progress(stage, done, total)`.
        strict: people in a file who are not on the Roster are errors, not warnings.
        sheet: the sheet to read in XLSX exports (default: the first that holds a table).
    Returns:
        An ImportPlan; `plan.ok` tells whether `plan.blocks` may be written.
    """
    report = progress or (lambda *a, **k: None)
    report("reading workbook")
    target = load_target(book)
    plan = ImportPlan(target.problems, lang=target.lang)
    if target.problems.has_errors:
        return plan
    resolver = Resolver(target)
    mapping = read_mapping(book, target.lang)
    files = _read_files(plan, paths, resolver, mapping, sheet, report)

    report("checking rows")
    checks = RowChecks(plan.problems, plan.notes, strict)
    roster = RosterRows(target, checks)
    for table, found, rep in files:
        if found.form is Form.ROSTER:
            roster.read(table, found, rep)
            checks.end_file(table)
    inputs = InputRows(target, resolver, People.of(target, roster.new), checks)
    pay_writes = pay.PayWrites()
    for table, found, rep in files:
        if found.form is Form.LONG:
            inputs.read_long(table, found, rep)
        elif found.form is Form.WIDE:
            inputs.read_wide(table, found, rep)
        elif found.form is Form.PAY:
            skip = partial(checks.skip, table, found)
            rep.rows, rep.values = pay.read_rows(
                table, found, target, pay_writes, plan.problems, skip=skip
            )
        checks.end_file(table)
    pay.place_rows(target, pay_writes, plan.problems)

    if plan.problems.has_errors:
        return plan
    report("preparing the write")
    add_blocks(plan, target, roster.new, roster.updates, inputs.cells)
    add_pay_blocks(plan, target, pay_writes)
    _finish(plan, book, target, mapping)
    return plan


def _read_files(
    plan: ImportPlan,
    paths: Sequence[str | os.PathLike[str]],
    resolver: Resolver,
    mapping: Mapping,
    sheet: str | None,
    report: Progress,
) -> list[_File]:
    """Read every file and recognise its form, noting in `plan` the files and how their
    columns were matched; a file that cannot be read or recognised adds problems."""
    files: list[_File] = []
    for n, path in enumerate(paths, 1):
        report("reading files", n, len(paths))
        try:
            in_mapping = mapping.sheet_for(Path(path).name)
            table = read_export(path, sheet=sheet or in_mapping, wanted=_has_table)
        except ExportError as exc:
            plan.problems.extend(exc.problems)
            continue
        except WorkbookError as exc:
            plan.problems.extend([_file_problem(exc, Path(path))])
            continue
        found = detect_file(table, resolver, mapping, plan.problems)
        if found is not None:
            rep = FileReport(table.path, found.form, encoding=table.encoding, sheet=table.sheet)
            plan.files.append(rep)
            files.append((table, found, rep))
            _show_mapping(plan, table, found, mapping, resolver)
    return files


def _finish(plan: ImportPlan, book: BookReader, target: Target, mapping: Mapping) -> None:
    """Add the mapping table's new rows and, when inputs change, mark the results as no
    longer matching them."""
    inputs_changed = bool(plan.blocks)
    if plan.blocks or mapping.added:
        blocks, plan.ensure_sheets = mapping_blocks(mapping, target.lang)
        plan.blocks += blocks
    if inputs_changed:  # the results no longer match the inputs
        plan.blocks += not_current_blocks(book, target.lang)


def _has_table(rows: list[list[Any]]) -> bool:
    """Whether a sheet of an XLSX export holds a table import knows (an id column or a
    Pay table's header), to pick it among the workbook's sheets."""
    return find_header(rows) is not None or find_pay_header(rows) is not None


def _show_mapping(
    plan: ImportPlan, table: ExportTable, found: Detected, mapping: Mapping, resolver: Resolver
) -> None:
    """Record how each column of a file was matched (for --dry-run and the summary), and
    the rows the mapping table gains."""
    added = {row.source: row for row in remember(table, found, resolver, mapping, plan.lang)}
    for cell in found.cells:  # in column order
        if cell.col in found.mapping_rows:
            plan.mapping.append((table.path, found.mapping_rows[cell.col], "kept"))
        elif cell.text in added:
            plan.mapping.append((table.path, added[cell.text], "new"))


def _file_problem(exc: WorkbookError, path: Path) -> Problem:
    """A file that cannot be read as a workbook, named by its file name."""
    return Problem(
        exc.to_problem().severity,
        exc.code,
        exc.message_en,
        exc.message_zh,
        (Source(file=path.name, sheet=exc.sheet, cell=exc.cell),),
    )
