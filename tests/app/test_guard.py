"""Only this run's token, only from this machine's pages, only bodies below the limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from appfiles import demo_copy
from appsite import ORIGIN, PORT, TOKEN, Site

from xlkpi.io.backups import recent_backups


def test_the_token_opens_the_app(site: Site) -> None:
    demo_copy(site.folder)
    r = site.get()
    assert r.status_code == 200
    assert "demo-after-sales.xlsx" in r.text


@pytest.mark.parametrize(
    "path",
    ["/", "/favicon.ico", "/book/demo-after-sales.xlsx", f"/{TOKEN[:-1]}/", f"/{TOKEN}x/"],
)
def test_no_token_or_another_token_is_refused(site: Site, path: str) -> None:
    r = site.client.get(path)
    assert r.status_code == 403
    assert "此地址无效" in r.text


def test_a_second_users_token_is_refused(folder: Path) -> None:
    """Two runs (two users) on one machine: each token opens only its own app."""
    demo_copy(folder)
    mine = Site(folder)
    other = "another-users-token-bbbbbbbbbbbbbbb"
    r = mine.client.get(f"/{other}/")
    assert r.status_code == 403
    r = mine.client.get(f"/{other}/book/demo-after-sales.xlsx/download")
    assert r.status_code == 403
    assert b"PK" not in r.content[:2]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": f"http://127.0.0.1:{PORT + 1}"},  # another local app: same site, not us
        {"Origin": ORIGIN, "Sec-Fetch-Site": "cross-site"},
        {"Origin": ORIGIN, "Sec-Fetch-Site": "same-site"},
    ],
)
def test_requests_from_another_origin_are_refused(site: Site, headers: dict) -> None:
    path = demo_copy(site.folder)
    before = path.read_bytes()
    r = site.client.post(f"/{TOKEN}/book/{path.name}/calculate", headers=headers)
    assert r.status_code == 403
    assert "请求来自其他网站" in r.text
    assert path.read_bytes() == before  # nothing was calculated
    assert not recent_backups(str(site.folder / "demo-after-sales.xlsx"))


def test_another_host_name_is_refused(site: Site) -> None:
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1."""
    r = site.client.get(site.root, headers={"Host": f"evil.example:{PORT}"})
    assert r.status_code == 403


def test_the_same_origin_may_post(site: Site) -> None:
    path = demo_copy(site.folder)
    r = site.post(f"book/{path.name}/calculate", headers={"Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 200


def test_pages_carry_protective_headers(site: Site) -> None:
    r = site.get()
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["cache-control"] == "no-store"
    assert site.client.get("/").headers["cache-control"] == "no-store"


def test_too_large_upload_gets_a_page_and_the_app_goes_on(folder: Path) -> None:
    small = Site(folder, max_upload=1024 * 1024)
    demo_copy(folder)
    big = folder.parent / "big.xlsx"
    big.write_bytes(b"PK" + b"\0" * (2 * 1024 * 1024))
    r = small.upload("upload", big)
    assert r.status_code == 413
    assert "上传的文件太大（上限 1 MB）" in r.text
    assert not (folder / "big.xlsx").exists()
    assert small.get().status_code == 200  # still serving


def test_too_large_body_without_length_is_cut_off(folder: Path) -> None:
    """A chunked body (no Content-Length) is counted as it arrives."""
    small = Site(folder, max_upload=64 * 1024)

    def chunks():  # noqa: ANN202
        yield b'--x\r\nContent-Disposition: form-data; name="files"; filename="a.xlsx"\r\n\r\n'
        for _ in range(40):
            yield b"\0" * 4096
        yield b"\r\n--x--\r\n"

    r = small.client.post(
        small.root + "upload",
        content=chunks(),
        headers={"Origin": ORIGIN, "Content-Type": "multipart/form-data; boundary=x"},
    )
    assert r.status_code == 413
    assert small.get().status_code == 200
