"""Rewriting the cell data (`<sheetData>`) of one worksheet, and nothing else.

The sheet XML is handled as bytes: everything before `<sheetData>` and after
`</sheetData>` is kept as is (except the `<dimension>` ref, widened when cells are written
outside it), rows without writes are copied as byte slices, and in a row that receives
writes only the written `<c>` elements are replaced; other cells, row attributes and
whitespace stay. New cells and rows are inserted in order.

A new cell takes the style Excel would show for it while empty: the row's style (when
the row has customFormat) or else its column's style from `<cols>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from xlkpi.io.cells import MAX_COLS, Block, Styled, column_letter
from xlkpi.io.cellxml import CellEncoder
from xlkpi.io.errors import CorruptWorkbook, RefusedWrite
from xlkpi.io.package import DeflatedPart, PartDeflater, attrs_of, set_attr

_LETTERS = [column_letter(i) for i in range(MAX_COLS)]
_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]+)")
_R_ATTR_S = re.compile(r"\br\s*=\s*[\"']\$?([A-Za-z]{1,3})")
_SPANS = re.compile(rb"\sspans\s*=\s*(?:\"[^\"]*\"|'[^']*')")
_S_ATTR_S = re.compile(r"\bs\s*=\s*[\"']([0-9]+)")
_R_ATTR_B = re.compile(rb"\br\s*=\s*[\"']\$?([A-Za-z]{1,3})")
_ROW_R = re.compile(rb'\s+r="([0-9]+)"\s*')  # a row tag's attributes starting with r
_NEVER = 1 << 30


def _col_index(letters: bytes) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col - 1


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """'B2:D9' -> (1, 1, 8, 3) as (row1, col1, row2, col2), 0-based; 'B2' -> a 1x1 range."""
    ends = []
    for part in ref.replace("$", "").split(":")[:2]:
        m = _REF.fullmatch(part.strip().encode())
        if not m:
            return None
        ends.append((int(m.group(2)) - 1, _col_index(m.group(1))))
    if len(ends) == 1:
        ends.append(ends[0])
    (r1, c1), (r2, c2) = ends
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


#: What one row receives: (columns in ascending order, their values).
RowWrites = tuple[Sequence[int], Sequence[object]]


@dataclass
class PatchResult:
    part: DeflatedPart | None  # the new sheet part, or None when nothing changed
    cells: int = 0
    refusals: list[RefusedWrite] = field(default_factory=list)


def row_writes(blocks: Iterable[Block]) -> dict[int, RowWrites]:
    """row -> (columns, values) of what `blocks` write; a later block wins on overlap.

    A row written by one block keeps that block's row of values as is (no copy)."""
    rows: dict[int, RowWrites] = {}
    spans: dict[tuple[int, int], range] = {}
    for b in blocks:
        col = b.col
        for i, values in enumerate(b.values):
            if not values:
                continue
            r = b.row + i
            key = (col, len(values))
            cols = spans.get(key)
            if cols is None:
                cols = spans[key] = range(col, col + len(values))
            prev = rows.get(r)
            if prev is None:
                rows[r] = (cols, values)
            else:
                merged = dict(zip(*prev, strict=True))
                merged.update(zip(cols, values, strict=True))
                order = sorted(merged)
                rows[r] = (order, [merged[c] for c in order])
    return rows


def _value_bounds(writes: Mapping[int, RowWrites]) -> list:
    """The area of the cells that receive a value (None clears and may write nothing)."""
    bounds: list = [None, None, None, None]
    for r, (cols, vals) in writes.items():
        n = len(vals)
        i = 0
        while i < n and vals[i] is None:
            i += 1
        if i == n:
            continue
        j = n - 1
        while vals[j] is None:
            j -= 1
        _grow(bounds, r, cols[i], cols[j])
    return bounds


class SheetPatcher:
    """Patches one worksheet part. `writes` maps row -> {col: value} (0-based)."""

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
        self.col_styles = self._col_styles()
        self._col_style_of: dict[int, int | None] = {}
        self.pstr = self.p.decode()
        ep = re.escape(self.pstr)
        self.cell_pat_s = re.compile("<" + ep + r"c\b([^>]*?)(?:/>|>(.*?)</" + ep + "c>)", re.S)
        # the same for the usual attribute order (r first, then s), capturing the whole
        # cell, its column letters, style and content; rows it does not fit go the slow way
        self.cell_pat_rs = re.compile(
            "(<"
            + ep
            + r'c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?[^>]*?(?:/>|>(.*?)</'
            + ep
            + "c>))",
            re.S,
        )
        self.f_tag = "<" + self.pstr + "f"
        self.c_tag = b"<" + self.p + b"c"
        self.cell_pat_b = re.compile(
            b"<" + re.escape(self.p) + rb"c\b([^>]*?)(?:/>|>(.*?)</" + re.escape(self.p) + b"c>)",
            re.S,
        )
        self.row_pat = re.compile(rb"<" + re.escape(self.p) + rb"row\b([^>]*?)(/?)>")
        self.had_rows = self.row_pat.search(xml, self.inner_start, self.inner_end) is not None

    # ---- what is around the cell data ---------------------------------------------------

    def _col_styles(self) -> list[tuple[int, int, int]]:
        out = []
        for m in re.finditer(rb"<" + re.escape(self.p) + rb"col\b[^>]*>", self.head):
            a = attrs_of(m.group(0))
            if b"style" in a and b"min" in a and b"max" in a:
                out.append((int(a[b"min"]) - 1, int(a[b"max"]) - 1, int(a[b"style"])))
        return out

    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
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
        return [
            v.decode()
            for m in re.finditer(rb"<" + re.escape(self.p) + rb"tablePart\b[^>]*>", self.tail)
            for k, v in attrs_of(m.group(0)).items()
            if k.endswith(b":id")
        ]

    def _col_style(self, col: int) -> int | None:
        try:
            return self._col_style_of[col]
        except KeyError:
            pass
        found = None
        for lo, hi, style in self.col_styles:
            if lo <= col <= hi:
                found = style
                break
        self._col_style_of[col] = found
        return found

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
        guess = _value_bounds(writes)
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
        xml = self.xml
        p = self.p
        res = PatchResult(None)
        emit = sink.write
        pending = sorted(writes)
        npending = len(pending)
        pi = 0
        emit(self._head(head_bounds))
        row_search = self.row_pat.search
        row_close = b"</" + p + b"row>"
        find = xml.find
        pos = self.inner_start  # xml[:pos] is already emitted
        end = self.inner_end
        search_from = pos
        prev_row = -1
        bounds: list = [None, None, None, None]  # written area r1, c1, r2, c2
        while pi < npending:
            m = row_search(xml, search_from, end)
            if m is None:
                break
            attrs = m.group(1)
            rm = _ROW_R.match(attrs)
            if rm is not None:
                r = int(rm.group(1)) - 1
            else:
                a = attrs_of(attrs)
                r = int(a[b"r"]) - 1 if b"r" in a else prev_row + 1
            prev_row = r
            if m.group(2):
                row_end = close = m.end()
            else:
                close = find(row_close, m.end(), end)
                if close < 0:
                    raise CorruptWorkbook(
                        f"row {r + 1} is cut off",
                        f"第 {r + 1} 行不完整",
                        sheet=self.sheet,
                        path=self.path,
                    )
                row_end = close + len(row_close)
            search_from = row_end
            while pi < npending and pending[pi] < r:  # new rows before this one
                emit(xml[pos : m.start()])
                pos = m.start()
                cols, vals = writes[pending[pi]]
                emit(self._new_row(pending[pi], cols, vals, enc, res, bounds))
                pi += 1
            if pi < npending and pending[pi] == r:
                cols, vals = writes[r]
                if rm is not None and rm.end() == len(attrs):
                    a = {b"r": rm.group(1)}  # the usual plain row: nothing else to read
                else:
                    a = attrs_of(attrs)
                last = None if m.group(2) else self._last_cell(xml, m.end(), close)
                if last is not None and last[0] < cols[0]:
                    # all writes go after the row's last cell: keep the row's bytes as
                    # they are and insert the new cells after that cell
                    new, lo, hi = self._append_cells(a, r, cols, vals, enc, res)
                    tag = start_tag = m.group(0)
                    if lo >= 0:
                        _grow(bounds, r, lo, hi)
                        spans = a.get(b"spans")
                        if spans:
                            tag = _widen_spans(tag, spans, lo + 1, hi + 1)
                    if tag is start_tag:
                        emit(xml[pos : last[1]])
                    else:
                        emit(xml[pos : m.start()])
                        emit(tag)
                        emit(xml[m.end() : last[1]])
                    emit(new)
                    pos = last[1]
                else:
                    emit(xml[pos : m.start()])
                    emit(
                        self._patch_row(
                            m.group(0),
                            a,
                            xml[m.end() : close],
                            r,
                            dict(zip(cols, vals, strict=True)),
                            enc,
                            res,
                            bounds,
                        )
                    )
                    pos = row_end
                pi += 1
        if pi < npending:  # rows after the last existing row
            emit(xml[pos:end])
            pos = end
            for r in pending[pi:]:
                cols, vals = writes[r]
                emit(self._new_row(r, cols, vals, enc, res, bounds))
        if self.open.group(2):
            emit(b"</" + p + b"sheetData>")
            pos = self.close_end
        emit(xml[pos:])
        return res, bounds

    def _present_bounds(self) -> tuple[int, int, int, int] | None:
        """(row1, col1, row2, col2) of the cells the original sheet data holds, or None."""
        data = self.xml[self.inner_start : self.inner_end]
        refs = re.findall(rb"<(?:[\w.-]+:)?c\b[^>]*?\sr=\"([A-Za-z]{1,3})([0-9]+)\"", data)
        if not refs:
            return None
        rows = [int(r) - 1 for _, r in refs]
        cols = [_col_index(c) for c, _ in refs]
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
        new_ref = f"{_LETTERS[c1]}{r1 + 1}"
        if (r1, c1) != (r2, c2):
            new_ref += f":{_LETTERS[c2]}{r2 + 1}"
        tag = set_attr(m.group(0), b"ref", new_ref.encode())
        return head[: m.start()] + tag + head[m.end() :]

    def _append_cells(
        self,
        a: dict,
        r: int,
        cols: Sequence[int],
        vals: Sequence[object],
        enc: CellEncoder,
        res: PatchResult,
    ) -> tuple[bytes, int, int]:
        """The new cells of a row whose writes all lie after its last cell: (xml, lo, hi).

        Numbers with a number format (most result cells) are written here directly: the
        cell format showing them is looked up once per (style, format), not per cell.
        Everything else goes through `enc.encode`."""
        row_style = (
            int(a[b"s"]) if a.get(b"customFormat") in (b"1", b"true") and b"s" in a else None
        )
        rownum = str(r + 1)
        encode, sheet, letters = enc.encode, self.sheet, _LETTERS
        by_col = row_style is None and bool(self.col_styles)
        col_style = self._col_style
        style = row_style
        styled_attr, styled = enc.styled_attr, enc.styled
        c_open, v_open, v_close = enc.c_open, enc.v_open, enc.v_close
        out: list[str] = []
        append = out.append
        lo = hi = -1
        n = 0
        for c, v in zip(cols, vals, strict=True):
            n += 1
            if by_col:
                style = col_style(c)
            if type(v) is Styled:
                inner = v.value
                ti = type(inner)
                if (ti is float and inner - inner == 0.0) or ti is int:
                    # float repr is the shortest round trip; for int repr is str
                    fmt = v.number_format
                    sa = styled.get((style, fmt)) or styled_attr(style, fmt)
                    append(f'{c_open}{letters[c]}{rownum}"{sa}{v_open}{inner!r}{v_close}')
                    if lo < 0:
                        lo = c
                    hi = c
                    continue
            x = encode(letters[c] + rownum, v, style, sheet)
            if x is not None:
                append(x)
                if lo < 0:
                    lo = c
                hi = c
        res.cells += n
        return "".join(out).encode("utf-8"), lo, hi

    def _new_row(
        self,
        r: int,
        cols: Sequence[int],
        vals: Sequence[object],
        enc: CellEncoder,
        res: PatchResult,
        bounds: list,
    ) -> bytes:
        p = self.pstr
        rownum = str(r + 1)
        encode, sheet, letters = enc.encode, self.sheet, _LETTERS
        col_style = self._col_style if self.col_styles else _no_style
        out = []
        lo = hi = -1
        for c, v in zip(cols, vals, strict=True):
            x = encode(letters[c] + rownum, v, col_style(c), sheet)
            if x is not None:
                out.append(x)
                if lo < 0:
                    lo = c
                hi = c
        res.cells += len(cols)
        if not out:
            return b""
        _grow(bounds, r, lo, hi)
        return f'<{p}row r="{rownum}">{"".join(out)}</{p}row>'.encode()

    def _patch_row(
        self,
        start_tag: bytes,
        a: dict,
        raw: bytes,
        r: int,
        cells: Mapping[int, object],
        enc: CellEncoder,
        res: PatchResult,
        bounds: list,
    ) -> bytes:
        """Replace the written cells of one existing row; everything else is kept.

        (Rows whose writes all lie after their last cell are done by `_patch` itself.)"""
        content = raw.decode("utf-8")
        row_style = (
            int(a[b"s"]) if a.get(b"customFormat") in (b"1", b"true") and b"s" in a else None
        )
        rownum = str(r + 1)
        todo = sorted(cells)
        n = len(todo)
        ti = 0
        nxt = todo[0]
        pos = 0  # content[:pos] is already in out
        out: list[str] = []
        lo = hi = -1
        prev_col = -1
        last_end = 0
        encode, sheet, letters = enc.encode, self.sheet, _LETTERS
        col_style = self._col_style if self.col_styles else _no_style
        col_of = _COL_OF
        cell_iter: Iterator[re.Match[str]] = iter(())
        found = self.cell_pat_rs.findall(content)
        if found and sum(map(len, map(itemgetter(0), found))) == len(content):
            # the row holds only cells, each with its r: merge cells and writes directly
            lo, hi = self._merge_row(found, todo, cells, rownum, row_style, enc, res, out)
            pos = len(content)
            ti = n
        else:
            content = self._with_cell_refs(content, rownum)
            cell_iter = self.cell_pat_s.finditer(content)
        for m in cell_iter:
            last_end = m.end()
            g1, inner = m.group(1, 2)
            rm = _R_ATTR_S.search(g1)
            letters_ = rm.group(1) if rm else ""
            sm = _S_ATTR_S.search(g1)
            style_ = sm.group(1) if sm else ""
            col = col_of[letters_] if letters_ else prev_col + 1
            prev_col = col
            if col < nxt:
                continue  # untouched cell: copied with the next slice
            start = m.start()
            while nxt < col:  # new cells before this one
                out.append(content[pos:start])
                pos = start
                x = encode(
                    letters[nxt] + rownum,
                    cells[nxt],
                    row_style if row_style is not None else col_style(nxt),
                    sheet,
                )
                if x is not None:
                    out.append(x)
                    lo = nxt if lo < 0 else lo
                    hi = nxt
                ti += 1
                nxt = todo[ti] if ti < n else _NEVER
            if nxt == col:
                out.append(content[pos:start])
                refusal = (
                    self._formula_refusal(inner, col, rownum)
                    if inner and self.f_tag in inner
                    else None
                )
                if refusal is not None:
                    res.refusals.append(refusal)
                    pos = start
                else:
                    pos = m.end()
                    x = encode(
                        letters[col] + rownum, cells[col], int(style_) if style_ else None, sheet
                    )
                    if x is not None:
                        out.append(x)
                        lo = col if lo < 0 else lo
                        hi = col
                ti += 1
                nxt = todo[ti] if ti < n else _NEVER
            if ti >= n:
                break
        if ti < n:  # after the last cell, before any trailing <extLst>
            tail_at = max(last_end, pos)
            out.append(content[pos:tail_at])
            pos = tail_at
            while ti < n:
                x = encode(
                    letters[nxt] + rownum,
                    cells[nxt],
                    row_style if row_style is not None else col_style(nxt),
                    sheet,
                )
                if x is not None:
                    out.append(x)
                    lo = nxt if lo < 0 else lo
                    hi = nxt
                ti += 1
                nxt = todo[ti] if ti < n else _NEVER
        out.append(content[pos:])
        res.cells += n
        tag = start_tag
        if lo >= 0:
            _grow(bounds, r, lo, hi)
            spans = a.get(b"spans")
            if spans:
                tag = _widen_spans(tag, spans, lo + 1, hi + 1)
        if tag.endswith(b"/>"):
            tag = tag[:-2].rstrip() + b">"
        return tag + "".join(out).encode("utf-8") + b"</" + self.p + b"row>"

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
                col = _COL_OF[rm.group(1)]
                continue
            col += 1
            name_end = m.start() + len(self.pstr) + 2  # after "<" + prefix + "c"
            out.append(content[pos:name_end])
            out.append(f' r="{_LETTERS[col]}{rownum}"')
            pos = name_end
        out.append(content[pos:])
        return "".join(out)

    def _merge_row(self, found, todo, cells, rownum, row_style, enc, res, out) -> tuple[int, int]:
        """Fast path of _patch_row: (whole cell, letters, style, inner) tuples + writes."""
        encode, sheet, letters, col_of = enc.encode, self.sheet, _LETTERS, _COL_OF
        col_style = self._col_style if self.col_styles else _no_style
        f_tag = self.f_tag
        p = self.pstr
        styled = enc.styled_by_text
        c_open, v_open, v_close = enc.c_open, enc.v_open, enc.v_close
        n = len(todo)
        ti = 0
        nxt = todo[0]
        lo = hi = -1
        for full, letters_, style_, inner in found:
            col = col_of[letters_]
            if not style_ and " s=" in full:  # s after other attributes
                sm = _S_ATTR_S.search(full, 0, full.index(">"))
                style_ = sm.group(1) if sm else ""
            while nxt < col:
                x = encode(
                    letters[nxt] + rownum,
                    cells[nxt],
                    row_style if row_style is not None else col_style(nxt),
                    sheet,
                )
                if x is not None:
                    out.append(x)
                    lo = nxt if lo < 0 else lo
                    hi = nxt
                ti += 1
                nxt = todo[ti] if ti < n else _NEVER
            if nxt != col:
                out.append(full)
                continue
            refusal = (
                self._formula_refusal(inner, col, rownum) if inner and f_tag in inner else None
            )
            if refusal is not None:
                res.refusals.append(refusal)
                out.append(full)
            else:
                v = cells[col]
                tv = type(v)
                if tv is float and v - v == 0.0:  # finite float: the common case, inlined
                    sa = f' s="{style_}"' if style_ else ""
                    x = f'<{p}c r="{letters[col]}{rownum}"{sa}><{p}v>{v!r}</{p}v></{p}c>'
                elif tv is Styled and (
                    (type(v.value) is float and v.value - v.value == 0.0) or type(v.value) is int
                ):  # a number with a format (result columns), inlined too
                    fmt = v.number_format
                    sa = styled.get((style_, fmt))
                    if sa is None:
                        sa = styled[style_, fmt] = enc.styled_attr(
                            int(style_) if style_ else None, fmt
                        )
                    x = f'{c_open}{letters[col]}{rownum}"{sa}{v_open}{v.value!r}{v_close}'
                else:
                    x = encode(letters[col] + rownum, v, int(style_) if style_ else None, sheet)
                if x is not None:
                    out.append(x)
                    lo = col if lo < 0 else lo
                    hi = col
            ti += 1
            nxt = todo[ti] if ti < n else _NEVER
        while ti < n:
            x = encode(
                letters[nxt] + rownum,
                cells[nxt],
                row_style if row_style is not None else col_style(nxt),
                sheet,
            )
            if x is not None:
                out.append(x)
                lo = nxt if lo < 0 else lo
                hi = nxt
            ti += 1
            nxt = todo[ti] if ti < n else _NEVER
        return lo, hi

    def _last_cell(self, xml: bytes, start: int, end: int) -> tuple[int, int] | None:
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
        m = self.cell_pat_b.match(xml, i, end)
        if m is None or xml[m.end() : end].lstrip().startswith(tag):
            return None
        rm = _R_ATTR_B.search(m.group(1))
        return (_COL_OF[rm.group(1)], m.end()) if rm else None

    def _formula_refusal(self, inner: str, col: int, rownum: str) -> RefusedWrite | None:
        fm = re.search("<" + re.escape(self.pstr) + r"f\b([^>]*?)/?>", inner)
        if not fm:
            return None
        kind = attrs_of(fm.group(1).encode()).get(b"t", b"normal").decode()
        if kind not in ("shared", "array", "dataTable"):
            return None
        return formula_refusal(kind, self.sheet, _LETTERS[col] + rownum, self.path)


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


class _ColIndex(dict):
    """'A' or b'A' -> 0, 'AB' or b'AB' -> 27, computed once per distinct column."""

    def __missing__(self, letters: str | bytes) -> int:
        value = _col_index(letters.encode() if isinstance(letters, str) else letters)
        self[letters] = value
        return value


_COL_OF = _ColIndex()


def _widen_spans(tag: bytes, spans: bytes, lo: int, hi: int) -> bytes:
    """Widen a row's spans hint ("1:5") when cells were added outside it."""
    try:
        nums = [int(x) for part in spans.split() for x in part.split(b":")]
    except ValueError:
        return tag
    if not nums or (lo >= min(nums) and hi <= max(nums)):
        return tag
    new = f' spans="{min(lo, min(nums))}:{max(hi, max(nums))}"'.encode()
    return _SPANS.sub(lambda _: new, tag, count=1)


def _no_style(col: int) -> None:
    return None


def _grow(bounds: list, r: int, lo: int, hi: int) -> None:
    if bounds[0] is None:
        bounds[:] = [r, lo, r, hi]
        return
    bounds[0] = min(bounds[0], r)
    bounds[1] = min(bounds[1], lo)
    bounds[2] = max(bounds[2], r)
    bounds[3] = max(bounds[3], hi)
