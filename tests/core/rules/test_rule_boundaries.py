"""Every rule type at its edges: inclusive and exclusive bounds, floors, caps, limits."""

from __future__ import annotations

import pytest

from xlkpi.core.rules import parse_rule

# rule text -> its edge cases, each (value, target, expected points)
EDGES: dict[str, list[tuple[object, float | None, float]]] = {
    # tiers, higher is better: >= is inclusive, values just below fall through
    "tiers: >=100% 5; >=90% 3; else 0": [
        (1.0, None, 5), (0.9999, None, 3), (0.9, None, 3), (0.8999, None, 0), (1.2, None, 5),
    ],
    # strict > excludes the threshold
    "tiers: >90 20; >80 10; else 2": [(90, None, 10), (90.01, None, 20), (80, None, 2)],
    # tiers, lower is better
    "tiers: <=0% 10; <=3% 5; else 0": [
        (0.0, None, 10), (0.0001, None, 5), (0.03, None, 5), (0.0301, None, 0),
    ],
    "tiers: <2 10; <5 4": [(2, None, 4), (5, None, 0)],
    # deduct over target (lower is better), started steps
    "deduct: target 30 s; base 15; -2 per 5 s over target": [
        (30, None, 15), (29, None, 15), (30.01, None, 13), (35, None, 13),
        (35.01, None, 11), (65, None, 1), (65.5, None, 0), (1000, None, 0),
    ],
    # deduct under target (higher is better), target from the indicator
    "deduct: base 10; -1 per 1% under target": [
        (0.98, 0.98, 10), (0.97, 0.98, 9), (0.9799, 0.98, 9), (0.96, 0.98, 8), (0.0, 0.98, 0),
    ],
    "deduct: base 10; -1 per 1% under target; floor 4": [(0.5, 0.98, 4)],
    # bonus with a cap
    "bonus: base 10; +1 per 1% over target; cap 15": [
        (1.0, 1.0, 10), (0.9, 1.0, 10), (1.01, 1.0, 11), (1.05, 1.0, 15), (1.06, 1.0, 15),
    ],
    # band: both edges inclusive
    "band: 40 s to 180 s 100; -10 per 2 s over; -10 per 2 s under": [
        (40, None, 100), (180, None, 100), (180.5, None, 90), (39.5, None, 90),
        (38, None, 90), (37.9, None, 80), (200, None, 0), (0, None, 0),
    ],
    "band: 40 to 180 100; -10 per 2 over": [(10, None, 100)],  # no deduction below
    # slopes: bonus side limited, penalty side floored
    "slopes: target 40 s; base 70; -5 per 1 s over; +2 per 1 s under; bonus stops at 25 s": [
        (40, None, 70), (40.5, None, 65), (39.5, None, 72), (25, None, 100),
        (24, None, 100), (0, None, 100), (54, None, 0), (53, None, 5),
    ],
    "slopes: base 50; +1 per 1 over; -2 per 1 under; cap 60": [(70, 50, 60), (45, 50, 40)],
    # gate
    "gate: >=80 100; else 0": [(80, None, 100), (79.99, None, 0)],
    "gate: >80 100; else 0": [(80, None, 0)],
    "gate: <=0 5; else 0": [(0, None, 5), (1, None, 0)],
    "gate: >=target 5; else 1": [(100, 100, 5), (99.9, 100, 1)],
    # ratio
    "ratio: actual/target × 100; cap 120": [(90, 100, 90), (120, 100, 120), (130, 100, 120)],
    "ratio: actual/target × 100": [(130, 100, 100), (0, 100, 0)],
    "ratio: target/actual × 100; cap 100": [(2, 2, 100), (4, 2, 50), (1, 2, 100), (0, 2, 100)],
    "ratio: actual/target × 100; cap 100; floor 60": [(10, 100, 60)],
    # levels
    "levels: 1=5; 2=10; 3=15; 4=20; 5=25": [(1, None, 5), (5, None, 25), (3.0, None, 15)],
    # events
    "events: base 100; late -20; early -20; absent -50": [
        ({}, None, 100), ({"late": 1}, None, 80),
        ({"late": 1, "early": 1, "absent": 1}, None, 10),
        ({"late": 5}, None, 0), ({"absent": 2}, None, 0),
    ],
    "events: base 10; complaint -5": [(1, None, 5), (2, None, 0)],
    "events: base 90; praise +5; late -10; cap 100": [
        ({"praise": 3}, None, 100), ({"praise": 1, "late": 1}, None, 85),
    ],
    # requirements
    "requirements: base 30; -10 per unmet; a; b; c": [
        ({"a": 1, "b": 1, "c": 1}, None, 30), ({"a": 0, "b": 1, "c": 1}, None, 20),
        ({"a": 0, "b": 0, "c": 0}, None, 0), ({"a": True, "b": False, "c": True}, None, 20),
        (0, None, 30), (2, None, 10),
    ],
    "requirements: base 30; -20 per unmet; a; b; c": [(2, None, 0)],
    "requirements: base 30; -20 per unmet; floor 5; a; b": [(2, None, 5)],
}  # fmt: skip
CASES = [(text, *case) for text, cases in EDGES.items() for case in cases]


@pytest.mark.parametrize(("text", "value", "target", "expected"), CASES)
def test_rule_edges(text: str, value: object, target: float | None, expected: float) -> None:
    rule = parse_rule(text)
    result = rule.score(value, target)  # type: ignore[arg-type]
    assert result.points == pytest.approx(expected, abs=1e-9)
    assert result.explanation_en and result.explanation_zh
    assert result.points <= rule.max_points + 1e-9


@pytest.mark.parametrize("text", sorted(EDGES))
def test_rule_texts_round_trip(text: str) -> None:
    rule = parse_rule(text)
    assert parse_rule(rule.to_text("en")) == rule
    assert parse_rule(rule.to_text("zh")) == rule
