"""The worksheet functions never raise, whatever Excel hands them (Hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.excel.udfs import UDFS, kpi_bonus_share, kpi_grade, kpi_score

RULES = [
    "tiers: >=100% 5; >=90% 3; else 0",
    "阶梯：≥100% 5分；≥90% 3分；其他 0分",
    "扣分：达标得15分，每超5秒扣2分，扣完为止",
    "",
    "nonsense",
]
cell = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["nan", "inf", "-inf", "1e26", "1e308", "90%", "1,234", "¥1,000", " "]),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.decimals(allow_nan=True, allow_infinity=True),
)
ranges = st.one_of(
    cell, st.lists(cell, max_size=6), st.lists(st.lists(cell, max_size=3), max_size=3)
)


def _fine(result: object) -> None:
    assert isinstance(result, float | int | str | Decimal), result
    if isinstance(result, str):
        assert "internal error" not in result, result


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(RULES) | st.text(max_size=30), ranges, cell)
def test_kpi_score(rule: str, actual: object, target: object) -> None:
    _fine(kpi_score(rule, actual, target))


@settings(max_examples=300, deadline=None)
@given(cell, ranges, ranges)
def test_kpi_grade(score: object, grades: object, mins: object) -> None:
    _fine(kpi_grade(score, grades, mins))


@settings(max_examples=300, deadline=None)
@given(cell, cell, ranges, cell)
def test_kpi_bonus_share(pool: object, mine: object, everyone: object, position: object) -> None:
    _fine(kpi_bonus_share(pool, mine, everyone, position))


def test_the_case_that_raised() -> None:
    assert kpi_bonus_share("nan", 1, [1, 2]).startswith("#xlkpi: bonus:")
    assert len(UDFS) == 4
