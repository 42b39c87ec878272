"""The cell encoder's inline paths are pinned to its general one, and the reader's quick
look at how a sheet spells its cell addresses to the exact scan.

`CellEncoder.encode` writes numbers, formatted numbers and plain text itself and hands
everything else to `_other`, which encodes any value on its own: both must give the same
XML (or the same refusal) for every value and style. `sparse.sheet_extent` takes the quick
scans only when `_odd_r_spelling` finds no r attribute spelled otherwise than ` r="`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from xlkpi.io import sparse
from xlkpi.io.cells import Formula, Styled
from xlkpi.io.cellxml import CellEncoder
from xlkpi.io.errors import RefusedWrite
from xlkpi.io.styles import Styles

plain = st.one_of(
    st.floats(),  # NaN and infinities too: refused the same way
    st.integers(min_value=-(10**20), max_value=10**20),
    st.text(max_size=12),
    st.text(alphabet="ab&<>\r\n_x0F", max_size=12),  # what needs escaping, and "_x000F_"
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
def test_encode_matches_the_general_encoder(value, style, prefix):
    enc = CellEncoder(Styles(None, "book.xlsx"), False, prefix.encode())
    ref = CellEncoder(Styles(None, "book.xlsx"), False, prefix.encode())
    assert _outcome(enc.encode, "B7", value, style, "Sheet") == _outcome(
        ref._other, "B7", value, style, "Sheet"
    )


def test_encode_keeps_a_cleared_styled_cell():
    enc = CellEncoder(Styles(None, "book.xlsx"), False)
    assert enc.encode("A1", None, None, "S") is None
    assert enc.encode("A1", None, 3, "S") == '<c r="A1" s="3"/>'
    assert enc._other("A1", None, 3, "S") == '<c r="A1" s="3"/>'


def test_inline_text_is_escaped_like_the_general_path():
    enc = CellEncoder(Styles(None, "book.xlsx"), False)
    assert "&lt;b&gt; &amp; _x005F_x0001_" in enc.encode("A1", "<b> & _x0001_", None, "S")
    assert enc.encode("A1", Decimal("1.50"), None, "S") == '<c r="A1"><v>1.50</v></c>'
    assert enc.encode("A1", dt.date(2026, 1, 2), None, "S").startswith('<c r="A1" s="')


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


def test_a_far_cell_spelled_oddly_is_still_refused():
    xml = (
        b'<worksheet><sheetData><row r="1"><c r="A1"/><c r ="XFE1"/></row></sheetData>'
        b'<pageMargins header="0.3" footer="0.3"/></worksheet>'
    )
    with pytest.raises(Exception, match="XFE1"):
        sparse.sheet_extent(xml, "S", "book.xlsx")
