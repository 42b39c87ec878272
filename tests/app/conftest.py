"""App tests: Starlette's TestClient for the routes (no socket), a real `xlkpi app`
process for the command and the browser test (tests/app/test_browser.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
for _folder in (_HERE, _HERE.parent):  # appfiles.py, process.py; helpers/libreoffice.py
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from starlette.testclient import TestClient  # noqa: E402

from xlkpi.app.server import create_app  # noqa: E402

PORT = 48765
TOKEN = "t0k3n-for-the-tests-only-aaaaaaaaaa"
ORIGIN = f"http://127.0.0.1:{PORT}"


class Site:
    """The app under test, seen from a browser on this machine (right Host and Origin)."""

    def __init__(self, folder: Path, *, max_upload: int | None = None) -> None:
        options = {} if max_upload is None else {"max_upload": max_upload}
        self.folder = folder
        self.app = create_app(folder, token=TOKEN, port=PORT, **options)
        self.client = TestClient(self.app, base_url=ORIGIN, follow_redirects=False)
        self.root = f"/{TOKEN}/"

    def get(self, path: str = "", **kw):  # noqa: ANN201 - an httpx Response
        return self.client.get(self.root + path, **kw)

    def post(self, path: str, **kw):  # noqa: ANN201
        headers = {"Origin": ORIGIN, **kw.pop("headers", {})}
        return self.client.post(self.root + path, headers=headers, **kw)

    def upload(self, path: str, *files: Path, data: dict | None = None):  # noqa: ANN201
        parts = [("files", (f.name, f.read_bytes(), "application/octet-stream")) for f in files]
        return self.post(path, files=parts, data=data or {})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    return work


@pytest.fixture
def site(folder: Path) -> Iterator[Site]:
    s = Site(folder)
    with s.client:
        yield s
