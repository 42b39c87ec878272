"""`xlkpi update-macros`: bring the VBA project of a workbook made by `xlkpi new --macro` to
the installed xlwings.

The Calculate button's VBA module loads the xlwings DLL of exactly the version it was built
with (`xlwings64-0.37.8.dll`); after an xlwings upgrade the button fails with "File not
found". Refreshing replaces the workbook's vbaProject.bin with the one `xlkpi new --macro`
would build now (xlkpi.excel.vba), through the same atomic, verified save as every write:
every other part of the file is copied unchanged, and a backup is kept.

A project that holds macros of its own (a module xlkpi did not put there, or code in a sheet's
or the workbook's document module) is refused rather than overwritten.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from xlkpi.excel.ovba import ModuleKind, VbaProject, read_project
from xlkpi.excel.ovba_codec import VbaFormatError
from xlkpi.excel.vba import MODULE_NAME, XLWINGS_MODULES, built_with_xlwings, vba_project_bytes
from xlkpi.io.atomic import data_digest
from xlkpi.io.errors import WorkbookError
from xlkpi.io.lock import workbook_lock
from xlkpi.io.package import Package
from xlkpi.io.safe_zip import open_workbook
from xlkpi.io.xlsx_writer import save_package

VBA_PROJECT_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_VERSION = re.compile(r'XLWINGS_VERSION\s+As\s+String\s*=\s*"([^"]+)"', re.IGNORECASE)
# lines VBA keeps in every module, code or not
_BOILERPLATE = re.compile(r"^\s*(Attribute\s|Option\s|'|$)", re.IGNORECASE)


class NotRefreshable(WorkbookError):
    """The workbook has no xlkpi VBA project to refresh, or macros of its own."""

    code = "excel.macros"


@dataclass(frozen=True)
class MacroRefresh:
    """What `refresh_macros` did.

    Attributes:
        path: the workbook.
        old_version: the xlwings version the workbook's project was built with ("" unknown).
        new_version: the installed xlwings version it has now.
        changed: False when the project was already the current one (file untouched).
        backup_path: the copy of the original, or None.
    """

    path: str
    old_version: str
    new_version: str
    changed: bool
    backup_path: str | None


def refresh_macros(path: str | os.PathLike[str], *, backup: bool = True) -> MacroRefresh:
    """Replace the workbook's VBA project with the one built from the installed xlwings.

    Raises:
        NotRefreshable: no VBA project, not one of xlkpi's, or macros of the user's own.
        VbaBuildError: xlwings or olefile is not installed (pip install 'xlkpi[excel]').
        WorkbookError: the file cannot be read or saved (FileLocked, ...); it is unchanged.
    """
    fpath = os.path.abspath(os.fspath(path))
    new = vba_project_bytes()  # fails early, before the file is read, without xlwings
    with workbook_lock(fpath):  # one xlkpi run per workbook, from reading to replacing
        return _refresh(fpath, new, backup)


def _refresh(fpath: str, new: bytes, backup: bool) -> MacroRefresh:
    checked = open_workbook(fpath)
    digest = data_digest(checked.data)
    pkg = Package(checked)
    part = _vba_part(pkg, fpath)
    old = pkg.read(part)
    project = _xlkpi_project(old, read_project(new), fpath)
    found = _VERSION.search(_module_source(project, "xlwings"))
    old_version = found.group(1) if found else ""
    if old == new:
        return MacroRefresh(fpath, old_version, built_with_xlwings(), False, None)
    pkg.set(part, new)
    bak = save_package(fpath, pkg, digest, backup=backup).backup_path
    return MacroRefresh(fpath, old_version, built_with_xlwings(), True, bak)


def _vba_part(pkg: Package, path: str) -> str:
    parts = [r.target for r in pkg.rels(pkg.workbook_part) if r.type == VBA_PROJECT_REL]
    if not parts or not pkg.has(parts[0]):
        raise NotRefreshable(
            "the workbook has no macros to update; only .xlsm files made with "
            "`xlkpi new --macro` have the Calculate button",
            "该工作簿没有宏可更新；只有用 `xlkpi new --macro` 创建的 .xlsm 文件才有“计算”按钮",
            path=path,
        )
    return parts[0]


def _xlkpi_project(data: bytes, ours: VbaProject, path: str) -> VbaProject:
    """The workbook's project, checked to be xlkpi's with nothing of the user's in it."""
    try:
        project = read_project(data)
    except VbaFormatError as exc:
        raise NotRefreshable(
            f"the workbook's VBA project cannot be read ({exc}); it was left unchanged",
            f"无法读取该工作簿的宏工程（{exc}）；文件未改动",
            path=path,
        ) from None
    names = {m.name for m in project.modules}
    if MODULE_NAME not in names or "xlwings" not in names:
        raise NotRefreshable(
            "the workbook's macros were not made by xlkpi; it was left unchanged",
            "该工作簿的宏不是 xlkpi 创建的；文件未改动",
            path=path,
        )
    shipped = {m.name: m.source for m in ours.modules}
    own = [
        m.name
        for m in project.modules
        if (m.kind is not ModuleKind.DOCUMENT and m.name not in (*XLWINGS_MODULES, MODULE_NAME))
        or (
            m.kind is ModuleKind.DOCUMENT
            and _has_code(m.source)
            and _code(m.source) != _code(shipped.get(m.name, ""))
        )
    ]
    if own:
        listed = ", ".join(sorted(own))
        raise NotRefreshable(
            f"the workbook has macros of its own ({listed}); updating would remove them, "
            "so it was left unchanged",
            f"该工作簿含有自行添加的宏（{listed}）；更新会删除它们，因此文件未改动",
            path=path,
        )
    return project


def _module_source(project: VbaProject, name: str) -> str:
    return next((m.source for m in project.modules if m.name == name), "")


def _code(source: str) -> list[str]:
    """A module's lines beyond VBA's boilerplate (Attribute and Option lines, comments,
    blank lines)."""
    return [line.strip() for line in source.splitlines() if not _BOILERPLATE.match(line)]


def _has_code(source: str) -> bool:
    return bool(_code(source))
