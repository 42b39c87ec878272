"""Rewriting the cell data (`<sheetData>`) of one worksheet, and nothing else.

The sheet XML is handled as bytes: everything before `<sheetData>` and after
`</sheetData>` is kept as is (except the `<dimension>` ref, widened when cells are written
outside it), rows without writes are copied as byte slices, and in a row that receives
writes only the written `<c>` elements are replaced; other cells, row attributes and
whitespace stay. New cells and rows are inserted in order; what happens inside a row is
xlkpi.io.row_patch's part.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from xlkpi.io.cells import LETTERS
from xlkpi.io.cellxml import CellEncoder
from xlkpi.io.deflate import PartDeflater
from xlkpi.io.errors import CorruptWorkbook
from xlkpi.io.new_cells import PatchResult, RowShape, row_shape
from xlkpi.io.parts import attrs_of, set_attr
from xlkpi.io.row_patch import RowPatcher
from xlkpi.io.sheet_writes import COL_OF, RowWrites, col_index, grow, parse_range, value_bounds

_PIECES = 1024  # pieces of the new part gathered before they go to the deflater
_ROW_R = re.compile(rb'\s+r="([0-9]+)"\s*')  # a row tag's attributes starting with r
_NEVER = 1 << 30


class _Row(NamedTuple):
    """A row of the sheet as found: where its start tag begins and ends, the tag's
    attributes, its number (0-based), where its content ends (its </row>; where the tag
    ends for an empty <row .../>) and where the row ends."""

    start: int
    tag_end: int
    attrs: bytes
    r: int
    close: int
    end: int


class SheetPatcher:
    """Patches one worksheet part (`patch`), and tells what in it a write must respect:
    merged ranges, array formulas, tables."""

    def __init__(self, xml: bytes, sheet: str, path: str) -> None:
        self.xml = xml
        self.sheet = sheet
        self.path = path
        m = re.search(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\b[^>]*?(/?)>", xml)
        if m is None:
            raise CorruptWorkbook(
                "the sheet has no cell data (<sheetData>)",
                "工作表缺少单元格数据（<sheetData>）",
                sheet=sheet,
                path=path,
            )
        self.p = m.group(1)
        self.open = m
        if m.group(2):
            self.inner_start = self.inner_end = m.end()
            self.close_end = m.end()
        else:
            self.inner_start = m.end()
            self.inner_end = xml.find(b"</" + self.p + b"sheetData>", m.end())
            if self.inner_end < 0:
                raise CorruptWorkbook(
                    "the sheet's cell data is cut off",
                    "工作表单元格数据不完整",
                    sheet=sheet,
                    path=path,
                )
            self.close_end = self.inner_end + len(b"</" + self.p + b"sheetData>")
        self.head = xml[: m.start()]
        self.tail = xml[self.close_end :]
        self.rows = RowPatcher(self.p, self.head, sheet, path)
        # a row's start tag up to its first ">" (greedy: ten times quicker than a lazy
        # group before an optional "/", which `_next_row` tells apart itself)
        self.row_pat = re.compile(rb"<" + re.escape(self.p) + rb"row\b([^>]*)>")
        self.row_open = b"<" + self.p + b"row"
        # a row tag spelled the usual way, r first: its number and the attributes after it
        self.usual_row = re.compile(rb"<" + re.escape(self.p) + rb'row\s+r="([0-9]+)"([^>]*)>')
        self.row_close = b"</" + self.p + b"row>"
        self.had_rows = self.row_pat.search(xml, self.inner_start, self.inner_end) is not None
        # a row tag's attributes after r -> their RowShape (see _row_shape, _appended_rows)
        self._shapes: dict[bytes, RowShape] = {}
        # (attributes after r, first, last column written) -> those attributes with the
        # spans hint widened, or None when they stay (see _appended_rows)
        self._tails: dict[tuple[bytes, int, int], bytes | None] = {}

    # ---- what is around the cell data ---------------------------------------------------

    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        """The sheet's merged cell ranges as (row1, col1, row2, col2)."""
        out = []
        for m in re.finditer(rb"<" + re.escape(self.p) + rb"mergeCell\b[^>]*>", self.tail):
            ref = attrs_of(m.group(0)).get(b"ref")
            rng = parse_range(ref.decode()) if ref else None
            if rng:
                out.append(rng)
        return out

    def array_ranges(self) -> list[tuple[tuple[int, int, int, int], str]]:
        """(range, kind) of array formulas and data tables: only their anchor has an <f>."""
        xml, lo, hi = self.xml, self.inner_start, self.inner_end
        # (nearly always neither word is there: one look for "array" in both spellings
        # spares a third look over the whole cell data, a few ms at 10,000 people)
        if xml.find(b"array", lo, hi) < 0 and xml.find(b'"dataTable"', lo, hi) < 0:
            return []
        if all(xml.find(k, lo, hi) < 0 for k in (b'"array"', b'"dataTable"', b"'array'")):
            return []
        out = []
        pat = re.compile(rb"<" + re.escape(self.p) + rb"f\b[^>]*>")
        for m in pat.finditer(xml, lo, hi):
            a = attrs_of(m.group(0))
            kind = a.get(b"t", b"").decode()
            if kind in ("array", "dataTable") and b"ref" in a:
                rng = parse_range(a[b"ref"].decode())
                if rng:
                    out.append((rng, kind))
        return out

    def table_rids(self) -> list[str]:
        """Relationship ids of the sheet's tables (`<tablePart>`)."""
        return [
            v.decode()
            for m in re.finditer(rb"<" + re.escape(self.p) + rb"tablePart\b[^>]*>", self.tail)
            for k, v in attrs_of(m.group(0)).items()
            if k.endswith(b":id")
        ]

    # ---- patching -----------------------------------------------------------------------

    def patch(
        self, writes: Mapping[int, RowWrites], enc: CellEncoder, original: bytes | None = None
    ) -> PatchResult:
        """Apply `writes`; refusals (shared/array formula cells) are collected, not raised.

        `writes` maps row -> (columns ascending, values), see `row_writes`. The new part is
        produced piece by piece into a PartDeflater (compared with `original`, normally
        the sheet's own bytes): `PatchResult.part` is None when nothing changed.
        """
        # The <dimension> in front of the cell data depends on where cells land; it is
        # written from the values' area first and, in the rare case that differs from
        # what was written (a None clearing a styled cell outside it), patched again.
        guess = value_bounds(writes)
        res, bounds = self._patch(writes, enc, guess, original)
        if self._head(bounds) != self._head(guess):
            res, bounds = self._patch(writes, enc, bounds, original)
        return res

    def _head(self, bounds: list) -> bytes:
        """Everything up to the cell data's first row, with the dimension widened."""
        head = self.head
        if bounds[0] is not None:
            head = self._widen_dimension(head, bounds, self.had_rows)
        if self.open.group(2):  # <sheetData/>: open it up
            return head + b"<" + self.p + b"sheetData>"
        return head + self.xml[self.open.start() : self.inner_start]

    def _patch(
        self,
        writes: Mapping[int, RowWrites],
        enc: CellEncoder,
        head_bounds: list,
        original: bytes | None,
    ) -> tuple[PatchResult, list]:
        """One pass of `patch`, the dimension in front written for `head_bounds`."""
        sink = PartDeflater(original)
        try:
            res, bounds = self._patch_into(sink, writes, enc, head_bounds)
            res.part = sink.close()
        except BaseException:
            sink.abort()
            raise
        return res, bounds

    def _patch_into(
        self,
        sink: PartDeflater,
        writes: Mapping[int, RowWrites],
        enc: CellEncoder,
        head_bounds: list,
    ) -> tuple[PatchResult, list]:
        """Emit the sheet with `writes` applied into `sink`: (result, area written)."""
        xml = self.xml
        res = PatchResult(None)
        # pieces are gathered and handed to the sink a few hundred rows at a time
        # (deflate's output does not depend on how its input is split)
        out: list[bytes] = []
        emit = out.append

        def send(more: Iterable[bytes] = ()) -> None:
            """Hand what is gathered to the sink, then the pieces `more` one by one."""
            sink.write_all(out)
            out.clear()
            for piece in more:
                sink.write(piece)

        pending = sorted(writes)
        npending = len(pending)
        pi = 0
        emit(self._head(head_bounds))
        rows = self.rows
        rows.start(pending, writes)
        pos = self.inner_start  # xml[:pos] is already emitted
        search_from = pos
        prev_row = -1
        bounds: list = [None, None, None, None]  # written area r1, c1, r2, c2
        while pi < npending:
            row = self._next_row(search_from, prev_row)
            if row is None:
                break
            r, row_end = row.r, row.end
            prev_row, search_from = r, row_end
            if pi < npending and pending[pi] < r:  # new rows before this one
                emit(xml[pos : row.start])
                pos = row.start
                before = bisect_left(pending, r, pi)
                send(rows.new_rows(pending[pi:before], writes, enc, res, bounds))
                pi = before
            if pi < npending and pending[pi] == r:
                pos, appended = self._patch_existing(row, writes[r], enc, res, bounds, emit, pos)
                pi += 1
                if appended:  # the rows after it are likely alike: take them in one loop
                    pi, pos, search_from, prev_row = self._appended_rows(
                        pending, pi, writes, enc, res, bounds, out, send, pos, search_from, r
                    )
            if len(out) >= _PIECES:
                send()
        if pi < npending:  # rows after the last existing row
            emit(xml[pos : self.inner_end])
            pos = self.inner_end
            send(rows.new_rows(pending[pi:], writes, enc, res, bounds))
        if self.open.group(2):
            emit(b"</" + self.p + b"sheetData>")
            pos = self.close_end
        emit(xml[pos:])
        send()
        return res, bounds

    def _next_row(self, start: int, prev_row: int) -> _Row | None:
        """The next row from `start`, or None after the last row."""
        xml, end, row_open = self.xml, self.inner_end, self.row_open
        # (the first "<row" found that opens a row tag: a search by find, far quicker
        # than the regex's own search through every cell)
        i = xml.find(row_open, start, end)
        while True:
            if i < 0:
                return None
            m = self.row_pat.match(xml, i, end)
            if m is not None:
                break
            i = xml.find(row_open, i + 1, end)
        attrs = m.group(1)
        empty = attrs.endswith(b"/")  # <row .../>
        if empty:
            attrs = attrs[:-1]
        rm = _ROW_R.match(attrs)
        if rm is not None:
            r = int(rm.group(1)) - 1
        else:
            a = attrs_of(attrs)
            r = int(a[b"r"]) - 1 if b"r" in a else prev_row + 1
        tag_end = m.end()
        if empty:
            return _Row(i, tag_end, attrs, r, tag_end, tag_end)
        close = xml.find(self.row_close, tag_end, end)
        if close < 0:
            raise CorruptWorkbook(
                f"row {r + 1} is cut off", f"第 {r + 1} 行不完整", sheet=self.sheet, path=self.path
            )
        return _Row(i, tag_end, attrs, r, close, close + len(self.row_close))

    def _row_shape(self, attrs: bytes) -> RowShape:
        """What a row tag's attributes tell a write: the style its new cells take and its
        spans hint. The usual row spells r first: what follows it (spans, style,
        height) is shared by many rows and looked at once."""
        rm = _ROW_R.match(attrs)
        if rm is None:
            return row_shape(attrs_of(attrs))
        rest = attrs[rm.end() :]
        return self._shapes.get(rest) or self._shape_of(rest)

    def _shape_of(self, rest: bytes) -> RowShape:
        """The RowShape of a row tag whose attributes after r are `rest`; kept for the
        rows spelled alike."""
        self._shapes[rest] = shape = row_shape(attrs_of(rest))
        return shape

    def _patch_existing(
        self,
        row: _Row,
        writes: RowWrites,
        enc: CellEncoder,
        res: PatchResult,
        bounds: list,
        emit: Callable[[bytes], None],
        pos: int,
    ) -> tuple[int, bool]:
        """Emit xml[pos:] up to the end of existing row `row` with its writes applied:
        (the offset emitted up to, whether the new cells were only appended after the
        row's last cell)."""
        xml, rows = self.xml, self.rows
        cols, vals = writes
        r, start, tag_end = row.r, row.start, row.tag_end
        shape = self._row_shape(row.attrs)
        last = rows.last_cell(xml, tag_end, row.close)  # (None when it holds no cell)
        if last is None or last[0] >= cols[0]:
            emit(xml[pos:start])
            content = xml[tag_end : row.close]
            emit(rows.patch_row(xml[start:tag_end], shape, content, r, writes, enc, res, bounds))
            return row.end, False
        # all writes go after the row's last cell: keep the row's bytes as they are and
        # insert the new cells after that cell
        new, lo, hi = rows.append_cells(shape.style, r, cols, vals, enc, res)
        start_tag = xml[start:tag_end]
        tag = rows.written_tag(start_tag, shape.spans, r, lo, hi, bounds)
        if tag is start_tag:
            emit(xml[pos : last[1]])
        else:
            emit(xml[pos:start])
            emit(tag)
            emit(xml[tag_end : last[1]])
        emit(new)
        return last[1], True

    def _appended_rows(
        self,
        pending: list[int],
        pi: int,
        writes: Mapping[int, RowWrites],
        enc: CellEncoder,
        res: PatchResult,
        bounds: list,
        out: list[bytes],
        send: Callable[[], None],
        pos: int,
        search_from: int,
        prev_row: int,
    ) -> tuple[int, int, int, int]:
        """`_patch_existing` of the rows from `search_from` on, as long as they are the
        usual case: the next pending rows (rows without writes between them are passed
        over), r first in their tag, the last cell spelled the usual way, every write
        after it. Such rows come by the thousand (the result columns after each person's
        inputs) and take one tight loop here instead of a few calls each; the first row
        that is not such a row is left to the general loop, from where it starts.
        Returns (pi, pos, search_from, prev_row) after the rows taken."""
        xml, end, rows = self.xml, self.inner_end, self.rows
        find, rfind, emit = xml.find, xml.rfind, out.append
        row_open, row_close, close_len = self.row_open, self.row_close, len(self.row_close)
        usual_row, c_tag, last_cell = self.usual_row, rows.c_tag, rows.last_cell_rb
        shapes, tails, col_of = self._shapes, self._tails, COL_OF
        npending = len(pending)
        # the first and last row given a cell, and their columns: bounds grow once
        first = last = hi_all = -1
        lo_all = _NEVER
        while pi < npending:
            i = find(row_open, search_from, end)
            m = usual_row.match(xml, i, end) if i >= 0 else None
            if m is None:
                break
            tail = m.group(2)
            tag_end = m.end()
            close = find(row_close, tag_end, end)
            if close < 0 or tail.endswith(b"/"):  # cut off (raised there), or <row .../>
                break
            r = int(m.group(1)) - 1
            if r != pending[pi]:
                if r > pending[pi]:  # new rows come before it
                    break
                prev_row, search_from = r, close + close_len  # no writes: copied as it is
                continue
            cols, vals = writes[r]
            c = rfind(c_tag, tag_end, close)
            lm = last_cell.match(xml, c, close) if c >= 0 else None
            if lm is None or lm.end() != close or col_of[lm.group(1)] >= cols[0]:
                break
            shape = shapes.get(tail) or self._shape_of(tail)
            # (taken from what was encoded ahead, nearly always: see `append_cells`)
            new, lo, hi = rows.append_cells(shape.style, r, cols, vals, enc, res)
            wider = None
            if lo >= 0:
                if first < 0:
                    first = r
                last, lo_all, hi_all = r, min(lo_all, lo), max(hi_all, hi)
                if shape.spans:
                    key = (tail, lo, hi)
                    wider = tails[key] if key in tails else self._wider_tail(key, shape.spans)
            if wider is None:
                emit(xml[pos:close])
            else:
                emit(xml[pos : m.start(2)])
                emit(wider)
                emit(xml[m.end(2) : close])
            emit(new)
            pos, search_from, prev_row = close, close + close_len, r
            pi += 1
            if len(out) >= _PIECES:
                send()
        if first >= 0:
            grow(bounds, first, lo_all, hi_all)
            grow(bounds, last, lo_all, hi_all)
        return pi, pos, search_from, prev_row

    def _wider_tail(self, key: tuple[bytes, int, int], spans: bytes) -> bytes | None:
        """The attributes after r of a row tag, `key` (attributes, first, last column
        written), with the spans hint widened as `RowPatcher.written_tag` does, or None
        when they stay; kept for the rows spelled alike."""
        tail, lo, hi = key
        widened = self.rows.widen_spans(tail, spans, lo + 1, hi + 1)
        self._tails[key] = found = None if widened is tail else widened
        return found

    def _present_bounds(self) -> tuple[int, int, int, int] | None:
        """(row1, col1, row2, col2) of the cells the original sheet data holds, or None."""
        data = self.xml[self.inner_start : self.inner_end]
        refs = re.findall(rb"<(?:[\w.-]+:)?c\b[^>]*?\sr=\"([A-Za-z]{1,3})([0-9]+)\"", data)
        if not refs:
            return None
        rows = [int(r) - 1 for _, r in refs]
        cols = [col_index(c) for c, _ in refs]
        return min(rows), min(cols), max(rows), max(cols)

    def _widen_dimension(self, head: bytes, bounds: list, had_rows: bool) -> bytes:
        """`head` (the XML before <sheetData>) with its dimension ref covering `bounds`."""
        m = re.search(rb"<" + re.escape(self.p) + rb"dimension\b[^>]*>", head)
        if not m:
            return head
        ref = attrs_of(m.group(0)).get(b"ref", b"")
        old = parse_range(ref.decode()) if ref else None
        if old is None and had_rows:  # e.g. a row-only ref "1:4": widen from what is present
            old = self._present_bounds()
        r1, c1, r2, c2 = bounds
        if old and had_rows:
            r1, c1, r2, c2 = min(r1, old[0]), min(c1, old[1]), max(r2, old[2]), max(c2, old[3])
            if (r1, c1, r2, c2) == old:
                return head
        new_ref = f"{LETTERS[c1]}{r1 + 1}"
        if (r1, c1) != (r2, c2):
            new_ref += f":{LETTERS[c2]}{r2 + 1}"
        tag = set_attr(m.group(0), b"ref", new_ref.encode())
        return head[: m.start()] + tag + head[m.end() :]
