"""CLI tests reuse the small import workbook (tests/importing/xlbook.py) and the LibreOffice
helper (tests/helpers/libreoffice.py); neither folder is on sys.path by itself."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_TESTS = Path(__file__).resolve().parent.parent
for _folder in (_TESTS / "importing", _TESTS):  # xlbook.py; helpers/libreoffice.py
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from xlbook import book, book_en  # noqa: E402, F401  (the shared fixtures)


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A known locale and no debug switch, whatever the developer's shell has."""
    for var in ("LC_ALL", "LC_MESSAGES", "XLKPI_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
