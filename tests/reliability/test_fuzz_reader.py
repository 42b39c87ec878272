"""Fuzzing the reader with mutated packages: it only ever reads the file or refuses it
with a clean input error (WorkbookError), never anything else. Bounded for CI: a fixed
number of examples, no deadline per example."""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlbook import build_book

from xlkpi.io.cells import Block
from xlkpi.io.errors import CorruptWorkbook, WorkbookError
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks

FUZZ = settings(
    max_examples=int(os.environ.get("XLKPI_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    # CI replays the same examples every run (a failure is then the change's, not luck's);
    # a developer's run explores new ones, and XLKPI_FUZZ_EXAMPLES=5000 explores more
    derandomize=os.environ.get("CI") == "true",
)


@cache
def _seed() -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = build_book(Path(tmp) / "seed.xlsx")
        write_blocks(path, [Block("客服专员", 4, 2, [[88.5, "文本", None, 3]])], backup=False)
        return path.read_bytes()


def _members() -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(_seed())) as zf:
        return [(i, zf.read(i)) for i in zf.infolist()]


def _read(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(data)
    # a clean refusal is fine; anything else propagates and fails the test
    with contextlib.suppress(WorkbookError):
        read_grids(path)


@FUZZ
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(1, 255)), min_size=1, max_size=8))
def test_flipped_bytes_anywhere(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    data = bytearray(_seed())
    for at, mask in flips:
        data[at % len(data)] ^= mask
    _read(tmp_path, bytes(data))


@FUZZ
@given(st.integers(min_value=0), st.binary(max_size=64))
def test_truncated_or_spliced(tmp_path: Path, at: int, junk: bytes) -> None:
    data = _seed()
    cut = at % len(data)
    _read(tmp_path, data[:cut] + junk)
    _read(tmp_path, data[:cut] + junk + data[cut:])


XML_TOKENS = [
    b"<",
    b">",
    b"/>",
    b'"',
    b"&amp;",
    b"&#0;",
    b'r="XFD1048576"',
    b'r="A0"',
    b'r="ZZZZ9"',
    b't="s"',
    b't="e"',
    b't="inlineStr"',
    b"<v>1e400</v>",
    b"<v>-0</v>",
    b"<v>99999999</v>",
    b'<row r="1048577">',
    b"<c>",
    b"</c>",
    b"<![CDATA[x]]>",
    b"\xff\xfe",
    b"\x00",
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b'encoding="EBCDIC-CP-US"',
    b"<!DOCTYPE",
    b'ref="1:4"',
    b'numFmtId="14"',
    b's="9999"',
]


@FUZZ
@given(
    st.data(),
    st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from(XML_TOKENS)), min_size=1, max_size=6
    ),
    st.booleans(),
)
def test_mutated_xml_inside_a_sound_zip(tmp_path: Path, data, edits, delete: bool) -> None:  # noqa: ANN001
    members = _members()
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
    k = data.draw(st.sampled_from(xml))
    info, body = members[k]
    body = bytearray(body)
    for at, token in edits:
        at %= len(body) + 1
        if delete:
            body[at : at + len(token)] = token
        else:
            body[at:at] = token
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (inf, content) in enumerate(members):
            zf.writestr(inf.filename, bytes(body) if i == k else content)
    _read(tmp_path, out.getvalue())


def test_a_damaged_version_field_is_a_damaged_file(tmp_path: Path) -> None:
    """A flipped byte the fuzzer found: the central directory's "version needed" reading as
    a newer zip version made zipfile raise NotImplementedError, which escaped as a bug."""
    data = bytearray(_seed())
    entry = data.index(b"PK\x01\x02")  # the first central directory header
    data[entry + 6 : entry + 8] = (84).to_bytes(2, "little")  # "needs zip 8.4"
    path = tmp_path / "version.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptWorkbook):
        read_grids(path)


def test_a_far_address_spelled_without_a_space_is_seen(tmp_path: Path) -> None:
    """Another find of the fuzzer: `<c r="A4"r="XFD1048576">` is not well-formed, yet the
    dense reader took the second address and aborted the whole process. Every spelling of
    an address is now measured first, so the sheet is refused as damaged instead."""
    members = _members()
    k = next(i for i, (inf, _) in enumerate(members) if inf.filename.startswith("xl/worksheets/"))
    body = members[k][1]
    first = body.index(b'<c r="')
    end = body.index(b'"', first + len(b'<c r="')) + 1
    body = body[:end] + b'r="XFD1048576"' + body[end:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (inf, content) in enumerate(members):
            zf.writestr(inf.filename, body if i == k else content)
    path = tmp_path / "far.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(CorruptWorkbook):
        read_grids(path)
