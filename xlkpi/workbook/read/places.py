"""Where things are in an assessment workbook, found while reading it: what
`workbook.results` needs to write results next to the inputs."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlkpi.core.model import Assessment, Employee, Rater
from xlkpi.core.problems import Problems, Source
from xlkpi.core.rules.base import Rule
from xlkpi.io.cells import a1
from xlkpi.workbook import layout
from xlkpi.workbook.contract.find import FoundTable

#: A table found on its sheet: its header row and the column of each layout key.
TablePlace = FoundTable


@dataclass
class DataSheetPlace:
    """One position's data sheet: the key row, each employee's row, each key's column."""

    sheet: str
    position: str
    key_row: int
    end_row: int  # one past the last row of the grid: result columns are cleared up to it
    rows: dict[str, int] = field(default_factory=dict)  # employee id -> row
    columns: dict[str, int] = field(default_factory=dict)  # key-row text -> column

    @property
    def first_row(self) -> int:
        """The first row below the key row."""
        return self.key_row + 1

    def result_columns(self) -> dict[str, int]:
        """Key -> column of every column Calculate writes (points and results)."""
        out = {}
        for key, col in self.columns.items():
            dk = layout.parse_data_key(key)
            if dk is not None and dk.kind in ("points", "result"):
                out[key] = col
        return out


@dataclass
class Where:
    """Where `results` writes: found while reading."""

    lang: str = layout.DEFAULT_LANG
    sheets: dict[str, str] = field(default_factory=dict)  # layout sheet key -> sheet name
    data: dict[str, DataSheetPlace] = field(default_factory=dict)  # position code -> sheet
    positions: TablePlace | None = None
    indicators: TablePlace | None = None
    indicator_rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (pos, code)
    rules: dict[tuple[str, str], Rule] = field(default_factory=dict)  # parsed rules by row key
    rule_rows: dict[int, Rule] = field(default_factory=dict)  # Indicators row -> parsed rule
    bad_rule_rows: set[int] = field(default_factory=set)  # Indicators rows whose rule failed
    listed_codes: set[tuple[str, str]] = field(default_factory=set)  # (pos, code), even if bad
    grades: TablePlace | None = None
    grade_rows: dict[str, int] = field(default_factory=dict)  # grade -> row
    status: tuple[str, int, int] | None = None  # Settings sheet, row, col of the status value
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)  # sheet -> (rows, cols)
    issues_header_row: int = 0  # the Issues table's header row (below any title rows)
    position_names: dict[str, str] = field(default_factory=dict)  # code -> name

    def locate(self, employee: Employee, code: str, rater: Rater | None) -> Source | None:
        """The data-sheet cell where `employee`'s input for indicator `code` (by `rater`, or
        the actual) is keyed; None when the sheet has no such row or column."""
        place = self.data.get(employee.position)
        if place is None or employee.id not in place.rows:
            return None
        key = layout.actual_key(code) if rater is None else layout.rater_key(code, rater)
        col = place.columns.get(key)
        if col is None:
            return None
        return Source(place.sheet, a1(place.rows[employee.id], col))


@dataclass
class ReadOutcome:
    """What `read_assessment` found: the assessment, every problem, and where things are."""

    assessment: Assessment
    problems: Problems
    where: Where

    @property
    def ok(self) -> bool:
        """No errors: the assessment can be calculated."""
        return not self.problems.has_errors
