"""The workbook contract, declared once and executed by one reader.

In the style of pandera's schema/backend split:

- `schema` holds the declarative types: `Label` (a text in both languages), `Column`
  (a table column with every spelling it accepts), `Table`, `Setting` and `Kind`.
  `xlkpi.workbook.layout`, `pay_layout`, `mail_layout`, `followup.layout` and
  `rollup.layout` declare the sheets, tables and settings with them.
- `reader` executes a declaration against a workbook: it finds a sheet by its name in
  either language, a table by its header labels in any accepted spelling, a data sheet's
  key row, the settings rows and the workbook's language. Calculate, import, roll-up, the
  pay reader and the follow-up reader all find things through it, so they agree.

Nothing is imported here, so that declaring modules can import `schema` alone.
"""
