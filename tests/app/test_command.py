"""`xlkpi app` as a process: loopback only, a fresh token per run, a clean stop."""

from __future__ import annotations

import signal
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from appfiles import demo_copy
from process import running_app

from xlkpi.cli.main import main


def _get(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def _listening_addresses(port: int) -> set[str]:
    """The local addresses listening on `port`, from the kernel's socket tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hexport = local.split(":")
            if state == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_it_serves_on_loopback_only_with_a_token(tmp_path: Path) -> None:
    demo_copy(tmp_path)
    with running_app(tmp_path) as app:
        status, html = _get(app.url)
        assert status == 200 and "demo-after-sales.xlsx" in html
        assert _get(app.base + "/")[0] == 403
        if Path("/proc/net/tcp").exists():
            assert _listening_addresses(app.port) == {"0100007F"}  # 127.0.0.1 and nothing else
        first_token = app.token
        proc = app.process
    assert proc.returncode == 0
    assert "xlkpi app 已停止" in proc.stdout.read()  # Chinese by default
    with running_app(tmp_path) as again:
        assert again.token != first_token
        assert _get(f"{again.base}/{first_token}/")[0] == 403  # the last run's token


def test_a_busy_port_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["--lang", "en", "app", str(tmp_path), "--no-browser", "--port", str(port)])
    assert code == 2
    assert f"port {port} cannot be used" in capsys.readouterr().err


def test_a_missing_folder_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--lang", "zh", "app", str(tmp_path / "nope"), "--no-browser"])
    assert code == 2
    assert "文件夹不存在" in capsys.readouterr().err


def test_sigint_is_the_documented_way_to_stop(tmp_path: Path) -> None:
    with running_app(tmp_path) as app:
        app.process.send_signal(signal.SIGINT)
        assert app.process.wait(timeout=15) == 0
