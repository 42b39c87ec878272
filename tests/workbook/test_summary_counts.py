"""The Summary's one-pass counts, pinned to their definitions: the score bands of the
distribution chart count each total in the band from its lowest total to the next's."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from xlkpi.workbook.summary import SCORE_BANDS, _band_counts


def _per_band(totals: list[float | None]) -> list[int]:
    counts = []
    for i, (_, low) in enumerate(SCORE_BANDS):
        high = SCORE_BANDS[i + 1][1] if i + 1 < len(SCORE_BANDS) else float("inf")
        counts.append(sum(1 for t in totals if t is not None and low <= t < high))
    return counts


_TOTALS = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 59.99, 60.0, 69.999, 70.0, 90.0, 100.0, -1.0]),
    st.integers(-5, 120),
)


@given(st.lists(_TOTALS, max_size=30))
def test_band_counts_match_one_count_per_band(totals):
    people = [(t, None, SimpleNamespace(), None, "", "", "") for t in totals]
    assert _band_counts(people) == _per_band(totals)  # type: ignore[arg-type]
