"""LibreOffice headless opens every shipped workbook and exports it to PDF; the previews in
docs/ are real renderings of two of them."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers.templates import REPO
from xlkpi.authoring import TEMPLATES
from xlkpi.authoring.preview import PREVIEWS

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

    def export(path: Path) -> tuple[Path, list[Path]]:
        return path, convert(path, "pdf", tmp_path / path.stem / path.suffix[1:])

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(export, SHIPPED))
    for path, made in results:
        assert [p.suffix for p in made] == [".pdf"], path.name
        pdf = made[0]
        assert pdf.read_bytes().startswith(b"%PDF")
        first_page = _pdf_text(pdf, 1, 1)
        name, _, lang = path.stem.rpartition("-")
        if name in TEMPLATES:
            assert TEMPLATES[name].title(lang) in first_page, path.name


def test_previews_are_checked_in():
    for preview in PREVIEWS:
        png = REPO / preview.png
        assert png.is_file(), f"{png} missing: run `python -m xlkpi.authoring.preview`"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (REPO / "templates" / f"{preview.template}-{preview.lang}.xlsx").is_file()
    assert {p.lang for p in PREVIEWS} == {"zh", "en"}
