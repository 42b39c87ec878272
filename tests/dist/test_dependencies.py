"""What pyproject.toml declares is exactly what the shipped package imports, and the
`excel` extra pins the xlwings whose VBA module every shipped .xlsm embeds."""

from __future__ import annotations

import re
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import xlkpi
from xlkpi.excel.ovba import read_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for helpers
from helpers.imports import absolute_imports  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(xlkpi.__file__).resolve().parent  # the installed package when CI runs it
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]

#: extras that are tooling, not features: they may hold anything
TOOLING_EXTRAS = {"dev"}
#: distributions xlkpi never imports itself but needs at run time through another package
USED_INDIRECTLY = {"python-multipart": "Starlette reads the app's forms and uploads with it"}


def _imported_modules(package: Path) -> dict[str, list[str]]:
    """Top-level names of every absolute import in the package -> files importing them."""
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for name in absolute_imports(path.read_text("utf-8"), str(path)):
            found.setdefault(name.partition(".")[0], []).append(
                str(path.relative_to(package.parent))
            )
    return found


def _third_party(modules: dict[str, list[str]]) -> dict[str, list[str]]:
    return {
        name: files
        for name, files in modules.items()
        if name not in sys.stdlib_module_names and name != "xlkpi" and name != "__future__"
    }


def _declared() -> dict[str, Requirement]:
    """Every distribution a user can get from the runtime dependencies or a feature extra."""
    requirements = [Requirement(text) for text in PROJECT["dependencies"]]
    for extra, texts in PROJECT.get("optional-dependencies", {}).items():
        if extra not in TOOLING_EXTRAS:
            requirements += [Requirement(text) for text in texts]
    return {canonicalize_name(r.name): r for r in requirements}


def _distribution_of(module: str) -> str | None:
    names = packages_distributions().get(module)
    return canonicalize_name(names[0]) if names else None


def test_the_scan_sees_the_imports_it_must_judge():
    """Guards the scanner itself: imports inside functions and `from x.y import z` count."""
    modules = _third_party(_imported_modules(PACKAGE))
    assert {"python_calamine", "lxml", "xlsxwriter", "xlwings", "olefile"} <= set(modules)
    assert any(f.endswith("vba.py") for f in modules["xlwings"])  # a function-level import


def test_every_imported_module_is_declared():
    declared = _declared()
    undeclared = {}
    for module, files in _third_party(_imported_modules(PACKAGE)).items():
        dist = _distribution_of(module)
        if dist is None or dist not in declared:
            undeclared[module] = files[:3]
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_every_declared_distribution_is_imported():
    imported = {_distribution_of(m) for m in _third_party(_imported_modules(PACKAGE))}
    unused = sorted(set(_declared()) - imported - set(USED_INDIRECTLY))
    assert not unused, f"declared in pyproject.toml but never imported by xlkpi: {unused}"


def test_lite_installs_the_wheel_without_any_dependency():
    """xlwings Lite (Pyodide: sys_platform 'emscripten') never reads or writes files: the
    wheel's runtime dependencies all stay out there, so Lite downloads nothing else."""
    pyodide = {"sys_platform": "emscripten", "platform_system": "Emscripten"}
    needed = [
        r.name
        for r in map(Requirement, PROJECT["dependencies"])
        if r.marker is None or r.marker.evaluate(pyodide)
    ]
    assert needed == []
    assert PROJECT["dependencies"], "the desktop still needs its file libraries"


def test_requires_python_has_both_bounds():
    spec = PROJECT["requires-python"]
    assert re.fullmatch(r">=3\.\d+,<3\.\d+", spec), spec


# ---------------------------------------------------------------------------------------
# The xlwings pin and the VBA inside the shipped .xlsm files
# ---------------------------------------------------------------------------------------

_DLL = re.compile(r"xlwings(?:32|64)-(\d+\.\d+\.\d+)\.dll")


def _pinned_xlwings() -> str:
    (pin,) = [
        Requirement(text)
        for text in PROJECT["optional-dependencies"]["excel"]
        if canonicalize_name(Requirement(text).name) == "xlwings"
    ]
    (spec,) = pin.specifier
    assert spec.operator == "==", f"the excel extra must pin xlwings exactly, not {pin}"
    return spec.version


def _dll_versions(xlsm: Path) -> set[str]:
    with zipfile.ZipFile(xlsm) as zf:
        project = read_project(zf.read("xl/vbaProject.bin"))
    (module,) = [m for m in project.modules if m.name == "xlwings"]
    return set(_DLL.findall(module.source))


SHIPPED_XLSM = sorted([*(ROOT / "templates").glob("*.xlsm"), *(ROOT / "workbooks").glob("*.xlsm")])


def test_there_are_shipped_macro_workbooks():
    assert len(SHIPPED_XLSM) >= 2


@pytest.mark.parametrize("xlsm", SHIPPED_XLSM, ids=lambda p: p.name)
def test_the_pin_matches_the_dll_every_shipped_xlsm_loads(xlsm):
    assert _dll_versions(xlsm) == {_pinned_xlwings()}


def test_the_installed_xlwings_is_the_pinned_one():
    xlwings = pytest.importorskip("xlwings")
    assert xlwings.__version__ == _pinned_xlwings()


def test_indirect_entries_are_really_indirect():
    """An entry of USED_INDIRECTLY that xlkpi imports after all must leave the list."""
    imported = {_distribution_of(m) for m in _third_party(_imported_modules(PACKAGE))}
    direct = sorted(set(USED_INDIRECTLY) & imported)
    assert not direct, f"imported directly now: remove {direct} from USED_INDIRECTLY"
