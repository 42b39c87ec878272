"""The suite tests the installed package: CI runs it from a clean venv (.ci/test-installed),
where xlkpi must come from site-packages, never from the checkout."""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

import pytest

import xlkpi

ROOT = Path(__file__).resolve().parents[2]


def test_xlkpi_is_imported_from_the_installed_wheel():
    if os.environ.get("XLKPI_EXPECT_INSTALLED") != "1":
        if os.environ.get("CI"):
            pytest.fail("CI must run the suite against the installed wheel (.ci/test-installed)")
        pytest.skip("run against the checkout (editable install); make test uses the wheel")
    where = Path(xlkpi.__file__).resolve()
    assert Path(sysconfig.get_paths()["purelib"]).resolve() in where.parents
    assert ROOT not in where.parents
