"""How long scorecards take to build (and encrypt), beside a baseline.

    python bench/bench_scorecards.py                    # 1,000 scorecards, 1,000 encrypted
    python bench/bench_scorecards.py --count 1000 --encrypt 100   # a quicker run

The demo department (30 people, five positions, rater scores, events, a bonus pool) is
built and calculated once; its 30 cards are then cycled, each copy with its own ID, to
make `--count` scorecards (the cards are built once: this measures the workbook writing).

Printed:

- baseline: an empty in-memory XlsxWriter workbook per file (the fixed cost of any .xlsx);
- scorecard: `scorecard_bytes(card)` per file, and its ratio to the baseline;
- pack: one department pack of all `--count` cards (overview + a sheet per person);
- encrypt: `encrypt_workbook` per file (ECMA-376 agile encryption, 100,000 SHA-512 rounds
  to derive the key, as Excel does: by design the slow part).

Target: at most 20 ms per scorecard unencrypted. This prints figures; it is never a timed
test.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

from xlkpi.authoring.builder import build_workbook
from xlkpi.delivery.cards import load
from xlkpi.delivery.encrypt import encrypt_workbook
from xlkpi.delivery.packs import pack_bytes
from xlkpi.delivery.scorecard import scorecard_bytes
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.calculate import calculate

TARGET_MS = 20.0


def _cards(count: int) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.xlsx"
        build_workbook("after-sales-department", "zh", path, sample_data=True)
        outcome = calculate(XlsxBook(path, backup=False))
        assert outcome.ok, "the demo should calculate without errors"
        cards = list(load(XlsxBook(path)).cards.values())
    return [dataclasses.replace(cards[i % len(cards)], id=f"B{i + 1:05d}") for i in range(count)]


def _empty_workbook() -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wb.add_worksheet()
    wb.close()
    return buffer.getvalue()


def _per_file(fn, items) -> tuple[float, list]:  # noqa: ANN001
    """(milliseconds per item, outputs)."""
    out = []
    start = time.perf_counter()
    for item in items:
        out.append(fn(item))
    return (time.perf_counter() - start) * 1000 / max(1, len(items)), out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="scorecards to build")
    parser.add_argument("--encrypt", type=int, default=1000, help="scorecards to encrypt")
    args = parser.parse_args(argv)

    cards = _cards(args.count)
    baseline, _ = _per_file(lambda _: _empty_workbook(), cards)
    plain, files = _per_file(scorecard_bytes, cards)
    sizes = [len(f) for f in files]
    print(f"scorecards: {args.count} (from the 30-person demo, cycled)")
    print(f"  baseline (empty workbook): {baseline:7.2f} ms per file")
    print(
        f"  scorecard:                 {plain:7.2f} ms per file  ({plain / baseline:.1f}× "
        f"baseline; target ≤ {TARGET_MS:.0f} ms: {'met' if plain <= TARGET_MS else 'NOT met'})"
    )
    print(f"  size: median {statistics.median(sizes) / 1024:.1f} KB")
    start = time.perf_counter()
    pack = pack_bytes("bench", cards, "zh", department=True)
    print(
        f"  department pack of {args.count}: {time.perf_counter() - start:.2f} s, "
        f"{len(pack) / 1024 / 1024:.1f} MB"
    )
    if args.encrypt:
        sample = files[: args.encrypt]
        enc, _ = _per_file(lambda data: encrypt_workbook(data, "bench-Passw0rd"), sample)
        print(
            f"  encrypt ({len(sample)} files): {enc:7.2f} ms per file more; scorecard + "
            f"encryption {plain + enc:.2f} ms per file"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
