"""VBA project files ([MS-OVBA]): read the modules of one project and write a new project.

A VBA project (`xl/vbaProject.bin` inside an .xlsm) is a compound file holding:

    PROJECT          text: module list, project name, protection (lightly obfuscated)
    PROJECTwm        module names in the code page and in UTF-16
    VBA/dir          compressed records: project information, references, modules
    VBA/_VBA_PROJECT version-dependent cache; 7 bytes mean "no cache, compile from source"
    VBA/<module>     compressed source code of each module

`read_project` takes the information and reference records verbatim from an existing
project and decompresses each module's source; `write_project` writes a project of source
text only, which Excel compiles when the workbook is opened. Both follow the published
specification; nothing here executes or interprets VBA. The byte-level encodings
(compression, obfuscation) are in `ovba_codec`.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass
from enum import Enum

from xlkpi.excel.cfb import write_compound_file
from xlkpi.excel.ovba_codec import VbaFormatError, compress, decompress, encrypt_project_value

# ---------------------------------------------------------------------------------------
# The dir stream ([MS-OVBA] 2.3.4.2)
# ---------------------------------------------------------------------------------------

_PROJECT_VERSION = 0x0009  # its size field is a constant 4 though 6 bytes follow
_PROJECT_CODEPAGE = 0x0003
_PROJECT_NAME = 0x0004
_PROJECT_MODULES = 0x000F
_PROJECT_COOKIE = 0x0013
_DIR_END = 0x0010
_REFERENCE_IDS = {0x0016, 0x003E, 0x0033, 0x002F, 0x0030, 0x000D, 0x000E}
_MODULE_NAME = 0x0019
_MODULE_NAME_UNICODE = 0x0047
_MODULE_STREAM_NAME = 0x001A
_MODULE_STREAM_NAME_UNICODE = 0x0032
_MODULE_DOCSTRING = 0x001C
_MODULE_DOCSTRING_UNICODE = 0x0048
_MODULE_OFFSET = 0x0031
_MODULE_HELP_CONTEXT = 0x001E
_MODULE_COOKIE = 0x002C
_MODULE_PROCEDURAL = 0x0021
_MODULE_NON_PROCEDURAL = 0x0022
_MODULE_READONLY = 0x0025
_MODULE_PRIVATE = 0x0028
_MODULE_END = 0x002B


@dataclass(frozen=True)
class _Record:
    rid: int
    body: bytes
    raw: bytes  # the record as stored, header included


def _records(data: bytes) -> list[_Record]:
    out: list[_Record] = []
    pos = 0
    while pos < len(data):
        if pos + 6 > len(data):
            raise VbaFormatError(f"truncated dir record at byte {pos}")
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == _PROJECT_VERSION:
            size = 6
        body = data[pos + 6 : pos + 6 + size]
        if len(body) != size:
            raise VbaFormatError(f"truncated dir record 0x{rid:04X} at byte {pos}")
        out.append(_Record(rid, body, data[pos : pos + 6 + size]))
        pos += 6 + size
        if rid == _DIR_END:
            break
    return out


def _rec(rid: int, body: bytes) -> bytes:
    return struct.pack("<HI", rid, len(body)) + body


class ModuleKind(str, Enum):
    """The kind of a VBA module, as the PROJECT stream names it."""

    STANDARD = "standard"  # a .bas module: Module=Name
    CLASS = "class"  # a .cls class module: Class=Name
    DOCUMENT = "document"  # ThisWorkbook, Sheet1: Document=Name/&H00000000


@dataclass(frozen=True)
class VbaModule:
    """One module: its name, kind and full source text (Attribute lines included, CRLF)."""

    name: str
    kind: ModuleKind
    source: str
    docstring: str = ""


@dataclass(frozen=True)
class VbaProject:
    """What `write_project` needs; `read_project` returns one from an existing file.

    `information` and `references` are dir-stream records kept verbatim (project system
    kind, locale, code page, name, version; the type libraries the code uses).
    """

    information: bytes
    references: bytes
    codepage: int
    modules: tuple[VbaModule, ...]
    name: str = "VBAProject"


def _codec(codepage: int) -> str:
    return f"cp{codepage}"


def read_project(data: bytes) -> VbaProject:
    """Read a vbaProject.bin: its information and reference records and every module.

    Raises:
        VbaFormatError: when a stream is missing or malformed.
    """
    import olefile  # reading only; dev and build time

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except OSError as exc:
        raise VbaFormatError(f"not a compound file: {exc}") from exc
    with ole:
        try:
            dir_data = decompress(ole.openstream("VBA/dir").read())
            project_text = ole.openstream("PROJECT").read()
        except OSError as exc:
            raise VbaFormatError(f"missing VBA stream: {exc}") from exc
        records = _records(dir_data)
        codepage = 1252
        name = "VBAProject"
        info = bytearray()
        refs = bytearray()
        i = 0
        while i < len(records) and records[i].rid not in _REFERENCE_IDS | {_PROJECT_MODULES}:
            rec = records[i]
            if rec.rid == _PROJECT_CODEPAGE:
                (codepage,) = struct.unpack("<H", rec.body)
            info += rec.raw
            i += 1
        for rec in records:
            if rec.rid == _PROJECT_NAME:
                name = rec.body.decode(_codec(codepage))
        while i < len(records) and records[i].rid in _REFERENCE_IDS:
            refs += records[i].raw
            i += 1
        kinds = _project_stream_kinds(project_text.decode(_codec(codepage), "replace"))
        modules: list[VbaModule] = []
        current: dict[int, bytes] = {}
        for rec in records[i:]:
            if rec.rid in (_PROJECT_MODULES, _PROJECT_COOKIE):
                continue
            if rec.rid == _MODULE_END:
                modules.append(_read_module(ole, current, codepage, kinds))
                current = {}
            elif rec.rid == _DIR_END:
                break
            else:
                current[rec.rid] = rec.body
    return VbaProject(bytes(info), bytes(refs), codepage, tuple(modules), name)


def _project_stream_kinds(text: str) -> dict[str, ModuleKind]:
    kinds: dict[str, ModuleKind] = {}
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key == "Module":
            kinds[value] = ModuleKind.STANDARD
        elif key == "Class":
            kinds[value] = ModuleKind.CLASS
        elif key == "Document":
            kinds[value.split("/")[0]] = ModuleKind.DOCUMENT
        elif line.startswith("["):
            break
    return kinds


def _read_module(ole, fields: dict[int, bytes], codepage: int, kinds) -> VbaModule:
    codec = _codec(codepage)
    if _MODULE_NAME_UNICODE in fields:
        name = fields[_MODULE_NAME_UNICODE].decode("utf-16-le")
    else:
        name = fields[_MODULE_NAME].decode(codec)
    stream = fields.get(_MODULE_STREAM_NAME_UNICODE)
    stream_name = (
        stream.decode("utf-16-le") if stream else fields[_MODULE_STREAM_NAME].decode(codec)
    )
    (offset,) = struct.unpack("<I", fields[_MODULE_OFFSET])
    raw = ole.openstream(f"VBA/{stream_name}").read()
    source = decompress(raw[offset:]).decode(codec)
    if _MODULE_PROCEDURAL in fields:
        kind = ModuleKind.STANDARD
    else:
        kind = kinds.get(name, ModuleKind.CLASS)
    doc = fields.get(_MODULE_DOCSTRING, b"").decode(codec)
    return VbaModule(name, kind, source, doc)


# ---------------------------------------------------------------------------------------
# Writing a project
# ---------------------------------------------------------------------------------------

# An empty performance cache: reserved 0x61CC, version 0xFFFF (forces compiling from
# source), reserved bytes ([MS-OVBA] 2.3.4.1).
_VBA_PROJECT_STREAM = bytes.fromhex("CC61FFFF000000")
_VBE_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}$")


def _module_records(module: VbaModule, codepage: int) -> bytes:
    codec = _codec(codepage)
    name = module.name.encode(codec)
    uname = module.name.encode("utf-16-le")
    doc = module.docstring.encode(codec)
    out = _rec(_MODULE_NAME, name) + _rec(_MODULE_NAME_UNICODE, uname)
    out += _rec(_MODULE_STREAM_NAME, name) + _rec(_MODULE_STREAM_NAME_UNICODE, uname)
    out += _rec(_MODULE_DOCSTRING, doc)
    out += _rec(_MODULE_DOCSTRING_UNICODE, module.docstring.encode("utf-16-le"))
    out += _rec(_MODULE_OFFSET, struct.pack("<I", 0))  # source starts the stream
    out += _rec(_MODULE_HELP_CONTEXT, struct.pack("<I", 0))
    out += _rec(_MODULE_COOKIE, struct.pack("<H", 0xFFFF))
    kind = _MODULE_PROCEDURAL if module.kind is ModuleKind.STANDARD else _MODULE_NON_PROCEDURAL
    out += _rec(kind, b"")
    out += _rec(_MODULE_END, b"")
    return out


def _project_stream(project: VbaProject, project_id: str, seed: int) -> bytes:
    lines = [f'ID="{project_id}"']
    for m in project.modules:
        if m.kind is ModuleKind.DOCUMENT:
            lines.append(f"Document={m.name}/&H00000000")
        elif m.kind is ModuleKind.CLASS:
            lines.append(f"Class={m.name}")
        else:
            lines.append(f"Module={m.name}")
    lines += [
        f'Name="{project.name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        # unprotected (4 zero bytes), no password (one zero byte), visible (0xFF)
        f'CMG="{encrypt_project_value(bytes(4), project_id, seed)}"',
        f'DPB="{encrypt_project_value(bytes(1), project_id, seed + 1)}"',
        f'GC="{encrypt_project_value(bytes([0xFF]), project_id, seed + 2)}"',
        "",
        "[Host Extender Info]",
        _VBE_HOST_EXTENDER,
        "",
    ]
    return ("\r\n".join(lines) + "\r\n").encode(_codec(project.codepage))


def _projectwm_stream(project: VbaProject) -> bytes:
    out = bytearray()
    for m in project.modules:
        out += m.name.encode(_codec(project.codepage)) + b"\x00"
        out += m.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def write_project(project: VbaProject, *, project_id: str, seed: int = 0x5A) -> bytes:
    """Write a source-only vbaProject.bin (Excel compiles it when the file opens).

    Args:
        project: modules in the order they should appear, with the information and
            reference records to keep.
        project_id: a GUID in braces; with `seed`, it makes the output reproducible.
        seed: the obfuscation seed of the PROJECT stream values.
    Returns:
        The compound file bytes.
    Raises:
        VbaFormatError: for a module name VBA does not accept or a duplicate name.
    """
    names = [m.name for m in project.modules]
    for name in names:
        if not _NAME_RE.match(name):
            raise VbaFormatError(f"not a valid VBA module name: {name!r}")
    if len({n.lower() for n in names}) != len(names):
        raise VbaFormatError(f"duplicate module names: {names}")

    dir_stream = bytearray(project.information)
    dir_stream += project.references
    dir_stream += _rec(_PROJECT_MODULES, struct.pack("<H", len(project.modules)))
    dir_stream += _rec(_PROJECT_COOKIE, struct.pack("<H", 0xFFFF))
    for m in project.modules:
        dir_stream += _module_records(m, project.codepage)
    dir_stream += _rec(_DIR_END, b"")

    streams = {
        "PROJECT": _project_stream(project, project_id, seed),
        "PROJECTwm": _projectwm_stream(project),
        "VBA/_VBA_PROJECT": _VBA_PROJECT_STREAM,
        "VBA/dir": compress(bytes(dir_stream)),
    }
    for m in project.modules:
        streams[f"VBA/{m.name}"] = compress(m.source.encode(_codec(project.codepage)))
    return write_compound_file(streams)
