"""Reading xlsx packages in tests: parts, sheet XML by sheet name, cell styles."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def parts(path: Path) -> dict[str, bytes]:
    """Every part of an xlsx package by name."""
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> part name (xl/worksheets/sheetN.xml)."""
    p = parts(path)
    wb = ET.fromstring(p["xl/workbook.xml"])
    rels = ET.fromstring(p["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
    out = {}
    for s in wb.findall("m:sheets/m:sheet", NS):
        rid = s.get(f"{{{NS['r']}}}id")
        target = targets[rid].lstrip("/")
        out[s.get("name")] = target if target.startswith("xl/") else "xl/" + target
    return out


def without_sheet_data(xml: bytes) -> bytes:
    """A worksheet's XML minus its cell data: what must not change when results are written."""
    return re.sub(rb"<sheetData>.*</sheetData>|<sheetData/>", b"", xml, flags=re.S)


class Styles:
    """cellXfs of a package: whether a style index is locked, and its number format."""

    def __init__(self, path: Path):
        root = ET.fromstring(parts(path)["xl/styles.xml"])
        self.xfs = root.findall("m:cellXfs/m:xf", NS)
        self.fonts = [f.find("m:name", NS).get("val") for f in root.findall("m:fonts/m:font", NS)]

    def locked(self, index: int) -> bool:
        """Whether cells of style `index` are locked (Excel's default when unset)."""
        prot = self.xfs[index].find("m:protection", NS)
        return prot is None or prot.get("locked") != "0"


def column_styles(sheet_xml: bytes) -> dict[int, int]:
    """0-based column -> style index of its <col> format."""
    root = ET.fromstring(sheet_xml)
    out = {}
    for col in root.findall("m:cols/m:col", NS):
        for c in range(int(col.get("min")) - 1, int(col.get("max"))):
            out[c] = int(col.get("style", "0"))
    return out
