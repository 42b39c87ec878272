"""Encoding many rows' new cells column by column (io.column_cells) gives what encoding
them row by row (`CellEncoder.cells`) gives: the same cells, the same first and last
column per row, the same new cell formats in the same order, and every value it cannot
take left to `cells` (so refusals come from there, in row order)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xlkpi.io import new_cells
from xlkpi.io.cells import Styled
from xlkpi.io.cellxml import _NEEDS_ESCAPE, CellEncoder, is_plain_text, plain_texts
from xlkpi.io.column_cells import encode_window
from xlkpi.io.errors import RefusedWrite
from xlkpi.io.new_cells import _Fixed
from xlkpi.io.sheet_patch import SheetPatcher
from xlkpi.io.styles import Styles

_texts = st.one_of(
    st.text(alphabet="ab张", max_size=4),
    st.text(alphabet="a &<_x0F \t\n\r\x01\u3000", max_size=5),  # escapes, xml:space
)
_numbers = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers())
#: what one column holds: one kind of value (most columns), None here and there
_kinds = st.sampled_from(["styled", "styled2", "text", "number", "none", "any"])
_odd = st.one_of(  # what the column path leaves to `cells`
    st.floats(),
    st.booleans(),
    st.dates(),
    st.builds(Styled, st.floats(), st.just("0.00")),
    st.builds(Styled, st.dates(), st.just("yyyy-mm-dd")),
    st.just("a" * 32_768),  # longer than a cell holds
)


def _column(kind: str) -> st.SearchStrategy:
    value = {
        "styled": st.builds(Styled, _numbers, st.just("0.00")),
        "styled2": st.builds(Styled, _numbers, st.sampled_from(["0%", "0.000"])),
        "text": _texts,
        "number": _numbers,
        "none": st.none(),
        "any": _odd,
    }[kind]
    return st.one_of(value, value, value, st.none())


@st.composite
def _windows(draw) -> list[list[object]]:
    kinds = draw(st.lists(_kinds, min_size=1, max_size=5))
    n = draw(st.integers(1, 12))
    columns = [draw(st.lists(_column(k), min_size=n, max_size=n)) for k in kinds]
    return [list(row) for row in zip(*columns, strict=True)]


def _row_by_row(enc: CellEncoder, cols, rows, styles) -> list[tuple[str, int, int] | str]:
    """What `cells` gives for each row, or the refusal's reason (and nothing after it)."""
    got: list[tuple[str, int, int] | str] = []
    for i, values in enumerate(rows):
        out: list[str] = []
        try:
            lo, hi = enc.cells(cols, values, str(i + 5), styles, "S", out, True)
        except RefusedWrite as exc:
            got.append(exc.reason)
            break
        got.append(("".join(out), lo, hi))
    return got


@settings(max_examples=300)
@given(_windows(), st.booleans())
@example([[Styled(1.5, "0.00"), None], [None, "a"]], False)
@example([[None, Styled(1.5, "0.00")], [Styled(2, "0.00"), None]], True)
@example([[Styled(1e308, "0.00")], [Styled(1e308, "0.00")]], True)  # a sum overflows
@example([[float("nan")], [1.0]], True)
@example([[""], [None], [""]], True)  # no text but ""
@example([[0], [None], [0.0]], False)
@example([[" a"], ["b  c"], ["x_x0041_"]], True)
@example([["a"], ["b "]], True)  # white space at an end only
@example([["a" * 20_000], ["b" * 20_000]], True)  # too long together, each one fits
@example([["a" * 32_767], [None], ["b" * 32_768]], True)  # one too long, beside gaps
def test_a_window_is_its_rows_one_by_one(rows, formats_known):
    cols = range(2, 2 + len(rows[0]))
    styles = _Fixed(None)
    expected = _row_by_row(CellEncoder(Styles(None, "b.xlsx"), False), cols, rows, styles)
    enc = CellEncoder(Styles(None, "b.xlsx"), False)
    if formats_known:  # the cell formats were made by the rows before
        _row_by_row(enc, cols, rows, styles)
    before = enc.styles.to_bytes()
    rownums = [str(i + 5) for i in range(len(rows))]
    window = encode_window(enc, cols, rows, rownums, styles, "S")
    assert enc.styles.to_bytes() == before  # a window never makes a cell format
    taken = list(zip(window.cells, window.first, window.last, strict=True))
    assert taken == expected[: len(taken)]
    if window.refused:
        assert not taken
    elif formats_known and all(isinstance(x, tuple) for x in expected):
        assert len(taken) == len(rows)


_any_text = st.text(alphabet="ab|_x &<\t\n\r\x01\u3000\xa0\ufffe", max_size=5)


@given(st.lists(_any_text, min_size=1, max_size=6))
@example(["a_", "x"])  # "_x" only across two values
@example(["b_x0041_"])
@example(["a ", " b"])  # a run of spaces only across two values
@example(["a", "", "b"])
@example(["a| b"])  # "|" beside a space: looked at exactly
def test_texts_are_plain_together_when_each_is_plain(texts):
    def inside_plain(t: str) -> bool:  # what `cells` looks at for the whole run
        return not (_NEEDS_ESCAPE.search(t) or any(w in t for w in ("\t", "\n", "  ")))

    plain, plain_ends = plain_texts(texts), plain_texts(texts, ends=True)
    assert plain <= all(map(inside_plain, texts))  # never plain when one is not
    assert plain_ends <= all(map(is_plain_text, texts))
    if not any("|" in t for t in texts):  # ("|" next to a space only costs time)
        assert plain == all(map(inside_plain, texts))
        assert plain_ends == all(map(is_plain_text, texts))


def test_a_window_stops_before_the_row_that_needs_a_new_cell_format():
    enc = CellEncoder(Styles(None, "b.xlsx"), False)
    rows = [["a", None], ["b", None], ["c", Styled(2.5, "0.00")], ["d", Styled(3, "0.00")]]
    window = encode_window(enc, range(2), rows, ["1", "2", "3", "4"], _Fixed(None), "S")
    assert not window.refused
    assert window.cells == ['<c r="A1" t="inlineStr"><is><t>a</t></is></c>'] + [
        '<c r="A2" t="inlineStr"><is><t>b</t></is></c>'
    ]
    assert (window.first, window.last) == ([0, 0], [0, 0])


# ---- whole sheets: the column path on and off give the same part ------------------------

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(rows: int) -> bytes:
    body = "".join(
        f'<row r="{r}" spans="1:2"'
        + (' s="1" customFormat="1"' if r == 7 else "")
        + f'><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>p{r}</t></is></c></row>'
        for r in range(1, rows + 1)
    )
    return (
        f'<worksheet xmlns="{_NS}"><dimension ref="A1:B{rows}"/>'
        f'<cols><col min="4" max="4" style="1" customWidth="1" width="9"/></cols>'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()


def _counted(monkeypatch) -> list[int]:
    """Counts the cells the column path encodes (in a window at a time): a one-item list,
    read after the patch."""
    taken = [0]

    def counting(*args):
        window = encode_window(*args)
        taken[0] += len(window.cells)
        return window

    monkeypatch.setattr(new_cells, "encode_window", counting)
    return taken


def _patched(writes, monkeypatch, columnar: bool):
    """The patched sheet (None when unchanged), the styles added, the cells written and
    the cells refused, with the column path on or off."""
    monkeypatch.setattr(new_cells, "_MIN_WINDOW", 8 if columnar else 1 << 30)
    styles = Styles(None, "b.xlsx")
    xml = _sheet(40)
    res = SheetPatcher(xml, "S", "b.xlsx").patch(writes, CellEncoder(styles, False), original=xml)
    part = res.part.inflate() if res.part is not None else None
    return part, styles.to_bytes(), res.cells, [r.cell for r in res.refusals]


def _result(rows: list[list[object]], first_row: int, monkeypatch, columnar: bool):
    """`_patched` of `rows` written from `first_row` on (or what was refused), and how
    many rows the column path took."""
    taken = _counted(monkeypatch)
    writes = {first_row + i: (range(2, 2 + len(v)), v) for i, v in enumerate(rows) if v}
    try:
        return _patched(writes, monkeypatch, columnar), taken[0]
    except RefusedWrite as exc:
        return ("refused", exc.reason, exc.cell), taken[0]


def _mixed(n: int) -> list[list[object]]:
    return [
        [
            Styled(i * 1.25, "0.00") if i % 5 else None,
            f"name {i}" if i % 7 else None,
            Styled(i, "0.0%") if i > n // 2 else None,  # a new format halfway
            f"t{i}" if i % 3 else f"{i} & y",  # some text escaped
            " spaced" if i == 11 else None,  # the last column: empty in most rows
        ]
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("first_row", "rows", "columnar"),
    [
        (0, _mixed(300), True),  # existing rows extended, then new rows
        (45, _mixed(600), True),  # new rows only
        (0, [[None] * 3] * 20 + [[1, None, "a"]] * 30, True),  # rows left empty
        # rows left empty in a window cut short by a new cell format
        (45, [[None, None]] * 5 + [[1, None]] * 5 + [[2, Styled(3, "0.000")]] * 20, True),
        (3, [[Styled(1.5, "0.00"), dt.date(2026, 1, 2)]] * 50, False),  # dates: row by row
        # refused: the window holding the NaN goes row by row, which refuses it
        (0, [[Styled(1.5, "0.00")]] * 20 + [[Styled(math.nan, "0.00")]] + [[2]] * 20, False),
        (0, [[1, "a"]] * 300 + [[1, "b" * 40_000]] + [["x", 2.5]] * 30, True),  # refused
    ],
)
def test_the_column_path_writes_what_the_row_path_writes(first_row, rows, columnar, monkeypatch):
    got, taken = _result(rows, first_row, monkeypatch, columnar=True)
    assert got == _result(rows, first_row, monkeypatch, columnar=False)[0]
    assert (taken > 0) is columnar


def test_rows_encoded_ahead_are_dropped_when_a_row_is_merged_or_changes_columns(monkeypatch):
    """Among existing rows extended after their last cell (encoded ahead, a window at a
    time), some rows are merged instead (a write into column B) and some take other
    columns: what was encoded ahead for them goes unused, and the bytes stay the same."""

    def writes() -> dict[int, tuple[range, list[object]]]:
        out: dict[int, tuple[range, list[object]]] = {}
        for r in range(60):  # 40 existing rows, then new ones
            values: list[object] = [Styled(r * 0.5, "0.00"), f"n{r}"]
            if r in (12, 13, 25):  # into column B: the row is merged, not extended
                out[r] = (range(1, 4), ["b", *values])
            elif r == 33:  # one column more: a window ends here
                out[r] = (range(2, 5), [*values, r])
            else:
                out[r] = (range(2, 4), values)
        return out

    taken = _counted(monkeypatch)
    got = _patched(writes(), monkeypatch, columnar=True)
    assert got[0] is not None
    assert got == _patched(writes(), monkeypatch, columnar=False)
    assert taken[0] > 0
