"""The writer on the shapes real producers write: internal '#' hyperlinks on drawings,
stray parts and broken relationships already in the original, no styles part or no cell
formats, row-only dimensions, the Office 2007 beta namespace."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from tests.helpers.packages import NS_R, make_package, sheet_xml
from xlkpi.cli.main import main
from xlkpi.io.cells import Block
from xlkpi.io.errors import SaveFailed, UnsupportedFormat
from xlkpi.io.package import Package
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks

PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
VALUES = [Block("Sheet1", 1, 1, [[dt.date(2026, 1, 5), 3.5]])]


def _written(path: Path) -> list:
    return read_grids(path)["Sheet1"][1][:3]


def test_internal_hyperlinks_on_drawings_are_not_missing_parts(tmp_path: Path) -> None:
    drawing_rels = (
        f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
        f'Type="{NS_R}/hyperlink" Target="#Sheet1!A1"/></Relationships>'
    )
    path = make_package(
        tmp_path / "links.xlsx",
        extra_parts={
            "xl/drawings/drawing1.xml": b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.'
            b'org/drawingml/2006/spreadsheetDrawing"/>',
            "xl/drawings/_rels/drawing1.xml.rels": drawing_rels.encode(),
        },
        sheet_rels=f'<Relationship Id="rId9" Type="{NS_R}/drawing" Target="../drawings/drawing1.xml"/>',
        extra_types='<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.drawing+xml"/>',
    )
    report = write_blocks(path, VALUES, backup=False)
    assert report.kept_problems == []
    assert _written(path) == [None, dt.date(2026, 1, 5), 3.5]
    with zipfile.ZipFile(path) as zf:
        assert zf.read("xl/drawings/_rels/drawing1.xml.rels") == drawing_rels.encode()


@pytest.mark.parametrize(
    ("extra", "rels", "said"),
    [
        ({"xl/.DS_Store": b"\x00\x00\x00\x01Bud1"}, None, "xl/.DS_Store has no content type"),
        ({"[trash]/0000.dat": b"x"}, None, "[trash]/0000.dat has no content type"),
        (
            {},
            f'<Relationship Id="rId9" Type="{NS_R}/drawing" Target="../drawings/gone.xml"/>',
            "points at missing part xl/drawings/gone.xml",
        ),
    ],
)
def test_problems_already_in_the_original_are_kept_and_mentioned_once(
    tmp_path: Path, extra: dict, rels: str | None, said: str, capsys
) -> None:
    path = make_package(tmp_path / "odd.xlsx", extra_parts=extra, sheet_rels=rels)
    before = {n: zipfile.ZipFile(path).read(n) for n in extra}
    report = write_blocks(path, VALUES, backup=False)
    assert [en for en, _ in report.kept_problems] == [
        f"part {said}" if "content" in said else f"xl/worksheets/_rels/sheet1.xml.rels {said}"
    ]
    assert _written(path)[1:] == [dt.date(2026, 1, 5), 3.5]
    with zipfile.ZipFile(path) as zf:
        assert {n: zf.read(n) for n in extra} == before  # kept as it was


def test_a_problem_the_write_introduces_still_fails_it(tmp_path: Path, monkeypatch) -> None:
    path = make_package(tmp_path / "book.xlsx")
    before = path.read_bytes()
    real = Package.final_names

    def with_a_stray(self):  # noqa: ANN001, ANN202 - the new file gains a part without a type
        self.set("xl/stray.bin", b"x")
        return real(self)

    monkeypatch.setattr(Package, "final_names", with_a_stray)
    with pytest.raises(SaveFailed, match="xl/stray.bin has no content type"):
        write_blocks(path, VALUES, backup=False)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "styles",
    [
        None,
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.000"/></numFmts>'
        '<fonts count="1"><font/></fonts></styleSheet>',
    ],
    ids=["no styles part", "no cellXfs"],
)
def test_dates_get_the_minimal_styles_they_need(tmp_path: Path, styles: str | None) -> None:
    path = make_package(tmp_path / "plain.xlsx", styles=styles)
    write_blocks(path, VALUES, backup=False)
    assert _written(path) == [None, dt.date(2026, 1, 5), 3.5]
    with zipfile.ZipFile(path) as zf:
        data = zf.read("xl/styles.xml")
        assert b"<cellXfs" in data
        if styles is not None:
            assert b'formatCode="0.000"' in data  # the workbook's own format survives
        assert b"styles" in zf.read("xl/_rels/workbook.xml.rels")


def test_a_row_only_dimension_is_widened_from_what_is_present(tmp_path: Path) -> None:
    rows = (
        '<row r="1"><c r="A1"><v>1</v></c><c r="F1"><v>1</v></c></row>'
        '<row r="4"><c r="A4"><v>1</v></c></row>'
    )
    path = make_package(tmp_path / "dim.xlsx", sheet_xml(rows, dimension="1:4"))
    write_blocks(path, [Block("Sheet1", 9, 1, [[3.5]])], backup=False)
    with zipfile.ZipFile(path) as zf:
        assert b'<dimension ref="A1:F10"/>' in zf.read("xl/worksheets/sheet1.xml")


def test_the_office_2007_beta_namespace_is_named(tmp_path: Path, capsys) -> None:
    beta = "http://schemas.openxmlformats.org/spreadsheetml/2006/5/main"
    path = make_package(tmp_path / "beta.xlsx", ns=beta)
    with pytest.raises(UnsupportedFormat, match="pre-release"):
        write_blocks(path, VALUES)
    assert main(["--lang", "en", "check", str(path)]) == 2
    assert "pre-release (beta) version of Excel 2007" in capsys.readouterr().err
