"""The roll-up workbook's contract: sheet names, columns (zh and en) and keys. The column
labels and the words written are read from the message catalog xlkpi/words/rollup.toml.

A roll-up workbook (written by `xlkpi rollup`) holds:

    周期汇总 Roll-up   title row, header row, a hidden key row, one row per person
    设置 Settings      period, period type, method, the input files
    问题 Issues        every error and warning of the roll-up, with the file it concerns

The key row (`id`, `name`, `position_code`, `position`, `department`, `score:<period>`, `score`,
`passed`, `pay_share`, `pay`, `pay_detail`, `periods`, `year_end`, `failed_quarters`,
`notes`) makes the sheet readable again whatever its language, so quarterly roll-ups can
be rolled up into a year.
"""

from __future__ import annotations

from xlkpi import words
from xlkpi.workbook.layout import Kind, Label, Setting

L = Label

ROLLUP_SHEET = L("周期汇总", "Roll-up")
SETTINGS_SHEET = L("设置", "Settings")
ISSUES_SHEET = L("问题", "Issues")

TITLE_ROW = 0
HEADER_ROW = 1
KEY_ROW = 2
FIRST_DATA_ROW = 3

SCORE_PREFIX = "score:"

COLUMNS = words.table("rollup", "columns")

WORDS = words.table("rollup", "words")

#: the Settings rows a roll-up workbook is read back by (to roll quarters up into a year)
SETTINGS: list[Setting] = [
    Setting("period", WORDS["period"], Kind.TEXT),
    Setting("period_type", WORDS["period_type"], Kind.CHOICE, choices="period_type"),
]
