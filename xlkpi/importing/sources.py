"""Reading export files (CSV or XLSX) into rows of cells, each row knowing its place.

CSV exports come in whatever encoding the exporting program used: UTF-8 with or without a
byte-order mark, UTF-16 ("Unicode text" from Excel), or GBK / GB18030, which is what
Chinese Excel writes for "CSV (逗号分隔)". The delimiter may be a comma, a semicolon, a tab
or a full-width comma. XLSX exports are read with the same safe reader as workbooks.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import a1

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}

# Tried in this order. utf-8-sig also reads plain UTF-8; gb18030 is a superset of GBK and
# GB2312, so it reads all three.
ENCODINGS = ("utf-8-sig", "gb18030")
DELIMITERS = ",;\t，|"


@dataclass
class Row:
    """One row of an export: 1-based row number and its cells (str for CSV)."""

    number: int
    cells: list[Any]


@dataclass
class ExportTable:
    """The cells of one export file (or one sheet of an XLSX export)."""

    path: Path
    rows: list[Row]
    sheet: str | None = None  # XLSX: the sheet read
    encoding: str | None = None  # CSV: the encoding that decoded it

    @property
    def name(self) -> str:
        return self.path.name

    def source(self, row: int, col: int | None = None) -> Source:
        """The place of a row (and cell) of this file, for problems: for CSV the cell names
        the column as a spreadsheet program shows the file (C7)."""
        cell = a1(row - 1, col) if col is not None else None
        return Source(file=self.name, row=row, sheet=self.sheet, cell=cell)


class ExportError(Exception):
    """A file cannot be read at all; `problem` says why, in both languages."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__("; ".join(p.render() for p in problems))


def place_text(src: Source, lang: str = "en") -> str:
    """'actuals.csv row 7', 'actuals.csv row 7, column C', 'export.xlsx Sheet1!C7',
    'Roster!B4' for messages."""
    if src.file:
        if src.sheet and src.cell:
            return f"{src.file} {src.sheet}!{src.cell}"
        if src.row is not None and src.cell:
            col = src.cell.rstrip("0123456789")
            if lang == "zh":
                return f"{src.file} 第 {src.row} 行 {col} 列"
            return f"{src.file} row {src.row}, column {col}"
        if src.row is not None:
            return f"{src.file} 第 {src.row} 行" if lang == "zh" else f"{src.file} row {src.row}"
        if src.sheet:
            return f"{src.file} {src.sheet}"
        return src.file
    return str(src)


def decode(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes; returns (text, encoding name).

    Raises:
        UnicodeDecodeError: when no supported encoding reads the bytes.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    last: UnicodeDecodeError | None = None
    for enc in ENCODINGS:
        try:
            return data.decode(enc), "gbk/gb18030" if enc == "gb18030" else "utf-8"
        except UnicodeDecodeError as exc:
            last = exc
    assert last is not None
    raise last


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text, judged from its first non-blank lines."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:20]
    if not lines:
        return ","
    best, best_score = ",", -1
    for d in DELIMITERS:
        counts = [ln.count(d) for ln in lines]
        # a delimiter that appears in the header and about as often in every line
        if counts[0] == 0:
            continue
        score = sum(1 for c in counts if c == counts[0]) * 100 + counts[0]
        if score > best_score:
            best, best_score = d, score
    return best


def read_csv(path: Path) -> ExportTable:
    source = Source(file=path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems = Problems()
        problems.error(
            "import.unreadable",
            f"cannot read the file: {exc.strerror or exc}",
            f"无法读取文件：{exc.strerror or exc}",
            source,
        )
        raise ExportError(problems) from None
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as exc:
        problems = Problems()
        problems.error(
            "import.encoding",
            f"the file is neither UTF-8 nor GBK/GB18030 text (undecodable byte at offset "
            f"{exc.start}); save it again as 'CSV UTF-8'",
            f"文件既不是 UTF-8 也不是 GBK/GB18030 文本（第 {exc.start} 字节无法解码）；"
            "请另存为“CSV UTF-8”",
            source,
        )
        raise ExportError(problems) from None
    if "\x00" in text:
        problems = Problems()
        problems.error(
            "import.binary",
            "the file is not a text (CSV) file",
            "该文件不是文本（CSV）文件",
            source,
        )
        raise ExportError(problems)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    try:
        for record in reader:
            rows.append(Row(reader.line_num - _extra_lines(record), list(record)))
    except csv.Error as exc:
        problems = Problems()
        problems.error(
            "import.csv",
            f"the file is not valid CSV near line {reader.line_num}: {exc}",
            f"第 {reader.line_num} 行附近不是有效的 CSV：{exc}",
            Source(file=path.name, row=reader.line_num),
        )
        raise ExportError(problems) from None
    return ExportTable(path, rows, encoding=encoding)


def _extra_lines(record: list[str]) -> int:
    """Newlines inside quoted cells: `reader.line_num` counts the record's last line."""
    return sum(cell.count("\n") for cell in record)


def read_xlsx(
    path: Path, sheet: str | None = None, wanted: Callable[[list[list[Any]]], bool] | None = None
) -> ExportTable:
    """One sheet of an XLSX export: the one named `sheet` when the file has it, else the
    first sheet `wanted` accepts (exports often put a cover or notes sheet first), else the
    first sheet holding any value. Error cells such as #DIV/0! come as their text (see
    io.reader). Raises WorkbookError for unreadable files."""
    from xlkpi.io.reader import XlsxBook

    book = XlsxBook(path)
    names = book.sheet_names()
    if sheet is not None:
        named = next((n for n in names if n.strip().casefold() == sheet.strip().casefold()), None)
        if named is not None:
            names = [named]
    first: ExportTable | None = None
    for name in names:
        grid = book.read_grid(name)
        if any(v not in (None, "") for row in grid for v in row):
            table = ExportTable(path, [Row(i + 1, list(r)) for i, r in enumerate(grid)], sheet=name)
            if wanted is None or wanted(grid):
                return table
            first = first or table
    if first is not None:
        return first
    return ExportTable(path, [], sheet=names[0] if names else None)


def read_export(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    wanted: Callable[[list[list[Any]]], bool] | None = None,
) -> ExportTable:
    """Read one export file by its suffix (for XLSX, `sheet` and `wanted` pick the sheet,
    see `read_xlsx`).

    Raises:
        ExportError: unreadable CSV, or an unsupported suffix.
        WorkbookError: an XLSX file the safe reader refuses.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.exists():
        problems = Problems()
        problems.error("import.missing", "file not found", "找不到文件", Source(file=str(p)))
        raise ExportError(problems)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(p, sheet, wanted)
    if suffix in CSV_SUFFIXES:
        return read_csv(p)
    problems = Problems()
    problems.error(
        "import.suffix",
        f"cannot import '{suffix or p.name}' files; use CSV (.csv) or Excel (.xlsx) exports "
        "(save .xls files as .xlsx first)",
        f"不能导入“{suffix or p.name}”文件；请使用 CSV（.csv）或 Excel（.xlsx）导出文件"
        "（.xls 请先另存为 .xlsx）",
        Source(file=p.name),
    )
    raise ExportError(problems)
