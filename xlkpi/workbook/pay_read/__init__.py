"""Reading the money part of a workbook: the Pay sheet's tables, each position's pay
scheme and each person's `m:` inputs. Never raises for a user's mistake: every bad cell
is a Problem naming its sheet and cell (see `xlkpi.workbook.pay_layout` for the layout).

reader.py holds the entry points; schemes.py the scheme choices, parameters, bands, tiers
and teams; formulas.py the named formulas and pools; setup.py what is found.
"""

from xlkpi.workbook.pay_read.reader import find_pay_tables, read_money_inputs, read_pay_setup
from xlkpi.workbook.pay_read.setup import (
    FormulaDef,
    PaySetup,
    PayTable,
    PersonInputs,
    PoolDef,
    TeamRow,
)

__all__ = [
    "FormulaDef",
    "PaySetup",
    "PayTable",
    "PersonInputs",
    "PoolDef",
    "TeamRow",
    "find_pay_tables",
    "read_money_inputs",
    "read_pay_setup",
]
