"""One cell's XML (`<c>`) for each value xlkpi writes.

* numbers: `<v>` with Python's shortest round-trip repr; NaN and infinity are refused;
* text: an inline string (`t="inlineStr"`), escaped for XML; a leading '=' stays text;
  characters XML 1.0 cannot hold and literal `_xHHHH_` sequences use Excel's `_xHHHH_`
  escape; carriage returns become `&#13;` so they survive XML newline normalisation;
  `xml:space="preserve"` only on text whose white space a reader could drop (see
  `needs_space`);
* booleans: `t="b"`; dates: serial numbers (1900 or 1904 system) with a date format when
  the cell does not show dates already;
* None: the value is cleared, the style kept;
* Formula: `<f>` with its cached value in `<v>`.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from xlkpi.io.cells import LETTERS, Formula, Styled
from xlkpi.io.errors import RefusedWrite
from xlkpi.io.styles import DATE_FORMAT_ID, DATETIME_FORMAT_ID, Styles

EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
MAX_TEXT = 32_767  # Excel's limit on characters in a cell
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
# text that `escape_text` would change (or that needs a look: "_x" may start an escape)
_SPECIAL = r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_NEEDS_ESCAPE = re.compile(_SPECIAL + "|_x")
_SPECIAL_CHAR = re.compile(_SPECIAL)  # (with `"_x" in`: twice as fast on a long text)
# white space at either end of a text, texts joined by "\n" (none holding one)
_END_SPACE = re.compile(r"^[^\S\n]|[^\S\n]$", re.M)
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
# the characters of _BAD_CHARS alone: a pattern that starts with a character class is
# searched for far quicker than one that starts with a choice
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape_text(s: str) -> str:
    """XML-escape cell text; Excel's _xHHHH_ escape for characters XML cannot hold."""
    if ("_x" in s or _CONTROL_CHAR.search(s)) and _BAD_CHARS.search(s):
        s = _BAD_CHARS.sub(lambda m: f"_x{ord(m.group(0)):04X}_", s)
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    return s


def needs_space(s: str) -> bool:
    """True when `s` needs `xml:space="preserve"`: white space at either end (Excel trims
    it otherwise), or a tab, line break or run of spaces inside. Any Unicode white space
    at the ends counts (str.strip), which is more than XML's four characters: the
    attribute costs nothing on the rare text that does not need it, and dropping it where
    it is needed would lose what HR typed. Most cells (names, grades, codes) need none,
    and leaving it out saves 21 bytes a cell to write, compress and check."""
    return s != s.strip() or "\n" in s or "\t" in s or "\r" in s or "  " in s


def is_plain_text(s: str) -> bool:
    """True when text `s` is written as it is: nothing to escape, no xml:space needed."""
    if s.isprintable():  # (nearly always: then " " is its only white space, see plain_texts)
        return not (
            "&" in s
            or "<" in s
            or ">" in s
            or "_x" in s
            or "  " in s
            or s[:1] == " "
            or s[-1:] == " "
        )
    return not (_NEEDS_ESCAPE.search(s) or needs_space(s))


def date_serial(value: dt.date, date1904: bool) -> float | int | None:
    """Excel serial number of a date or datetime, or None when Excel cannot show it."""
    if isinstance(value, dt.datetime):
        naive = value.replace(tzinfo=None)
    else:
        naive = dt.datetime(value.year, value.month, value.day)
    if date1904:
        delta = naive - _EPOCH_1904
    else:
        delta = naive - _EPOCH_1900
        if naive < dt.datetime(1900, 3, 1):
            delta -= dt.timedelta(days=1)  # before Excel's phantom 29 Feb 1900
        if naive < dt.datetime(1900, 1, 1):
            return None
    if delta.days < 0 or naive.year > 9999:
        return None
    if delta.seconds == 0 and delta.microseconds == 0:
        return delta.days
    return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400


def plain_texts(texts: Sequence[str], ends: bool = False) -> bool:
    """True when no text of `texts` needs escaping nor holds a tab, line break or run of
    spaces (and, with `ends`, none has white space at either end): one look over all of
    them (nearly always true) instead of one per text."""
    return bool(texts) and plain_joined("|".join(texts), texts, ends)


def plain_joined(text: str, texts: Sequence[str], ends: bool = False) -> bool:
    """`plain_texts` of `texts` (not empty), given `text`, their join by "|" (a caller
    that needs the join for a look of its own makes it once)."""
    # Nearly always every character is printable: then none is a control character, a
    # line break or tab, \ufffe or \uffff, nor white space other than " " (str.isprintable
    # is false for all of them), and a few substring looks decide. ("|" joins the texts:
    # it splits a "_x" or a run of spaces spanning two of them, and marks their ends; a
    # text holding "| " or " |" only sends them all to the exact look below.)
    if text.isprintable():
        return (
            "&" not in text
            and "<" not in text
            and ">" not in text
            and "_x" not in text
            and "  " not in text
            and not (ends and (text[:1] == " " or text[-1:] == " " or "| " in text or " |" in text))
        )
    # ("\n" joins them: it is not in the pattern, and a value's own line breaks show in
    # the count)
    text = "\n".join(texts)
    return (
        text.count("\n") == len(texts) - 1
        and "_x" not in text
        and "\t" not in text
        and "  " not in text
        and _SPECIAL_CHAR.search(text) is None
        and not (ends and _END_SPACE.search(text))
    )


def _plain_texts(vals: Sequence[object]) -> bool:
    """`plain_texts` of the texts among `vals`. White space at a value's ends is looked
    at per cell."""
    return plain_texts([v for v in vals if v.__class__ is str])  # type: ignore[misc]


class _StyleAttr(dict):
    """style -> the ' s="N"' of a cell keeping it ("" for None), made once per style."""

    def __missing__(self, style: int | None) -> str:
        attr = self[style] = "" if style is None else f' s="{style}"'
        return attr


class CellEncoder:
    """Turns values into `<c>` elements for one workbook (its styles and date system)."""

    def __init__(self, styles: Styles, date1904: bool, prefix: bytes = b"") -> None:
        self.styles = styles
        self.date1904 = date1904
        self.p = prefix.decode()
        # (cell style, number format) -> the ' s="N"' of the cell format showing it
        self.styled: dict[tuple[int | None, str], str] = {}
        p = self.p
        # pieces of a number cell: c_open + ref + '"' + styled_attr(...) + v_open + v + v_close
        self.c_open = f'<{p}c r="'
        self.v_open = f"><{p}v>"
        self.v_close = f"</{p}v></{p}c>"
        # ... and of a text cell: c_open + ref + '"' + style_attr[style] + text_open + ...
        # (text needing xml:space="preserve" goes to `encode`: text_open_spaced)
        self.text_open = f' t="inlineStr"><{p}is><{p}t>'
        self.text_open_spaced = f' t="inlineStr"><{p}is><{p}t xml:space="preserve">'
        self.text_close = f"</{p}t></{p}is></{p}c>"
        self.style_attr = _StyleAttr()

    def styled_attr(self, style: int | None, number_format: str) -> str:
        """' s="N"' for the cell format like `style` showing `number_format` (cached)."""
        key = (style, number_format)
        sa = self.styled.get(key)
        if sa is None:
            sa = self.styled[key] = f' s="{self.styles.with_format(style, number_format)}"'
        return sa

    def cells(
        self,
        cols: Sequence[int],
        vals: Sequence[object],
        rownum: str,
        styles: Mapping[int, int | None],
        sheet: str,
        out: list[str],
        fresh: bool = False,
    ) -> tuple[int, int]:
        """Append the `<c>` of each value of a run of cells in row `rownum` to `out`,
        column `c` keeping style `styles[c]`: (first, last) column written, or (-1, -1)
        when every value left its cell empty.

        `fresh` cells are new (the row holds no cell there): a None among them is no cell
        at all, since `styles` then gives the style Excel shows for the empty cell anyway.

        The values nearly every written cell holds (numbers, with or without a number
        format, and text needing no escape) are encoded right here, a few million times
        in a big workbook; every other value, and anything refused, goes to `encode`
        (tests/io/test_io_fast_paths.py pins the two together)."""
        letters, c_open, v_open, v_close = LETTERS, self.c_open, self.v_open, self.v_close
        text_open, text_close = self.text_open, self.text_close
        style_attr, styled = self.style_attr, self.styled
        append = out.append
        lo = hi = -1
        plain = None  # no text of the run needs escaping (looked at with the first text)
        for c, v in zip(cols, vals, strict=True):
            t = type(v)
            if t is Styled:  # the bulk of result columns: a number with a format
                inner = v.value  # type: ignore[attr-defined]
                ti = type(inner)
                if (ti is float and inner - inner == 0.0) or ti is int:  # finite
                    key = (styles[c], v.number_format)  # type: ignore[attr-defined]
                    sa = styled.get(key) or self.styled_attr(*key)
                    append(f'{c_open}{letters[c]}{rownum}"{sa}{v_open}{inner!r}{v_close}')
                    lo = c if lo < 0 else lo
                    hi = c
                    continue
            elif t is str:
                if plain is None:
                    plain = _plain_texts(vals)
                # plain: only the ends are left to look at; else the text as a whole
                if len(v) <= MAX_TEXT and (  # type: ignore[arg-type]
                    v.strip() == v  # type: ignore[attr-defined]
                    if plain
                    else is_plain_text(v)  # type: ignore[arg-type]
                ):
                    sa = style_attr[styles[c]]
                    append(f'{c_open}{letters[c]}{rownum}"{sa}{text_open}{v}{text_close}')
                    lo = c if lo < 0 else lo
                    hi = c
                    continue
            elif (t is float and v - v == 0.0) or t is int:  # type: ignore[operator]
                sa = style_attr[styles[c]]  # (repr of an int is its str)
                append(f'{c_open}{letters[c]}{rownum}"{sa}{v_open}{v!r}{v_close}')
                lo = c if lo < 0 else lo
                hi = c
                continue
            if v is None and fresh:
                continue
            x = self.encode(letters[c] + rownum, v, styles[c], sheet)
            if x is not None:
                append(x)
                lo = c if lo < 0 else lo
                hi = c
        return lo, hi

    def encode(self, ref: str, value: object, style: int | None, sheet: str) -> str | None:
        """The `<c>` element for any `value` at `ref`, keeping `style` (or a number-format
        variant of it); None when nothing needs to be written (empty, unstyled).

        Raises:
            RefusedWrite for what a cell cannot hold (NaN, text over 32,767 characters,
            a date Excel cannot show, an unknown type)."""
        if value is None:
            return None if style is None else f'<{self.p}c r="{ref}" s="{style}"/>'
        if isinstance(value, Styled):
            inner = value.value
            if isinstance(inner, (Styled, Formula)):
                raise self._refuse_value("bad_value", ref, inner, sheet)
            new_style = self.styles.with_format(style, value.number_format)
            if isinstance(inner, dt.date):
                return self._date(ref, inner, new_style, sheet, keep_format=True)
            if inner is None:
                return f'<{self.p}c r="{ref}" s="{new_style}"/>'
            return self.encode(ref, inner, new_style, sheet)
        if isinstance(value, Formula):
            return self._formula(ref, value, style, sheet)
        if isinstance(value, bool):
            return self._c(ref, style, ' t="b"', "1" if value else "0")
        if isinstance(value, dt.date):
            return self._date(ref, value, style, sheet)
        if isinstance(value, str):
            return self._text(ref, style, str(value), sheet)
        if isinstance(value, (numbers.Real, Decimal)):  # NaN / inf are refused in there
            return self._c(ref, style, "", self._number_text(ref, value, sheet))
        raise self._refuse_value("bad_value", ref, value, sheet)

    def _c(self, ref: str, style: int | None, t: str, v: str) -> str:
        return f'{self.c_open}{ref}"{self.style_attr[style]}{t}{self.v_open}{v}{self.v_close}'

    def _text(self, ref: str, style: int | None, value: str, sheet: str) -> str:
        if len(value) > MAX_TEXT:
            raise self._refuse(
                ref,
                sheet,
                "text_too_long",
                f"text of {len(value)} characters is longer than the {MAX_TEXT} a cell holds",
                f"文本长度 {len(value)} 超过单元格上限 {MAX_TEXT} 个字符",
            )
        opening = self.text_open_spaced if needs_space(value) else self.text_open
        sa = self.style_attr[style]
        return f'{self.c_open}{ref}"{sa}{opening}{escape_text(value)}{self.text_close}'

    def _number_text(self, ref: str, value: object, sheet: str) -> str:
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise self._refuse_value("not_finite", ref, value, sheet)
            return format(value, "f")
        if isinstance(value, numbers.Integral):
            return str(int(value))
        f = float(value)  # type: ignore[arg-type]
        if not math.isfinite(f):
            raise self._refuse_value("not_finite", ref, value, sheet)
        return repr(f)

    def _date(
        self, ref: str, value: dt.date, style: int | None, sheet: str, keep_format: bool = False
    ) -> str:
        serial = self._serial(ref, value, sheet)
        if not keep_format and not self.styles.is_date_style(style):
            fid = DATETIME_FORMAT_ID if isinstance(value, dt.datetime) else DATE_FORMAT_ID
            style = self.styles.with_format_id(style, fid)
        return self._c(ref, style, "", repr(serial) if isinstance(serial, float) else str(serial))

    def _formula(self, ref: str, value: Formula, style: int | None, sheet: str) -> str:
        text = value.text[1:] if value.text.startswith("=") else value.text
        if not text.strip():
            raise self._refuse(ref, sheet, "bad_value", "the formula is empty", "公式为空")
        if value.number_format:
            style = self.styles.with_format(style, value.number_format)
        p = self.p
        s = "" if style is None else f' s="{style}"'
        f = f"<{p}f>{escape_text(text)}</{p}f>"
        cached = value.cached
        if cached is None:
            return f'<{p}c r="{ref}"{s}>{f}</{p}c>'
        if isinstance(cached, bool):
            t, v = ' t="b"', "1" if cached else "0"
        elif isinstance(cached, str) and cached in EXCEL_ERRORS:
            t, v = ' t="e"', cached  # the formula's result is an error, not the text "#N/A"
        elif isinstance(cached, str):
            t, v = ' t="str"', escape_text(cached)
        elif isinstance(cached, dt.date):
            t, v = "", str(self._serial(ref, cached, sheet))
        elif isinstance(cached, (numbers.Real, Decimal)):
            t, v = "", self._number_text(ref, cached, sheet)
        else:
            raise self._refuse_value("bad_value", ref, cached, sheet)
        return f'<{p}c r="{ref}"{s}{t}>{f}<{p}v>{v}</{p}v></{p}c>'

    def _serial(self, ref: str, value: dt.date, sheet: str) -> float | int:
        """The date's serial number; refused when Excel cannot show it."""
        serial = date_serial(value, self.date1904)
        if serial is None:
            raise self._refuse(
                ref,
                sheet,
                "bad_date",
                f"Excel cannot show the date {value.isoformat()}",
                f"Excel 无法显示日期 {value.isoformat()}",
            )
        return serial

    # ---- refusals -----------------------------------------------------------------------

    def _refuse(self, ref: str, sheet: str, reason: str, en: str, zh: str) -> RefusedWrite:
        return RefusedWrite(en, zh, reason=reason, sheet=sheet, cell=ref)

    def _refuse_value(self, reason: str, ref: str, value: object, sheet: str) -> RefusedWrite:
        """The refusal of `value` for `reason` ("not_finite" or "bad_value")."""
        en, zh = _VALUE_REFUSALS[reason]
        words = {"value": value, "kind": type(value).__name__}
        return self._refuse(ref, sheet, reason, en.format(**words), zh.format(**words))


#: what a value refused by the encoder is told, by reason (str.format: value, kind)
_VALUE_REFUSALS = {
    "not_finite": (
        "{value!r} is not a finite number; Excel cells cannot hold it",
        "{value!r} 不是有限数值，Excel 单元格无法保存",
    ),
    "bad_value": (
        "cannot write a value of type {kind} ({value!r:.40})",
        "无法写入 {kind} 类型的值（{value!r:.40}）",
    ),
}
