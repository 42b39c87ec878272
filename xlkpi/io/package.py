"""The OOXML package of a workbook: its parts, content types, relationships and sheets.

Parts are edited by splicing bytes: an edit replaces exactly the element it changes, so
every other byte of a part (and every part not edited) stays as the producer wrote it.
XML is *read* with the safe lxml parser (`safe_zip.parse_xml`).
"""

from __future__ import annotations

import io
import posixpath
import queue
import re
import struct
import threading
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import unquote
from xml.sax.saxutils import quoteattr

from lxml import etree

from xlkpi.io.errors import CorruptWorkbook, UnsupportedFormat
from xlkpi.io.safe_zip import STRICT_NS, CheckedPackage, parse_xml
from xlkpi.io.zip_writer import MemberMeta, ZipWriter

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
_SHEET_KINDS = {
    NS_DOC_REL + "/worksheet": "worksheet",
    NS_DOC_REL + "/chartsheet": "chartsheet",
    NS_DOC_REL + "/dialogsheet": "dialogsheet",
    "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet": "macrosheet",
    "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet": "macrosheet",
}
_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
#: Parts at least this big (uncompressed) are inflated in chunks when read.
RAW_COPY_FROM = 1024 * 1024
_FEED = 1024 * 1024  # bytes of a part deflated at a time


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
    id: str
    type: str
    target: str  # resolved part name for internal targets, raw target for external ones
    external: bool


@dataclass(frozen=True)
class SheetEntry:
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
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve_target(source_part: str, target: str) -> str:
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


class DeflatedPart:
    """A part's new content, held only deflated (raw deflate, as a zip member stores it)."""

    __slots__ = ("chunks", "crc", "size", "compress_size")

    def __init__(self, chunks: list[bytes], crc: int, size: int) -> None:
        self.chunks = chunks
        self.crc = crc
        self.size = size
        self.compress_size = sum(map(len, chunks))

    def inflate(self) -> bytes:
        d = zlib.decompressobj(-15)
        return b"".join(d.decompress(c) for c in self.chunks) + d.flush()


class PartDeflater:
    """Takes a part's new bytes piece by piece and keeps them only deflated (with CRC and
    size), so a big sheet is never held uncompressed in full.

    With `original`, output that is still identical to it is only compared, not kept;
    `close()` returns None when the whole output equals `original` (nothing changed).
    The deflate settings are zipfile's (level 6, raw deflate), so the member is the same
    as `ZipFile.writestr` would store. A part bigger than one feed (1 MB) is deflated in a
    worker thread (zlib runs without the GIL), beside the Python work producing it.
    Call `close()` or, on failure, `abort()`.
    """

    def __init__(self, original: bytes | None = None) -> None:
        self._orig = original
        self._same = original is not None
        self._z = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        self._chunks: list[bytes] = []
        self._crc = 0
        self._buf: list[bytes] = []
        self._buffered = 0
        self._queue: queue.Queue[bytes | memoryview | None] | None = None
        self._worker: threading.Thread | None = None
        self._error: BaseException | None = None
        self.size = 0  # bytes received so far

    def write(self, data: bytes) -> None:
        self._buf.append(data)
        self._buffered += len(data)
        if self._buffered >= _FEED:
            self._flush(background=True)

    def _flush(self, background: bool = False) -> None:
        if not self._buf:
            return
        data = self._buf[0] if len(self._buf) == 1 else b"".join(self._buf)
        self._buf = []
        self._buffered = 0
        if self._same:
            assert self._orig is not None
            if self._orig.startswith(data, self.size):
                self.size += len(data)
                return
            self._diverge(background)
        self._feed(data, background)
        self.size += len(data)

    def _diverge(self, background: bool) -> None:
        """The output stops matching the original: deflate the identical prefix."""
        self._same = False
        assert self._orig is not None
        view = memoryview(self._orig)
        for i in range(0, self.size, _FEED):
            self._feed(view[i : min(i + _FEED, self.size)], background)

    def _feed(self, data: bytes | memoryview, background: bool) -> None:
        if self._worker is None and background:
            self._queue = queue.Queue(maxsize=8)
            self._worker = threading.Thread(target=self._work, name="xlkpi-deflate", daemon=True)
            self._worker.start()
        if self._queue is not None:
            self._queue.put(data)
        else:
            self._deflate(data)

    def _deflate(self, data: bytes | memoryview) -> None:
        self._crc = zlib.crc32(data, self._crc)
        out = self._z.compress(data)
        if out:
            self._chunks.append(out)

    def _work(self) -> None:
        assert self._queue is not None
        while True:
            data = self._queue.get()
            if data is None:
                return
            if self._error is None:
                try:
                    self._deflate(data)
                except BaseException as exc:  # handed to close(); keep draining the queue
                    self._error = exc

    def _stop(self) -> None:
        if self._worker is not None:
            assert self._queue is not None
            self._queue.put(None)
            self._worker.join()
            self._worker = None
            self._queue = None

    def abort(self) -> None:
        """Stop the worker and drop everything (the part is not needed after all)."""
        self._stop()
        self._chunks = []
        self._buf = []
        self._orig = None

    def close(self) -> DeflatedPart | None:
        try:
            self._flush()
            if self._same:
                assert self._orig is not None
                if self.size == len(self._orig):
                    return None
                self._diverge(False)  # a strict prefix of the original
        finally:
            self._stop()
        if self._error is not None:
            raise self._error
        self._chunks.append(self._z.flush())
        self._orig = None
        return DeflatedPart(self._chunks, self._crc, self.size)


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
        self._read_cache: dict[str, bytes] = {}
        if CT_PART.lower() not in self._lower:
            self._not_workbook()
        self._find_workbook()

    # ---- reading ------------------------------------------------------------------------

    def has(self, part: str) -> bool:
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
            while chunk := fh.read(_FEED):
                buf.write(chunk)
        return buf.getvalue()

    def forget(self, part: str) -> None:
        """Drop the cached original bytes of `part` (a big sheet once it is patched)."""
        real = self._lower.get(part.lower())
        if real is not None:
            self._read_cache.pop(real, None)

    def set(self, part: str, data: bytes | DeflatedPart) -> None:
        real = self._lower.get(part.lower())
        if real is None:
            real = self._lower[part.lower()] = part
            self.added.append(part)
        self.removed.discard(real)
        self.changed[real] = data

    def remove(self, part: str) -> None:
        real = self._lower.get(part.lower())
        if real:
            self.removed.add(real)
            self.changed.pop(real, None)

    def rels(self, part: str) -> list[Rel]:
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
                    _SHEET_KINDS.get(rel.type, "other"),
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
        for r in self.workbook_rels:
            if r.type == REL_SHARED_STRINGS and self.has(r.target):
                return r.target
        return None

    def styles_part(self) -> str | None:
        for r in self.workbook_rels:
            if r.type == REL_STYLES and self.has(r.target):
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
        self.set(part, _EMPTY_SHEET)
        rid = self._relate(part, REL_WORKSHEET, CT_WORKSHEET)
        # workbook <sheets>
        wb = self.read(self.workbook_part)
        p = root_prefix(wb, b"workbook")
        r_prefix = _prefix_for(wb, NS_DOC_REL.encode())
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
        off = info.header_offset
        head = self._file[off : off + 30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            return None
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        start = off + 30 + name_len + extra_len
        end = start + info.compress_size
        if end > len(self._file):
            return None
        return memoryview(self._file)[start:end]

    def changed_parts(self) -> list[str]:
        return [n for n in self.names if n in self.changed]


def _prefix_for(data: bytes, uri: bytes) -> bytes | None:
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


_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="' + NS_MAIN.encode() + b'" xmlns:r="' + NS_DOC_REL.encode() + b'">'
    b'<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    b'<sheetFormatPr defaultRowHeight="15"/><sheetData/>'
    b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    b"</worksheet>"
)
