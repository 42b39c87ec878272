"""PDFs of scorecards through LibreOffice headless (`xlkpi send --pdf`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed or could not convert."""


def soffice() -> str | None:
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(
    exe: str,
    sources: Sequence[Path],
    to: str,
    outdir: Path,
    profile: Path,
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run headless LibreOffice (`exe`) once: `sources` converted into `outdir` (`to`: a
    --convert-to filter), in the user profile `profile` so that a LibreOffice already open
    is left alone. The one place that spells the command; the caller judges the result.

    Raises:
        OSError, subprocess.TimeoutExpired: LibreOffice could not start or did not finish.
    """
    cmd = [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        to,
        "--outdir",
        str(outdir),
        *(str(s) for s in sources),
    ]
    return subprocess.run(
        cmd, capture_output=True, text=True, errors="replace", timeout=timeout, env=env, check=False
    )


def to_pdf(files: dict[str, bytes], folder: Path, *, timeout: float = 600) -> list[Path]:
    """Convert workbooks to PDFs in `folder` with one LibreOffice run.

    Args:
        files: file name (ending .xlsx) -> workbook bytes.
        folder: where the PDFs go (created).
    Returns:
        The PDFs written.
    Raises:
        PdfUnavailable: LibreOffice is missing, failed or timed out.
    """
    exe = soffice()
    if exe is None:
        raise PdfUnavailable("LibreOffice is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlkpi-pdf-") as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for name, data in files.items():
            (src / name).write_bytes(data)
        sources = [src / name for name in files]
        try:
            proc = convert(exe, sources, "pdf", folder, Path(tmp) / "profile", timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable(f"LibreOffice did not finish ({exc})") from None
    made = [folder / (Path(name).stem + ".pdf") for name in files]
    missing = [p for p in made if not p.is_file()]
    if proc.returncode != 0 or missing:
        raise PdfUnavailable(f"LibreOffice could not convert {len(missing)} file(s)")
    return made
