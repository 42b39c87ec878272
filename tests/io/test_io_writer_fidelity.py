"""Writing results into rich workbooks loses nothing (checks 1-4 of docs/writer.md).

Runs on the XlsxWriter-built .xlsx and .xlsm (with the calcChain and calcPr Excel writes)
and on the same workbook re-saved by LibreOffice, whose XML conventions differ.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import python_calamine as pc
from io_pkgcheck import (
    assert_integrity,
    cell_style,
    cells,
    num_format,
    outside_sheetdata,
    parts,
    rows,
    sheet_parts,
    xf,
)

from xlkpi.io.cells import Block, Formula, Styled, a1
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks

# openpyxl announces the 2010 extensions it cannot read; that is the point of the fixture
pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

TEXTS = [
    "张伟 优秀",
    "emoji 🎉👍🏽",
    "a < b & c > d",
    "第一行\n第二行",
    "=SUM(1,2)",
    "  leading and trailing  ",
    "tab\there",
    "'apostrophe",
    "mixed 混合 ✓",
    "100%",
]
OTHERS = [
    dt.date(2024, 1, 31),
    dt.datetime(2024, 6, 30, 13, 45),
    True,
    False,
    42,
    -7,
    None,
    Decimal("1234.56"),
    3.25,
    10**12,
]


def result_blocks() -> list[Block]:
    """Results for Scores G4:K13 (every value type), a formula with its cached value, a
    cleared merged anchor, and rows on Results and Summary."""
    values = []
    for i in range(10):
        values.append(
            [
                Styled(80 + i * 1.25, "0.00"),
                0.5 + i / 40,  # column H is formatted 0.0% by the template
                Styled(10_000 + i * 1234.5, '"¥"#,##0.00'),
                TEXTS[i],
                OTHERS[i],
            ]
        )
    return [
        Block("Scores", 3, 6, values),
        Block("Scores", 3, 11, [[Formula("=G4*2", 160.0, "0.0")]]),
        Block("Scores", 14, 6, [[None]]),
        Block(
            "Results", 1, 0, [["E001", 0.875, 1.5, "优", dt.date(2025, 3, 1), Styled(None, "0.00")]]
        ),
        Block("Summary", 5, 0, [["写入合计", Formula("=SUM(Scores!G4:G13)", 856.25, "0.00")]]),
    ]


def expected_values() -> dict[tuple[str, str], object]:
    """{(sheet, A1): value as a reader should return it}."""
    out: dict[tuple[str, str], object] = {}
    for i in range(10):
        r = 3 + i
        out[("Scores", a1(r, 6))] = 80 + i * 1.25
        out[("Scores", a1(r, 7))] = 0.5 + i / 40
        out[("Scores", a1(r, 8))] = 10_000 + i * 1234.5
        out[("Scores", a1(r, 9))] = TEXTS[i]
        other = OTHERS[i]
        out[("Scores", a1(r, 10))] = float(other) if isinstance(other, Decimal) else other
    out[("Scores", "L4")] = 160.0
    out[("Scores", "G15")] = None
    out[("Results", "A2")] = "E001"
    out[("Results", "B2")] = 0.875
    out[("Results", "C2")] = 1.5
    out[("Results", "D2")] = "优"
    out[("Results", "E2")] = dt.date(2025, 3, 1)
    out[("Results", "F2")] = None
    out[("Summary", "A6")] = "写入合计"
    out[("Summary", "B6")] = 856.25
    return out


def _same(got: object, want: object) -> bool:
    if isinstance(want, dt.datetime):
        return got == want
    if isinstance(want, dt.date):
        return got in (want, dt.datetime(want.year, want.month, want.day))
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(got - want) < 1e-9
    return got == want


@pytest.fixture
def written(any_book: tuple[str, Path]) -> tuple[str, Path, dict[str, bytes], object]:
    kind, path = any_book
    before = parts(path)
    report = write_blocks(path, result_blocks())
    return kind, path, before, report


def test_same_parts_and_untouched_parts_byte_identical(written) -> None:
    kind, path, before, report = written
    after = parts(path)
    names = sheet_parts(before)
    expected_removed = {"xl/calcChain.xml"} if "xl/calcChain.xml" in before else set()
    assert set(after) == set(before) - expected_removed, "part names changed"
    assert list(after) == [n for n in before if n not in expected_removed], "part order changed"
    may_change = {
        names["Scores"],
        names["Summary"],
        names["Results"],
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
    }
    changed = {n for n in after if after[n] != before[n]}
    assert changed <= may_change, f"unexpected changes: {sorted(changed - may_change)}"
    assert {names["Scores"], names["Summary"], names["Results"], "xl/styles.xml"} <= changed
    assert names["Lists"] not in changed
    assert set(report.changed_parts) == changed
    if kind != "lo":  # the Excel-like fixtures: exactly these parts change
        assert changed == may_change
        assert report.removed_parts == ["xl/calcChain.xml"]
    assert b'fullCalcOnLoad="1"' in after["xl/workbook.xml"]
    assert not any(
        b"calcChain" in after[n] for n in after if n.endswith(".rels") or n.startswith("[")
    )


def test_changed_sheets_differ_only_in_intended_cells(written) -> None:
    kind, path, before, _ = written
    after = parts(path)
    names = sheet_parts(before)
    intended: dict[str, set[str]] = {"Scores": set(), "Summary": set(), "Results": set()}
    for b in result_blocks():
        for i, row in enumerate(b.values):
            for j, _ in enumerate(row):
                intended[b.sheet].add(a1(b.row + i, b.col + j))
    for sheet, refs in intended.items():
        old, new = before[names[sheet]], after[names[sheet]]
        head0, tail0, dim0 = outside_sheetdata(old)
        head1, tail1, dim1 = outside_sheetdata(new)
        assert head1 == head0, f"{sheet}: bytes before <sheetData> changed"
        assert tail1 == tail0, f"{sheet}: bytes after </sheetData> changed"
        c0, c1 = cells(old), cells(new)
        for ref in set(c0) | set(c1):
            if ref not in refs:
                assert c0.get(ref) == c1.get(ref), f"{sheet}!{ref} changed but was not written"
        for ref in refs:
            if ref in ("G15", "F2"):  # None / empty Styled: kept as a styled empty cell
                assert b"<v>" not in c1.get(ref, b"<v>"), f"{sheet}!{ref} still has a value"
            elif ref not in ("K10",):  # K10 is None on a cell that never existed
                assert ref in c1, f"{sheet}!{ref} was not written"
        assert "K10" not in c1 or sheet != "Scores" or "K10" in c0
        r0, r1 = rows(old), rows(new)
        for r, attrs in r0.items():
            assert r1[r] == attrs, f"{sheet} row {r}: attributes changed"
        if sheet == "Results" and dim0 is not None:
            assert dim1 in ("A1:F2", dim0), f"Results dimension {dim1}"


def test_number_formats_cloned_from_the_cells_style(written) -> None:
    kind, path, before, _ = written
    after = parts(path)
    names = sheet_parts(before)
    s_old, s_new = before["xl/styles.xml"], after["xl/styles.xml"]
    scores = after[names["Scores"]]
    g4 = cell_style(scores, "G4")
    assert num_format(s_new, g4) == "0.00"
    i4 = cell_style(scores, "I4")
    assert num_format(s_new, i4) == '"¥"#,##0.00'
    h4 = cell_style(scores, "H4")
    assert "%" in num_format(s_new, h4), "column H percent style not inherited"
    k4 = cell_style(scores, "K4")
    assert num_format(s_new, k4) in ("builtin-date", "yyyy-mm-dd", "YYYY-MM-DD"), num_format(
        s_new, k4
    )
    if kind != "lo":
        # G's template style (unlocked, yellow fill) is cloned with only the number format
        old_g = xf(s_old, 1)
        new_g = xf(s_new, g4)
        for key in ("fontId", "fillId", "borderId", "xfId", "children"):
            assert new_g.get(key) == old_g.get(key), key
        old_xfs = len(xf_list(s_old))
        assert xf_list(s_new)[:old_xfs] == xf_list(s_old), "existing cell formats were altered"


def xf_list(styles: bytes) -> list[dict[str, str]]:
    from io_pkgcheck import NS, xml

    return [dict(el.attrib) for el in xml(styles).find("m:cellXfs", NS)]


def test_package_integrity(written) -> None:
    _, path, _, _ = written
    assert_integrity(path)


def test_values_read_back_through_calamine_and_openpyxl(written) -> None:
    _, path, _, _ = written
    grids = read_grids(path)
    wb_pc = pc.CalamineWorkbook.from_path(str(path))
    wb_op = openpyxl.load_workbook(path)
    for (sheet, ref), want in expected_values().items():
        from xlkpi.io.cells import parse_a1

        r, c = parse_a1(ref)
        grid = grids[sheet]
        got = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
        assert _same(got, want), f"read_grids {sheet}!{ref}: {got!r} != {want!r}"
        raw = wb_pc.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        got_pc = raw[r][c] if r < len(raw) and c < len(raw[r]) else ""
        assert _same(got_pc if got_pc != "" else None, want), f"calamine {sheet}!{ref}: {got_pc!r}"
        got_op = wb_op[sheet][ref].value
        if isinstance(want, str) or want is None or not str(got_op).startswith("="):
            assert _same(got_op, want), f"openpyxl {sheet}!{ref}: {got_op!r} != {want!r}"
    assert wb_op["Scores"]["L4"].value == "=G4*2"  # the formula itself is there too
    assert wb_op["Scores"]["J8"].data_type == "s"  # '=SUM(1,2)' stays text
    assert wb_op["Scores"]["J8"].value == "=SUM(1,2)"


def test_second_run_adds_no_styles_and_keeps_cells(written) -> None:
    kind, path, _, _ = written
    first = parts(path)
    report = write_blocks(path, result_blocks())
    second = parts(path)
    assert second["xl/styles.xml"] == first["xl/styles.xml"], "a rerun added cell formats"
    names = sheet_parts(second)
    assert cells(second[names["Scores"]]) == cells(first[names["Scores"]])
    assert report.changed_parts == [] or set(report.changed_parts) <= set(names.values())
