"""Fast, safe reading of workbook values with python-calamine.

The file is read once into memory and checked (`safe_zip.open_workbook`: format, zip
limits, no DTDs); calamine then parses the same bytes, so what was checked is what is read.

Grids are absolute from A1 (row 0, col 0 is A1, whatever calamine trims), rows padded to
equal length, empty cells None, whole-number floats as int, dates as date/datetime
(from the cell's number format). Formula cells give their cached result; cells showing an
Excel error (#N/A, #DIV/0!) give the error text, read from the sheet XML because calamine
reports them empty — a blank and a broken formula must not look alike to the engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import python_calamine as pc

from xlkpi.io.atomic import data_digest
from xlkpi.io.cells import Block, parse_a1
from xlkpi.io.errors import CorruptWorkbook, no_worksheet
from xlkpi.io.package import Package, is_worksheet_part
from xlkpi.io.safe_zip import CheckedPackage, open_workbook
from xlkpi.io.sparse import read_sparse_grid, shared_strings, sheet_extent
from xlkpi.io.styles import Styles
from xlkpi.io.xlsx_writer import WriteReport, write_blocks


def _clean(v: Any) -> Any:
    if v == "" and isinstance(v, str):
        return None
    if type(v) is float and v.is_integer() and abs(v) < 2**53:
        return int(v)
    if isinstance(v, dt.timedelta):  # a time-of-day or duration format
        return (dt.datetime.min + v).time() if v < dt.timedelta(days=1) else v
    return v


_WHOLE = float(2**53)  # whole floats below this in size become int (exactly, as _clean)


def _grid(sheet: pc.CalamineSheet) -> list[list[Any]]:
    """The sheet's values, each cleaned as `_clean` does. Floats and text (nearly every
    cell: 2.7 million at 50,000 people) are cleaned inline; a call per cell cost a third
    more. Text is tested first (empty cells are text to calamine: most cells are), and
    rows are padded only when calamine gave some shorter (it does not: a copy of every row
    to add nothing cost a quarter of the cleaning)."""
    rows = sheet.to_python(skip_empty_area=False)
    width = max(map(len, rows), default=0)
    flt, text, clean, whole = float, str, _clean, _WHOLE
    grid = [
        [
            (v or None)
            if v.__class__ is text
            else (int(v) if v.is_integer() and -whole < v < whole else v)
            if v.__class__ is flt
            else clean(v)
            for v in r
        ]
        for r in rows
    ]
    if min(map(len, rows), default=0) < width:
        for row in grid:
            row.extend([None] * (width - len(row)))
    return grid


# A cell of type "e" (error) and its cached value, e.g. <c r="B7" t="e"><v>#DIV/0!</v></c>.
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*\bt="e"[^>/]*)>(.*?)</(?:\w+:)?c>', re.S)
# whether a sheet has any: a regex finds this literal faster than `in` does (whose skips
# are kept short by its last byte, the '"' that ends every attribute)
_ERROR_TYPE = re.compile(rb't="e"')
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def error_cells(sheet_xml: bytes) -> dict[tuple[int, int], str]:
    """(row, col) -> error text of the cells in a worksheet part that show an Excel error."""
    if not _ERROR_TYPE.search(sheet_xml):
        return {}
    out: dict[tuple[int, int], str] = {}
    for m in _ERROR_CELL.finditer(sheet_xml):
        ref, value = _REF.search(m.group(1)), _VALUE.search(m.group(2))
        if ref and value:
            out[parse_a1(ref.group(1).decode())] = value.group(1).decode("utf-8", "replace")
    return out


def _overlay(grid: list[list[Any]], cells: dict[tuple[int, int], str]) -> None:
    """Put error texts into `grid`, growing it (and keeping rows of equal length) as needed."""
    if not cells:
        return
    height = max(len(grid), max(r for r, _ in cells) + 1)
    width = max(max((len(r) for r in grid), default=0), max(c for _, c in cells) + 1)
    grid.extend([] for _ in range(height - len(grid)))
    for row in grid:
        row.extend([None] * (width - len(row)))
    for (r, c), text in cells.items():
        grid[r][c] = text


def _worksheet_names(wb: pc.CalamineWorkbook) -> list[str]:
    return [m.name for m in wb.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]


# What calamine raises for a file it cannot parse: its own errors, and a Rust panic on input
# its parser did not expect (pyo3's PanicException, a BaseException). Anything else raised
# while reading is a bug in xlkpi and must surface as one.
@contextlib.contextmanager
def _calamine_errors(path: str, sheet: str | None = None) -> Iterator[None]:
    try:
        yield
    except pc.CalamineError as exc:
        raise _cannot_read(exc, path, sheet) from None
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise _cannot_read(exc, path, sheet) from None


def _cannot_read(exc: BaseException, path: str, sheet: str | None = None) -> CorruptWorkbook:
    text = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    where_en, where_zh = ("the sheet", "工作表") if sheet else ("the workbook", "工作簿")
    return CorruptWorkbook(
        f"{where_en} cannot be read; the file is damaged ({text})",
        f"无法读取{where_zh}；文件已损坏（{text}）",
        sheet=sheet,
        path=path,
    )


def _open(checked: CheckedPackage) -> tuple[Package, pc.CalamineWorkbook]:
    package = Package(checked)  # refuses .xlsb, Strict, non-workbooks with a clear message
    with _calamine_errors(checked.path):
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(checked.data))
    return package, wb


class _SparseContext:
    """What reading a sheet without calamine needs, loaded on first use."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self._strings: list[str] | None = None
        self._styles: Styles | None = None

    def grid(self, xml: bytes, sheet: str) -> list[Any]:
        if self._strings is None:
            part = self.package.shared_strings_part()
            data = self.package.read(part) if part else None
            self._strings = shared_strings(data, self.package.path)
            styles_part = self.package.styles_part()
            self._styles = Styles(
                self.package.read(styles_part) if styles_part else None, self.package.path
            )
        assert self._styles is not None
        return read_sparse_grid(
            xml,
            self._strings,
            self._styles.is_date_style,
            self.package.date1904,
            sheet,
            self.package.path,
        )


def read_grids(
    path: str | os.PathLike[str], sheets: Iterable[str] | None = None
) -> dict[str, list[list[Any]]]:
    """Values of the worksheets of `path` (all, or those named in `sheets`).

    Args:
        path: the workbook.
        sheets: sheet names to read; None reads every worksheet.
    Returns:
        {sheet name: grid}, in workbook order when `sheets` is None.
    Raises:
        WorkbookError (also when a requested sheet does not exist).
    """
    return _read(path, sheets)[0]


def _read(
    path: str | os.PathLike[str], sheets: Iterable[str] | None
) -> tuple[dict[str, list[list[Any]]], str]:
    """`read_grids`, and the SHA-256 of the bytes read."""
    checked = open_workbook(path, keep=is_worksheet_part)
    package, wb = _open(checked)
    names = _worksheet_names(wb)
    wanted = names if sheets is None else list(sheets)
    sparse = _SparseContext(package)
    out = {}
    for name in wanted:
        if name not in names:
            raise no_worksheet(name, checked.path)
        entry = package.sheet(name)
        xml = package.read(entry.part) if entry is not None else b""
        if entry is not None and sheet_extent(xml, name, checked.path).is_sparse:
            out[name] = sparse.grid(xml, name)
        else:
            with _calamine_errors(checked.path, name):
                grid = _grid(wb.get_sheet_by_name(name))
            _overlay(grid, error_cells(xml))
            out[name] = grid
        if entry is not None:
            package.forget(entry.part)
    return out, data_digest(checked.data)


class XlsxBook:
    """A workbook file as a BookReader and BookWriter (xlkpi.io.cells).

    Grids are read once (all worksheets) and cached; `write` goes through write_blocks
    and drops the cache.
    """

    def __init__(self, path: str | os.PathLike[str], *, backup: bool = True) -> None:
        self.path = os.fspath(path)
        self.backup = backup
        self.last_report: WriteReport | None = None
        self._grids: dict[str, list[list[Any]]] | None = None
        #: SHA-256 of the workbook's bytes as first read; a write is refused when the
        #: file no longer has them (another program saved it meanwhile).
        self.digest: str | None = None

    def _load(self) -> dict[str, list[list[Any]]]:
        if self._grids is None:
            self._grids, digest = _read(self.path, None)
            if self.digest is None:
                self.digest = digest
        return self._grids

    def sheet_names(self) -> list[str]:
        """The worksheets, in workbook order."""
        return list(self._load())

    def read_grid(self, sheet: str) -> list[list[Any]]:
        """The values of `sheet` (see the module docstring for their form)."""
        grids = self._load()
        if sheet not in grids:
            raise no_worksheet(sheet, self.path)
        return grids[sheet]

    def drop_cache(self) -> None:
        """Let go of the grids read so far (they are read again if asked for). A run calls
        it once everything it reads has been read, so that the grids (tens of MB at 50,000
        people) are not held while results are prepared and written."""
        self._grids = None

    def write(self, blocks: Sequence[Block], *, ensure_sheets: Sequence[str] = ()) -> None:
        """Write `blocks` in place (`write_blocks`), from the bytes first read."""
        self.last_report = write_blocks(
            self.path,
            blocks,
            backup=self.backup,
            ensure_sheets=ensure_sheets,
            expected_digest=self.digest,
            digest_checked=True,  # (`_read` checked these bytes deeply)
        )
        self._grids = None
        self.digest = None
