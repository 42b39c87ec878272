"""What a Python source file imports, read from its syntax tree (nothing is imported)."""

from __future__ import annotations

import ast


def absolute_imports(source: str, filename: str = "<source>") -> list[str]:
    """The modules named by every absolute import in `source`, as written ("a.b.c");
    relative imports (`from . import x`) are left out."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names
