"""Saving keeps what HR had: the original before xlkpi's first write and recent backups
(retention documented in docs/writer.md), the owner, group and mode of the file, a
symlink as a link; an interrupted run says truthfully whether it had saved."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from xlbook import build_book

from xlkpi.cli import main as cli_main
from xlkpi.io import backups
from xlkpi.io.cells import Block
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks


def _value(n: int) -> list[Block]:
    return [Block("客服专员", 4, 2, [[n]])]


def test_the_original_survives_any_number_of_writes(tmp_path: Path) -> None:
    book = build_book(tmp_path / "book.xlsx")
    original = book.read_bytes()
    reports = [write_blocks(book, _value(n)) for n in range(backups.KEEP_RECENT + 3)]
    assert (tmp_path / "book.original.xlsx").read_bytes() == original
    kept = backups.recent_backups(str(book))
    assert len(kept) == backups.KEEP_RECENT
    assert kept == [r.backup_path for r in reports[-backups.KEEP_RECENT :]]
    # each backup is the workbook as it was before that write
    assert read_grids(kept[-1], ["客服专员"])["客服专员"][4][2] == backups.KEEP_RECENT + 1


def test_backups_order_by_time_even_within_one_second(tmp_path: Path) -> None:
    book = build_book(tmp_path / "b.xlsx")
    now = dt.datetime(2026, 12, 4, 9, 30, 0)
    made = [backups.keep_backups(str(book), now=now) for _ in range(3)]
    assert backups.recent_backups(str(book)) == made
    assert [Path(m).name for m in made] == [
        "b.bak.20261204-093000.xlsx",
        "b.bak.20261204-093000-2.xlsx",
        "b.bak.20261204-093000-3.xlsx",
    ]


def test_mode_owner_and_group_are_kept(tmp_path: Path) -> None:
    """As root (a service account), a user's file stays the user's."""
    book = build_book(tmp_path / "book.xlsx")
    os.chmod(book, 0o640)
    other = 65534 if os.geteuid() == 0 else os.getuid()
    if os.geteuid() == 0:
        os.chown(book, other, other)
    write_blocks(book, _value(5), backup=False)
    st = book.stat()
    assert stat.S_IMODE(st.st_mode) == 0o640
    assert (st.st_uid, st.st_gid) == (other, other if os.geteuid() == 0 else st.st_gid)
    assert read_grids(book, ["客服专员"])["客服专员"][4][2] == 5


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path: Path) -> None:
    real_dir = tmp_path / "share"
    real_dir.mkdir()
    target = build_book(real_dir / "real.xlsx")
    link = tmp_path / "link.xlsx"
    link.symlink_to(target)
    report = write_blocks(link, _value(7))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert read_grids(target, ["客服专员"])["客服专员"][4][2] == 7
    assert Path(report.backup_path).parent == real_dir  # beside the real file
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".~xlkpi-")]


def test_ctrl_c_after_the_save_says_it_was_saved(tmp_path: Path, monkeypatch, capsys) -> None:
    book = build_book(tmp_path / "book.xlsx", "en")

    def interrupted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - after the write
        raise KeyboardInterrupt

    monkeypatch.setattr("xlkpi.cli.calculate.print_problems", interrupted)
    assert cli_main.main(["--lang", "en", "calculate", str(book)]) == 130
    err = capsys.readouterr().err
    assert "had already been saved" in err and "not changed" not in err


def test_ctrl_c_before_the_save_says_nothing_changed(tmp_path: Path, monkeypatch, capsys) -> None:
    book = build_book(tmp_path / "book.xlsx", "en")
    before = book.read_bytes()

    def interrupted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise KeyboardInterrupt

    monkeypatch.setattr("xlkpi.io.xlsx_writer.save_atomically", interrupted)
    assert cli_main.main(["--lang", "en", "calculate", str(book)]) == 130
    assert "the workbook was not changed" in capsys.readouterr().err
    assert book.read_bytes() == before
