"""The Mail sheet: the subject and body templates `xlkpi send` fills, the department head,
encryption and the appeal window (`workbook.mail_layout`), with the Send button."""

from __future__ import annotations

from xlkpi.authoring.book import Book
from xlkpi.authoring.sheets.common import HINT_ROW, TABLE_HEADER_ROW, TITLE_ROW, protect
from xlkpi.authoring.sheets.table_kit import choice_label, choice_name, list_check, send_button
from xlkpi.core.label import Label
from xlkpi.workbook.layout import SETTINGS_HEADER, Kind
from xlkpi.workbook.mail_layout import MAIL_HINT, MAIL_SETTINGS, MAIL_TITLE


def write(book: Book) -> None:
    """Add the Mail sheet: the settings `xlkpi send` reads, with their drop-downs."""
    st = book.styles
    lang = book.lang
    ws = book.wb.add_worksheet(book.sheet("mail"))
    ws.hide_gridlines(2)
    for i, width in enumerate((26, 70, 44)):
        ws.set_column(i, i, width)
    ws.write(TITLE_ROW, 0, MAIL_TITLE(lang), st.title(14))
    ws.set_row(TITLE_ROW, 26)
    ws.write(HINT_ROW, 0, MAIL_HINT(lang), st.subtitle())
    for i, h in enumerate(SETTINGS_HEADER):
        ws.write(TABLE_HEADER_ROW, i, h(lang), st.header())
    values = book.content.mail
    body = st.input(wrap=True)
    for i, s in enumerate(MAIL_SETTINGS):
        r = TABLE_HEADER_ROW + 1 + i
        ws.write_string(r, 0, s.label(lang), st.label(bold=True, wrap=True))
        ws.write_string(r, 2, s.note(lang), st.label(wrap=True))
        value = values.get(s.key, s.default)
        if isinstance(value, Label):
            value = value(lang)
        if s.kind is Kind.CHOICE:
            assert s.choices is not None
            ws.write_string(r, 1, choice_label(s.choices, value, lang), st.input())
            ws.data_validation(r, 1, r, 1, list_check(choice_name(s.choices)))
        elif s.kind is Kind.INTEGER:
            ws.write_number(r, 1, float(value), st.input())  # type: ignore[arg-type]
        elif s.kind is Kind.DATE:
            ws.write_blank(r, 1, None, st.input("date"))
        else:
            text = "" if value is None else str(value)
            ws.write_string(r, 1, text, body)
            if "\n" in text:
                ws.set_row(r, 15 * (text.count("\n") + 1))
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    send_button(book, ws, TITLE_ROW, 1, x_offset=320)
    protect(ws)
