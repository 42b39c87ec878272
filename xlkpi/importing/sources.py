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
from xlkpi.io.reader import XlsxBook

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}

# Tried in this order. utf-8-sig also reads plain UTF-8; gb18030 is a superset of GBK and
# GB2312, so it reads all three.
ENCODINGS = ("utf-8-sig", "gb18030")
DELIMITERS = ",;\t，|"
#: Largest CSV accepted: a long form for 50,000 people and 20 indicators is about 30 MB.
MAX_CSV_BYTES = 64 * 1024 * 1024
#: Most rows a file may hold: an Excel sheet's rows.
MAX_ROWS = 1_048_576
#: Most characters in one cell: Excel's limit for a cell.
MAX_CELL_CHARS = 32_767


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
        """The file's name, as messages show it."""
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


def _refuse(source: Source, code: str, en: str, zh: str) -> ExportError:
    problems = Problems()
    problems.error(code, en, zh, source)
    return ExportError(problems)


def read_csv(path: Path) -> ExportTable:
    """The rows of a CSV file (encoding and delimiter found out), within the limits above.

    Raises:
        ExportError naming the file, and the row where there is one.
    """
    source = Source(file=path.name)
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise _refuse(
                source,
                "import.too_big",
                f"the file is {size / 2**20:.0f} MB, more than the {MAX_CSV_BYTES // 2**20} MB "
                "xlkpi imports at once; split it into smaller files",
                f"文件大小 {size / 2**20:.0f} MB，超过一次可导入的 {MAX_CSV_BYTES // 2**20} MB；"
                "请拆分为较小的文件",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(
            source,
            "import.unreadable",
            f"cannot read the file: {exc.strerror or exc}",
            f"无法读取文件：{exc.strerror or exc}",
        ) from None
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as exc:
        raise _refuse(
            source,
            "import.encoding",
            f"the file is neither UTF-8 nor GBK/GB18030 text (undecodable byte at offset "
            f"{exc.start}); save it again as 'CSV UTF-8'",
            f"文件既不是 UTF-8 也不是 GBK/GB18030 文本（第 {exc.start} 字节无法解码）；"
            "请另存为“CSV UTF-8”",
        ) from None
    if "\x00" in text:
        raise _refuse(
            source,
            "import.binary",
            "the file is not a text (CSV) file",
            "该文件不是文本（CSV）文件",
        )
    delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text)
    del data
    return ExportTable(path, _records(text, delimiter, path.name), encoding=encoding)


def _records(text: str, delimiter: str, name: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    start = 1  # the line the record being read starts on
    try:
        for record in reader:
            rows.append(Row(start, record))
            start = reader.line_num + 1
            if len(rows) > MAX_ROWS:
                raise _refuse(
                    Source(file=name, row=len(rows)),
                    "import.too_many_rows",
                    f"the file has more than {MAX_ROWS:,} rows, more than an Excel sheet holds",
                    f"文件超过 {MAX_ROWS:,} 行，超出 Excel 工作表的行数",
                )
            for c, cell in enumerate(record):
                if len(cell) > MAX_CELL_CHARS:
                    raise _refuse(
                        Source(file=name, row=rows[-1].number),
                        "import.cell_too_long",
                        f"column {c + 1} holds {len(cell):,} characters; an Excel cell holds at "
                        f"most {MAX_CELL_CHARS:,}",
                        f"第 {c + 1} 列有 {len(cell):,} 个字符；Excel 单元格最多 {MAX_CELL_CHARS:,} 个",
                    )
    except csv.Error as exc:
        unclosed = "end of data" in str(exc) or "EOF" in str(exc)
        if unclosed:  # an opening quote never closed: it swallowed the rest of the file
            raise _refuse(
                Source(file=name, row=start),
                "import.csv_quote",
                'a quote (") opened in this row is never closed, so the rest of the file '
                "reads as one value; close or remove the quote",
                '该行中的引号（"）没有闭合，导致其后全部内容被当作一个值；请补全或删除引号',
            ) from None
        raise _refuse(
            Source(file=name, row=start),
            "import.csv",
            f"the row is not valid CSV ({exc})",
            f"该行不是有效的 CSV（{exc}）",
        ) from None
    return rows


def read_xlsx(
    path: Path, sheet: str | None = None, wanted: Callable[[list[list[Any]]], bool] | None = None
) -> ExportTable:
    """One sheet of an XLSX export: the one named `sheet` when the file has it, else the
    first sheet `wanted` accepts (exports often put a cover or notes sheet first), else the
    first sheet holding any value. Error cells such as #DIV/0! come as their text (see
    io.reader). Raises WorkbookError for unreadable files."""
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
        raise _refuse(Source(file=str(p)), "import.missing", "file not found", "找不到文件")
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(p, sheet, wanted)
    if suffix in CSV_SUFFIXES:
        return read_csv(p)
    raise _refuse(
        Source(file=p.name),
        "import.suffix",
        f"cannot import '{suffix or p.name}' files; use CSV (.csv) or Excel (.xlsx) exports "
        "(save .xls files as .xlsx first)",
        f"不能导入“{suffix or p.name}”文件；请使用 CSV（.csv）或 Excel（.xlsx）导出文件"
        "（.xls 请先另存为 .xlsx）",
    )
