"""How long `xlkpi import` takes on a big export, beside the cost of reading the file.

    python bench/bench_import.py                  # 5,000 and 20,000 people
    python bench/bench_import.py --sizes 2000     # a quick run

For each size a fresh customer-service template gets a roster of N people, then a wide
ticket export of N rows × 6 indicators written as real exports are (an ID synonym, units
in the headers, minutes for seconds, bare percentages, a total row). Measured in the same
run:

- read CSV: `read_export` alone (decoding and splitting the file: the floor);
- plan: `plan_import` (matching columns, checking and converting every cell);
- import: `import_files` end to end (plan + the atomic write).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

HEADER = (
    "客服工号,坐席姓名,技能组,平均响应时长(分钟),工单处理及时率（%）,客户满意度评分,"
    "一次性解决率,知识库贡献度[条],培训考核通过率\n"
)


def files(folder: Path, n: int) -> tuple[Path, Path]:
    roster = folder / "人员名单.csv"
    roster.write_text(
        "员工编号,姓名,岗位\n" + "".join(f"K{i:06d},员工{i},客服专员\n" for i in range(n)),
        encoding="gbk",
    )
    export = folder / "工单导出_202610.csv"
    rows = "".join(
        f"K{i:06d},员工{i},售后,{0.3 + i % 7 / 10:.1f},{90 + i % 10},4.{i % 10},"
        f"{85 + i % 15}%,{i % 6},{0.8 + i % 3 / 10:.1f}\n"
        for i in range(n)
    )
    export.write_text(HEADER + rows + "合计,,,,,,,,\n", encoding="utf-8-sig")
    return roster, export


def run(n: int) -> None:
    from xlkpi.authoring import build_workbook
    from xlkpi.importing import import_files, plan_import, read_export
    from xlkpi.io.reader import XlsxBook

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        roster, export = files(folder, n)
        book = build_workbook("cs-team-member", "zh", folder / "m.xlsx")
        assert import_files(book, [roster], backup=False).ok
        t = time.perf_counter()
        read_export(export)
        read = time.perf_counter() - t
        t = time.perf_counter()
        plan = plan_import(XlsxBook(book), [export])
        planned = time.perf_counter() - t
        assert plan.ok, [p.render() for p in plan.problems.errors][:5]
        t = time.perf_counter()
        done = import_files(book, [export], backup=False)
        total = time.perf_counter() - t
        assert done.values == 6 * n
        print(
            f"{n:>7,} people  read CSV {read:6.2f} s   plan {planned:6.2f} s "
            f"({planned / max(read, 1e-9):4.0f}× read)   import {total:6.2f} s "
            f"({done.values / total:,.0f} values/s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,20000")
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        run(n)


if __name__ == "__main__":
    main()
