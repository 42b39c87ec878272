"""Independent checks of a written package (the oracle; does not reuse xlkpi.io code).

A failure reads like a diff: the assertion names the part, the cell or the relationship.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS = {"m": MAIN}
XLSM_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def _target(source: str, target: str) -> str:
    target = unquote(target)
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def content_types(p: dict[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    root = xml(p["[Content_Types].xml"])
    defaults = {
        e.get("Extension").lower(): e.get("ContentType") for e in root if "Default" in e.tag
    }
    overrides = {
        e.get("PartName").lstrip("/").lower(): e.get("ContentType")
        for e in root
        if "Override" in e.tag
    }
    return defaults, overrides


def workbook_part(p: dict[str, bytes]) -> str:
    root = xml(p["_rels/.rels"])
    for rel in root:
        if rel.get("Type", "").endswith("/officeDocument"):
            return _target("", rel.get("Target"))
    raise AssertionError("no officeDocument relationship")


def assert_integrity(path: Path) -> None:
    """Check 3: no dangling relationship, every part has a content type, XML well-formed,
    the workbook's content type matches the extension (.xlsm stays macro-enabled)."""
    p = parts(path)
    defaults, overrides = content_types(p)
    lower = {n.lower() for n in p}
    for name, data in p.items():
        if name == "[Content_Types].xml":
            continue
        base = posixpath.basename(name)
        ext = base.rsplit(".", 1)[1].lower() if "." in base else ""
        assert name.lower() in overrides or ext in defaults, f"{name}: no content type"
        if name.endswith((".xml", ".rels")):
            try:
                xml(data)
            except etree.XMLSyntaxError as exc:
                raise AssertionError(f"{name}: not well-formed: {exc}") from None
        if name.endswith(".rels"):
            source = posixpath.join(
                posixpath.dirname(posixpath.dirname(name)), base[: -len(".rels")]
            )
            for rel in xml(data):
                if rel.get("TargetMode") == "External":
                    continue
                target = _target(source, rel.get("Target"))
                assert target.lower() in lower, f"{name}: {rel.get('Id')} -> missing {target}"
    for name in overrides:
        assert name in lower, f"content type override for missing part /{name}"
    wb_type = overrides.get(workbook_part(p).lower())
    if path.suffix.lower() == ".xlsm":
        assert wb_type == XLSM_TYPE, f"xlsm workbook part typed {wb_type}"
        assert "xl/vbaproject.bin" in lower, "vbaProject.bin lost"
    else:
        assert wb_type == XLSX_TYPE, f"xlsx workbook part typed {wb_type}"


def sheet_parts(p: dict[str, bytes]) -> dict[str, str]:
    """{sheet name: part name}."""
    wbp = workbook_part(p)
    rels_name = posixpath.join(posixpath.dirname(wbp), "_rels", posixpath.basename(wbp) + ".rels")
    rels = {r.get("Id"): _target(wbp, r.get("Target")) for r in xml(p[rels_name])}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {s.get("name"): rels[s.get(rid)] for s in xml(p[wbp]).iterfind("m:sheets/m:sheet", NS)}


_SHEETDATA = re.compile(
    rb"<(?:\w+:)?sheetData\s*/>|<(?:\w+:)?sheetData\b[^>]*>.*?</(?:\w+:)?sheetData>", re.S
)
_DIMENSION = re.compile(rb'(<(?:\w+:)?dimension\b[^>]*\bref=")([^"]*)(")')


def outside_sheetdata(data: bytes) -> tuple[bytes, bytes, str | None]:
    """(before <sheetData>, after </sheetData>, dimension ref); the ref is cut out of before."""
    m = _SHEETDATA.search(data)
    assert m, "no sheetData"
    head, tail = data[: m.start()], data[m.end() :]
    dm = _DIMENSION.search(head)
    ref = dm.group(2).decode() if dm else None
    if dm:
        head = head[: dm.start(2)] + head[dm.end(2) :]
    return head, tail, ref


def cells(data: bytes) -> dict[str, bytes]:
    """{cell ref: canonical XML of its <c>} for a sheet part."""
    root = xml(data)
    out = {}
    for c in root.iterfind("m:sheetData/m:row/m:c", NS):
        out[c.get("r")] = etree.tostring(c, method="c14n")
    return out


def rows(data: bytes) -> dict[str, dict[str, str]]:
    """{row number: attributes without spans}."""
    root = xml(data)
    return {
        r.get("r"): {k: v for k, v in r.attrib.items() if k != "spans"}
        for r in root.iterfind("m:sheetData/m:row", NS)
    }


def cell_style(data: bytes, ref: str) -> int | None:
    for c in xml(data).iterfind("m:sheetData/m:row/m:c", NS):
        if c.get("r") == ref:
            return int(c.get("s", "0"))
    return None


def xf(styles: bytes, index: int) -> dict[str, str]:
    """Attributes and child XML of cellXfs[index]."""
    el = xml(styles).find("m:cellXfs", NS)[index]
    out = dict(el.attrib)
    out["children"] = b"".join(etree.tostring(ch, method="c14n") for ch in el).decode()
    return out


def num_format(styles: bytes, index: int) -> str:
    fid = int(xf(styles, index).get("numFmtId", "0"))
    for nf in xml(styles).iterfind("m:numFmts/m:numFmt", NS):
        if int(nf.get("numFmtId")) == fid:
            return nf.get("formatCode")
    return {
        0: "General",
        2: "0.00",
        9: "0%",
        10: "0.00%",
        14: "builtin-date",
        22: "builtin-datetime",
    }.get(fid, f"builtin-{fid}")
