"""Every `--template NAME` shown to users (README, docs, --help texts) names a real template."""

import re
from pathlib import Path

import pytest

from xlkpi.authoring import TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
PLACES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "xlkpi" / "cli").glob("*.py")),
]


@pytest.mark.parametrize("path", PLACES, ids=lambda p: p.name)
def test_documented_template_names_exist(path: Path) -> None:
    names = re.findall(r"--template[ =]([a-z][a-z0-9-]*)", path.read_text(encoding="utf-8"))
    unknown = sorted({n for n in names if n not in TEMPLATES and n != "name"})
    assert not unknown, f"{path.name} shows templates that do not exist: {unknown}"
