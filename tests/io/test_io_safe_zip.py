"""Untrusted workbooks: zip limits and no XML entity expansion, for reading and writing."""

from __future__ import annotations

import struct
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from io_pkgcheck import parts

from xlkpi.io import safe_zip
from xlkpi.io.cells import Block
from xlkpi.io.errors import CorruptWorkbook, UnsafeWorkbook, WorkbookError
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)


def _rebuild(src: Path, dst: Path, change) -> Path:
    p = parts(src)
    change(p)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in p.items():
            zf.writestr(name, data)
    return dst


def _both_refuse(path: Path, error: type[WorkbookError], words: str) -> None:
    before = path.read_bytes()
    for action in (
        lambda: read_grids(path),
        lambda: write_blocks(path, [Block("Scores", 3, 6, [[1]])]),
    ):
        with pytest.raises(error, match=words):
            action()
    assert path.read_bytes() == before


def test_billion_laughs_is_refused_without_expanding(book_xlsx: Path, tmp_path: Path) -> None:
    bomb = _rebuild(
        book_xlsx, tmp_path / "laughs.xlsx", lambda p: p.__setitem__("xl/sharedStrings.xml", LAUGHS)
    )
    t0 = time.perf_counter()
    _both_refuse(bomb, UnsafeWorkbook, "DTD")
    assert time.perf_counter() - t0 < 5


def test_parse_xml_refuses_dtd_and_does_not_resolve_entities() -> None:
    with pytest.raises(UnsafeWorkbook):
        safe_zip.parse_xml(LAUGHS, "xl/sharedStrings.xml", "x.xlsx")
    with pytest.raises(CorruptWorkbook):
        safe_zip.parse_xml(b"<a><b></a>", "xl/workbook.xml", "x.xlsx")
    with pytest.raises(UnsafeWorkbook):
        safe_zip.check_well_formed(b'<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>', "p", "x")


def test_compression_ratio_bomb(book_xlsx: Path, tmp_path: Path) -> None:
    bomb = _rebuild(
        book_xlsx,
        tmp_path / "ratio.xlsx",
        lambda p: p.__setitem__("xl/media/zeros.bin", b"\0" * (8 * 2**20)),
    )
    _both_refuse(bomb, UnsafeWorkbook, "compressed")


def test_total_size_limit(book_xlsx: Path, monkeypatch) -> None:
    monkeypatch.setattr(safe_zip, "MAX_TOTAL_UNCOMPRESSED", 20_000)
    _both_refuse(book_xlsx, UnsafeWorkbook, "unpacks to more than")


def test_member_count_limit(book_xlsx: Path, monkeypatch) -> None:
    monkeypatch.setattr(safe_zip, "MAX_MEMBERS", 10)
    _both_refuse(book_xlsx, UnsafeWorkbook, "parts, more than")


@pytest.mark.parametrize(
    "name", ["../evil.xml", "/etc/evil.xml", "xl/../../evil.xml", "C:/evil.xml"]
)
def test_member_names_outside_the_package(book_xlsx: Path, tmp_path: Path, name: str) -> None:
    def add(p):
        p[name] = b"<x/>"

    bad = _rebuild(book_xlsx, tmp_path / "names.xlsx", add)
    if name not in zipfile.ZipFile(bad).namelist():
        pytest.skip(f"zipfile normalised {name!r} on writing")
    _both_refuse(bad, UnsafeWorkbook, "outside the package")


def test_duplicate_members(book_xlsx: Path, tmp_path: Path) -> None:
    dup = tmp_path / "dup.xlsx"
    dup.write_bytes(book_xlsx.read_bytes())
    with pytest.warns(UserWarning), zipfile.ZipFile(dup, "a") as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
    _both_refuse(dup, UnsafeWorkbook, "appears twice")


def test_member_larger_than_declared(book_xlsx: Path, tmp_path: Path) -> None:
    """A member that inflates beyond the size its directory entry declares."""
    data = bytearray(book_xlsx.read_bytes())
    with zipfile.ZipFile(book_xlsx) as zf:
        info = zf.getinfo("xl/styles.xml")
    # central directory entry: signature, then uncompressed size at offset 24
    name = b"xl/styles.xml"
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        n = struct.unpack_from("<H", data, i + 28)[0]
        if bytes(data[i + 46 : i + 46 + n]) == name:
            struct.pack_into("<I", data, i + 24, info.file_size // 2)
            break
        i = data.find(b"PK\x01\x02", i + 4)
    lying = tmp_path / "lying.xlsx"
    lying.write_bytes(bytes(data))
    _both_refuse(lying, WorkbookError, "styles.xml")


def test_ordinary_workbooks_pass(book_xlsx: Path, book_xlsm: Path) -> None:
    for path in (book_xlsx, book_xlsm):
        checked = safe_zip.open_workbook(path)
        assert checked.zip.testzip() is None


def test_kept_members_are_the_bytes_the_zip_holds(book_xlsx: Path, monkeypatch) -> None:
    """What the deep check keeps is each member whole, however many chunks it took; the
    reader then reads its worksheets from there, inflating none of them again."""
    monkeypatch.setattr(safe_zip, "_CHUNK", 1000)  # every sheet of the book spans chunks
    checked = safe_zip.open_workbook(book_xlsx, keep=lambda name: "worksheets/" in name)
    sheets = [n for n in checked.zip.namelist() if "worksheets/" in n]
    assert sheets and set(checked.kept) == set(sheets)
    assert any(checked.zip.getinfo(n).file_size > 2000 for n in sheets)
    for name in sheets:
        assert checked.kept[name] == checked.zip.read(name)
    assert safe_zip.open_workbook(book_xlsx).kept == {}  # nothing kept unless asked

    inflated: list[str] = []
    real_read = zipfile.ZipFile.read
    monkeypatch.setattr(
        zipfile.ZipFile,
        "read",
        lambda zf, name, *a: (
            inflated.append(getattr(name, "filename", name)) or real_read(zf, name, *a)
        ),
    )
    assert read_grids(book_xlsx)
    assert not [n for n in inflated if "worksheets/" in n and n.endswith(".xml")]


@given(
    st.binary(max_size=600).filter(lambda b: b"<!" not in b),
    st.sampled_from([b"", b"<!DOCTYPE x>", b"<!ENTITY a 'b'>"]),
    st.integers(0, 600),
    st.lists(st.integers(1, 300), min_size=1, max_size=8),
)
@example(b"a" * 400, b"<!DOCTYPE x>", 300, [1])  # a byte at a time: the word spans many
def test_a_declaration_is_found_however_the_part_is_cut(body, word, at, cuts):
    data = b'<?xml version="1.0" encoding="UTF-8"?>' + body[:at] + word + body[at:]
    scan = safe_zip.DtdScan("p", "x")
    pieces, pos, i = [], 0, 0
    while pos < len(data):
        pieces.append(data[pos : pos + cuts[i % len(cuts)]])
        pos += cuts[i % len(cuts)]
        i += 1
    try:
        for piece in pieces:
            scan.feed(piece)
        scan.close()
        found = False
    except WorkbookError:
        found = True
    assert found == bool(word)
