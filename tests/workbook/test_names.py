"""Names HR types (a position's data sheet, a position's code or name) are read the same
way by every reader: Calculate and import agree on what a cell names."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlkpi.authoring import build_workbook
from xlkpi.importing.target import load_target
from xlkpi.io.cells import Block
from xlkpi.io.reader import XlsxBook
from xlkpi.io.xlsx_writer import write_blocks
from xlkpi.workbook import layout
from xlkpi.workbook.calculate import check

SHEET = "Customer-service team member"


@pytest.mark.parametrize(
    ("text", "names", "found"),
    [
        ("客服专员", ["客服专员"], "客服专员"),
        ("客服（专员）", ["客服(专员)", "客服"], "客服(专员)"),  # full width = half width
        ("客服（专员）", ["客服"], None),  # brackets are part of the name, not a unit
        ("cs_data", ["cs data"], None),  # so are underscores
        ("  CS   Data ", ["cs data"], "cs data"),  # case and runs of spaces are not
        ("ＣＳ１", ["CS1"], "CS1"),
        ("", ["x"], None),
        (None, ["x"], None),
    ],
)
def test_a_sheet_named_in_a_cell(text, names, found):
    assert layout.find_sheet_named(text, names) == found


def _positions_cell(tmp_path: Path, text: str) -> Path:
    """An English cs-team-member workbook whose Positions row names its data sheet `text`."""
    path = build_workbook("cs-team-member", "en", tmp_path / "book.xlsx", sample_data=True)
    write_blocks(path, [Block("Positions", 3, 2, [[text]])], backup=False)
    return path


@pytest.mark.parametrize("text", [SHEET, f"  {SHEET.upper()} ", "customer-service  team member"])
def test_calculate_and_import_find_the_same_data_sheet(tmp_path: Path, text: str) -> None:
    path = _positions_cell(tmp_path, text)
    outcome = check(XlsxBook(path))
    assert not [p for p in outcome.problems.errors if p.code.startswith("positions.")]
    target = load_target(XlsxBook(path))
    assert [p.sheet for p in target.positions.values()] == [SHEET]
    assert not target.problems.has_errors


@pytest.mark.parametrize("text", [f"{SHEET} (x)", "Customer_service team member"])
def test_calculate_and_import_both_refuse_a_name_that_is_not_a_sheet(
    tmp_path: Path, text: str
) -> None:
    path = _positions_cell(tmp_path, text)
    outcome = check(XlsxBook(path))
    assert "positions.data_sheet_missing" in [p.code for p in outcome.problems.errors]
    target = load_target(XlsxBook(path))
    assert "import.no_data_sheet" in [p.code for p in target.problems.errors]


def test_a_position_is_named_the_same_way_everywhere(tmp_path: Path) -> None:
    path = build_workbook("cs-team-member", "en", tmp_path / "book.xlsx", sample_data=True)
    target = load_target(XlsxBook(path))
    for text in ("cs_member", " CS_MEMBER ", "customer-service team member"):
        assert target.position_of(text) is not None, text
    for text in ("cs member", "Customer-service team member (new)"):
        assert target.position_of(text) is None, text
