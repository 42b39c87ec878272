"""The declarative types of the workbook contract: labels, columns, tables and settings.

A declaration says what a workbook holds, never how to find it: `contract.reader` does
the finding. Every spelling a header cell may have is declared here (`Column.spellings`),
so the reader and the test that rewrites each spelling into a template agree on them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TypeVar

# Label is core's one bilingual type; importable from here, where the contract uses it.
from xlkpi.core.label import Label, normalise_label

#: The first rows scanned when looking for a table's header row or a data sheet's key row.
HEADER_SEARCH_ROWS = 10


def name_key(text: object) -> str:
    """A name HR typed (a sheet, a position's code or name), compared forgivingly but
    whole: full-width/half-width forms, case and runs of spaces do not matter; brackets,
    underscores and everything else do. The one comparison every reader uses for names."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


K = TypeVar("K")


def label_key(labels: Mapping[K, Label], text: object) -> K | None:
    """The key of the label `text` names: a label in either language, or the key itself
    (an Enum key by its value), compared by `normalise_label`. The one lookup of a
    declared word (a choice, a rater, a pay scheme, a parameter, a Send log status)."""
    norm = normalise_label(text)
    if not norm:
        return None
    for key, label in labels.items():
        name = key.value if isinstance(key, Enum) else key
        if norm == normalise_label(name) or label.matches(text):
            return key
    return None


class Kind(str, Enum):
    """What a cell holds, which decides how `values.CellParser` reads it."""

    TEXT = "text"
    NUMBER = "number"
    PERCENT = "percent"
    MONEY = "money"
    INTEGER = "integer"
    CHOICE = "choice"
    DATE = "date"


class Spelled:
    """Something a cell names by its label (either language), its key or an alias: the
    label cell of a setting, the header cell of a column."""

    key: str
    label: Label
    aliases: tuple[str, ...]

    def spellings(self) -> tuple[str, ...]:
        """Every text the cell may hold: the label in either language, the key, aliases."""
        return (*self.label.spellings(), self.key, *self.aliases)

    @cached_property
    def _normalised(self) -> frozenset[str]:
        return frozenset(normalise_label(s) for s in self.spellings()) - {""}

    def matches(self, text: object) -> bool:
        """Whether a cell names this (any spelling, compared by `normalise_label`)."""
        return normalise_label(text) in self._normalised

    def matches_normalised(self, key: str) -> bool:
        """`matches` for a cell's text already put through `normalise_label`: a header
        row is normalised once, not once for every column looked for."""
        return key in self._normalised


@dataclass(frozen=True)
class Setting(Spelled):
    """One row of a label | value | note settings sheet, found by its label or its key."""

    key: str
    label: Label
    kind: Kind
    default: object = None
    choices: str | None = None  # a CHOICES group for Kind.CHOICE
    note: Label = field(default_factory=lambda: Label("", ""))
    aliases: tuple[str, ...] = ()  # further accepted spellings of the label


@dataclass(frozen=True)
class Column(Spelled):
    """One column of a table: its key, its header label and what its cells hold."""

    key: str
    label: Label
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: str | None = None
    width: float = 12  # for templates
    computed: bool = False  # written by Calculate, not keyed by HR
    aliases: tuple[str, ...] = ()  # further accepted spellings of the header


@dataclass(frozen=True)
class Table:
    """A header row of labels with one record per row below it.

    A table has a sheet of its own (found by its first required column within the first
    `HEADER_SEARCH_ROWS` rows; blank rows are skipped), or is `stacked` with others on one
    sheet (found by all its required columns anywhere; it ends at its first blank row or
    at the next table's header).
    """

    key: str
    sheet: str  # key into the SHEETS of its declaring module
    columns: tuple[Column, ...]
    stacked: bool = False

    def column(self, key: str) -> Column:
        """The column declared under `key`."""
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def first_required(self) -> Column:
        """The column whose label finds a table that has a sheet of its own (the first
        column of a table Calculate writes, which has no required column)."""
        return next((c for c in self.columns if c.required), self.columns[0])

    @property
    def required(self) -> tuple[Column, ...]:
        """The columns the table cannot be read without."""
        return tuple(c for c in self.columns if c.required)


def table(key: str, *columns: Column, stacked_on: str = "") -> Table:
    """A table declared in one call: on a sheet of its own named by its key, or stacked
    with others on the sheet `stacked_on` names."""
    return Table(key, stacked_on or key, columns, stacked=bool(stacked_on))


def tables(*declared: Table) -> dict[str, Table]:
    """Declared tables by their key, so that each key is written once."""
    return {t.key: t for t in declared}
