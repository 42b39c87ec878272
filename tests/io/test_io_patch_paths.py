"""The sheet patcher's fast reading of a row is pinned to its general reading.

Rows whose cells all carry `r` attributes in the usual order, packed without whitespace
(what Excel and XlsxWriter write), are split by `RowPatcher.packed_cells`; every other row
by `RowPatcher.spelled_cells`; one merge serves both. The same workbook is written in four spellings of the
same cells (compact, indented, cells without `r`, strings inline or as rich text) and the
same generated writes go into each: the resulting cells must be the same in all four.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from xlkpi.io.cells import Block, Styled
from xlkpi.io.xlsx_writer import write_blocks

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SHEET = "xl/worksheets/sheet1.xml"
ROWS, COLS = 6, 6


def _base_book(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Scores")
    bold = wb.add_format({"bold": True})
    pct = wb.add_format({"num_format": "0.0%"})
    for r in range(ROWS):
        for c in range(COLS):
            if (r + c) % 3 == 0:
                ws.write_number(r, c, r * 10 + c + 0.5, pct if c % 2 else None)
            elif (r + c) % 3 == 1:
                ws.write_string(r, c, f"文本{r}{c}", bold if r % 2 else None)
            else:  # a styled empty cell (every row is dense, so `r` may be left out)
                ws.write_blank(r, c, None, bold if r % 2 else pct)
    wb.close()


def _rewrite_sheet(src: Path, dst: Path, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == SHEET:
                data = change(data, zin)
            zout.writestr(info, data)


def _indented(xml: bytes, _zin) -> bytes:
    return re.sub(rb"(<c |</row>)", rb"\n    \1", xml)


def _without_r(xml: bytes, _zin) -> bytes:
    return re.sub(rb'(<c) r="[A-Z]+[0-9]+"', rb"\1", xml)


def _inline(xml: bytes, zin) -> bytes:
    """Shared strings become inline strings, odd ones as two-run rich text."""
    sst = etree.fromstring(zin.read("xl/sharedStrings.xml"))
    texts = ["".join(si.itertext()) for si in sst.iter(f"{NS}si")]

    def one(m: re.Match[bytes]) -> bytes:
        attrs, index = m.group(1), int(m.group(2))
        text = texts[index]
        if index % 2:
            body = (
                f"<is><r><rPr><b/></rPr><t>{text[:1]}</t></r><r><t>{text[1:]}</t></r></is>"
            ).encode()
        else:
            body = f"<is><t>{text}</t></is>".encode()
        return b"<c" + attrs.replace(b' t="s"', b' t="inlineStr"') + b">" + body + b"</c>"

    return re.sub(rb'<c([^>]*t="s"[^>]*)><v>([0-9]+)</v></c>', one, xml)


SPELLINGS = {
    "indented": _indented,
    "no-r": _without_r,
    "inline": _inline,  # compact: the fast merge over inline strings and rich text
    "inline-indented": lambda xml, zin: _indented(_inline(xml, zin), zin),
}
GENERAL = {"indented", "no-r", "inline-indented"}  # the spellings that take the general loop


def _cells(path: Path) -> dict[tuple[int, int], tuple]:
    """Every cell as (style, type, value or text, formula), keyed by position."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(SHEET))
        sst_xml = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in z.namelist() else None
    shared = (
        ["".join(si.itertext()) for si in etree.fromstring(sst_xml).iter(f"{NS}si")]
        if sst_xml
        else []
    )
    out = {}
    for row in root.iter(f"{NS}row"):
        r = int(row.get("r")) - 1
        col = -1
        for c in row.iter(f"{NS}c"):
            ref = c.get("r")
            if ref:
                letters = re.match(r"[A-Z]+", ref).group(0)
                col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters))) - 1
            else:
                col += 1
            t = c.get("t", "n")
            v = c.find(f"{NS}v")
            value = v.text if v is not None else None
            if t == "s":
                t, value = "str", shared[int(value)]
            elif t == "inlineStr":
                t, value = "str", "".join(c.find(f"{NS}is").itertext())
            f = c.find(f"{NS}f")
            out[r, col] = (c.get("s", "0"), t, value, f.text if f is not None else None)
    return out


values = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.text(alphabet="ab 中文<&\n", max_size=6),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.builds(Styled, st.floats(min_value=-1e6, max_value=1e6), st.sampled_from(["0.00", "0%"])),
    st.builds(Styled, st.integers(-1000, 1000), st.sampled_from(["0", "0.0%"])),
)
writes = st.dictionaries(
    st.tuples(st.integers(0, ROWS + 1), st.integers(0, COLS + 1)), values, max_size=20
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes)
@example(  # one of each kind over existing cells, new cells and a whole new row
    {
        (1, 1): 1.23456789,
        (1, 2): Styled(0.875, "0%"),
        (1, 3): "新<&>",
        (2, 0): None,
        (2, 2): True,
        (3, 3): dt.date(2026, 12, 4),
        (3, 7): Styled(12, "0"),
        (7, 0): 2.5,
    }
)
def test_fast_merge_and_general_loop_write_the_same_cells(tmp_path_factory, cells):
    folder = tmp_path_factory.mktemp("paths")
    base = folder / "base.xlsx"
    _base_book(base)
    books = {"compact": base}
    for name, change in SPELLINGS.items():
        books[name] = folder / f"{name}.xlsx"
        _rewrite_sheet(base, books[name], change)
    blocks = [Block("Scores", r, c, [[v]]) for (r, c), v in sorted(cells.items())]
    results = {}
    for name, path in books.items():
        write_blocks(path, blocks, backup=False)
        results[name] = _cells(path)
    for name in SPELLINGS:
        assert results[name] == results["compact"], name


def test_the_spellings_really_take_the_general_loop(tmp_path, monkeypatch):
    """Guard for the test above: the GENERAL spellings never take the fast reading."""
    from xlkpi.io import row_patch

    calls: list[str] = []
    real = row_patch.RowPatcher.packed_cells

    def counting(self, *args, **kwargs):
        found = real(self, *args, **kwargs)
        if found is not None:
            calls.append(self.path)
        return found

    monkeypatch.setattr(row_patch.RowPatcher, "packed_cells", counting)
    base = tmp_path / "base.xlsx"
    _base_book(base)
    for name, change in SPELLINGS.items():
        path = tmp_path / f"{name}.xlsx"
        _rewrite_sheet(base, path, change)
        write_blocks(path, [Block("Scores", 1, 1, [[1.5, "x"]])], backup=False)
        assert bool(calls) == (name not in GENERAL), name
        calls.clear()


def test_a_written_value_reads_back(tmp_path):
    """The comparison helper itself sees a write (so equal results mean something)."""
    base = tmp_path / "base.xlsx"
    _base_book(base)
    before = _cells(base)
    write_blocks(base, [Block("Scores", 0, 1, [[Styled(0.25, "0%")]])], backup=False)
    after = _cells(base)
    assert before[0, 1] != after[0, 1] and after[0, 1][2] == "0.25"


_ROW_ATTR = st.sampled_from(
    [' spans="1:5"', ' s="3"', ' customFormat="1"', ' ht="20"', " x14ac:dyDescent='0.25'", ""]
)


@given(
    st.sampled_from([' r="7"', '  r="12" ', ' spans="1:3" r="9"', "", ' r = "4"']),
    st.lists(_ROW_ATTR, max_size=4),
)
def test_row_attributes_parsed_once_per_spelling_match_a_full_parse(first, others):
    from xlkpi.io.new_cells import row_shape
    from xlkpi.io.parts import attrs_of
    from xlkpi.io.sheet_patch import SheetPatcher

    patcher = SheetPatcher(b"<worksheet><sheetData/></worksheet>", "S", "book.xlsx")
    attrs = (first + "".join(others)).encode()
    assert patcher._row_shape(attrs) == row_shape(attrs_of(attrs))
    assert patcher._row_shape(attrs) == row_shape(attrs_of(attrs))  # again, from the cache


@given(
    st.sampled_from(
        [
            '<row r="3" spans="1:5">',
            "<row r='3' spans = '2:4' s=\"1\">",
            '<row\tspans="1:2" r="1"/>',
            '<x:row r="9" spans="3:3" ht="20">',
            '<row r="2">',
        ]
    ),
    st.integers(0, 8),
    st.integers(0, 8),
)
def test_widened_spans_match_the_general_rewrite(tag, lo, width):
    from xlkpi.io.parts import attrs_of
    from xlkpi.io.row_patch import _SPANS, RowPatcher, _wider_spans

    raw = tag.encode()
    spans = attrs_of(raw).get(b"spans")
    if spans is None:
        return
    patcher = RowPatcher(b"", b"", "S", "book.xlsx")
    new = _wider_spans(spans, lo + 1, lo + width + 1)
    want = raw if new is None else _SPANS.sub(lambda _: new, raw, count=1)
    assert patcher.widen_spans(raw, spans, lo + 1, lo + width + 1) == want


# ---- rows extended after their last cell, one tight loop (SheetPatcher._appended_rows) ----

#: How an existing row may be spelled: the tight loop takes the first kinds and leaves the
#: others (and the rows after them) to the general loop, which must give the same bytes.
_ROW_KINDS = {
    "usual": '<row r="{n}" spans="1:3" x14ac:dyDescent="0.25">{cells}</row>',
    "no-spans": '<row r="{n}">{cells}</row>',
    "wide-spans": '<row r="{n}" spans="1:9">{cells}</row>',
    "row-style": '<row r="{n}" spans="1:3" s="2" customFormat="1">{cells}</row>',
    "empty": '<row r="{n}" spans="1:3"/>',
    "s-first": '<row r="{n}" spans="1:3">{s_first}</row>',
    "cell-at-E": '<row r="{n}" spans="1:5">{cells}<c r="E{n}" s="1"><v>9</v></c></row>',
    "r-later": '<row spans="1:3" r="{n}">{cells}</row>',
    "missing": "",  # no such row: a write makes a new one
}


def _sheet_of(kinds: list[str]) -> bytes:
    rows = []
    for i, kind in enumerate(kinds):
        n = i + 1
        cells = f'<c r="A{n}" s="1"><v>{n}</v></c><c r="B{n}"><v>2.5</v></c><c r="C{n}" s="1"/>'
        s_first = f'<c r="A{n}"><v>1</v></c><c s="1" r="C{n}"><v>3</v></c>'
        rows.append(_ROW_KINDS[kind].format(n=n, cells=cells, s_first=s_first))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet'
        ' xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
        '<dimension ref="A1:C3"/><cols><col min="4" max="5" width="9" style="1"/></cols>'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    ).encode()


_row_values = st.one_of(
    st.just(None),  # the row gets no writes
    st.lists(st.one_of(st.none(), st.floats(-1e3, 1e3, width=32)), min_size=3, max_size=3),
    st.lists(st.sampled_from(["x", "中", None]), min_size=3, max_size=3),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(_ROW_KINDS)), _row_values), min_size=1, max_size=40
    ).map(lambda rows: rows + [("usual", [1.5, 2.5, 3.5])] * 12),  # a run long enough
)
@example(
    [("usual", [1.0, None, "x"])] * 30
    + [("s-first", [2.0, 3.0, 4.0]), ("missing", [1.0, 2.0, 3.0])]
    + [("usual", [5.0, 6.0, 7.0])] * 20
)
def test_the_tight_loop_over_extended_rows_writes_the_general_bytes(tmp_path_factory, rows):
    """Rows extended after their last cell (D:F written after A:C) are taken by one tight
    loop; every kind of row it leaves to the general loop, at any place in a run, gives
    the part byte for byte as the general loop alone does."""
    from xlkpi.io.sheet_patch import SheetPatcher

    folder = tmp_path_factory.mktemp("tight")
    base = folder / "base.xlsx"
    _base_book(base)
    book = folder / "book.xlsx"
    _rewrite_sheet(base, book, lambda xml, _zin: _sheet_of([k for k, _ in rows]))
    blocks = [Block("Scores", i, 3, [v]) for i, (_, v) in enumerate(rows) if v is not None]
    parts = {}
    for name in ("tight", "general"):
        path = folder / f"{name}.xlsx"
        path.write_bytes(book.read_bytes())
        with pytest.MonkeyPatch.context() as mp:
            if name == "general":
                mp.setattr(SheetPatcher, "_appended_rows", _take_none)
            write_blocks(path, blocks, backup=False)
        with zipfile.ZipFile(path) as z:
            parts[name] = z.read(SHEET)
    assert parts["tight"] == parts["general"]


def _take_none(self, pending, pi, writes, enc, res, bounds, out, send, pos, search_from, prev):
    """SheetPatcher._appended_rows taking no row: everything goes through the general loop."""
    return pi, pos, search_from, prev


def test_the_tight_loop_takes_the_usual_rows(tmp_path, monkeypatch):
    """Guard for the test above: a run of usual rows does go through the tight loop."""
    from xlkpi.io.sheet_patch import SheetPatcher

    taken: list[int] = []
    real = SheetPatcher._appended_rows

    def counting(self, pending, pi, *args):
        got = real(self, pending, pi, *args)
        taken.append(got[0] - pi)
        return got

    monkeypatch.setattr(SheetPatcher, "_appended_rows", counting)
    base = tmp_path / "base.xlsx"
    _base_book(base)
    _rewrite_sheet(base, tmp_path / "book.xlsx", lambda xml, _zin: _sheet_of(["usual"] * 30))
    write_blocks(tmp_path / "book.xlsx", [Block("Scores", 0, 3, [[1.5, None, "x"]] * 30)])
    assert taken == [29]  # the first row goes the general way, the others the tight one
