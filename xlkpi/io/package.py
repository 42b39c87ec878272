"""The OOXML package of a workbook: its parts, content types, relationships and sheets.

Parts are edited by splicing bytes: an edit replaces exactly the element it changes, so
every other byte of a part (and every part not edited) stays as the producer wrote it.
XML is *read* with the safe lxml parser (`safe_zip.parse_xml`).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from typing import BinaryIO
from xml.sax.saxutils import quoteattr

from lxml import etree

from xlkpi.io.deflate import DeflatedPart
from xlkpi.io.errors import CorruptWorkbook, UnsupportedFormat
from xlkpi.io.parts import (
    CT_PART,
    CT_WORKSHEET,
    EMPTY_SHEET,
    NS_DOC_REL,
    NS_MAIN,
    REL_CALC_CHAIN,
    REL_OFFICE_DOC,
    REL_SHARED_STRINGS,
    REL_STYLES,
    REL_WORKSHEET,
    SHEET_KINDS,
    WORKBOOK_TYPES,
    Rel,
    SheetEntry,
    attrs_of,
    content_types_of,
    extension,
    prefix_for,
    rels_part_of,
    resolve_target,
    root_prefix,
    set_attr,
)
from xlkpi.io.safe_zip import STRICT_NS, CheckedPackage, parse_xml
from xlkpi.io.zip_writer import MemberMeta, ZipWriter, stored_span

#: Parts at least this big (uncompressed) are inflated in chunks when read.
RAW_COPY_FROM = 1024 * 1024
_CHUNK = 1024 * 1024  # bytes of a big part inflated at a time


def is_worksheet_part(name: str) -> bool:
    """Whether a package member is (most likely) a worksheet: where Excel and every other
    producer put them. Reading has the check keep these inflated (`open_workbook(keep=...)`)
    for the Package to read; any other part a sheet may be in is inflated when read. (The
    writer does not: it reads only the sheets it patches, and keeping the others through a
    write cost more memory at its peak than the few ms saved.)"""
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


class Package:
    """A workbook package open for editing in memory; `write_to` produces the new zip."""

    def __init__(self, checked: CheckedPackage) -> None:
        self.path = checked.path
        self.zip = checked.zip
        self._file = checked.data
        self.infos = checked.zip.infolist()
        self.names = [i.filename for i in self.infos]
        self._lower = {n.lower(): n for n in self.names}
        self.changed: dict[str, bytes | DeflatedPart] = {}
        self.added: list[str] = []
        self.removed: set[str] = set()
        # the parts the check kept inflated (`open_workbook(keep=...)`): read from there, and
        # the same dict, so that `forget` lets go of a part for good
        self._read_cache: dict[str, bytes] = checked.kept
        if CT_PART.lower() not in self._lower:
            self._not_workbook()
        self._find_workbook()

    # ---- reading ------------------------------------------------------------------------

    def has(self, part: str) -> bool:
        """Whether the package holds `part` (case-insensitive, as zip names in OOXML)."""
        return part.lower() in self._lower and self._lower[part.lower()] not in self.removed

    def read(self, part: str) -> bytes:
        """Current bytes of `part` (edited version if edited)."""
        if part in self.changed:
            edited = self.changed[part]
            return edited.inflate() if isinstance(edited, DeflatedPart) else edited
        real = self._lower.get(part.lower())
        if real is None or real in self.removed:
            raise CorruptWorkbook(
                f"the workbook is damaged: part {part} is missing",
                f"工作簿已损坏：缺少部件 {part}",
                path=self.path,
            )
        data = self._read_cache.get(real)
        if data is None:
            data = self._read_cache[real] = self._inflate(real)
        return data

    def _inflate(self, name: str) -> bytes:
        """A member's bytes; a big one is inflated in chunks (ZipFile.read briefly holds
        it twice)."""
        info = self.zip.getinfo(name)
        if info.file_size < RAW_COPY_FROM:
            return self.zip.read(info)
        buf = io.BytesIO()
        with self.zip.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                buf.write(chunk)
        return buf.getvalue()

    def forget(self, part: str) -> None:
        """Drop the cached original bytes of `part` (a big sheet once it is patched)."""
        real = self._lower.get(part.lower())
        if real is not None:
            self._read_cache.pop(real, None)

    def set(self, part: str, data: bytes | DeflatedPart) -> None:
        """Give `part` new content (adding it when new)."""
        real = self._lower.get(part.lower())
        if real is None:
            real = self._lower[part.lower()] = part
            self.added.append(part)
        self.removed.discard(real)
        self.changed[real] = data

    def remove(self, part: str) -> None:
        """Leave `part` out of the new package."""
        real = self._lower.get(part.lower())
        if real:
            self.removed.add(real)
            self.changed.pop(real, None)

    def rels(self, part: str) -> list[Rel]:
        """The relationships of `part` ('' for the package's own), targets resolved."""
        rp = rels_part_of(part)
        if not self.has(rp):
            return []
        root = parse_xml(self.read(rp), rp, self.path)
        out = []
        for el in root:
            if not isinstance(el.tag, str) or not el.tag.endswith("Relationship"):
                continue
            external = el.get("TargetMode") == "External"
            target = el.get("Target", "")
            out.append(
                Rel(
                    el.get("Id", ""),
                    el.get("Type", ""),
                    target if external else resolve_target(part, target),
                    external,
                )
            )
        return out

    def content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """(defaults by lower-case extension, overrides by lower-case part name w/o '/')."""
        return content_types_of(parse_xml(self.read(CT_PART), CT_PART, self.path))

    def content_type(self, part: str) -> str | None:
        """The content type of `part`: its override, else its extension's default."""
        defaults, overrides = self.content_types()
        if part.lower() in overrides:
            return overrides[part.lower()]
        return defaults.get(extension(part))

    # ---- the workbook -------------------------------------------------------------------

    def _not_workbook(self) -> None:
        if any(n.lower().endswith("workbook.bin") for n in self.names):
            raise UnsupportedFormat(
                "this is a binary workbook (.xlsb); save it as .xlsx or .xlsm in Excel",
                "这是二进制工作簿（.xlsb）；请在 Excel 中另存为 .xlsx 或 .xlsm",
                path=self.path,
            )
        raise UnsupportedFormat(
            "this file is not an Excel workbook (.xlsx or .xlsm)",
            "此文件不是 Excel 工作簿（.xlsx 或 .xlsm）",
            path=self.path,
        )

    def _find_workbook(self) -> None:
        root_rels = self.read("_rels/.rels") if self.has("_rels/.rels") else b""
        if STRICT_NS in root_rels:
            raise UnsupportedFormat(
                "this workbook is saved as Strict Open XML; save it as an ordinary "
                "Excel Workbook (.xlsx) or Excel Macro-Enabled Workbook (.xlsm)",
                "此工作簿为 Strict Open XML 格式；请另存为普通 Excel 工作簿（.xlsx 或 .xlsm）",
                path=self.path,
            )
        main = [r for r in self.rels("") if r.type == REL_OFFICE_DOC] if root_rels else []
        if not main or not self.has(main[0].target):
            self._not_workbook()
        self.workbook_part = main[0].target
        ctype = self.content_type(self.workbook_part) or ""
        if ctype not in WORKBOOK_TYPES:
            if "binary" in ctype:
                self._not_workbook()
            raise UnsupportedFormat(
                f"this file is not an Excel workbook xlkpi can write (content type {ctype!r})",
                f"此文件不是 xlkpi 可写入的 Excel 工作簿（内容类型 {ctype!r}）",
                path=self.path,
            )
        self.workbook_type = ctype
        wb = self.read(self.workbook_part)
        if STRICT_NS in wb[:2000]:
            raise UnsupportedFormat(
                "this workbook is saved as Strict Open XML; save it as an ordinary .xlsx or .xlsm",
                "此工作簿为 Strict Open XML 格式；请另存为普通 .xlsx 或 .xlsm",
                path=self.path,
            )
        self._parse_sheets(wb)

    def _old_namespace(self, namespace: str) -> None:
        """Refuse a workbook part in another namespace than SpreadsheetML's, saying what it
        is (Office 2007 pre-release versions wrote .../2006/5/main and similar)."""
        beta = "openxmlformats.org" in namespace or "schemas.microsoft.com/office" in namespace
        what_en = (
            "a pre-release (beta) version of Excel 2007"
            if beta
            else "a program that does not write standard Excel workbooks"
        )
        what_zh = "Excel 2007 的测试（beta）版本" if beta else "不写标准 Excel 工作簿的程序"
        raise UnsupportedFormat(
            f"this workbook was saved by {what_en} (its XML namespace is {namespace[:80]!r}); "
            "open it in Excel or LibreOffice and save it again as .xlsx",
            f"此工作簿由{what_zh}保存（XML 命名空间为 {namespace[:80]!r}）；"
            "请在 Excel 或 LibreOffice 中打开并重新另存为 .xlsx",
            path=self.path,
        )

    def _parse_sheets(self, wb: bytes) -> None:
        root = parse_xml(wb, self.workbook_part, self.path)
        if etree.QName(root).namespace != NS_MAIN:
            self._old_namespace(etree.QName(root).namespace or "")
        ns = {"m": NS_MAIN}
        pr = root.find("m:workbookPr", ns)
        self.date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
        rels = {r.id: r for r in self.rels(self.workbook_part)}
        self.workbook_rels = list(rels.values())
        self.sheets: list[SheetEntry] = []
        for el in root.iterfind("m:sheets/m:sheet", ns):
            rid = el.get(f"{{{NS_DOC_REL}}}id", "")
            rel = rels.get(rid)
            if rel is None:
                raise CorruptWorkbook(
                    f"the workbook is damaged: sheet {el.get('name')!r} has no part",
                    f"工作簿已损坏：工作表 {el.get('name')!r} 缺少部件",
                    path=self.path,
                )
            self.sheets.append(
                SheetEntry(
                    el.get("name", ""),
                    int(el.get("sheetId", "0")),
                    rid,
                    rel.target,
                    SHEET_KINDS.get(rel.type, "other"),
                    el.get("state", "visible"),
                )
            )

    def sheet(self, name: str) -> SheetEntry | None:
        """The sheet called `name` (exact match first, then case-insensitive as in Excel)."""
        for s in self.sheets:
            if s.name == name:
                return s
        for s in self.sheets:
            if s.name.casefold() == name.casefold():
                return s
        return None

    def shared_strings_part(self) -> str | None:
        """The shared-strings part of the workbook, or None."""
        return self._workbook_related(REL_SHARED_STRINGS)

    def styles_part(self) -> str | None:
        """The styles part of the workbook, or None."""
        return self._workbook_related(REL_STYLES)

    def _workbook_related(self, rel_type: str) -> str | None:
        """The first part of the package the workbook relates to by `rel_type`, or None."""
        for r in self.workbook_rels:
            if r.type == rel_type and self.has(r.target):
                return r.target
        return None

    # ---- edits --------------------------------------------------------------------------

    def remove_calc_chain(self) -> bool:
        """Remove calcChain.xml with its relationship and content-type override."""
        chains = [r for r in self.workbook_rels if r.type == REL_CALC_CHAIN]
        if not chains:
            return False
        for rel in chains:
            self._drop_element(rels_part_of(self.workbook_part), b"Relationship", b"Id", rel.id)
            self._drop_element(CT_PART, b"Override", b"PartName", "/" + rel.target)
            self.remove(rel.target)
        self.workbook_rels = [r for r in self.workbook_rels if r.type != REL_CALC_CHAIN]
        return True

    def _drop_element(self, part: str, local: bytes, key: bytes, value: str) -> None:
        data = self.read(part)
        pat = re.compile(
            rb"<(?:[\w.-]+:)?"
            + local
            + rb"\b[^>]*?/>|<(?:[\w.-]+:)?"
            + local
            + rb"\b[^>]*?>.*?</(?:[\w.-]+:)?"
            + local
            + rb">",
            re.S,
        )
        for m in pat.finditer(data):
            start_tag = m.group(0)[: m.group(0).index(b">") + 1]
            got = attrs_of(start_tag).get(key, b"").decode("utf-8")
            if got.lower() == value.lower():
                self.set(part, data[: m.start()] + data[m.end() :])
                return

    def set_full_calc_on_load(self) -> bool:
        """Make Excel recalculate everything on open: <calcPr fullCalcOnLoad="1"/>."""
        data = self.read(self.workbook_part)
        p = root_prefix(data, b"workbook")
        m = re.search(rb"<" + re.escape(p) + rb"calcPr\b[^>]*?/?>", data)
        if m:
            tag = m.group(0)
            if attrs_of(tag).get(b"fullCalcOnLoad") in (b"1", b"true"):
                return False
            new = data[: m.start()] + set_attr(tag, b"fullCalcOnLoad", b"1") + data[m.end() :]
        else:
            after = b"|".join(
                [
                    b"oleSize",
                    b"customWorkbookViews",
                    b"pivotCaches",
                    b"smartTagPr",
                    b"smartTagTypes",
                    b"webPublishing",
                    b"fileRecoveryPr",
                    b"webPublishObjects",
                    b"extLst",
                ]
            )
            m2 = re.search(rb"<" + re.escape(p) + rb"(?:" + after + rb")\b", data)
            at = m2.start() if m2 else data.rindex(b"</" + p + b"workbook>")
            new = data[:at] + b"<" + p + b'calcPr fullCalcOnLoad="1"/>' + data[at:]
        self.set(self.workbook_part, new)
        return True

    def add_worksheet(self, name: str) -> SheetEntry:
        """Append an empty worksheet called `name` (part, workbook entry, rels, content type)."""
        n = 1
        while self.has(f"xl/worksheets/sheet{n}.xml"):
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        self.set(part, EMPTY_SHEET)
        rid = self._relate(part, REL_WORKSHEET, CT_WORKSHEET)
        # workbook <sheets>
        wb = self.read(self.workbook_part)
        p = root_prefix(wb, b"workbook")
        r_prefix = prefix_for(wb, NS_DOC_REL.encode())
        sheet_id = max((s.sheet_id for s in self.sheets), default=0) + 1
        attrs = b"name=" + quoteattr(name).encode() + b' sheetId="' + str(sheet_id).encode() + b'"'
        if r_prefix is None:
            attrs += b' xmlns:xr0="' + NS_DOC_REL.encode() + b'" xr0:id="' + rid.encode() + b'"'
        else:
            attrs += b" " + r_prefix + b':id="' + rid.encode() + b'"'
        el = b"<" + p + b"sheet " + attrs + b"/>"
        m = re.search(rb"</" + re.escape(p) + rb"sheets>", wb)
        if m is None:
            raise CorruptWorkbook(
                "the workbook is damaged: it lists no sheets",
                "工作簿已损坏：没有工作表列表",
                path=self.path,
            )
        self.set(self.workbook_part, wb[: m.start()] + el + wb[m.start() :])
        entry = SheetEntry(name, sheet_id, rid, part, "worksheet", "visible")
        self.sheets.append(entry)
        self.workbook_rels.append(Rel(rid, REL_WORKSHEET, part, False))
        return entry

    def add_workbook_part(self, name: str, data: bytes, ctype: str, rel_type: str) -> str:
        """Add a part beside the workbook part (e.g. styles.xml), related from it."""
        part = posixpath.join(posixpath.dirname(self.workbook_part), name)
        self.set(part, data)
        rid = self._relate(part, rel_type, ctype)
        self.workbook_rels.append(Rel(rid, rel_type, part, False))
        return part

    def _relate(self, part: str, rel_type: str, ctype: str) -> str:
        """Relate `part` from the workbook part and give it a content type; returns the
        relationship id."""
        rels_part = rels_part_of(self.workbook_part)
        rels = self.read(rels_part)
        used = {r.id for r in self.workbook_rels}
        k = len(used) + 1
        while f"rId{k}" in used:
            k += 1
        rid = f"rId{k}"
        target = posixpath.relpath(part, posixpath.dirname(self.workbook_part) or ".")
        rp = root_prefix(rels, b"Relationships")
        el = (
            b"<"
            + rp
            + b"Relationship Id="
            + quoteattr(rid).encode()
            + b" Type="
            + quoteattr(rel_type).encode()
            + b" Target="
            + quoteattr(target).encode()
            + b"/>"
        )
        at = rels.rindex(b"</" + rp + b"Relationships>")
        self.set(rels_part, rels[:at] + el + rels[at:])
        ct = self.read(CT_PART)
        cp = root_prefix(ct, b"Types")
        el = (
            b"<"
            + cp
            + b'Override PartName="/'
            + part.encode()
            + b'" ContentType='
            + quoteattr(ctype).encode()
            + b"/>"
        )
        at = ct.rindex(b"</" + cp + b"Types>")
        self.set(CT_PART, ct[:at] + el + ct[at:])
        return rid

    # ---- saving -------------------------------------------------------------------------

    def final_names(self) -> list[str]:
        """The parts the new package holds, in the order they are written."""
        return [n for n in self.names if n not in self.removed] + self.added

    def write_to(self, fh: BinaryIO) -> None:
        """Write the package: unchanged parts copied as they were, in the original order."""
        out = ZipWriter(fh)
        for info in self.infos:
            name = info.filename
            if name in self.removed:
                continue
            data = self.changed.get(name)
            meta = MemberMeta(
                info.date_time, info.compress_type, info.external_attr, info.create_system
            )
            if data is None:
                raw = self._raw_member(info)
                if raw is not None:  # copied as stored: no inflate, no deflate
                    out.add_compressed(name, [raw], crc=info.CRC, size=info.file_size, meta=meta)
                    continue
                data = self._read_cache.get(name) or self.zip.read(info)
            elif isinstance(data, DeflatedPart):
                if info.compress_type == zipfile.ZIP_DEFLATED:
                    out.add_compressed(name, data.chunks, crc=data.crc, size=data.size, meta=meta)
                    continue
                data = data.inflate()
            out.add(name, data, meta=meta)
        for name in self.added:
            data = self.changed[name]
            if isinstance(data, DeflatedPart):
                out.add_compressed(name, data.chunks, crc=data.crc, size=data.size)
            else:
                out.add(name, data)
        out.close()

    def _raw_member(self, info: zipfile.ZipInfo) -> memoryview | None:
        """The stored (compressed) bytes of an original member, or None if not locatable."""
        span = stored_span(self._file, info)
        return None if span is None else memoryview(self._file)[span[0] : span[1]]

    def changed_parts(self) -> list[str]:
        """The original parts given new content, in package order."""
        return [n for n in self.names if n in self.changed]
