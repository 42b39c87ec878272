"""The batch loop on its own: throttle, journal, skipped items (a recording connection)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlkpi.delivery import batch
from xlkpi.delivery.cards import load
from xlkpi.delivery.compose import Sender
from xlkpi.delivery.sendlog import Journal, SendLog
from xlkpi.io.reader import XlsxBook


class Recorder:
    """Stands in for smtp.Connection: keeps what it is given."""

    def __init__(self) -> None:
        self.sent: list = []
        self.closed = False

    def send(self, msg) -> None:  # noqa: ANN001
        self.sent.append(msg)

    def close(self) -> None:
        self.closed = True


def test_throttle_pauses_between_messages_and_every_result_is_journaled(demo: Path, tmp_path):
    delivery = load(XlsxBook(demo))
    items = batch.plan(delivery, kinds=("person",))[:5]
    items[2].problem = ("no e-mail address", "未填写电子邮箱")
    conn, pauses = Recorder(), []
    journal = Journal(tmp_path / "outbox")
    out = batch.run(
        items,
        mode="send",
        log=SendLog(None, [], 3),
        journal=journal,
        outbox=tmp_path / "outbox",
        sender=Sender("hr@example.com", "人力资源部"),
        encrypt=False,
        lang="zh",
        connect=lambda: conn,
        throttle=2.5,
        now=lambda: dt.datetime(2026, 4, 3, 9, 30),
        sleep=pauses.append,
    )
    assert len(conn.sent) == 4 and conn.closed
    assert pauses == [2.5, 2.5, 2.5]  # between messages, not before the first
    assert [r.status for r in out.records] == ["skipped", "sent", "sent", "sent", "sent"]
    assert [r.id for r in journal.pending()] == [r.id for r in out.records]
    assert out.records[0].note.startswith("未填写电子邮箱 (") and "!G" in out.records[0].note
