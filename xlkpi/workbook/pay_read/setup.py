"""What the pay reader finds: the Pay sheet's tables, the pay setup (schemes, formulas,
pools, teams) and each person's money inputs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkpi.core.model import Employee
from xlkpi.core.money import (
    FormulaScheme,
    ManagerFactorScheme,
    PieceRateScheme,
    PoolSplitScheme,
    SalaryScheme,
)
from xlkpi.core.problems import Source
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.contract.find import FoundTable

#: One table found on the Pay sheet: header row, column of each key, its records
#: (`records`: (row, {column key: raw value})) and `source(row, key)`.
PayTable = FoundTable


@dataclass(frozen=True)
class TeamRow:
    """A repair team's month from the team output table."""

    team: str
    size: int | None
    working_days: int | None
    passed_units: int
    on_time_rate: Decimal
    short_of_returns: bool
    source: Source  # the team's cell
    cells: dict[str, Source] = field(default_factory=dict)  # column key -> cell


@dataclass(frozen=True)
class FormulaDef:
    """A named formula: from the Pay sheet (with its cell) or a core preset."""

    scheme: FormulaScheme
    source: Source | None  # None for a preset not written on the sheet


@dataclass(frozen=True)
class PoolDef:
    """A named pool: the split scheme and where its pool formula came from."""

    scheme: PoolSplitScheme
    source: Source | None
    role_sources: dict[str, Source] = field(default_factory=dict)  # role code -> formula cell


@dataclass
class PaySetup:
    """Everything about money that is not per person."""

    sheet: str | None = None
    choices: dict[str, pl.PayChoice] = field(default_factory=dict)  # position -> scheme
    choice_sources: dict[str, Source] = field(default_factory=dict)
    salary: SalaryScheme = field(default_factory=SalaryScheme)
    manager: ManagerFactorScheme = field(default_factory=ManagerFactorScheme)
    piece_rate: PieceRateScheme = field(default_factory=PieceRateScheme)
    formulas: dict[str, FormulaDef] = field(default_factory=dict)  # casefolded name ->
    pools: dict[str, PoolDef] = field(default_factory=dict)  # casefolded name ->
    #: (casefolded pool, department or "" for every department) -> input -> value
    pool_inputs: dict[tuple[str, str], dict[str, Decimal]] = field(default_factory=dict)
    pool_input_sources: dict[tuple[str, str], list[Source]] = field(default_factory=dict)
    teams: dict[str, TeamRow] = field(default_factory=dict)
    teams_table: Source | None = None

    def formula(self, name: str) -> FormulaDef | None:
        """The named formula (any case), from the Pay sheet or a preset."""
        return self.formulas.get(name.casefold())

    def pool(self, name: str) -> PoolDef | None:
        """The named pool (any case), from the Pay sheet or a preset."""
        return self.pools.get(name.casefold())


@dataclass
class PersonInputs:
    """One person's row on their data sheet, with the raw `m:` cells."""

    employee: Employee
    sheet: str
    row: int
    values: dict[str, Any]  # money input name (as keyed) -> raw cell value
    cells: dict[str, Source]  # money input name -> its cell
    id_source: Source
    #: casefolded input name -> the first name of `values` so spelled (`casefolded_names`);
    #: the people of one data sheet share it, made from `values` when not given
    names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.names:
            self.names = casefolded_names(self.values)

    def get(self, name: str) -> tuple[Any, Source | None]:
        """Raw value and cell of an input, matching the name case-insensitively."""
        key = self.names.get(name.casefold())
        return (None, None) if key is None else (self.values[key], self.cells[key])

    def has(self, name: str) -> bool:
        """Whether the sheet has a column for the input (any case)."""
        return name.casefold() in self.names


def casefolded_names(names: Iterable[str]) -> dict[str, str]:
    """Casefolded name -> the first of `names` so spelled: a lookup in any case."""
    out: dict[str, str] = {}
    for name in names:
        out.setdefault(name.casefold(), name)
    return out
