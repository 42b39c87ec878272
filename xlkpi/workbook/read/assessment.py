"""Reading a whole assessment workbook: the sheets in order, into an Assessment."""

from __future__ import annotations

from xlkpi.core.model import Assessment
from xlkpi.core.problems import Source
from xlkpi.io.cells import BookReader
from xlkpi.workbook import layout
from xlkpi.workbook.contract.reader import ContractReader
from xlkpi.workbook.read.context import ReadContext
from xlkpi.workbook.read.data_sheets import read_data_sheets
from xlkpi.workbook.read.indicators import read_indicators
from xlkpi.workbook.read.people import read_adjustments, read_grades, read_roster
from xlkpi.workbook.read.places import ReadOutcome
from xlkpi.workbook.read.positions import read_positions
from xlkpi.workbook.read.settings import read_settings

_REQUIRED_SHEETS = ("positions", "indicators", "roster")


def read_assessment(book: BookReader) -> ReadOutcome:
    """Read the whole assessment from a workbook.

    Args:
        book: any BookReader (file, live Excel, in-memory grids).
    Returns:
        The Assessment, every problem found (reading never raises for bad input), and
        where employees and result columns are.
    """
    contract = ContractReader(book)
    ctx = ReadContext(contract)
    where = ctx.where
    where.sheets = dict(contract.sheets)
    where.lang = contract.named_lang() or layout.DEFAULT_LANG
    settings = read_settings(ctx)
    where.lang = settings.lang
    _required_sheets(ctx)
    _written_sheets(ctx)
    positions = read_positions(ctx)
    indicators = read_indicators(ctx, positions)
    employees = read_roster(ctx, positions)
    if not employees and not ctx.problems.has_errors:
        roster = where.sheets.get("roster") or layout.sheet_name("roster", where.lang)
        ctx.problems.warning(
            "roster.empty",
            "The roster has no employees, so there is nothing to calculate: fill in the "
            "Roster sheet or use `xlkpi import`",
            "人员名单中没有员工，无可计算内容：请填写人员表或使用 xlkpi import 导入",
            Source(roster),
        )
    grades = read_grades(ctx)
    adjustments, vetoes, overrides = read_adjustments(ctx)
    entries = read_data_sheets(ctx, positions, indicators, employees)
    assessment = Assessment(
        settings=settings,
        indicators=indicators,
        employees=employees,
        entries=entries,
        grades=grades,
        adjustments=adjustments,
        vetoes=vetoes,
        overrides=overrides,
        position_names=dict(where.position_names),
        locate=where.locate,
    )
    return ReadOutcome(assessment, ctx.problems, where)


def _required_sheets(ctx: ReadContext) -> None:
    for key in _REQUIRED_SHEETS:
        if key not in ctx.where.sheets:
            lab = layout.SHEETS[key]
            ctx.problems.error(
                "workbook.sheet_missing",
                f"The workbook has no sheet '{lab.en}' (or '{lab.zh}')",
                f"工作簿中没有“{lab.zh}”（或“{lab.en}”）工作表",
            )


def _written_sheets(ctx: ReadContext) -> None:
    """The extent of the Summary and Issues sheets (Calculate clears them before writing)
    and the Issues table's header row."""
    for key in ("summary", "issues"):
        sheet = ctx.where.sheets.get(key)
        if sheet is None:
            continue
        grid = ctx.contract.grid(sheet)
        ctx.where.extents[sheet] = (len(grid), max((len(r) for r in grid), default=0))
        if key == "issues":
            found = ctx.contract.table_on(layout.TABLES["issues"], sheet)
            ctx.where.issues_header_row = 0 if found is None else found.header_row
