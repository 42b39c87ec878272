"""The result columns of a data sheet, read from each result in one pass
(`results._result_values`), write what each result's attributes say, in every run of
adjacent columns and in both languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xlkpi.core.model import Employee, EmployeeResult, IndicatorResult
from xlkpi.io.cells import Styled
from xlkpi.workbook import results
from xlkpi.workbook.read import DataSheetPlace


def _result(eid: str, total: float, grade: str, note: str) -> EmployeeResult:
    return EmployeeResult(
        Employee(eid, eid.lower(), "P"),
        {"K": IndicatorResult("K", 3.0, 12.5)},
        subtotal=total - 1,
        adjustment=1.0,
        total=total,
        rank=2,
        grade=grade,
        grade_note_en=note,
        grade_note_zh=note and "注",
        total_note_en="capped",
        total_note_zh="封顶",
        bonus=Decimal("10.50"),
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("rows", [{"A": 1, "B": 3}, {"A": 1, "B": 2}, {"B": 2, "A": 1}])
def test_runs_of_result_columns_write_each_result(lang, rows):
    # two runs of adjacent columns; people on rows one after the other, or not
    keys = ["pts:K", "subtotal", "adjustment", "total", "rank", "grade", "bonus", "note"]
    columns = {k: c for k, c in zip(keys, [2, 3, 4, 5, 9, 10, 11, 12], strict=True)}
    place = DataSheetPlace("P", "P", 0, 4, rows=rows, columns=columns)
    a, b = _result("A", 80.0, "B", ""), _result("B", 91.5, "A", "moved up")
    blocks = results.data_sheet_blocks(place, {"A": a, "B": b}, lang)
    assert [(blk.row, blk.col, len(blk.values[0])) for blk in blocks] == [(1, 2, 4), (1, 9, 4)]
    got = {
        (blk.row + i, blk.col + j): v
        for blk in blocks
        for i, row in enumerate(blk.values)
        for j, v in enumerate(row)
    }
    notes = {"en": {"A": "capped", "B": "capped; moved up"}, "zh": {"A": "封顶", "B": "封顶；注"}}
    for r, person in ((rows["A"], a), (rows["B"], b)):
        values = {k: got[r, c] for k, c in columns.items()}
        values = {k: v.value if isinstance(v, Styled) else v for k, v in values.items()}
        assert values == {
            "pts:K": 12.5,
            "subtotal": person.subtotal,
            "adjustment": 1.0,
            "total": person.total,
            "rank": 2,
            "grade": person.grade,
            "bonus": 10.5,
            "note": notes[lang][person.employee.id],
        }
    empty = {1, 2, 3} - set(rows.values())
    assert all(got[r, c] is None for r in empty for c in columns.values())  # no one there
