"""A manager's pack (their team only) or the department pack (everyone): an overview
sheet, then each member's scorecard on a sheet of its own, written fresh from the Cards.

A manager's team is everyone whose roster row names them as manager, and the people those
people manage, and so on down: a manager sees the whole tree under them, nobody else.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from xlkpi.delivery.cards import Card
from xlkpi.delivery.scorecard import Formats, new_workbook, write_card
from xlkpi.delivery.texts import CARD, PACK
from xlkpi.workbook.contacts import Contact
from xlkpi.workbook.layout import safe_sheet_name

OVERVIEW = ("id", "name", "position", "team", "total", "rank", "grade", "bonus", "pay")


def team_of(manager: str, contacts: dict[str, Contact]) -> list[str]:
    """Employee IDs under `manager`, directly or through others, in roster order."""
    reports: dict[str, list[str]] = {}
    for c in contacts.values():
        if c.manager and c.manager != c.id:
            reports.setdefault(c.manager, []).append(c.id)
    seen: set[str] = set()
    todo = list(reports.get(manager, []))
    while todo:
        eid = todo.pop()
        if eid in seen or eid == manager:
            continue
        seen.add(eid)
        todo.extend(reports.get(eid, []))
    return [eid for eid in contacts if eid in seen]


def managers(contacts: dict[str, Contact]) -> list[str]:
    """Employee IDs named as somebody's manager (and on the roster), in roster order."""
    named = {c.manager for c in contacts.values() if c.manager and c.manager != c.id}
    return [eid for eid in contacts if eid in named]


def pack_bytes(title: str, cards: Sequence[Card], lang: str, *, department: bool = False) -> bytes:
    """The pack workbook (.xlsx) holding `cards` and nothing else.

    Args:
        title: the overview's title (the manager's name and the period).
        cards: the members' cards, in the order they are listed.
        lang: the workbook's language.
        department: True for the department pack (the overview is named so).
    """
    buffer = io.BytesIO()
    wb = new_workbook(buffer, cards[0])
    fmt = Formats(wb)
    ws = wb.add_worksheet(PACK["department_overview" if department else "overview"](lang))
    ws.hide_gridlines(2)
    widths = (10, 10, 18, 16, 8, 6, 6, 12, 12)
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    ws.merge_range(0, 0, 0, len(OVERVIEW) - 1, title, fmt.title)
    ws.set_row(0, 26)
    ws.merge_range(1, 0, 1, len(OVERVIEW) - 1, PACK["hint"](lang), fmt.sub)
    for c, key in enumerate(OVERVIEW):
        ws.write_string(3, c, CARD[key](lang), fmt.head)
    r = 4
    for card in cards:
        ws.write_string(r, 0, card.id, fmt.value)
        ws.write_string(r, 1, card.name, fmt.value)
        ws.write_string(r, 2, card.position, fmt.value)
        ws.write_string(r, 3, card.team, fmt.value)
        _num(ws, r, 4, card.total, fmt.pts)
        _num(ws, r, 5, card.rank, fmt.center)
        ws.write_string(r, 6, card.grade, fmt.center)
        _num(ws, r, 7, card.bonus, fmt.money)
        _num(ws, r, 8, card.pay, fmt.money)
        r += 1
    totals = [c.total for c in cards if c.total is not None]
    ws.write_string(r + 1, 0, PACK["headcount"](lang), fmt.label)
    ws.write_number(r + 1, 1, len(cards), fmt.center)
    ws.write_string(r + 1, 3, PACK["average"](lang), fmt.label)
    if totals:
        ws.write_number(r + 1, 4, round(sum(totals) / len(totals), 2), fmt.pts)
    ws.autofilter(3, 0, r - 1, len(OVERVIEW) - 1)
    ws.freeze_panes(4, 2)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(3)
    used: set[str] = {ws.name}
    for card in cards:
        name = safe_sheet_name(f"{card.id} {card.name}")
        while name in used:
            name = safe_sheet_name(name[:28] + f"~{len(used)}")
        used.add(name)
        write_card(wb.add_worksheet(name), card, fmt)
    wb.close()
    return buffer.getvalue()


def _num(ws: object, r: int, c: int, v: object, f: object) -> None:
    if v is None:
        ws.write_blank(r, c, None, f)  # type: ignore[attr-defined]
    else:
        ws.write_number(r, c, float(v), f)  # type: ignore[attr-defined,arg-type]
