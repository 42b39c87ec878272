"""Benchmark: xlkpi's in-place writer against an openpyxl load -> save of the same file.

Builds a 10,000-row x 30-column workbook with XlsxWriter in a temporary folder, then times

  A. write_blocks: 5 result columns x 10,000 rows (new cells beside the data);
  B. write_blocks: a full 10,000 x 30 block (every data cell overwritten);
  C. openpyxl: load_workbook -> save of the same file (the baseline; it writes nothing);
  D. openpyxl: load -> set the cells of A -> save (for reference);
  E. write_blocks: what `xlkpi calculate` writes per employee, 27 result columns
     (25 numbers with a number format, a text, an empty) x rows, beside the data;
  F. write_blocks: E again with other values over E's cells (a second calculate run).

Each case runs on a fresh copy of the file; the best of --repeat runs is printed.
Run:  python bench/bench_writer.py [--rows 10000] [--repeat 3] [--no-openpyxl]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import xlsxwriter

from xlkpi.cli.common import gc_paused
from xlkpi.io.cells import Block, Styled
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks

COLS = 30


def build(path: Path, rows: int) -> None:
    rnd = random.Random(7)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, [f"列{c + 1}" for c in range(COLS)])
    for r in range(1, rows + 1):
        ws.write(r, 0, f"员工{r:05d}")
        ws.write(r, 1, rnd.choice(["销售", "客服", "研发"]))
        for c in range(2, COLS):
            ws.write_number(r, c, round(rnd.uniform(0, 100), 2))
    wb.close()


CALC_COLS = 27


def _calc_row(r: int, shift: float) -> list:
    """One employee's results as `workbook.results` writes them: 20 indicator scores,
    3 totals (two decimals), a rank, a grade, a bonus (money) and an empty note."""
    scores = [Styled(round((r * 7 + k) % 50 / 10 + shift, 2), "0.00") for k in range(20)]
    total = Styled(round(sum(s.value for s in scores) * 0.97, 4), "0.00")
    return [
        *scores,
        total,
        Styled(0.0, "0.00"),
        total,
        Styled(r + 1, "0"),
        "SABCD"[r % 5],
        Styled(round(500 + r * 0.37 + shift, 2), '"¥"#,##0.00'),
        None,
    ]


def best(fn, src: Path, work: Path, repeat: int) -> tuple[float, float]:
    """(best wall-clock seconds, best CPU seconds of this process) over `repeat` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        shutil.copyfile(src, work)
        t0, c0 = time.perf_counter(), time.process_time()
        fn(work)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(wall), min(cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--no-openpyxl", action="store_true", help="skip C and D (ratios are then to E)"
    )
    args = ap.parse_args(argv)
    rows = args.rows
    results = [
        [
            Styled(r * 0.5, "0.00"),
            Styled(r / rows, "0%"),
            r,
            f"等级{r % 5}",
            Styled(r * 12.5, '"¥"#,##0.00'),
        ]
        for r in range(rows)
    ]
    full = [[float(r * COLS + c) for c in range(COLS)] for r in range(rows)]
    calc_like = [_calc_row(r, 0.0) for r in range(rows)]
    calc_again = [_calc_row(r, 0.5) for r in range(rows)]

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.xlsx"
        work = Path(tmp) / "work.xlsx"
        build(src, rows)
        size = src.stat().st_size

        def xlkpi_write(col: int, values: list) -> Callable[[Path], None]:
            """One write_blocks of `values` at row 2, column `col` of the Data sheet."""

            def run(p: Path) -> None:
                # the CLI pauses the cyclic GC for a command (xlkpi.cli.common.gc_paused)
                with gc_paused():
                    write_blocks(p, [Block("Data", 1, col, values)], backup=False)

            return run

        five_columns = xlkpi_write(COLS, results)
        full_block = xlkpi_write(0, full)
        calc_results = xlkpi_write(COLS, calc_like)
        calc_results_again = xlkpi_write(COLS, calc_again)

        def openpyxl_roundtrip(p: Path) -> None:
            openpyxl.load_workbook(p).save(p)

        def openpyxl_five(p: Path) -> None:
            wb = openpyxl.load_workbook(p)
            ws = wb["Data"]
            for i, row in enumerate(results):
                for j, v in enumerate(row):
                    cell = ws.cell(row=i + 2, column=COLS + j + 1)
                    if isinstance(v, Styled):
                        cell.value, cell.number_format = v.value, v.number_format
                    else:
                        cell.value = v
            wb.save(p)

        t_a = best(five_columns, src, work, args.repeat)
        shutil.copyfile(src, work)
        five_columns(work)
        check = read_grids(work)["Data"]
        assert check[rows][COLS + 3] == f"等级{(rows - 1) % 5}", "benchmark write did not land"
        t_b = best(full_block, src, work, args.repeat)
        t_e = best(calc_results, src, work, args.repeat)
        with_results = Path(tmp) / "with-results.xlsx"
        shutil.copyfile(src, with_results)
        calc_results(with_results)
        t_f = best(calc_results_again, with_results, work, args.repeat)
        if args.no_openpyxl:
            t_c = t_d = t_e
        else:
            t_c = best(openpyxl_roundtrip, src, work, args.repeat)
            t_d = best(openpyxl_five, src, work, max(1, args.repeat - 1))
        t_read = best(lambda p: read_grids(p), src, work, args.repeat)

    print(f"workbook: {rows:,} rows x {COLS} columns, {size / 2**20:.1f} MB; best of {args.repeat}")
    print(f"{'case':58s} {'wall s':>7s} {'ratio':>6s} {'CPU s':>7s} {'ratio':>6s}")
    rows_out = [
        (f"A xlkpi write_blocks: 5 result columns x {rows:,} rows", t_a),
        (f"B xlkpi write_blocks: full {rows:,} x {COLS} block", t_b),
        (f"E xlkpi write_blocks: {CALC_COLS} calculate result columns", t_e),
        ("F xlkpi write_blocks: E again over E's cells", t_f),
    ]
    if not args.no_openpyxl:
        rows_out += [
            ("C openpyxl load -> save (baseline, writes nothing)", t_c),
            ("D openpyxl load -> set the 5 columns -> save", t_d),
        ]
    rows_out.append(("  xlkpi read_grids (safe checks + calamine)", t_read))
    for label, (wall, cpu) in rows_out:
        print(f"{label:58s} {wall:7.2f} {t_c[0] / wall:5.1f}x {cpu:7.2f} {t_c[1] / cpu:5.1f}x")
    if args.no_openpyxl:
        return 0
    for kind, i in (("wall-clock", 0), ("CPU", 1)):
        ok = t_c[i] / t_a[i] >= 4 and t_c[i] / t_b[i] >= 4
        print(f"target, {kind} (A and B at least 4x faster than C):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
