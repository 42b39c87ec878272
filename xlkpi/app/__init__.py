"""`xlkpi app`: a small local web app for HR without Excel macros (WPS, LibreOffice,
offices that block macros).

It runs on 127.0.0.1 only, behind a per-run random token, and does what the command line
does, through the same code: check (workbook.calculate.check), Calculate
(workbook.calculate.calculate, written in place with a backup), import, rollup and new.
Nothing leaves the machine. Layout:

    server.py      create_app (Starlette, behind guard.Guard) and serve (uvicorn, loopback)
    guard.py       host, token, origin (CSRF) and size checks; security headers
    workfolder.py  the folder's workbooks; checked, atomic uploads
    pages/         one module per task (home, book, imports, rollup): routes and panels
    summary.py     the Summary figures and charts (charts.py: inline SVG)
    texts.py       every word shown, in Chinese and English
    html/          Jinja2 page templates

Needs the `app` extra: pip install "xlkpi[app]".
"""
