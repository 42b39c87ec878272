"""Running LibreOffice headless from tests: convert, recalculate, export.

Each call runs `soffice` with its own throw-away user profile (so parallel runs and a
user's open LibreOffice never interfere) seeded to *always recalculate* Excel files on
load, with a timeout. Use `require_soffice()` at the top of a test marked
`@pytest.mark.libreoffice`: it skips with a visible reason when soffice is missing, unless
the environment sets XLKPI_REQUIRE_LIBREOFFICE=1 (CI), where it fails instead.
"""

from __future__ import annotations

import csv
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from xlkpi.delivery.pdf import soffice

REQUIRE_ENV = "XLKPI_REQUIRE_LIBREOFFICE"
DEFAULT_TIMEOUT = 180

# OOXMLRecalcMode / ODFRecalcMode: 0 = always recalculate on load, 1 = never, 2 = ask.
_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

#: CSV filter: comma, double quote, UTF-8, first line 1, cells as shown (token 9), all sheets (-1).
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


# The soffice executable, or None: found as `xlkpi send --pdf` finds it.
soffice_path = soffice


def require_soffice() -> str:
    """soffice's path; skip the test (or fail when XLKPI_REQUIRE_LIBREOFFICE=1) without it."""
    exe = soffice_path()
    if exe:
        return exe
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"LibreOffice (soffice) is required ({REQUIRE_ENV}=1) but was not found")
    pytest.skip("LibreOffice (soffice) not installed; set up LibreOffice to run this test")


def convert(
    src: Path,
    to: str,
    outdir: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    env: dict[str, str] | None = None,
) -> list[Path]:
    """Run `soffice --headless --convert-to <to>` on `src` into `outdir`.

    Args:
        src: the input file.
        to: a --convert-to argument, e.g. "pdf", "xlsx", "xls" or CSV_ALL_SHEETS.
        outdir: where the output goes (created).
        timeout: seconds before soffice is killed and the test fails.
        env: variables to set for soffice on top of this process's environment.
    Returns:
        the files created in `outdir` by this call.
    """
    exe = require_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    before = set(outdir.iterdir())
    with tempfile.TemporaryDirectory(prefix="xlkpi-lo-profile-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_PROFILE_XCU, encoding="utf-8")
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(src),
        ]
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=timeout,
                env={**os.environ, **(env or {})},
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"soffice timed out after {timeout}s converting {src.name} to {to}")
    made = sorted(set(outdir.iterdir()) - before)
    if proc.returncode != 0 or not made:
        pytest.fail(
            f"soffice failed converting {src.name} to {to} (exit {proc.returncode}):\n"
            f"{proc.stdout}\n{proc.stderr}"
        )
    return made


def export_csv_sheets(src: Path, outdir: Path) -> dict[str, list[list[str]]]:
    """Recalculate `src` in LibreOffice and export every sheet as CSV.

    Returns:
        {sheet name: rows of cell text}. LibreOffice names the files `<stem>-<sheet>.csv`.
    """
    files = convert(src, CSV_ALL_SHEETS, outdir)
    out = {}
    prefix = src.stem + "-"
    for f in files:
        if f.suffix != ".csv":
            continue
        name = f.stem[len(prefix) :] if f.stem.startswith(prefix) else f.stem
        with f.open(encoding="utf-8", newline="") as fh:
            out[name] = list(csv.reader(fh))
    return out
