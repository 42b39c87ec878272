"""Shared fixtures: the templates built once per session into a temporary folder.

tests/ and this folder go on sys.path so `helpers.libreoffice` and `parts` import the same
way under pytest's importlib mode.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
for p in (str(_HERE), str(_HERE.parent)):
    if p not in sys.path:
        sys.path.insert(0, p)

from helpers.templates import REPO  # noqa: E402


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh build of everything `python -m xlkpi.authoring.build` writes."""
    from xlkpi.authoring.builder import build_all

    root = tmp_path_factory.mktemp("built")
    build_all(root)
    return root


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root (holds templates/ and workbooks/)."""
    return REPO
