"""How long the scoring core (`xlkpi.core.engine.assess`) takes, beside a baseline.

    python bench/bench_engine.py                     # 1,000 / 10,000 / 50,000 employees
    python bench/bench_engine.py --sizes 1000,10000  # a quick run
    python bench/bench_engine.py --sizes 10000 --profile

For each size an Assessment of N employees × 20 indicators is built in memory (no
workbook): the nine rule types over 16 actual indicators (events and requirements take a
dict of counts / checks), plus 4 rater-scored indicators with a self, reviewer and
approver score each (2 through a `levels` rule, 2 scored as points without a rule). That
is 16 actual + 12 rater entries per employee (280,000 entries at 10,000 employees).

Printed per size:

- build: the time to build the Assessment inputs (Employee/Entry/Source objects), i.e.
  what any reader must at least spend handing the engine its data;
- baseline: a plain-Python loop over every entry adding up its value(s) — the floor for
  touching each value once in the interpreter;
- assess: `assess(assessment)`, best wall time of `--repeat` runs, and its ratio to the
  baseline (on a shared machine the absolute times swing a lot; the ratio much less — in
  a VM even CPU time includes time stolen by other guests, so it is no steadier);
- explain: the extra time to then read every explanation in both languages (explanations
  are built lazily, on first read; the workbook output reads none of them);
- peak: tracemalloc's peak of memory allocated during assess (a separate run, because
  tracing slows Python down), and the size of the inputs for comparison.

The engine's share of the end-to-end target (10,000 employees read + assess + write in
5 s, see bench_calculate.py) is under 1.5 s. This prints figures; it is never a timed test.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import sys
import time
import tracemalloc
from decimal import Decimal

from xlkpi.core import model
from xlkpi.core.engine import assess
from xlkpi.core.problems import Source
from xlkpi.core.rules import parse_rule

INDICATORS = 20
ENGINE_BUDGET_10K = 1.5  # seconds: the engine's share of the 5 s end-to-end target
RATERS = (model.Rater.SELF, model.Rater.REVIEWER, model.Rater.APPROVER)
COLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# (rule text or None, target, draw a value) — None is a rater indicator scored as points.
KINDS = [
    ("tiers: >=100% 5; >=90% 3; else 0", None, lambda r: r.uniform(0.8, 1.05)),
    ("deduct: target 30 s; base 15; -2 per 5 s over target; floor 0", None,
     lambda r: r.uniform(20, 50)),
    ("band: 40 s to 180 s 100; -10 per 2 s over; -10 per 2 s under; floor 0", None,
     lambda r: float(r.randint(20, 220))),
    ("gate: >=80 100; else 0", None, lambda r: float(r.randint(60, 100))),
    ("ratio: actual/target × 100; cap 100", 200.0, lambda r: r.uniform(100, 250)),
    ("slopes: target 40 s; base 70; -5 per 1 s over; +2 per 1 s under; "
     "bonus stops at 25 s; floor 0", None, lambda r: r.uniform(20, 60)),
    ("events: base 100; late -20; early -20; absent -50; floor 0", None,
     lambda r: {"late": float(r.randint(0, 2)), "early": float(r.randint(0, 1)),
                "absent": float(r.random() < 0.05)}),
    ("requirements: base 30; -10 per unmet; floor 0; respond in 2 h; "
     "resolve in 3 working days; all resolved", None,
     lambda r: {"respond in 2 h": float(r.random() < 0.9),
                "resolve in 3 working days": float(r.random() < 0.8),
                "all resolved": float(r.random() < 0.95)}),
    # rater indicators: one person's raters mostly agree (see `rater_values`)
    ("levels: 1=5; 2=10; 3=15; 4=20; 5=25", "raters", lambda r: float(r.randint(2, 4))),
    (None, "raters", lambda r: float(r.randint(65, 90))),
]  # fmt: skip


def rater_values(rng: random.Random, draw, levels: bool) -> list[float]:
    """Self, reviewer and approver scores around one drawn value (level ±1, points ±8)."""
    mid = draw(rng)
    spread = 1 if levels else 8
    return [float(mid + rng.randint(-spread, spread)) for _ in RATERS]


def build_indicators() -> tuple[list[model.Indicator], list]:
    """20 indicators cycling over KINDS, weights 5% each; and each one's value drawer."""
    indicators, draws = [], []
    for i in range(INDICATORS):
        text, target, draw = KINDS[i % len(KINDS)]
        rule = parse_rule(text, Source(label=f"K{i}")) if text else None
        raters = target == "raters"
        indicators.append(
            model.Indicator(
                position="P",
                code=f"K{i:02d}",
                name=f"indicator {i}",
                weight=1 / INDICATORS,
                scale=rule.max_points if rule else 100.0,
                scored_by=model.ScoredBy.RATERS if raters else model.ScoredBy.ACTUAL,
                rule=rule,
                target=None if raters else target,
                source=Source("Indicators", f"A{i + 2}"),
            )
        )
        draws.append(draw)
    return indicators, draws


def build(n: int, seed: int = 7) -> model.Assessment:
    """The Assessment for `n` employees, as a workbook reader would hand it over."""
    rng = random.Random(seed)
    indicators, draws = build_indicators()
    employees = [
        model.Employee(
            id=f"E{k:06d}",
            name=f"name {k}",
            position="P",
            department=f"D{k % 7}",
            team=f"T{k % 40}",
            bonus_base=Decimal(1000 + k % 500),
            source=Source("Employees", f"A{k + 2}"),
        )
        for k in range(n)
    ]
    entries = []
    for row, emp in enumerate(employees, start=2):
        for col, (ind, draw) in enumerate(zip(indicators, draws, strict=True)):
            cell = f"{COLS[col % 26]}{row}"
            if ind.scored_by is model.ScoredBy.ACTUAL:
                entries.append(model.Entry(emp.id, ind.code, draw(rng), None, Source("Data", cell)))
            else:
                values = rater_values(rng, draw, ind.rule is not None)
                for rater, value in zip(RATERS, values, strict=True):
                    where = Source(f"Scores-{rater.value}", cell)
                    entries.append(model.Entry(emp.id, ind.code, value, rater, where))
    grades = [
        model.GradeBand("S", 90, 1.5, model.QuotaKind.AT_MOST, 0.1),
        model.GradeBand("A", 80, 1.2, model.QuotaKind.AT_MOST, 0.2),
        model.GradeBand("B", 60, 1.0),
        model.GradeBand("C", 0, 0.5, model.QuotaKind.AT_LEAST, 0.05),
    ]
    settings = model.Settings(bonus_pool=Decimal(n) * 1000)
    return model.Assessment(settings, indicators, employees, entries, grades)


def plain_sum(assessment: model.Assessment) -> float:
    """The baseline: touch every entry's value(s) once in a plain loop."""
    total = 0.0
    for e in assessment.entries:
        v = e.value
        if type(v) is dict:
            for x in v.values():
                total += x
        else:
            total += v
    return total


def timed(fn, repeat: int) -> tuple[float, object]:
    """Best wall seconds of `repeat` calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def read_explanations(run) -> int:
    chars = 0
    for r in run.results:
        for ir in r.indicators.values():
            chars += len(ir.explanation_en) + len(ir.explanation_zh)
    return chars


def peak_mb(fn) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def bench(n: int, repeat: int) -> None:
    build_wall, a = timed(lambda: build(n), 1)
    assert isinstance(a, model.Assessment)
    base_wall, _ = timed(lambda: plain_sum(a), repeat)
    wall, run = timed(lambda: assess(a), repeat)
    if run.problems.has_errors:  # the data is valid: an error means the bench is wrong
        sys.exit(f"unexpected error: {run.problems.errors[0].render()}")
    warnings = len(run.problems)  # self/reviewer gaps, as real data has
    exp_wall, chars = timed(lambda: read_explanations(run), 1)
    run = None  # a fresh run for memory below: free this one and its words first
    input_mb = peak_mb(lambda: build(n))
    assess_mb = peak_mb(lambda: assess(a))
    print(
        f"{n:>7,} employees, {len(a.entries):>9,} entries | "
        f"build {build_wall:6.2f} s | baseline {base_wall * 1000:6.1f} ms | "
        f"assess {wall:6.2f} s ({wall / base_wall:4.0f}× baseline) | "
        f"explain all {exp_wall:5.2f} s ({chars / 1e6:.1f} M chars) | "
        f"peak assess {assess_mb:6.0f} MB, inputs {input_mb:6.0f} MB | "
        f"{warnings:,} gap warnings"
    )
    if n == 10_000:
        verdict = "within" if wall <= ENGINE_BUDGET_10K else "OVER"
        print(f"          10,000: {verdict} the engine budget of {ENGINE_BUDGET_10K} s")


def profile(n: int) -> None:
    a = build(n)
    prof = cProfile.Profile()
    prof.enable()
    assess(a)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many assess runs")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile assess at the largest size"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"Python {sys.version.split()[0]}; {INDICATORS} indicators (16 actual, 4 by 3 raters)")
    for n in sizes:
        bench(n, args.repeat)
    if args.profile:
        profile(max(sizes))


if __name__ == "__main__":
    main()
