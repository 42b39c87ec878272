"""Hand-made mutants of the scoring core: do the tests notice when a rule is broken?

Each mutant below changes one line of xlkpi/core the way a plausible slip would (an
inclusive bound made exclusive, a rounding mode swapped, a tie rule dropped) and says
which rule of the domain it breaks. `python tests/mutants.py` applies them one at a
time to a copy of the package, runs the core, money and workbook tests against that
copy, and prints which mutants the tests killed and which survived. The checkout is
never modified. A mutant whose line no longer exists is reported as stale, so the list
is kept in step with the code.

Run: `make mutants` (a few minutes; not part of `make test`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ["tests/core", "tests/money", "tests/workbook", "tests/paywb"]


@dataclass(frozen=True)
class Mutant:
    path: str  # under xlkpi/core
    old: str
    new: str
    breaks: str  # the domain rule the mutant breaks


MUTANTS = [
    Mutant(
        "distribution.py",
        "return math.ceil(exact) if kind is QuotaKind.AT_MOST else math.floor(exact)",
        "return math.floor(exact) if kind is QuotaKind.AT_MOST else math.floor(exact)",
        "an 'at most' quota rounds up",
    ),
    Mutant(
        "distribution.py",
        "return math.ceil(exact) if kind is QuotaKind.AT_MOST else math.floor(exact)",
        "return math.ceil(exact) if kind is QuotaKind.AT_MOST else math.ceil(exact)",
        "an 'at least' quota rounds down",
    ),
    Mutant(
        "distribution.py",
        "movers = [i for i in members if totals[i] < boundary]",
        "movers = [i for i in members if totals[i] <= boundary]",
        "people tied at the quota boundary stay together",
    ),
    Mutant(
        "grading.py",
        "        if score >= b.min_score:\n",
        "        if score > b.min_score:\n",
        "a grade's minimum score is inclusive (90 is S)",
    ),
    Mutant(
        "ranking.py",
        "tied = pos > 0 and values[order[pos - 1]] == values[i]",
        "tied = False",
        "equal totals share the best rank (1, 2, 2, 4)",
    ),
    Mutant(
        "ranking.py",
        '        return ("department", employee.department)\n',
        '        return ("team", employee.department, employee.team)\n',
        "department scope is not team scope",
    ),
    Mutant(
        "cents.py",
        "amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)",
        "amount = Decimal(value).quantize(CENT)",
        "money rounds half up to the cent (not to even)",
    ),
    Mutant(
        "cents.py",
        "enumerate(sorted(set(remainders), reverse=True))",
        "enumerate(sorted(set(remainders), reverse=False))",
        "leftover cents go to the largest remainders",
    ),
    Mutant(
        "cents.py",
        "key=ranks.__getitem__)[:left]:",
        "key=ranks.__getitem__)[: max(left - 1, 0)]:",
        "shares add up to the pool to the cent",
    ),
    Mutant(
        "adjust.py",
        "return float(clean.quantize(_CENT, rounding=ROUND_HALF_UP))",
        "return float(clean.quantize(_CENT, rounding=ROUND_HALF_EVEN))",
        "totals round half up to two decimals",
    ),
    Mutant(
        "adjust.py",
        "        if raw > cap:\n",
        "        if raw > cap + 1:\n",
        "a veto caps the total",
    ),
    Mutant(
        "adjust.py",
        "clamped = min(max(raw, 0.0), 100.0)",
        "clamped = max(raw, 0.0)",
        "a total stays within 0..100",
    ),
    Mutant(
        "weights.py",
        "return abs(total - 1.0) <= tolerance + _FLOAT_SLACK",
        "return abs(total - 1.0) <= tolerance + 0.2",
        "weights that do not add up to 100% are reported (the seed's 110%)",
    ),
    Mutant(
        "rules/steps.py",
        "        return float(math.ceil(q))\n",
        "        return float(math.floor(q))\n",
        "a started step counts in full by default (183 s is one 2 s step over 180 s)",
    ),
    Mutant(
        "rules/steps.py",
        "    if floor is not None and points < floor:\n",
        "    if floor is not None and points < floor - 10:\n",
        "points never go below the rule's floor (扣完为止)",
    ),
    Mutant(
        "rules/steps.py",
        "    if cap is not None and points > cap:\n",
        "    if cap is not None and points > cap + 10:\n",
        "a bonus stops at its cap",
    ),
    Mutant(
        "money/manager.py",
        'FactorBand(Decimal(80), Decimal("0.9")),',
        'FactorBand(Decimal(80), Decimal("0.8")),',
        "the manager is paid 90% when the team average is 80 to 90",
    ),
    Mutant(
        "money/manager.py",
        "if complaints >= self.cancel_complaints:",
        "if complaints > self.cancel_complaints:",
        "five complaints in the team cancel the manager's performance pay",
    ),
    Mutant(
        "money/manager.py",
        "            if average >= band.min_average:\n",
        "            if average > band.min_average:\n",
        "a team average of exactly 90 pays 100%",
    ),
    Mutant(
        "money/piecerate.py",
        "index = max(i for i, t in enumerate(self.tiers) if rate >= t.min_rate)",
        "index = max(i for i, t in enumerate(self.tiers) if rate > t.min_rate)",
        "an on-time rate of exactly 95% pays the 35 ¥ tier",
    ),
    Mutant(
        "money/piecerate.py",
        "        if units > quota:\n",
        "        if units >= quota:\n",
        "units at the quota are neither paid extra nor deducted",
    ),
    Mutant(
        "money/salary.py",
        "if total_complaints >= self.no_pay_complaints:",
        "if total_complaints > self.no_pay_complaints:",
        "three complaints in a month: no performance pay",
    ),
    Mutant(
        "money/periods.py",
        "passed = score >= rule.pass_mark",
        "passed = score > rule.pass_mark",
        "a quarter at exactly 59.00 passes",
    ),
    Mutant(
        "money/periods.py",
        "eligible = len(failed) < fail_limit",
        "eligible = len(failed) <= fail_limit",
        "two failed quarters cancel the year-end assessment",
    ),
    Mutant(
        "raters.py",
        "return [r for r in RATERS if policy.weights.get(r, 0.0) > 0]",
        "return [r for r in RATERS if policy.weights.get(r, 0.0) >= 0]",
        "a rater with weight 0 is not expected (not reported missing)",
    ),
    Mutant(
        "memo.py",
        "        if 0 <= raw <= ind.scale:\n",
        "        if 0 <= raw:\n",
        "raw points beyond the indicator's scale are reported, not used",
    ),
]


def run_one(mutant: Mutant, work: Path) -> str:
    """'killed', 'survived' or 'stale' for one mutant, applied to the copy in `work`."""
    target = work / "xlkpi" / "core" / mutant.path
    original = target.read_text("utf-8")
    if original.count(mutant.old) != 1:
        return "stale"
    target.write_text(original.replace(mutant.old, mutant.new), "utf-8")
    try:
        return "survived" if tests_pass(work) else "killed"
    finally:
        target.write_text(original, "utf-8")


def tests_pass(work: Path) -> bool:
    """Whether the tests pass against the package copy in `work`."""
    env = {**os.environ, "PYTHONPATH": str(work), "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    cmd += ["--import-mode=prepend", *(str(work / t) for t in TESTS)]
    return subprocess.run(cmd, cwd=work, env=env, capture_output=True).returncode == 0


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="xlkpi-mutants-") as tmp:
        work = Path(tmp)
        for folder in ("xlkpi", "tests", "docs", "templates", "workbooks"):
            shutil.copytree(ROOT / folder, work / folder)
        shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
        env = {**os.environ, "PYTHONPATH": str(work)}
        probe = [sys.executable, "-c", "import xlkpi; print(xlkpi.__file__)"]
        found = subprocess.run(probe, cwd=work, env=env, capture_output=True, text=True)
        if not found.stdout.startswith(str(work)):  # else every mutant would "survive"
            print(f"the copy is not what the tests import: {found.stdout or found.stderr}")
            return 2
        if not tests_pass(work):  # else every mutant would be "killed"
            print("the tests fail without any mutant: fix them first")
            return 2
        counts: dict[str, int] = {}
        for m in MUTANTS:
            start = time.perf_counter()
            outcome = run_one(m, work)
            counts[outcome] = counts.get(outcome, 0) + 1
            took = time.perf_counter() - start
            print(f"{outcome:9} {took:5.1f} s  core/{m.path}: {m.breaks}", flush=True)
    print(", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return 0 if counts.get("survived", 0) == 0 and counts.get("stale", 0) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
