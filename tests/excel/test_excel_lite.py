"""xlkpi/lite/main.py as xlwings Lite runs it: @script gets the book, @func wrappers are plain."""

from __future__ import annotations

import inspect
import subprocess
import sys
import tomllib
from pathlib import Path

import xlwings as xw
from xlfakes import FakeBook

import xlkpi.lite
from xlkpi.excel import udfs

ROOT = Path(__file__).resolve().parents[2]
LITE_MAIN = Path(xlkpi.lite.__file__).parent / "main.py"  # as installed
RULE = "阶梯：≥100% 5分；≥90% 3分；其他 0分"


def test_the_script_takes_the_book_as_its_only_argument(lite_main):
    params = list(inspect.signature(lite_main.calculate).parameters.values())
    assert len(params) == 1 and params[0].annotation in (xw.Book, "xw.Book")


def test_the_functions_are_the_same_as_the_desktop_udfs(lite_main):
    cases = {
        "kpi_score": [(RULE, 0.95), (RULE, "n/a"), ("≥90 3", 1), (RULE, None)],
        "kpi_rule_text": [(RULE,), (RULE, "en"), ("", "zh")],
        "kpi_grade": [(85, ["S", "A", "B"], [90, 80, 0]), (85, ["S"], [])],
        "kpi_bonus_share": [(100, 1, [1, 1, 1], 1), (100, 1, [0])],
    }
    for name, calls in cases.items():
        lite_f, desk_f = getattr(lite_main, name), getattr(udfs, name)
        assert list(inspect.signature(lite_f).parameters) == list(
            inspect.signature(desk_f).parameters
        )
        for args in calls:
            assert lite_f(*args) == desk_f(*args)


def test_the_script_calculates_a_lite_book(filled_copy, fixed_clock, lite_main):
    book = FakeBook.from_xlsx(filled_copy("zh"), engine="remote")
    lite_main.calculate(book)
    assert book.app.alerts[0]["mode"] == "info"
    assert book.stats["value_writes"] >= 3


def test_a_protected_sheet_in_lite_is_reported_and_nothing_half_written(
    filled_copy, fixed_clock, lite_main
):
    """Lite cannot lift protection: the run stops with a message and puts back what it
    had already written (templates keep the cells Calculate writes unlocked)."""
    book = FakeBook.from_xlsx(filled_copy("zh"), engine="remote")
    issues = book.sheets["问题"]
    issues.protected = True
    before = {s.name: dict(s.cells) for s in book.sheets}
    lite_main.calculate(book)
    alert = book.app.alerts[0]
    assert alert["mode"] == "critical" and alert["prompt"].startswith("未写入任何结果")
    after = {s.name: dict(s.cells) for s in book.sheets}
    changed = [name for name in before if before[name] != after[name]]
    assert changed == []


def test_requirements_name_the_xlkpi_distribution():
    lines = [
        line.strip()
        for line in (LITE_MAIN.parent / "requirements.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert lines == [project["name"]]


def test_the_lite_code_needs_no_package_pyodide_lacks():
    """python-calamine (a Rust extension) has no Pyodide build: nothing Lite runs may
    import it, nor the file-only libraries."""
    code = f"""
import sys
for name in ("python_calamine", "openpyxl", "xlsxwriter", "lxml", "defusedxml", "olefile"):
    sys.modules[name] = None  # importing any of them now fails
import runpy
ns = runpy.run_path({str(LITE_MAIN)!r})
print(ns["kpi_score"]({RULE!r}, 0.95))
"""
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "3.0"
