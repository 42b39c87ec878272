"""Where the committed templates live, and whether the .xlsm variant can be built here.

Test modules import these from here rather than from a conftest: `from conftest import`
finds whichever conftest.py was put on sys.path last, which depends on the folders a run
collects (tests/authoring together with tests/paywb found the wrong one).
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def macro_available() -> bool:
    from xlkpi.authoring.builder import MacroUnavailable, _vba_project

    try:
        _vba_project()
    except MacroUnavailable:
        return False
    return True
