"""Reading sheets whose few cells span a huge rectangle, in memory bounded by the cells.

calamine holds a sheet as one dense rectangle from its first to its last cell, so a single
value at CV1048576 in a small workbook costs gigabytes, and one at XFD1048576 overflows it.
`sheet_extent` measures a worksheet part cheaply (a few byte scans, no parsing) and refuses
addresses beyond Excel's last cell, XFD1048576. When the rectangle is far bigger than the
cells present (`is_sparse`), `read_sparse_grid` reads the part itself with expat instead:
only rows that hold cells get a list (as long as their last cell); every empty row is the
same empty tuple.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from xlkpi.io.cells import a1, col_index, parse_a1
from xlkpi.io.errors import CorruptWorkbook, UnsafeWorkbook

#: Excel's grid: XFD1048576 is the last cell.
MAX_ROWS = 1_048_576
MAX_COLS = 16_384
#: A sheet is read densely (calamine) while its rectangle stays within this many times the
#: cells present (or DENSE_FLOOR cells); beyond that it is read sparsely.
DENSE_FACTOR = 16
DENSE_FLOOR = 4_000_000
#: Most value slots a sparse sheet may need (the sum of its rows' lengths): ~200 MB.
MAX_SPARSE_SLOTS = 25_000_000

# Scans start with a literal, which the regex engine finds fast; Excel writes r first.
_ROW_NUMBERS = re.compile(rb'<row r="([0-9]+)"')
_ROW_NUMBERS_ANY = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr\s*=\s*[\"']([0-9]+)")
# a cell at column AAA (703) or beyond, or at row 1,000,000 or beyond: one scan for both
_FAR = re.compile(rb' r="([A-Za-z]{3,}|[A-Za-z]{1,2}(?=[0-9]{7}))([0-9]*)"')
# what `_FAR` may match (a superset: every match of `_FAR` starts with a match of this)
_MAYBE_FAR = re.compile(rb' r="(?:[A-Za-z]{3}|[A-Za-z]{1,2}[0-9]{7})')
# an address of two letters or more (column AA or beyond)
_TWO_LETTERS = re.compile(rb' r="[A-Za-z]{2}')
# any spelling of an r attribute (spaces around "=", single quotes, no space before it):
# what a lenient XML reader still takes as a cell's address
_REF_ANY = re.compile(rb"""(?<![\w:.-])r\s*=\s*["']([A-Za-z]{0,4})([0-9]*)""")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
# "r=" ending another attribute's name (header=, footer=, operator=, error= around the cells)
_NAMED_R = re.compile(rb"[\w:.-]r=")
# an "r=" that is not part of ` r="` (it has no space before it, or no " after it): one
# search for the literal "r=", faster than counting "r=" and ` r="` and comparing
_OTHER_R = re.compile(rb'r=(?:(?<! r=)|(?!"))')
# an r attribute with white space before its "="
_R_SPACED = re.compile(rb"r\s+=")
_LETTERS_AT = re.compile(rb"[A-Za-z]{1,4}(?=[0-9])")
# What makes a sheet other than plain and narrow, searched for once in its cell data: an
# r attribute with white space before its "=" (`_R_SPACED`), an "r=" that is not a plain
# ` r="` (`_OTHER_R`), or an address of two letters or more, or of one letter and a row of
# 7 digits (what `_TWO_LETTERS` and `_MAYBE_FAR` find)
_NOT_PLAIN_NARROW = re.compile(rb'r(?:\s+=|=(?:(?<! r=)|(?!")|"[A-Za-z](?:[A-Za-z]|[0-9]{7})))')
# those addresses anywhere (for the parts around the cell data)
_WIDE_OR_FAR = re.compile(rb' r="[A-Za-z](?:[A-Za-z]|[0-9]{7})')
_EMPTY_ROW: tuple[()] = ()
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


@dataclass(frozen=True)
class Extent:
    """How many cells a worksheet part holds and how far they reach (rows and columns are
    counts: the 1-based number of the last row and column, a bound when not exact)."""

    cells: int
    rows: int
    cols: int

    @property
    def is_sparse(self) -> bool:
        """True when a dense rectangle would be far bigger than the cells present (`cells`
        is only counted, and only matters, beyond DENSE_FLOOR)."""
        return self.rows * self.cols > max(DENSE_FLOOR, DENSE_FACTOR * self.cells)


def _beyond(sheet: str, path: str, ref: str) -> UnsafeWorkbook:
    if ref.isdigit():
        return UnsafeWorkbook(
            f"row {ref[:12]} lies beyond Excel's last row 1048576; the workbook was not made "
            "by Excel or is damaged",
            f"第 {ref[:12]} 行超出了 Excel 的最后一行 1048576；该工作簿并非由 Excel 保存，或已损坏",
            sheet=sheet,
            path=path,
        )
    return UnsafeWorkbook(
        f"cell {ref} lies beyond Excel's last cell XFD1048576; the workbook was not made by "
        "Excel or is damaged",
        f"单元格 {ref} 超出了 Excel 的最后一个单元格 XFD1048576；该工作簿并非由 Excel 保存，或已损坏",
        sheet=sheet,
        cell=ref[:20],
        path=path,
    )


def sheet_extent(xml: bytes, sheet: str, path: str) -> Extent:
    """Measure a worksheet part; refuse cells and rows beyond XFD1048576.

    Raises:
        UnsafeWorkbook naming the sheet and the first address beyond Excel's limits.
    """
    plain_narrow = _plain_and_narrow(xml)  # (most sheets: then neither test below can hold)
    if not plain_narrow and _odd_r_spelling(xml):
        # an r attribute spelled otherwise: the fast scans below would miss it, while
        # calamine may still read it (a far address there aborts the process)
        return _extent_any_spelling(xml, sheet, path)
    numbers = _ROW_NUMBERS if _ROW_NUMBERS.search(xml) else _ROW_NUMBERS_ANY
    found = numbers.findall(xml)  # (one list of numbers: a loop per row cost as much again)
    numbered = list(map(int, found))
    rows = max(numbered, default=0)
    if rows > MAX_ROWS or min(numbered, default=1) < 1:
        bad = next(f for f, n in zip(found, numbered, strict=True) if n > MAX_ROWS or n < 1)
        raise _beyond(sheet, path, bad.decode())
    # columns of 3 letters or rows of 7 digits are rare: when no address can be one, the
    # scan below (which would find nothing) is skipped, and the columns have a small bound
    far = not plain_narrow and _MAYBE_FAR.search(xml) is not None
    if far:
        for m in _FAR.finditer(xml):
            row = int(m.group(2) or 0)
            if col_index(m.group(1)) >= MAX_COLS or row > MAX_ROWS:
                raise _beyond(sheet, path, (m.group(1) + m.group(2)).decode()[:20])
            rows = max(rows, row)
    if not found:  # rows without numbers (or none): count them
        rows = max(rows, xml.count(b"</row>") + xml.count(b"<row/>"))
    # at most column Z without a 2-letter address, ZZ without a longer one: enough to
    # tell most sheets small without finding each row's last cell
    bound = None if far else 26 if plain_narrow or _TWO_LETTERS.search(xml) is None else 702
    if bound is not None and rows * bound <= DENSE_FLOOR:
        return Extent(0, rows, bound)
    cols = _last_column(xml, [m.start() for m in numbers.finditer(xml)] if found else [])
    if rows * cols <= DENSE_FLOOR:
        return Extent(0, rows, cols)  # small enough to read densely whatever it holds
    cells = len(_CELL.findall(xml)) if b":c " in xml else xml.count(b"<c ") + xml.count(b"<c>")
    return Extent(cells, rows, cols)


def _plain_and_narrow(xml: bytes) -> bool:
    """True when no r attribute is spelled otherwise than ` r="` (`_odd_r_spelling` is
    False), no address lies beyond column Z (`_TWO_LETTERS` finds none) and none can be
    far (`_MAYBE_FAR` finds none): the usual sheet, told by one search of its cell data
    instead of three, and short ones around it. False may be wrong: the scans then decide.

    A match cannot reach across the bounds of the cell data found here (they are the
    word "sheetData"), but the searches around it overlap them a little all the same."""
    lo, hi = xml.find(b"sheetData"), xml.rfind(b"sheetData")
    if lo < 0 or _NOT_PLAIN_NARROW.search(xml, lo, hi):
        return False
    before, after = (0, lo + 16), (max(hi - 16, 0), len(xml))
    for pattern in (_R_SPACED, _WIDE_OR_FAR):
        if pattern.search(xml, *before) or pattern.search(xml, *after):
            return False
    return not _odd_around(xml, lo, hi)


def _odd_r_spelling(xml: bytes) -> bool:
    """True when some r attribute may be spelled otherwise than ` r="` (possibly, not
    certainly: then the slower exact scan decides).

    Every "r=" must be a plain ` r="` or end another attribute's name. Those names
    (header=, footer= on every sheet XlsxWriter writes) sit around the cell data, so only
    the small parts before and after it are searched for them; within the cell data, one
    search for an "r=" that is not a plain ` r="` (`_OTHER_R`) decides."""
    if _R_SPACED.search(xml):
        return True
    lo, hi = xml.find(b"sheetData"), xml.rfind(b"sheetData")
    if lo < 0:
        lo = hi = len(xml)
    return bool(_OTHER_R.search(xml, lo, hi)) or _odd_around(xml, lo, hi)


def _odd_around(xml: bytes, lo: int, hi: int) -> bool:
    """Whether the parts before `lo` and from `hi` hold an "r=" that is neither a plain
    ` r="` nor the end of another attribute's name (header=, footer=, ...)."""
    around = xml.count(b"r=", 0, lo) + xml.count(b"r=", hi)
    plain = xml.count(b' r="', 0, lo) + xml.count(b' r="', hi)
    return around - plain != len(_NAMED_R.findall(xml, 0, lo)) + len(_NAMED_R.findall(xml, hi))


def _extent_any_spelling(xml: bytes, sheet: str, path: str) -> Extent:
    """`sheet_extent` looking at every r attribute, however it is spelled (slower)."""
    rows = cols = 0
    for m in _REF_ANY.finditer(xml):
        letters, digits = m.group(1), m.group(2)
        col = col_index(letters) + 1 if letters else 0
        row = int(digits) if digits else 0
        if col > MAX_COLS or row > MAX_ROWS:
            raise _beyond(sheet, path, (letters + digits).decode()[:20])
        rows, cols = max(rows, row), max(cols, col)
    rows = max(rows, xml.count(b"</row>") + xml.count(b"<row/>"))
    cells = len(_CELL.findall(xml))
    return Extent(cells, rows, cols or 1)


def _last_column(xml: bytes, starts: list[int]) -> int:
    """The highest column number any row reaches: the last cell reference before each
    row's successor (one short backward search per row, not one per cell). Without row
    numbers to go by, every cell reference is looked at."""
    if not starts:
        found = re.findall(rb' r="([A-Za-z]{1,4})[0-9]', xml)
        return max((col_index(f) + 1 for f in set(found)), default=1)
    cols = 0
    ends = [*starts[1:], len(xml)]
    for start, end in zip(starts, ends, strict=True):
        i = xml.rfind(b' r="', start + 5, end)
        if i >= 0:
            letters = _LETTERS_AT.match(xml, i + 4)
            if letters:  # (a row's own r="5" has no letters: a row without cells)
                cols = max(cols, col_index(letters.group(0)) + 1)
    return cols or 1


def _serial_to_datetime(value: float, date1904: bool) -> Any:
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    try:
        stamp = epoch + dt.timedelta(days=value)
    except OverflowError:
        return value
    if stamp.time() == dt.time(0):
        return stamp.date()
    return stamp


class _SheetHandler:
    """expat callbacks collecting one worksheet's cells into sparse rows."""

    def __init__(self, strings: list[str], is_date: Any, date1904: bool, sheet: str, path: str):
        self.rows: dict[int, dict[int, Any]] = {}
        self.strings = strings
        self.is_date = is_date
        self.date1904 = date1904
        self.sheet, self.path = sheet, path
        self.row = -1
        self.col = -1
        self.cell: dict[str, str] | None = None
        self.text: list[str] | None = None
        self.value: list[str] = []
        self.inline: list[str] = []
        self.in_is = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "row":
            self.row = int(attrs["r"]) - 1 if attrs.get("r", "").isdigit() else self.row + 1
            self.col = -1
        elif local == "c":
            ref = attrs.get("r")
            if ref:
                try:
                    r, c = parse_a1(ref)
                except ValueError:
                    raise CorruptWorkbook(
                        f"a cell has the address {ref[:20]!r}, which is not a cell address",
                        f"某单元格的地址 {ref[:20]!r} 不是有效地址",
                        sheet=self.sheet,
                        path=self.path,
                    ) from None
                if r >= MAX_ROWS or c >= MAX_COLS:
                    raise _beyond(self.sheet, self.path, ref)
                self.row, self.col = r, c
            else:
                self.col += 1
            self.cell = attrs
            self.value, self.inline = [], []
        elif local == "v" and self.cell is not None:
            self.text = self.value
        elif local == "is":
            self.in_is = True
        elif local == "t" and self.in_is:
            self.text = self.inline

    def end(self, name: str) -> None:
        local = name.rsplit(":", 1)[-1]
        if local in ("v", "t"):
            self.text = None
        elif local == "is":
            self.in_is = False
        elif local == "c" and self.cell is not None:
            value = self._value(self.cell, "".join(self.value), "".join(self.inline))
            if value is not None:
                self.rows.setdefault(self.row, {})[self.col] = value
            self.cell = None

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def _value(self, attrs: dict[str, str], v: str, inline: str) -> Any:
        kind = attrs.get("t", "n")
        if kind == "inlineStr":
            return inline or None
        if not v:
            return None
        if kind == "s":
            try:
                return self.strings[int(v)] or None
            except (ValueError, IndexError):
                raise CorruptWorkbook(
                    "the cell refers to a shared text that does not exist",
                    "该单元格引用的共享文本不存在",
                    sheet=self.sheet,
                    cell=a1(self.row, self.col),
                    path=self.path,
                ) from None
        if kind in ("str", "e"):
            return v
        if kind == "b":
            return v.strip() in ("1", "true")
        try:
            number = float(v)
        except ValueError:
            return v
        if number.is_integer() and abs(number) < 2**53:
            number = int(number)
        style = attrs.get("s", "0")
        if style.isdigit() and self.is_date(int(style)):
            return _serial_to_datetime(float(number), self.date1904)
        return number


def read_sparse_grid(
    xml: bytes, strings: list[str], is_date: Any, date1904: bool, sheet: str, path: str
) -> list[Any]:
    """A worksheet part's values as a grid from A1: rows with cells are lists as long as
    their last cell, empty rows are one shared empty tuple.

    Raises:
        CorruptWorkbook (not well-formed), UnsafeWorkbook (beyond the limits).
    """
    handler = _SheetHandler(strings, is_date, date1904, sheet, path)
    _parse(xml, handler.start, handler.end, handler.chars, ("the sheet", "工作表"), sheet, path)
    if not handler.rows:
        return []
    slots = sum(max(cells) + 1 for cells in handler.rows.values())
    if slots > MAX_SPARSE_SLOTS:
        raise UnsafeWorkbook(
            "the sheet's cells are spread over too many columns to read "
            f"({slots:,} cells to hold); remove the far-away cells",
            f"工作表的单元格分布过散（需容纳 {slots:,} 个单元格）；请删除远处的单元格",
            sheet=sheet,
            path=path,
        )
    grid: list[Any] = [_EMPTY_ROW] * (max(handler.rows) + 1)
    for r, cells in handler.rows.items():
        row: list[Any] = [None] * (max(cells) + 1)
        for c, value in cells.items():
            row[c] = value
        grid[r] = row
    return grid


def shared_strings(xml: bytes | None, path: str) -> list[str]:
    """The texts of a sharedStrings part (rich text runs joined, phonetic runs left out)."""
    if not xml:
        return []
    out: list[str] = []
    parts: list[str] = []
    depth = {"rPh": 0}
    text: list[bool] = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "si":
            parts.clear()
        elif local == "rPh":
            depth["rPh"] += 1
        elif local == "t" and not depth["rPh"]:
            text[0] = True

    def end(name: str) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "si":
            out.append("".join(parts))
        elif local == "rPh":
            depth["rPh"] -= 1
        elif local == "t":
            text[0] = False

    def chars(data: str) -> None:
        if text[0]:
            parts.append(data)

    _parse(xml, start, end, chars, ("the shared texts", "共享文本"), None, path)
    return out


def _parse(
    xml: bytes,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    chars: Callable[[str], None],
    what: tuple[str, str],
    sheet: str | None,
    path: str,
) -> None:
    """Run expat over `xml` with these handlers; a part that is not well-formed XML is a
    CorruptWorkbook saying `what` (English, Chinese) it is."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise CorruptWorkbook(
            f"{what[0]} is not well-formed XML ({exc})",
            f"{what[1]}不是格式正确的 XML（{exc}）",
            sheet=sheet,
            path=path,
        ) from None
