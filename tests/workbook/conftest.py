"""Workbook tests import the in-memory book (memory_book.py) and the sample workbook
(wb_sample.py) from this folder, which is not on sys.path by itself."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
