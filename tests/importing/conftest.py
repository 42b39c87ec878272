"""Fixtures: the small workbook of `xlbook` in Chinese and in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from xlbook import build_book


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_book(tmp_path / "book.xlsx")


@pytest.fixture
def book_en(tmp_path: Path) -> Path:
    return build_book(tmp_path / "book-en.xlsx", "en")
