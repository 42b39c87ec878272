"""Reliability tests (issue: hardening) build their fixtures themselves: the small import
workbook (tests/importing/xlbook.py) and raw packages (tests/helpers/packages.py)."""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = Path(__file__).resolve().parent.parent
for _folder in (_TESTS / "importing", _TESTS, _TESTS.parent):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))
