"""Render the previews in docs/: a page of a shipped workbook as LibreOffice prints it.

    python -m xlkpi.authoring.preview [--root DIR]

needs LibreOffice (`soffice`) and poppler (`pdftoppm`). Each preview is one page of the
workbook's PDF export at 60 dpi, so anyone can see what HR sees without opening Excel.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Preview:
    template: str  # a TEMPLATES name (or the demo's file stem with `folder="workbooks"`)
    lang: str
    png: str  # path from the repository root
    page: int = 1
    folder: str = "templates"

    def source(self, root: Path) -> Path:
        stem = f"{self.template}-{self.lang}" if self.folder == "templates" else self.template
        return root / self.folder / f"{stem}.xlsx"


PREVIEWS: tuple[Preview, ...] = (
    Preview("call-centre-agent", "zh", "docs/preview-call-centre-agent-zh.png"),
    Preview("after-sales-department", "en", "docs/preview-after-sales-department-en.png"),
)

DPI = 60


def render(preview: Preview, root: Path) -> Path:
    """Export the workbook to PDF with LibreOffice and write the page as a PNG."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        raise SystemExit("rendering previews needs LibreOffice (soffice) and pdftoppm")
    src = preview.source(root)
    with tempfile.TemporaryDirectory(prefix="xlkpi-preview-") as tmp:
        work = Path(tmp)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdf = work / (src.stem + ".pdf")
        out = root / preview.png
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(DPI),
                "-f",
                str(preview.page),
                "-l",
                str(preview.page),
                "-singlefile",
                str(pdf),
                str(out.with_suffix("")),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m xlkpi.authoring.preview",
        description="Render docs/ previews of shipped workbooks.",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root")
    args = parser.parse_args(argv)
    for preview in PREVIEWS:
        print(render(preview, args.root))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
