"""How long `xlkpi calculate` takes on big workbooks, beside the cost of the libraries.

    python bench/bench_calculate.py                    # 1,000 / 10,000 / 50,000 employees
    python bench/bench_calculate.py --sizes 1000,10000 # a quick run
    python bench/bench_calculate.py --sizes 10000 --profile

For each size a workbook of N employees × 20 indicators is generated with XlsxWriter
(constant_memory) in the layout of `xlkpi.workbook.layout`, then three things are measured
on copies of the same file, each in its own subprocess (so peak memory is its own):

- calculate: `xlkpi.workbook.calculate.calculate(XlsxBook(path))` end to end
  (read → assess → write), with the time of each stage;
- calamine read: python-calamine reading every sheet to Python lists (the floor for reading);
- openpyxl load → save: what a naive "open, write, save" tool would pay.

Peak memory is the subprocess's maximum resident set size (resource.getrusage). Targets
(issue #4): 10,000 employees within 5 s end to end; 50,000 within 6× the 10,000 time;
peak memory under 1 GB at 50,000. `--profile` runs calculate under cProfile at the largest
size and prints where the time goes, by xlkpi module and function.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INDICATORS = 20
TARGET_10K_SECONDS = 5.0
TARGET_SCALING = 6.0
TARGET_MEMORY_MB = 1024

# Rule texts as HR types them (see xlkpi.catalog.positions), cycled over the indicators,
# with how to draw a plausible actual value for each.
RULES = [
    ("阶梯：≥90 100分；≥80 80分；≥60 60分；其他 0分", "", None, lambda r: r.randint(40, 100)),
    (
        "扣分：目标50%；达标得100分；每低1%扣2分；最低0分",
        "%",
        0.5,
        lambda r: round(r.uniform(0.2, 0.8), 4),
    ),
    (
        "区间：40秒至180秒 100分；每超2秒扣10分；每低2秒扣10分；最低0分",
        "秒",
        180,
        lambda r: r.randint(20, 220),
    ),
    ("门槛：≥80 100分；否则 0分", "", 80, lambda r: r.randint(60, 100)),
]
GRADES = [
    ("S", 90, 1.5, "at_most", 0.1),
    ("A", 80, 1.2, "at_most", 0.2),
    ("B", 70, 1.0, None, None),
    ("C", 0, 0.5, "at_least", 0.05),
]


# ---------------------------------------------------------------------------------------
# Generating a workbook
# ---------------------------------------------------------------------------------------


def generate(path: Path, employees: int, indicators: int = INDICATORS, seed: int = 4) -> Path:
    """An assessment workbook (Chinese) with one position and `employees` people.

    Written with XlsxWriter in constant_memory mode, following xlkpi.workbook.layout: the
    Settings, Positions, Indicators, Roster, Grades and Adjustments tables, and a data
    sheet with the title, group, header and key rows and one row per employee.
    """
    import xlsxwriter

    from xlkpi.core.model import Indicator, ScoredBy
    from xlkpi.core.problems import Source
    from xlkpi.core.rules import parse_rule
    from xlkpi.workbook import layout as L

    lang = "zh"
    rnd = random.Random(seed)
    position, position_name, data_sheet = "KF", "客服专员", "客服专员数据"
    inds: list[tuple[Indicator, str, object]] = []
    for i in range(indicators):
        text, unit, target, draw = RULES[i % len(RULES)]
        rule = parse_rule(text, Source(label=f"K{i + 1:02d}"))
        ind = Indicator(
            position_name,
            f"K{i + 1:02d}",
            f"指标{i + 1}",
            1 / indicators,
            100,
            ScoredBy.ACTUAL,
            rule,
            target,
            unit=unit,
            name_alt=f"Indicator {i + 1}",
        )
        inds.append((ind, text, draw))

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})

    ws = wb.add_worksheet(L.sheet_name("settings", lang))
    ws.write_row(0, 0, [h(lang) for h in L.SETTINGS_HEADER])
    values = {"period": "2026-10", "bonus_pool": 1000 * employees}
    for r, s in enumerate(L.SETTINGS, 1):
        v = values.get(s.key, s.default)
        if s.kind is L.Kind.CHOICE and v is not None:
            v = L.CHOICES[s.choices or ""][str(v)](lang)
        ws.write_row(r, 0, [s.label(lang), "" if v is None else v])

    ws = wb.add_worksheet(L.sheet_name("positions", lang))
    ws.write_row(0, 0, [c.label(lang) for c in L.TABLES["positions"].columns])
    ws.write_row(1, 0, [position, position_name, data_sheet])

    ws = wb.add_worksheet(L.sheet_name("indicators", lang))
    table = L.TABLES["indicators"]
    ws.write_row(0, 0, [c.label(lang) for c in table.columns])
    for r, (ind, text, _) in enumerate(inds, 1):
        rec = {
            "position": position,
            "code": ind.code,
            "name": ind.name,
            "name_alt": ind.name_alt,
            "weight": ind.weight,
            "scale": ind.scale,
            "target": ind.target,
            "unit": ind.unit,
            "scored_by": L.CHOICES["scored_by"]["actual"](lang),
            "rule": text,
        }
        ws.write_row(
            r, 0, ["" if rec.get(c.key) is None else rec.get(c.key) for c in table.columns]
        )

    departments = [f"客服{d}部" for d in range(1, 11)]
    people = [
        (
            f"E{n:06d}",
            f"员工{n}",
            departments[n % 10],
            f"{n % 50 + 1}组",
            rnd.choice((5000, 6000, 8000)),
        )
        for n in range(1, employees + 1)
    ]
    ws = wb.add_worksheet(L.sheet_name("roster", lang))
    ws.write_row(0, 0, [c.label(lang) for c in L.TABLES["roster"].columns])
    for r, (emp, name, dept, team, base) in enumerate(people, 1):
        ws.write_row(r, 0, [emp, name, dept, team, position_name, base])

    ws = wb.add_worksheet(L.sheet_name("grades", lang))
    ws.write_row(0, 0, [c.label(lang) for c in L.TABLES["grades"].columns])
    for r, (g, low, coef, kind, share) in enumerate(GRADES, 1):
        ws.write_row(
            r,
            0,
            [
                g,
                low,
                coef,
                L.CHOICES["quota_kind"][kind](lang) if kind else "",
                share if share is not None else "",
            ],
        )

    ws = wb.add_worksheet(L.sheet_name("adjustments", lang))
    ws.write_row(0, 0, [c.label(lang) for c in L.TABLES["adjustments"].columns])

    ws = wb.add_worksheet(data_sheet)
    cols = L.data_columns([i for i, _, _ in inds], lang)
    ws.write(L.TITLE_ROW, 0, f"{position_name} 2026-10")
    ws.write_row(L.GROUP_ROW, 0, [c.group for c in cols])
    ws.write_row(L.HEADER_ROW, 0, [c.header for c in cols])
    ws.write_row(L.KEY_ROW, 0, [c.key for c in cols])
    draws = [d for _, _, d in inds]
    for r, (emp, name, *_) in enumerate(people, L.FIRST_DATA_ROW):
        ws.write_row(r, 0, [emp, name, *(d(rnd) for d in draws)])

    wb.add_worksheet(L.sheet_name("summary", lang))
    wb.add_worksheet(L.sheet_name("issues", lang))
    wb.close()
    return path


# ---------------------------------------------------------------------------------------
# Measurements, each run in a fresh interpreter
# ---------------------------------------------------------------------------------------

CALCULATE = """
import json, resource, sys, time
t0 = time.perf_counter()
from xlkpi.cli.common import gc_paused  # as `xlkpi calculate` runs it
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import calculate
stages = {}
last = [None, time.perf_counter()]
def progress(stage, done, total):
    now = time.perf_counter()
    if last[0] is not None:
        stages[last[0]] = stages.get(last[0], 0) + now - last[1]
    last[0], last[1] = stage, now
t1 = time.perf_counter()
with gc_paused():
    outcome = calculate(XlsxBook(sys.argv[1], backup=False), progress=progress)
t2 = time.perf_counter()
print(json.dumps({"seconds": t2 - t1, "import": t1 - t0, "stages": stages,
                  "ok": outcome.ok, "written": outcome.written,
                  "errors": [p.render() for p in outcome.problems.errors][:5],
                  "results": len(outcome.run.results) if outcome.run else 0,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

CALAMINE = """
import json, resource, sys, time
import python_calamine as pc
t1 = time.perf_counter()
wb = pc.CalamineWorkbook.from_path(sys.argv[1])
cells = 0
for name in wb.sheet_names:
    rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    cells += sum(len(r) for r in rows)
t2 = time.perf_counter()
print(json.dumps({"seconds": t2 - t1, "cells": cells,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

OPENPYXL = """
import json, resource, sys, time
import openpyxl
t1 = time.perf_counter()
wb = openpyxl.load_workbook(sys.argv[1])
wb.save(sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({"seconds": t2 - t1,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

PROFILE = """
import cProfile, pstats, sys
from xlkpi.cli.common import gc_paused  # as CALCULATE runs it, or collections muddle the profile
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import calculate
prof = cProfile.Profile()
with gc_paused():
    prof.enable()
    calculate(XlsxBook(sys.argv[1], backup=False))
    prof.disable()
prof.dump_stats(sys.argv[2])
"""


def measure(script: str, path: Path, *extra: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if done.returncode != 0:
        raise RuntimeError(f"measurement failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def fresh_copy(src: Path, name: str) -> Path:
    dst = src.with_name(name)
    shutil.copyfile(src, dst)
    return dst


def profile(path: Path, top: int = 25) -> str:
    """Where calculate's time goes: xlkpi functions by own time, and by module."""
    import io
    import pstats

    stats_file = path.with_suffix(".prof")
    done = subprocess.run(
        [sys.executable, "-c", PROFILE, str(path), str(stats_file)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt  # type: ignore[attr-defined]
    by_module: dict[str, float] = {}
    rows = []
    for (file, line, func), (_, ncalls, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        module = _module(file)
        by_module[module] = by_module.get(module, 0.0) + tt
        rows.append((tt, ct, ncalls, f"{module}:{line} {func}"))
    out = io.StringIO()
    out.write(f"cProfile of calculate ({total:.2f} s under the profiler)\n")
    out.write("own time by module:\n")
    for module, tt in sorted(by_module.items(), key=lambda kv: -kv[1])[:15]:
        out.write(f"  {tt:7.2f} s  {tt / total:5.1%}  {module}\n")
    out.write(f"top {top} functions by own time (own s, cumulative s, calls):\n")
    for tt, ct, ncalls, name in sorted(rows, reverse=True)[:top]:
        out.write(f"  {tt:7.2f} {ct:7.2f} {ncalls:>9}  {name}\n")
    return out.getvalue()


def _module(file: str) -> str:
    if file.startswith("~") or file.startswith("<"):
        return "builtins"
    p = Path(file)
    parts = p.with_suffix("").parts
    for anchor in ("xlkpi", "python_calamine", "openpyxl", "lxml", "xlsxwriter"):
        if anchor in parts:
            i = parts.index(anchor)
            return ".".join(parts[i:])
    return p.stem


# ---------------------------------------------------------------------------------------


def mb(kb: int) -> float:
    return kb / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="1000,10000,50000",
        help="comma-separated employee counts (default: 1000,10000,50000)",
    )
    parser.add_argument("--indicators", type=int, default=INDICATORS)
    parser.add_argument(
        "--no-openpyxl", action="store_true", help="skip the openpyxl baseline (slow at 50,000)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile calculate at the largest size"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep the generated workbooks in this folder"
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    folder = Path(args.keep or tempfile.mkdtemp(prefix="xlkpi-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; files in {folder}")
    header = (
        f"{'employees':>9} {'file MB':>7} | {'calculate s':>11} {'peak MB':>7} "
        f"{'(read / assess / results / write)':>34} | {'calamine s':>10} {'MB':>5} | "
        f"{'openpyxl s':>10} {'MB':>5}"
    )
    results: dict[int, dict] = {}
    lines = []
    for n in sizes:
        t = time.perf_counter()
        src = generate(folder / f"bench-{n}.xlsx", n, args.indicators)
        gen = time.perf_counter() - t
        calc = measure(CALCULATE, fresh_copy(src, f"calc-{n}.xlsx"))
        if not calc["ok"] or not calc["written"]:
            print(f"  calculate at {n} reported errors: {calc['errors']}")
        cal = measure(CALAMINE, src)
        opx = None if args.no_openpyxl else measure(OPENPYXL, fresh_copy(src, f"opx-{n}.xlsx"))
        st = calc["stages"]
        stage_text = " / ".join(
            f"{st.get(k, 0):.2f}" for k in ("read", "assess", "results", "write")
        )
        line = (
            f"{n:>9,} {src.stat().st_size / 1e6:>7.1f} | {calc['seconds']:>11.2f} "
            f"{mb(calc['maxrss_kb']):>7.0f} {stage_text:>34} | {cal['seconds']:>10.2f} "
            f"{mb(cal['maxrss_kb']):>5.0f} | "
            + (
                f"{opx['seconds']:>10.2f} {mb(opx['maxrss_kb']):>5.0f}"
                if opx
                else f"{'-':>10} {'-':>5}"
            )
        )
        lines.append(line)
        results[n] = calc
        print(f"  generated {n:,} employees in {gen:.1f} s; measured", flush=True)
    print()
    print(header)
    print("-" * len(header))
    for line in lines:
        print(line)
    print()
    verdicts = []
    if 10000 in results:
        s = results[10000]["seconds"]
        verdicts.append(
            f"10,000 end to end {s:.2f} s (target ≤ {TARGET_10K_SECONDS:.0f} s): "
            + ("met" if s <= TARGET_10K_SECONDS else "MISSED")
        )
        if 50000 in results:
            ratio = results[50000]["seconds"] / s
            verdicts.append(
                f"50,000 / 10,000 = {ratio:.1f}× (target ≤ {TARGET_SCALING:.0f}×): "
                + ("met" if ratio <= TARGET_SCALING else "MISSED")
            )
    if 50000 in results:
        peak = mb(results[50000]["maxrss_kb"])
        verdicts.append(
            f"peak memory at 50,000 {peak:.0f} MB (target < {TARGET_MEMORY_MB} MB): "
            + ("met" if peak < TARGET_MEMORY_MB else "MISSED")
        )
    for v in verdicts:
        print(v)
    if args.profile and sizes:
        print()
        print(profile(fresh_copy(folder / f"bench-{max(sizes)}.xlsx", "profile.xlsx")))
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
