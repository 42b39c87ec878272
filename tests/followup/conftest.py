"""Follow-up tests import the small department workbook (fu_book.py) from this folder and
the shared helpers (tests/helpers) from tests/: both go on sys.path, so the folder also runs
on its own (`pytest tests/followup`)."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
for _p in (str(_HERE), str(_HERE.parent)):
    if _p not in sys.path:
        sys.path.insert(0, _p)
