"""The pieces of an OOXML package that are not the package itself: part names and where
relationships point, content types, the namespaces and relationship types xlkpi knows,
start tags edited as bytes, and the empty worksheets it adds.

Everything here works on names and bytes; `xlkpi.io.package.Package` puts them together.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

CT_PART = "[Content_Types].xml"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_OFFICE_DOC = NS_DOC_REL + "/officeDocument"
REL_WORKSHEET = NS_DOC_REL + "/worksheet"
REL_CALC_CHAIN = NS_DOC_REL + "/calcChain"
REL_STYLES = NS_DOC_REL + "/styles"
REL_TABLE = NS_DOC_REL + "/table"
REL_SHARED_STRINGS = NS_DOC_REL + "/sharedStrings"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"

#: Content types of the workbook part xlkpi writes into (xlsx, xlsm, xltx, xltm).
WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": ".xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ".xlsm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": ".xltx",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": ".xltm",
}
SHEET_KINDS = {
    NS_DOC_REL + "/worksheet": "worksheet",
    NS_DOC_REL + "/chartsheet": "chartsheet",
    NS_DOC_REL + "/dialogsheet": "dialogsheet",
    "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet": "macrosheet",
    "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet": "macrosheet",
}
_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


def attrs_of(tag: bytes) -> dict[bytes, bytes]:
    """Attributes of a start tag given as raw bytes (values still XML-escaped)."""
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTR.finditer(tag)
    }


def set_attr(tag: bytes, name: bytes, value: bytes) -> bytes:
    """Return start tag `tag` with attribute `name` set to `value` (added before the end)."""
    pat = re.compile(rb"(\s" + re.escape(name) + rb'\s*=\s*)("[^"]*"|\'[^\']*\')')
    if pat.search(tag):
        return pat.sub(lambda m: m.group(1) + b'"' + value + b'"', tag, count=1)
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    while end > 0 and tag[end - 1 : end].isspace():
        end -= 1
    return tag[:end] + b" " + name + b'="' + value + b'"' + tag[end:]


def root_prefix(data: bytes, local: bytes) -> bytes:
    """The namespace prefix ('' or 'x:') used on root element `local` of a part."""
    m = re.search(rb"<([A-Za-z_][\w.-]*:)?" + local + rb"[\s/>]", data)
    return m.group(1) or b"" if m else b""


@dataclass(frozen=True)
class Rel:
    """One relationship of a part."""

    id: str
    type: str
    target: str  # resolved part name for internal targets, raw target for external ones
    external: bool


@dataclass(frozen=True)
class SheetEntry:
    """One sheet of the workbook as the workbook part lists it."""

    name: str
    sheet_id: int
    rid: str
    part: str
    kind: str  # worksheet, chartsheet, dialogsheet, macrosheet
    state: str  # visible, hidden, veryHidden


def extension(part: str) -> str:
    """Lower-case extension as content types see it: '_rels/.rels' -> 'rels'."""
    base = posixpath.basename(part)
    return base.rsplit(".", 1)[1].lower() if "." in base else ""


def rels_part_of(part: str) -> str:
    """The relationships part of `part`: 'xl/workbook.xml' -> 'xl/_rels/workbook.xml.rels'."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve_target(source_part: str, target: str) -> str:
    """The part a relationship of `source_part` points at (`target` as written)."""
    target = unquote(target)
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target)).lstrip("/")


def content_types_of(root: etree._Element) -> tuple[dict[str, str], dict[str, str]]:
    """(defaults by lower-case extension, overrides by lower-case part name w/o '/') of a
    parsed [Content_Types].xml."""
    defaults, overrides = {}, {}
    for el in root:
        if not isinstance(el.tag, str):
            continue
        if el.tag.endswith("Default"):
            defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
        elif el.tag.endswith("Override"):
            overrides[el.get("PartName", "").lstrip("/").lower()] = el.get("ContentType", "")
    return defaults, overrides


def prefix_for(data: bytes, uri: bytes) -> bytes | None:
    """The namespace prefix `data` declares for `uri` near its start, or None."""
    m = re.search(rb"xmlns:([\w.-]+)\s*=\s*[\"']" + re.escape(uri) + rb"[\"']", data[:4000])
    return m.group(1) if m else None


def protected_sheet(unlocked_style: int, columns: tuple[int, ...]) -> bytes:
    """An empty worksheet, protected without a password like the templates' sheets (cells
    may be selected, rows and columns formatted, filters used), whose `columns` (0-based)
    default to the unlocked cell format `unlocked_style`."""
    cols = b"".join(
        b'<col min="%d" max="%d" width="14" style="%d" customWidth="1"/>'
        % (c + 1, c + 1, unlocked_style)
        for c in columns
    )
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="' + NS_MAIN.encode() + b'" xmlns:r="' + NS_DOC_REL.encode() + b'">'
        b'<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        b'<sheetFormatPr defaultRowHeight="15"/>'
        + (b"<cols>" + cols + b"</cols>" if cols else b"")
        + b"<sheetData/>"
        b'<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" '
        b'formatRows="0" autoFilter="0"/>'
        b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        b"</worksheet>"
    )


EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="' + NS_MAIN.encode() + b'" xmlns:r="' + NS_DOC_REL.encode() + b'">'
    b'<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    b'<sheetFormatPr defaultRowHeight="15"/><sheetData/>'
    b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    b"</worksheet>"
)
