"""Opening untrusted workbook files safely (they arrive by e-mail).

Before anything parses a workbook, `open_workbook` reads the file once into memory and
checks it:

* the kind of file: an OOXML zip package (.xlsx/.xlsm/.xltx/.xltm). Encrypted workbooks
  (an OLE compound file holding an EncryptionInfo stream), .xls, .xlsb, Strict Open XML
  and files that are not workbooks are refused with a clear message;
* zip limits: member count, total uncompressed size, per-member compression ratio, and
  the *actual* decompressed sizes (a member may not inflate beyond what it declares);
* member names: no absolute paths, no '..', no duplicates, no encrypted members;
* XML: no DOCTYPE / ENTITY declarations in any XML part (no entity expansion, no DTDs).

Every XML part the IO layer parses goes through `parse_xml`, an lxml parser that neither
resolves entities nor loads DTDs nor touches the network.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from xlkpi.io.errors import (
    CorruptWorkbook,
    EncryptedWorkbook,
    MissingWorkbook,
    UnsafeWorkbook,
    UnsupportedFormat,
)

# ---- limits -----------------------------------------------------------------------------
#: Largest workbook file accepted (compressed size on disk).
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Most zip members a workbook may have (a big real workbook has a few hundred).
MAX_MEMBERS = 10_000
#: Largest total uncompressed size of all members (a 10,000 x 30 sheet is ~15 MB of XML).
MAX_TOTAL_UNCOMPRESSED = 1024 * 1024 * 1024
#: Largest compression ratio (uncompressed / compressed) of a member bigger than
#: RATIO_CHECK_FROM. Real sheet XML compresses 5-40x; zip bombs compress 1000x and more.
MAX_RATIO = 200
#: Members smaller than this are not ratio-checked (tiny parts compress arbitrarily well).
RATIO_CHECK_FROM = 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
STRICT_NS = b"http://purl.oclc.org/ooxml/"
_CHUNK = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")

XML_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=True,  # large sheets are legitimate; entity expansion is disabled above
    remove_blank_text=False,
)


@dataclass
class CheckedPackage:
    """A workbook package that passed the checks: the file bytes and an open ZipFile."""

    path: str
    data: bytes
    zip: zipfile.ZipFile
    kept: dict[str, bytes] = field(default_factory=dict)  # name -> bytes: what `keep` asks


#: which members (by name) the deep check keeps inflated, so they need not be inflated again
Keep = Callable[[str], bool] | None


def open_workbook(
    path: str | os.PathLike[str], *, deep: bool = True, keep: Keep = None
) -> CheckedPackage:
    """Read `path` into memory and check it (see the module docstring).

    Args:
        path: the workbook file.
        deep: also decompress every member to confirm sizes and scan XML for DTDs.
        keep: which members the deep check keeps (`CheckedPackage.kept`).
    Returns:
        the checked package.
    Raises:
        MissingWorkbook, UnsupportedFormat, EncryptedWorkbook, UnsafeWorkbook, CorruptWorkbook.
    """
    fpath = os.fspath(path)
    try:
        size = os.path.getsize(fpath)
        if size > MAX_FILE_BYTES:
            raise UnsafeWorkbook(
                f"the file is {size / 2**20:.0f} MB, more than the {MAX_FILE_BYTES // 2**20} MB "
                "xlkpi accepts",
                f"文件大小 {size / 2**20:.0f} MB，超过 xlkpi 可接受的 {MAX_FILE_BYTES // 2**20} MB",
                path=fpath,
            )
        with open(fpath, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise MissingWorkbook(
            f"file not found: {fpath}", f"找不到文件：{fpath}", path=fpath
        ) from None
    except IsADirectoryError:
        raise MissingWorkbook(
            f"{fpath} is a folder, not a workbook", f"{fpath} 是文件夹，不是工作簿", path=fpath
        ) from None
    except PermissionError:
        raise MissingWorkbook(
            f"no permission to read {fpath}", f"没有读取 {fpath} 的权限", path=fpath
        ) from None
    return check_bytes(data, fpath, deep=deep, keep=keep)


#: What zipfile raises for a damaged package. NotImplementedError comes from a damaged
#: header field that reads as a newer zip version or an unknown compression method.
_DAMAGED_ZIP: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
)


_DAMAGED_PART: tuple[type[BaseException], ...] = (*_DAMAGED_ZIP, zlib.error)


def check_bytes(data: bytes, path: str, *, deep: bool = True, keep: Keep = None) -> CheckedPackage:
    """Check workbook bytes already in memory; see `open_workbook`."""
    if data.startswith(OLE_MAGIC):
        _refuse_ole(data, path)
    if not data.startswith(b"PK"):
        raise UnsupportedFormat(
            "this file is not an Excel workbook (.xlsx or .xlsm)",
            "此文件不是 Excel 工作簿（.xlsx 或 .xlsm）",
            path=path,
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGED_ZIP:
        raise CorruptWorkbook(
            "the file is damaged: it is not a readable zip package",
            "文件已损坏：不是可读取的 zip 包",
            path=path,
        ) from None
    kept = check_zip(zf, path, deep=deep, keep=keep)
    return CheckedPackage(path, data, zf, kept)


def check_zip(
    zf: zipfile.ZipFile, path: str, *, deep: bool = True, keep: Keep = None
) -> dict[str, bytes]:
    """Apply the zip limits and name rules to an open ZipFile (see module docstring).
    Returns the members the deep check inflated that `keep` asks for, by name."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnsafeWorkbook(
            f"the package has {len(infos)} parts, more than the {MAX_MEMBERS} allowed",
            f"文件包含 {len(infos)} 个部件，超过上限 {MAX_MEMBERS}",
            path=path,
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        _check_name(name, seen, path)
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook(
                f"package part {name} is encrypted inside the zip",
                f"部件 {name} 在 zip 内被加密",
                path=path,
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeWorkbook(
                f"package part {name} uses an unsupported zip compression",
                f"部件 {name} 使用了不支持的压缩方式",
                path=path,
            )
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise UnsafeWorkbook(
                "the package unpacks to more than "
                f"{MAX_TOTAL_UNCOMPRESSED // 2**20} MB (a possible zip bomb)",
                f"解压后超过 {MAX_TOTAL_UNCOMPRESSED // 2**20} MB（可能是 zip 炸弹）",
                path=path,
            )
        if info.file_size > RATIO_CHECK_FROM and (
            info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise UnsafeWorkbook(
                f"package part {name} is compressed {info.file_size // max(info.compress_size, 1)}"
                f"x, more than the {MAX_RATIO}x allowed (a possible zip bomb)",
                f"部件 {name} 压缩比过高（可能是 zip 炸弹）",
                path=path,
            )
    kept: dict[str, bytes] = {}
    if deep:
        for info in infos:
            data = _inflate_checked(zf, info, path, keep is not None and keep(info.filename))
            if data is not None:
                kept[info.filename] = data
    return kept


def _check_name(name: str, seen: set[str], path: str) -> None:
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
        raise UnsafeWorkbook(
            f"package part name {name!r} points outside the package",
            f"部件名 {name!r} 指向包外",
            path=path,
        )
    key = name.lower()
    if key in seen:
        raise UnsafeWorkbook(
            f"package part {name!r} appears twice",
            f"部件 {name!r} 重复出现",
            path=path,
        )
    seen.add(key)


def _inflate_checked(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, keep: bool = False
) -> bytes | None:
    """Decompress one member in chunks, bounded by its declared size; scan XML for DTDs.
    Returns its bytes when asked to `keep` them."""
    scan = DtdScan(info.filename, path) if info.filename.lower().endswith(_XML_SUFFIXES) else None
    got = 0
    pieces: list[bytes] = []
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                got += len(chunk)
                if got > info.file_size:
                    break
                if scan is not None:
                    scan.feed(chunk)
                if keep:
                    pieces.append(chunk)
            if scan is not None:
                scan.close()
    except _DAMAGED_PART as exc:
        raise CorruptWorkbook(
            f"package part {info.filename} is damaged ({exc})",
            f"部件 {info.filename} 已损坏（{exc}）",
            path=path,
        ) from None
    if got != info.file_size:
        raise UnsafeWorkbook(
            f"package part {info.filename} does not match its declared size",
            f"部件 {info.filename} 的实际大小与声明不符",
            path=path,
        )
    return b"".join(pieces) if keep else None


class DtdScan:
    """Looks for DOCTYPE / ENTITY declarations in an XML part fed in chunks, in the part's
    own encoding: the byte-order mark or the XML declaration decides it (a UTF-16 part
    spells "<!DOCTYPE" in other bytes than a UTF-8 one)."""

    _WORDS = ("<!DOCTYPE", "<!ENTITY")

    def __init__(self, part: str, path: str) -> None:
        self.part, self.path = part, path
        self._decoder: codecs.IncrementalDecoder | None = None
        self._words: tuple[bytes, ...] | None = None
        self._head = b""
        self._tail = b""  # the end of the previous chunk: a word split between two
        self._text_tail = ""  # the same, decoded

    def feed(self, chunk: bytes, final: bool = False) -> None:
        """Scan the next piece of the part; raise UnsafeWorkbook on a declaration."""
        if self._decoder is None and self._words is None:
            self._head += chunk
            if len(self._head) < 256 and not final:
                return
            chunk, self._head = self._head, b""
            self._choose(chunk)
        if self._words is not None:  # an encoding that spells ASCII as ASCII: bytes do
            # a word is in the chunk, or starts in the tail and ends early in the chunk
            # (not tail + chunk: that copies every megabyte of every part once more).
            # Both words hold a "!", which most chunks of a sheet lack: one memchr for it
            # spares the two word searches (slowed by every "<") over nearly every chunk.
            seam = self._tail + chunk[:16]
            words = self._words
            if any(w in seam for w in words) or (b"!" in chunk and any(w in chunk for w in words)):
                raise _declares_dtd(self.part, self.path)
            self._tail = (self._tail + chunk)[-16:] if len(chunk) < 16 else chunk[-16:]
            return
        assert self._decoder is not None
        text = self._decoder.decode(chunk, final)
        window_s = self._text_tail + text
        if any(w in window_s for w in self._WORDS):
            raise _declares_dtd(self.part, self.path)
        self._text_tail = (self._text_tail + text)[-16:] if len(text) < 16 else text[-16:]

    def close(self) -> None:
        """The part ended (scans a part shorter than the first look)."""
        if self._head or (self._decoder is None and self._words is None):
            self.feed(b"", final=True)

    def _choose(self, head: bytes) -> None:
        encoding = xml_encoding(head)
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            raise CorruptWorkbook(
                f"package part {self.part} declares an unknown text encoding {encoding!r}",
                f"部件 {self.part} 声明了未知的文本编码 {encoding!r}",
                path=self.path,
            ) from None
        try:
            spelled = tuple(w.encode(info.name) for w in self._WORDS)
        except UnicodeError:
            spelled = ()
        if spelled == tuple(w.encode("ascii") for w in self._WORDS):
            self._words = spelled
        else:
            self._decoder = info.incrementaldecoder("replace")
        self.feed(head)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def xml_encoding(head: bytes) -> str:
    """The encoding of an XML document from its first bytes (XML 1.0 appendix F): a
    byte-order mark, the pattern of '<?' without one, else the declaration's encoding."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if head.startswith(b"<\x00\x00\x00"):
        return "utf-32-le"
    if head.startswith(b"\x00\x00\x00<"):
        return "utf-32-be"
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    m = _DECL_ENCODING.match(head.lstrip())
    return m.group(1).decode("ascii") if m else "utf-8"


def _declares_dtd(part: str, path: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        f"package part {part} declares a DTD or entities, which xlkpi never reads",
        f"部件 {part} 含有 DTD 或实体声明，xlkpi 拒绝读取",
        path=path,
    )


def parse_xml(data: bytes, part: str, path: str) -> etree._Element:
    """Parse one XML part safely (no entities, no DTD, no network).

    Raises:
        UnsafeWorkbook if it declares a DTD; CorruptWorkbook if it is not well-formed.
    """
    scan = DtdScan(part, path)
    scan.feed(data, final=True)
    try:
        return etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptWorkbook(
            f"package part {part} is not well-formed XML ({exc})",
            f"部件 {part} 不是格式正确的 XML（{exc}）",
            path=path,
        ) from None


def check_well_formed(data: bytes, part: str, path: str) -> None:
    """Confirm a part is well-formed XML without building a tree (expat, no handlers).

    Raises:
        UnsafeWorkbook if it declares a DTD; CorruptWorkbook if it is not well-formed.
    """
    check = WellFormed(part, path)
    check.feed(data)
    check.close()


class WellFormed:
    """`check_well_formed` for a part that arrives in chunks: feed() them, then close()."""

    def __init__(self, part: str, path: str) -> None:
        from xml.parsers import expat

        self.part = part
        self.path = path
        self._scan = DtdScan(part, path)
        self._expat_error = expat.ExpatError
        self._parser = expat.ParserCreate()

    def feed(self, chunk: bytes) -> None:
        """Parse the next piece of the part."""
        self._scan.feed(chunk)
        self._parse(chunk, False)

    def close(self) -> None:
        """The part ended: raise if it is not a whole document."""
        self._scan.close()
        self._parse(b"", True)

    def _parse(self, data: bytes, final: bool) -> None:
        try:
            self._parser.Parse(data, final)
        except self._expat_error as exc:
            raise CorruptWorkbook(
                f"package part {self.part} is not well-formed XML ({exc})",
                f"部件 {self.part} 不是格式正确的 XML（{exc}）",
                path=self.path,
            ) from None


# ---- OLE compound files: .xls or encrypted OOXML ------------------------------------------


def _ole_stream_names(data: bytes) -> set[str]:
    """Names of the directory entries of an OLE compound file.

    Walks the directory sector chain through the FAT (header: sector shift at 0x1E, first
    directory sector at 0x30, DIFAT in the header for the first 109 FAT sectors).
    """
    import struct

    if len(data) < 512:
        return set()
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    if sector_size not in (512, 4096):
        return set()
    n_fat = struct.unpack_from("<I", data, 0x2C)[0]
    dir_start = struct.unpack_from("<I", data, 0x30)[0]
    difat = struct.unpack_from("<109I", data, 0x4C)[: min(n_fat, 109)]

    def sector(i: int) -> bytes:
        off = (i + 1) * sector_size
        return data[off : off + sector_size]

    fat: list[int] = []
    for s in difat:
        raw = sector(s)
        fat.extend(struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4]))
    names: set[str] = set()
    seen: set[int] = set()
    cur = dir_start
    while cur < 0xFFFFFFFA and cur not in seen and len(seen) < 100_000:
        seen.add(cur)
        raw = sector(cur)
        for off in range(0, len(raw) - 127, 128):
            entry = raw[off : off + 128]
            length = struct.unpack_from("<H", entry, 64)[0]
            if 2 <= length <= 64:
                names.add(entry[: length - 2].decode("utf-16-le", "replace"))
        cur = fat[cur] if cur < len(fat) else 0xFFFFFFFE
    return names


def _refuse_ole(data: bytes, path: str) -> None:
    names = {n.lower() for n in _ole_stream_names(data)}
    if "encryptioninfo" in names or "encryptedpackage" in names:
        raise EncryptedWorkbook(
            "the workbook is password-protected (encrypted); remove the password in Excel "
            "(File > Info > Protect Workbook > Encrypt with Password) and try again",
            "工作簿设置了打开密码（已加密）；请在 Excel 中取消密码"
            "（文件 > 信息 > 保护工作簿 > 用密码进行加密）后重试",
            path=path,
        )
    if "workbook" in names or "book" in names:
        raise UnsupportedFormat(
            "this is an old Excel 97-2003 workbook (.xls); save it as .xlsx or .xlsm in Excel",
            "这是旧版 Excel 97-2003 工作簿（.xls）；请在 Excel 中另存为 .xlsx 或 .xlsm",
            path=path,
        )
    raise UnsupportedFormat(
        "this file is an OLE document, not an Excel workbook (.xlsx or .xlsm)",
        "此文件是 OLE 文档，不是 Excel 工作簿（.xlsx 或 .xlsm）",
        path=path,
    )
