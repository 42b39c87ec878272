"""What planning an import yields: a report per file and the plan itself (problems, or the
blocks one atomic write puts into the workbook, with the counts the summary shows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkpi.core.problems import Problems
from xlkpi.io.cells import Block
from xlkpi.workbook import layout

from .columns import Note
from .forms import Form
from .mapping import MappingRow


@dataclass
class FileReport:
    """What was found in one file."""

    path: Path
    form: Form | None
    rows: int = 0  # data rows read (blank rows not counted)
    values: int = 0
    roster_rows: int = 0
    encoding: str | None = None
    sheet: str | None = None


@dataclass
class ImportPlan:
    """The outcome of planning an import: problems, and the blocks when there are none."""

    problems: Problems
    blocks: list[Block] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    roster_added: int = 0
    roster_updated: int = 0
    rows_appended: int = 0  # data-sheet rows added
    values: int = 0  # value cells written
    overwritten: int = 0  # of which replaced a different existing value
    lang: str = layout.DEFAULT_LANG
    notes: list[Note] = field(default_factory=list)  # rows skipped, units converted
    mapping: list[tuple[Path, MappingRow, str]] = field(default_factory=list)  # file, row, how
    changes: list[tuple[str, str, Any, Any]] = field(default_factory=list)  # sheet, cell, old, new
    ensure_sheets: list[str] = field(default_factory=list)  # sheets the write adds

    @property
    def ok(self) -> bool:
        """Whether the blocks may be written: no file has an error."""
        return not self.problems.has_errors
