"""LibreOffice headless opens written workbooks, recalculates and exports them (check 5)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_io_writer_fidelity import result_blocks

from tests.helpers.libreoffice import convert, export_csv_sheets
from xlkpi.io.cells import Block
from xlkpi.io.errors import UnsupportedFormat
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks

pytestmark = pytest.mark.libreoffice


@pytest.mark.parametrize("kind", ["xlsx", "xlsm"])
def test_recalculates_and_exports_csv_and_pdf(pristine, tmp_path: Path, kind: str) -> None:
    book = tmp_path / f"book.{kind}"
    shutil.copyfile(pristine[kind], book)
    write_blocks(book, result_blocks(), ensure_sheets=["Issues"])
    write_blocks(book, [Block("Issues", 0, 0, [["位置", "问题"]])])
    sheets = export_csv_sheets(book, tmp_path / "csv")
    assert {"Scores", "Summary", "Results", "Issues"} <= set(sheets)
    scores, summary = sheets["Scores"], sheets["Summary"]
    assert scores[3][6] == "80.00"  # Styled(80.0, "0.00")
    assert scores[3][7] == "50.0%"  # the template's 0.0% column style
    assert scores[3][8] == "¥10,000.00"
    assert scores[6][9] == "第一行\n第二行"
    assert scores[8][9] == "  leading and trailing  "  # (xml:space="preserve" on these)
    assert scores[9][9] == "tab\there"
    assert scores[3][9] == "张伟 优秀"  # (and not on this)
    assert scores[7][9] == "=SUM(1,2)"  # text stays text
    assert scores[3][11] == "160.0"  # Formula written with its cached value and format
    # template formulas depending on written cells: recalculated (caches were stale 0)
    assert scores[4][11] == "162.5"
    assert scores[12][11] == f"{2 * (80 + 9 * 1.25):g}"
    assert summary[1][1] == "856.25"  # =SUM(Scores!G4:G13), cached 0 before
    assert summary[5][1] == "856.25"
    assert sheets["Issues"][0] == ["位置", "问题"]
    (pdf,) = convert(book, "pdf", tmp_path / "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "856.25" in text and "80.00" in text


def test_xls_from_libreoffice_is_refused(pristine, tmp_path: Path) -> None:
    (xls,) = convert(pristine["xlsx"], "xls", tmp_path / "xls")
    renamed = xls.with_name("book.xlsx")  # a .xls in disguise is still refused
    xls.rename(renamed)
    before = renamed.read_bytes()
    for action in (
        lambda: read_grids(renamed),
        lambda: write_blocks(renamed, [Block("Scores", 3, 6, [[1]])]),
    ):
        with pytest.raises(UnsupportedFormat, match=r"\.xls\)"):
            action()
    assert renamed.read_bytes() == before
