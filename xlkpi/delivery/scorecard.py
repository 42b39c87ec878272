"""A person's scorecard: a small print-ready workbook written fresh from their Card.

One sheet, A4 portrait, fitted to one page wide (one or two pages tall): who and when,
every indicator with its rule in words, target, actual, rater scores and points, the
total, rank, grade (and why it changed), bonus or pay with how it was reached, then the
interview, improvement-plan and signature block and how and by when to appeal.

Numbers are written as numbers, so the file reads back with the person's own figures.
The file is the same bytes for the same Card (fixed document dates), so its hash in the
Send log identifies what was sent.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import xlsxwriter

from xlkpi.core.fmt import separator
from xlkpi.delivery.cards import Card
from xlkpi.delivery.texts import CARD, SCOPE_WORDS
from xlkpi.workbook.layout import RATER_LABELS

FONTS = {"zh": "等线", "en": "Calibri"}
NAVY = "#1F3864"
MUTED = "#595959"
BORDER = "#A6A6A6"
HEAD_FILL = "#D9E1F2"
LABEL_FILL = "#F2F2F2"


class Formats:
    """The cell formats of one workbook (XlsxWriter formats belong to their workbook)."""

    def __init__(self, wb: xlsxwriter.Workbook):
        b = {"border": 1, "border_color": BORDER, "valign": "vcenter"}
        self.title = wb.add_format({"bold": True, "font_size": 16, "font_color": NAVY})
        self.sub = wb.add_format({"font_color": MUTED, "font_size": 9})
        self.label = wb.add_format({**b, "bold": True, "bg_color": LABEL_FILL, "text_wrap": True})
        self.value = wb.add_format({**b, "text_wrap": True})
        self.center = wb.add_format({**b, "align": "center", "text_wrap": True})
        self.head = wb.add_format(
            {**b, "bold": True, "bg_color": HEAD_FILL, "align": "center", "text_wrap": True}
        )
        self.small = wb.add_format({**b, "text_wrap": True, "font_size": 8, "valign": "top"})
        self.pct = wb.add_format({**b, "align": "center", "num_format": "0%"})
        self.num = wb.add_format({**b, "align": "center", "num_format": "0.##"})
        self.pts = wb.add_format({**b, "align": "center", "num_format": "0.00"})
        self.big = wb.add_format(
            {
                **b,
                "align": "center",
                "num_format": "0.00",
                "bold": True,
                "font_size": 14,
                "font_color": NAVY,
            }
        )
        self.grade = wb.add_format(
            {**b, "align": "center", "bold": True, "font_size": 14, "font_color": NAVY}
        )
        self.money = wb.add_format({**b, "align": "center", "num_format": "¥#,##0.00"})
        self.box = wb.add_format({**b, "valign": "top", "text_wrap": True})
        self.line = wb.add_format({"bottom": 1, "bottom_color": MUTED})
        self.sign = wb.add_format({"bold": True, "align": "right", "valign": "bottom"})
        self.foot = wb.add_format(
            {"font_size": 9, "font_color": MUTED, "text_wrap": True, "valign": "top"}
        )


def new_workbook(buffer: io.BytesIO, card: Card) -> xlsxwriter.Workbook:
    """An in-memory workbook with the card's language font and fixed document dates."""
    wb = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "default_format_properties": {
                "font_name": FONTS.get(card.lang, "Calibri"),
                "font_size": 10,
            },
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    created = dt.datetime.combine(card.published, dt.time(0, 0))
    wb.set_properties({"title": CARD["title"](card.lang), "author": "xlkpi", "created": created})
    return wb


def scorecard_bytes(card: Card) -> bytes:
    """The person's scorecard workbook (.xlsx) as bytes."""
    buffer = io.BytesIO()
    wb = new_workbook(buffer, card)
    fmt = Formats(wb)
    ws = wb.add_worksheet(CARD["sheet"](card.lang))
    write_card(ws, card, fmt)
    wb.close()
    return buffer.getvalue()


def _t(key: str, card: Card) -> str:
    return CARD[key](card.lang)


def write_card(ws: Any, card: Card, fmt: Formats) -> None:
    """Write one card on the worksheet `ws` (used by scorecards and packs alike)."""
    raters = card.raters
    # columns: indicator, weight, target, rule, actual, one per rater, points
    widths = [18, 6, 10, 36, 12] + [6] * len(raters) + [8]
    last = len(widths) - 1
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    ws.hide_gridlines(2)
    r = 0
    ws.set_row(r, 26)
    sep = "：" if card.lang == "zh" else ": "
    ws.merge_range(r, 0, r, last, f"{_t('title', card)}{sep}{card.position}", fmt.title)
    r += 1
    ws.merge_range(
        r, 0, r, last, f"{_t('confidential', card)} · {_t('period', card)} {card.period}", fmt.sub
    )
    r += 2
    pairs = [
        ("id", card.id, "name", card.name),
        ("department", card.department, "team", card.team),
        ("position", card.position, "period", card.period),
        ("reviewer", card.reviewer, "approver", card.approver),
    ]
    for k1, v1, k2, v2 in pairs:
        ws.set_row(r, 16 if len(v1) <= (8 if card.lang == "zh" else 16) else 28)
        ws.write_string(r, 0, _t(k1, card), fmt.label)
        ws.merge_range(r, 1, r, 2, v1, fmt.value)
        ws.write_string(r, 3, _t(k2, card), fmt.label)
        _span(ws, r, 4, last, v2, fmt.value)
        r += 1
    r += 1
    heads = ["indicator", "weight", "target", "rule", "actual"]
    ws.set_row(r, 28)
    for c, key in enumerate(heads):
        ws.write_string(r, c, _t(key, card), fmt.head)
    for j, rater in enumerate(raters):
        ws.write_string(r, 5 + j, RATER_LABELS[rater](card.lang), fmt.head)
    ws.write_string(r, last, _t("points", card), fmt.head)
    ws.repeat_rows(r)
    r += 1
    for line in card.lines:
        name = f"{line.name}\n({line.dimension})" if line.dimension else line.name
        rule = "\n→ ".join(x for x in (line.rule, line.how) if x)
        ws.set_row(r, _height(card.lang, (name, 8, 17), (rule, 26, 52), (line.actual, 6, 12)))
        ws.write_string(r, 0, name, fmt.value)
        _number(ws, r, 1, line.weight, fmt.pct)
        ws.write_string(r, 2, line.target, fmt.center)
        ws.write_string(r, 3, rule, fmt.small)
        ws.write_string(r, 4, line.actual, fmt.center)
        for j, rater in enumerate(raters):
            _number(ws, r, 5 + j, line.scores.get(rater), fmt.num)
        _number(ws, r, last, line.points, fmt.pts)
        r += 1
    r = _results(ws, card, fmt, r + 1, last)
    _closing(ws, card, fmt, r + 1, last)


def _height(lang: str, *cells: tuple[str, int, int]) -> float:
    """A row height fitting wrapped texts: (text, characters per line in zh, in en)."""
    lines = 1
    for text, zh, en in cells:
        per = zh if lang == "zh" else en
        lines = max(lines, sum(1 + len(part) // per for part in text.split("\n")))
    return max(24.0, 13.5 * lines)


def _span(ws: Any, r: int, c0: int, c1: int, text: str, f: Any) -> None:
    """Text across columns c0..c1 of row r (one cell when c1 <= c0)."""
    if c1 > c0:
        ws.merge_range(r, c0, r, c1, text, f)
    else:
        ws.write_string(r, c0, text, f)


def _number(ws: Any, r: int, c: int, v: float | None, f: Any) -> None:
    if v is None:
        ws.write_blank(r, c, None, f)
    else:
        ws.write_number(r, c, float(v), f)


def _row(ws: Any, card: Card, fmt: Formats, r: int, last: int, key: str, text: str) -> int:
    """A label and a wrapped text across the page; returns the next row."""
    ws.merge_range(r, 0, r, 1, _t(key, card), fmt.label)
    ws.merge_range(r, 2, r, last, text, fmt.value)
    ws.set_row(r, max(18, 14 * (1 + len(text) // (60 if card.lang == "zh" else 100))))
    return r + 1


def _results(ws: Any, card: Card, fmt: Formats, r: int, last: int) -> int:
    """Subtotal, adjustment, total, rank, grade (and why), bonus, pay: label/value pairs in
    columns 0-1 / 2 and 3 / 4.., whatever the number of rater columns."""
    sep = separator(card.lang)
    rank = ""
    if card.rank is not None:
        rank = _t("rank_of", card).format(
            rank=card.rank, size=card.rank_size or "", scope=SCOPE_WORDS[card.rank_scope](card.lang)
        )
    ws.merge_range(r, 0, r, 1, _t("subtotal", card), fmt.label)
    _number(ws, r, 2, card.subtotal, fmt.pts)
    ws.write_string(r, 3, _t("adjustment", card), fmt.label)
    ws.write_number(r, 4, card.adjustment, fmt.pts)
    _span(ws, r, 5, last, "", fmt.value)
    r += 1
    ws.set_row(r, 26)
    ws.merge_range(r, 0, r, 1, _t("total", card), fmt.label)
    _number(ws, r, 2, card.total, fmt.big)
    ws.write_string(r, 3, _t("rank", card), fmt.label)
    _span(ws, r, 4, last, rank, fmt.center)
    r += 1
    ws.set_row(r, 26)
    ws.merge_range(r, 0, r, 1, _t("grade", card), fmt.label)
    ws.write_string(r, 2, card.grade, fmt.grade)
    ws.write_string(r, 3, _t("grade_by_score", card), fmt.label)
    _span(ws, r, 4, last, card.grade_by_score, fmt.center)
    r += 1
    if card.adjustment_notes:
        r = _row(ws, card, fmt, r, last, "adjustment", sep.join(card.adjustment_notes))
    notes = [n for n in (card.total_note, card.grade_note) if n]
    if notes:
        r = _row(ws, card, fmt, r, last, "grade_why", sep.join(notes))
    if card.bonus is not None:
        ws.merge_range(r, 0, r, 1, _t("bonus", card), fmt.label)
        ws.write_number(r, 2, float(card.bonus), fmt.money)
        ws.merge_range(r, 3, r, last, card.bonus_how, fmt.small)
        ws.set_row(r, 30)
        r += 1
    if card.pay is not None:
        ws.merge_range(r, 0, r, 1, _t("pay", card), fmt.label)
        ws.write_number(r, 2, float(card.pay), fmt.money)
        how = "\n".join(s.strip() for s in card.pay_how)
        ws.merge_range(r, 3, r, last, how, fmt.small)
        ws.set_row(r, max(30, 11 * (1 + len(card.pay_how))))
        r += 1
    return r


def _closing(ws: Any, card: Card, fmt: Formats, r: int, last: int) -> None:
    for key in ("comments", "plan"):
        ws.merge_range(r, 0, r, 1, _t(key, card), fmt.label)
        ws.merge_range(r, 2, r, last, "", fmt.box)
        ws.set_row(r, 52)
        r += 1
    r += 1
    for key in ("sign_employee", "sign_reviewer", "sign_approver"):
        ws.set_row(r, 26)
        ws.merge_range(r, 0, r, 1, _t(key, card), fmt.sign)
        ws.merge_range(r, 2, r, 3, "", fmt.line)
        ws.write_string(r, 4, _t("date", card), fmt.sign)
        _span(ws, r, 5, last, "", fmt.line)
        r += 1
    r += 1
    appeal = _t("appeal", card).format(
        deadline=card.appeal_deadline.isoformat(), days=card.appeal_days
    )
    ws.merge_range(r, 0, r, last, appeal, fmt.foot)
    ws.set_row(r, 40)
    ws.print_area(0, 0, r, last)
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.center_horizontally()
    ws.set_footer(f"&C&8{card.id} {card.name} · &P/&N")
