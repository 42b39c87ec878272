"""What a printed workbook must satisfy, checked on the sheet XML and on LibreOffice's PDF.

- Every visible sheet prints at a readable scale: a fixed `scale` ≥ 60, or fit to one page
  wide where the printed columns' widths give ≥ 60% on A4 in the sheet's orientation.
- The PDF's text has no internal code (snake_case identifiers) and no reference to the
  documents the templates came from ("seed", "table 9-26", "原方案"), with two labelled
  exceptions: the code columns of Positions and Indicators (the keys HR types there) and
  the Pay sheet, whose formulas, formula names and inputs are HR's own named values.
- Every indicator's name appears, whole (a name cut by a narrow column would not).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from parts import NS, sheet_parts

from xlkpi.authoring.catalog_source import position
from xlkpi.workbook.layout import sheet_name
from xlkpi.workbook.pay_layout import parse_pay_scheme

MIN_SCALE = 60
_A4 = {"portrait": 8.27, "landscape": 11.69}
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
SOURCES = re.compile(r"\bseeds?\b|table 9-\d|tables 9-|表9-\d|原方案|原表|对原方案", re.IGNORECASE)


def _col_px(width_chars: float) -> float:
    """Pixels of a <col> width (the XML width already includes Excel's padding)."""
    return width_chars * 7


def _print_area_cols(wb: ET.Element, sheet: str) -> tuple[int, int] | None:
    names = wb.find("m:definedNames", NS)
    if names is None:
        return None
    sheets = [s.get("name") for s in wb.findall("m:sheets/m:sheet", NS)]
    for dn in names.findall("m:definedName", NS):
        if dn.get("name") != "_xlnm.Print_Area" or dn.get("localSheetId") is None:
            continue
        if sheets[int(dn.get("localSheetId"))] != sheet:
            continue
        m = re.search(r"!\$?([A-Z]+)\$?\d*:\$?([A-Z]+)", dn.text or "")
        if m:
            return _col(m.group(1)), _col(m.group(2))
    return None


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def print_scales(path: Path) -> dict[str, float]:
    """Visible sheet -> its effective print scale in percent."""
    with zipfile.ZipFile(path) as zf:
        wb = ET.fromstring(zf.read("xl/workbook.xml"))
        hidden = {
            s.get("name") for s in wb.findall("m:sheets/m:sheet", NS) if s.get("state") == "hidden"
        }
        out = {}
        for name, part in sheet_parts(path).items():
            if name in hidden:
                continue
            root = ET.fromstring(zf.read(part))
            setup = root.find("m:pageSetup", NS)
            pr = root.find("m:sheetPr/m:pageSetUpPr", NS)
            fit = pr is not None and pr.get("fitToPage") == "1"
            orientation = setup.get("orientation", "portrait") if setup is not None else "portrait"
            if not fit:
                out[name] = float(setup.get("scale", "100")) if setup is not None else 100.0
                continue
            assert setup.get("fitToWidth", "1") == "1" and setup.get("fitToHeight") == "0", name
            dim = root.find("m:dimension", NS)
            last = _col(re.sub(r"\d", "", dim.get("ref").split(":")[-1])) if dim is not None else 0
            area = _print_area_cols(wb, name)
            first, last = area if area else (0, last)
            widths = {}
            for col in root.findall("m:cols/m:col", NS):
                for c in range(int(col.get("min")) - 1, int(col.get("max"))):
                    hidden_col = col.get("hidden") == "1"
                    widths[c] = 0.0 if hidden_col else _col_px(float(col.get("width", "8.43")))
            total = sum(widths.get(c, 64.0) for c in range(first, last + 1))
            margins = root.find("m:pageMargins", NS)
            side = float(margins.get("left", "0.7")) + float(margins.get("right", "0.7"))
            printable = (_A4[orientation] - side) * 96
            out[name] = min(100.0, 100 * printable / total)
    return out


def pdf_pages(pdf: Path, *, layout: bool = False) -> list[str]:
    """The PDF's text, page by page (pdftotext; `layout` keeps each printed line whole)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.split("\f")


def check_pdf(pdf: Path, template_positions: tuple[str, ...], lang: str) -> None:
    """No codes or source references on any page; every indicator's name whole."""
    positions = [position(code) for code in template_positions]
    keys = {p.code for p in positions} | {i.code for p in positions for i in p.indicators}
    keys |= {c.name for p in positions if (c := parse_pay_scheme(p.pay_scheme or ""))}
    tables = {sheet_name("positions", lang), sheet_name("indicators", lang)}
    pay = sheet_name("pay", lang)
    pages = pdf_pages(pdf)
    headers = [
        next((line.rstrip() for line in page.splitlines() if line.strip()), "")
        for page in pdf_pages(pdf, layout=True)
    ]

    def sheet_of(n: int) -> str:
        """The sheet page n prints: the page header's first line ends with its name."""
        return next((s for s in (*tables, pay) if headers[n].endswith(" " + s)), "")

    for i, page in enumerate(pages):
        n = i + 1
        bad = SOURCES.search(page)
        assert not bad, f"{pdf.name} page {n}: {bad[0]!r}"
        found = set(SNAKE.findall(page))
        sheet = sheet_of(i)
        if sheet == pay:
            found.clear()  # HR's formula language: named inputs and formulas
        if sheet in tables:
            found -= keys
        assert not found, f"{pdf.name} page {n} ({sheet or 'other'}): codes {sorted(found)}"
    flat = [re.sub(r"\s+", "", page) for page in pages]
    for p in positions:
        for ind in p.indicators:
            name = re.sub(r"\s+", "", ind.name(lang))
            assert any(whole(name, page) for page in flat), (
                f"{pdf.name}: indicator name {ind.name(lang)!r} not found whole"
            )


def whole(name: str, text: str) -> bool:
    """`name` is in `text`, its wrapped lines possibly interleaved with the text of cells
    beside it (pdftotext reads a row of wrapped cells line by line): its characters in
    order, close together, starting where its first characters are."""
    if name in text:
        return True
    start = text.find(name[:4])
    while start >= 0:
        window = iter(text[start : start + 4 * len(name) + 120])
        if all(ch in window for ch in name):
            return True
        start = text.find(name[:4], start + 1)
    return False
