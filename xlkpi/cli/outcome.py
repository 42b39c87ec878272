"""A calculated workbook in words: the summary `xlkpi calculate` prints for one workbook, and
the one line a batch prints for each of several (cli.batch)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from xlkpi.core.fmt import money, separator

from .messages import t


def summary_lines(outcome: Any, lang: str, path: str) -> list[str]:
    """Headcount, average total, grade distribution, pool used and warnings."""
    results = outcome.run.results if outcome.run is not None else []
    assessment = outcome.read.assessment
    totals = [r.total for r in results if r.total is not None]
    grades = Counter(r.grade for r in results if r.grade)
    sep = "：" if lang == "zh" else ": "
    lines = [t("calc_done", lang, path=path)]
    head = str(len(results))
    if len(totals) < len(results):
        head += f" ({t('calc_not_scored', lang, n=len(results) - len(totals))})"
    lines.append(f"  {t('calc_headcount', lang)}{sep}{head}")
    if totals:
        lines.append(f"  {t('calc_average', lang)}{sep}{sum(totals) / len(totals):.2f}")
    order = [g.grade for g in assessment.grades]
    order += sorted(g for g in grades if g not in order)
    dist = "  ".join(f"{g} {grades[g]}" for g in order if grades.get(g))
    if dist:
        lines.append(f"  {t('calc_grades', lang)}{sep}{dist}")
    pool = assessment.settings.bonus_pool
    if pool is None:
        lines.append(f"  {t('calc_pool', lang)}{sep}{t('calc_no_pool', lang)}")
    else:
        used = sum((r.bonus for r in results if r.bonus is not None), Decimal(0))
        lines.append(
            f"  {t('calc_pool', lang)}{sep}"
            + t("calc_pool_used", lang, used=money(used), pool=money(pool))
        )
    lines.append(f"  {t('calc_warnings', lang)}{sep}{len(outcome.problems.warnings)}")
    return lines


def one_line(outcome: Any, lang: str, path: str) -> str:
    """A calculated workbook in one line: headcount, average, grades, pool, warnings."""
    parts = [line.strip() for line in summary_lines(outcome, lang, path)[1:]]
    sep = separator(lang)
    return t("batch_ok", lang, path=path, text=sep.join(parts))
