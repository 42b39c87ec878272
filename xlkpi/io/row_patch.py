"""The cells of one worksheet row: a new row, new cells after a row's last cell (both as
xlkpi.io.new_cells), and a row whose cells are replaced or joined by new ones. Everything
else in a row stays as it is.

The cells of existing rows are merged (`RowPatcher._merge`) and go through
`CellEncoder.cells`, a run of cells at a time. A row is
merged as a list of segments (cell XML, column letters, style, content): a row packed the
usual way (each cell with its r first, nothing between cells: what Excel and XlsxWriter
write) is split by one regex (`packed_cells`), any other row by `spelled_cells`
(tests/io/test_io_patch_paths.py pins the two together).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from operator import itemgetter

from xlkpi.io.cells import LETTERS
from xlkpi.io.cellxml import CellEncoder
from xlkpi.io.errors import RefusedWrite
from xlkpi.io.new_cells import NewCells, PatchResult, RowShape
from xlkpi.io.parts import attrs_of
from xlkpi.io.sheet_writes import COL_OF, grow

_R_ATTR_S = re.compile(r"\br\s*=\s*[\"']\$?([A-Za-z]{1,3})")
_S_ATTR_S = re.compile(r"\bs\s*=\s*[\"']([0-9]+)")
_R_ATTR_B = re.compile(rb"\br\s*=\s*[\"']\$?([A-Za-z]{1,3})")
_SPANS = re.compile(rb"\sspans\s*=\s*(?:\"[^\"]*\"|'[^']*')")
_NEVER = 1 << 30

#: One cell of a row as merged: (its XML, column letters, style as spelled, content).
#: What lies between cells is a segment without letters (column -1: copied as it is).
Segment = tuple[str, str, str, str]


class _Written:
    """The cells a row merge writes into `out`: runs of new cells, and existing cells
    replaced (gathered until something else comes, then encoded in one call); the first
    and last column written."""

    __slots__ = ("enc", "rownum", "sheet", "out", "lo", "hi", "pending", "_vals", "_styles")

    def __init__(self, enc: CellEncoder, rownum: str, sheet: str, out: list[str]) -> None:
        self.enc, self.rownum, self.sheet, self.out = enc, rownum, sheet, out
        self.lo = self.hi = -1
        self.pending: list[int] = []  # columns of the cells being replaced
        self._vals: list[object] = []
        self._styles: dict[int, int | None] = {}

    def replace(self, col: int, value: object, style: int | None) -> None:
        """An existing cell at `col` (keeping `style`) gets `value`."""
        self.pending.append(col)
        self._vals.append(value)
        self._styles[col] = style

    def cells(
        self, cols: Sequence[int], vals: Sequence[object], styles: Mapping[int, int | None]
    ) -> None:
        """New cells, after the cells replaced so far."""
        if self.pending:
            self.flush()
        if cols:
            self._encode(cols, vals, styles, True)

    def flush(self) -> None:
        """Encode the cells replaced so far."""
        if self.pending:
            cols, vals, styles = self.pending, self._vals, self._styles
            self.pending, self._vals, self._styles = [], [], {}
            self._encode(cols, vals, styles, False)

    def _encode(
        self,
        cols: Sequence[int],
        vals: Sequence[object],
        styles: Mapping[int, int | None],
        fresh: bool,
    ) -> None:
        first, last = self.enc.cells(cols, vals, self.rownum, styles, self.sheet, self.out, fresh)
        if first >= 0:
            self.lo, self.hi = first if self.lo < 0 else self.lo, last


class RowPatcher(NewCells):
    """Writes cells into the rows of one worksheet (namespace `prefix`, `<cols>` in `head`):
    new rows and cells after a row's last cell as NewCells, and rows whose cells are
    replaced or joined by new ones."""

    def __init__(self, prefix: bytes, head: bytes, sheet: str, path: str) -> None:
        super().__init__(prefix, head, sheet)
        self.p = prefix
        self.path = path
        ep = re.escape(self.pstr)
        # (spans, lo, hi) -> (the spans attribute as usually spelled, widened or None)
        self._wider: dict[tuple[bytes, int, int], tuple[bytes, bytes | None]] = {}
        self.cell_pat_s = re.compile("<" + ep + r"c\b([^>]*?)(?:/>|>(.*?)</" + ep + "c>)", re.S)
        # the same for the usual attribute order (r first, then s), capturing the whole
        # cell, its column letters, style and content
        self.cell_pat_rs = re.compile(
            "(<"
            + ep
            + r'c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?[^>]*?(?:/>|>(.*?)</'
            + ep
            + "c>))",
            re.S,
        )
        self.f_tag = "<" + self.pstr + "f"
        self.c_tag = b"<" + prefix + b"c"
        # the usual spelling of a row's last cell (r first, as cell_pat_rs)
        self.last_cell_rb = re.compile(
            b"<"
            + re.escape(prefix)
            + rb'c r="([A-Z]{1,3})[0-9]+"[^>]*?(?:/>|>.*?</'
            + re.escape(prefix)
            + b"c>)",
            re.S,
        )
        self.cell_pat_b = re.compile(
            b"<" + re.escape(prefix) + rb"c\b([^>]*?)(?:/>|>(.*?)</" + re.escape(prefix) + b"c>)",
            re.S,
        )

    # ---- existing rows ------------------------------------------------------------------

    def patch_row(
        self,
        start_tag: bytes,
        shape: RowShape,
        raw: bytes,
        r: int,
        writes: tuple[Sequence[int], Sequence[object]],
        enc: CellEncoder,
        res: PatchResult,
        bounds: list,
    ) -> bytes:
        """Row r (start tag, its `shape`, content `raw`) with its written cells
        replaced or inserted in order; everything else is kept."""
        content = raw.decode("utf-8")
        rownum = str(r + 1)
        segments = self.packed_cells(content)
        tail = ""
        if segments is None:
            segments, tail = self.spelled_cells(content, rownum)
        out: list[str] = []
        cols, vals = writes
        lo, hi = self._merge(segments, cols, vals, rownum, shape.style, enc, res, out)
        out.append(tail)  # after the last cell: whitespace, an <extLst>
        res.cells += len(cols)
        tag = self.written_tag(start_tag, shape.spans, r, lo, hi, bounds)
        if tag.endswith(b"/>"):
            tag = tag[:-2].rstrip() + b">"
        return tag + "".join(out).encode("utf-8") + b"</" + self.p + b"row>"

    def packed_cells(self, content: str) -> list[Segment] | None:
        """The row's cells when it holds only cells, each with its r first, nothing in
        between (the usual spelling); else None."""
        found = self.cell_pat_rs.findall(content)
        if found and sum(map(len, map(itemgetter(0), found))) == len(content):
            return found
        return None

    def spelled_cells(self, content: str, rownum: str) -> tuple[list[Segment], str]:
        """The row's cells however they are spelled (attributes in any order, white space
        or cells without r), and what follows the last cell."""
        content = self._with_cell_refs(content, rownum)
        segments: list[Segment] = []
        pos = 0
        for m in self.cell_pat_s.finditer(content):
            if m.start() > pos:
                segments.append((content[pos : m.start()], "", "", ""))
            attrs = m.group(1)
            rm, sm = _R_ATTR_S.search(attrs), _S_ATTR_S.search(attrs)
            segments.append(
                (m.group(0), rm.group(1) if rm else "", sm.group(1) if sm else "", m.group(2) or "")
            )
            pos = m.end()
        return segments, content[pos:]

    def _merge(
        self,
        segments: list[Segment],
        cols: Sequence[int],
        vals: Sequence[object],
        rownum: str,
        row_style: int | None,
        enc: CellEncoder,
        res: PatchResult,
        out: list[str],
    ) -> tuple[int, int]:
        """Copy the row's segments to `out`, replacing the written cells and putting new
        ones in column order: (first, last) column written, or (-1, -1).

        Consecutive cells replaced are encoded together, each keeping its own style."""
        written = _Written(enc, rownum, self.sheet, out)
        styles = self.new_styles(row_style)
        col_of, f_tag = COL_OF, self.f_tag
        n = len(cols)
        ti = 0
        nxt = cols[0]
        for full, letters_, style_, inner in segments:
            col = col_of[letters_]
            if nxt < col:  # new cells before this one
                j = bisect_left(cols, col, ti)
                written.cells(cols[ti:j], vals[ti:j], styles)
                ti = j
                nxt = cols[ti] if ti < n else _NEVER
            if nxt != col:
                if written.pending:
                    written.flush()
                out.append(full)
                continue
            if inner and f_tag in inner and (refusal := self._formula_refusal(inner, col, rownum)):
                res.refusals.append(refusal)
                written.flush()
                out.append(full)
            else:
                if not style_ and " s=" in full:  # s after other attributes
                    sm = _S_ATTR_S.search(full, 0, full.index(">"))
                    style_ = sm.group(1) if sm else ""
                written.replace(col, vals[ti], int(style_) if style_ else None)
            ti += 1
            nxt = cols[ti] if ti < n else _NEVER
        written.cells(cols[ti:], vals[ti:], styles)  # after the last cell (if any are left)
        written.flush()
        return written.lo, written.hi

    def _with_cell_refs(self, content: str, rownum: str) -> str:
        """The row's cells with an `r` on each one that lacks it.

        A cell without `r` sits right after the cell before it. Once a write adds or drops
        a cell in such a row, the cells after it would silently move, so every cell is
        given its place before anything is written."""
        if all(_R_ATTR_S.search(m.group(1)) for m in self.cell_pat_s.finditer(content)):
            return content
        out: list[str] = []
        pos = 0
        col = -1
        for m in self.cell_pat_s.finditer(content):
            rm = _R_ATTR_S.search(m.group(1))
            if rm is not None:
                col = COL_OF[rm.group(1)]
                continue
            col += 1
            name_end = m.start() + len(self.pstr) + 2  # after "<" + prefix + "c"
            out.append(content[pos:name_end])
            out.append(f' r="{LETTERS[col]}{rownum}"')
            pos = name_end
        out.append(content[pos:])
        return "".join(out)

    def written_tag(
        self, tag: bytes, spans: bytes | None, r: int, lo: int, hi: int, bounds: list
    ) -> bytes:
        """Row r's start tag `tag` (with hint `spans`) once columns lo..hi (-1 when none)
        were written: `bounds` grows to them and the spans hint covers them. The same
        `tag` object comes back when it needs no change."""
        if lo < 0:
            return tag
        grow(bounds, r, lo, hi)
        return self.widen_spans(tag, spans, lo + 1, hi + 1) if spans else tag

    def widen_spans(self, tag: bytes, spans: bytes, lo: int, hi: int) -> bytes:
        """Row start tag `tag` with its spans hint ("1:5") widened to cover lo..hi."""
        key = (spans, lo, hi)
        wider = self._wider.get(key)
        if wider is None:  # (the rows of a sheet share a few spans: each is worked out once)
            # (usual: the one spelling Excel writes, replaced without a regex)
            wider = self._wider[key] = (b' spans="' + spans + b'"', _wider_spans(spans, lo, hi))
        usual, new = wider
        if new is None:
            return tag
        if tag.count(b"spans") == 1 and usual in tag:
            return tag.replace(usual, new, 1)
        return _SPANS.sub(lambda _: new, tag, count=1)

    def last_cell(self, xml: bytes, start: int, end: int) -> tuple[int, int] | None:
        """(column, end offset) of the last cell in xml[start:end] (one row's content)
        when it carries an r attribute."""
        tag = self.c_tag
        after = len(tag)
        i = end
        while True:
            i = xml.rfind(tag, start, i)
            if i < 0:
                return None
            if xml[i + after : i + after + 1] in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
                break
        m = self.last_cell_rb.match(xml, i, end)
        if m is not None and m.end() == end:  # spelled the usual way, right before </row>
            return COL_OF[m.group(1)], end
        m = self.cell_pat_b.match(xml, i, end)
        if m is None or xml[m.end() : end].lstrip().startswith(tag):
            return None
        rm = _R_ATTR_B.search(m.group(1))
        return (COL_OF[rm.group(1)], m.end()) if rm else None

    def _formula_refusal(self, inner: str, col: int, rownum: str) -> RefusedWrite | None:
        fm = re.search("<" + re.escape(self.pstr) + r"f\b([^>]*?)/?>", inner)
        if not fm:
            return None
        kind = attrs_of(fm.group(1).encode()).get(b"t", b"normal").decode()
        if kind not in ("shared", "array", "dataTable"):
            return None
        return formula_refusal(kind, self.sheet, LETTERS[col] + rownum, self.path)


def formula_refusal(kind: str, sheet: str, cell: str, path: str) -> RefusedWrite:
    """The refusal for writing into a shared formula, array formula or data table."""
    names = {
        "shared": ("a shared formula", "共享公式"),
        "array": ("an array formula", "数组公式"),
        "dataTable": ("a data table", "模拟运算表"),
    }[kind]
    return RefusedWrite(
        f"cannot write here: the cell is part of {names[0]}; "
        "change the formula in Excel or write elsewhere",
        f"无法写入：该单元格属于{names[1]}；请在 Excel 中修改公式或写到其他位置",
        reason=f"{kind.lower()}_formula" if kind != "dataTable" else "data_table",
        sheet=sheet,
        cell=cell,
        path=path,
    )


def _wider_spans(spans: bytes, lo: int, hi: int) -> bytes | None:
    """The spans attribute covering lo..hi too, or None when `spans` already does."""
    try:
        nums = [int(x) for part in spans.split() for x in part.split(b":")]
    except ValueError:
        return None
    if not nums or (lo >= min(nums) and hi <= max(nums)):
        return None
    return f' spans="{min(lo, min(nums))}:{max(hi, max(nums))}"'.encode()
