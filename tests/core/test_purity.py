"""The core stays pure: no file, process, network or Excel library is imported by any module
under xlkpi/core (including rules/ and money/), so it runs in Pyodide and in tests alike."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import xlkpi.core

CORE = Path(xlkpi.core.__file__).parent

#: top-level modules that read/write files, spawn work, talk to the network or to Excel
FORBIDDEN = frozenset(
    {
        # Excel and file formats
        "openpyxl",
        "xlsxwriter",
        "xlwings",
        "python_calamine",
        "calamine",
        "xlrd",
        "pyxlsb",
        "odf",
        "lxml",
        "defusedxml",
        "zipfile",
        "tarfile",
        "gzip",
        "bz2",
        "lzma",
        "csv",
        "pickle",
        "shelve",
        "dbm",
        "sqlite3",
        # files and the operating system
        "os",
        "io",
        "pathlib",
        "shutil",
        "tempfile",
        "glob",
        "fileinput",
        "mmap",
        "pkgutil",
        # processes, threads, network
        "subprocess",
        "threading",
        "_thread",
        "multiprocessing",
        "concurrent",
        "asyncio",
        "socket",
        "ssl",
        "http",
        "urllib",
        "requests",
        "ftplib",
        "smtplib",
    }
)
#: dotted modules that read package files even though their parent is fine
FORBIDDEN_DOTTED = frozenset({"importlib.resources", "importlib.metadata"})
#: builtins that open files or import dynamically (which this check could not follow);
#: only bare-name calls count, so a rule's own `.eval()` method is fine
FORBIDDEN_BUILTINS = frozenset({"open", "__import__", "exec", "eval", "compile"})
#: pandas/numpy/importlib calls that read or write files or import by name, on any object
FORBIDDEN_ATTRS = frozenset(
    {
        "read_csv",
        "read_excel",
        "to_csv",
        "to_excel",
        "read_parquet",
        "to_parquet",
        "read_json",
        "to_json",
        "read_pickle",
        "to_pickle",
        "ExcelWriter",
        "ExcelFile",
        "loadtxt",
        "savetxt",
        "fromfile",
        "tofile",
        "genfromtxt",
        "import_module",
    }
)
#: names too common to ban on any object, banned on numpy itself
NUMPY_IO = frozenset({"load", "save", "savez", "memmap"})


def violations(source: str) -> list[str]:
    """Every forbidden import or call in one module's source, as 'line: what'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            if name.split(".")[0] in FORBIDDEN or any(
                name == d or name.startswith(d + ".") for d in FORBIDDEN_DOTTED
            ):
                found.append(f"{node.lineno}: import {name}")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_BUILTINS:
                found.append(f"{node.lineno}: call {func.id}()")
            elif isinstance(func, ast.Attribute) and (
                func.attr in FORBIDDEN_ATTRS
                or (
                    func.attr in NUMPY_IO
                    and isinstance(func.value, ast.Name)
                    and func.value.id in ("np", "numpy")
                )
            ):
                found.append(f"{node.lineno}: call .{func.attr}()")
    return found


def core_modules() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_the_core_has_modules_to_check():
    names = {p.relative_to(CORE).as_posix() for p in core_modules()}
    assert {"engine.py", "model.py", "problems.py", "rules/base.py"} <= names


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: p.relative_to(CORE).as_posix())
def test_core_module_imports_nothing_that_touches_files_or_excel(path):
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import openpyxl",
        "import os.path",
        "from pathlib import Path",
        "from zipfile import ZipFile",
        "import xlwings as xw",
        "from importlib.resources import files",
        "from concurrent.futures import ThreadPoolExecutor",
        "def f():\n    import threading",
        "data = open('x.txt').read()",
        "import pandas as pd\npd.read_excel('a.xlsx')",
        "frame.to_csv('out.csv')",
        "__import__('socket')",
        "eval('1 + 1')",
        "import numpy as np\nnp.load('a.npy')",
        "importlib.import_module(name)",
    ],
)
def test_the_checker_catches(source):
    assert violations(source)


@pytest.mark.parametrize(
    "source",
    [
        "import math",
        "from decimal import Decimal",
        "from . import base",
        "from xlkpi.core.model import Entry",
        "import pandas as pd\npd.DataFrame()",
        "self.eval(node)",
        "registry.load(text)",
    ],
)
def test_the_checker_allows(source):
    assert violations(source) == []


def _modules_after(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


#: libraries that only exist to read or write workbooks and their XML
EXCEL_LIBRARIES = {
    "openpyxl",
    "xlsxwriter",
    "xlwings",
    "python_calamine",
    "xlrd",
    "pyxlsb",
    "odf",
    "lxml",
    "defusedxml",
}


def test_importing_the_engine_loads_no_file_or_excel_library():
    # pandas/numpy are allowed in the core and bring some stdlib modules of their own
    # (zipfile, tempfile, ...); if the engine loads them, compare against an interpreter
    # that has them, else against a bare one.
    loaded = _modules_after("import xlkpi.core.engine, xlkpi.core.quick")
    top = {m.split(".")[0] for m in loaded}
    allowed = sorted({"numpy", "pandas"} & top)
    baseline = _modules_after(f"import {', '.join(allowed)}" if allowed else "pass")
    assert "xlkpi.core.engine" in loaded
    assert not top & EXCEL_LIBRARIES
    added = {m.split(".")[0] for m in loaded - baseline}
    assert not added & FORBIDDEN
