"""Import tests use the small workbook of xlbook.py (this folder), which with pytest's
importlib import mode is not on sys.path by itself."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from xlbook import build_book  # noqa: E402


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_book(tmp_path / "book.xlsx")


@pytest.fixture
def book_en(tmp_path: Path) -> Path:
    return build_book(tmp_path / "book-en.xlsx", "en")
