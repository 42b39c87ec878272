"""The main commands from an installed wheel, as a new user runs them: `xlkpi new`,
`import`, `check`, `calculate` (and `new --macro`), then the worksheet functions.

Run by .ci/test-installed with the clean venv's Python, in an empty folder outside the
checkout: `python smoke_installed.py`. Exits non-zero with a message on the first failure.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import xlkpi
from xlkpi.excel import udfs
from xlkpi.io.reader import read_grids

XLKPI = str(Path(sys.executable).with_name("xlkpi"))  # the console script of this venv
RULE = "阶梯：≥100% 5分；≥90% 3分；其他 0分"


def run(*args: str, expect: int = 0) -> str:
    proc = subprocess.run([XLKPI, *args], capture_output=True, text=True, check=False)
    if proc.returncode != expect:
        sys.exit(f"xlkpi {' '.join(args)}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}")
    return proc.stdout + proc.stderr


def main() -> None:
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    where = Path(xlkpi.__file__).resolve()
    if site not in where.parents:
        sys.exit(f"xlkpi is imported from {where}, not from the venv's {site}")

    run("new", "book.xlsx", "--template", "call-centre-agent", "--lang", "en", "--sample-data")
    grids = read_grids(Path("book.xlsx"))
    header = grids["Call-centre agent"][3]  # the key row: id, name, qa_score, ...
    first = grids["Call-centre agent"][4]
    with open("actuals.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["employee_id", "indicator", "value"], [first[0], "qa_score", 99]])
    run("import", "book.xlsx", "actuals.csv", "--lang", "en")
    row = read_grids(Path("book.xlsx"))["Call-centre agent"][4]
    if row[header.index("qa_score")] != 99:
        sys.exit(f"import did not write the actual: {row[:4]}")

    run("check", "book.xlsx", "--lang", "en")
    run("calculate", "book.xlsx", "--lang", "en")
    row = read_grids(Path("book.xlsx"))["Call-centre agent"][4]
    total = row[header.index("total")]
    if not isinstance(total, int | float) or not 0 < total <= 100:
        sys.exit(f"calculate wrote no total for {first[0]}: {total!r}")

    run("new", "book.xlsm", "--macro", "--template", "cs-manager")
    with zipfile.ZipFile("book.xlsm") as zf:
        if "xl/vbaProject.bin" not in zf.namelist():
            sys.exit("xlkpi new --macro built no VBA project")

    if udfs.kpi_score(RULE, 0.95) != 3.0 or udfs.kpi_score(RULE, 1.0) != 5.0:
        sys.exit("KPI_SCORE gives the wrong points")
    if udfs.kpi_grade(85, ["S", "A", "B"], [90, 80, 0]) != "A":
        sys.exit("KPI_GRADE gives the wrong grade")
    print(f"installed xlkpi {xlkpi.__version__ if hasattr(xlkpi, '__version__') else ''} "
          f"from {where.parent}: new, import, check, calculate, new --macro, UDFs ok")


if __name__ == "__main__":
    main()
