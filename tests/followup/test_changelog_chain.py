"""The change log's chain of check values: any edited, inserted or removed row shows."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from xlkpi.followup import changelog as cl

ROWS = [
    ["1", "2026-10-01 09:00:00", "hr", "abc", "", "", *[""] * 8, "计算：2人有变化"],
    [
        "1",
        "2026-10-01 09:00:00",
        "hr",
        "abc",
        "E1",
        "张三",
        "",
        "90.00",
        "",
        "1",
        "",
        "A",
        "",
        "1500.00",
        "首次计算",
    ],
    [
        "1",
        "2026-10-01 09:00:00",
        "hr",
        "abc",
        "E2",
        "李四",
        "",
        "80.00",
        "",
        "2",
        "",
        "B",
        "",
        "1000.00",
        "首次计算",
    ],
    ["2", "2026-10-09 09:00:00", "hr", "def", "", "", *[""] * 8, "计算：1人有变化"],
    [
        "2",
        "2026-10-09 09:00:00",
        "hr",
        "def",
        "E2",
        "李四",
        "80.00",
        "85.00",
        "2",
        "2",
        "B",
        "B",
        "1000.00",
        "1000.00",
        "输入数据或加减分变化",
    ],
]


def _log(rows):
    """Rows as written read back: a cell with no value reads as "" (`followup.read`)."""
    return [
        cl.LogRow(i + 3, dict(zip([*cl.FIELDS, "hash"], [c or "" for c in r], strict=True)))
        for i, r in enumerate(rows)
    ]


def test_an_intact_chain_replays_to_the_last_state():
    log = cl.read_log(_log(cl.chain_as_written(ROWS, "")))
    assert log.broken_at is None and log.last_run == 2
    assert log.state == {"E1": ("90.00", "1", "A", "1500.00"), "E2": ("85.00", "2", "B", "1000.00")}


def test_editing_inserting_or_removing_a_row_breaks_the_chain_there():
    chained = cl.chain_as_written(ROWS, "")
    edited = [list(r) for r in chained]
    edited[1][7] = "99.00"
    assert cl.read_log(_log(edited)).broken_at == 4  # 0-based sheet row of the edited row
    removed = chained[:2] + chained[3:]
    assert cl.read_log(_log(removed)).broken_at == 5  # the row after the gap
    inserted = chained[:2] + [chained[2][:15] + ["0" * 24]] + chained[2:]
    assert cl.read_log(_log(inserted)).broken_at == 5


def test_a_run_logs_only_who_changed_and_people_who_left():
    state = {"E1": ("90.00", "1", "A", "1500.00"), "E9": ("70.00", "3", "C", "500.00")}
    stamp = cl.RunStamp(3, "2026-11-01 09:00:00", "hr", "ghi")
    rows = cl.new_rows(stamp, [], state, {}, {}, "en")
    assert rows[0][14] == "Calculate: 2 changed"
    assert [r[4] for r in rows[1:]] == ["E1", "E9"]
    assert rows[1][14] == "no longer in the roster" and rows[1][6:14:2] == [
        "90.00",
        "1",
        "A",
        "1500.00",
    ]


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.decimals(-(10**6), 10**6, places=3),
            st.sampled_from([Decimal("-0.00"), Decimal("0"), Decimal("1.005"), Decimal("1.0050")]),
        )
    )
)
def test_remembered_bonus_texts_equal_fresh_ones(bonuses):
    """`snapshot` keeps each bonus's text across people: equal amounts log alike."""
    texts: dict = {}
    for bonus in bonuses:
        result = SimpleNamespace(total=None, rank=None, grade=None, bonus=bonus)
        assert cl.snapshot(result, texts) == cl.snapshot(result)


def test_rows_are_written_stripped_with_blanks_as_no_value():
    rows = [[" E1 ", "", *ROWS[1][2:]]]
    (written,) = cl.chain_as_written(rows, "prev")
    assert written[:2] == ["E1", None]
    assert written[2:15] == [c or None for c in ROWS[1][2:]]
    assert written[15] == cl.row_hash("prev", rows[0])  # the check value of the cells typed
