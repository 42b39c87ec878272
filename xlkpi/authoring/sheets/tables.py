"""The settings sheet and the configuration tables: positions, indicators, roster, grades,
adjustments, and the hidden lists sheet that feeds the drop-downs.

Each table sheet: a title (row 1), a one-line hint (row 2), the header row (row 3) with the
contract's labels, then pre-formatted input rows. No Excel tables: autofilter and frozen
headers instead, so nothing has to grow when rows are added.
"""

from __future__ import annotations

from xlkpi.authoring.book import Book
from xlkpi.authoring.printing import wrapped_height
from xlkpi.authoring.sheets import table_kit as kit
from xlkpi.authoring.sheets.common import (
    GRADE_ROWS,
    INDICATOR_ROWS,
    POSITION_ROWS,
    ROSTER_ROWS,
    TABLE_HEADER_ROW,
    TITLE_ROW,
    col_range,
    protect,
    ref,
)
from xlkpi.authoring.spec import IndicatorSpec, unit_label
from xlkpi.core.valid import ValidRange, default_range
from xlkpi.io.cells import column_letter
from xlkpi.workbook.layout import CHOICES, SETTINGS, SETTINGS_HEADER, TABLES, Kind
from xlkpi.workbook.pay_layout import parse_pay_scheme

# --- settings -------------------------------------------------------------------------------


def write_settings(book: Book) -> None:
    """Add the Settings sheet: one row per setting with its value, note and check."""
    st = book.styles
    lang = book.lang
    ws = kit.start_sheet(book, "settings", None, [h(lang) for h in SETTINGS_HEADER], [24, 26, 70])
    values = book.content.settings
    for i, s in enumerate(SETTINGS):
        r = kit.FIRST_ROW + i
        ws.write_string(r, 0, s.label(lang), st.label(bold=True))
        ws.write_string(r, 2, s.note(lang), st.label(wrap=True))
        value = values.get(s.key)
        cell_ref = ref(book.sheet("settings"), r, 1)
        ws.set_row(r, 20)
        if s.key == "status":  # written by Calculate: unlocked for xlwings Lite
            ws.write_blank(r, 1, None, st.computed(locked=False))
            continue
        if s.kind is Kind.CHOICE:
            assert s.choices is not None
            ws.write_string(r, 1, kit.choice_label(s.choices, value, lang), st.input())
            ws.data_validation(r, 1, r, 1, kit.list_check(kit.choice_name(s.choices)))
        elif s.kind is Kind.PERCENT:
            kit.write_number(ws, r, 1, value, st.input("percent0"))
            ws.data_validation(r, 1, r, 1, kit.percent_check(1, lang=lang))
        elif s.kind is Kind.MONEY:
            kit.write_number(ws, r, 1, value, st.input("money"))
            ws.data_validation(r, 1, r, 1, kit.decimal_check(0, lang=lang))
        else:
            ws.write_string(r, 1, "" if value is None else str(value), st.input())
        if s.key == "gap_threshold":
            book.wb.define_name(kit.NAME_GAP, f"={cell_ref}")
        if s.key == "period":
            book.wb.define_name(kit.NAME_PERIOD, f"={cell_ref}")
    ws.freeze_panes(0, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    kit.calculate_button(book, ws, TITLE_ROW, 2)
    kit.send_button(book, ws, TITLE_ROW, 2, x_offset=128)
    protect(ws)


# --- positions ------------------------------------------------------------------------------


def write_positions(book: Book) -> None:
    """Add the Positions table: each position's name, data sheet and pay scheme."""
    rows = [
        {
            "code": p.code,
            "name": p.name(book.lang),
            "data_sheet": book.data_sheets[p.code],
            "pay_scheme": _scheme_label(p.pay_scheme, book.lang),
            "group": None,
        }
        for p in book.positions
    ]
    ws, table = kit.table_sheet(book, "positions", rows)
    kit.name_column(book, kit.NAME_POSITIONS, table, "name", POSITION_ROWS)
    last = kit.FIRST_ROW + POSITION_ROWS - 1
    ws.autofilter(TABLE_HEADER_ROW, 0, last, len(table.columns) - 1)
    kit.table_duplicate_check(book, ws, table, "code", POSITION_ROWS)
    kit.table_duplicate_check(book, ws, table, "name", POSITION_ROWS)
    kit.print_table(ws)
    protect(ws)


def _scheme_label(scheme: str | None, lang: str) -> str | None:
    """A pay scheme as HR reads it ("维修团队计件", "公式:service_advisor")."""
    choice = parse_pay_scheme(scheme) if scheme else None
    return choice.label(lang) if choice else None


# --- indicators -----------------------------------------------------------------------------


def write_indicators(book: Book) -> None:
    """Add the Indicators table: every position's indicators, weights, targets and rules, with
    the weight checks."""
    st = book.styles
    lang = book.lang
    table = TABLES["indicators"]
    keys = [c.key for c in table.columns]
    widths = [16 if c.key == "code" else c.width for c in table.columns]
    ws = kit.start_sheet(book, "indicators", table, widths=widths)
    kit.pre_format(book, ws, table, widths)
    r = kit.FIRST_ROW
    for p in book.positions:
        for ind in p.indicators:
            row: dict[str, object] = {
                "position": p.name(lang),
                "dimension": ind.dimension(lang) if ind.dimension else "",
                "dimension_weight": ind.dimension_weight,
                "code": ind.code,
                "name": ind.name(lang),
                "name_alt": ind.name("en" if lang == "zh" else "zh"),
                "weight": ind.weight,
                "scale": ind.scale,
                "target": book.content.targets.get((p.code, ind.code), ind.target),
                "unit": unit_label(ind.unit, lang),
                "valid": ind.valid or _valid_text(ind, lang),
                "scored_by": CHOICES["scored_by"][ind.scored_by.value](lang),
                "rule": ind.rule_text(lang),
                "rule_words": ind.rule_words(lang),
            }
            for c, col in enumerate(table.columns):
                value = row[col.key]
                if col.key == "target" and ind.is_percent and value is not None:
                    kit.write_number(ws, r, c, value, st.input("percent"))
                else:
                    kit.write_value(book, ws, r, c, col, value)
            width = {c.key: c.width for c in table.columns}
            ws.set_row(
                r,
                wrapped_height(
                    (ind.rule_words(lang), width["rule_words"]),
                    (ind.rule_text(lang), width["rule"]),
                    (ind.name(lang), width["name"]),
                    (ind.name("en" if lang == "zh" else "zh"), width["name_alt"]),
                ),
            )
            r += 1
    last = kit.FIRST_ROW + INDICATOR_ROWS - 1
    ws.autofilter(TABLE_HEADER_ROW, 0, last, len(table.columns) - 1)
    ws.freeze_panes(kit.FIRST_ROW, keys.index("name") + 1)
    kit.validate(book, ws, table, INDICATOR_ROWS, "position", kit.list_check(kit.NAME_POSITIONS))
    kit.validate(
        book, ws, table, INDICATOR_ROWS, "dimension_weight", kit.percent_check(1, lang=lang)
    )
    kit.validate(book, ws, table, INDICATOR_ROWS, "weight", kit.percent_check(1, lang=lang))
    kit.validate(
        book,
        ws,
        table,
        INDICATOR_ROWS,
        "scale",
        {**kit.decimal_check(0, lang=lang), "criteria": ">", "value": 0},
    )
    kit.validate(
        book, ws, table, INDICATOR_ROWS, "scored_by", kit.list_check(kit.choice_name("scored_by"))
    )
    # Weights of one position (and dimension) must add up to 100%.
    pos, dim, w = (column_letter(keys.index(k)) for k in ("position", "dimension", "weight"))
    f, l_ = kit.FIRST_ROW + 1, last + 1
    wi = keys.index("weight")
    ws.conditional_format(
        kit.FIRST_ROW,
        wi,
        last,
        wi,
        {
            "type": "formula",
            "criteria": (
                f'=AND(${pos}{f}<>"",ABS(SUMPRODUCT((${pos}${f}:${pos}${l_}=${pos}{f})'
                f"*(${dim}${f}:${dim}${l_}=${dim}{f}),${w}${f}:${w}${l_})-1)>0.0001)"
            ),
            "format": st.cf("problem"),
        },
    )
    # Required cells of a started row.
    for k in ("code", "name", "weight", "scale", "scored_by"):
        i = keys.index(k)
        letter = column_letter(i)
        ws.conditional_format(
            kit.FIRST_ROW,
            i,
            last,
            i,
            {
                "type": "formula",
                "criteria": f'=AND(${pos}{f}<>"",{letter}{f}="")',
                "format": st.cf("problem"),
            },
        )
    kit.print_table(ws)
    protect(ws)


def _valid_text(ind: IndicatorSpec, lang: str) -> str:
    """The valid range the unit implies (per-event counts: at least 0), written out so HR
    sees and can edit it."""
    implied = default_range(unit_label(ind.unit, lang))
    rule = ind.rule(lang)
    if implied is None and rule is not None and rule.kind == "events":
        implied = ValidRange(0.0, None)
    return implied.text(lang) if implied is not None else ""


# --- roster ---------------------------------------------------------------------------------


def write_roster(book: Book) -> None:
    """Add the Roster: the people, their department, team, position and bonus base."""
    lang = book.lang
    rows = [
        {
            "id": person.id,
            "name": person.name(lang),
            "department": person.department(lang),
            "team": person.team(lang),
            "position": book.position_name(person.position),
            "bonus_base": person.bonus_base,
            "email": person.email,
            "manager": person.manager,
            "password": "",
        }
        for person in book.content.people
    ]
    ws, table = kit.table_sheet(book, "roster", rows)
    kit.name_column(book, kit.NAME_IDS, table, "id", ROSTER_ROWS)
    last = kit.FIRST_ROW + ROSTER_ROWS - 1
    ws.autofilter(TABLE_HEADER_ROW, 0, last, len(table.columns) - 1)
    ws.freeze_panes(kit.FIRST_ROW, 2)
    kit.validate(book, ws, table, ROSTER_ROWS, "position", kit.list_check(kit.NAME_POSITIONS))
    kit.validate(book, ws, table, ROSTER_ROWS, "bonus_base", kit.decimal_check(0, lang=lang))
    kit.table_duplicate_check(book, ws, table, "id", ROSTER_ROWS)
    kit.required_check(book, ws, table, ROSTER_ROWS, "id", ("name", "position"))
    kit.print_table(ws)
    protect(ws)


# --- grades ---------------------------------------------------------------------------------


def write_grades(book: Book) -> None:
    """Add the Grades table: grades, lowest scores, coefficients and quotas."""
    lang = book.lang
    rows = [
        {
            "grade": g.grade,
            "min_score": g.min_score,
            "coefficient": g.coefficient,
            "quota_kind": kit.choice_label("quota_kind", g.quota_kind, lang),
            "quota_share": g.quota_share,
            "meaning": g.meaning(lang),
            "count": None,
        }
        for g in book.content.grades
    ]
    ws, table = kit.table_sheet(book, "grades", rows)
    kit.name_column(book, kit.NAME_GRADES, table, "grade", GRADE_ROWS)
    keys = [c.key for c in table.columns]
    kit.validate(book, ws, table, GRADE_ROWS, "min_score", kit.decimal_check(0, 100, lang=lang))
    kit.validate(book, ws, table, GRADE_ROWS, "coefficient", kit.decimal_check(0, lang=lang))
    kit.validate(
        book, ws, table, GRADE_ROWS, "quota_kind", kit.list_check(kit.choice_name("quota_kind"))
    )
    kit.validate(book, ws, table, GRADE_ROWS, "quota_share", kit.percent_check(1, lang=lang))
    kit.table_duplicate_check(book, ws, table, "grade", GRADE_ROWS)
    gi = keys.index("grade")
    kit.grade_colours(book, ws, kit.FIRST_ROW, gi, kit.FIRST_ROW + GRADE_ROWS - 1, gi)
    # Minimum scores must fall from the best grade down.
    mi = keys.index("min_score")
    m = column_letter(mi)
    f = kit.FIRST_ROW + 1
    ws.conditional_format(
        kit.FIRST_ROW + 1,
        mi,
        kit.FIRST_ROW + GRADE_ROWS - 1,
        mi,
        {
            "type": "formula",
            "criteria": f'=AND({m}{f + 1}<>"",{m}{f + 1}>={m}{f})',
            "format": book.styles.cf("problem"),
        },
    )
    kit.print_table(ws)
    protect(ws)


# --- adjustments ----------------------------------------------------------------------------


def write_adjustments(book: Book) -> None:
    """Add the Adjustments table: points, caps and calibrated grades, each with a reason."""
    lang = book.lang
    names = {p.id: p.name(lang) for p in book.content.people}
    rows = [
        {
            "id": adj.id,
            "name": names.get(adj.id, ""),
            "points": adj.points,
            "cap_total": adj.cap_total,
            "cap_grade": adj.cap_grade,
            "grade": adj.grade,
            "reason": adj.reason(lang),
        }
        for adj in book.content.adjustments
    ]
    ws, table = kit.table_sheet(book, "adjustments", rows)
    keys = [c.key for c in table.columns]
    last = kit.FIRST_ROW + ROSTER_ROWS - 1
    ws.autofilter(TABLE_HEADER_ROW, 0, last, len(table.columns) - 1)
    ws.freeze_panes(kit.FIRST_ROW, 2)
    kit.validate(book, ws, table, ROSTER_ROWS, "id", kit.list_check(kit.NAME_IDS, strict=False))
    kit.validate(book, ws, table, ROSTER_ROWS, "points", kit.decimal_check(-100, 100, lang=lang))
    kit.validate(book, ws, table, ROSTER_ROWS, "cap_total", kit.decimal_check(0, 100, lang=lang))
    kit.validate(book, ws, table, ROSTER_ROWS, "cap_grade", kit.list_check(kit.NAME_GRADES))
    kit.validate(book, ws, table, ROSTER_ROWS, "grade", kit.list_check(kit.NAME_GRADES))
    kit.required_check(book, ws, table, ROSTER_ROWS, "id", ("reason",))
    kit.unknown_id_check(book, ws, keys.index("id"), kit.FIRST_ROW, ROSTER_ROWS)
    kit.print_table(ws)
    protect(ws)


def write_mapping(book: Book) -> None:
    """The import mapping (导入映射): empty; `xlkpi import` fills it from the first export of
    each source, and HR corrects it there (see xlkpi.importing.mapping)."""
    ws, table = kit.table_sheet(book, "mapping", [])
    ws.autofilter(TABLE_HEADER_ROW, 0, kit.FIRST_ROW + ROSTER_ROWS - 1, len(table.columns) - 1)
    kit.print_table(ws)
    protect(ws)


# --- lists (hidden) -------------------------------------------------------------------------


def write_lists(book: Book) -> None:
    """The choice labels the drop-downs offer, one column per group, named ranges."""
    ws = book.wb.add_worksheet(book.sheet("lists"))
    for c, (group, choices) in enumerate(CHOICES.items()):
        ws.write_string(0, c, group)
        for r, label in enumerate(choices.values(), start=1):
            ws.write_string(r, c, label(book.lang))
        book.wb.define_name(
            kit.choice_name(group), "=" + col_range(book.sheet("lists"), c, 1, len(choices))
        )
        ws.set_column(c, c, 22)
    ws.hide()
    protect(ws)
