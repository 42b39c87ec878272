"""One run at a time per workbook: simultaneous writing commands never lose each other's
work; the second waits, then refuses clearly; the bytes replaced are the bytes read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from xlbook import build_book, write_csv

from xlkpi.io import lock as lock_mod
from xlkpi.io.atomic import file_digest
from xlkpi.io.cells import Block
from xlkpi.io.errors import SaveFailed
from xlkpi.io.lock import WorkbookBusy, workbook_lock
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.io.xlsx_writer import write_blocks

BUSY_EN = "another xlkpi run is working on"


def _cell(path: Path, sheet: str, emp: str, key: str) -> object:
    grid = read_grids(path, [sheet])[sheet]
    keys = next(row for row in grid if row and row[0] == "id")
    col = list(keys).index(key)
    return next(row[col] for row in grid if row and row[0] == emp)


def _xlkpi(*args: str, cwd: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, LANG="en_US.UTF-8", PYTHONIOENCODING="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "xlkpi", "--lang", "en", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


DEMO = Path(__file__).resolve().parents[2] / "workbooks" / "demo-after-sales.xlsx"
CURRENT = "正常"  # the Settings status after a calculate without errors


def _status(book: Path) -> str:
    settings = read_grids(book, ["设置"])["设置"]
    return str(next(r[1] for r in settings if r and r[0] == "计算状态"))


def _total(book: Path, emp: str) -> object:
    return _cell(book, "客服专员", emp, "total")


@pytest.mark.slow
def test_simultaneous_writing_commands_lose_nothing(tmp_path: Path) -> None:
    """N pairs of simultaneous runs on one workbook (import + import, import + calculate):
    every run succeeds with its effect present or refuses clearly; nothing is lost, and
    the status never calls results current that do not match the inputs."""
    pairs = 6
    for i in range(pairs):
        book = tmp_path / f"book{i}.xlsx"
        book.write_bytes(DEMO.read_bytes())
        a = write_csv(tmp_path / f"a{i}.csv", f"工号,指标,值\nE1022,response_time,{30 + i}\n")
        b = write_csv(tmp_path / f"b{i}.csv", f"工号,指标,值\nE1023,kb_items,{7 + i}\n")
        second = ("import", str(book), str(b)) if i % 2 == 0 else ("calculate", str(book))
        procs = [_xlkpi("import", str(book), str(a), cwd=tmp_path), _xlkpi(*second, cwd=tmp_path)]
        outs = [p.communicate(timeout=180) for p in procs]
        results = [(p.returncode, out, err) for p, (out, err) in zip(procs, outs, strict=True)]
        for code, _out, err in results:
            assert code == 0 or (code == 2 and BUSY_EN in err), err
            assert "Traceback" not in err
        if results[0][0] == 0:
            assert _cell(book, "客服专员", "E1022", "response_time") == 30 + i
        if second[0] == "import" and results[1][0] == 0:
            assert _cell(book, "客服专员", "E1023", "kb_items") == 7 + i
        if second[0] == "calculate" and CURRENT in _status(book):
            # results said to be current match a fresh calculation of the inputs
            check = tmp_path / f"check{i}.xlsx"
            check.write_bytes(book.read_bytes())
            assert (
                subprocess.run(
                    [sys.executable, "-m", "xlkpi", "calculate", str(check), "--no-backup"],
                    capture_output=True,
                    timeout=180,
                ).returncode
                == 0
            )
            assert _total(check, "E1022") == _total(book, "E1022")
        assert not [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".lock"))]


@pytest.fixture
def held_elsewhere(tmp_path: Path):  # noqa: ANN201 - a generator fixture
    """A workbook whose lock another process holds until the test ends."""
    book = build_book(tmp_path / "book.xlsx")
    code = (
        "import sys; from xlkpi.io.lock import workbook_lock\n"
        f"with workbook_lock({str(book)!r}):\n"
        "    print('held', flush=True); sys.stdin.read()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    yield book
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=30)


def test_second_run_waits_then_refuses(held_elsewhere: Path, monkeypatch, capsys) -> None:
    from xlkpi.cli.main import main

    book = held_elsewhere
    before = book.read_bytes()
    monkeypatch.setattr(lock_mod, "LOCK_WAIT_SECONDS", 0.3)
    for argv in (["calculate", str(book)], ["import", str(book), str(_csv(book.parent))]):
        assert main(["--lang", "en", *argv]) == 2
        err = capsys.readouterr().err
        assert BUSY_EN in err and "Traceback" not in err
    with pytest.raises(WorkbookBusy):
        write_blocks(book, [Block("客服专员", 4, 2, [[91]])])
    assert book.read_bytes() == before


def test_second_run_gets_the_lock_once_the_first_is_done(tmp_path: Path) -> None:
    book = build_book(tmp_path / "book.xlsx")
    code = (
        "import time; from xlkpi.io.lock import workbook_lock\n"
        f"with workbook_lock({str(book)!r}):\n"
        "    print('held', flush=True); time.sleep(0.5)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    write_blocks(book, [Block("客服专员", 4, 2, [[93]])], backup=False)  # waits ~0.5 s
    proc.wait(timeout=30)
    assert _cell(book, "客服专员", "E001", "CS1") == 93


def _csv(folder: Path) -> Path:
    return write_csv(folder / "a.csv", "employee_id,indicator,value\nE001,Satisfaction,90\n")


def test_lock_is_reentrant_within_a_run(tmp_path: Path) -> None:
    book = build_book(tmp_path / "book.xlsx")
    with workbook_lock(book):
        write_blocks(book, [Block("客服专员", 4, 2, [[91]])], backup=False)
    assert _cell(book, "客服专员", "E001", "CS1") == 91
    assert not list(tmp_path.glob(".~xlkpi-*"))


def test_bytes_replaced_must_be_the_bytes_read(tmp_path: Path) -> None:
    """A file saved by someone else after xlkpi read it (same size and mtime even) is never
    overwritten: the hash differs, the write is refused, the other save is kept."""
    book = build_book(tmp_path / "book.xlsx")
    reader = XlsxBook(book, backup=False)
    reader.read_grid("客服专员")
    stat = book.stat()
    write_blocks(book, [Block("客服专员", 4, 2, [[77]])], backup=False)  # someone else
    os.utime(book, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    theirs = book.read_bytes()
    with pytest.raises(SaveFailed, match="changed by another program"):
        reader.write([Block("客服专员", 4, 3, [[0.5]])])
    assert book.read_bytes() == theirs
    assert file_digest(str(book)) != reader.digest
