"""ensure_sheets: appending a plain worksheet (e.g. Issues) to a workbook that lacks it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from io_pkgcheck import assert_integrity, parts, sheet_parts

from xlkpi.io.cells import Block
from xlkpi.io.errors import WorkbookError
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

ISSUES = [["位置", "问题"], ["Scores!D7", "得分 'n/a' 不是数字"]]


def test_adds_the_sheet_and_writes_into_it(book_xlsm: Path) -> None:
    before = parts(book_xlsm)
    report = write_blocks(book_xlsm, [Block("Issues", 0, 0, ISSUES)], ensure_sheets=["Issues"])
    after = parts(book_xlsm)
    assert report.added_sheets == ["Issues"]
    (new_part,) = report.added_parts
    assert set(after) == (set(before) - {"xl/calcChain.xml"}) | {new_part}
    may_change = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    changed = {n for n in before if n in after and before[n] != after[n]}
    assert changed == may_change
    assert_integrity(book_xlsm)
    assert list(sheet_parts(after)) == ["Scores", "Summary", "Lists", "Results", "Issues"]
    assert read_grids(book_xlsm, ["Issues"])["Issues"] == ISSUES
    wb = openpyxl.load_workbook(book_xlsm, keep_vba=True)
    assert wb.sheetnames[-1] == "Issues" and wb["Issues"]["B2"].value == ISSUES[1][1]


def test_existing_sheet_is_not_added_again(book_xlsx: Path) -> None:
    write_blocks(book_xlsx, [], ensure_sheets=["Issues"])
    report = write_blocks(
        book_xlsx, [Block("issues", 0, 0, [["again"]])], ensure_sheets=["ISSUES", "Results"]
    )
    assert report.added_sheets == []
    assert list(sheet_parts(parts(book_xlsx))).count("Issues") == 1
    assert read_grids(book_xlsx, ["Issues"])["Issues"] == [["again"]]


@pytest.mark.parametrize("name", ["", "a" * 32, "Q1/Q2", "[x]", "'quoted'", "a:b"])
def test_bad_sheet_names_are_refused(book_xlsx: Path, name: str) -> None:
    before = book_xlsx.read_bytes()
    with pytest.raises(WorkbookError, match="cannot add sheet"):
        write_blocks(book_xlsx, [], ensure_sheets=[name])
    assert book_xlsx.read_bytes() == before
