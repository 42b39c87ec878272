"""Header cells and rows of real exports, as the systems that write them lay them out.

A header names a column but often says more: its unit ("平均响应时长(秒)", "时长（分钟）",
"AHT [s]", "单位：分钟"), a required-field star, a trailing colon, a line break inside the
cell. `parse_header` sets the unit apart and keeps the name for matching. Exports also put
a title block above the table, spread a header over two rows under merged group cells
("服务质量" over "满意度 | 一次解决率"), and add total and repeated header rows inside the
data; `header_cells` and `skip_reason` deal with those.

Nothing here knows the workbook: matching names to indicators is `forms.Resolver`'s job.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from xlkpi.workbook import values

# Units a header may carry, by how they are written -> the unit as the workbook writes it.
_UNIT_FORMS: dict[str, tuple[str, ...]] = {
    "秒": ("秒", "秒钟", "s", "sec", "secs", "second", "seconds"),
    "分钟": ("分钟", "min", "mins", "minute", "minutes"),
    "小时": ("小时", "h", "hr", "hrs", "hour", "hours"),
    "%": ("%", "百分比", "百分率", "percent", "pct"),
    "元": ("元", "¥", "rmb", "cny", "人民币"),
    "次": ("次", "次数", "times"),
    "条": ("条", "items", "item"),
    "个": ("个", "pcs"),
    "天": ("天", "日", "days", "day"),
    "分": ("分", "分值", "points", "pts"),
}
UNITS: dict[str, str] = {form: unit for unit, forms in _UNIT_FORMS.items() for form in forms}
_UNITS_EN = {"秒": "s", "分钟": "min", "小时": "h", "元": "yuan", "次": "times", "条": "items"}
_UNITS_EN |= {"个": "pcs", "天": "days", "分": "points"}


def unit_label(unit: str, lang: str) -> str:
    """A unit as a workbook in `lang` writes it: 分钟 / min."""
    return _UNITS_EN.get(unit, unit) if lang == "en" else unit


#: time units and their length in seconds, for converting a column to the indicator's unit
SECONDS_PER: dict[str, float] = {"秒": 1.0, "分钟": 60.0, "小时": 3600.0}

_BRACKETED = re.compile(r"[(\[【〔{<]\s*([^()\[\]【】〔〕{}<>]*?)\s*[)\]】〕}>]")
_UNIT_NOTE = re.compile(r"[(\[【]?\s*单位\s*[:：]?\s*([^()\[\]【】,，;；\s]+)\s*[)\]】]?")
_SLASH_UNIT = re.compile(r"\s*/\s*([^/\s]+)$")
_SEPARATORS = re.compile(r"[\s\-_/()（）\[\]【】:：·.,，#@*※]+")


def unit_of(text: Any) -> str:
    """The unit a text names ("分钟", "%", ...) as the workbook writes it, or ""."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    return UNITS.get(t, "")


def norm_key(text: Any) -> str:
    """A column or indicator text reduced for lookup: '满意度（自评）' -> '满意度 自评'."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    return " ".join(_SEPARATORS.sub(" ", s.replace("_", " ")).split()).casefold()


@dataclass(frozen=True)
class Header:
    """One header cell: the text as written, the name left for matching, and its unit."""

    text: str  # as written, line breaks as spaces
    name: str  # without unit and decorations
    unit: str = ""  # "秒", "分钟", "%", ... or ""

    @property
    def key(self) -> str:
        """The name as headers are compared (`norm_key`)."""
        return norm_key(self.name)


def parse_header(value: Any) -> Header:
    """Set a header cell's unit and decorations apart from its name.

    "平均响应时长(秒)" -> name 平均响应时长, unit 秒; "时长\\n单位：分钟" -> 时长, 分钟;
    "一次解决率（%）" -> 一次解决率, %; "满意度（自评）" keeps its bracket: 自评 is no unit.
    """
    if values.is_blank(value):
        return Header("", "")
    text = " ".join(str(value).split())
    s = unicodedata.normalize("NFKC", text).strip()
    unit = ""
    m = _UNIT_NOTE.search(s)
    if m and unit_of(m.group(1)):
        unit = unit_of(m.group(1))
        s = (s[: m.start()] + " " + s[m.end() :]).strip()

    def bracket(m: re.Match[str]) -> str:
        nonlocal unit
        found = unit_of(m.group(1))
        if found and not unit:
            unit = found
            return " "
        return m.group(0)

    s = _BRACKETED.sub(bracket, s).strip()
    if not unit and (m := _SLASH_UNIT.search(s)) and unit_of(m.group(1)):
        unit = unit_of(m.group(1))
        s = s[: m.start()]
    s = s.strip().strip("*※").rstrip(":：").strip()
    if not unit and s.endswith("%") and len(s) > 1:  # "一次解决率%"
        unit, s = "%", s[:-1].strip()
    return Header(text, s or text, unit)


@dataclass
class HeaderCell:
    """A column's header, possibly from two rows: the texts to try, most specific first."""

    col: int
    headers: list[Header]

    @property
    def text(self) -> str:
        """The header as HR sees it ("服务质量 满意度" for two rows)."""
        return self.headers[0].text if self.headers else ""

    @property
    def unit(self) -> str:
        """The unit the header names ("分钟"), from its most specific row that names one."""
        return next((h.unit for h in self.headers if h.unit), "")

    def match_keys(self) -> list[str]:
        """Every text a target may match the column by, most specific first."""
        return [h.key for h in self.headers if h.key]


def _texts(row: list[Any]) -> list[str]:
    return ["" if values.is_blank(v) else str(v).strip() for v in row]


def _is_label_row(row: list[Any], skip_col: int | None) -> bool:
    """A row of text labels only (no numbers, no "key: value" notes), at least two."""
    labels = 0
    for c, v in enumerate(row):
        if values.is_blank(v) or c == skip_col:
            continue
        if not isinstance(v, str) or ":" in v or "：" in v:
            return False
        try:
            values.parse_number(v)
            return False
        except values.ValueIssue:
            labels += 1
    return labels > 1


def _is_group_row(above: list[str], labels: list[str]) -> bool:
    """Group labels over the header row: at least one spans two or more labelled columns
    (its cell merged across them), and none has digits (a title such as "2026年10月 客服部"
    is no group row: it would change the columns' names every month)."""
    if not _is_label_row(above, None) or any(ch.isdigit() for t in above for ch in t):
        return False
    return any(
        above[c] and not above[c + 1] and labels[c] and labels[c + 1]
        for c in range(min(len(above), len(labels)) - 1)
    )


def header_cells(rows: list[list[Any]], header: int, id_col: int) -> tuple[list[HeaderCell], int]:
    """The header cells of a table whose employee-id label is in row `header`, and the index
    of its first data row.

    A second header row is merged in when the row below holds only labels and nothing under
    the id (the id cell merged over both rows), or when the row above holds labels over
    some columns (group cells above the id row's labels). Group labels merged over several
    columns are read only in their first cell, so a blank group cell takes the group from
    its left while the columns below carry labels.
    """
    upper: list[str] | None = None
    lower = _texts(rows[header])
    first_data = header + 1
    below = rows[header + 1] if header + 1 < len(rows) else None
    under_id = below[id_col] if below is not None and id_col < len(below) else None
    if below is not None and values.is_blank(under_id) and _is_label_row(below, id_col):
        upper, lower, first_data = lower, _texts(below), header + 2
    if upper is None and header > 0 and _is_group_row(_texts(rows[header - 1]), lower):
        upper = _texts(rows[header - 1])
    width = max(len(lower), len(upper or []))
    lower += [""] * (width - len(lower))
    cells: list[HeaderCell] = []
    group = ""
    for c in range(width):
        low = lower[c]
        up = upper[c] if upper is not None and c < len(upper) else ""
        if up:
            group = up if low else ""  # a cell merged down over both rows starts no group
        elif not low:
            group = ""
        elif upper is not None:
            up = group  # under a merged group cell
        parts: list[str] = []
        if up and low:
            parts = [f"{up} {low}", low, up]
        elif low or up:
            parts = [low or up]
        cells.append(HeaderCell(c, [parse_header(p) for p in parts]))
    return cells, first_data


# Rows inside the data that are not people.
_TOTAL_WORDS = frozenset(
    norm_key(w).replace(" ", "")
    for w in (
        "合计",
        "总计",
        "小计",
        "总合计",
        "汇总",
        "平均",
        "平均值",
        "均值",
        "人均",
        "total",
        "totals",
        "grand total",
        "subtotal",
        "sum",
        "average",
        "avg",
        "mean",
    )
)


def is_total_text(value: Any) -> bool:
    """'合计', '总 计', 'Total:', '平均值' ... (a total, subtotal or average label)."""
    if not isinstance(value, str):
        return False
    return norm_key(value).replace(" ", "") in _TOTAL_WORDS


def skip_reason(
    cells: list[Any], id_col: int, id_keys: frozenset[str], label_cols: tuple[int, ...] = ()
) -> str | None:
    """Why a data row is not a person's row: "total" (合计, 小计, 平均, Total ...), "header"
    (the header repeated, as page-wise exports do), or None for an ordinary row.

    Args:
        cells: the row.
        id_col: the employee-id column.
        id_keys: normalised texts that name the id column.
        label_cols: other columns that may hold the total label (the name column).
    """
    ident = cells[id_col] if id_col < len(cells) else None
    if isinstance(ident, str) and parse_header(ident).key in id_keys:
        return "header"
    firsts = [v for v in cells if not values.is_blank(v)][:2]
    labels = [ident, *(cells[c] for c in label_cols if c < len(cells)), *firsts]
    if any(is_total_text(v) for v in labels):
        return "total"
    return None
