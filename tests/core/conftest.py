"""Core tests import their small fake rules and builders from tests/core/fakes.py; with
pytest's importlib import mode the folder is not on sys.path by itself."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
