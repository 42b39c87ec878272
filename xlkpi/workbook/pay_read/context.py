"""What every part of the pay reader shares, and the parsing of a table's rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.layout import Kind
from xlkpi.workbook.pay_read.setup import PaySetup, PayTable
from xlkpi.workbook.read import ReadOutcome
from xlkpi.workbook.values import CellParser


@dataclass
class PayContext:
    """One read of the money part: what read_assessment found, the problems and the setup
    being filled in."""

    outcome: ReadOutcome
    problems: Problems
    setup: PaySetup = field(default_factory=PaySetup)
    #: pool formulas from the Formulas table: casefolded pool -> (text, cell, note)
    pool_formula_text: dict[str, tuple[str, Source, str]] = field(default_factory=dict)


def parsed_rows(ctx: PayContext, table: PayTable) -> list[tuple[int, dict[str, Any]]]:
    """Parsed records of a table; rows with a bad or missing required cell are dropped."""
    spec = pl.PAY_TABLES[table.key]
    cells = CellParser(table.sheet, ctx.problems)
    out = []
    for r, rec in table.records:
        values: dict[str, Any] = {}
        ok = True
        for col in spec.columns:
            c = table.columns.get(col.key)
            if c is None:
                values[col.key] = None
                continue
            if col.kind is Kind.CHOICE:
                values[col.key] = cells.choice(rec[col.key], r, c, col.choices or "", col.label)
                continue
            values[col.key] = cells.parse(
                rec[col.key], r, c, col.kind, col.label, required=col.required
            )
            if col.required and values[col.key] is None:
                ok = False
        if ok:
            out.append((r, values))
    return out
