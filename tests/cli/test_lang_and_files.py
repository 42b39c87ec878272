"""Chinese by default, English when asked; files made with the user's permissions; a
closed pipe is not an error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xlkpi.cli.main import main
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.layout import sheet_name


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(values)
    return env


def _xlkpi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xlkpi.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("extra", "env", "lang"),
    [
        ((), {"LANG": "C.UTF-8"}, "zh"),  # a container's locale names no language
        ((), {}, "zh"),  # no locale at all (Windows without LANG)
        (("--lang", "en"), {"LANG": "C.UTF-8"}, "en"),
        ((), {"LANG": "en_US.UTF-8"}, "en"),
    ],
)
def test_new_workbook_language(tmp_path: Path, extra: tuple[str, ...], env: dict, lang: str):
    path = tmp_path / "x.xlsx"
    done = _xlkpi("new", str(path), "--template", "cs-team-member", *extra, env=_env(**env))
    assert done.returncode == 0, done.stderr
    names = XlsxBook(path).sheet_names()
    assert sheet_name("roster", lang) in names and sheet_name("summary", lang) in names
    assert ("已创建" in done.stdout) == (lang == "zh")


def test_new_workbook_follows_the_umask(tmp_path: Path, capsys):
    old = os.umask(0o022)
    try:
        assert main(["new", str(tmp_path / "a.xlsx"), "--lang", "zh"]) == 0
    finally:
        os.umask(old)
    assert (tmp_path / "a.xlsx").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_closed_pipe_is_not_an_internal_error():
    """`xlkpi templates | head -0`: the reader is gone before anything is written."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "xlkpi.cli.main", "templates"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(LANG="C.UTF-8"),
            timeout=120,
        )
    finally:
        os.close(write)
    assert done.returncode == 0
    assert "内部错误" not in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_english_counts_agree():
    from xlkpi.cli.messages import t

    assert t("check_summary", "en", errors=1, warnings=1) == "1 error, 1 warning."
    assert t("check_summary", "en", errors=2, warnings=11) == "2 errors, 11 warnings."
    assert t("check_summary", "zh", errors=1, warnings=0) == "1 个错误，0 个提醒。"


def test_help_follows_the_language():
    zh = _xlkpi("--help", env=_env(LANG="C.UTF-8"))
    assert zh.returncode == 0 and "用法" in zh.stdout and "从模板新建工作簿" in zh.stdout
    assert "显示本帮助并退出" in zh.stdout and "退出码" in zh.stdout
    sub = _xlkpi("new", "--help", env=_env())
    assert "示例" in sub.stdout and "模板名称" in sub.stdout
    en = _xlkpi("--lang", "en", "new", "--help", env=_env(LANG="C.UTF-8"))
    assert "usage:" in en.stdout and "examples:" in en.stdout
    assert "create a workbook from a template" in en.stdout
