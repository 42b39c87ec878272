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

from typing import Any

from xlsxwriter.worksheet import Worksheet

from xlkpi.authoring.book import Book
from xlkpi.authoring.printing import wrapped_height
from xlkpi.authoring.sheets import form_formulas as ff
from xlkpi.authoring.sheets.common import excel_str, protect, quote
from xlkpi.authoring.sheets.form_cache import FormCache
from xlkpi.authoring.sheets.table_kit import NAME_IDS, NAME_PERIOD, calculate_button
from xlkpi.authoring.spec import IndicatorSpec
from xlkpi.authoring.styles import BORDER, GROUP_FILL, INPUT_FILL, MUTED, NAVY
from xlkpi.authoring.texts import FORM
from xlkpi.io.cells import column_letter
from xlkpi.workbook.layout import HEADER_ROW, KEY_ROW, RATER_LABELS


def write(book: Book) -> None:
    """Add the Form sheet: one employee's assessment, every cell a formula of the ID."""
    st = book.styles
    lang = book.lang
    ws = book.wb.add_worksheet(book.sheet("form"))
    ws.hide_gridlines(2)
    refs = ff.form_refs(book)
    n_rows = max((len(p.indicators) for p in book.positions), default=1) + ff.SPARE_ROWS
    person = book.content.people[0] if book.content.people else None
    cache = FormCache(book, person)

    for i, w in enumerate(ff.WIDTHS):
        ws.set_column(i, i, w)
    ws.set_column(ff.LAST_COL + 1, ff.LAST_COL + 1, 2)
    ws.set_column(ff.H_IND, ff.H_GEN, 10, None, {"hidden": True})

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
        (
            ff.G_POS_IDX,
            f'=IF({ff.ID_CELL}="","",IFERROR(MATCH({ff.ID_CELL},{refs.roster_ids},0),""))',
        ),
        (
            ff.G_POSITION,
            f'=IF({ff.G_POS_IDX}="","",INDEX({refs.roster["position"]},{ff.G_POS_IDX}))',
        ),
        (
            ff.G_SHEET,
            f'=IF({ff.G_POSITION}="","",IFERROR(INDEX({refs.pos_sheets},'
            f'MATCH({ff.G_POSITION},{refs.pos_names},0)),""))',
        ),
        (ff.G_QSHEET, f'=IF({ff.G_SHEET}="","","\'"&SUBSTITUTE({ff.G_SHEET},"\'","\'\'")&"\'")'),
        (
            ff.G_ROW,
            f'=IF({ff.G_QSHEET}="","",IFERROR(MATCH({ff.ID_CELL},INDIRECT({ff.G_QSHEET}&"!$A:$A"),0),""))',
        ),
    ]
    for addr, formula in helpers:
        row = int(addr.split("$")[2]) - 1
        ws.write_formula(row, ff.H_GEN, formula, None, cache.general(addr))

    # Title and period.
    ws.set_row(0, 30)
    title = FORM["title"](lang)
    # after the position's name: "Call-centre agent performance assessment form"
    joined = " " + title[0].lower() + title[1:] if lang == "en" else title
    title_fmt = st.fmt(bold=True, font_size=18, font_color=NAVY, align="center")
    ws.merge_range(0, 0, 0, ff.LAST_COL, "", title_fmt)
    ws.write_formula(
        0,
        0,
        f'=IF({ff.G_POSITION}="",{excel_str(title)},{ff.G_POSITION}&{excel_str(joined)})',
        title_fmt,
        cache.title(title),
    )
    period_word = FORM["period"](lang)
    sep = "：" if lang == "zh" else ": "
    period_fmt = st.fmt(align="center", font_color="#595959")
    ws.merge_range(1, 0, 1, ff.LAST_COL, "", period_fmt)
    ws.write_formula(
        1,
        0,
        f"={excel_str(period_word + sep)}&{NAME_PERIOD}",
        period_fmt,
        cache.period_line(period_word + sep),
    )
    ws.set_row(2, 8)

    # Who: ID (the one input), name, department / position, team, period.
    ws.set_row(ff.ID_ROW, 22)
    ws.set_row(ff.INFO2_ROW, 22)
    ws.merge_range(ff.ID_ROW, 0, ff.ID_ROW, 1, FORM["id"](lang), label)
    id_input = st.fmt(
        bg_color=INPUT_FILL, border=1, border_color=BORDER, locked=False, bold=True, align="center"
    )
    if person is not None:
        ws.write_string(ff.ID_ROW, 2, person.id, id_input)
    else:
        ws.write_blank(ff.ID_ROW, 2, None, id_input)
    ws.data_validation(
        ff.ID_ROW,
        2,
        ff.ID_ROW,
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
        k: f'=IF({ff.G_POS_IDX}="","",T(INDEX({refs.roster[k]},{ff.G_POS_IDX})))'
        for k in ("name", "department", "team", "position")
    }
    ws.merge_range(ff.ID_ROW, 3, ff.ID_ROW, 4, FORM["name"](lang), label)
    ws.write_formula(ff.ID_ROW, 5, roster_lookup["name"], value_c, cache.person("name"))
    ws.write_string(ff.ID_ROW, 6, FORM["department"](lang), label)
    ws.merge_range(ff.ID_ROW, 7, ff.ID_ROW, ff.LAST_COL, "", value_c)
    ws.write_formula(ff.ID_ROW, 7, roster_lookup["department"], value_c, cache.person("department"))
    ws.merge_range(ff.INFO2_ROW, 0, ff.INFO2_ROW, 1, FORM["position"](lang), label)
    ws.write_formula(ff.INFO2_ROW, 2, roster_lookup["position"], value_c, cache.person("position"))
    ws.merge_range(ff.INFO2_ROW, 3, ff.INFO2_ROW, 4, FORM["team"](lang), label)
    ws.write_formula(ff.INFO2_ROW, 5, roster_lookup["team"], value_c, cache.person("team"))
    ws.write_string(ff.INFO2_ROW, 6, FORM["period"](lang), label)
    ws.merge_range(ff.INFO2_ROW, 7, ff.INFO2_ROW, ff.LAST_COL, "", value_c)
    ws.write_formula(
        ff.INFO2_ROW, 7, f'=IF({NAME_PERIOD}="","",{NAME_PERIOD})', value_c, cache.period()
    )
    ws.set_row(5, 8)

    # The indicator table.
    ws.set_row(ff.HEAD_ROW, 30)
    headers = {col: RATER_LABELS[rater](lang) for rater, col in ff.RATER_COLS.items()}
    for i, key in enumerate(ff.COLS):
        text = headers.get(key) or FORM[key](lang)
        ws.write_string(ff.HEAD_ROW, i, text, st.header())
    for k in range(n_rows):
        r = ff.IND_ROW + k
        _indicator_row(book, ws, refs, r, k, cache, value, value_c, pct, num2)

    # Totals.
    t = ff.IND_ROW + n_rows
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
        ws.write_formula(row, v0, f"={ff.by_key(excel_str(key))}", fmt, cache.result(key))
    note_row = t + 2
    ws.set_row(note_row, 30)
    ws.merge_range(note_row, 0, note_row, 2, FORM["note"](lang), label)
    ws.merge_range(note_row, 3, note_row, ff.LAST_COL, "", value)
    ws.write_formula(note_row, 3, f"={ff.by_key(excel_str('note'))}", value, cache.result("note"))

    # Comments and plan: free text for the interview (unlocked).
    free = st.fmt(border=1, border_color=BORDER, text_wrap=True, valign="top", locked=False)
    for i, key in enumerate(("comments", "plan")):
        row = note_row + 2 + i
        ws.set_row(row, 48)
        ws.merge_range(row, 0, row, 2, FORM[key](lang), label)
        ws.merge_range(row, 3, row, ff.LAST_COL, "", free)

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
        ws.merge_range(row, 7, row, ff.LAST_COL, "", line)
    foot = first_sig + 4
    ws.merge_range(
        foot, 0, foot, ff.LAST_COL, "", st.fmt(font_size=9, font_color=MUTED, text_wrap=True)
    )
    # More indicators than rows (HR added some): say so on the form instead of a total
    # that the rows above do not add up to.
    too_many = f"COUNTIF({refs.ind_positions},{ff.G_POSITION})>{n_rows}"
    ws.write_formula(
        foot,
        0,
        f'=IF(AND({ff.G_POSITION}<>"",{too_many}),'
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
            "criteria": f'=AND({ff.G_POSITION}<>"",{too_many})',
            "format": book.styles.cf("problem"),
        },
    )
    ws.set_row(foot, 28)

    ws.print_area(0, 0, foot, ff.LAST_COL)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    calculate_button(book, ws, 1, ff.LAST_COL + 2, x_offset=0)
    protect(ws)


def _indicator_row(
    book: Book,
    ws: Worksheet,
    refs: ff.FormRefs,
    r: int,
    k: int,
    cache: FormCache,
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
        *((i.rule_words(lang) or i.rule_text(lang), ff.WIDTHS[ff.C["rule"]]) for i in kth),
        *((i.name(lang), ff.WIDTHS[ff.C["indicator"]]) for i in kth),
        *((inputs_text(i, lang), ff.WIDTHS[ff.C["actual"]]) for i in kth),
        minimum=40,
    )
    ws.set_row(r, height if k < used else 24)  # spare rows for added indicators are lower
    R = r + 1  # Excel row number
    m = f"${column_letter(ff.H_IND)}{R}"
    # Hidden: the indicator's row on the Indicators sheet.
    if k == 0:
        f_row = (
            f'=IF({ff.G_POSITION}="","",IFERROR(MATCH({ff.G_POSITION},{refs.ind_positions},0)+'
            f'{refs.ind_first - 1},""))'
        )
    else:
        prev = f"${column_letter(ff.H_IND)}{R - 1}"
        f_row = (
            f'=IF({prev}="","",IFERROR({prev}+MATCH({ff.G_POSITION},OFFSET({quote(refs.ind_sheet)}'
            f'!$A$1,{prev},0,{refs.ind_last}-{prev},1),0),""))'
        )
    ws.write_formula(r, ff.H_IND, f_row, None, cache.ind_row(k))

    def ind(key: str, text: bool = True) -> str:
        v = f"INDEX({refs.ind_col[key]},{m})"
        return f"T({v})" if text else f'IF({v}="","",{v})'

    a = f"${column_letter(ff.H_CODE)}{R}"  # the indicator's code: the key on the data sheet
    unit = ind("unit")
    # Hidden: the actual's column (single value) or the first of several inputs and their count.
    act, in0, inn = (f"${column_letter(c)}{R}" for c in (ff.H_ACT, ff.H_IN0, ff.H_INN))
    keyrow = f'INDIRECT({ff.G_QSHEET}&"!${KEY_ROW + 1}:${KEY_ROW + 1}")'
    ws.write_formula(
        r,
        ff.H_ACT,
        f'=IF(OR({a}="",{ff.G_ROW}=""),"",IFERROR(MATCH({a},{keyrow},0),""))',
        None,
        cache.helper(k, "act"),
    )
    ws.write_formula(
        r,
        ff.H_IN0,
        f'=IF(OR({a}="",{ff.G_ROW}=""),"",IFERROR(MATCH({a}&"#*",{keyrow},0),""))',
        None,
        cache.helper(k, "in0"),
    )
    ws.write_formula(
        r, ff.H_INN, f'=IF({in0}="",0,COUNTIF({keyrow},{a}&"#*"))', None, cache.helper(k, "inn")
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
            f'TEXT({ind("target", False)},"0%"),{ff.big_number(ind("target", False))}&" "&{unit})))',
            value_c,
        ),
        "rule": (
            f'=IF({m}="","",IF({ind("rule_words")}<>"",{ind("rule_words")},{ind("rule")}))',
            value,
        ),
    }
    header_row = f'INDIRECT({ff.G_QSHEET}&"!${HEADER_ROW + 1}:${HEADER_ROW + 1}")'
    parts = []
    for j in range(4):
        part = (
            f'INDEX({header_row},{in0}+{j})&" "&'
            f'INDEX(INDIRECT({ff.G_QSHEET}&"!$A:$ZZ"),{ff.G_ROW},{in0}+{j})'
        )
        parts.append(part if j == 0 else f'IF({inn}>{j},"；"&{part},"")')
    single = f'IF({unit}="%",TEXT({ff.data_value(act)},"0.0%"),{ff.big_number(ff.data_value(act))})'
    cells["actual"] = (
        f'=IF({a}="","",IF({act}<>"",IFERROR({single},""),IF({in0}<>"",'
        f'IFERROR({"&".join(parts)},""),"")))',
        value_c,
    )
    for rater, key in ff.RATER_COLS.items():
        suffix = excel_str("@" + rater.value)
        cells[key] = (f'=IF({a}="","",{ff.by_key(a + "&" + suffix)})', value_c)
    cells["points"] = (f'=IF({a}="","",{ff.by_key(excel_str("pts:") + "&" + a)})', num2)
    for key, (formula, fmt) in cells.items():
        ws.write_formula(r, ff.C[key], formula, fmt, cache.cell(k, key))
    ws.write_formula(r, ff.H_CODE, f'=IF({m}="","",{ind("code")})', None, cache.code(k))


def inputs_text(ind: IndicatorSpec, lang: str) -> str:
    """About what the Actual cell shows for a rule of several inputs ("迟到 0；早退 1")."""
    rule = ind.rule(lang)
    inputs = rule.inputs if rule is not None else ()
    return "；".join(f"{name} 0" for name in inputs) if len(inputs) > 1 else ""
