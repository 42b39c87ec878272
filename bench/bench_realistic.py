"""How long `xlkpi calculate` takes on realistic workbooks, beside the floor and the
alternatives, all measured in the same run.

    python bench/bench_realistic.py                        # 1,000 / 10,000 / 50,000 + batch
    python bench/bench_realistic.py --sizes 1000,10000 --no-batch
    python bench/bench_realistic.py --sizes 10000 --profile
    python bench/bench_realistic.py --keep /tmp/xlkpi-real  # reuse generated files next time

Workbooks come from bench/realistic.py (eight positions, every rule type, three raters,
levels, events, pay schemes, adjustments, vetoes and calibrations, forced distribution per
department). For each size, each in its own subprocess on its own copy of the same file:

- calculate: `workbook.calculate.calculate(XlsxBook(path))`, read → assess → write, with
  the garbage collector paused as the `xlkpi` command pauses it;
- calamine read: python-calamine reading every sheet to Python lists (the floor);
- openpyxl load → save: what a naive "open, write, save" tool pays;
- LibreOffice recalc: soffice headless loading the equivalent formula workbook
  (realistic.generate_formulas), recalculating every formula and saving it; LibreOffice's
  own start-up (converting an empty workbook) is measured too and shown apart.

Calculate, calamine and openpyxl run `--repeat` times (3) in turn, and each one's run with
the least CPU time counts: on a shared VM one run can take a third longer for no reason of
its own. LibreOffice runs once.

The batch: 100 workbooks of 100 people calculated one after another in one process, and by
`xlkpi calculate FOLDER` (a worker process per core). Targets, as ratios of
figures from this same run, because the machine's load changes between runs:
10,000 ≤ 3× calamine; 50,000 ≤ 5.5× 10,000; peak ≤ 600 MB at 50,000; ≥ 4× faster than
openpyxl; faster than LibreOffice; the batch on 2 cores ≤ 0.7× one after another.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_calculate import CALAMINE, CALCULATE, OPENPYXL, measure, profile  # noqa: E402


def _with_cpu(script: str) -> str:
    """The shared measuring script, also reporting the process's CPU seconds ("cpu"): on a
    machine shared with other work, CPU time compares more fairly than wall time."""
    return (
        script.replace(
            "t1 = time.perf_counter()", "t1 = time.perf_counter(); c1 = time.process_time()"
        )
        .replace("t2 = time.perf_counter()", "t2 = time.perf_counter(); c2 = time.process_time()")
        .replace('{"seconds": t2 - t1', '{"cpu": c2 - c1, "seconds": t2 - t1')
    )


CALCULATE_CPU, CALAMINE_CPU, OPENPYXL_CPU = map(_with_cpu, (CALCULATE, CALAMINE, OPENPYXL))

TARGET_FLOOR = 3.0
TARGET_SCALING = 5.5
TARGET_MEMORY_MB = 600
TARGET_OPENPYXL = 4.0
TARGET_BATCH = 0.7

SEQUENTIAL = """
import json, sys, time
from pathlib import Path
from xlkpi.cli.common import gc_paused  # as `xlkpi calculate` runs it
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import calculate
t = time.perf_counter()
ok = 0
for p in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    with gc_paused():
        ok += calculate(XlsxBook(p, backup=False)).written
print(json.dumps({"seconds": time.perf_counter() - t, "written": ok}))
"""

_LO_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def libreoffice_recalc(src: Path, timeout: float) -> tuple[float, float] | None:
    """(wall, CPU) seconds for soffice to load `src`, recalculate everything and save it as
    .xlsx; None when soffice is missing, `inf` when it did not finish within `timeout`."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="xlkpi-lo-") as tmp:
        user = Path(tmp) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_LO_PROFILE, encoding="utf-8")

        def convert(path: Path, limit: float) -> None:
            cmd = [
                exe,
                f"-env:UserInstallation={Path(tmp).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(Path(tmp) / "out"),
                str(path),
            ]
            subprocess.run(cmd, capture_output=True, timeout=limit, check=True)

        convert(_empty_workbook(Path(tmp)), 300)  # the first start fills the profile
        t = time.perf_counter()
        before = _children_cpu()
        try:
            convert(src, timeout)
        except subprocess.TimeoutExpired:
            return float("inf"), float("inf")
        return time.perf_counter() - t, _children_cpu() - before


def _children_cpu() -> float:
    import resource

    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def _empty_workbook(folder: Path) -> Path:
    import xlsxwriter

    path = folder / "empty-start.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet().write(0, 0, 1)
    wb.close()
    return path


def _copy(src: Path, name: str) -> Path:
    dst = src.with_name(name)
    shutil.copyfile(src, dst)
    return dst


def _source(folder: Path, n: int) -> Path:
    import realistic

    path = folder / f"real-{n}.xlsx"
    if not path.exists():
        realistic.generate(path, n)
    return path


def _formulas(folder: Path, n: int, source: Path) -> Path:
    import realistic

    path = folder / f"formulas-{n}.xlsx"
    if not path.exists():
        realistic.generate_formulas(path, n, source=source)
    return path


def _fastest(runs: Iterable[dict]) -> dict:
    """The run that took the least CPU time: on a shared VM, slow runs are the machine's
    doing (another tenant), never the program's, so the least is the truest figure."""
    return min(runs, key=lambda r: r["cpu"])


def batch(folder: Path, books: int, people: int, jobs: int) -> tuple[float, float]:
    """(seconds one after another, seconds with `xlkpi calculate FOLDER --jobs`)."""
    src = _source(folder, people)
    seq, par = folder / "batch-seq", folder / "batch-par"
    for d in (seq, par):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir()
        for i in range(books):
            shutil.copyfile(src, d / f"dept-{i:03d}.xlsx")
    one = measure(SEQUENTIAL, seq)
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "xlkpi", "calculate", str(par), "--no-backup", "--jobs", str(jobs)],
        capture_output=True,
        text=True,
    )
    many = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:] + done.stdout[-2000:])
    return one["seconds"], many


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--no-openpyxl", action="store_true")
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument(
        "--libreoffice-max", type=int, default=10000, help="largest size LibreOffice recalculates"
    )
    parser.add_argument(
        "--libreoffice-timeout", type=float, default=900, help="seconds before giving up on it"
    )
    parser.add_argument("--no-batch", action="store_true")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of calculate, calamine and openpyxl per size; the least CPU time counts",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile at the largest size")
    parser.add_argument("--keep", type=Path, default=None, help="folder for the workbooks")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    folder = Path(args.keep or tempfile.mkdtemp(prefix="xlkpi-real-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(
        f"{platform.node()} · {platform.processor() or platform.machine()} · "
        f"{os.cpu_count()} CPUs · python {sys.version.split()[0]} · "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}"
    )
    lo_start = None
    if not args.no_libreoffice:
        lo_start = libreoffice_recalc(_empty_workbook(folder), 120)
    rows = []
    calc: dict[int, dict] = {}
    for n in sizes:
        src = _source(folder, n)
        runs: list[tuple[dict, dict, dict | None]] = []
        for _ in range(args.repeat):  # interleaved, so a slow spell of the machine hits all
            c = measure(CALCULATE_CPU, _copy(src, f"calc-{n}.xlsx"))
            cal = measure(CALAMINE_CPU, src)
            opx = None if args.no_openpyxl else measure(OPENPYXL_CPU, _copy(src, f"opx-{n}.xlsx"))
            runs.append((c, cal, opx))
        c, cal = _fastest(r[0] for r in runs), _fastest(r[1] for r in runs)
        opx = None if args.no_openpyxl else _fastest(r[2] for r in runs if r[2] is not None)
        if not c["ok"] or not c["written"]:  # (the same workbook: the same errors every run)
            print(f"  calculate at {n} reported errors: {c['errors']}")
        lo = None
        if not args.no_libreoffice and n <= args.libreoffice_max:
            lo = libreoffice_recalc(_formulas(folder, n, src), args.libreoffice_timeout)
        calc[n] = c
        rows.append((n, src.stat().st_size / 1e6, c, cal, opx, lo))
        print(f"  measured {n:,}", flush=True)
    print()
    print("wall seconds (CPU seconds); × = how many times xlkpi's time, by CPU time")
    head = (
        f"{'people':>7} {'MB':>4} | {'xlkpi':>13} {'peak MB':>7} {'wall read/assess/results/write':>30} |"
        f" {'calamine':>12} {'xlkpi ×':>7} | {'openpyxl':>13} {'×':>5} | {'LibreOffice':>15} {'×':>5}"
    )
    print(head)
    print("-" * len(head))
    for n, size, c, cal, opx, lo in rows:
        st = c["stages"]
        stages = " / ".join(f"{st.get(k, 0):.2f}" for k in ("read", "assess", "results", "write"))
        me = c["cpu"]
        opx_text = (
            f"{opx['seconds']:>6.2f} ({opx['cpu']:>5.2f}) {opx['cpu'] / me:>5.1f}"
            if opx
            else f"{'-':>13} {'-':>5}"
        )
        if lo is None:
            lo_text = f"{'-':>15} {'-':>5}"
        elif lo[0] == float("inf"):
            lo_text = f"{'> ' + str(int(args.libreoffice_timeout)):>15} {'-':>5}"
        else:
            lo_text = f"{lo[0]:>7.2f} ({lo[1]:>6.2f}) {lo[1] / me:>5.1f}"
        print(
            f"{n:>7,} {size:>4.1f} | {c['seconds']:>5.2f} ({me:>5.2f}) {c['maxrss_kb'] / 1024:>7.0f} "
            f"{stages:>30} | {cal['seconds']:>5.2f} ({cal['cpu']:>4.2f}) {me / cal['cpu']:>7.1f} | "
            f"{opx_text} | {lo_text}"
        )
    if lo_start is not None:
        print(
            f"(LibreOffice start-up alone, converting an empty workbook: {lo_start[0]:.2f} s "
            f"({lo_start[1]:.2f} s CPU), included above)"
        )
    print()
    verdicts = []

    def verdict(text: str, ok: bool) -> None:
        verdicts.append(f"{text}: {'met' if ok else 'MISSED'}")

    by_n = {n: (c, cal, opx, lo) for n, _, c, cal, opx, lo in rows}
    if 10000 in by_n:
        c, cal, _, _ = by_n[10000]
        r, w = c["cpu"] / cal["cpu"], c["seconds"] / cal["seconds"]
        verdict(
            f"10,000: {r:.1f}× the calamine read by CPU ({w:.1f}× by wall; target ≤ {TARGET_FLOOR}×)",
            r <= TARGET_FLOOR,
        )
        # Why the floor target is so hard: calculate reads the file through calamine too, so
        # its read stage alone (calamine, the ZIP checks, turning cells into the model) is
        # most of the 3× before anything is scored or written.
        read = c["stages"].get("read", 0.0) / cal["seconds"]
        verdicts.append(f"  (its read stage alone is {read:.1f}× the calamine read, by wall)")
        if 50000 in by_n:
            big = by_n[50000][0]
            r, w = big["cpu"] / c["cpu"], big["seconds"] / c["seconds"]
            verdict(
                f"50,000 / 10,000 = {r:.1f}× by CPU ({w:.1f}× by wall; target ≤ {TARGET_SCALING}×)",
                r <= TARGET_SCALING,
            )
    if 50000 in by_n:
        peak = by_n[50000][0]["maxrss_kb"] / 1024
        verdict(
            f"peak at 50,000 {peak:.0f} MB (target ≤ {TARGET_MEMORY_MB} MB)",
            peak <= TARGET_MEMORY_MB,
        )
    for n, (c, _, opx, lo) in by_n.items():
        if opx:
            r = opx["cpu"] / c["cpu"]
            verdict(
                f"{n:,}: openpyxl load → save {r:.1f}× xlkpi's CPU time "
                f"({opx['seconds'] / c['seconds']:.1f}× by wall; target ≥ {TARGET_OPENPYXL}×)",
                r >= TARGET_OPENPYXL,
            )
        if lo and lo[0] != float("inf"):
            r = lo[1] / c["cpu"]
            verdict(
                f"{n:,}: LibreOffice recalculation {r:.1f}× xlkpi's CPU time "
                f"({lo[0] / c['seconds']:.1f}× by wall; target > 1×)",
                r > 1,
            )
    if not args.no_batch:
        one, many = batch(folder, 100, 100, args.jobs)
        print(
            f"batch of 100 workbooks × 100 people: one after another {one:.2f} s, "
            f"xlkpi calculate FOLDER --jobs {args.jobs} {many:.2f} s"
        )
        verdict(
            f"batch: {many / one:.2f}× one after another (target ≤ {TARGET_BATCH}×)",
            many / one <= TARGET_BATCH,
        )
    for v in verdicts:
        print(v)
    if args.profile and sizes:
        print()
        print(profile(_copy(_source(folder, max(sizes)), "profile.xlsx")))
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
