"""The `xlkpi` command: dispatch, exit codes, languages, error handling, --help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from xlbook import digest, write_csv

from xlkpi.cli import main as cli_main
from xlkpi.cli.main import main
from xlkpi.cli.messages import locale_lang
from xlkpi.io.reader import read_grids

SUBCOMMANDS = ["new", "templates", "import", "check", "calculate"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- help and usage -----------------------------------------------------------------------


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help_with_an_example(capsys, command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert "example" in out and f"xlkpi {command}" in out


def test_top_level_help_lists_subcommands(capsys) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in SUBCOMMANDS:
        assert command in out
    assert "exit codes" in out


def test_usage_errors_exit_2(capsys) -> None:
    assert run(capsys)[0] == 2  # no subcommand
    assert run(capsys, "frobnicate")[0] == 2
    code, _, err = run(capsys, "import", "book.xlsx")  # no FILE
    assert code == 2 and "FILE" in err


def test_version(capsys) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("xlkpi ")


# --- import through main() --------------------------------------------------------------


def test_import_ok(capsys, book: Path, tmp_path: Path) -> None:
    f = write_csv(tmp_path / "a.csv", "工号,指标,值\nE001,满意度,90\nE002,CS2,85%\n", "gbk")
    code, out, err = run(capsys, "import", str(book), str(f))
    assert code == 0, err
    assert "a.csv：长表（每行一个值），2 行，编码 gbk/gb18030" in out  # the workbook is Chinese
    assert "2 个值" in out and "数据表新增 1 行" in out
    assert err == ""  # quick, so no progress line; no problems
    g = read_grids(book)["客服专员"]
    assert g[4][2] == 90 and g[5][:4] == ["E002", "李四", None, 0.85]
    backups = [p.name for p in tmp_path.iterdir() if "bak" in p.name]
    assert backups, "a backup of the workbook is kept by default"


def test_import_errors_exit_2_and_leave_the_file_alone(capsys, book: Path, tmp_path: Path) -> None:
    f = write_csv(tmp_path / "a.csv", "工号,指标,值\nE001,满意度,90\nE404,满意度,abc\n")
    before = digest(book)
    code, out, err = run(capsys, "import", "--strict", str(book), str(f))
    assert code == 2
    assert "错误 a.csv 第 3 行 A 列：员工 E404 不在人员表中" in err
    assert "导入失败：1 个错误。工作簿未被修改。" in err
    assert digest(book) == before


def test_messages_follow_the_workbook_language(capsys, book_en: Path, tmp_path: Path) -> None:
    f = write_csv(tmp_path / "a.csv", "工号,指标,值\nE404,满意度,90\n")
    code, _, err = run(capsys, "import", "--lang", "zh", "--strict", str(book_en), str(f))
    assert code == 2
    assert "error a.csv row 2, column A: employee E404 is not on the Roster" in err


def test_lang_option_when_the_workbook_cannot_be_read(capsys, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    before = digest(fake)
    code, _, err = run(capsys, "import", str(fake), "x.csv", "--lang", "zh")
    assert code == 2 and "不是 Excel 工作簿" in err and "fake.xlsx" in err
    code, _, err = run(capsys, "check", str(fake))
    assert code == 2 and "is not an Excel workbook" in err  # the locale (en_US) decides
    assert digest(fake) == before


def test_locale_decides_without_lang(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, _, err = run(capsys, "check", str(tmp_path / "missing.xlsx"))
    assert code == 2 and "找不到文件" in err


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW"}, "zh"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.GBK", "LANG": "en_US"}, "zh"),
        ({"LC_ALL": "C", "LANG": "zh_CN"}, "zh"),
        ({"LANG": "C.UTF-8"}, "zh"),  # a container's default names no language
        ({"LC_ALL": "POSIX"}, "zh"),
        ({"LANG": "C.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "zh"),  # no locale at all: Chinese, the promised default
    ],
)
def test_locale_lang(env: dict[str, str], lang: str) -> None:
    assert locale_lang(env, windows=False) == lang


def test_windows_without_locale_asks_for_the_ui_language(monkeypatch) -> None:
    from xlkpi.cli import messages

    monkeypatch.setattr(messages, "_windows_ui_lang", lambda: "en")
    assert locale_lang({}, windows=True) == "en"
    assert locale_lang({"LANG": "zh_CN.UTF-8"}, windows=True) == "zh"  # a set locale wins
    monkeypatch.setattr(messages, "_windows_ui_lang", lambda: "zh")
    assert locale_lang({}, windows=True) == "zh"


@pytest.mark.parametrize("command", ["import", "check", "calculate"])
def test_missing_workbook_exits_2(capsys, tmp_path: Path, command: str) -> None:
    args = [command, str(tmp_path / "nope.xlsx")] + (["x.csv"] if command == "import" else [])
    code, out, err = run(capsys, *args)
    assert code == 2 and "file not found" in err and "nope.xlsx" in err
    assert "Traceback" not in err + out


def test_folder_instead_of_workbook(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2 and "not a file" in err


# --- internal errors ----------------------------------------------------------------------


def _boom(args, ctx) -> int:
    raise RuntimeError("something broke\nsecond line")


def _interrupted(args, ctx) -> int:
    raise KeyboardInterrupt


def test_internal_error_is_one_line_without_traceback(capsys, monkeypatch, book: Path) -> None:
    monkeypatch.setattr(cli_main.check, "run", _boom)  # the parser is built on each main()
    code, out, err = run(capsys, "check", str(book))
    assert code == 1
    assert err.strip().count("\n") == 0
    assert "internal error: RuntimeError: something broke" in err and "--debug" in err
    assert "Traceback" not in err and out == ""


def test_internal_error_traceback_with_debug(capsys, monkeypatch, book: Path) -> None:
    monkeypatch.setattr(cli_main.check, "run", _boom)
    code, _, err = run(capsys, "check", str(book), "--debug")
    assert code == 1 and "Traceback" in err and "RuntimeError" in err
    monkeypatch.setenv("XLKPI_DEBUG", "1")
    code, _, err = run(capsys, "check", str(book))
    assert code == 1 and "Traceback" in err


def test_keyboard_interrupt_exits_130(capsys, monkeypatch, book: Path) -> None:
    monkeypatch.setattr(cli_main.check, "run", _interrupted)
    code, _, err = run(capsys, "check", str(book))
    assert code == 130 and "interrupted" in err


# --- the installed command ----------------------------------------------------------------


def _script() -> str:
    path = Path(sys.executable).parent / "xlkpi"
    if not path.exists():
        pytest.skip("the xlkpi console script is not installed in this environment")
    return str(path)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "XLKPI_DEBUG")}
    env["LANG"] = "en_US.UTF-8"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _run_program(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run `argv` as a real process, in the plain environment, its output as text."""
    return subprocess.run(
        argv, capture_output=True, text=True, encoding="utf-8", env=_env(), timeout=120
    )


def test_console_script_imports(book: Path, tmp_path: Path) -> None:
    f = write_csv(tmp_path / "a.csv", "employee_id,indicator,value\nE001,Satisfaction,91\n")
    done = _run_program([_script(), "import", str(book), str(f)])
    assert done.returncode == 0, done.stderr
    assert "1 个值" in done.stdout
    assert read_grids(book)["客服专员"][4][2] == 91


def test_console_script_exit_code_2(tmp_path: Path) -> None:
    done = _run_program([_script(), "check", str(tmp_path / "none.xlsx")])
    assert done.returncode == 2 and "file not found" in done.stderr


def test_python_dash_m(tmp_path: Path) -> None:
    done = _run_program([sys.executable, "-m", "xlkpi", "--help"])
    assert done.returncode == 0 and "calculate" in done.stdout
