"""Rows of the Pay sheet's monthly tables from an export: the repair teams' output and the
pool inputs (`xlkpi.workbook.pay_layout.PAY_TABLES` "teams" and "pool_inputs").

A file row updates the table's row with the same key (team; pool, department and input)
or fills the next blank row below the table. Blank cells import nothing. The table must
keep a blank row below it (tables on the Pay sheet end at the first blank row), so a row
that would close the gap to the next table is refused: insert rows there first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import CellInput, Styled, a1
from xlkpi.workbook import layout, values
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.layout import Kind

from .forms import Detected
from .sources import ExportTable, Row, place_text
from .target import PaySheet, Target, is_blank

#: the columns that say which row of the table a file row is
KEYS: dict[str, tuple[str, ...]] = {
    "teams": ("team",),
    "pool_inputs": ("pool", "department", "input"),
}


@dataclass
class PayRow:
    """One file row for a Pay table: its key and the cells to write, by column key."""

    table: str
    key: tuple[str, ...]
    cells: dict[str, CellInput]
    source: Source
    row: int = -1  # the Pay sheet row, once placed


@dataclass
class PayWrites:
    """The Pay rows of every file, by table and key (one per key across files)."""

    rows: dict[tuple[str, tuple[str, ...]], PayRow] = field(default_factory=dict)


def _key_part(column: str, value: Any) -> str:
    """How a key cell is compared: ids as `parse_key`, pools casefolded, departments as
    text, inputs by name (a label of a known input gives its name)."""
    if column == "department":
        return values.parse_text(value)
    text = values.parse_key(value)
    if column == "pool":
        return text.casefold()
    if column == "input":
        return pl.input_name(text) or text
    return text


def _describe(table: str, key: tuple[str, ...], lang: str) -> str:
    what = pl.PAY_TABLE_TITLES[table](lang)
    shown = " / ".join(k for k in key if k) or "-"
    return f"{what}: {shown}" if lang == "en" else f"{what}：{shown}"


def read_rows(
    table: ExportTable,
    found: Detected,
    target: Target,
    writes: PayWrites,
    problems: Problems,
    skip: Callable[[Row], bool] | None = None,
) -> tuple[int, int]:
    """Check the file's rows for its Pay table and add them to `writes`; rows `skip`
    accepts (total rows, repeated headers) are left out.

    Returns:
        (data rows read, values to write: the cells beside the key cells).
    """
    spec = pl.PAY_TABLES[found.table]
    count = rows = 0
    for row in table.rows[found.header_row + 1 :]:
        cells = row.cells
        if all(is_blank(v) for v in cells) or (skip is not None and skip(row)):
            continue
        rows += 1
        where = table.source(row.number)
        parsed: dict[str, CellInput] = {}
        ok = True
        for col in spec.columns:
            c = found.columns.get(col.key)
            raw = cells[c] if c is not None and c < len(cells) else None
            if is_blank(raw):
                if col.required and col.key in KEYS[found.table]:
                    problems.error(
                        "import.pay_key_missing",
                        f"{col.label.en} is empty: it says which row of the table this is",
                        f"{col.label.zh}为空：需要它来确定是表中的哪一行",
                        table.source(row.number, c),
                    )
                    ok = False
                continue
            try:
                parsed[col.key] = _cell(col.key, col.kind, col.choices, raw, target.lang)
            except values.ValueIssue as issue:
                problems.error(
                    issue.code,
                    f"{col.label.en}: {issue.message_en}",
                    f"{col.label.zh}：{issue.message_zh}",
                    table.source(row.number, c),
                )
                ok = False
        if not ok:
            continue
        key = tuple(_key_part(k, parsed.get(k)) for k in KEYS[found.table])
        given = [k for k in parsed if k not in KEYS[found.table]]
        if not given:
            problems.error(
                "import.pay_no_value",
                f"{_describe(found.table, key, 'en')}: the row gives no value",
                f"{_describe(found.table, key, 'zh')}：这一行没有填写数值",
                where,
            )
            continue
        if (found.table, key) in writes.rows:
            first = writes.rows[(found.table, key)].source
            problems.error(
                "import.duplicate_value",
                f"{_describe(found.table, key, 'en')} is given twice (first at {place_text(first)})",
                f"{_describe(found.table, key, 'zh')}出现两次（第一次在 {place_text(first, 'zh')}）",
                where,
            )
            continue
        if "input" in parsed:  # pool inputs are keyed by name, whatever label the file uses
            parsed["input"] = key[KEYS[found.table].index("input")]
        writes.rows[(found.table, key)] = PayRow(found.table, key, parsed, where)
        count += len(given)
    return rows, count


def _cell(key: str, kind: Kind, choices: str | None, raw: Any, lang: str) -> CellInput:
    """One cell as the Pay sheet should hold it; raises ValueIssue when it cannot."""
    if kind is Kind.CHOICE:
        text = values.parse_text(raw)
        choice = layout.choice_key(choices or "", text)
        if choice is None:
            opts = layout.CHOICES[choices or ""].values()
            raise values.ValueIssue(
                "value.choice",
                f"'{text}' is not one of: {', '.join(o.en for o in opts)}",
                f"“{text}”不是可选项（{'、'.join(o.zh for o in opts)}）",
            )
        return layout.CHOICES[choices or ""][choice](lang)
    if kind is Kind.INTEGER:
        number = values.parse_integer(raw)
        if number is not None and number < 0:
            raise values.ValueIssue("value.negative", f"{number} is negative", f"{number} 为负数")
        return number
    if kind is Kind.PERCENT:
        rate = values.parse_percent(raw)
        return None if rate is None else Styled(rate, layout.FORMATS["percent"])
    if kind is Kind.MONEY:
        amount = values.parse_money(raw)
        return None if amount is None else Styled(float(amount), layout.FORMATS["money"])
    if kind is Kind.NUMBER:
        number_ = values.parse_number(raw)
        if number_ is not None and number_.is_integer() and abs(number_) < 2**53:
            return int(number_)
        return number_
    if key == "department":
        return values.parse_text(raw)
    return values.parse_key(raw)


def place_rows(target: Target, writes: PayWrites, problems: Problems) -> None:
    """Give each row its Pay sheet row: the table's row with the same key, else the next
    blank row below the table (with a blank row left below it)."""
    pay = target.pay
    if pay is None:
        return
    for table_key in KEYS:
        rows = [w for w in writes.rows.values() if w.table == table_key]
        if not rows:
            continue
        place = pay.tables[table_key]
        existing: dict[tuple[str, ...], int] = {}
        for r, rec in place.records:
            try:
                key = tuple(_key_part(k, rec.get(k)) for k in KEYS[table_key])
            except values.ValueIssue:
                continue  # an Excel error in a key cell: Calculate reports it
            existing.setdefault(key, r)
        free = place.header_row + 1 + len(place.records)
        for w in rows:
            if w.key in existing:
                w.row = existing[w.key]
                continue
            missing = [
                c.label
                for c in pl.PAY_TABLES[table_key].columns
                if c.required and c.key not in w.cells
            ]
            if missing:
                problems.error(
                    "import.pay_row_incomplete",
                    f"{_describe(table_key, w.key, 'en')} is not on the Pay sheet yet; a new "
                    f"row needs {', '.join(m.en for m in missing)}",
                    f"{_describe(table_key, w.key, 'zh')}尚不在“薪酬”表中；新增一行需要填写"
                    f"{'、'.join(m.zh for m in missing)}",
                    w.source,
                )
                continue
            if not (pay.is_blank_row(free) and pay.is_blank_row(free + 1)):
                _full(pay, table_key, free, w, problems)
                continue
            w.row = free
            free += 1


def _full(pay: PaySheet, table: str, row: int, w: PayRow, problems: Problems) -> None:
    title = pl.PAY_TABLE_TITLES[table]
    cell = Source(pay.name, a1(row, 0))
    problems.error(
        "import.pay_table_full",
        f"{_describe(table, w.key, 'en')}: the table '{title.en}' on {pay.name} has no blank "
        f"row left at row {row + 1} (a blank row must stay between tables): insert rows "
        "below the table, then import again",
        f"{_describe(table, w.key, 'zh')}：{pay.name} 表中“{title.zh}”在第 {row + 1} 行已没有"
        "空行（表与表之间须留一个空行）：请在该表下方插入行后再导入",
        w.source,
        cell,
    )


def cell_writes(target: Target, writes: PayWrites) -> list[tuple[str, int, dict[int, CellInput]]]:
    """(sheet, row, column -> value) for every placed row."""
    pay = target.pay
    out: list[tuple[str, int, dict[int, CellInput]]] = []
    if pay is None:
        return out
    for w in writes.rows.values():
        if w.row < 0:
            continue
        columns = pay.tables[w.table].columns
        by_col = {columns[k]: v for k, v in w.cells.items() if k in columns}
        out.append((pay.name, w.row, by_col))
    return out
