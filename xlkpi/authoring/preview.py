"""Render the previews in docs/: a page of a workbook as LibreOffice prints it.

    make previews        (python -m xlkpi.authoring.preview [--root DIR])

needs LibreOffice (`soffice`) and poppler (`pdftoppm`). Each preview is one page of the
workbook's PDF export, so anyone can see what HR sees without opening Excel: pages of
the shipped templates, and pages of the demo department workbook as Calculate leaves it
(built with its sample data and calculated, in Chinese and in English): the Summary with
its charts, a position sheet's first printed page and the Form; and one person's scorecard
from that workbook, as `xlkpi send` mails it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from xlkpi.authoring.builder import build_workbook
from xlkpi.authoring.catalog_source import position
from xlkpi.authoring.texts import FORM_SHEET
from xlkpi.core.label import LANGS
from xlkpi.delivery.cards import load
from xlkpi.delivery.pdf import convert, soffice
from xlkpi.delivery.scorecard import scorecard_bytes
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import calculate
from xlkpi.workbook.layout import SHEETS, safe_sheet_name, sheet_name


@dataclass(frozen=True)
class Preview:
    """One picture in docs/: which workbook, language and page, at what resolution."""

    template: str  # a TEMPLATES name (or the demo's file stem with `folder="workbooks"`)
    lang: str
    png: str  # path from the repository root
    page: int = 1
    folder: str = "templates"
    #: built with sample data and calculated; `sheet` picks the page (its first printed one)
    calculated: bool = False
    sheet: str = ""  # a layout sheet key ("summary", "form") or a position code
    dpi: int = 60

    def source(self, root: Path) -> Path:
        """The workbook the picture is printed from, under the repository root."""
        stem = f"{self.template}-{self.lang}" if self.folder == "templates" else self.template
        return root / self.folder / f"{stem}.xlsx"


def _calculated(lang: str, sheet: str, name: str) -> Preview:
    return Preview(
        "after-sales-department",
        lang,
        f"docs/preview-{name}-{lang}.png",
        calculated=True,
        sheet=sheet,
        dpi=80,
    )


PREVIEWS: tuple[Preview, ...] = (
    Preview("call-centre-agent", "zh", "docs/preview-call-centre-agent-zh.png"),
    Preview("after-sales-department", "en", "docs/preview-after-sales-department-en.png"),
    *(
        _calculated(lang, sheet, name)
        for lang in LANGS
        for sheet, name in (
            ("summary", "summary"),
            ("cc_agent", "position-sheet"),
            ("form", "form"),
        )
    ),
)

DPI = 60


def _pdf(src: Path, work: Path) -> Path:
    exe = soffice()
    if exe is None or shutil.which("pdftoppm") is None:
        raise SystemExit("rendering previews needs LibreOffice (soffice) and pdftoppm")
    convert(exe, [src], "pdf", work, work / "profile", timeout=300).check_returncode()
    return work / (src.stem + ".pdf")


def _calculated_book(preview: Preview, work: Path) -> Path:
    """The department workbook with its sample data, calculated as `xlkpi calculate` does."""
    path = work / f"{preview.template}-{preview.lang}-calculated.xlsx"
    if not path.exists():
        build_workbook(preview.template, preview.lang, path, sample_data=True)
        calculate(XlsxBook(path, backup=False))
    return path


def _page_of(pdf: Path, preview: Preview) -> int:
    """The first page printing the preview's sheet: its page header ends with the name."""
    if not preview.sheet:
        return preview.page
    lang = preview.lang
    if preview.sheet == "form":
        name = FORM_SHEET(lang)
    elif preview.sheet in SHEETS:
        name = sheet_name(preview.sheet, lang)
    else:
        name = safe_sheet_name(position(preview.sheet).sheet(lang))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for n, page in enumerate(text.split("\f"), start=1):
        first = next((line.rstrip() for line in page.splitlines() if line.strip()), "")
        if first.endswith(" " + name):
            return n
    raise SystemExit(f"no page of {pdf.name} prints the sheet {name!r}")


def render(preview: Preview, root: Path, work: Path | None = None) -> Path:
    """Export the workbook to PDF with LibreOffice and write the page as a PNG.

    Args:
        preview: what to render.
        root: the repository root.
        work: a folder kept between calls, so the calculated books and their PDFs are
            made once for all their previews.
    """
    with tempfile.TemporaryDirectory(prefix="xlkpi-preview-") as tmp:
        folder = work or Path(tmp)
        src = _calculated_book(preview, folder) if preview.calculated else preview.source(root)
        pdf = folder / (src.stem + ".pdf")
        if not pdf.exists():
            pdf = _pdf(src, folder)
        page = _page_of(pdf, preview)
        out = root / preview.png
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(preview.dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(out.with_suffix("")),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return out


#: (language, PNG) of the scorecard previews, and whose scorecard they show
SCORECARDS = (("zh", "docs/scorecard-zh.png"), ("en", "docs/scorecard-en.png"))
SCORECARD_OF = "E1019"


def render_scorecard(lang: str, png: str, root: Path, work: Path) -> Path:
    """Page 1 of one person's scorecard from the calculated department workbook."""
    book = _calculated_book(Preview("after-sales-department", lang, png, calculated=True), work)
    cards = load(XlsxBook(book, backup=False)).cards
    card = cards.get(SCORECARD_OF) or next(iter(cards.values()))
    src = work / f"scorecard-{lang}.xlsx"
    src.write_bytes(scorecard_bytes(card))
    pdf = _pdf(src, work)
    out = root / png
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf)]
        + [str(out.with_suffix(""))],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


def main(argv: list[str] | None = None) -> int:
    """Render every preview under --root; 0 on success."""
    parser = argparse.ArgumentParser(
        prog="python -m xlkpi.authoring.preview",
        description="Render docs/ previews of shipped workbooks.",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xlkpi-previews-") as work:
        for preview in PREVIEWS:
            print(render(preview, args.root.resolve(), Path(work)))
        for lang, png in SCORECARDS:
            print(render_scorecard(lang, png, args.root.resolve(), Path(work)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
