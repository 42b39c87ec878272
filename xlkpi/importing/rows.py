"""The row checks every form shares: which rows hold a person (total, repeated-header and
blank rows are skipped and noted), a row's employee id, and the people of a file who are
not on the Roster (one warning per file)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.workbook import values

from . import pay
from .aliases import ROSTER_FIELDS
from .columns import Note
from .convert import report_issue
from .forms import Detected, Form
from .headers import norm_key, skip_reason
from .outcome import FileReport
from .sources import ExportTable, Row, place_text
from .target import cell_at, is_blank

#: why a row is skipped -> what HR is told (en, zh)
_SKIPPED = {
    "total": ("a total/subtotal/average row: skipped", "合计、小计或平均行：已跳过"),
    "header": ("the header row repeated: skipped", "重复的表头行：已跳过"),
}

_SHOWN = 20  # rows or people named one by one in a note or warning


@dataclass
class RowChecks:
    """What the row checks share: problems and notes, and the people of the current file
    who are not on the Roster (reported once per file)."""

    problems: Problems
    notes: list[Note]
    strict: bool
    absent: dict[str, Source] = field(default_factory=dict)
    blank: list[int] = field(default_factory=list)  # blank rows of the current file
    last_row: int = 0  # the current file's last row holding anything

    def rows(self, table: ExportTable, found: Detected, rep: FileReport) -> Iterator[Row]:
        """The file's data rows that may hold a person, counted in `rep.rows`."""
        for row in table.rows[found.first_data :]:
            if not self.skip(table, found, row):
                rep.rows += 1
                yield row

    def skip(self, table: ExportTable, found: Detected, row: Row) -> bool:
        """A total or repeated header row (noted), or a blank row (noted when inside the
        data): not a person."""
        c = row.cells
        if all(is_blank(v) for v in c):
            self.blank.append(row.number)
            return True
        self.last_row = row.number
        if found.form is Form.PAY:  # keyed by its first key column (team, pool)
            key_col = found.columns[pay.KEYS[found.table][0]]
            header = table.rows[found.header_row].cells
            why = skip_reason(c, key_col, frozenset({norm_key(cell_at(header, key_col))}))
        else:
            name_col = found.columns.get("name")
            why = skip_reason(
                c,
                found.columns["id"],
                ROSTER_FIELDS["id"] | _id_keys(found),
                (name_col,) if name_col is not None else (),
            )
        if why in _SKIPPED:
            self.notes.append(Note(*_SKIPPED[why], table.source(row.number)))
        return why is not None

    def end_file(self, table: ExportTable) -> None:
        """The notes and warnings gathered over one file: blank rows inside the data, and
        the people not on the Roster."""
        inside = [n for n in self.blank if n < self.last_row]
        if inside:
            more = "…" if len(inside) > _SHOWN else ""
            shown = ", ".join(str(n) for n in inside[:_SHOWN]) + more
            self.notes.append(
                Note(
                    f"{len(inside)} blank rows inside the data skipped (rows {shown})",
                    f"数据中的 {len(inside)} 个空行已跳过（第 {shown} 行）",
                    table.source(inside[0]),
                )
            )
        self.blank, self.last_row = [], 0
        self.report_absent(table)

    def report_absent(self, table: ExportTable) -> None:
        """One warning naming the people of `table` who are not on the Roster."""
        if not self.absent:
            return
        first = list(self.absent.items())[:_SHOWN]
        shown = [f"{emp} ({place_text(src)})" for emp, src in first]
        shown_zh = [f"{emp}（{place_text(src, 'zh')}）" for emp, src in first]
        more = f" (+{len(self.absent) - _SHOWN})" if len(self.absent) > _SHOWN else ""
        self.problems.warning(
            "import.not_on_roster",
            f"{len(self.absent)} people in {table.name} are not on the Roster; their rows were "
            f"not imported: {', '.join(shown)}{more} (import a roster with them, or add them "
            "to the Roster; --strict refuses such files)",
            f"{table.name} 中有 {len(self.absent)} 人不在人员表中，其数据未导入："
            f"{'、'.join(shown_zh)}{more}（请一并导入含这些人的人员名单，或先在人员表中添加）",
            *[src for _, src in first],
        )
        self.absent = {}


def _id_keys(found: Detected) -> frozenset[str]:
    """The texts of the file's own id header, so that a repeated header row is known."""
    cell = found.cells[found.columns["id"]] if found.columns["id"] < len(found.cells) else None
    return frozenset(cell.match_keys()) if cell is not None else frozenset()


def employee_id(
    table: ExportTable, row: int, cells: list[Any], col: int, problems: Problems
) -> str | None:
    """The row's employee id; None (and a problem) when it is an Excel error or empty
    while the row has other values."""
    try:
        emp = values.parse_key(cell_at(cells, col))
    except values.ValueIssue as issue:
        report_issue(problems, issue, table.source(row, col))
        return None
    if not emp:
        problems.error(
            "import.no_id", "the employee id is empty", "员工编号为空", table.source(row, col)
        )
        return None
    return emp
