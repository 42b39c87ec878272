"""Which cells of a workbook's protected sheets are locked, read from the file's XML: the
cell's style, else its row's (customFormat), else its column's, else the default style."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _col_index(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class LockedCells:
    """`(row, col) in cells` (0-based): the cell is locked on a protected sheet."""

    def __init__(self, sheet: etree._Element, locked_xf: list[bool]) -> None:
        self._xf = locked_xf
        self.protected = sheet.find("m:sheetProtection", NS) is not None
        self._cols: list[tuple[int, int, int]] = [
            (int(c.get("min")) - 1, int(c.get("max")) - 1, int(c.get("style", "0")))
            for c in sheet.iterfind("m:cols/m:col", NS)
        ]
        self._rows: dict[int, int] = {}
        self._cells: dict[tuple[int, int], int] = {}
        for row in sheet.iterfind("m:sheetData/m:row", NS):
            r = int(row.get("r")) - 1
            if row.get("customFormat") in ("1", "true"):
                self._rows[r] = int(row.get("s", "0"))
            for cell in row.iterfind("m:c", NS):
                self._cells[(r, _col_index(cell.get("r")))] = int(cell.get("s", "0"))

    def style(self, r: int, c: int) -> int:
        if (r, c) in self._cells:
            return self._cells[(r, c)]
        if r in self._rows:
            return self._rows[r]
        for low, high, style in self._cols:
            if low <= c <= high:
                return style
        return 0

    def __contains__(self, cell: object) -> bool:
        r, c = cell  # type: ignore[misc]
        return self.protected and self._xf[self.style(r, c)]

    def __bool__(self) -> bool:
        return self.protected


def locked_cells(path: Path) -> dict[str, LockedCells]:
    """Sheet name -> its locked cells (empty when the sheet is not protected)."""
    with zipfile.ZipFile(path) as zf:
        styles = etree.fromstring(zf.read("xl/styles.xml"))
        locked_xf = []
        for xf in styles.iterfind("m:cellXfs/m:xf", NS):
            protection = xf.find("m:protection", NS)
            locked_xf.append(protection is None or protection.get("locked") not in ("0", "false"))
        workbook = etree.fromstring(zf.read("xl/workbook.xml"))
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        out = {}
        for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
            target = targets[sheet.get(REL)]
            part = (
                target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            )
            out[sheet.get("name")] = LockedCells(etree.fromstring(zf.read(part)), locked_xf)
        return out
