"""One-shot helpers for worksheet functions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fakes import SAB, Events, Tiers

from xlkpi.core.quick import bonus_share, bonus_shares, grade_of, score_value, weighted
from xlkpi.core.rules.base import RuleError


def test_score_value():
    rule = Tiers(((90.0, 20.0), (85.0, 10.0)), 20.0)
    assert score_value(rule, 86.0).points == 10.0
    assert score_value(Events(), {"late": 2.0, "absent": 0.0}).points == 60.0


@pytest.mark.parametrize("value", [{"late": 1.0}, "x", 1.0])
def test_score_value_rejects_the_wrong_shape(value):
    with pytest.raises(RuleError) as info:
        score_value(Events(), value)
    assert info.value.message_zh


@pytest.mark.parametrize(
    ("score", "with_bands", "with_pairs"),
    [
        (90.0, "S", "S"),
        (89.995, "S", "S"),  # rounded like a total first
        (89.994, "A", "A"),
        (69.99, "C", None),  # the pairs stop at B ≥ 70
        (-5.0, None, None),  # below every band
    ],
)
def test_grade_of_with_bands_or_pairs(score, with_bands, with_pairs):
    pairs = [(b.grade, b.min_score) for b in SAB[:3]]
    assert grade_of(score, SAB) == with_bands
    assert grade_of(score, pairs) == with_pairs


def test_weighted():
    assert weighted(15, 30, 0.30, 0.85) == pytest.approx(12.75)
    with pytest.raises(ValueError):
        weighted(1, 0)


def test_bonus_share_is_one_entry_of_the_exact_split():
    coefficients, bases = [1, 1, 1], [Decimal(1)] * 3
    shares = [bonus_share(Decimal(100), coefficients, bases, i) for i in range(3)]
    assert shares == bonus_shares(Decimal(100), coefficients, bases)
    assert sum(shares) == Decimal("100.00")
