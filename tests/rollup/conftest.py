"""Roll-up tests build their monthly workbooks with tests/paywb/paybooks.py."""

from __future__ import annotations

import sys
from pathlib import Path

_PAYWB = str(Path(__file__).resolve().parent.parent / "paywb")
if _PAYWB not in sys.path:
    sys.path.insert(0, _PAYWB)
