"""Charts that show the numbers just written, also where nothing recalculates.

A chart part keeps a copy of the values it plots (`<c:numCache>`, `<c:strCache>`): Excel
redraws from the cells, but previews (mail clients, phones, file browsers) draw the copy.
After a write, every chart series whose categories lie in cells the write covered gets:
- its ranges trimmed or grown to the contiguous rows written from its first row (a table
  Calculate writes may be longer or shorter than last time: five positions, not ten), and
- fresh cached values, read from the blocks just written.

Series over cells the write does not cover are left exactly as they were. Only the
series' references and caches change; the rest of the chart part is kept byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, unescape

from xlkpi.io.cells import Block, Formula, Styled, col_index, column_letter

_CHART_PART = re.compile(r"^xl/charts/chart\d+\.xml$", re.IGNORECASE)
_SER = re.compile(rb"<(?P<p>\w+:)?ser>(?P<body>.*?)</(?P=p)?ser>", re.DOTALL)
_REF = re.compile(
    r"^(?:'(?P<q>(?:[^']|'')+)'|(?P<s>[^!']+))!\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+)"
    r"(?::\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+))?$"
)


class _Cells:
    """Values of the cells the blocks cover (later blocks win), looked up per cell."""

    def __init__(self, blocks: Sequence[Block]):
        self.by_sheet: dict[str, list[Block]] = {}
        for b in blocks:
            self.by_sheet.setdefault(b.sheet, []).append(b)

    def get(self, sheet: str, row: int, col: int) -> tuple[bool, object]:
        """(covered, value) of one cell."""
        for b in reversed(self.by_sheet.get(sheet, ())):
            r, c = row - b.row, col - b.col
            if 0 <= r < len(b.values) and 0 <= c < len(b.values[r]):
                v = b.values[r][c]
                if isinstance(v, Styled):
                    v = v.value
                elif isinstance(v, Formula):
                    v = v.cached
                return True, v
        return False, None


def refresh_chart_caches(parts: dict[str, bytes], blocks: Sequence[Block]) -> dict[str, bytes]:
    """New bytes for the chart parts whose series read cells the blocks write.

    Args:
        parts: chart part name -> its current XML.
        blocks: everything the write puts into the workbook.
    Returns:
        part name -> new XML, only for charts that changed.
    """
    cells = _Cells(blocks)
    out = {}
    for name, xml in parts.items():
        new = _SER.sub(lambda m: _series(m, cells), xml)
        if new != xml:
            out[name] = new
    return out


def chart_parts(names: Sequence[str]) -> list[str]:
    """The chart parts among a package's part names."""
    return [n for n in names if _CHART_PART.match(n)]


def _parse(ref: str) -> tuple[str, int, int, int, int] | None:
    m = _REF.match(unescape(ref.strip(), {"&apos;": "'", "&quot;": '"'}))
    if not m:
        return None
    sheet = m["q"].replace("''", "'") if m["q"] is not None else m["s"]
    c1, r1 = col_index(m["c1"].encode()), int(m["r1"]) - 1
    c2 = col_index(m["c2"].encode()) if m["c2"] else c1
    r2 = int(m["r2"]) - 1 if m["r2"] else r1
    return sheet, r1, c1, r2, c2


def _ref_text(sheet: str, col: int, first: int, last: int) -> str:
    quoted = "'" + sheet.replace("'", "''") + "'"
    letter = column_letter(col)
    return escape(f"{quoted}!${letter}${first + 1}:${letter}${last + 1}")


def _element(body: bytes, p: bytes, tag: bytes) -> re.Match[bytes] | None:
    return re.search(rb"<" + p + tag + rb">(.*?)</" + p + tag + rb">", body, re.DOTALL)


def _formula(inner: bytes, p: bytes) -> str | None:
    f = re.search(rb"<" + p + rb"f>(.*?)</" + p + rb"f>", inner, re.DOTALL)
    return f.group(1).decode("utf-8") if f else None


def _series(m: re.Match[bytes], cells: _Cells) -> bytes:
    p = m["p"] or b""
    body = m["body"]
    cat = _element(body, p, b"cat")
    if cat is None:
        return m.group(0)
    f = _formula(cat.group(1), p)
    place = _parse(f) if f else None
    if place is None:
        return m.group(0)
    sheet, first, col, _, _ = place
    covered, value = cells.get(sheet, first, col)
    if not covered:
        return m.group(0)
    labels = []
    row = first
    while True:
        covered, value = cells.get(sheet, row, col)
        if not covered or value is None or value == "":
            break
        labels.append(value)
        row += 1
    last = first + max(len(labels), 1) - 1
    ps = p.decode()
    new_body = body.replace(
        cat.group(0), f"<{ps}cat>{_ref_xml(ps, sheet, col, first, last, labels)}</{ps}cat>".encode()
    )
    val = _element(new_body, p, b"val")
    if val is not None:
        vf = _formula(val.group(1), p)
        vplace = _parse(vf) if vf else None
        if vplace is not None and vplace[0] == sheet:
            vcol = vplace[2]
            values = [cells.get(sheet, r, vcol)[1] for r in range(first, last + 1)]
            ref = _num_ref(ps, sheet, vcol, first, last, values)
            new_body = new_body.replace(val.group(0), f"<{ps}val>{ref}</{ps}val>".encode())
    tx = _element(new_body, p, b"tx")
    if tx is not None and b"strRef>" in tx.group(1):
        tf = _formula(tx.group(1), p)
        tplace = _parse(tf) if tf else None
        if tplace is not None:
            got, name = cells.get(tplace[0], tplace[1], tplace[2])
            if got:
                cache = _str_cache(ps, ["" if name is None else str(name)])
                new = f"<{ps}tx><{ps}strRef><{ps}f>{tf}</{ps}f>{cache}</{ps}strRef></{ps}tx>"
                new_body = new_body.replace(tx.group(0), new.encode("utf-8"))
    return m.group(0).replace(body, new_body)


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _ref_xml(p: str, sheet: str, col: int, first: int, last: int, labels: list) -> str:
    """Categories: numbers as a numRef, anything else as a strRef."""
    if labels and all(_is_number(v) for v in labels):
        return _num_ref(p, sheet, col, first, last, labels)
    f = _ref_text(sheet, col, first, last)
    cache = _str_cache(p, ["" if v is None else _text(v) for v in labels])
    return f"<{p}strRef><{p}f>{f}</{p}f>{cache}</{p}strRef>"


def _text(v: object) -> str:
    if _is_number(v):
        return repr(float(v)).removesuffix(".0")  # type: ignore[arg-type]
    return str(v)


def _points(p: str, texts: Iterable[tuple[int, str]]) -> str:
    """The `<pt>` of each (index, text) of a cache (texts already escaped)."""
    return "".join(f'<{p}pt idx="{i}"><{p}v>{t}</{p}v></{p}pt>' for i, t in texts)


def _str_cache(p: str, texts: list[str]) -> str:
    pts = _points(p, ((i, escape(t)) for i, t in enumerate(texts)))
    return f'<{p}strCache><{p}ptCount val="{len(texts)}"/>{pts}</{p}strCache>'


def _num_ref(p: str, sheet: str, col: int, first: int, last: int, values: list) -> str:
    f = _ref_text(sheet, col, first, last)
    pts = _points(p, ((i, repr(float(v))) for i, v in enumerate(values) if _is_number(v)))
    return (
        f"<{p}numRef><{p}f>{f}</{p}f><{p}numCache><{p}formatCode>General</{p}formatCode>"
        f'<{p}ptCount val="{last - first + 1}"/>{pts}</{p}numCache></{p}numRef>'
    )
