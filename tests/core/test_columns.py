"""Entries handed over as columns (`core.columns`) are the same entries as a list.

The engine places columns without making an Entry per cell (`core.placing`): a sheet's
usual columns against their one place, an indicator's raters a person at a time. Whatever
the columns hold (unknown ids and codes, an id twice, cells with no entry, people of two
positions, values keyed again), a run on them must equal a run on the same Entries as a
plain list: same results, same problems in the same order, naming the same cells.
"""

from __future__ import annotations

import copy
import math
import pickle

import pytest
from fakes import person
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_fast_path import RULES, _snapshot

from xlkpi.core.columns import NOT_KEYED, EntryColumn, EntryColumns
from xlkpi.core.model import Assessment, Entry, Indicator, Rater, RaterPolicy, ScoredBy, Settings
from xlkpi.core.problems import Source

ACTUALS = ["talk", "events", "qa"]  # rules from test_fast_path
RATED = {"manner": 10.0}
RATERS = [Rater.SELF, Rater.REVIEWER, Rater.APPROVER]


def _indicators() -> list[Indicator]:
    inds = [
        Indicator(position, code, code, 0.25, RULES[code][1], ScoredBy.ACTUAL, RULES[code][0])
        for position in ("P", "Q")
        for code in ACTUALS
    ]
    inds += [
        Indicator(position, code, code, 0.25, scale, ScoredBy.RATERS)
        for position in ("P", "Q")
        for code, scale in RATED.items()
    ]
    return inds


EMPLOYEES = [person("1"), person("2"), person("3"), person("4", position="Q")]

cell = st.one_of(
    st.sampled_from([NOT_KEYED, 0.0, -0.0, 7.0, 8.0, 9.5, 10.0, 95.0, 200.0, math.nan, None]),
    st.floats(min_value=-5, max_value=120),
    st.dictionaries(
        st.sampled_from(["late", "early", "absent"]), st.sampled_from([0.0, 1.0, 2.0]), max_size=3
    ),
)
ids = st.lists(st.sampled_from(["1", "2", "3", "4", "9"]), min_size=0, max_size=5)
#: one column: its code (an unknown one too) and rater (None: an actual)
heads = st.one_of(
    st.tuples(st.sampled_from([*ACTUALS, "nope"]), st.none()),
    st.tuples(st.sampled_from(["manner", "talk"]), st.sampled_from(RATERS)),
)


@st.composite
def sheets(draw: st.DrawFn) -> list[EntryColumn]:
    """Columns of one or more sheets, each sheet's columns sharing its ids and rows."""
    columns = []
    for s in range(draw(st.integers(1, 3))):
        eids = draw(ids)
        rows = [n + 2 for n in range(len(eids))]
        raters_of = draw(st.sampled_from(["manner", None]))
        if raters_of is not None and draw(st.booleans()):  # an indicator's raters, together
            for rater in RATERS:
                values = draw(st.lists(cell, min_size=len(eids), max_size=len(eids)))
                letter = chr(66 + len(columns))
                columns.append(EntryColumn(raters_of, rater, f"S{s}", letter, eids, rows, values))
        for code, rater in draw(st.lists(heads, max_size=4)):
            values = draw(st.lists(cell, min_size=len(eids), max_size=len(eids)))
            letter = chr(66 + len(columns))
            columns.append(EntryColumn(code, rater, f"S{s}", letter, eids, rows, values))
    return columns


def _both(columns: list[EntryColumn], policy: RaterPolicy) -> tuple[object, object]:
    """Snapshots of a run on the columns and on the same entries as a list."""

    def run(entries: object) -> object:
        settings_ = Settings(rater_policy=policy)
        return _snapshot(Assessment(settings_, _indicators(), EMPLOYEES, entries, []))  # type: ignore[arg-type]

    keyed = EntryColumns(columns)
    return run(keyed), run(list(keyed))


USUAL = [  # one sheet of position P, every rater's score and an actual for each person
    EntryColumn("manner", r, "S", letter, ["1", "2", "3"], [2, 3, 4], values)
    for r, letter, values in (
        (Rater.SELF, "B", [9.5, 8.0, NOT_KEYED]),
        (Rater.REVIEWER, "C", [3.0, 8.0, 7.0]),
        (Rater.APPROVER, "D", [10.0, 8.0, 7.0]),
    )
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets(), st.sampled_from([RaterPolicy(), RaterPolicy("highest")]))
@example(USUAL, RaterPolicy())
@example(  # an actual keyed again on a second sheet: the first is its first entry
    [
        EntryColumn("talk", None, "S", "B", ["1", "2"], [2, 3], [60.0, 70.0]),
        EntryColumn("talk", None, "T", "B", ["2"], [2], [80.0]),
    ],
    RaterPolicy(),
)
def test_columns_score_as_the_same_entries_listed(columns, policy):
    on_columns, on_list = _both(columns, policy)
    assert on_columns == on_list


def test_the_usual_sheet_is_scored_and_names_its_cells():
    (results, problems), _ = _both(USUAL, RaterPolicy())
    assert [r[0] for r in results] == ["1", "2", "3", "4"]
    gaps = [p for p in problems if p[0] == "raters.gap"]
    assert gaps and gaps[0][4] == (Source("S", "B2"), Source("S", "C2"))


def test_entry_columns_are_the_sequence_of_their_entries():
    keyed = EntryColumns(USUAL)
    listed = list(keyed)
    assert len(keyed) == len(listed) == 8  # (one cell gives no entry)
    assert listed[0] == Entry("1", "manner", 9.5, Rater.SELF, Source("S", "B2"))
    assert keyed[1] == listed[1] and keyed[-1] == listed[-1] and keyed[:2] == listed[:2]
    assert [e.rater for e in keyed][:3] == [Rater.SELF, Rater.SELF, Rater.REVIEWER]
    assert keyed == listed and keyed == EntryColumns(USUAL) and keyed != listed[1:]
    assert repr(keyed).startswith("EntryColumns([Entry(employee_id='1'")
    with pytest.raises(TypeError):
        hash(keyed)


def test_columns_copied_or_pickled_keep_their_cells_with_no_entry():
    """NOT_KEYED is found by `is`: a copy of the columns must hold the same one."""
    for again in (copy.deepcopy(USUAL), pickle.loads(pickle.dumps(USUAL))):
        assert again[0].values[2] is NOT_KEYED
        assert list(EntryColumns(again)) == list(EntryColumns(USUAL))
