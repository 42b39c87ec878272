"""The guide sheet (说明 / Guide): the first thing HR sees, and the first printed page."""

from __future__ import annotations

from xlkpi.authoring import guide as text
from xlkpi.authoring.book import Book
from xlkpi.authoring.sheets.common import protect
from xlkpi.authoring.sheets.table_kit import calculate_button
from xlkpi.authoring.styles import NAVY
from xlkpi.core.label import Label
from xlkpi.workbook.layout import CHOICES

TEXT_WIDTH = 96  # characters in column B
DATA_LINK = Label("数据表", "Data sheets")


def _names(book: Book) -> dict[str, str]:
    names = {
        k: book.sheet(k)
        for k in (
            "settings",
            "positions",
            "indicators",
            "roster",
            "grades",
            "adjustments",
            "summary",
            "issues",
            "form",
        )
    }
    sep = "、" if book.lang == "zh" else ", "
    names["data"] = sep.join(book.data_sheets.values())
    period_type = str(book.content.settings.get("period_type") or "month")
    word = CHOICES["period_type"][period_type](book.lang)
    names["period_word"] = word.lower() if book.lang == "en" else word
    return names


def _height(text_: str, width: int = TEXT_WIDTH) -> float:
    """Row height for wrapped text: CJK characters are about two columns wide."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text_)
    lines = max(1, -(-units // (width - 4)))
    return 16.5 * lines + 3


def write(book: Book) -> None:
    """Add the Guide sheet: what the workbook is for, the steps, the positions' notes and links."""
    st = book.styles
    lang = book.lang
    ws = book.wb.add_worksheet(book.sheet("guide"))
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, TEXT_WIDTH)
    ws.set_column(2, 2, 20)
    names = _names(book)
    body = st.text()
    r = 0

    ws.set_row(r, 34)
    ws.write(r, 1, book.spec.title(lang), st.title(20))
    r += 1
    ws.set_row(r, _height(book.spec.description(lang)))
    ws.write(r, 1, book.spec.description(lang), st.text(color="#595959"))
    r += 1
    positions = ("、" if lang == "zh" else ", ").join(p.name(lang) for p in book.positions)
    line = text.POSITIONS_LINE(lang) + positions
    ws.set_row(r, _height(line))
    ws.write(r, 1, line, st.text(color="#595959"))
    r += 1
    if book.macro_name:
        ws.set_row(r, 36)
        calculate_button(book, ws, r, 1, x_offset=0)
        r += 1

    def heading(key: str) -> None:
        nonlocal r
        r += 1
        ws.set_row(r, 24)
        ws.write(
            r,
            1,
            text.HEADINGS[key](lang),
            st.fmt(bold=True, font_size=13, font_color=NAVY, bottom=2, bottom_color=NAVY),
        )
        r += 1

    def para(label_text: str, *, number: str = "", fmt=None) -> None:  # type: ignore[no-untyped-def]
        nonlocal r
        ws.set_row(r, _height(label_text))
        if number:
            ws.write(r, 0, number, st.text(bold=True, color=NAVY))
        ws.write(r, 1, label_text, fmt or body)
        r += 1

    heading("intro")
    para(text.INTRO(lang).format(**names))

    heading("steps")
    link = st.text(color="#0563C1", wrap=False, underline=True)
    for i, step in enumerate(text.STEPS, start=1):
        words = step.text(lang).format(**names)
        target = None
        if step.sheet in (
            "settings",
            "indicators",
            "roster",
            "grades",
            "adjustments",
            "issues",
            "form",
        ):
            target = names[step.sheet if step.sheet != "indicators" else "positions"]
        elif step.sheet == "data" and book.data_sheets:
            target = next(iter(book.data_sheets.values()))
        ws.set_row(r, _height(words))
        ws.write(r, 0, f"{i}.", st.text(bold=True, color=NAVY))
        ws.write(r, 1, words, body)
        if target:
            shown = target if step.sheet != "data" else DATA_LINK(lang)
            ws.write_url(r, 2, f"internal:'{target}'!A1", link, string=f"→ {shown}")
        r += 1

    heading("calculate")
    for item in text.CALCULATE_DOES:
        para(item(lang).format(**names), number="•")

    heading("colours")
    roles = {
        "input": st.input(),
        "computed": st.computed(),
        "header": st.header(wrap=False),
        **{role: st.swatch(role) for role in ("problem", "warning", "good", "poor")},
    }
    for role, meaning in text.COLOUR_KEY:
        ws.set_row(r, 20)
        ws.write(r, 1, "  " + meaning(lang), roles[role])
        r += 1

    heading("protection")
    para(text.PROTECTION(lang))

    heading("notes")
    notes = [n(lang) for p in book.positions for n in p.notes]
    notes.append(text.GRADES_NOTE(lang).format(**names))
    for note in notes:
        para(note, number="•")

    heading("after")
    para(text.AFTER(lang))

    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.print_area(0, 0, r, 2)
    ws.activate()
    ws.set_first_sheet()
    protect(ws)
