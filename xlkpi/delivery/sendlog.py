"""The Send log: one row per message attempt, so nothing is ever sent twice.

The sheet (`mail_layout.SEND_LOG_COLUMNS`) is written into the workbook through its
BookWriter (the lossless writer for files, live Excel from the button) at the end of a
run. While a run sends, each result is also appended to a journal file in the outbox
and flushed to disk before the next message goes, so a run cut short (the server drops,
the power fails) loses nothing: the next run puts the journal's rows into the sheet
first, then sends only what is still unsent.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from xlkpi.io.cells import Block, BookReader
from xlkpi.workbook import layout
from xlkpi.workbook.contract.reader import ContractReader
from xlkpi.workbook.mail_layout import (
    KIND_LABELS,
    SEND_LOG,
    SEND_LOG_COLUMNS,
    SEND_LOG_HEADER_ROW,
    SEND_LOG_HINT,
    SEND_LOG_TITLE,
    STATUS_LABELS,
    label_key,
)

JOURNAL_NAME = "send-journal.jsonl"


@dataclass(frozen=True)
class LogRecord:
    """One attempt: who, where to, which file (and its hash), when, and how it went."""

    time: str
    kind: str  # "person", "manager", "department"
    id: str
    name: str
    address: str
    file: str
    hash: str
    message_id: str
    status: str  # a STATUS_LABELS key
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """(kind, id): the message this record is about."""
        return (self.kind, self.id)


@dataclass
class SendLog:
    """The Send log as read: its sheet name (None when the workbook has none yet), its
    records in order and the row below the last one."""

    sheet: str | None
    records: list[LogRecord]
    next_row: int

    def latest(self, statuses: tuple[str, ...]) -> dict[tuple[str, str], LogRecord]:
        """The last record with one of `statuses` for each (kind, id)."""
        out: dict[tuple[str, str], LogRecord] = {}
        for rec in self.records:
            if rec.status in statuses:
                out[rec.key] = rec
        return out


def read_log(book: BookReader) -> SendLog:
    """The workbook's Send log (empty when it has none)."""
    contract = ContractReader(book)
    sheet = contract.sheet("send_log")
    if sheet is None:
        return SendLog(None, [], SEND_LOG_HEADER_ROW + 1)
    found = contract.table_on(SEND_LOG, sheet)
    if found is None:
        return SendLog(sheet, [], max(len(contract.grid(sheet)), SEND_LOG_HEADER_ROW + 1))
    records = []
    last = found.header_row
    for r, raw in found.rows():
        values = {k: _text(v) for k, v in raw.items()}
        if not any(values.values()):
            continue
        last = r
        records.append(
            LogRecord(
                time=values.get("time", ""),
                kind=label_key(KIND_LABELS, values.get("kind")) or values.get("kind", ""),
                id=values.get("id", ""),
                name=values.get("name", ""),
                address=values.get("address", ""),
                file=values.get("file", ""),
                hash=values.get("hash", ""),
                message_id=values.get("message_id", ""),
                status=label_key(STATUS_LABELS, values.get("status")) or values.get("status", ""),
                note=values.get("note", ""),
            )
        )
    return SendLog(sheet, records, last + 1)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def log_blocks(log: SendLog, new: list[LogRecord], lang: str) -> tuple[list[Block], str]:
    """Blocks appending `new` below the log's records (with the title and header, which
    are rewritten as they were), and the sheet's name."""
    sheet = log.sheet or layout.sheet_name("send_log", lang)
    blocks = [
        Block(sheet, 0, 0, [[SEND_LOG_TITLE(lang)]]),
        Block(sheet, 1, 0, [[SEND_LOG_HINT(lang)]]),
        Block(sheet, SEND_LOG_HEADER_ROW, 0, [[c.label(lang) for c in SEND_LOG_COLUMNS]]),
    ]
    if new:
        rows = []
        for rec in new:
            d = asdict(rec)
            d["kind"] = KIND_LABELS[rec.kind](lang) if rec.kind in KIND_LABELS else rec.kind
            d["status"] = (
                STATUS_LABELS[rec.status](lang) if rec.status in STATUS_LABELS else rec.status
            )
            rows.append([d[c.key] for c in SEND_LOG_COLUMNS])
        blocks.append(Block(sheet, log.next_row, 0, rows))
    return blocks, sheet


def write_log(book: Any, log: SendLog, new: list[LogRecord], lang: str) -> None:
    """Append `new` to the workbook's Send log (adding the sheet when it has none)."""
    blocks, sheet = log_blocks(log, new, lang)
    book.write(blocks, ensure_sheets=[] if log.sheet else [sheet])


def settle(book: Any, journal: Journal, lang: str) -> bool:
    """Move the records `journal` holds (a run that ended, or one cut short) into the
    workbook's Send log and clear it. True when there were any."""
    done = journal.pending()
    if done:
        write_log(book, read_log(book), done, lang)
        journal.clear()
    return bool(done)


class Journal:
    """Records of the current run, appended and flushed to disk one by one."""

    def __init__(self, folder: Path):
        self.path = folder / JOURNAL_NAME

    def pending(self) -> list[LogRecord]:
        """Records a previous run journaled but never put into the sheet."""
        if not self.path.is_file():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(LogRecord(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # a line cut short by a crash: it was never sent as far as we know
        return out

    def add(self, rec: LogRecord) -> None:
        """Append `rec` to the journal and flush it to disk before the next message goes."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(asdict(rec), ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def clear(self) -> None:
        """Forget the journal (its records are in the Send log now)."""
        self.path.unlink(missing_ok=True)
