"""The input fingerprint the change log keeps: a hash of every input cell of the book.

Every non-blank cell of every sheet counts, except what Calculate itself writes (result
columns of data sheets, the rule-in-words and headcount columns, the status cell, the
grey columns of the follow-up sheets) and the sheets that only show results (Summary,
Issues, the change log, the printable Form and the hidden lists). Two Calculates with
the same fingerprint had the same inputs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

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
        skip = skip_cols.get(sheet, set())
        cells_by_row: dict[int, set[int]] = {}  # (the status cell)
        for s, r, c in skip_cells:
            if s == sheet:
                cells_by_row.setdefault(r, set()).add(c)
        grid = book.read_grid(sheet) or []
        col = _col_tags(max(map(len, grid), default=0))
        for r, row in enumerate(grid):
            also = cells_by_row.get(r)
            line = row_text(row, skip | also if also else skip, col)
            if line:
                digest.update(f"\x1e{r}\x1f".encode() + line.encode("utf-8"))
    return digest.hexdigest()[:16]


class _TypeTags(dict):
    """type -> "its name:", made once per type."""

    def __missing__(self, kind: type) -> str:
        tag = self[kind] = kind.__name__ + ":"
        return tag


_TYPE_TAG = _TypeTags()


@lru_cache(maxsize=8)
def _col_tags(width: int) -> tuple[str, ...]:
    """("0=", "1=", ...) for rows up to `width` cells."""
    return tuple(f"{c}=" for c in range(width))


def row_text(row: list, skip: set[int], col: Sequence[str] | None = None) -> str:
    """The fingerprinted text of one row: each non-blank cell outside the columns `skip`
    as "col=type:repr", joined by \x1f ("" when there is none).

    Most rows of a book skip nothing: they take the test-free comprehension, and the
    "col=" (`col`, made once per sheet width) and "type:" pieces are made once (a tenth
    of a second at 10,000 people); tests/followup/test_fingerprint.py pins both to the
    per-cell definition."""
    if col is None or len(col) < len(row):
        col = _col_tags(len(row))
    tag = _TYPE_TAG
    if skip:
        parts = [
            f"{col[c]}{tag[type(v)]}{v!r}"
            for c, v in enumerate(row)
            if v is not None and v != "" and c not in skip
        ]
    else:
        parts = [
            f"{col[c]}{tag[type(v)]}{v!r}" for c, v in enumerate(row) if v is not None and v != ""
        ]
    return "\x1f".join(parts)
