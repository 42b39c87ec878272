"""Where the Form's cells are, and the formula pieces that find one employee's values:
the visible columns, the hidden helper columns and cells, the ranges of the configuration
tables, and lookups through the data sheet's key row."""

from __future__ import annotations

from dataclasses import dataclass

from xlkpi.authoring.book import Book
from xlkpi.authoring.sheets.common import (
    INDICATOR_ROWS,
    POSITION_ROWS,
    ROSTER_ROWS,
    TABLE_HEADER_ROW,
    col_range,
    whole_col,
)
from xlkpi.core.model import Rater
from xlkpi.io.cells import column_letter
from xlkpi.workbook.layout import KEY_ROW, TABLES

FIRST = TABLE_HEADER_ROW + 1  # first data row of the configuration tables

# Visible columns (0-based) and widths.
COLS = [
    "code",
    "dimension",
    "indicator",
    "weight",
    "target",
    "rule",
    "actual",
    "self",
    "reviewer",
    "approver",
    "points",
]
WIDTHS = [5, 12, 27, 7, 11, 40, 18, 7, 7, 7, 8]
C = {k: i for i, k in enumerate(COLS)}
LAST_COL = len(COLS) - 1
# Hidden helpers: per indicator row M..P; general lookups in R.
H_IND, H_ACT, H_IN0, H_INN, H_CODE = 12, 13, 14, 15, 16
#: rows beyond the largest position's indicators, for indicators HR adds later
SPARE_ROWS = 4
H_GEN = 17
ID_ROW, INFO2_ROW, HEAD_ROW, IND_ROW = 3, 4, 6, 7
ID_CELL = f"$C${ID_ROW + 1}"


def _gen(i: int) -> str:
    """Address of general helper i (1-based rows of column R)."""
    return f"${column_letter(H_GEN)}${i}"


G_POS_IDX, G_POSITION, G_SHEET, G_QSHEET, G_ROW = (_gen(i) for i in (2, 3, 4, 5, 6))
RATER_COLS = {Rater.SELF: "self", Rater.REVIEWER: "reviewer", Rater.APPROVER: "approver"}


@dataclass(frozen=True)
class FormRefs:
    """Ranges of the configuration sheets the formulas read."""

    roster_ids: str
    roster: dict[str, str]
    pos_names: str
    pos_sheets: str
    ind_sheet: str
    ind_positions: str  # the indicators' position column, input rows only
    ind_col: dict[str, str]  # indicator table column key -> whole-column reference
    ind_first: int  # Excel row of the first indicator row
    ind_last: int


def form_refs(book: Book) -> FormRefs:
    """The ranges of this workbook's roster, positions and indicators tables."""
    rt, pt, it = TABLES["roster"], TABLES["positions"], TABLES["indicators"]
    rk, pk, ik = ([c.key for c in t.columns] for t in (rt, pt, it))
    rs, ps, ind = book.sheet("roster"), book.sheet("positions"), book.sheet("indicators")

    def rcol(sheet: str, keys: list[str], key: str, rows: int) -> str:
        return col_range(sheet, keys.index(key), FIRST, FIRST + rows - 1)

    return FormRefs(
        roster_ids=rcol(rs, rk, "id", ROSTER_ROWS),
        roster={
            k: rcol(rs, rk, k, ROSTER_ROWS) for k in ("name", "department", "team", "position")
        },
        pos_names=rcol(ps, pk, "name", POSITION_ROWS),
        pos_sheets=rcol(ps, pk, "data_sheet", POSITION_ROWS),
        ind_sheet=ind,
        ind_positions=rcol(ind, ik, "position", INDICATOR_ROWS),
        ind_col={k: whole_col(ind, i) for i, k in enumerate(ik)},
        ind_first=FIRST + 1,
        ind_last=FIRST + INDICATOR_ROWS,
    )


def big_number(expr: str) -> str:
    """Numbers of 10,000 and more with thousands separators (sales figures)."""
    return f'IF(AND(ISNUMBER({expr}),ABS({expr})>=10000),TEXT({expr},"#,##0"),{expr})'


def data_value(what: str) -> str:
    """A value on the employee's data sheet at column expression `what` (blank stays blank)."""
    v = f'INDEX(INDIRECT({G_QSHEET}&"!$A:$ZZ"),{G_ROW},{what})'
    return f'IF({v}="","",{v})'


def key_column(key_expr: str) -> str:
    """The column (1-based) of a key-row key on the employee's data sheet."""
    return f'MATCH({key_expr},INDIRECT({G_QSHEET}&"!${KEY_ROW + 1}:${KEY_ROW + 1}"),0)'


def by_key(key_expr: str) -> str:
    """Value for a key-row key, "" when the key or the employee's row is missing."""
    return f'IF({G_ROW}="","",IFERROR({data_value(key_column(key_expr))},""))'
