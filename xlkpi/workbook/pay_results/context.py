"""What every pay scheme of a run shares: the Pay sheet's setup, the scores, each person's
money inputs parsed (a bad one reported at its cell, then the person skipped), and the
breakdowns put into the run's results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlkpi.core.model import RunResult
from xlkpi.core.money import Breakdown, FormulaError
from xlkpi.core.problems import Problems, Source
from xlkpi.core.rules.base import RuleError
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.layout import Kind, Label
from xlkpi.workbook.pay_read import PaySetup, PersonInputs
from xlkpi.workbook.pay_results.outcome import PayOutcome
from xlkpi.workbook.read import ReadOutcome
from xlkpi.workbook.values import ValueIssue, is_blank, parse_value

CENT = Decimal("0.01")


class Skip(Exception):
    """A person's input was wrong (already reported): skip their pay."""


def score_of(total: float | None) -> Decimal | None:
    """A run total as Decimal to the hundredth (floats through repr)."""
    if total is None:
        return None
    return Decimal(repr(float(total))).quantize(CENT)


def _label(name: str) -> Label:
    """A money input's label for problems (an input of a formula is named by itself)."""
    known = pl.MONEY_INPUTS.get(name)
    return known.label if known is not None else Label(name, name)


class PayContext:
    """One run's pay: the setup, the scores by employee, the people's money inputs, and
    where problems and breakdowns go. The schemes (`persons`, `groups`) extend it."""

    def __init__(
        self,
        setup: PaySetup,
        read: ReadOutcome,
        run: RunResult,
        people: dict[str, PersonInputs],
        problems: Problems,
        outcome: PayOutcome,
    ):
        self.setup = setup
        self.read = read
        self.results = {r.employee.id: r for r in run.results}
        self.people = people
        self.problems = problems
        self.outcome = outcome
        self.lang = read.where.lang

    def _who(self, p: PersonInputs) -> tuple[str, str]:
        e = p.employee
        return f"{e.id} {e.name}", f"{e.id} {e.name}"

    def _value(self, p: PersonInputs, name: str, kind: Kind, *, required: bool) -> Any:
        """One money input parsed; None when blank (an error when required)."""
        raw, cell = p.get(name)
        if cell is None or is_blank(raw):
            if name in pl.ZERO_WHEN_BLANK:
                return 0
            if required:
                en, zh = self._who(p)
                label = _label(name)
                self.problems.error(
                    "pay.input_missing",
                    f"{en}: {label.en} ({pl.money_key(name)}) is empty",
                    f"{zh}：{label.zh}（{pl.money_key(name)}）为空",
                    cell or p.id_source,
                )
                raise Skip
            return None
        try:
            value = parse_value(raw, kind)
        except ValueIssue as issue:
            label = _label(name)
            self.problems.error(
                issue.code,
                f"{label.en}: {issue.message_en}",
                f"{label.zh}：{issue.message_zh}",
                cell,
            )
            raise Skip from None
        if isinstance(value, float):
            return Decimal(repr(value))
        return value

    def _total(self, p: PersonInputs) -> Decimal:
        override = self._value(p, "score", Kind.NUMBER, required=False) if p.has("score") else None
        if override is not None:
            return override
        result = self.results.get(p.employee.id)
        score = score_of(result.total if result is not None else None)
        if score is None:
            en, zh = self._who(p)
            self.problems.error(
                "pay.no_score",
                f"{en} has no total score, so their pay cannot be computed",
                f"{zh}没有总分，无法计算薪酬",
                p.id_source,
            )
            raise Skip
        return score

    def _report(
        self, p: PersonInputs, err: RuleError, formula_cell: Source | None = None, what: str = ""
    ) -> None:
        en, zh = self._who(p)
        field_name = getattr(err, "field", None)
        cell = p.cells.get(field_name) if field_name else None
        if cell is None and field_name:
            _, cell = p.get(field_name)
        places = [s for s in (cell, formula_cell, p.id_source) if s is not None]
        code = "money.formula" if isinstance(err, FormulaError) else "money.input"
        prefix = f"{what}: " if what else ""
        problems_en = err.message_en
        if field_name and field_name not in problems_en:
            problems_en = f"{field_name}: {problems_en}"
        self.problems.error(
            code, f"{en}: {prefix}{problems_en}", f"{zh}：{prefix}{err.message_zh}", *places
        )

    def _pay(self, p: PersonInputs, breakdown: Breakdown) -> None:
        self.outcome.breakdowns[p.employee.id] = breakdown
        result = self.results.get(p.employee.id)
        if result is not None:
            result.extra["pay"] = breakdown.amount
            result.extra["pay_detail"] = breakdown.render(self.lang)
            result.extra["pay_breakdown"] = breakdown
