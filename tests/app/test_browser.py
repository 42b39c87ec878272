"""HR's way through the app in a real browser (headless Debian chromium): add a workbook
with a mistake, see it with its sheet and cell, fix it by importing the right value,
calculate, download, and read the download with real readers. Then what must be refused:
another run's token, a form posted from another origin, bad uploads (the app goes on)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import python_calamine as pc
from appfiles import (
    BAD_CELL,
    BAD_SHEET,
    FIX_CSV,
    GOOD_VALUE,
    bad_demo,
    not_a_workbook,
    zip_bomb,
)
from browser import launch, sync_playwright
from process import Running, running_app

from xlkpi.io.backups import recent_backups

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    folder = tmp_path / "work"
    folder.mkdir()
    with running_app(folder, "--max-upload-mb", "1") as running:
        yield running


def test_hr_fixes_a_mistake_calculates_and_downloads(page, app: Running, tmp_path: Path) -> None:  # noqa: ANN001
    mine = tmp_path / "mine"
    mine.mkdir()
    bad = bad_demo(mine)

    page.goto(app.url)
    assert page.locator("h2").first.inner_text() == "工作簿"
    page.set_input_files("#add input[type=file]", str(bad))
    page.click("#add button")

    # the check page: the mistake with its sheet and cell
    page.wait_for_selector("#check")
    row = page.locator("tr.error-row")
    assert row.count() == 1
    assert row.locator("td.sheet").inner_text() == BAD_SHEET
    assert row.locator("td.cell").inner_text() == BAD_CELL
    assert "四十一秒" in row.inner_text()

    # fix it: import the right value from an export
    fix = mine / "修正.csv"
    fix.write_text(FIX_CSV, encoding="utf-8")
    page.set_input_files("#import input[type=file]", str(fix))
    page.click("#import-button")
    page.wait_for_selector("#import-result")
    assert "已导入：1 个值" in page.inner_text("#import-result")
    page.click("#import-result a.button")
    page.wait_for_selector("#check")
    assert page.locator("tr.error-row").count() == 0
    assert "0 个错误" in page.inner_text("#check")

    # calculate: the Summary with its charts
    page.click("#calculate-button")
    page.wait_for_selector("#summary")
    assert "已计算并保存：demo-after-sales.xlsx" in page.inner_text("#result")
    assert page.locator("#summary svg.chart").count() == 2
    assert "30" in page.inner_text("#summary .figures")

    # download and read it with real readers
    with page.expect_download() as info:
        page.click("#download")
    download = tmp_path / "downloaded.xlsx"
    info.value.save_as(download)
    assert info.value.suggested_filename == "demo-after-sales.xlsx"

    rows = pc.CalamineWorkbook.from_path(str(download)).get_sheet_by_name(BAD_SHEET).to_python()
    keys = rows[3]
    li_ming = next(r for r in rows if r[0] == "E1022")
    assert li_ming[keys.index("response_time")] == GOOD_VALUE
    assert isinstance(li_ming[keys.index("total")], float)
    assert li_ming[keys.index("grade")] in ("S", "A", "B", "C")

    wb = openpyxl.load_workbook(download, read_only=True)
    summary = [[c for c in r if c is not None] for r in wb["汇总"].iter_rows(values_only=True)]
    wb.close()
    everyone = [r for r in summary if r and r[0] == "合计"]
    assert everyone and everyone[0][1] == 30
    # the file in the folder is the one downloaded; the original kept as its backup
    folder = app.folder
    assert (folder / "demo-after-sales.xlsx").read_bytes() == download.read_bytes()
    assert recent_backups(str(folder / "demo-after-sales.xlsx"))

    # English on request (back on the home page, where the form posted from)
    page.click("header a.lang")
    page.wait_for_selector("#add")
    assert page.inner_text("#add h2") == "Add workbooks"


def test_another_token_is_refused_in_the_browser(page, app: Running) -> None:  # noqa: ANN001
    other = "x" * len(app.token)
    response = page.goto(f"{app.base}/{other}/")
    assert response is not None and response.status == 403
    assert "此地址无效" in page.inner_text("#message")


class _EvilPage(http.server.BaseHTTPRequestHandler):
    """Another web site (another origin) whose page posts a form to the app."""

    target = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = (
            f'<form id="f" method="post" action="{self.target}"><button id="go">go</button></form>'
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_form_from_another_origin_is_refused(page, app: Running) -> None:  # noqa: ANN001
    """Even a site that knows the address (token and all) cannot make the app act."""
    book = bad_demo(app.folder)
    before = book.read_bytes()
    handler = type("Evil", (_EvilPage,), {"target": f"{app.url}book/{book.name}/calculate"})
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{evil.server_address[1]}/")
        with page.expect_navigation():
            page.click("#go")
        assert "请求来自其他网站" in page.content()
    finally:
        evil.shutdown()
    assert book.read_bytes() == before
    assert not recent_backups(str(app.folder / "demo-after-sales.xlsx"))


def test_bad_uploads_get_a_clear_page_and_the_app_goes_on(
    page,  # noqa: ANN001
    app: Running,
    tmp_path: Path,
) -> None:
    cases = [
        (not_a_workbook(tmp_path), "此文件不是 Excel 工作簿"),
        (zip_bomb(tmp_path), "压缩"),
    ]
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\x01" * (2 * 2**20))
    for path, words in cases:
        page.goto(app.url)
        page.set_input_files("#add input[type=file]", str(path))
        page.click("#add button")
        page.wait_for_selector("#upload-result")
        assert words in page.inner_text("#upload-result")
    page.goto(app.url)
    page.set_input_files("#add input[type=file]", str(big))
    page.click("#add button")
    page.wait_for_selector("#message")
    assert "上传的文件太大（上限 1 MB）" in page.inner_text("#message")

    assert app.process.poll() is None  # still running
    response = page.goto(app.url)
    assert response is not None and response.status == 200
    assert list(app.folder.iterdir()) == []
