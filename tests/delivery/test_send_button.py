"""The Send button in desktop Excel (xlwings), run on a fake live book: the first click
is a dry run into the outbox, the next asks and sends; the Send log goes into the book."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "excel"))
from xlfakes import FakeBook, FakeProtection  # noqa: E402

from xlkpi.delivery.button import send_from_book  # noqa: E402
from xlkpi.excel.book import XlwingsBook  # noqa: E402
from xlkpi.workbook import layout  # noqa: E402


def _live(path: Path) -> FakeBook:
    book = FakeBook.from_xlsx(path, name=path.name)
    book.fullname = str(path)
    return book


def _wrap(book: FakeBook) -> XlwingsBook:
    return XlwingsBook(book, protection=FakeProtection())


def _log_rows(book: FakeBook) -> int:
    name = layout.sheet_name("send_log", "zh")
    grid = book.sheets[name].grid()
    return sum(1 for row in grid[3:] if any(v not in (None, "") for v in row))


def test_first_click_is_a_dry_run_then_a_confirmed_send(demo: Path, smtp_server, monkeypatch):
    book = _live(demo)
    outcome = send_from_book(book, environ={}, wrap=_wrap)
    assert outcome is not None and outcome.mode == "dry_run"
    assert len(list((demo.parent / "demo-outbox").glob("*.eml"))) == 34
    assert book.app.alerts[-1]["prompt"].startswith("试运行：34 封邮件已写入")
    assert _log_rows(book) == 34
    assert smtp_server.received == []

    smtp_server.env(monkeypatch)
    import os

    answers = []
    monkeypatch.setattr(book.app, "alert", lambda prompt, **kw: answers.append(prompt) or "yes")
    outcome = send_from_book(book, environ=dict(os.environ), wrap=_wrap)
    assert outcome is not None and outcome.count("sent") == 34
    assert answers[0].startswith("通过 127.0.0.1 以 hr@example.com 发送 34 封邮件")
    assert answers[-1].startswith("已发送 34 封")
    assert len(smtp_server.received) == 34
    assert _log_rows(book) == 68


def test_no_password_in_the_environment_is_explained(demo: Path, smtp_server, monkeypatch):
    book = _live(demo)
    send_from_book(book, environ={}, wrap=_wrap)  # the dry run
    smtp_server.env(monkeypatch)
    monkeypatch.delenv("XLKPI_SMTP_PASSWORD")
    import os

    assert send_from_book(book, environ=dict(os.environ), wrap=_wrap) is None
    assert "XLKPI_SMTP_PASSWORD" in book.app.alerts[-1]["prompt"]
    assert smtp_server.received == []


@pytest.mark.parametrize("fullname", ["book.xlsx"])
def test_an_unsaved_book_is_refused(demo: Path, fullname):
    book = _live(demo)
    book.fullname = fullname
    assert send_from_book(book, environ={}, wrap=_wrap) is None
    assert "保存" in book.app.alerts[-1]["prompt"]


def test_the_xlsm_templates_have_a_send_button_running_desktop_send():
    import re
    import zipfile

    from oletools.olevba import VBA_Parser

    from xlkpi.excel import vba

    path = Path(__file__).resolve().parents[2] / "templates" / "call-centre-agent-zh.xlsm"
    with zipfile.ZipFile(path) as zf:
        vml = [zf.read(n) for n in zf.namelist() if "vmlDrawing" in n]
    assert sum(f"[0]!{vba.SEND_MACRO_NAME}".encode() in v for v in vml) == 2  # Settings, Mail
    parser = VBA_Parser(str(path), data=path.read_bytes())
    code = {name: src for (_, _, name, src) in parser.extract_macros()}["xlkpi.bas"]
    assert re.search(rf"^Sub {vba.SEND_MACRO_NAME}\(\)\s*$", code, re.M)
    module, _, func = vba.SEND_ENTRY_POINT.rpartition(".")
    assert f'RunPython "import {module}; {module}.{func}()"' in code
    import importlib

    assert callable(getattr(importlib.import_module(module), func))
