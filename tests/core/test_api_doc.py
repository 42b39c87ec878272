"""docs/api.md stays true: its Python blocks run, and the example prints what the doc shows."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCK = re.compile(r"```(python|text)\n(.*?)```", re.S)


def blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def test_every_python_block_runs_and_the_example_prints_the_documented_output():
    found = blocks()
    assert sum(kind == "python" for kind, _ in found) >= 3
    checked = 0
    for k, (kind, code) in enumerate(found):
        if kind != "python":
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{DOC.name} block {k}", "exec"), {})  # noqa: S102
        follows = found[k + 1] if k + 1 < len(found) else None
        if follows is not None and follows[0] == "text":
            assert out.getvalue().rstrip() == follows[1].rstrip()
            checked += 1
    assert checked == 1
