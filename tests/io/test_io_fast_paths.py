"""The writer's and the reader's fast paths, pinned to what they stand for: the cell
encoder's inline values to its general encoder, the reader's quick look at how a sheet
spells its cell addresses to the exact scan, and the joined rows of `row_writes` to
writing every block in turn.

`CellEncoder.cells` writes numbers, formatted numbers and plain text itself and hands
everything else to `encode`, which encodes any value on its own: both must give the same
XML (or the same refusal) for every value and style. `sparse.sheet_extent` takes the quick
scans only when `_odd_r_spelling` finds no r attribute spelled otherwise than ` r="`, and
spares them (and that look) when `_plain_and_narrow` says none of them would find anything.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from xlkpi.io import sparse
from xlkpi.io.cells import Block, Formula, Styled, a1
from xlkpi.io.cellxml import (
    _BAD_CHARS,
    _NEEDS_ESCAPE,
    CellEncoder,
    escape_text,
    is_plain_text,
    needs_space,
)
from xlkpi.io.errors import RefusedWrite
from xlkpi.io.sheet_writes import row_writes, value_bounds
from xlkpi.io.styles import Styles

plain = st.one_of(
    st.floats(),  # NaN and infinities too: refused the same way
    st.integers(min_value=-(10**20), max_value=10**20),
    st.text(max_size=12),
    st.text(alphabet="ab&<>\r\n_x0F", max_size=12),  # what needs escaping, and "_x000F_"
    st.text(alphabet="ab \t\n\u3000\xa0", max_size=8),  # what needs xml:space="preserve"
    st.booleans(),
    st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
)
values = st.one_of(
    plain,
    st.builds(Styled, plain, st.sampled_from(["0.00", "0%", "yyyy-mm-dd"])),
    st.builds(Formula, st.just("=1+1"), st.one_of(st.none(), st.floats(-1e3, 1e3))),
)


def _outcome(fn, *args):
    try:
        return fn(*args)
    except RefusedWrite as exc:
        return ("refused", exc.reason)


@given(values, st.sampled_from([None, 0, 1]), st.sampled_from(["", "x:"]))
@example("x" * 32_768, None, "")  # longer than a cell holds: refused on both paths
@example(Styled(float("nan"), "0.00"), 1, "")
@example(10**30, None, "")
@example("", 0, "")
def test_cells_match_the_general_encoder(value, style, prefix):
    enc = CellEncoder(Styles(None, "book.xlsx"), False, prefix.encode())
    ref = CellEncoder(Styles(None, "book.xlsx"), False, prefix.encode())
    assert _outcome(_one_cell, enc, value, style) == _outcome(ref.encode, "B7", value, style, "S")


def _one_cell(enc: CellEncoder, value, style) -> str | None:
    out: list[str] = []
    first, last = enc.cells([1], [value], "7", {1: style}, "S", out)
    assert (first, last) == ((1, 1) if out else (-1, -1))
    return "".join(out) or None


writable = st.one_of(  # nothing refused
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(),
    st.text(alphabet="ab&<_x0F\n\r\x01", max_size=8),  # (a run's text is looked at at once)
    st.text(alphabet="ab \t\n\u3000", max_size=6),  # white space, within and across values
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1901, 1, 1)),
    st.builds(Styled, st.integers(-5, 5), st.just("0.00")),
)


@given(st.lists(st.tuples(writable, st.sampled_from([None, 2])), max_size=8))
@example([("a_", None), ("x0041_", None)])  # "_x" only across two values: nothing to escape
@example([("ab", None), (1, 2), ("_x0041_", None)])
@example([("ab", None), ("a\rb", 2)])
@example([("a ", None), (" b", None)])  # a run of spaces only across two values
@example([("a", None), ("", None), ("b\n", None)])  # a line break only in the count
def test_a_run_of_cells_is_its_cells_one_by_one(run):
    values = [v for v, _ in run]
    enc = CellEncoder(Styles(None, "book.xlsx"), False)
    cols = range(3, 3 + len(values))
    styles = {c: s for c, (_, s) in zip(cols, run, strict=True)}
    for fresh in (False, True):  # a new cell left empty is no cell, even with a style
        out: list[str] = []
        first, last = enc.cells(cols, values, "9", styles, "S", out, fresh)
        one_by_one = [
            None if v is None and fresh else enc.encode(f"{chr(65 + c)}9", v, styles[c], "S")
            for c, v in zip(cols, values, strict=True)
        ]
        assert out == [x for x in one_by_one if x is not None]
        written = [c for c, x in zip(cols, one_by_one, strict=True) if x is not None]
        assert (first, last) == ((written[0], written[-1]) if written else (-1, -1))


@pytest.mark.parametrize(
    ("text", "preserved"),
    [
        ("张伟", False),
        ("a b", False),
        ("", False),
        (" lead", True),
        ("trail ", True),
        ("in  side", True),
        ("tab\tin", True),
        ("line\nbreak", True),
        ("cr\rin", True),
        ("\u3000全角", True),  # an ideographic space at an end: kept too
    ],
)
def test_xml_space_only_where_white_space_could_be_lost(text, preserved):
    enc = CellEncoder(Styles(None, "book.xlsx"), False)
    xml = _one_cell(enc, text, None)
    assert ('xml:space="preserve"' in xml) is preserved
    assert xml == enc.encode("B7", text, None, "S")


def test_a_cleared_cell_keeps_its_style():
    enc = CellEncoder(Styles(None, "book.xlsx"), False)
    assert _one_cell(enc, None, None) is None
    assert _one_cell(enc, None, 3) == '<c r="B7" s="3"/>'


def test_inline_text_is_escaped_like_the_general_path():
    enc = CellEncoder(Styles(None, "book.xlsx"), False)
    assert "&lt;b&gt; &amp; _x005F_x0001_" in _one_cell(enc, "<b> & _x0001_", None)
    assert _one_cell(enc, Decimal("1.50"), None) == '<c r="B7"><v>1.50</v></c>'
    assert _one_cell(enc, dt.date(2026, 1, 2), None).startswith('<c r="B7" s="')


_CELLS = b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'


@pytest.mark.parametrize(
    ("xml", "odd"),
    [
        (b"<worksheet>" + _CELLS + b"</worksheet>", False),
        # header= / footer= / operator= around the cells are other attributes
        (
            b'<worksheet><dataValidation operator="between" error="x"/>'
            + _CELLS
            + b'<pageMargins header="0.3" footer="0.3"/></worksheet>',
            False,
        ),
        (b'<worksheet><sheetData><row r="1"><c r = "A1"/></row></sheetData></worksheet>', True),
        (b"<worksheet><sheetData><row r='1'><c r='A1'/></row></sheetData></worksheet>", True),
        (b'<worksheet><sheetData><row r="1"><c s="1"r="A1"/></row></sheetData></worksheet>', True),
        (b'<worksheet><sheetData><row r="1"><c\tr="A1"/></row></sheetData></worksheet>', True),
        (b'<worksheet><pageSetup\nr="1"/>' + _CELLS + b"</worksheet>", True),
        (b'<row r="1"><c r="A1"/><c\nr="B1"/></row>', True),  # no sheetData at all
        (b'<row r="1"><c r="A1"/></row><pageMargins header="1"/>', False),
    ],
)
def test_odd_spellings_of_r_take_the_exact_scan(xml, odd):
    assert sparse._odd_r_spelling(xml) is odd


@given(st.lists(st.sampled_from([b' r="', b"r=", b" ", b"r", b"=", b'"', b"'", b"A1", b"<c"])))
def test_other_r_finds_an_r_that_is_not_a_plain_r_attribute(pieces):
    """`_OTHER_R` is the search for what counting tells: more "r=" than ` r="`."""
    xml = b"".join(pieces)
    assert bool(sparse._OTHER_R.search(xml)) == (xml.count(b"r=") != xml.count(b' r="'))


_PIECES = [b' r="', b"r=", b" ", b"\t", b"r", b"=", b'"', b"'", b"A1", b"AB", b"A"]
_PIECES += [b"1234567", b"sheetData", b"<c", b' header="1"', b'<row r="2">']


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
@example([b"sheetData", b'<row r="2">', b"<c", b' r="', b"A1", b'"', b"sheetData"])
@example([b"sheetData", b' header="1"', b"sheetData", b' r="', b"A", b"1234567"])
@example([b' r="', b"sheetData", b"AB", b"sheetData"])
@example([b"<c", b" ", b"r", b"\t", b"=", b"sheetData", b"sheetData"])
def test_plain_and_narrow_holds_only_when_none_of_the_scans_finds_anything(pieces):
    """`_plain_and_narrow` stands for the three scans it spares: True only when every r
    is plainly spelled and no address is wide or possibly far."""
    xml = b"".join(pieces)
    if sparse._plain_and_narrow(xml):
        assert not sparse._odd_r_spelling(xml)
        assert not sparse._TWO_LETTERS.search(xml)
        assert not sparse._MAYBE_FAR.search(xml)


def test_plain_and_narrow_takes_the_usual_sheet():
    xml = b"<worksheet>" + _CELLS + b'<pageMargins header="0.3" footer="0.3"/></worksheet>'
    assert sparse._plain_and_narrow(xml)
    assert sparse.sheet_extent(xml, "S", "book.xlsx") == sparse.Extent(0, 1, 26)
    for other in (b'r="AB1"', b'r="A1234567"', b'r = "A1"', b"r='A1'"):
        assert not sparse._plain_and_narrow(xml.replace(b'r="A1"', other))


def test_a_far_cell_spelled_oddly_is_still_refused():
    xml = (
        b'<worksheet><sheetData><row r="1"><c r="A1"/><c r ="XFE1"/></row></sheetData>'
        b'<pageMargins header="0.3" footer="0.3"/></worksheet>'
    )
    with pytest.raises(Exception, match="XFE1"):
        sparse.sheet_extent(xml, "S", "book.xlsx")


@given(
    st.lists(
        st.tuples(st.integers(1, 400_000), st.lists(st.integers(0, 1000), min_size=1, max_size=3)),
        max_size=6,
    )
)
@example([(200_000, [0]), (5, [26])])  # two letters, tall: the bound is too big, exact scan
@example([(100_000, [1]), (7, [0])])  # one letter: column Z bounds it
@example([(160_000, [25])])  # Z on a tall sheet: sparse (4.16 million slots), so not below Z
def test_sheet_extent_bounds_the_columns_as_the_exact_scan_decides(rows):
    """Without a 3-letter address, columns are bounded by Z or ZZ rather than found row
    by row; the bound must decide dense or sparse as the exact last column does."""
    xml = (
        b"<worksheet><sheetData>"
        + b"".join(
            b'<row r="%d">' % r
            + b"".join(b'<c r="%s%d"><v>1</v></c>' % (a1(0, c)[:-1].encode(), r) for c in cols)
            + b"</row>"
            for r, cols in rows
        )
        + b"</sheetData></worksheet>"
    )
    got = sparse.sheet_extent(xml, "S", "book.xlsx")
    starts = [m.start() for m in sparse._ROW_NUMBERS.finditer(xml)]
    exact = sparse.Extent(
        sum(len(cols) for _, cols in rows), got.rows, sparse._last_column(xml, starts)
    )
    assert got.rows == max((r for r, _ in rows), default=0)
    assert got.cols >= exact.cols and got.is_sparse == exact.is_sparse


blocks = st.lists(
    st.builds(
        lambda row, col, values: Block("S", row, col, values),
        st.integers(0, 4),
        st.integers(0, 6),
        st.lists(st.lists(st.integers(0, 9), max_size=3), max_size=3),
    ),
    max_size=6,
)


@given(blocks)
@example(  # blocks side by side over the same rows (joined at once), then one over them
    [
        Block("S", 0, 0, [[1, 2], [3, 4], [5, 6]]),
        Block("S", 0, 2, [[7], [8], [9]]),
        Block("S", 1, 4, [[1], [2]]),
        Block("S", 0, 1, [[0], [0], [0]]),
    ]
)
@example(  # three blocks side by side, joined in one go (rows as lists and as tuples)
    [
        Block("S", 0, 0, [[1, 2], [3, 4]]),
        Block("S", 0, 3, [(5,), (6,)]),
        Block("S", 0, 5, [[7], [8]]),
        Block("S", 0, 4, [[9], [9]]),  # left of the last: not joined with them
    ]
)
@example(  # the rows written before take two sets of columns
    [Block("S", 0, 0, [[1], [2]]), Block("S", 2, 0, [[3, 4]] * 2), Block("S", 0, 5, [[5]] * 4)]
)
@example(  # one row of the block is not written yet
    [Block("S", 0, 0, [[1], [2]]), Block("S", 2, 0, [[3, 4]]), Block("S", 0, 5, [[5]] * 4)]
)
def test_row_writes_is_every_block_in_order_later_winning(bs):
    expected: dict[int, dict[int, object]] = {}
    for b in bs:
        for i, values in enumerate(b.values):
            for j, v in enumerate(values):
                expected.setdefault(b.row + i, {})[b.col + j] = v
    got = {r: dict(zip(cols, vals, strict=True)) for r, (cols, vals) in row_writes(bs).items()}
    assert got == expected
    assert all(list(cols) == sorted(set(cols)) for cols, _ in row_writes(bs).values())


@given(
    st.dictionaries(
        st.integers(0, 50),
        st.lists(st.one_of(st.none(), st.integers(0, 3)), max_size=4).map(
            lambda vals: (
                range(len(vals)) if len(vals) % 2 else list(range(2, 2 + len(vals))),
                vals,
            )
        ),
        max_size=6,
    )
)
def test_value_bounds_is_the_area_of_every_value(writes):
    cells = [
        (r, c)
        for r, (cols, vals) in writes.items()
        for c, v in zip(cols, vals, strict=True)
        if v is not None
    ]
    expected = (
        [
            min(r for r, _ in cells),
            min(c for _, c in cells),
            max(r for r, _ in cells),
            max(c for _, c in cells),
        ]
        if cells
        else [None, None, None, None]
    )
    assert value_bounds(writes) == expected


_texts = st.text(alphabet="ab _x0F&<>\t\n\r\x01\x1f\x7f\x85\xa0\u2028\u3000\ufffe", max_size=8)


@given(_texts)
@example("_x0041_")
@example("\u3000a")
@example("a\x85")
def test_the_quick_looks_at_a_text_match_the_patterns(text):
    assert is_plain_text(text) == (not (_NEEDS_ESCAPE.search(text) or needs_space(text)))
    by_pattern = _BAD_CHARS.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
        by_pattern = by_pattern.replace(old, new)
    assert escape_text(text) == by_pattern
