"""Scorecards print: LibreOffice renders each to one or two A4 pages holding the person's
name and total; without LibreOffice `--pdf` says so clearly."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from books import results

from helpers.libreoffice import require_soffice
from xlkpi.cli.main import main
from xlkpi.delivery.cards import load
from xlkpi.delivery.pdf import to_pdf
from xlkpi.delivery.scorecard import scorecard_bytes
from xlkpi.io.reader import XlsxBook


def _pdf_info(pdf: Path) -> tuple[int, str, str]:
    """(pages, page size line, text)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])
    size = next(x for x in info.splitlines() if x.startswith("Page size:"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, size, text


@pytest.mark.libreoffice
def test_send_pdf_renders_every_scorecard_on_one_or_two_a4_pages(demo: Path, monkeypatch, tmp_path):
    require_soffice()
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is needed to read the PDFs")
    monkeypatch.setenv("XLKPI_MAIL_CONFIG", str(tmp_path / "none.toml"))
    assert main(["send", str(demo), "--dry-run", "--pdf"]) == 0
    pdfs = sorted((demo.parent / "demo-outbox" / "pdf").glob("*.pdf"))
    assert len(pdfs) == 30
    expected = results(demo)
    for pdf in pdfs:
        pages, size, text = _pdf_info(pdf)
        eid = next(e for e in expected if f" {e} " in pdf.name)
        r = expected[eid]
        assert 1 <= pages <= 2, pdf.name
        assert "(A4)" in size and size.index("595") < size.index("841")  # A4 portrait
        assert r.employee.name in text and f"{r.total:.2f}" in text


@pytest.mark.libreoffice
def test_english_scorecard_renders(calculated, tmp_path):
    require_soffice()
    card = load(XlsxBook(calculated["en"])).cards["E1004"]
    (pdf,) = to_pdf({"card.xlsx": scorecard_bytes(card)}, tmp_path)
    pages, _, text = _pdf_info(pdf)
    assert pages == 1
    assert card.name in text and f"{card.total:.2f}" in text
    assert "appeal in writing" in " ".join(text.split())


def test_pdf_without_libreoffice_says_so(demo: Path, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("XLKPI_MAIL_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the path
    assert main(["send", str(demo), "--dry-run", "--pdf"]) == 0
    assert "未生成 PDF" in capsys.readouterr().err
    assert len(list((demo.parent / "demo-outbox").glob("*.eml"))) == 34
