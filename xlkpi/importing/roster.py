"""People: the roster files' rows (new employees appended to the Roster, changed cells of
those already on it) and who a data row may name (`People`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import CellInput
from xlkpi.workbook import layout, values

from .convert import money_cell, report_issue
from .forms import Detected
from .outcome import FileReport
from .rows import RowChecks, employee_id
from .sources import ExportTable, Row, place_text
from .target import Position, RosterEntry, Target, cell_at, cell_text, is_blank, norm_text


@dataclass
class NewEmployee:
    """A person a roster file adds to the Roster."""

    id: str
    name: str
    position: str  # position code
    department: str
    team: str
    bonus_base: Decimal | None
    source: Source


#: a roster cell to change: (Roster row, column, value, the file cell it comes from)
Update = tuple[int, int, CellInput, Source]


@dataclass
class RosterRows:
    """What the roster files say, across files: people to add and cells to change."""

    target: Target
    checks: RowChecks
    new: dict[str, NewEmployee] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)
    seen: dict[str, Source] = field(default_factory=dict)  # id -> first row, across files

    def read(self, table: ExportTable, found: Detected, rep: FileReport) -> None:
        """Check one roster file's rows and add what they change."""
        problems = self.checks.problems
        cols = found.columns
        for row in self.checks.rows(table, found, rep):
            where = table.source(row.number)
            emp = employee_id(table, row.number, row.cells, cols["id"], problems)
            if emp is None:
                continue
            if emp in self.seen:
                problems.error(
                    "import.duplicate_employee",
                    f"employee {emp} is listed twice (first at {place_text(self.seen[emp])})",
                    f"员工 {emp} 重复出现（第一次在 {place_text(self.seen[emp], 'zh')}）",
                    where,
                )
                continue
            self.seen[emp] = where
            person = _RosterRow.of(table, found, row, emp, self.target, problems)
            if person is None:
                continue
            existing = self.target.roster.entries.get(emp)
            if existing is None:
                added = person.new_employee(problems)
                if added is not None:
                    self.new[emp] = added
                    rep.roster_rows += 1
            elif person.update(existing, self.target, self.updates, problems):
                rep.roster_rows += 1


@dataclass
class _RosterRow:
    """One roster file row, its position and bonus base checked."""

    emp: str
    name: str
    department: str
    team: str
    position_text: str
    position: Position | None
    bonus: Decimal | None
    where: Source  # the row
    position_where: Source  # its position cell

    @classmethod
    def of(
        cls,
        table: ExportTable,
        found: Detected,
        row: Row,
        emp: str,
        target: Target,
        problems: Problems,
    ) -> _RosterRow | None:
        """The row's fields; None (and an error) for an unknown position or a bad bonus."""
        cols, cells = found.columns, row.cells
        pos_text = cell_text(cells, cols.get("position"))
        pos = target.position_of(pos_text) if pos_text else None
        pos_where = table.source(row.number, cols.get("position"))
        if pos_text and pos is None:
            known = ", ".join(f"{p.code} {p.name}" for p in target.positions.values())
            problems.error(
                "import.unknown_position",
                f"position '{pos_text}' is not in the Positions sheet (known: {known})",
                f"岗位“{pos_text}”不在岗位表中（已有：{known}）",
                pos_where,
            )
            return None
        bonus_where = table.source(row.number, cols.get("bonus_base"))
        ok, bonus = _bonus_base(cell_at(cells, cols.get("bonus_base")), bonus_where, problems)
        if not ok:
            return None
        return cls(
            emp,
            cell_text(cells, cols.get("name")),
            cell_text(cells, cols.get("department")),
            cell_text(cells, cols.get("team")),
            pos_text,
            pos,
            bonus,
            table.source(row.number),
            pos_where,
        )

    def new_employee(self, problems: Problems) -> NewEmployee | None:
        """The person to add; None (and an error) when the name or position is missing."""
        missing = [k for k, v in (("name", self.name), ("position", self.position_text)) if not v]
        if missing:
            labels = [layout.TABLES["roster"].column(k).label for k in missing]
            problems.error(
                "import.roster_incomplete",
                f"new employee {self.emp} needs {' and '.join(lb.en.lower() for lb in labels)}",
                f"新员工 {self.emp} 缺少{'和'.join(lb.zh for lb in labels)}",
                self.where,
            )
            return None
        assert self.position is not None
        return NewEmployee(
            self.emp,
            self.name,
            self.position.code,
            self.department,
            self.team,
            self.bonus,
            self.where,
        )

    def update(
        self, existing: RosterEntry, target: Target, updates: list[Update], problems: Problems
    ) -> bool:
        """Add the cells of `existing` the row gives and changes; whether there are any.
        An import never moves a person to another position (an error)."""
        old_pos = target.position_of(existing.position)
        if self.position is not None and (old_pos is None or old_pos.code != self.position.code):
            problems.error(
                "import.position_change",
                f"employee {self.emp} is on the Roster as '{existing.position}'; an import does "
                f"not move people to '{self.position_text}': change the position in the workbook",
                f"员工 {self.emp} 在人员表中的岗位是“{existing.position}”；导入不会把人调到"
                f"“{self.position_text}”，请在工作簿中修改岗位",
                self.position_where,
            )
            return False
        rcols = target.roster.columns
        before = len(updates)
        for key, value, old in (
            ("name", self.name, existing.name),
            ("department", self.department, existing.department),
            ("team", self.team, existing.team),
        ):
            if value and value != old and key in rcols:
                updates.append((existing.row, rcols[key], value, self.where))
        bonus = self.bonus
        if (
            bonus is not None
            and "bonus_base" in rcols
            and _money_or_none(existing.bonus_base) != bonus
        ):
            updates.append((existing.row, rcols["bonus_base"], money_cell(bonus), self.where))
        return len(updates) > before


def _bonus_base(raw: object, where: Source, problems: Problems) -> tuple[bool, Decimal | None]:
    """(ok, the bonus base) of a roster cell: a blank cell is (True, None); an amount that
    does not parse or is negative is (False, None) with an error."""
    if is_blank(raw):
        return True, None
    try:
        bonus = values.parse_money(raw)
    except values.ValueIssue as issue:
        report_issue(problems, issue, where)
        return False, None
    if bonus is not None and bonus < 0:
        problems.error(
            "import.bonus_negative",
            f"the bonus base {bonus} is negative",
            f"奖金基数 {bonus} 为负数",
            where,
        )
        return False, None
    return True, bonus


def _money_or_none(raw: object) -> Decimal | None:
    """A Roster cell's amount, or None when it holds none that parses."""
    try:
        return values.parse_money(raw)
    except values.ValueIssue:
        return None


@dataclass
class People:
    """Who a data row may name: the Roster's people with a known position, those the
    roster files add, and (to be refused) those whose position the Positions sheet lacks."""

    placed: dict[str, tuple[str, str]]  # employee id -> (position code, name)
    unplaced: dict[str, str]  # employee id -> the position text on the Roster

    @classmethod
    def of(cls, target: Target, new: dict[str, NewEmployee]) -> People:
        """The Roster's people plus the new ones."""
        placed: dict[str, tuple[str, str]] = {}
        for emp in target.roster.entries.values():
            pos = target.position_of(emp.position)
            if pos is not None:
                placed[emp.id] = (pos.code, emp.name)
        for added in new.values():
            placed[added.id] = (added.position, added.name)
        entries = target.roster.entries.values()
        return cls(placed, {e.id: e.position for e in entries if e.id not in placed})

    def row_employee(
        self, table: ExportTable, row: Row, cols: dict[str, int], checks: RowChecks
    ) -> tuple[str, str] | None:
        """A data row's employee id and position code, checked against the roster (and its
        name against the roster's), or None when a problem was reported or the person is
        not on the Roster (listed in one warning per file, unless strict)."""
        problems = checks.problems
        emp = employee_id(table, row.number, row.cells, cols["id"], problems)
        if emp is None:
            return None
        where = table.source(row.number, cols["id"])
        if emp not in self.placed and emp not in self.unplaced and not checks.strict:
            checks.absent.setdefault(emp, where)
            return None
        who = self._lookup(emp, where, problems)
        if who is None:
            return None
        position, roster_name = who
        name = cell_text(row.cells, cols.get("name"))
        if name and roster_name and norm_text(name) != norm_text(roster_name):
            problems.warning(
                "import.name_differs",
                f"employee {emp} is '{name}' here but '{roster_name}' on the Roster",
                f"员工 {emp} 在此处为“{name}”，人员表中为“{roster_name}”",
                table.source(row.number, cols.get("name")),
            )
        return emp, position

    def _lookup(self, emp: str, where: Source, problems: Problems) -> tuple[str, str] | None:
        """(position code, name) of a person, or None and an error."""
        if emp in self.placed:
            return self.placed[emp]
        if emp in self.unplaced:
            problems.error(
                "import.employee_position",
                f"employee {emp} has position '{self.unplaced[emp]}' on the Roster, which is "
                "not in the Positions sheet",
                f"员工 {emp} 在人员表中的岗位“{self.unplaced[emp]}”不在岗位表中",
                where,
            )
        else:
            problems.error(
                "import.unknown_employee",
                f"employee {emp} is not on the Roster (import a roster file with them, or add "
                "them to the Roster sheet)",
                f"员工 {emp} 不在人员表中（请一并导入含此人的人员名单，或先在人员表中添加）",
                where,
            )
        return None
