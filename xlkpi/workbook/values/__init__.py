"""Cell values as people really type them, parsed for the engine without a traceback.

Every `parse_*` function takes one raw cell value (what a BookReader returns: None, str,
float, int, bool, date/datetime/time/timedelta, or an Excel error) and returns the parsed
value, or None for a blank cell, or raises `ValueIssue` saying what is wrong and what was
expected, in English and Chinese. `CellParser` binds a sheet and a `Problems` collection
and turns each `ValueIssue` into a Problem naming the sheet and cell.

What is accepted (the rules are also in docs/workbook.md):

- numbers typed as text: "90", " 90 ", "+90", "-5", "1e3"; full-width digits and signs
  ("９０", "－５"); "。" or "．" as a decimal point ("90。5" is 90.5);
- thousands separators in either width ("1,234.5", "1，234"), but only in proper groups of
  three: "90,5" is refused (a decimal comma or a typo, never guessed);
- a trailing "分" / "pts" on points, "¥"/"￥"/"元" on money, and the column's own unit
  ("182秒" where the unit is 秒);
- percentages: "90%" and "９０％" are 0.9 everywhere. In a PERCENT column a plain number
  is a fraction when its absolute value is at most 1 (0.9 → 90%, 1 → 100%) and percent
  points above 1 (90 → 90%). Numbers just above 1 (up to 2) are read as percent points
  and warned about, since 1.05 may have been meant as 105%;
- durations ("3:02", "0:03:02", "65秒", "1分5秒", "2分钟", "1小时30分", or an Excel time)
  where the column's unit is seconds, minutes or hours, converted to that unit;
- Excel error values (#DIV/0!, #N/A, #VALUE!, ...) are refused with the error named.
  python-calamine 0.9 reads error cells as "" (the same as blank); openpyxl, xlwings
  (err_to_str) and the io reader give the error text, which is what is recognised here.

This is the one parser of cell values: import, Calculate, pay and the worksheet functions
all use it. Its parts: `issues` (what is wrong, what was expected), `numeric` (numbers
typed as text), `parse` (one value as each kind of column), `cells` (`CellParser`).
"""

from xlkpi.workbook.contract.find import is_blank  # the one test for an empty cell
from xlkpi.workbook.values.cells import CellParser
from xlkpi.workbook.values.issues import ERROR_VALUES, EXPECTED, ValueIssue, excel_error
from xlkpi.workbook.values.numeric import PERCENT_UNITS, Parsed, fold_text, parse_numeric_text
from xlkpi.workbook.values.parse import (
    MAX_MONEY,
    PERCENT_AMBIGUOUS_UP_TO,
    distinct_keys,
    is_ambiguous_percent,
    parse_date,
    parse_integer,
    parse_key,
    parse_money,
    parse_number,
    parse_percent,
    parse_text,
    parse_value,
    percent_from_plain,
)

__all__ = [
    "distinct_keys",
    "ERROR_VALUES",
    "EXPECTED",
    "MAX_MONEY",
    "PERCENT_AMBIGUOUS_UP_TO",
    "PERCENT_UNITS",
    "CellParser",
    "Parsed",
    "ValueIssue",
    "excel_error",
    "fold_text",
    "is_ambiguous_percent",
    "is_blank",
    "parse_date",
    "parse_integer",
    "parse_key",
    "parse_money",
    "parse_number",
    "parse_numeric_text",
    "parse_percent",
    "parse_text",
    "parse_value",
    "percent_from_plain",
]
