"""Ranking and quotas by position (the multi-position template's default) and by position
group; problems that point at the cell to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlkpi.authoring import build_workbook
from xlkpi.core.model import Employee, Scope
from xlkpi.core.ranking import competition_ranks, scope_key
from xlkpi.io.cells import Block
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.io.xlsx_writer import write_blocks
from xlkpi.workbook import layout
from xlkpi.workbook.calculate import calculate


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    return build_workbook("after-sales-department", "zh", path, sample_data=True)


def _calculated(demo: Path, tmp_path: Path, blocks: list[Block] = ()) -> tuple[Path, object]:
    path = tmp_path / "d.xlsx"
    path.write_bytes(demo.read_bytes())
    if blocks:
        write_blocks(path, blocks, backup=False)
    return path, calculate(XlsxBook(path, backup=False))


def test_the_department_ranks_each_position_on_its_own(demo: Path, tmp_path: Path):
    _, out = _calculated(demo, tmp_path)
    assert out.ok
    settings = out.read.assessment.settings
    assert settings.rank_scope is Scope.POSITION and settings.distribution_scope is Scope.POSITION
    results = {r.employee.id: r for r in out.run.results}
    manager = results["E1001"]  # the one customer-service manager
    assert (manager.rank, manager.rank_group_size) == (1, 1)
    agents = [r for r in out.run.results if r.employee.position == "cc_agent"]
    assert len(agents) == 12
    assert [a.rank for a in agents] == competition_ranks([a.total for a in agents])
    assert {a.rank_group_size for a in agents} == {12}
    # the expected ranks of the first agents (E1004 92.50 is 8th of the 12 agents)
    assert [results[e].rank for e in ("E1004", "E1005", "E1006")] == [8, 2, 6]


def test_quota_notes_name_the_position(demo: Path, tmp_path: Path):
    _, out = _calculated(demo, tmp_path)
    notes = [r.grade_note_zh for r in out.run.results if r.grade_note_zh]
    assert notes and all("岗位“" in n for n in notes if "强制分布" in n)


def test_a_calibration_that_breaks_a_quota_is_a_warning(demo: Path, tmp_path: Path):
    _, out = _calculated(demo, tmp_path)
    (w,) = [p for p in out.problems.warnings if p.code == "distribution.calibrated"]
    assert "E1009" in w.message_zh and w.where[0].sheet == layout.sheet_name("adjustments", "zh")


def test_position_groups_are_ranked_together():
    a = Employee("1", "a", "cs_member", position_group="front line")
    b = Employee("2", "b", "cc_agent", position_group="front line")
    c = Employee("3", "c", "cs_manager")
    assert scope_key(a, Scope.POSITION_GROUP) == scope_key(b, Scope.POSITION_GROUP)
    assert scope_key(c, Scope.POSITION_GROUP) == scope_key(c, Scope.POSITION)
    assert scope_key(a, Scope.POSITION) != scope_key(b, Scope.POSITION)


def test_a_position_group_from_the_positions_sheet(demo: Path, tmp_path: Path):
    table = layout.TABLES["positions"]
    group_col = [c.key for c in table.columns].index("group")
    settings = read_grids(demo, [layout.sheet_name("settings", "zh")])
    grid = settings[layout.sheet_name("settings", "zh")]
    row = next(i for i, r in enumerate(grid) if r[0] == "排名范围")
    blocks = [
        # agents (row 6) and customer-service staff (row 8) form one group
        Block(layout.sheet_name("positions", "zh"), 5, group_col, [["一线"], [None], ["一线"]]),
        Block(layout.sheet_name("settings", "zh"), row, 1, [["岗位组"]]),
    ]
    _, out = _calculated(demo, tmp_path, blocks)
    assert out.ok, [p.message("zh") for p in out.problems]
    front = [r for r in out.run.results if r.employee.position in ("cc_agent", "cs_member")]
    assert len(front) == 21 and {r.rank_group_size for r in front} == {21}


def test_an_empty_rater_cell_is_named(demo: Path, tmp_path: Path):
    sheet = "售后服务主管"  # the supervisors' data sheet
    grid = read_grids(demo, [sheet])[sheet]
    keys = grid[layout.KEY_ROW]
    col = keys.index("feedback@reviewer")
    _, out = _calculated(demo, tmp_path, [Block(sheet, layout.FIRST_DATA_ROW, col, [[None]])])
    (p,) = [p for p in out.problems if p.code == "raters.missing"]
    assert (p.where[0].sheet, p.where[0].cell) == (sheet, f"D{layout.FIRST_DATA_ROW + 1}")


def test_a_mistyped_position_names_the_position_cell(demo: Path, tmp_path: Path):
    roster = layout.sheet_name("roster", "zh")
    col = [c.key for c in layout.TABLES["roster"].columns].index("position")
    _, out = _calculated(demo, tmp_path, [Block(roster, 3, col, [["客户服务部经里"]])])
    codes = [p.code for p in out.problems.errors]
    assert codes == ["position.unknown"], codes
    (p,) = out.problems.errors
    assert (p.where[0].sheet, p.where[0].cell) == (roster, "E4")
    assert "客户服务部经理" in p.message_zh and "cs_manager" not in p.message_zh
