"""The change log: what every Calculate changed, chained by hashes so edits show.

Each Calculate appends one run row (when, who, the input fingerprint, how many people
changed) and one row per person whose total, rank, grade or bonus differs from the
previous Calculate, with before, after and why. Every cell is written as text, and each
row's check value is a hash of the previous row's check value and the row's own cells:

    check(row n) = sha256(check(row n-1) ␞ cell 1 ␟ cell 2 ␟ … ␟ cell 15)[:24]

so editing, inserting or removing any row (but the last) breaks the chain from that row
on, and the next Calculate refuses to run, naming the row. The previous state of each
person is read back from the log itself (the last "after" values logged for them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlkpi.core.cents import to_money
from xlkpi.core.model import EmployeeResult
from xlkpi.core.problems import Problems, Source
from xlkpi.followup import layout as fl
from xlkpi.io.cells import a1

#: the logged cells of a row, in order (the check value comes after them)
FIELDS: tuple[str, ...] = tuple(c.key for c in fl.TABLES["changelog"].columns if c.key != "hash")
TRACKED = ("total", "rank", "grade", "bonus")

State = dict[str, tuple[str, str, str, str]]  # employee id -> (total, rank, grade, bonus)


def row_hash(previous: str, cells: Sequence[str]) -> str:
    """The check value of a row: chained to the previous row's."""
    return _stripped_hash(previous, [c.strip() for c in cells])


def _stripped_hash(previous: str, stripped: list[str]) -> str:
    """`row_hash` of cells already stripped."""
    text = previous + "\x1e" + "\x1f".join(stripped)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass
class LogRow:
    """One row as read back: its cells by key, and where it is (0-based row)."""

    row: int
    cells: dict[str, str]

    @property
    def values(self) -> list[str]:
        """The row's cells in column order."""
        return [self.cells.get(k, "") for k in FIELDS]


@dataclass
class Log:
    """The log as read: its rows, whether the chain holds, the state it leaves."""

    rows: list[LogRow]
    broken_at: int | None  # 0-based row of the first row whose check value is wrong
    last_hash: str
    last_run: int
    state: State


def read_log(rows: Iterable[LogRow]) -> Log:
    """Verify the chain and replay the rows into the state of the last logged run."""
    kept = list(rows)
    previous, broken, last_run = "", None, 0
    state: State = {}
    for row in kept:
        if broken is None and row.cells.get("hash", "") != row_hash(previous, row.values):
            broken = row.row
        previous = row.cells.get("hash", "")
        try:
            last_run = max(last_run, int(row.cells.get("run", "0") or 0))
        except ValueError:
            broken = row.row if broken is None else broken
        eid = row.cells.get("id", "")
        if eid:
            after = tuple(row.cells.get(f"{k}_after", "") for k in TRACKED)
            if any(after):
                state[eid] = after  # type: ignore[assignment]
            else:
                state.pop(eid, None)
    return Log(kept, broken, previous, last_run, state)


def tamper_problem(log: Log, sheet: str, problems: Problems) -> None:
    """An ERROR naming the first row whose check value does not match."""
    if log.broken_at is None:
        return
    row = log.broken_at + 1
    col = list(fl.TABLES["changelog"].columns).index(fl.TABLES["changelog"].column("hash"))
    problems.error(
        "changelog.edited",
        f"The change log was edited at row {row} of sheet '{sheet}' (its check value no "
        "longer matches): Calculate will not run until the log is restored from a backup",
        f"“{sheet}”表第{row}行的变更记录被修改（校验值不符）：请从备份恢复变更记录后再计算",
        Source(sheet, a1(log.broken_at, col)),
    )


def snapshot(
    result: EmployeeResult, bonus_texts: dict[Any, str] | None = None
) -> tuple[str, str, str, str]:
    """A person's tracked results as the text the log keeps.

    Args:
        bonus_texts: where to keep, across many people, each bonus's text (bonuses take
            few values: grades share them). Equal amounts give the same text: `to_money`
            makes no "-0.00".
    """
    total = "" if result.total is None else f"{result.total:.2f}"
    rank = "" if result.rank is None else str(result.rank)
    bonus = ""
    if result.bonus is not None:
        texts = bonus_texts if bonus_texts is not None else {}
        bonus = texts.get(result.bonus, "")
        if not bonus:
            bonus = texts[result.bonus] = f"{to_money(Decimal(result.bonus)):.2f}"
    return total, rank, result.grade or "", bonus


@dataclass(frozen=True)
class RunStamp:
    """One Calculate run as the log records it: its number, time, user and workbook fingerprint."""

    run: int
    time: str
    user: str
    fingerprint: str


def new_rows(
    stamp: RunStamp,
    results: Sequence[EmployeeResult] | None,
    state: State,
    reasons: Mapping[str, str],
    summary: Mapping[str, str],
    lang: str,
) -> list[list[str]]:
    """The rows one Calculate appends (without check values).

    Args:
        stamp: run number, time, OS user, input fingerprint.
        results: the run's results, or None when it had errors (only the run row is logged).
        state: what the log says each person had after the previous run.
        reasons: employee id -> why they changed (appeals, knock-on effects), in `lang`.
        summary: {"zh": ..., "en": ...} for a run with errors, else unused.
        lang: the workbook's language for the default reasons.
    """
    head = [str(stamp.run), stamp.time, stamp.user, stamp.fingerprint]
    if results is None:
        return [[*head, "", "", *[""] * 8, summary[lang]]]
    people: list[list[str]] = []
    seen = set()
    never = ("",) * 4
    bonus_texts: dict[Any, str] = {}
    for r in results:
        eid = r.employee.id
        seen.add(eid)
        after = snapshot(r, bonus_texts)
        before = state.get(eid)
        if before == after:
            continue
        why = reasons.get(eid) or _default_reason(before, after, lang)
        people.append([*head, eid, r.employee.name, *_pairs(before or never, after), why])
    for eid, before in state.items():
        if eid not in seen:
            gone = "不在本次计算的人员名单中" if lang == "zh" else "no longer in the roster"
            people.append([*head, eid, "", *_pairs(before, never), gone])
    count = f"计算：{len(people)}人有变化" if lang == "zh" else f"Calculate: {len(people)} changed"
    return [[*head, "", "", *[""] * 8, count], *people]


def _pairs(before: Sequence[str], after: Sequence[str]) -> list[str]:
    """Each tracked value before and after, side by side as the log's columns are."""
    return [before[0], after[0], before[1], after[1], before[2], after[2], before[3], after[3]]


def _default_reason(
    before: tuple[str, str, str, str] | None, after: tuple[str, str, str, str], lang: str
) -> str:
    zh = lang == "zh"
    if before is None:
        return "首次计算" if zh else "first Calculate"
    if before[0] != after[0]:
        return "输入数据或加减分变化" if zh else "inputs or adjustments changed"
    if before[2] != after[2]:
        return "强制分布或校准变化" if zh else "forced distribution or calibration changed"
    if before[1] != after[1]:
        return "他人总分变化导致排名变化" if zh else "others' totals changed the rank"
    return "奖金池或他人等级变化" if zh else "the bonus pool or others' grades changed"


def chain_as_written(rows: Sequence[Sequence[str]], previous: str) -> list[list[str | None]]:
    """Rows with their check values appended, chained after `previous`, as the sheet gets
    them: a blank is no value (None), not an empty text cell (a first Calculate at 10,000
    people logs 40,000 of them). The reader takes an empty cell as "" (`followup.read`),
    so the check values hold either way."""
    strip, none_if_blank = str.strip, _NONE_IF_BLANK.get  # (mapped over rows: C-level)
    out = []
    for cells in rows:
        cleaned = list(map(strip, cells))
        previous = _stripped_hash(previous, cleaned)
        row: list[str | None] = list(map(none_if_blank, cleaned, cleaned))
        row.append(previous)
        out.append(row)
    return out


_NONE_IF_BLANK: dict[str, str | None] = {"": None}  # (.get(c, c): c itself otherwise)
