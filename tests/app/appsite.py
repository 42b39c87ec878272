"""The app under test as a browser on this machine sees it (test modules import it from
here, not from a conftest, whose module name other test folders share)."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from xlkpi.app.server import create_app

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
