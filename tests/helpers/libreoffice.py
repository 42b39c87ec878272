"""LibreOffice headless for tests: open workbooks and export them to PDF.

Tests that need it call `require_soffice()` first: it skips the test, saying why, when
LibreOffice is not installed, unless XLKPI_REQUIRE_LIBREOFFICE=1 (as in CI), where a
missing LibreOffice fails the test instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

REQUIRE_ENV = "XLKPI_REQUIRE_LIBREOFFICE"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice executable, or skip (fail when XLKPI_REQUIRE_LIBREOFFICE=1)."""
    exe = soffice_path()
    if exe is None:
        message = "LibreOffice (soffice) is not installed; install it to run this test"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{message} ({REQUIRE_ENV}=1)")
        pytest.skip(message)
    return exe


def convert(paths: Sequence[Path], outdir: Path, fmt: str = "pdf", timeout: float = 300) -> list[Path]:
    """Convert files with one headless LibreOffice run (a private profile, so runs in
    parallel do not collide).

    Args:
        paths: the workbooks.
        outdir: where the converted files go (same stem, new suffix).
        fmt: a LibreOffice --convert-to target, e.g. "pdf".
    Returns:
        The converted files, in the order of `paths`.
    Raises:
        AssertionError: LibreOffice failed or did not produce a file (with its output).
    """
    exe = require_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlkpi-lo-") as profile:
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", fmt, "--outdir", str(outdir), *map(str, paths)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    out = [outdir / (Path(p).stem + "." + fmt.split(":")[0]) for p in paths]
    missing = [p for p in out if not p.is_file() or p.stat().st_size == 0]
    assert proc.returncode == 0 and not missing, (
        f"LibreOffice failed (exit {proc.returncode}); missing {missing}\n"
        f"stdout: {proc.stdout}\nstderr: {proc.stderr}"
    )
    return out
