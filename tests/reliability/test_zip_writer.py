"""The package's own ZIP writer: what it writes, zipfile reads back exactly (names, data,
CRCs, methods, dates, attributes, ZIP64 end records when needed). Every saved workbook in
the other tests also goes through it and is re-read by calamine, zipfile and LibreOffice."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from xlkpi.io import zip_writer
from xlkpi.io.zip_writer import DEFLATED, STORED, MemberMeta, ZipWriter


def _archive(build) -> zipfile.ZipFile:  # noqa: ANN001
    buf = io.BytesIO()
    w = ZipWriter(buf)
    build(w)
    w.close()
    zf = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    assert zf.testzip() is None
    return zf


def test_members_read_back_exactly() -> None:
    payload = "绩效考核 ".encode() * 5000

    def build(w: ZipWriter) -> None:
        w.add("[Content_Types].xml", b"<Types/>", meta=MemberMeta((2026, 12, 4, 9, 30, 12)))
        w.add("xl/stored.bin", b"\x00\x01raw", meta=MemberMeta(method=STORED))
        w.add("xl/表.xml", payload, meta=MemberMeta(external_attr=0o644 << 16))
        z = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        chunks = [z.compress(payload[:7000]), z.compress(payload[7000:]), z.flush()]
        w.add_compressed("xl/pre.xml", chunks, crc=zlib.crc32(payload), size=len(payload))

    zf = _archive(build)
    assert zf.namelist() == ["[Content_Types].xml", "xl/stored.bin", "xl/表.xml", "xl/pre.xml"]
    assert zf.read("xl/表.xml") == payload == zf.read("xl/pre.xml")
    assert zf.read("xl/stored.bin") == b"\x00\x01raw"
    info = zf.getinfo("[Content_Types].xml")
    assert info.date_time == (2026, 12, 4, 9, 30, 12)
    assert zf.getinfo("xl/stored.bin").compress_type == STORED
    assert zf.getinfo("xl/表.xml").compress_type == DEFLATED
    assert zf.getinfo("xl/表.xml").external_attr == 0o644 << 16


def test_many_members_use_zip64_end_records(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_writer, "_COUNT_LIMIT", 10)  # as if past 65,535 members

    def build(w: ZipWriter) -> None:
        for n in range(25):
            w.add(f"p/{n}.xml", f"<x>{n}</x>".encode())

    zf = _archive(build)
    assert len(zf.namelist()) == 25 and zf.read("p/24.xml") == b"<x>24</x>"


def test_a_wrong_crc_is_caught_by_readers() -> None:
    def build(w: ZipWriter) -> None:
        w.add_compressed("a.xml", [zlib.compress(b"abc")[2:-4]], crc=1, size=3)

    buf = io.BytesIO()
    w = ZipWriter(buf)
    build(w)
    w.close()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf, pytest.raises(zipfile.BadZipFile):
        zf.read("a.xml")
