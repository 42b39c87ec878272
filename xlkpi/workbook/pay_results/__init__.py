"""Money for a run: each position's pay scheme over its people, explained and reconciled.

    compute_pay(book, read, run, problems)   -> PayOutcome (or None: no position has a scheme)

Each person's amount goes into `EmployeeResult.extra` under the data-sheet result keys
`pay` (Decimal, written as money) and `pay_detail` (the breakdown text in the workbook's
language), so `workbook.results` writes them beside the other results; `pay_json` gives
the breakdown for `xlkpi calculate --json`. Problems (bad inputs naming their cells,
formula errors naming the formula's cell, splits that do not reconcile) go into the
run's `problems`, so they are on the Issues sheet.

Amounts are computed only when reading and scoring found no error: a score that is not
current gives no pay. The Pay sheet and the positions' schemes are still checked, so one
run reports every problem.
"""

from __future__ import annotations

from decimal import Decimal

from xlkpi.core.model import RunResult
from xlkpi.core.problems import Problems
from xlkpi.io.cells import BookReader
from xlkpi.workbook.pay_read import PersonInputs, read_money_inputs, read_pay_setup
from xlkpi.workbook.pay_results.checks import check_columns
from xlkpi.workbook.pay_results.groups import GroupSchemes
from xlkpi.workbook.pay_results.outcome import PayOutcome, PoolRun, pay_json
from xlkpi.workbook.read import ReadOutcome


def compute_pay(
    book: BookReader, read: ReadOutcome, run: RunResult | None, problems: Problems
) -> PayOutcome | None:
    """Compute every position's pay scheme and put the amounts into the run's results.

    Args:
        book: the workbook (the Pay sheet, Positions and data sheets are read from it).
        read: what `read_assessment` found.
        run: the engine's result (None when it did not run).
        problems: the run's problems; money problems are added here.
    Returns:
        The money of the run, or None when no position has a pay scheme.
    """
    setup = read_pay_setup(book, read, problems)
    if not setup.choices:
        return None
    people = read_money_inputs(book, read, set(setup.choices))
    outcome = PayOutcome(read.where.lang)
    check_columns(setup, read, problems)
    if run is None or problems.has_errors:
        return outcome
    _PayRun(setup, read, run, people, problems, outcome).compute()
    outcome.computed = True
    return outcome


class _PayRun(GroupSchemes):
    """Every scheme of the run, each over its people, then the department totals."""

    def compute(self) -> None:
        by_kind: dict[str, list[PersonInputs]] = {}
        for p in sorted(self.people.values(), key=lambda p: (p.sheet, p.row)):
            choice = self.setup.choices[p.employee.position]
            by_kind.setdefault(choice.kind, []).append(p)
        for p in by_kind.get("salary", []):
            self._salary(p)
        for p in by_kind.get("manager_factor", []):
            self._manager(p)
        self._teams(by_kind.get("piece_rate", []))
        for p in by_kind.get("formula", []):
            self._formula(p)
        self._pools(by_kind.get("pool_split", []))
        for eid, breakdown in self.outcome.breakdowns.items():
            dept = self.people[eid].employee.department
            total = self.outcome.departments.get(dept, Decimal("0.00"))
            self.outcome.departments[dept] = total + breakdown.amount


__all__ = ["PayOutcome", "PoolRun", "compute_pay", "pay_json"]
