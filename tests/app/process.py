"""`xlkpi app` as a real process: started with --no-browser, its address read from its
first line, stopped with Ctrl+C (SIGINT) as a user would."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

URL = re.compile(r"http://127\.0\.0\.1:(\d+)/([A-Za-z0-9_-]+)/")


@dataclass
class Running:
    """A running `xlkpi app`: its process, folder, address, port and token."""

    process: subprocess.Popen
    folder: Path
    url: str
    port: int
    token: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def running_app(folder: Path, *args: str) -> Iterator[Running]:
    """Start `xlkpi app FOLDER --no-browser ARGS`; stop it with SIGINT afterwards."""
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "xlkpi", "app", str(folder), "--no-browser", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        m = URL.search(line)
        if not m:
            proc.kill()
            out, err = proc.communicate(timeout=10)
            pytest.fail(f"xlkpi app did not start: {line}{out}{err}")
        yield Running(proc, folder, m.group(0), int(m.group(1)), m.group(2))
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
