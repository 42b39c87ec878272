"""App tests: Starlette's TestClient for the routes (no socket), a real `xlkpi app`
process for the command and the browser test (tests/app/test_browser.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
for _folder in (_HERE, _HERE.parent):  # appfiles.py, process.py; helpers/libreoffice.py
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from appsite import Site  # noqa: E402


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    return work


@pytest.fixture
def site(folder: Path) -> Iterator[Site]:
    s = Site(folder)
    with s.client:
        yield s
