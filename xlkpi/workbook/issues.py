"""The Issues sheet (问题): every error and warning of a run, each with a link to its cell.

Rows: severity, sheet, cell (a HYPERLINK formula that jumps to the cell, with its address
as cached text so previews show it), message in the workbook's language. Errors come
first, then warnings, each in the order found. Old rows below the new content are
cleared, so nothing stale remains.
"""

from __future__ import annotations

from typing import Any

from xlkpi.core.fmt import separator
from xlkpi.core.problems import Problem, Problems, Source, clip
from xlkpi.io.cells import Block, CellInput, Formula
from xlkpi.workbook import layout
from xlkpi.workbook.layout import Label


def cell_link(source: Source) -> CellInput:
    """A clickable link to the source's cell: =HYPERLINK("#'Sheet'!E7","Sheet!E7").

    A source with a sheet but no cell links to A1 of the sheet; a source without a sheet
    (a file row, a rule name) is plain text.
    """
    if not source.sheet:
        return str(source) if source.label or source.file else None
    target_cell = source.cell or "A1"
    text = f"{source.sheet}!{source.cell}" if source.cell else source.sheet
    sheet_ref = source.sheet.replace("'", "''")
    target = f"#'{sheet_ref}'!{target_cell}".replace('"', '""')
    shown = text.replace('"', '""')
    return Formula(f'=HYPERLINK("{target}","{shown}")', cached=text)


_CELL_LIMIT = 32_767  # characters an Excel cell holds


def problem_row(problem: Problem, lang: str) -> list[CellInput]:
    """[severity, sheet, cell link, message] for one problem."""
    first = problem.where[0] if problem.where else Source()
    message = problem.message(lang)
    others = [str(s) for s in problem.where[1:]]
    if others:
        also = layout.ISSUES_TEXT["also"](lang)
        sep = separator(lang)
        message = (
            f"{message}{sep}{also}: {', '.join(others)}"
            if lang != "zh"
            else (f"{message}{sep}{also}：{'、'.join(others)}")
        )
    return [
        layout.SEVERITY_LABELS[problem.severity.value](lang),
        first.sheet,
        cell_link(first),
        clip(message, _CELL_LIMIT),
    ]


def ordered(problems: Problems) -> list[Problem]:
    """Errors first, then warnings, each in the order found."""
    return problems.errors + problems.warnings


def issues_block(
    sheet: str,
    problems: Problems,
    lang: str,
    *,
    header_row: int = 0,
    old_extent: tuple[int, int] = (0, 0),
    max_rows: int = layout.MAX_ISSUE_ROWS,
) -> Block:
    """The whole Issues sheet as one block from the header row down.

    Args:
        sheet: the Issues sheet's name.
        problems: everything found in the run.
        lang: "zh" or "en" (Settings lang).
        header_row: where the table header goes (the template's, if it has one).
        old_extent: (rows, cols) of the sheet's current content, cleared beyond the new rows.
        max_rows: problems listed at most; a last row says how many more there are.
    """
    table = layout.TABLES["issues"]
    width = len(table.columns)
    rows: list[list[Any]] = [[c.label(lang) for c in table.columns]]
    items = ordered(problems)
    if not items:
        rows.append([None, None, None, layout.ISSUES_TEXT["none"](lang)])
    for p in items[:max_rows]:
        rows.append(problem_row(p, lang))
    if len(items) > max_rows:
        more: Label = layout.ISSUES_TEXT["more"]
        rows.append([None, None, None, more(lang).format(n=len(items) - max_rows)])
    old_rows, old_cols = old_extent
    width = max(width, old_cols)
    for row in rows:
        row.extend([None] * (width - len(row)))
    for _ in range(len(rows) + header_row, old_rows):
        rows.append([None] * width)
    return Block(sheet, header_row, 0, rows)
