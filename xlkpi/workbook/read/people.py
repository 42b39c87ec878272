"""The Roster, Grades and Adjustments sheets: who is assessed, the grade scale, and HR's
manual points, caps and calibrated grades."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlkpi.core.model import Adjustment, Employee, GradeBand, GradeOverride, QuotaKind, Veto
from xlkpi.core.problems import cell_source
from xlkpi.io.cells import LETTERS
from xlkpi.workbook import layout
from xlkpi.workbook.contacts import ContactReader
from xlkpi.workbook.contract.find import FoundTable, is_blank
from xlkpi.workbook.layout import Kind
from xlkpi.workbook.read.context import ReadContext, key_or_blank, text_cell
from xlkpi.workbook.read.positions import Positions, position_ref
from xlkpi.workbook.read.roster_columns import clean_roster
from xlkpi.workbook.values import CellParser


def read_roster(ctx: ReadContext, positions: Positions) -> list[Employee]:
    """Every employee on the Roster; duplicates, unknown positions and bad cells reported."""
    found = ctx.table(layout.TABLES["roster"])
    if found is None:
        return []
    clean = clean_roster(found, positions)  # (nearly every roster: a column at a time)
    if clean is not None:
        employees, contacts = clean
        contacts.check(ctx.problems)
        return employees
    cols = found.columns
    cells = CellParser(found.sheet, ctx.problems)
    out: list[Employee] = []
    seen: dict[str, int] = {}
    lab = {c.key: c.label for c in layout.TABLES["roster"].columns}
    id_col, has_name = cols.get("id"), "name" in cols
    c_name, c_pos = cols.get("name", 0), cols.get("position")
    c_dept, c_team, c_base = (
        cols.get("department", 0),
        cols.get("team", 0),
        cols.get("bonus_base", 0),
    )
    id_letter = LETTERS[cols["id"]] if id_col is not None else ""
    contacts = ContactReader(found.sheet, cols)  # from the same walk over the rows
    # Positions and bases repeat down the roster (a few of each): each text or number is
    # parsed once, the first time. Only what parsed without a problem is kept, so every
    # bad cell is still reported at its place.
    places: dict[str, str] = {}  # a position cell's text -> the position's code
    bases: dict[float | int, Decimal] = {}  # a number -> its amount
    # (names looked up once, not once a person)
    lab_id, lab_name, lab_dept, lab_team = lab["id"], lab["name"], lab["department"], lab["team"]
    add_contact, key, groups, sheet = contacts.add, ctx.key, positions.groups, found.sheet
    for r, rec in found.rows():
        add_contact(r, rec)
        get = rec.get
        eid = key(cells, get("id"), r, id_col, lab_id)
        name = text_cell(cells, get("name"), r, c_name, lab_name, has_name)
        raw_pos = get("position")
        pos = places.get(raw_pos) if raw_pos.__class__ is str else None
        if pos is None:
            pos = position_ref(ctx, positions, cells, raw_pos, r, c_pos, lab["position"])
            if pos is not None and raw_pos.__class__ is str:
                places[raw_pos] = pos
        dept = text_cell(cells, get("department"), r, c_dept, lab_dept)
        team = text_cell(cells, get("team"), r, c_team, lab_team)
        raw_base = get("bonus_base")
        base = bases.get(raw_base) if raw_base.__class__ in _NUMBERS else None
        if base is None and raw_base is not None:
            base = cells.parse(raw_base, r, c_base, Kind.MONEY, lab["bonus_base"])
            # (a zero is not kept: -0.0 equals 0.0 as a key, but is the amount -0.00)
            if base and raw_base.__class__ in _NUMBERS:
                bases[raw_base] = base
        if not eid:
            continue
        if eid in seen:  # only its first row counts
            _listed_twice(ctx, found, eid, seen[eid], r)
            continue
        seen[eid] = r
        if pos is None:  # the position cell is reported; the data sheets skip this ID
            ctx.unplaced.add(eid)
            continue
        src = cell_source(sheet, id_letter + str(r + 1))
        group = groups.get(pos, "")
        out.append(Employee(eid, name or "", pos, dept, team, base, src, position_group=group))
    # e-mail addresses and managers (for `xlkpi send`): warnings on the Issues sheet
    contacts.check(ctx.problems)
    return out


_NUMBERS = (float, int)


def _listed_twice(ctx: ReadContext, found: FoundTable, eid: str, first: int, r: int) -> None:
    ctx.problems.error(
        "roster.duplicate",
        f"Employee ID '{eid}' is listed twice",
        f"工号“{eid}”重复",
        found.source(first, "id"),
        found.source(r, "id"),
    )


def read_grades(ctx: ReadContext) -> list[GradeBand]:
    """The grade scale, as listed; bad cells reported."""
    table = layout.TABLES["grades"]
    found = ctx.table(table)
    if found is None:
        return []
    ctx.where.grades = found
    cols = found.columns
    cells = CellParser(found.sheet, ctx.problems)

    def parse(rec: dict[str, Any], r: int, key: str, kind: Kind, **kw: Any) -> Any:
        return cells.parse(rec.get(key), r, cols.get(key, 0), kind, table.column(key).label, **kw)

    out: list[GradeBand] = []
    for r, rec in found.rows():
        if set(rec) - {"count"} and all(is_blank(v) for k, v in rec.items() if k != "count"):
            continue  # only a stale headcount on this row
        grade = ctx.key(cells, rec.get("grade"), r, cols.get("grade"), table.column("grade").label)
        min_score = parse(rec, r, "min_score", Kind.NUMBER, required="min_score" in cols)
        coef = parse(rec, r, "coefficient", Kind.NUMBER)
        kind = None
        if "quota_kind" in cols:
            lab = table.column("quota_kind").label
            kind = cells.choice(rec.get("quota_kind"), r, cols["quota_kind"], "quota_kind", lab)
        share = parse(rec, r, "quota_share", Kind.PERCENT)
        if not grade or min_score is None:
            continue
        ctx.where.grade_rows[grade] = r
        out.append(
            GradeBand(
                grade,
                float(min_score),
                1.0 if coef is None else float(coef),
                QuotaKind(kind) if kind else None,
                share,
                found.source(r, "grade"),
            )
        )
    return out


def read_adjustments(
    ctx: ReadContext,
) -> tuple[list[Adjustment], list[Veto], list[GradeOverride]]:
    """Manual points, caps (vetoes) and calibrated grades, each with its reason."""
    adjustments: list[Adjustment] = []
    vetoes: list[Veto] = []
    overrides: list[GradeOverride] = []
    table = layout.TABLES["adjustments"]
    found = ctx.table(table)
    if found is None:
        return adjustments, vetoes, overrides
    sheet, cols = found.sheet, found.columns
    cells = CellParser(sheet, ctx.problems)

    def lab(key: str) -> Any:
        return table.column(key).label

    for r, rec in found.rows():
        before = len(ctx.problems)
        eid = ctx.key(cells, rec.get("id"), r, cols.get("id"), lab("id"))
        points = cells.parse(
            rec.get("points"), r, cols.get("points", 0), Kind.NUMBER, lab("points")
        )
        cap_total = cells.parse(
            rec.get("cap_total"), r, cols.get("cap_total", 0), Kind.NUMBER, lab("cap_total")
        )
        cap_grade = key_or_blank(
            cells, rec.get("cap_grade"), r, cols.get("cap_grade", 0), lab("cap_grade")
        )
        grade = key_or_blank(cells, rec.get("grade"), r, cols.get("grade", 0), lab("grade"))
        reason = cells.parse(rec.get("reason"), r, cols.get("reason", 0), Kind.TEXT, lab("reason"))
        reason = reason or ""
        if not eid:
            continue
        if points is None and cap_total is None and not cap_grade and not grade:
            if len(ctx.problems) == before:
                ctx.problems.warning(
                    "adjustments.empty",
                    f"Adjustment row for {eid} gives no points, cap or grade; it changes nothing",
                    f"{eid}的调整行没有填写加减分、上限或校准等级，不起作用",
                    found.source(r, "id"),
                )
            continue
        if points is not None:
            adjustments.append(Adjustment(eid, points, reason, found.source(r, "points")))
        if cap_total is not None or cap_grade:
            src = found.source(r, "cap_total" if cap_total is not None else "cap_grade")
            vetoes.append(Veto(eid, reason, cap_total, cap_grade or None, src))
        if grade:
            overrides.append(GradeOverride(eid, grade, reason, found.source(r, "grade")))
    return adjustments, vetoes, overrides
