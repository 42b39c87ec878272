"""`xlkpi update-macros`: a workbook made with an older xlwings gets the VBA project of the
installed one, every other part unchanged; workbooks with macros of their own, or none, are
refused and left byte-identical."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from oletools.olevba import VBA_Parser

from xlkpi.cli.main import main
from xlkpi.excel.ovba import ModuleKind, VbaModule, read_project, write_project
from xlkpi.excel.vba import PROJECT_ID, built_with_xlwings, vba_project_bytes
from xlkpi.io.backups import original_copy_path, recent_backups

VBA_PART = "xl/vbaProject.bin"


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _with_project(path: Path, project_bytes: bytes) -> None:
    """Swap the workbook's vbaProject.bin (member order and everything else kept)."""
    members = _members(path)
    members[VBA_PART] = project_bytes
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _project(*, xlwings_version: str | None = None, extra: VbaModule | None = None) -> bytes:
    project = read_project(vba_project_bytes())
    modules = list(project.modules)
    if xlwings_version is not None:
        current = built_with_xlwings()
        modules = [
            dataclasses.replace(m, source=m.source.replace(current, xlwings_version))
            if m.name == "xlwings"
            else m
            for m in modules
        ]
    if extra is not None:
        modules = [m for m in modules if m.name != extra.name] + [extra]
    return write_project(
        dataclasses.replace(project, modules=tuple(modules)), project_id=PROJECT_ID
    )


@pytest.fixture
def xlsm(tmp_path) -> Path:
    path = tmp_path / "2026-10.xlsm"
    assert main(["new", str(path), "--macro", "--lang", "zh"]) == 0
    return path


def test_an_older_project_is_replaced_and_nothing_else_changes(xlsm, capsys):
    _with_project(xlsm, _project(xlwings_version="0.33.1"))
    before = _members(xlsm)
    original = xlsm.read_bytes()

    assert main(["update-macros", str(xlsm)]) == 0

    out = capsys.readouterr().out
    assert f"xlwings 0.33.1 → {built_with_xlwings()}" in out
    after = _members(xlsm)
    assert after[VBA_PART] == vba_project_bytes()
    assert list(after) == list(before)
    assert {n: d for n, d in after.items() if n != VBA_PART} == {
        n: d for n, d in before.items() if n != VBA_PART
    }
    assert Path(original_copy_path(str(xlsm))).read_bytes() == original
    # an independent reader finds the button's module loading the installed xlwings' DLL
    parser = VBA_Parser(str(xlsm))
    try:
        code = "\n".join(c for (_, _, _, c) in parser.extract_macros())
    finally:
        parser.close()
    assert f"xlwings64-{built_with_xlwings()}.dll" in code
    assert "xlwings64-0.33.1.dll" not in code


def test_a_current_project_is_left_alone(xlsm, capsys):
    original = xlsm.read_bytes()
    assert main(["update-macros", str(xlsm)]) == 0
    assert "xlwings" in capsys.readouterr().out
    assert xlsm.read_bytes() == original
    assert not recent_backups(str(xlsm))


@pytest.mark.parametrize(
    "extra",
    [
        VbaModule(
            "Module1",
            ModuleKind.STANDARD,
            'Attribute VB_Name = "Module1"\r\nSub Mine()\r\nEnd Sub\r\n',
        ),
        VbaModule(
            "Sheet1",
            ModuleKind.DOCUMENT,
            'Attribute VB_Name = "Sheet1"\r\nPrivate Sub Worksheet_Change(ByVal Target As Range)\r\n'
            "End Sub\r\n",
        ),
    ],
    ids=["own module", "code in a sheet"],
)
def test_macros_of_the_users_own_are_never_overwritten(xlsm, capsys, extra):
    _with_project(xlsm, _project(xlwings_version="0.33.1", extra=extra))
    original = xlsm.read_bytes()
    assert main(["update-macros", str(xlsm), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"macros of its own ({extra.name})" in err
    assert xlsm.read_bytes() == original


def test_a_workbook_without_macros_is_refused_and_the_others_still_updated(xlsm, tmp_path, capsys):
    plain = tmp_path / "plain.xlsx"
    assert main(["new", str(plain)]) == 0
    _with_project(xlsm, _project(xlwings_version="0.33.1"))
    original = plain.read_bytes()
    assert main(["update-macros", str(plain), str(xlsm), "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert "has no macros to update" in captured.err
    assert plain.read_bytes() == original
    assert _members(xlsm)[VBA_PART] == vba_project_bytes()
