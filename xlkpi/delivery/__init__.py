"""Results reach each person: scorecards, manager and department packs, encryption and
e-mail (`xlkpi send`).

    cards.py      the workbook -> one Card per person (recalculated, checked current)
    scorecard.py  a Card -> a print-ready workbook (XlsxWriter, written fresh)
    packs.py      Cards -> a manager's or the department's pack
    encrypt.py    Excel-compatible password encryption (msoffcrypto-tool)
    mailsheet.py  the Mail sheet: templates, department head, encryption, appeal window
    compose.py    templates -> e-mail messages
    smtp.py       mail server settings and the connection
    sendlog.py    the Send log sheet and its journal: what was sent, never twice
    batch.py      the plan and the run: dry run to an outbox, test send, send
    pdf.py        PDFs beside the workbooks through LibreOffice

Privacy by construction: every file is written from Cards, which hold only their own
person's data; nothing is copied from the department workbook.
"""
