"""Shared fixtures for the Excel adapter tests: filled workbooks, a fixed clock, Lite.

Puts this folder on sys.path so tests can `from xlfakes import FakeBook` (pytest runs
with --import-mode=importlib, which does not add test folders by itself)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import sys
import types
from pathlib import Path

import pytest

import xlkpi.lite

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

ROOT = Path(__file__).resolve().parents[2]
LITE_MAIN = Path(xlkpi.lite.__file__).parent / "main.py"  # as installed
FIXED_NOW = dt.datetime(2026, 11, 2, 9, 30)
#: the template with the most positions (five data sheets), filled with sample data
TEMPLATE = "after-sales-department"


@pytest.fixture(scope="session")
def filled_workbooks(tmp_path_factory) -> dict[str, Path]:
    """TEMPLATE filled with sample data: keys "zh", "en" (.xlsx) and "zh.xlsm" (with the
    VBA project and Calculate buttons), built once per session."""
    from xlkpi.authoring import build_workbook

    out = tmp_path_factory.mktemp("filled")
    books = {
        lang: build_workbook(TEMPLATE, lang, out / f"filled-{lang}.xlsx", sample_data=True)
        for lang in ("zh", "en")
    }
    books["zh.xlsm"] = build_workbook(
        TEMPLATE, "zh", out / "filled-zh.xlsm", macro=True, sample_data=True
    )
    return books


@pytest.fixture
def filled_copy(filled_workbooks, tmp_path):
    """A fresh copy of a filled workbook: filled_copy("zh") -> Path."""

    def copy(lang: str, name: str = "book") -> Path:
        suffix = ".xlsm" if lang.endswith(".xlsm") else ".xlsx"
        target = tmp_path / f"{lang.split('.')[0]}-{name}{suffix}"
        shutil.copyfile(filled_workbooks[lang], target)
        return target

    return copy


@pytest.fixture
def fixed_clock(monkeypatch):
    """Every run stamps FIXED_NOW into the status cell, so runs compare equal."""
    import xlkpi.workbook.calculate as calc

    class _Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return FIXED_NOW

    monkeypatch.setattr(calc, "dt", types.SimpleNamespace(datetime=_Clock))
    return FIXED_NOW


@pytest.fixture
def lite_main():
    """xlkpi/lite/main.py loaded as a module (as xlwings Lite runs it)."""
    spec = importlib.util.spec_from_file_location("xlkpi_lite_main", LITE_MAIN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("xlkpi_lite_main", None)
