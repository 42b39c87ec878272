"""The money core stays pure: no file, OS, Excel, eval or exec (it runs in Pyodide)."""

import ast
from pathlib import Path

import xlkpi.core.money as money

ROOT = Path(money.__file__).parent
FORBIDDEN_MODULES = {
    "os",
    "io",
    "pathlib",
    "zipfile",
    "shutil",
    "subprocess",
    "threading",
    "multiprocessing",
    "socket",
    "openpyxl",
    "xlwings",
    "xlsxwriter",
    "python_calamine",
    "calamine",
    "lxml",
    "builtins",
    "importlib",
    "ctypes",
    "pickle",
    "sys",
}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "open", "__import__", "globals", "locals", "vars"}
# the formula package never looks anything up by a name it was given
FORBIDDEN_IN_FORMULA = FORBIDDEN_CALLS | {"getattr", "setattr", "delattr", "type", "hasattr"}


def sources():
    files = sorted(ROOT.rglob("*.py"))
    assert len(files) >= 10
    return files


def test_no_forbidden_imports():
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN_MODULES, f"{path.name} imports {name}"
                if name.startswith("xlkpi."):
                    assert name.startswith("xlkpi.core."), f"{path.name} imports {name}"


def test_no_dynamic_code():
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                banned = FORBIDDEN_IN_FORMULA if "formula" in path.parts else FORBIDDEN_CALLS
                assert node.func.id not in banned, f"{path.name} calls {node.func.id}"
