"""The VBA project for the .xlsm templates: built from the installed xlwings, checked with
independent readers (olefile, oletools' olevba, LibreOffice)."""

from __future__ import annotations

import importlib
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

from xlkpi.excel import vba
from xlkpi.excel.cfb import CompoundFileError, write_compound_file
from xlkpi.excel.ovba import ModuleKind, VbaModule, VbaProject, read_project, write_project
from xlkpi.excel.ovba_codec import (
    VbaFormatError,
    compress,
    decompress,
    decrypt_project_value,
    encrypt_project_value,
)


def _macros(data: bytes) -> dict[str, str]:
    parser = VBA_Parser("vbaProject.bin", data=data)
    try:
        return {name: code for (_, _, name, code) in parser.extract_macros()}
    finally:
        parser.close()


def _quickstart_bin() -> bytes:
    with zipfile.ZipFile(vba.quickstart_workbook()) as zf:
        return zf.read("xl/vbaProject.bin")


# ---------------------------------------------------------------------------------------
# The project the templates embed
# ---------------------------------------------------------------------------------------


def test_the_calculate_macro_runs_the_desktop_entry_point():
    macros = _macros(vba.vba_project_bytes())
    code = macros["xlkpi.bas"]
    assert re.search(rf"^Sub {vba.MACRO_NAME}\(\)\s*$", code, re.M)
    assert 'RunPython "import xlkpi.excel.desktop; xlkpi.excel.desktop.calculate()"' in code
    module, _, name = vba.ENTRY_POINT.rpartition(".")
    assert callable(getattr(importlib.import_module(module), name))


def test_the_xlwings_modules_come_unchanged_from_the_installed_xlwings():
    ours = {m.name: m for m in read_project(vba.vba_project_bytes()).modules}
    theirs = {m.name: m for m in read_project(_quickstart_bin()).modules}
    assert list(ours) == [*vba.XLWINGS_MODULES, vba.MODULE_NAME]
    for name in vba.XLWINGS_MODULES:
        assert ours[name] == theirs[name]
    assert "Module1" not in ours  # the quickstart's SampleCall imports the file's own name
    assert "RunPython" in ours["xlwings"].source
    assert ours["xlwings"].kind is ModuleKind.STANDARD
    assert ours["Dictionary"].kind is ModuleKind.CLASS
    assert ours["ThisWorkbook"].kind is ModuleKind.DOCUMENT


def test_the_project_keeps_xlwings_references_and_settings():
    ours = read_project(vba.vba_project_bytes())
    theirs = read_project(_quickstart_bin())
    assert ours.references == theirs.references and ours.references
    assert ours.information == theirs.information
    assert ours.codepage == theirs.codepage


def test_the_build_is_reproducible():
    build = vba.vba_project_bytes.__wrapped__  # bypass the cache
    assert build() == build() == vba.vba_project_bytes()


def test_xlwings_quickstart_standalone_embeds_the_project_we_read(tmp_path):
    """`xlwings quickstart NAME --standalone` copies the workbook vba.py reads."""
    code = "import sys; from xlwings.cli import main; sys.argv = sys.argv[1:]; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "xlwings", "quickstart", "probe", "--standalone"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(tmp_path / "probe" / "probe.xlsm") as zf:
        assert zf.read("xl/vbaProject.bin") == _quickstart_bin()


def test_the_project_stream_lists_every_module_and_is_unprotected():
    with olefile.OleFileIO(io.BytesIO(vba.vba_project_bytes())) as ole:
        text = ole.openstream("PROJECT").read().decode("cp1252")
        streams = {"/".join(e) for e in ole.listdir()}
    assert f'ID="{vba.PROJECT_ID}"' in text
    for line in (
        "Document=ThisWorkbook/&H00000000",
        "Document=Sheet1/&H00000000",
        "Module=xlwings",
        "Class=Dictionary",
        "Module=xlkpi",
    ):
        assert line in text.splitlines()
    values = dict(re.findall(r'^(CMG|DPB|GC)="([0-9A-F]+)"', text, re.M))
    assert decrypt_project_value(values["CMG"])[0] == bytes(4)  # not locked for viewing
    assert decrypt_project_value(values["DPB"])[0] == b"\x00"  # no password
    assert decrypt_project_value(values["GC"])[0] == b"\xff"  # visible
    assert {"VBA/xlkpi", "VBA/dir", "VBA/_VBA_PROJECT", "PROJECT", "PROJECTwm"} <= streams


def _with_button(path: Path, sheet: str, caption: str) -> Path:
    """A macro workbook written by XlsxWriter: our VBA project and a button that runs it."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    wb.add_vba_project(io.BytesIO(vba.vba_project_bytes()), is_stream=True)
    ws.insert_button("B2", {"macro": vba.MACRO_NAME, "caption": caption})
    wb.close()
    return path


def test_xlsxwriter_embeds_it_with_a_working_button(tmp_path):
    path = _with_button(tmp_path / "button.xlsm", "设置", "计算")
    macros = _macros(path.read_bytes())
    assert "Sub Calculate()" in macros["xlkpi.bas"]
    with zipfile.ZipFile(path) as zf:
        vml = zf.read("xl/drawings/vmlDrawing1.vml").decode()
    assert f"[0]!{vba.MACRO_NAME}" in vml


@pytest.mark.libreoffice
def test_libreoffice_imports_the_modules_and_binds_the_button(tmp_path):
    tests_dir = str(Path(__file__).resolve().parents[1])
    if tests_dir not in sys.path:
        sys.path.insert(0, tests_dir)
    from helpers.libreoffice import convert, require_soffice

    require_soffice()

    path = _with_button(tmp_path / "lo.xlsm", "Settings", "Calculate")
    (ods,) = convert(path, "ods", tmp_path / "out")
    with zipfile.ZipFile(ods) as zf:
        names = set(zf.namelist())
        module = zf.read("Basic/VBAProject/xlkpi.xml").decode()
        content = zf.read("content.xml").decode()
    assert {"Basic/VBAProject/xlwings.xml", "Basic/VBAProject/Dictionary.xml"} <= names
    assert "xlkpi.excel.desktop.calculate()" in module
    assert "vnd.sun.star.script:VBAProject.xlkpi.Calculate" in content


# ---------------------------------------------------------------------------------------
# MS-OVBA pieces
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a",
        b"abc" * 2000,
        os.urandom(4096),
        os.urandom(3000) + b"x" * 9000,
        bytes(range(256)) * 40,
        b'Attribute VB_Name = "x"\r\n' * 300,
    ],
    ids=["empty", "one", "repeats", "random-chunk", "mixed", "bytes", "vba-text"],
)
def test_compress_round_trips_and_oletools_agrees(data):
    packed = compress(data)
    assert decompress(packed) == data
    assert bytes(decompress_stream(bytearray(packed))) == data


def test_decompress_matches_oletools_on_excel_written_streams():
    with olefile.OleFileIO(io.BytesIO(_quickstart_bin())) as ole:
        for path in ("VBA/dir", "VBA/xlwings"):  # both start at offset 0
            raw = ole.openstream(path).read()
            assert decompress(raw) == bytes(decompress_stream(bytearray(raw)))


def test_compressed_text_is_much_smaller():
    text = read_project(_quickstart_bin()).modules[4].source.encode("cp1252")
    assert len(compress(text)) < len(text) // 2


def test_a_bad_container_is_refused():
    with pytest.raises(VbaFormatError, match="signature"):
        decompress(b"\x02abc")


@pytest.mark.parametrize("seed", [0, 1, 2, 6, 0x5A, 0xFF])
def test_project_values_round_trip_and_carry_the_project_key(seed):
    pid = "{8D6C8FB8-F7B0-4AAB-9054-05337B6787E8}"
    data, key = decrypt_project_value(encrypt_project_value(b"\x00\x01\xfe", pid, seed))
    assert data == b"\x00\x01\xfe"
    assert key == sum(pid.encode()) & 0xFF


def test_excel_written_protection_values_decode():
    with olefile.OleFileIO(io.BytesIO(_quickstart_bin())) as ole:
        text = ole.openstream("PROJECT").read().decode("cp1252")
    pid = re.search(r'ID="(\{.*?\})"', text).group(1)
    gc = re.search(r'GC="([0-9A-F]+)"', text).group(1)
    assert decrypt_project_value(gc) == (b"\xff", sum(pid.encode()) & 0xFF)


def _project(*modules: VbaModule) -> VbaProject:
    base = read_project(_quickstart_bin())
    return VbaProject(base.information, base.references, base.codepage, modules)


@pytest.mark.parametrize("name", ["", "1abc", "has space", "x" * 32, "点"])
def test_module_names_vba_rejects_are_refused(name):
    with pytest.raises(VbaFormatError, match="module name"):
        write_project(_project(VbaModule(name, ModuleKind.STANDARD, "")), project_id="{X}")


def test_duplicate_module_names_are_refused():
    m = VbaModule("Same", ModuleKind.STANDARD, 'Attribute VB_Name = "Same"\r\n')
    with pytest.raises(VbaFormatError, match="duplicate"):
        write_project(_project(m, VbaModule("same", ModuleKind.CLASS, "")), project_id="{X}")


# ---------------------------------------------------------------------------------------
# The compound file container
# ---------------------------------------------------------------------------------------


def _streams(n: int) -> dict[str, bytes]:
    out = {f"S/M{i}": bytes([i]) * (i * 700 + 1) for i in range(n)}
    out["Big"] = os.urandom(20_000)
    out["S/Deeper/Leaf"] = b"leaf"
    return out


@pytest.mark.parametrize("count", [1, 2, 3, 7, 12])
def test_olefile_reads_back_every_stream(count):
    streams = _streams(count)
    data = write_compound_file(streams)
    with olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert sorted("/".join(e) for e in ole.listdir()) == sorted(streams)
        for path, content in streams.items():
            assert ole.openstream(path).read() == content
    assert write_compound_file(dict(reversed(list(streams.items())))) == data


RED, BLACK = 0, 1  # [MS-CFB] 2.6.1 color flag


def _check_red_black(entries, sid) -> int:
    """Black height of the sibling tree at `sid`; asserts no red node has a red child."""
    if sid == olefile.NOSTREAM:
        return 1
    node = entries[sid]
    for child in (node.sid_left, node.sid_right):
        if node.color == RED and child != olefile.NOSTREAM:
            assert entries[child].color == BLACK
    left = _check_red_black(entries, node.sid_left)
    right = _check_red_black(entries, node.sid_right)
    assert left == right
    return left + (node.color == BLACK)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 17])
def test_sibling_trees_are_valid_red_black_trees(count):
    data = write_compound_file({f"VBA/Module{i}": b"x" for i in range(count)})
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        entries = ole.direntries
        storage = next(e for e in entries if e is not None and e.name == "VBA")
        assert entries[storage.sid_child].color == BLACK
        _check_red_black(entries, storage.sid_child)


@pytest.mark.parametrize("path", ["", "a/", "x" * 32, "bad:name", "A/B"])
def test_bad_entry_names_are_refused(path):
    streams = {path: b"1"}
    if path == "A/B":
        streams["A"] = b"stream and storage"
    with pytest.raises(CompoundFileError):
        write_compound_file(streams)
