"""What Calculate writes: the Summary sheet's places and words, the Issues sheet, the
status and the number formats of written results. Part of the contract (`layout`
re-exports these names, where every declaration has always been looked up). The words
are read from the message catalog xlkpi/words/written.toml."""

from __future__ import annotations

from xlkpi import words

# Number formats of written results.
FORMATS = {
    "points": "0.00",
    "percent": "0.0%",
    "money": "¥#,##0.00",
    "integer": "0",
}

#: Summary: where the group tables start (rows above are title, status and the charts),
#: and where the charts' data tables are (first data row; title and header above it)
SUMMARY_TABLES_ROW = 22
SUMMARY_CHART_ROW = 24
SUMMARY_CHART_COLS = {"grades": 14, "averages": 18, "scores": 21}
#: Summary columns that print (the chart data to their right does not)
SUMMARY_PRINT_COLS = 12

SUMMARY_LABELS = words.table("written", "summary_labels")

STATUS_TEXT = words.table("written", "status_text")

ISSUES_TEXT = words.table("written", "issues_text")

#: rows of the Issues sheet at most (a run with more problems lists the first ones)
MAX_ISSUE_ROWS = 10_000

RULE_WORDS_TEXT = words.table("written", "rule_words_text")

RESULT_FORMATS: dict[str, str] = {
    "subtotal": FORMATS["points"],
    "adjustment": FORMATS["points"],
    "total": FORMATS["points"],
    "rank": FORMATS["integer"],
    "bonus": FORMATS["money"],
}
