"""xlwings Lite, proven in its real runtime: Pyodide (npm `pyodide`, Node.js, offline) with
the xlkpi wheel and xlwings' own pure-Python wheel unpacked into it. The Lite script
(xlkpi/lite/main.py) calculates the demo workbook through the real xlwings remote engine,
and every cell must equal what `xlkpi calculate` writes into the same demo. Two worksheet
functions are called the way Excel calls them and must equal the desktop UDFs.

Needs: node, tests/pyodide/node_modules (npm ci), the xlkpi wheel (XLKPI_WHEEL or dist/)
and the xlwings wheel in tests/pyodide/wheels/ (`make pyodide`, run by .ci/run). Skips
without them, except where XLKPI_REQUIRE_PYODIDE=1 (CI), where it fails. `make test` hands
over the wheel it just built; run from the checkout, `make dist` first, or dist/ may hold an
older wheel than the code.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

from xlkpi.cli.main import main as xlkpi_main
from xlkpi.excel import udfs
from xlkpi.io.reader import read_grids

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from helpers.imports import absolute_imports  # noqa: E402
from helpers.protection import locked_cells  # noqa: E402

DEMO = ROOT / "workbooks" / "demo-after-sales.xlsx"
FIXED_NOW = dt.datetime(2026, 11, 2, 9, 30)
RULE = "阶梯：≥100% 5分；≥90% 3分；其他 0分"
REQUIRE_ENV = "XLKPI_REQUIRE_PYODIDE"
HYPERLINK = re.compile(r'=HYPERLINK\("(?:[^"]|"")*","((?:[^"]|"")*)"\)')


def _missing(what: str) -> None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{what} (required: {REQUIRE_ENV}=1)")
    pytest.skip(what)


def _xlkpi_wheel() -> Path:
    named = os.environ.get("XLKPI_WHEEL")
    if named:
        return Path(named)
    wheels = sorted((ROOT / "dist").glob(f"xlkpi-{_version()}-py3-none-any.whl"))
    if not wheels:
        _missing("no xlkpi wheel: run `make dist` or set XLKPI_WHEEL")
    return wheels[-1]


def _version() -> str:
    from importlib.metadata import version

    return version("xlkpi")


def _pinned_xlwings() -> str:
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    (pin,) = [r for r in extra["optional-dependencies"]["excel"] if r.startswith("xlwings==")]
    return pin.partition("==")[2]


def _xlwings_wheel() -> Path:
    wheel = HERE / "wheels" / f"xlwings-{_pinned_xlwings()}-py3-none-any.whl"
    if not wheel.is_file():
        _missing(f"no {wheel.name} in tests/pyodide/wheels: run `make pyodide`")
    return wheel


def _office_value(value):
    """A cell value as the add-in hands it to xlwings: "" for empty, dates as ISO text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()).isoformat(timespec="milliseconds") + "Z"
    return value


def _book_data(path: Path) -> dict:
    grids = read_grids(path)
    return {
        "client": "Office.js",
        "version": _pinned_xlwings(),
        "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": [
            {
                "name": name,
                "values": [[_office_value(v) for v in row] for row in grid] or [[""]],
                "pictures": [],
                "tables": [],
            }
            for name, grid in grids.items()
        ],
    }


@pytest.fixture(scope="module")
def lite_run(tmp_path_factory):
    node = shutil.which("node")
    if node is None:
        _missing("Node.js is not installed")
    if not (HERE / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        _missing("npm pyodide is not installed: run `make pyodide`")
    wheels = [str(_xlwings_wheel()), str(_xlkpi_wheel())]
    work = tmp_path_factory.mktemp("lite")
    job = {
        "wheels": wheels,
        "driver": str(HERE / "lite_driver.py"),
        "book": _book_data(DEMO),
        "now": FIXED_NOW.isoformat(),
        "udf_calls": [
            {"func_name": "kpi_score", "args": [[[RULE]], [[0.95]]]},
            {"func_name": "kpi_score", "args": [[[RULE]], [[1.2]]]},
            {
                "func_name": "kpi_bonus_share",
                "args": [[[10000]], [[1.2]], [[1.2], [1.0], [0.8]], [[1]]],
            },
        ],
    }
    (work / "job.json").write_text(json.dumps(job, ensure_ascii=False), "utf-8")
    proc = subprocess.run(
        [node, str(HERE / "lite_host.mjs"), str(work / "job.json"), str(work / "out.json")],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads((work / "out.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def cli_grids(tmp_path_factory):
    """The demo after `xlkpi calculate`, with the same fixed clock."""
    import xlkpi.workbook.calculate as calc

    class _Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return FIXED_NOW

    target = tmp_path_factory.mktemp("cli") / DEMO.name
    shutil.copyfile(DEMO, target)
    saved = calc.dt
    calc.dt = types.SimpleNamespace(datetime=_Clock)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("LOGNAME", "hr-test")  # the change log's user, as in the Lite run
            assert xlkpi_main(["calculate", str(target), "--no-backup"]) == 0
    finally:
        calc.dt = saved
    return read_grids(target)


def _from_lite(value):
    """A cell of the emulated book in the file reader's conventions."""
    if value == "" or value is None:
        return None
    if isinstance(value, dict) and "date" in value:
        return dt.datetime.fromisoformat(value["date"])
    if isinstance(value, dict) and "formula" in value:
        # what Excel shows for the one formula Calculate writes: a link to a cell
        link = HYPERLINK.fullmatch(value["formula"])
        return link.group(1).replace('""', '"') if link else value
    if isinstance(value, str) and value.endswith("Z") and value[:4].isdigit():
        return dt.datetime.fromisoformat(value[:-1]).replace(microsecond=0)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same(a, b) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
    if isinstance(a, dt.datetime) and isinstance(b, dt.date):
        b = b if isinstance(b, dt.datetime) else dt.datetime.combine(b, dt.time())
    return a == b


def test_it_ran_in_pyodide_with_the_real_xlwings(lite_run):
    assert lite_run["platform"] == "emscripten"
    assert lite_run["python"].startswith("3.14")
    assert lite_run["engine"] == "remote"
    assert lite_run["xlwings"] == _pinned_xlwings()


def test_what_lite_loads_of_xlkpi_uses_no_thread_process_or_file_library(lite_run):
    """Pyodide has no threads or processes (the modules import, but fail when used), and
    the wheel brings no file library there: none of the xlkpi modules Lite loaded may
    import them."""
    banned = {"threading", "subprocess", "multiprocessing", "concurrent", "queue"}
    banned |= {"lxml", "python_calamine", "xlsxwriter", "olefile"}
    loaded = lite_run["xlkpi_modules"]
    assert "xlkpi.workbook.calculate" in loaded and "xlkpi.core.engine" in loaded
    found = {}
    for name in loaded:
        spec = importlib.util.find_spec(name)
        source = Path(spec.origin).read_text("utf-8")
        hits = {n.partition(".")[0] for n in absolute_imports(source)} & banned
        if hits:
            found[name] = sorted(hits)
    assert not found, f"modules Lite runs import {found}"


def test_the_script_reports_success_in_the_workbooks_language(lite_run):
    (alert,) = lite_run["alerts"]
    assert alert["mode"] == "info" and alert["prompt"].startswith("计算完成")


def test_lite_and_the_command_line_give_the_same_workbook(lite_run, cli_grids):
    lite = {s["name"]: s["values"] for s in lite_run["book"]["sheets"]}
    assert list(lite) == list(cli_grids)
    differences = []
    for name, grid in cli_grids.items():
        rows = lite[name]
        height = max(len(grid), len(rows))
        for r in range(height):
            width = max(len(grid[r]) if r < len(grid) else 0, len(rows[r]) if r < len(rows) else 0)
            for c in range(width):
                want = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
                got = _from_lite(rows[r][c] if r < len(rows) and c < len(rows[r]) else "")
                if not _same(got, want):
                    differences.append((name, r + 1, c + 1, want, got))
    assert not differences, f"{len(differences)} cells differ, first: {differences[:10]}"
    assert len(lite_run["writes"]) > 100  # the run wrote results, not just compared inputs


def test_lite_writes_no_locked_cell_of_a_protected_sheet(lite_run):
    """Lite cannot lift sheet protection: every cell it writes must be unlocked."""
    locked = locked_cells(DEMO)
    hits = [(s, r + 1, c + 1) for s, r, c in lite_run["writes"] if (r, c) in locked.get(s, ())]
    assert any(locked.values()), "the demo protects its sheets"
    assert not hits, f"Lite writes locked cells of protected sheets: {hits[:10]}"


def test_the_worksheet_functions_give_what_the_desktop_udfs_give(lite_run):
    score_95, score_120, share = lite_run["udf_results"]
    assert score_95 == [[udfs.kpi_score(RULE, 0.95)]] == [[3.0]]
    assert score_120 == [[udfs.kpi_score(RULE, 1.2)]] == [[5.0]]
    assert share == [[udfs.kpi_bonus_share(10000, 1.2, [1.2, 1.0, 0.8], 1)]]
