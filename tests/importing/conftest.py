"""Import tests use the small workbook of xlbook.py (this folder), which with pytest's
importlib import mode is not on sys.path by itself."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from xlbook import book, book_en  # noqa: E402, F401  (the shared fixtures)
