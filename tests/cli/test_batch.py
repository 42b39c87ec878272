"""`xlkpi calculate` of many workbooks: parallel, one line each, failures kept apart,
company workbooks together, and interruptions that leave every workbook whole."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xlkpi.cli import batch
from xlkpi.cli.common import Context
from xlkpi.cli.main import build_parser, run
from xlkpi.io.backups import recent_backups
from xlkpi.io.reader import read_grids

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "workbooks" / "demo-after-sales.xlsx"


def _cli(*argv: str) -> tuple[int, str, str]:
    args = build_parser().parse_args(list(argv))
    ctx = Context(lang="en", out=io.StringIO(), err=io.StringIO())
    code = run(args, ctx)
    return code, ctx.out.getvalue(), ctx.err.getvalue()  # type: ignore[attr-defined]


def _copies(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"dept{i:02d}.xlsx" for i in range(n)]
    for p in paths:
        shutil.copyfile(DEMO, p)
    return paths


def _status(path: Path) -> str:
    grid = read_grids(path)["汇总"]
    return str(grid[2][1])


def test_one_bad_workbook_among_good_ones(tmp_path: Path) -> None:
    good = _copies(tmp_path / "books", 3)
    bad = tmp_path / "books" / "broken.xlsx"
    bad.write_bytes(b"not a workbook at all")
    code, out, err = _cli("calculate", str(tmp_path / "books"), str(tmp_path / "gone.xlsx"))
    assert code == 2
    lines = out.splitlines()
    assert sum(line.startswith("✓") for line in lines) == 3
    assert any(line.startswith("✗") and "broken.xlsx" in line for line in lines)
    assert "gone.xlsx: file not found" in err
    assert lines[-1] == "5 workbooks: 3 calculated, 2 failed"
    assert bad.read_bytes() == b"not a workbook at all"
    for p in good:
        assert _status(p).startswith("结果为最新")
        assert recent_backups(str(p))


def test_backups_and_temp_files_in_a_folder_are_not_workbooks(tmp_path: Path) -> None:
    _copies(tmp_path, 1)
    others = ("dept00.original.xlsx", "dept00.bak.20261204-120000.xlsx", "dept00.bak.xlsx")
    for name in (*others, "~$dept00.xlsx", ".~xlkpi-dept00.xlsx-1.tmp", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    books, missing = batch.expand([str(tmp_path)])
    assert [Path(b).name for b in books] == ["dept00.xlsx"] and not missing


def test_json_lists_every_workbook(tmp_path: Path) -> None:
    _copies(tmp_path, 2)
    (tmp_path / "broken.xlsx").write_bytes(b"junk")
    code, out, err = _cli("calculate", str(tmp_path), "--json", "--jobs", "2")
    assert code == 2
    data = json.loads(out)
    by_name = {Path(d["workbook"]).name: d for d in data}
    assert set(by_name) == {"broken.xlsx", "dept00.xlsx", "dept01.xlsx"}
    assert by_name["broken.xlsx"]["exit"] == 2 and not by_name["broken.xlsx"]["ok"]
    assert by_name["dept00.xlsx"]["exit"] == 0 and len(by_name["dept00.xlsx"]["employees"]) == 30
    assert "3 workbooks: 2 calculated, 1 failed" in err


def test_company_workbooks_are_calculated_together(tmp_path: Path) -> None:
    from helpers.company_books import EXPECTED_GRADES, build_company

    build_company(tmp_path / "company")
    _copies(tmp_path / "company", 1)  # a department that is not company-scoped
    code, out, _ = _cli("calculate", str(tmp_path / "company"))
    assert code == 0, out
    assert out.count("✓") == 4
    grid = read_grids(tmp_path / "company" / "ops.xlsx")["专员数据"]
    keys = grid[3]
    grades = {r[0]: r[keys.index("grade")] for r in grid[4:]}
    assert grades == {k: v for k, v in EXPECTED_GRADES.items() if k.startswith("O")}


def _whole(path: Path, original: bytes) -> str:
    """'untouched' or 'written'; fails for anything in between."""
    data = path.read_bytes()
    if data == original:
        return "untouched"
    assert _status(path).startswith("结果为最新"), path  # a complete, calculated workbook
    return "written"


@pytest.mark.slow
def test_an_interrupted_batch_leaves_each_workbook_whole(tmp_path: Path) -> None:
    original = DEMO.read_bytes()
    seen = []
    for delay in (0.6, 1.2, 1.8):
        folder = tmp_path / f"run{delay}"
        paths = _copies(folder, 16)
        proc = subprocess.Popen(
            [sys.executable, "-m", "xlkpi", "calculate", str(folder), "--jobs", "2"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)  # the main process and every worker, at once
        proc.wait()
        states = [_whole(p, original) for p in paths]
        seen.append(states)
        # a later run cleans up and calculates whatever was left
        code, _, _ = _cli("calculate", str(folder), "--no-backup")
        assert code == 0
        assert all(_whole(p, original) == "written" for p in paths)
        assert not [n for n in os.listdir(folder) if n.endswith(".tmp") and "keep" not in n]
    print([f"{s.count('written')}/{len(s)} written" for s in seen])


def _dies_on(key: str) -> str:
    if key == "die":
        os.kill(os.getpid(), signal.SIGKILL)  # a worker killed (out of memory, by hand)
    time.sleep(0.05)
    return key


def test_a_killed_worker_does_not_stop_the_others() -> None:
    finished: list[str] = []
    died: list[str] = []
    keys = ["a", "b", "die", "c", "d"]
    batch._in_pool([(k, (_dies_on, k)) for k in keys], 2, finished.append, died.append)
    assert sorted(finished) == ["a", "b", "c", "d"]
    assert died == ["die"]
