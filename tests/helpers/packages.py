"""Minimal workbook packages written part by part, for the shapes real producers write
(Excel betas, stray parts, no styles part, odd dimensions) that XlsxWriter never makes."""

from __future__ import annotations

import zipfile
from pathlib import Path

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
STYLES = (
    f'<styleSheet xmlns="{NS_MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    "</styleSheet>"
)


def sheet_xml(
    rows: str, *, dimension: str | None = "A1", extra: str = "", ns: str = NS_MAIN
) -> str:
    """A worksheet part around `rows` (the <row> elements)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{ns}" xmlns:r="{NS_R}">{dim}<sheetData>{rows}</sheetData>{extra}'
        "</worksheet>"
    )


def make_package(
    path: Path,
    sheet: str | bytes | None = None,
    *,
    styles: str | None = STYLES,
    extra_parts: dict[str, bytes] | None = None,
    extra_types: str = "",
    sheet_rels: str | None = None,
    ns: str = NS_MAIN,
    sheet_name: str = "Sheet1",
) -> Path:
    """Write a one-sheet workbook: `sheet` is the worksheet XML (default: A1 = 1)."""
    if sheet is None:
        sheet = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', ns=ns)
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>'
            if styles is not None
            else ""
        )
        + extra_types
        + "</Types>"
    )
    rels = (
        f'<Relationships xmlns="{NS_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    wb = (
        f'<workbook xmlns="{ns}" xmlns:r="{NS_R}"><sheets>'
        f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    wb_rels = (
        f'<Relationships xmlns="{NS_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{NS_R}/worksheet" Target="worksheets/sheet1.xml"/>'
        + (
            f'<Relationship Id="rId2" Type="{NS_R}/styles" Target="styles.xml"/>'
            if styles is not None
            else ""
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", wb)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        if sheet_rels is not None:
            zf.writestr(
                "xl/worksheets/_rels/sheet1.xml.rels",
                f'<Relationships xmlns="{NS_PKG_REL}">{sheet_rels}</Relationships>',
            )
        if styles is not None:
            zf.writestr("xl/styles.xml", styles)
        for name, data in (extra_parts or {}).items():
            zf.writestr(name, data)
    return path
