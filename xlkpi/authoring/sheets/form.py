"""The per-person printable form (表单 / Form): one employee's indicators, rules in words,
actuals, self / reviewer / approver scores, points, total, grade, comments and signature
lines, as the seeds' paper forms have them.

Everything on it is a formula driven by one input cell, the employee ID (a drop-down of the
roster). The formulas find the employee's position in the roster, the position's data sheet
in Positions, the k-th indicator of that position in Indicators, and each value on the data
sheet through the hidden key row (`CS1`, `CS1@self`, `pts:CS1`, `total`, ...), so they work
whatever language the headers are in. Hidden helper columns hold the intermediate lookups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xlkpi.authoring.printing import wrapped_height
from xlkpi.authoring.sample_data import values_for
from xlkpi.authoring.sheets.common import (
    INDICATOR_ROWS,
    POSITION_ROWS,
    ROSTER_ROWS,
    TABLE_HEADER_ROW,
    col_range,
    excel_str,
    protect,
    quote,
    whole_col,
)
from xlkpi.authoring.sheets.table_kit import NAME_IDS, NAME_PERIOD, calculate_button
from xlkpi.authoring.spec import unit_label
from xlkpi.authoring.styles import BORDER, GROUP_FILL, INPUT_FILL, MUTED, NAVY
from xlkpi.authoring.texts import FORM
from xlkpi.core.model import Rater, ScoredBy
from xlkpi.io.cells import column_letter
from xlkpi.workbook.layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    KEY_ROW,
    RATER_LABELS,
    TABLES,
    rater_key,
)

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from xlkpi.authoring.book import Book
    from xlkpi.authoring.content import Person
    from xlkpi.authoring.spec import IndicatorSpec, PositionSpec

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


@dataclass
class _Refs:
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


def _refs(book: Book) -> _Refs:
    rt, pt, it = TABLES["roster"], TABLES["positions"], TABLES["indicators"]
    rk, pk, ik = ([c.key for c in t.columns] for t in (rt, pt, it))
    rs, ps, ind = book.sheet("roster"), book.sheet("positions"), book.sheet("indicators")

    def rcol(sheet: str, keys: list[str], key: str, rows: int) -> str:
        return col_range(sheet, keys.index(key), FIRST, FIRST + rows - 1)

    return _Refs(
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


def _big(expr: str) -> str:
    """Numbers of 10,000 and more with thousands separators (sales figures)."""
    return f'IF(AND(ISNUMBER({expr}),ABS({expr})>=10000),TEXT({expr},"#,##0"),{expr})'


def _data(what: str) -> str:
    """A value on the employee's data sheet at column expression `what` (blank stays blank)."""
    v = f'INDEX(INDIRECT({G_QSHEET}&"!$A:$ZZ"),{G_ROW},{what})'
    return f'IF({v}="","",{v})'


def _key_col(key_expr: str) -> str:
    return f'MATCH({key_expr},INDIRECT({G_QSHEET}&"!${KEY_ROW + 1}:${KEY_ROW + 1}"),0)'


def _by_key(key_expr: str) -> str:
    """Value for a key-row key, "" when the key or the employee's row is missing."""
    return f'IF({G_ROW}="","",IFERROR({_data(_key_col(key_expr))},""))'


def write(book: Book) -> None:
    st = book.styles
    lang = book.lang
    ws = book.wb.add_worksheet(book.sheet("form"))
    ws.hide_gridlines(2)
    refs = _refs(book)
    n_rows = max((len(p.indicators) for p in book.positions), default=1) + SPARE_ROWS
    person = book.content.people[0] if book.content.people else None
    cache = _Cache(book, person)

    for i, w in enumerate(WIDTHS):
        ws.set_column(i, i, w)
    ws.set_column(LAST_COL + 1, LAST_COL + 1, 2)
    ws.set_column(H_IND, H_GEN, 10, None, {"hidden": True})

    label = st.fmt(
        bold=True,
        bg_color=GROUP_FILL,
        border=1,
        border_color=BORDER,
        align="center",
        text_wrap=True,
    )
    value = st.fmt(border=1, border_color=BORDER, text_wrap=True)
    value_c = st.fmt(border=1, border_color=BORDER, align="center", text_wrap=True)
    num2 = st.fmt(border=1, border_color=BORDER, align="center", num_format="0.00")
    pct = st.fmt(border=1, border_color=BORDER, align="center", num_format="0%")
    big = st.fmt(
        border=1,
        border_color=BORDER,
        align="center",
        num_format="0.00",
        bold=True,
        font_size=13,
        font_color=NAVY,
    )
    money = st.fmt(border=1, border_color=BORDER, align="center", num_format="¥#,##0.00")

    # General helpers (hidden column R).
    helpers = [
        (G_POS_IDX, f'=IF({ID_CELL}="","",IFERROR(MATCH({ID_CELL},{refs.roster_ids},0),""))'),
        (G_POSITION, f'=IF({G_POS_IDX}="","",INDEX({refs.roster["position"]},{G_POS_IDX}))'),
        (
            G_SHEET,
            f'=IF({G_POSITION}="","",IFERROR(INDEX({refs.pos_sheets},'
            f'MATCH({G_POSITION},{refs.pos_names},0)),""))',
        ),
        (G_QSHEET, f'=IF({G_SHEET}="","","\'"&SUBSTITUTE({G_SHEET},"\'","\'\'")&"\'")'),
        (
            G_ROW,
            f'=IF({G_QSHEET}="","",IFERROR(MATCH({ID_CELL},INDIRECT({G_QSHEET}&"!$A:$A"),0),""))',
        ),
    ]
    for addr, formula in helpers:
        row = int(addr.split("$")[2]) - 1
        ws.write_formula(row, H_GEN, formula, None, cache.general(addr))

    # Title and period.
    ws.set_row(0, 30)
    title = FORM["title"](lang)
    # after the position's name: "Call-centre agent performance assessment form"
    joined = " " + title[0].lower() + title[1:] if lang == "en" else title
    title_fmt = st.fmt(bold=True, font_size=18, font_color=NAVY, align="center")
    ws.merge_range(0, 0, 0, LAST_COL, "", title_fmt)
    ws.write_formula(
        0,
        0,
        f'=IF({G_POSITION}="",{excel_str(title)},{G_POSITION}&{excel_str(joined)})',
        title_fmt,
        cache.title(title),
    )
    period_word = FORM["period"](lang)
    sep = "：" if lang == "zh" else ": "
    period_fmt = st.fmt(align="center", font_color="#595959")
    ws.merge_range(1, 0, 1, LAST_COL, "", period_fmt)
    ws.write_formula(
        1,
        0,
        f"={excel_str(period_word + sep)}&{NAME_PERIOD}",
        period_fmt,
        cache.period_line(period_word + sep),
    )
    ws.set_row(2, 8)

    # Who: ID (the one input), name, department / position, team, period.
    ws.set_row(ID_ROW, 22)
    ws.set_row(INFO2_ROW, 22)
    ws.merge_range(ID_ROW, 0, ID_ROW, 1, FORM["id"](lang), label)
    id_input = st.fmt(
        bg_color=INPUT_FILL, border=1, border_color=BORDER, locked=False, bold=True, align="center"
    )
    if person is not None:
        ws.write_string(ID_ROW, 2, person.id, id_input)
    else:
        ws.write_blank(ID_ROW, 2, None, id_input)
    ws.data_validation(
        ID_ROW,
        2,
        ID_ROW,
        2,
        {
            "validate": "list",
            "source": f"={NAME_IDS}",
            "ignore_blank": True,
            "input_title": FORM["id"](lang)[:32],
            "input_message": FORM["hint"](lang)[:255],
        },
    )
    roster_lookup = {
        k: f'=IF({G_POS_IDX}="","",T(INDEX({refs.roster[k]},{G_POS_IDX})))'
        for k in ("name", "department", "team", "position")
    }
    ws.merge_range(ID_ROW, 3, ID_ROW, 4, FORM["name"](lang), label)
    ws.write_formula(ID_ROW, 5, roster_lookup["name"], value_c, cache.person("name"))
    ws.write_string(ID_ROW, 6, FORM["department"](lang), label)
    ws.merge_range(ID_ROW, 7, ID_ROW, LAST_COL, "", value_c)
    ws.write_formula(ID_ROW, 7, roster_lookup["department"], value_c, cache.person("department"))
    ws.merge_range(INFO2_ROW, 0, INFO2_ROW, 1, FORM["position"](lang), label)
    ws.write_formula(INFO2_ROW, 2, roster_lookup["position"], value_c, cache.person("position"))
    ws.merge_range(INFO2_ROW, 3, INFO2_ROW, 4, FORM["team"](lang), label)
    ws.write_formula(INFO2_ROW, 5, roster_lookup["team"], value_c, cache.person("team"))
    ws.write_string(INFO2_ROW, 6, FORM["period"](lang), label)
    ws.merge_range(INFO2_ROW, 7, INFO2_ROW, LAST_COL, "", value_c)
    ws.write_formula(
        INFO2_ROW, 7, f'=IF({NAME_PERIOD}="","",{NAME_PERIOD})', value_c, cache.period()
    )
    ws.set_row(5, 8)

    # The indicator table.
    ws.set_row(HEAD_ROW, 30)
    headers = {col: RATER_LABELS[rater](lang) for rater, col in RATER_COLS.items()}
    for i, key in enumerate(COLS):
        text = headers.get(key) or FORM[key](lang)
        ws.write_string(HEAD_ROW, i, text, st.header())
    for k in range(n_rows):
        r = IND_ROW + k
        _indicator_row(book, ws, refs, r, k, cache, value, value_c, pct, num2)

    # Totals.
    t = IND_ROW + n_rows
    ws.set_row(t, 22)
    ws.set_row(t + 1, 22)
    pairs = [
        (t, 0, 2, "subtotal", 3, 4, num2),
        (t, 5, 5, "adjustment", 6, 6, num2),
        (t, 7, 9, "total", 10, 10, big),
        (t + 1, 0, 2, "rank", 3, 4, value_c),
        (t + 1, 5, 5, "grade", 6, 6, value_c),
        (t + 1, 7, 9, "bonus", 10, 10, money),
    ]
    for row, l0, l1, key, v0, v1, fmt in pairs:
        if l1 > l0:
            ws.merge_range(row, l0, row, l1, FORM[key](lang), label)
        else:
            ws.write_string(row, l0, FORM[key](lang), label)
        if v1 > v0:
            ws.merge_range(row, v0, row, v1, "", fmt)
        ws.write_formula(row, v0, f"={_by_key(excel_str(key))}", fmt, cache.result(key))
    note_row = t + 2
    ws.set_row(note_row, 30)
    ws.merge_range(note_row, 0, note_row, 2, FORM["note"](lang), label)
    ws.merge_range(note_row, 3, note_row, LAST_COL, "", value)
    ws.write_formula(note_row, 3, f"={_by_key(excel_str('note'))}", value, cache.result("note"))

    # Comments and plan: free text for the interview (unlocked).
    free = st.fmt(border=1, border_color=BORDER, text_wrap=True, valign="top", locked=False)
    for i, key in enumerate(("comments", "plan")):
        row = note_row + 2 + i
        ws.set_row(row, 48)
        ws.merge_range(row, 0, row, 2, FORM[key](lang), label)
        ws.merge_range(row, 3, row, LAST_COL, "", free)

    # Signatures.
    line = st.fmt(bottom=1, bottom_color="#595959")
    sig_label = st.fmt(bold=True, align="right")
    first_sig = note_row + 5
    for i, key in enumerate(("sign_employee", "sign_reviewer", "sign_approver")):
        row = first_sig + i
        ws.set_row(row, 30)
        ws.merge_range(row, 0, row, 2, FORM[key](lang), sig_label)
        ws.merge_range(row, 3, row, 5, "", line)
        ws.write_string(row, 6, FORM["date"](lang), sig_label)
        ws.merge_range(row, 7, row, LAST_COL, "", line)
    foot = first_sig + 4
    ws.merge_range(
        foot, 0, foot, LAST_COL, "", st.fmt(font_size=9, font_color=MUTED, text_wrap=True)
    )
    # More indicators than rows (HR added some): say so on the form instead of a total
    # that the rows above do not add up to.
    too_many = f"COUNTIF({refs.ind_positions},{G_POSITION})>{n_rows}"
    ws.write_formula(
        foot,
        0,
        f'=IF(AND({G_POSITION}<>"",{too_many}),'
        f"{excel_str(FORM['too_many'](lang).format(rows=n_rows))},{excel_str(FORM['footer'](lang))})",
        None,
        FORM["footer"](lang),
    )
    ws.conditional_format(
        foot,
        0,
        foot,
        0,
        {
            "type": "formula",
            "criteria": f'=AND({G_POSITION}<>"",{too_many})',
            "format": book.styles.cf("problem"),
        },
    )
    ws.set_row(foot, 28)

    ws.print_area(0, 0, foot, LAST_COL)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    calculate_button(book, ws, 1, LAST_COL + 2, x_offset=0)
    protect(ws)


def _indicator_row(
    book: Book,
    ws: Worksheet,
    refs: _Refs,
    r: int,
    k: int,
    cache: _Cache,
    value: Any,
    value_c: Any,
    pct: Any,
    num2: Any,
) -> None:
    """Row `r` shows the position's k-th indicator (0-based)."""
    lang = book.lang
    small = book.styles.fmt(
        border=1,
        border_color=BORDER,
        align="center",
        font_size=8,
        font_color="#595959",
        text_wrap=True,
    )
    used = max((len(p.indicators) for p in book.positions), default=0)
    kth = [p.indicators[k] for p in book.positions if k < len(p.indicators)]
    height = wrapped_height(
        *((i.rule_words(lang) or i.rule_text(lang), WIDTHS[C["rule"]]) for i in kth),
        *((i.name(lang), WIDTHS[C["indicator"]]) for i in kth),
        *((_inputs_text(i, lang), WIDTHS[C["actual"]]) for i in kth),
        minimum=40,
    )
    ws.set_row(r, height if k < used else 24)  # spare rows for added indicators are lower
    R = r + 1  # Excel row number
    m = f"${column_letter(H_IND)}{R}"
    # Hidden: the indicator's row on the Indicators sheet.
    if k == 0:
        f_row = (
            f'=IF({G_POSITION}="","",IFERROR(MATCH({G_POSITION},{refs.ind_positions},0)+'
            f'{refs.ind_first - 1},""))'
        )
    else:
        prev = f"${column_letter(H_IND)}{R - 1}"
        f_row = (
            f'=IF({prev}="","",IFERROR({prev}+MATCH({G_POSITION},OFFSET({quote(refs.ind_sheet)}'
            f'!$A$1,{prev},0,{refs.ind_last}-{prev},1),0),""))'
        )
    ws.write_formula(r, H_IND, f_row, None, cache.ind_row(k))

    def ind(key: str, text: bool = True) -> str:
        v = f"INDEX({refs.ind_col[key]},{m})"
        return f"T({v})" if text else f'IF({v}="","",{v})'

    a = f"${column_letter(H_CODE)}{R}"  # the indicator's code: the key on the data sheet
    unit = ind("unit")
    # Hidden: the actual's column (single value) or the first of several inputs and their count.
    act, in0, inn = (f"${column_letter(c)}{R}" for c in (H_ACT, H_IN0, H_INN))
    keyrow = f'INDIRECT({G_QSHEET}&"!${KEY_ROW + 1}:${KEY_ROW + 1}")'
    ws.write_formula(
        r,
        H_ACT,
        f'=IF(OR({a}="",{G_ROW}=""),"",IFERROR(MATCH({a},{keyrow},0),""))',
        None,
        cache.helper(k, "act"),
    )
    ws.write_formula(
        r,
        H_IN0,
        f'=IF(OR({a}="",{G_ROW}=""),"",IFERROR(MATCH({a}&"#*",{keyrow},0),""))',
        None,
        cache.helper(k, "in0"),
    )
    ws.write_formula(
        r, H_INN, f'=IF({in0}="",0,COUNTIF({keyrow},{a}&"#*"))', None, cache.helper(k, "inn")
    )

    cells: dict[str, tuple[str, Any]] = {
        "code": (f'=IF({m}="","",{k + 1})', small),
        "dimension": (
            f'=IF({m}="","",{ind("dimension")}&IF({ind("dimension_weight", False)}="","",'
            f'" "&TEXT({ind("dimension_weight", False)},"0%")))',
            value_c,
        ),
        "indicator": (f'=IF({m}="","",{ind("name")})', value),
        "weight": (f'=IF({m}="","",{ind("weight", False)})', pct),
        "target": (
            f'=IF({m}="","",IF({ind("target", False)}="","",IF({unit}="%",'
            f'TEXT({ind("target", False)},"0%"),{_big(ind("target", False))}&" "&{unit})))',
            value_c,
        ),
        "rule": (
            f'=IF({m}="","",IF({ind("rule_words")}<>"",{ind("rule_words")},{ind("rule")}))',
            value,
        ),
    }
    header_row = f'INDIRECT({G_QSHEET}&"!${HEADER_ROW + 1}:${HEADER_ROW + 1}")'
    parts = []
    for j in range(4):
        part = (
            f'INDEX({header_row},{in0}+{j})&" "&'
            f'INDEX(INDIRECT({G_QSHEET}&"!$A:$ZZ"),{G_ROW},{in0}+{j})'
        )
        parts.append(part if j == 0 else f'IF({inn}>{j},"；"&{part},"")')
    single = f'IF({unit}="%",TEXT({_data(act)},"0.0%"),{_big(_data(act))})'
    cells["actual"] = (
        f'=IF({a}="","",IF({act}<>"",IFERROR({single},""),IF({in0}<>"",'
        f'IFERROR({"&".join(parts)},""),"")))',
        value_c,
    )
    for rater, key in RATER_COLS.items():
        suffix = excel_str("@" + rater.value)
        cells[key] = (f'=IF({a}="","",{_by_key(a + "&" + suffix)})', value_c)
    cells["points"] = (f'=IF({a}="","",{_by_key(excel_str("pts:") + "&" + a)})', num2)
    for key, (formula, fmt) in cells.items():
        ws.write_formula(r, C[key], formula, fmt, cache.cell(k, key))
    ws.write_formula(r, H_CODE, f'=IF({m}="","",{ind("code")})', None, cache.code(k))


def _inputs_text(ind: IndicatorSpec, lang: str) -> str:
    """About what the Actual cell shows for a rule of several inputs ("迟到 0；早退 1")."""
    rule = ind.rule(lang)
    inputs = rule.inputs if rule is not None else ()
    return "；".join(f"{name} 0" for name in inputs) if len(inputs) > 1 else ""


class _Cache:
    """The values the formulas show for the form's employee when the file is built, written
    as cached results so previews that never recalculate show them too."""

    def __init__(self, book: Book, person: Person | None):
        self.book = book
        self.person_ = person
        self.position: PositionSpec | None = None
        self.sheet = ""
        self.data_row: int | None = None
        self.ind_rows: list[int] = []
        if person is None:
            return
        self.position = next(p for p in book.positions if p.code == person.position)
        self.sheet = book.data_sheets[person.position]
        self.cols = self.position.columns(book.lang)
        self.keys = [c.key for c in self.cols]
        people = book.content.people_in(person.position)
        self.data_row = FIRST_DATA_ROW + people.index(person) + 1
        row = FIRST + 1
        for p in book.positions:
            for _ in p.indicators:
                if p.code == person.position:
                    self.ind_rows.append(row)
                row += 1
        keyed = values_for(self.position, book.content.values.get(person.id, {}), book.lang)
        # the form shows indicator inputs, all numbers (text values are pay inputs: m:role)
        self.values = {k: v for k, v in keyed.items() if isinstance(v, float | int)}

    def general(self, addr: str) -> Any:
        if self.person_ is None or self.position is None:
            return ""
        people = self.book.content.people
        return {
            G_POS_IDX: people.index(self.person_) + 1,
            G_POSITION: self.position.name(self.book.lang),
            G_SHEET: self.sheet,
            G_QSHEET: quote(self.sheet),
            G_ROW: self.data_row,
        }[addr]

    def title(self, title: str) -> str:
        if self.position is None:
            return title
        if self.book.lang == "en":
            title = " " + title[0].lower() + title[1:]
        return self.position.name(self.book.lang) + title

    def period(self) -> str:
        return str(self.book.content.settings.get("period") or "")

    def period_line(self, prefix: str) -> str:
        return prefix + self.period()

    def person(self, key: str) -> str:
        if self.person_ is None:
            return ""
        if key == "position":
            return self.position.name(self.book.lang) if self.position else ""
        return getattr(self.person_, key)(self.book.lang)

    def result(self, key: str) -> str:
        return ""  # results exist only after Calculate

    def _ind(self, k: int) -> IndicatorSpec | None:
        if self.position is None or k >= len(self.position.indicators):
            return None
        return self.position.indicators[k]

    def ind_row(self, k: int) -> Any:
        return self.ind_rows[k] if self._ind(k) is not None else ""

    def code(self, k: int) -> Any:
        ind = self._ind(k)
        return "" if ind is None else ind.code

    def helper(self, k: int, which: str) -> Any:
        ind = self._ind(k)
        if ind is None:
            return 0 if which == "inn" else ""
        inputs = [i for i, key in enumerate(self.keys) if key.startswith(ind.code + "#")]
        if which == "act":
            return self.keys.index(ind.code) + 1 if ind.code in self.keys else ""
        if which == "in0":
            return inputs[0] + 1 if inputs else ""
        return len(inputs)

    def cell(self, k: int, key: str) -> Any:
        ind = self._ind(k)
        if ind is None or self.position is None:
            return ""
        lang = self.book.lang
        unit = unit_label(ind.unit, lang)
        if key == "code":
            return k + 1
        if key == "dimension":
            if ind.dimension is None:
                return ""
            dw = f" {ind.dimension_weight:.0%}" if ind.dimension_weight is not None else ""
            return ind.dimension(lang) + dw
        if key == "indicator":
            return ind.name(lang)
        if key == "weight":
            return ind.weight
        if key == "target":
            target = self.book.content.targets.get((self.position.code, ind.code), ind.target)
            if target is None:
                return ""
            return f"{target:.0%}" if ind.is_percent else f"{_number_text(target)} {unit}"
        if key == "rule":
            return ind.rule_words(lang) or ind.rule_text(lang)
        if key == "actual":
            if ind.scored_by is ScoredBy.RATERS:
                return ""
            if ind.code in self.keys:
                v = self.values.get(ind.code)
                if v is None:
                    return ""
                if ind.is_percent:
                    return f"{v:.1%}"
                return f"{v:,.0f}" if abs(v) >= 10000 else v
            parts = []
            for col in self.cols:
                if col.key.startswith(ind.code + "#"):
                    v = self.values.get(col.key)
                    parts.append(f"{col.header} {_number_text(v) if v is not None else ''}")
            return "；".join(parts[:4])
        if key in ("self", "reviewer", "approver"):
            rater = next(r for r, col in RATER_COLS.items() if col == key)
            v = self.values.get(rater_key(ind.code, rater))
            return "" if v is None else v
        if key == "points":
            return ""
        raise KeyError(key)


def _number_text(v: float | None) -> str:
    if v is None:
        return ""
    if abs(v) >= 10000:
        return f"{v:,.0f}"
    return f"{v:g}"
