"""Number formats for written cells, added to styles.xml without disturbing existing styles.

A cell that needs a format (two decimals, percent, ¥ money, a date) gets a *clone* of its
current cell format (`<xf>` in `<cellXfs>`: font, fill, border, alignment, protection all
kept) with only `numFmtId` changed. A custom format code becomes a new `<numFmt>`. Identical
clones are reused, so running xlkpi again adds nothing. styles.xml is edited by splicing:
only the `<numFmts>` and `<cellXfs>` lists grow; every other byte stays.
"""

from __future__ import annotations

import re

from xlkpi.io.parts import attrs_of, root_prefix, set_attr

#: Built-in number formats whose code is the same in every Excel locale.
BUILTIN_FORMATS = {
    "General": 0,
    "0": 1,
    "0.00": 2,
    "#,##0": 3,
    "#,##0.00": 4,
    "0%": 9,
    "0.00%": 10,
    "0.00E+00": 11,
    "# ?/?": 12,
    "# ??/??": 13,
    "@": 49,
}
#: Built-in date formats (shown in the user's locale): 14 short date, 22 date and time.
DATE_FORMAT_ID = 14
DATETIME_FORMAT_ID = 22
_BUILTIN_DATE_IDS = (
    set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
)
_FIRST_CUSTOM_ID = 164
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def _unescape(v: bytes) -> str:
    s = v.decode("utf-8")
    if "&" not in s:
        return s
    s = re.sub(r"&#x([0-9a-fA-F]+);", lambda m: chr(int(m.group(1), 16)), s)
    s = re.sub(r"&#([0-9]+);", lambda m: chr(int(m.group(1))), s)
    for ent, ch in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        s = s.replace(ent, ch)
    return s


def _escape_attr(s: str) -> bytes:
    return (
        s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    ).encode("utf-8")


def is_date_code(code: str) -> bool:
    """True when a format code shows dates or times (d, m, y, h, s outside quotes/brackets)."""
    bare = _QUOTED.sub("", code.split(";")[0])
    return bool(re.search(r"[dmyhsDMYHS]", bare)) and "General" not in bare


#: The least a styles part holds for cells to have formats: one font, the two fills Excel
#: requires, one border, the Normal cell style and its cell format.
MINIMAL_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill>'
    b'<fill><patternFill patternType="gray125"/></fill></fills>'
    b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    b"</styleSheet>"
)


class Styles:
    """The cell formats of styles.xml, able to add number-format variants of a cell's xf."""

    def __init__(self, data: bytes | None, path: str) -> None:
        self.path = path
        self.data = data or b""
        self._parsed = False
        #: True when the styles were made from MINIMAL_STYLES (the part lacked cell formats)
        self.created = False

    def _parse(self) -> None:
        if self._parsed:
            return
        self._parsed = True
        d = self.data
        self.p = root_prefix(d, b"styleSheet")
        p = re.escape(self.p)
        self.num_fmts: dict[int, str] = {}
        m = re.search(rb"<" + p + rb"numFmts\b[^>]*?(?:/>|>(.*?)</" + p + rb"numFmts>)", d, re.S)
        if m and m.group(1):
            for nf in re.finditer(rb"<" + p + rb"numFmt\b[^>]*>", m.group(1)):
                a = attrs_of(nf.group(0))
                if b"numFmtId" in a:
                    self.num_fmts[int(a[b"numFmtId"])] = _unescape(a.get(b"formatCode", b""))
        m = re.search(rb"<" + p + rb"cellXfs\b[^>]*?(?:/>|>(.*?)</" + p + rb"cellXfs>)", d, re.S)
        if not m or not m.group(1):
            # no styles part, or one without cell formats (some producers write that):
            # start from the minimal styles a cell format needs, keeping custom formats
            keep = re.search(
                rb"<" + p + rb"numFmts\b(?:[^>]*/>|[^>]*>.*?</" + p + rb"numFmts>)", d, re.S
            )
            self.data = d = MINIMAL_STYLES.replace(
                b"<fonts", (keep.group(0).replace(self.p, b"") if keep else b"") + b"<fonts", 1
            )
            self.p = p = b""
            self.created = True
            m = re.search(rb"<cellXfs\b[^>]*?>(.*?)</cellXfs>", d, re.S)
            assert m is not None
        self.xfs: list[bytes] = [
            x.group(0)
            for x in re.finditer(
                rb"<" + p + rb"xf\b[^>]*?/>|<" + p + rb"xf\b[^>]*?>.*?</" + p + rb"xf>",
                m.group(1),
                re.S,
            )
        ]
        self._index = {x: i for i, x in reversed(list(enumerate(self.xfs)))}
        self.new_fmts: list[tuple[int, str]] = []
        self.new_xfs: list[bytes] = []
        self._memo: dict[tuple[int, int], int] = {}

    def num_fmt_id(self, style: int | None) -> int:
        """The number format id of cell format `style` (0, General, for None)."""
        self._parse()
        s = style or 0
        if s >= len(self.xfs):
            return 0
        return int(attrs_of(self.xfs[s][: self.xfs[s].index(b">") + 1]).get(b"numFmtId", b"0"))

    def is_date_style(self, style: int | None) -> bool:
        """True when the cell format of `style` already shows a date or time."""
        if not self.data:
            return False
        fid = self.num_fmt_id(style)
        if fid in _BUILTIN_DATE_IDS:
            return True
        return fid in self.num_fmts and is_date_code(self.num_fmts[fid])

    def format_id(self, code: str) -> int:
        """numFmtId for `code`: built-in, an existing custom format, or a new one."""
        self._parse()
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        for fid, c in self.num_fmts.items():
            if c == code:
                return fid
        fid = max([_FIRST_CUSTOM_ID - 1, *self.num_fmts]) + 1
        self.num_fmts[fid] = code
        self.new_fmts.append((fid, code))
        return fid

    def with_format_id(self, style: int | None, fid: int) -> int:
        """Index of a cell format like `style` but showing number format `fid`."""
        self._parse()
        s = style or 0
        if s >= len(self.xfs):
            s = 0
        key = (s, fid)
        if key in self._memo:
            return self._memo[key]
        if self.num_fmt_id(s) == fid:
            result = s
        else:
            xf = self.xfs[s]
            end = xf.index(b">") + 1
            tag = set_attr(
                set_attr(xf[:end], b"numFmtId", str(fid).encode()), b"applyNumberFormat", b"1"
            )
            clone = tag + xf[end:]
            if clone in self._index:
                result = self._index[clone]
            else:
                result = len(self.xfs)
                self.xfs.append(clone)
                self._index[clone] = result
                self.new_xfs.append(clone)
        self._memo[key] = result
        return result

    def unlocked(self) -> int:
        """Index of a cell format like the default one (xf 0) but not locked, for the
        input columns of a protected sheet the writer adds."""
        self._parse()
        xf = self.xfs[0]
        end = xf.index(b">") + 1
        tag = set_attr(xf[:end], b"applyProtection", b"1")
        prot = b"<" + self.p + b'protection locked="0"/>'
        if tag.endswith(b"/>"):
            clone = tag[:-2] + b">" + prot + b"</" + self.p + b"xf>"
        else:
            body = re.sub(rb"<" + re.escape(self.p) + rb"protection\b[^>]*/>", b"", xf[end:])
            close = body.rindex(b"</")
            clone = tag + body[:close] + prot + body[close:]
        if clone in self._index:
            return self._index[clone]
        self.xfs.append(clone)
        self._index[clone] = len(self.xfs) - 1
        self.new_xfs.append(clone)
        return len(self.xfs) - 1

    def with_format(self, style: int | None, code: str) -> int:
        """A cell format like `style` showing number format `code` (added if new)."""
        return self.with_format_id(style, self.format_id(code))

    def to_bytes(self) -> bytes | None:
        """The new styles.xml, or None when nothing was added."""
        if not self._parsed or not (self.new_fmts or self.new_xfs):
            return None
        d = self.data
        p = self.p
        ep = re.escape(p)
        if self.new_xfs:
            m = re.search(rb"<" + ep + rb"cellXfs\b[^>]*>", d)
            assert m is not None
            close = d.index(b"</" + p + b"cellXfs>", m.end())
            tag = set_attr(m.group(0), b"count", str(len(self.xfs)).encode())
            d = d[: m.start()] + tag + d[m.end() : close] + b"".join(self.new_xfs) + d[close:]
        if self.new_fmts:
            els = b"".join(
                b'<%snumFmt numFmtId="%d" formatCode="%s"/>' % (p, fid, _escape_attr(code))
                for fid, code in self.new_fmts
            )
            m = re.search(rb"<" + ep + rb"numFmts\b[^>]*?(/?)>", d)
            if m is None:
                root = re.search(rb"<" + ep + rb"styleSheet\b[^>]*>", d)
                assert root is not None
                new = b"<" + p + b'numFmts count="' + str(len(self.new_fmts)).encode() + b'">' + els
                d = d[: root.end()] + new + b"</" + p + b"numFmts>" + d[root.end() :]
            else:
                count = str(len(self.num_fmts)).encode()
                if m.group(1):  # <numFmts count="0"/>
                    tag = set_attr(m.group(0)[:-2] + b">", b"count", count)
                    d = d[: m.start()] + tag + els + b"</" + p + b"numFmts>" + d[m.end() :]
                else:
                    close = d.index(b"</" + p + b"numFmts>", m.end())
                    tag = set_attr(m.group(0), b"count", count)
                    d = d[: m.start()] + tag + d[m.end() : close] + els + d[close:]
        return d
