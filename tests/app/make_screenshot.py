"""Take the README's screenshot of the app (docs/app-screenshot.png) with headless chromium:
the demo workbook calculated, its Summary and charts.

    .venv/bin/python tests/app/make_screenshot.py [OUT.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appfiles import REPO, demo_copy  # noqa: E402
from browser import launch, sync_playwright  # noqa: E402
from process import running_app  # noqa: E402


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "绩效"
        folder.mkdir()
        with running_app(folder) as app:
            shoot(app.url, demo_copy(folder).name, out)


def shoot(url: str, book: str, out: Path) -> None:
    """Calculate `book` in the app at `url` and save the result page as `out`."""
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1100, "height": 1250})
        page.goto(f"{url}book/{book}")
        page.click("#calculate-button")
        page.wait_for_selector("#summary")
        page.screenshot(path=str(out))
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "app-screenshot.png")
