"""A small ZIP writer for saving workbook packages, on public APIs only (struct, zlib).

The writer copies unchanged members as their stored compressed bytes and adds edited ones
already deflated (`package.DeflatedPart`). The standard library's zipfile has no public
call for adding a member that is already compressed, so this module writes the format
itself: a local header and the data per member, then the central directory and its end
record (ZIP64 records when sizes, offsets or the member count need them). Members are
stored with sizes in their local header (no data descriptors), as Excel writes them.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

STORED = 0
DEFLATED = 8
_ZIP64_LIMIT = 0xFFFFFFFF
_COUNT_LIMIT = 0xFFFF
_UTF8_FLAG = 0x800


@dataclass
class _Entry:
    name: bytes
    flags: int
    method: int
    dos_time: int
    dos_date: int
    crc: int
    compress_size: int
    size: int
    offset: int
    external_attr: int
    create_system: int


@dataclass(frozen=True)
class MemberMeta:
    """How a member is stored: its date, compression method and file attributes."""

    date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)
    method: int = DEFLATED
    external_attr: int = 0o600 << 16
    create_system: int = 0


NEW_MEMBER = MemberMeta()


def stored_span(data: bytes, info: zipfile.ZipInfo) -> tuple[int, int] | None:
    """(start, end) of the bytes member `info` of the ZIP archive `data` stores (as they
    are, compressed), or None when its local header is not where the central directory
    puts it."""
    off = info.header_offset
    head = data[off : off + 30]
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    start = off + 30 + name_len + extra_len
    end = start + info.compress_size
    if end > len(data):
        return None
    return start, end


def _dos(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    y, mo, d, h, mi, s = date_time
    y = min(max(y, 1980), 2107)
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


class ZipWriter:
    """Writes a ZIP archive to a binary file, member by member; call `close()` at the end."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._entries: list[_Entry] = []
        self._pos = fh.tell()

    def add(self, name: str, data: bytes, *, meta: MemberMeta = NEW_MEMBER) -> None:
        """Add a member from its uncompressed bytes (deflated as zipfile does: level 6)."""
        if meta.method == DEFLATED:
            z = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            chunks: list[bytes] = [z.compress(data), z.flush()]
        else:
            chunks = [data]
        self.add_compressed(name, chunks, crc=zlib.crc32(data), size=len(data), meta=meta)

    def add_compressed(
        self,
        name: str,
        chunks: Iterable[bytes | memoryview],
        *,
        crc: int,
        size: int,
        meta: MemberMeta = NEW_MEMBER,
    ) -> None:
        """Add a member whose bytes are already compressed by `meta.method` (CRC and size
        are those of the uncompressed bytes)."""
        chunks = list(chunks)
        compress_size = sum(len(c) for c in chunks)
        raw_name = name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_FLAG
        dos_time, dos_date = _dos(meta.date_time)
        zip64 = size >= _ZIP64_LIMIT or compress_size >= _ZIP64_LIMIT
        extra = struct.pack("<HHQQ", 1, 16, size, compress_size) if zip64 else b""
        version = 45 if zip64 else 20
        header = struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            version,
            flags,
            meta.method,
            dos_time,
            dos_date,
            crc & 0xFFFFFFFF,
            _ZIP64_LIMIT if zip64 else compress_size,
            _ZIP64_LIMIT if zip64 else size,
            len(raw_name),
            len(extra),
        )
        offset = self._pos
        self._write(header + raw_name + extra)
        for c in chunks:
            self._write(c)
        self._entries.append(
            _Entry(
                raw_name,
                flags,
                meta.method,
                dos_time,
                dos_date,
                crc & 0xFFFFFFFF,
                compress_size,
                size,
                offset,
                meta.external_attr or (0o600 << 16),
                meta.create_system,
            )
        )

    def _write(self, data: bytes | memoryview) -> None:
        self._fh.write(data)
        self._pos += len(data)

    def close(self) -> None:
        """Write the central directory and the end records."""
        start = self._pos
        for e in self._entries:
            big = [v for v in (e.size, e.compress_size, e.offset) if v >= _ZIP64_LIMIT]
            extra = (
                struct.pack("<HH", 1, 8 * len(big)) + b"".join(struct.pack("<Q", v) for v in big)
                if big
                else b""
            )
            version = 45 if big else 20

            def cap(v: int) -> int:
                return _ZIP64_LIMIT if v >= _ZIP64_LIMIT else v

            self._write(
                struct.pack(
                    "<4sBBHHHHHIIIHHHHHII",
                    b"PK\x01\x02",
                    version,
                    e.create_system,
                    version,
                    e.flags,
                    e.method,
                    e.dos_time,
                    e.dos_date,
                    e.crc,
                    cap(e.compress_size),
                    cap(e.size),
                    len(e.name),
                    len(extra),
                    0,
                    0,
                    0,
                    e.external_attr & 0xFFFFFFFF,
                    cap(e.offset),
                )
                + e.name
                + extra
            )
        size = self._pos - start
        count = len(self._entries)
        if count > _COUNT_LIMIT or size >= _ZIP64_LIMIT or start >= _ZIP64_LIMIT:
            end64 = self._pos
            self._write(
                struct.pack(
                    "<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, start
                )
            )
            self._write(struct.pack("<4sIQI", b"PK\x06\x07", 0, end64, 1))
            count, size, start = (
                min(count, _COUNT_LIMIT),
                min(size, _ZIP64_LIMIT),
                min(start, _ZIP64_LIMIT),
            )
        self._write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
