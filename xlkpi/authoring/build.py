"""Rebuild the shipped workbooks:

    python -m xlkpi.authoring.build [--out DIR] [--no-macro]

writes templates/<name>-<lang>.xlsx and .xlsm (the .xlsm when the VBA project can be
built, see xlkpi.excel.vba) and workbooks/demo-after-sales.xlsx/.xlsm under DIR (default:
the current folder, i.e. run it from the repository root; `make templates` does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xlkpi.authoring.builder import (
    DEMO_NAME,
    MacroUnavailable,
    build_all,
    build_workbook,
    template_file,
)

__all__ = ["DEMO_NAME", "MacroUnavailable", "build_all", "build_workbook", "main", "template_file"]


def main(argv: list[str] | None = None) -> int:
    """Rebuild templates/ and workbooks/, printing each file written; 0 on success."""
    parser = argparse.ArgumentParser(
        prog="python -m xlkpi.authoring.build", description="Rebuild templates/ and workbooks/."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path.cwd(),
        help="repository root holding templates/ and workbooks/ (default: .)",
    )
    parser.add_argument("--no-macro", action="store_true", help="skip the .xlsm variants")
    args = parser.parse_args(argv)
    files = build_all(args.out, macro=False if args.no_macro else None)
    for f in files:
        print(f)
    if not any(f.suffix == ".xlsm" for f in files):
        print("note: .xlsm variants skipped (xlkpi.excel.vba not available)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
