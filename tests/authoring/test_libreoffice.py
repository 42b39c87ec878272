"""LibreOffice headless opens every shipped workbook and exports it to PDF; the previews in
docs/ are real renderings of two of them."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from printcheck import MIN_SCALE, check_pdf, print_scales

from helpers.templates import REPO
from xlkpi.authoring import TEMPLATES
from xlkpi.authoring.builder import DEMO_TEMPLATE
from xlkpi.authoring.preview import PREVIEWS
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import calculate

SHIPPED = sorted([*(REPO / "templates").glob("*.xls[xm]"), *(REPO / "workbooks").glob("*.xls[xm]")])


def _pdf_text(pdf: Path, first: int, last: int) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    return subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.libreoffice
@pytest.mark.slow
def test_every_shipped_workbook_exports_to_pdf(tmp_path: Path):
    from helpers.libreoffice import convert, require_soffice

    require_soffice()
    assert len(SHIPPED) >= 2 * len(TEMPLATES) + 1
    calculated = tmp_path / "calculated" / "demo-after-sales-calculated.xlsx"
    calculated.parent.mkdir()
    shutil.copy(REPO / "workbooks" / "demo-after-sales.xlsx", calculated)
    assert calculate(XlsxBook(calculated, backup=False)).ok

    def export(path: Path) -> tuple[Path, list[Path]]:
        return path, convert(path, "pdf", tmp_path / path.stem / path.suffix[1:])

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(export, [*SHIPPED, calculated]))
    for path, made in results:
        assert [p.suffix for p in made] == [".pdf"], path.name
        pdf = made[0]
        assert pdf.read_bytes().startswith(b"%PDF")
        first_page = _pdf_text(pdf, 1, 1)
        name, _, lang = path.stem.rpartition("-")
        if name in TEMPLATES:
            assert TEMPLATES[name].title(lang) in first_page, path.name
        if path.suffix == ".xlsm":
            continue  # the same sheets as the .xlsx beside it
        template = TEMPLATES[name] if name in TEMPLATES else TEMPLATES[DEMO_TEMPLATE]
        check_pdf(pdf, template.positions, lang if name in TEMPLATES else "zh")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_sheet_prints_at_a_readable_scale(path: Path):
    """Fixed scales of at least 60%, or fit to one page wide where the columns allow 60%."""
    scales = print_scales(path)
    assert scales and all(s >= MIN_SCALE for s in scales.values()), scales


def test_previews_are_checked_in():
    for preview in PREVIEWS:
        png = REPO / preview.png
        assert png.is_file(), f"{png} missing: run `python -m xlkpi.authoring.preview`"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (REPO / "templates" / f"{preview.template}-{preview.lang}.xlsx").is_file()
    assert {p.lang for p in PREVIEWS} == {"zh", "en"}
