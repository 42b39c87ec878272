"""Reading is bounded by the cells present, refuses what Excel cannot hold, and tells
input problems (exit 2, naming where) apart from bugs (exit 1, traceback under --debug)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.helpers.packages import make_package, sheet_xml
from xlkpi.cli.main import main
from xlkpi.io import reader
from xlkpi.io.errors import CorruptWorkbook, UnsafeWorkbook
from xlkpi.io.reader import read_grids

MEMORY_CAP = 512 * 1024 * 1024  # calamine needed 4.1 GB for one cell at CV1048576


def _far(tmp_path: Path, ref: str, *, dimension: str | None = None) -> Path:
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>工号</t></is></c><c r="B1"><v>7</v></c></row>'
        f'<row r="{row}"><c r="{ref}"><v>2.5</v></c></row>'
    )
    return make_package(tmp_path / f"far-{ref}.xlsx", sheet_xml(rows, dimension=dimension))


@pytest.mark.parametrize("ref", ["CV1048576", "XFC1048576", "XFD1048576", "XFD1"])
def test_a_far_cell_is_read_within_a_small_memory_cap(tmp_path: Path, ref: str) -> None:
    path = _far(tmp_path, ref, dimension=f"A1:{ref}")
    script = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP}))
        from xlkpi.io.cells import parse_a1
        from xlkpi.io.reader import read_grids
        grid = read_grids({str(path)!r})["Sheet1"]
        r, c = parse_a1({ref!r})
        assert grid[0][:2] == ["工号", 7], grid[0][:2]
        assert grid[r][c] == 2.5
        assert len(grid) == r + 1
        print("ok")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-2000:]


@pytest.mark.parametrize(
    ("ref", "said"), [("XFE1", "XFE1"), ("A1048577", "1048577"), ("A99999999", "99999999")]
)
def test_addresses_beyond_excel_are_refused_naming_them(
    tmp_path: Path, ref: str, said: str, capsys
) -> None:
    path = _far(tmp_path, ref)
    with pytest.raises(UnsafeWorkbook, match="XFD1048576|1048576") as info:
        read_grids(path)
    assert said in str(info.value) and info.value.sheet == "Sheet1"
    assert main(["--lang", "en", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_sheets_without_cell_addresses_are_read_densely(tmp_path: Path) -> None:
    rows = "<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>"
    path = make_package(tmp_path / "plain.xlsx", sheet_xml(rows, dimension=None))
    assert read_grids(path)["Sheet1"] == [[1, 2], [3, None]]


def _flip_inside(path: Path, member: str) -> None:
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x55
    path.write_bytes(bytes(data))


def test_a_flipped_compressed_byte_is_a_damaged_file(tmp_path: Path, capsys) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r * 7}</v></c></row>' for r in range(1, 400))
    path = make_package(tmp_path / "flip.xlsx", sheet_xml(rows))
    _flip_inside(path, "xl/worksheets/sheet1.xml")
    with pytest.raises(CorruptWorkbook, match="damaged"):
        read_grids(path)
    for command in ("check", "calculate"):
        assert main(["--lang", "en", command, str(path)]) == 2
        err = capsys.readouterr().err
        assert "damaged" in err and "internal" not in err.lower()


def test_a_utf16_part_declaring_entities_is_refused(tmp_path: Path) -> None:
    body = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>').split("?>", 1)[1]
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>' + body
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        # utf-16 writes a BOM; without one, the pattern of '<' tells the encoding
        path = make_package(tmp_path / f"{encoding}.xlsx", xml.encode(encoding))
        with pytest.raises(UnsafeWorkbook, match="DTD"):
            read_grids(path)
    decl = '<?xml version="1.0" encoding="UTF-16"?>'
    clean = make_package(tmp_path / "clean16.xlsx", (decl + body).encode("utf-16"))
    read_grids(clean)  # a UTF-16 part without a DTD is fine


def test_a_bug_in_xlkpi_is_not_relabelled_as_a_damaged_file(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    path = _far(tmp_path, "B2")

    def broken(sheet):  # noqa: ANN001, ANN202
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(reader, "_grid", broken)
    with pytest.raises(ZeroDivisionError):
        read_grids(path)
    assert main(["--debug", "--lang", "en", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError" in err and "damaged" not in err
