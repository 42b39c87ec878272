"""The input fingerprint the change log keeps: a hash of every input cell of the book.

Every non-blank cell of every sheet counts, except what Calculate itself writes (result
columns of data sheets, the rule-in-words and headcount columns, the status cell, the
grey columns of the follow-up sheets) and the sheets that only show results (Summary,
Issues, the change log, the printable Form and the hidden lists). Two Calculates with
the same fingerprint had the same inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from itertools import compress, repeat, zip_longest
from typing import Any

from xlkpi.followup import layout as fl
from xlkpi.followup.read import FollowUpBook
from xlkpi.io.cells import BookReader
from xlkpi.workbook import layout
from xlkpi.workbook.read import ReadOutcome

# The builder's Form and Lists sheets (authoring.texts names them; importing it here would
# pull XlsxWriter into Calculate, which xlwings Lite does not have).
_SHOW_ONLY = (layout.Label("表单", "Form"), layout.Label("列表", "Lists"))


def _skipped(read: ReadOutcome, fb: FollowUpBook) -> tuple[set[str], dict[str, set[int]], set]:
    """(sheets left out, sheet -> columns left out, (sheet, row, col) cells left out)."""
    where = read.where
    sheets = {where.sheets.get(k) for k in ("summary", "issues")}
    sheets |= {n for n in fb.sheet_names if any(lab.matches(n) for lab in _SHOW_ONLY)}
    if "changelog" in fb.tables:
        sheets.add(fb.tables["changelog"].sheet)
    columns: dict[str, set[int]] = {}
    for place in where.data.values():
        columns.setdefault(place.sheet, set()).update(place.result_columns().values())
    for tplace, key in ((where.indicators, "rule_words"), (where.grades, "count")):
        if tplace is not None and key in tplace.columns:
            columns.setdefault(tplace.sheet, set()).add(tplace.columns[key])
    for key, table in fb.tables.items():
        computed = {c.key for c in fl.TABLES[key].columns if c.computed}
        cols = {i for k, i in table.columns.items() if k in computed}
        columns.setdefault(table.sheet, set()).update(cols)
    cells = {where.status} if where.status else set()
    return {s for s in sheets if s}, columns, cells


def input_fingerprint(book: BookReader, read: ReadOutcome, fb: FollowUpBook) -> str:
    """A short hash (16 hex digits) of every input cell, by sheet, row and column."""
    skip_sheets, skip_cols, skip_cells = _skipped(read, fb)
    digest = hashlib.sha256()
    for sheet in sorted(fb.sheet_names):
        if sheet in skip_sheets or layout.normalise_label(sheet) == "":
            continue
        digest.update(b"\x1d" + sheet.encode("utf-8"))
        cells = {(r, c) for s, r, c in skip_cells if s == sheet}  # (the status cell)
        grid = book.read_grid(sheet) or []
        digest.update(sheet_text(grid, skip_cols.get(sheet, set()), cells).encode("utf-8"))
    return digest.hexdigest()[:16]


def sheet_text(grid: Sequence[Sequence[Any]], skip: set[int], cells: set[tuple[int, int]]) -> str:
    """The fingerprinted text of one sheet: each row with a non-blank cell outside the
    columns `skip` and the (row, column) `cells`, as \\x1e, its number, \\x1f and its
    cells as "col=type:repr" joined by \\x1f.

    Made a column at a time (`_column_texts`: each distinct value of a column turned into
    text once, C-level, with the \\x1f before it; "" for a blank), then each row is one
    plain join of its columns' texts; the per-cell f-strings of each row took a tenth
    more. tests/followup/test_fingerprint.py pins it to the per-cell definition."""
    columns = zip_longest(*grid)  # (a short row's missing cells: None, blanks)
    texts = [None if c in skip else _column_texts(c, col) for c, col in enumerate(columns)]
    for r, c in cells:
        if c < len(texts) and (column := texts[c]) is not None and r < len(column):
            column[r] = ""
    kept = [column for column in texts if column is not None]
    lines = list(map("".join, zip(*kept, strict=True)))  # ("": a blank row)
    rows = compress(range(len(lines)), lines)  # (the rows with a line)
    return "".join(map("\x1e{}{}".format, rows, filter(None, lines)))


#: classes whose equal values (of one class) print alike; not datetime or time (fold) or
#: Decimal (1.0, 1.00)
_SAME_REPR = frozenset({str, int, bool, float, type(None), dt.date})
_TEXT = frozenset({str, type(None)})


def _column_texts(c: int, values: Sequence[Any]) -> list[str]:
    """Each cell's "\\x1fc=type:repr" ("" for a blank) down column `c`, C-level: a repr
    per cell for text that is mostly distinct, else once per distinct value; cell by cell
    where equal values might print apart."""
    head = f"\x1f{c}="
    kinds = set(map(type, values))
    if kinds <= _TEXT and not any(values):  # (a column left blank: e-mail, notes)
        return [""] * len(values)
    if kinds <= _TEXT and len(set(values[:64])) > 32:  # (ids, names: mostly distinct)
        tag = f"{head}str:"
        texts = list(map(tag.__add__, map(repr, values)))  # (each cell's repr: exact)
        if kinds == {str} and "" not in values:
            return texts
        blank = {tag + "None": "", tag + "''": ""}  # (a text's repr is quoted, None's not)
        return list(map(blank.get, texts, texts))
    if not _SAME_REPR.issuperset(kinds) or _equal_apart(values, kinds):
        return [_cell_text(head, v) for v in values]
    distinct = dict.fromkeys(values)
    distinct.pop(None, None)
    distinct.pop("", None)
    tags = {kind: f"{head}{kind.__name__}:" for kind in kinds}
    made = map(str.__add__, map(tags.__getitem__, map(type, distinct)), map(repr, distinct))
    text = dict(zip(distinct, made, strict=True))
    text[None] = text[""] = ""
    return list(map(text.__getitem__, values))


def _equal_apart(values: Sequence[Any], kinds: set[type]) -> bool:
    """Whether equal values of a column might print apart, so that a value cannot stand
    for the ones equal to it: True beside 1 or 1.0, or a whole float (beside an equal int,
    or 0.0 beside -0.0). The reader gives whole numbers as int: its columns never are."""
    if bool in kinds and (int in kinds or float in kinds):
        return True
    if float not in kinds:
        return False
    floats = compress(values, map(isinstance, values, repeat(float)))
    return any(map(float.is_integer, floats))


def _cell_text(head: str, v: Any) -> str:
    """One cell's text after its column's `head` ("" for a blank: None or empty text)."""
    return "" if v is None or v == "" else f"{head}{type(v).__name__}:{v!r}"
