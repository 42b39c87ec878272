"""xlkpi in xlwings Lite: the Calculate script and the KPI_* worksheet functions.

Paste this file into the workbook's `main.py` in the xlwings Lite editor and the lines of
`requirements.txt` next to it into its `requirements.txt` tab (see docs/excel.md). Every
function here is a thin wrapper: the work is done by the same xlkpi core that the command
line and the desktop button use.
"""

from typing import Any

import xlwings as xw
from xlwings import func, script

from xlkpi.excel import udfs
from xlkpi.excel.runner import run_in_book


@script
def calculate(book: xw.Book):
    """Score everyone: write the results next to the inputs, the Summary and the Issues
    sheet, and show how it went."""
    run_in_book(book)


@func
def kpi_score(rule_text: Any, actual: Any, target: Any = None):
    """Points for an actual value by a scoring rule, e.g.
    =KPI_SCORE("阶梯：≥100% 5分；≥90% 3分；其他 0分", B5)."""
    return udfs.kpi_score(rule_text, actual, target)


@func
def kpi_rule_text(rule_text: Any, lang: Any = None):
    """A scoring rule in plain words ("zh" or "en"), to check that xlkpi read it as meant."""
    return udfs.kpi_rule_text(rule_text, lang)


@func
def kpi_grade(score: Any, grades: Any, min_scores: Any):
    """The grade a total reaches, e.g. =KPI_GRADE(F5, 等级!A2:A6, 等级!B2:B6)."""
    return udfs.kpi_grade(score, grades, min_scores)


@func
def kpi_bonus_share(pool: Any, mine: Any, everyone: Any, position: Any = None):
    """One person's share of a bonus pool by coefficient × base; with `position` (1-based
    place in `everyone`) exact to the cent like Calculate."""
    return udfs.kpi_bonus_share(pool, mine, everyone, position)
