"""Each refusal names sheet and cell and leaves the file byte-identical (check 6)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from io_pkgcheck import parts

from xlkpi.io.cells import Block
from xlkpi.io.errors import (
    EncryptedWorkbook,
    MissingWorkbook,
    RefusedWrite,
    UnsupportedFormat,
    WorkbookError,
)
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks

# (what, block, expected sheet, expected cell, reason)
REFUSALS = [
    ("table header", Block("Scores", 2, 0, [["工号2"]]), "Scores", "A3", "table_header"),
    ("table header cleared", Block("Scores", 2, 1, [[None]]), "Scores", "B3", "table_header"),
    ("just below the table", Block("Scores", 13, 3, [[50]]), "Scores", "D14", "table_grow"),
    ("just right of the table", Block("Scores", 5, 5, [[1]]), "Scores", "F6", "table_grow"),
    ("shared formula master", Block("Scores", 3, 15, [[1]]), "Scores", "P4", "shared_formula"),
    ("shared formula member", Block("Scores", 4, 15, [[1]]), "Scores", "P5", "shared_formula"),
    ("array formula anchor", Block("Scores", 3, 12, [[1]]), "Scores", "M4", "array_formula"),
    ("array formula member", Block("Scores", 5, 12, [[None]]), "Scores", "M6", "array_formula"),
    ("merged title, not its anchor", Block("Scores", 0, 1, [["x"]]), "Scores", "B1", "merged_cell"),
    (
        "merged note, not its anchor",
        Block("Scores", 14, 7, [["x"]]),
        "Scores",
        "H15",
        "merged_cell",
    ),
    (
        "beyond the last row",
        Block("Results", 1_048_576, 0, [[1]]),
        "Results",
        "A1048576",
        "out_of_grid",
    ),
    (
        "not a finite number",
        Block("Results", 5, 1, [[float("nan")]]),
        "Results",
        "B6",
        "not_finite",
    ),
    ("infinity", Block("Results", 5, 1, [[float("inf")]]), "Results", "B6", "not_finite"),
    ("not a cell value", Block("Results", 5, 2, [[object()]]), "Results", "C6", "bad_value"),
    (
        "text longer than a cell",
        Block("Results", 5, 3, [["长" * 32_768]]),
        "Results",
        "D6",
        "text_too_long",
    ),
]


def _assert_untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before, "the workbook changed after a refusal"
    assert not list(path.parent.glob("*.bak.*")), "a refused write left a backup"
    assert not list(path.parent.glob(".~xlkpi-*")), "a refused write left a temporary file"


@pytest.mark.parametrize(
    ("what", "block", "sheet", "cell", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_refusal_names_the_cell_and_keeps_the_file(
    book_xlsx: Path, what, block, sheet, cell, reason
) -> None:
    before = book_xlsx.read_bytes()
    with pytest.raises(RefusedWrite) as info:
        write_blocks(book_xlsx, [block])
    err = info.value
    assert (err.sheet, err.cell) == (sheet, cell)
    assert err.code == f"io.refused.{reason}"
    assert str(err).startswith(f"{sheet}!{cell}: ")
    assert err.message_zh and err.render("zh").startswith(f"{sheet}!{cell}: ")
    assert err.to_problem().where[0].cell == cell
    _assert_untouched(book_xlsx, before)


def test_all_or_nothing_reports_every_refusal(book_xlsm: Path) -> None:
    before = book_xlsm.read_bytes()
    blocks = [
        Block("Scores", 3, 6, [[1.0, 2.0]]),  # fine on its own
        Block("Scores", 2, 0, [["x"]]),
        Block("Scores", 3, 15, [[1], [2]]),
        Block("Results", 1, 0, [["fine too"]]),
    ]
    with pytest.raises(RefusedWrite) as info:
        write_blocks(book_xlsm, blocks)
    places = [(e.sheet, e.cell) for e in info.value.all]
    assert places == [("Scores", "A3"), ("Scores", "P4"), ("Scores", "P5")]
    assert "(and 2 more)" in str(info.value)
    _assert_untouched(book_xlsm, before)


def test_unknown_sheet(book_xlsx: Path) -> None:
    before = book_xlsx.read_bytes()
    with pytest.raises(WorkbookError, match="no sheet named 'Nope'"):
        write_blocks(book_xlsx, [Block("Nope", 0, 0, [[1]])])
    _assert_untouched(book_xlsx, before)


def test_writes_next_to_refusals_are_allowed(book_xlsx: Path) -> None:
    """The anchors of merged ranges, the table body, and None just below a table are fine."""
    write_blocks(
        book_xlsx,
        [
            Block("Scores", 0, 0, [["新标题"]]),
            Block("Scores", 14, 6, [["新备注", None]]),
            Block("Scores", 3, 3, [[66]]),
            Block("Scores", 13, 0, [[None, None]]),
        ],
    )
    grid = read_grids(book_xlsx, ["Scores"])["Scores"]
    assert (grid[0][0], grid[14][6], grid[3][3]) == ("新标题", "新备注", 66)


# ---- files xlkpi does not write into ------------------------------------------------------


def _encrypted(src: Path, dst: Path) -> Path:
    msoffcrypto = pytest.importorskip("msoffcrypto", reason="msoffcrypto-tool builds the fixture")
    from msoffcrypto.format.ooxml import OOXMLFile

    with src.open("rb") as fin, dst.open("wb") as fout:
        OOXMLFile(fin).encrypt("口令Passw0rd", fout)
    assert msoffcrypto.olefile.isOleFile(str(dst))
    return dst


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _package(path: Path, ext: str, content_type: str, main: str, data: bytes) -> Path:
    """A minimal OPC package whose one main part `main` (extension `ext`) is `data`."""
    return _zip(
        path,
        {
            "[Content_Types].xml": (
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                f'2006/content-types"><Default Extension="{ext}" ContentType="{content_type}"/>'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/></Types>'
            ).encode(),
            "_rels/.rels": (
                '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                f'Target="{main}"/></Relationships>'
            ).encode(),
            main: data,
        },
    )


def _xlsb(path: Path) -> Path:
    return _package(
        path,
        "bin",
        "application/vnd.ms-excel.sheet.binary.macroEnabled.main",
        "xl/workbook.bin",
        b"\x83\x01\x00",
    )


def _strict(src: Path, dst: Path) -> Path:
    p = parts(src)
    transitional = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strict = b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    p["_rels/.rels"] = p["_rels/.rels"].replace(transitional, strict)
    p["xl/workbook.xml"] = p["xl/workbook.xml"].replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    )
    return _zip(dst, p)


def _docx(path: Path) -> Path:
    return _package(
        path,
        "xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
        b"<w:document xmlns:w='urn:w'/>",
    )


FORMATS = [
    ("encrypted", lambda src, d: _encrypted(src, d / "secret.xlsx"), EncryptedWorkbook, "password"),
    ("xlsb", lambda src, d: _xlsb(d / "book.xlsb"), UnsupportedFormat, ".xlsb"),
    ("strict", lambda src, d: _strict(src, d / "strict.xlsx"), UnsupportedFormat, "Strict"),
    ("docx", lambda src, d: _docx(d / "letter.xlsx"), UnsupportedFormat, "not an Excel workbook"),
    (
        "text",
        lambda src, d: _write(d / "notes.xlsx", "姓名,得分\n张伟,88\n".encode()),
        UnsupportedFormat,
        "not an Excel",
    ),
    ("empty", lambda src, d: _write(d / "empty.xlsx", b""), UnsupportedFormat, "not an Excel"),
    (
        "png",
        lambda src, d: _write(d / "logo.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        UnsupportedFormat,
        "not an Excel",
    ),
    (
        "truncated zip",
        lambda src, d: _write(d / "cut.xlsx", src.read_bytes()[:3000]),
        WorkbookError,
        "damaged",
    ),
]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("what", "make", "error", "words"), FORMATS, ids=[f[0] for f in FORMATS])
def test_unsupported_files_are_refused_untouched(
    book_xlsx: Path, tmp_path: Path, what, make, error, words
) -> None:
    d = tmp_path / "in"
    d.mkdir()
    path = make(book_xlsx, d)
    before = path.read_bytes()
    for action in (
        lambda: write_blocks(path, [Block("Scores", 3, 6, [[1]])]),
        lambda: read_grids(path),
    ):
        with pytest.raises(error) as info:
            action()
        assert words in str(info.value)
        assert info.value.message_zh
        assert path.read_bytes() == before
    assert sorted(p.name for p in d.iterdir()) == [path.name]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissingWorkbook, match="file not found"):
        write_blocks(tmp_path / "nope.xlsx", [])
    with pytest.raises(MissingWorkbook):
        read_grids(tmp_path)


def test_encrypted_detection_reads_the_ole_directory(book_xlsx: Path, tmp_path: Path) -> None:
    """The EncryptionInfo stream is found through the OLE directory, not by luck."""
    from xlkpi.io.safe_zip import _ole_stream_names

    enc = _encrypted(book_xlsx, tmp_path / "s.xlsx")
    names = _ole_stream_names(enc.read_bytes())
    assert {"EncryptionInfo", "EncryptedPackage"} <= names
    # an OLE file without those streams is not called encrypted
    data = bytearray(enc.read_bytes())
    for name in ("EncryptionInfo", "EncryptedPackage"):
        i = bytes(data).find(name.encode("utf-16-le"))
        data[i : i + 2] = "Z".encode("utf-16-le")
    other = tmp_path / "other.xlsx"
    other.write_bytes(bytes(data))
    with pytest.raises(UnsupportedFormat) as info:
        read_grids(other)
    assert not isinstance(info.value, EncryptedWorkbook)
    assert io.BytesIO(other.read_bytes()).read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
