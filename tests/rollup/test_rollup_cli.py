"""`xlkpi rollup` over real calculated workbooks: three months with a joiner and a leaver,
the quarterly rule at 58.99 / 59.00, indicator sets that differ, a year from quarters,
and the inputs it refuses (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from paybooks import Person, Position, build, read_sheet

from xlkpi.cli.main import main
from xlkpi.rollup import layout as rl

CS = Position("CS", "Service staff", inputs=("performance_base", "days_attended"))
CS_WITH_R = Position(
    "CS", "Service staff", inputs=("performance_base", "days_attended"), extra_indicators=("R",)
)


def person(eid: str, name: str, score: float, days: float = 22) -> Person:
    return Person(
        eid, name, "CS", score, team="T1", money={"performance_base": 1000, "days_attended": days}
    )


MONTHS = {
    # E1 stays; E2 fails the quarter at 58.99; E3 leaves after November at exactly 59.00;
    # E4 joins in December.
    "2026-10": [person("E1", "Wang", 80), person("E2", "Li", 70), person("E3", "Zhang", 60)],
    "2026-11": [person("E1", "Wang", 90), person("E2", "Li", 50), person("E3", "Zhang", 58)],
    "2026-12": [person("E1", "Wang", 85), person("E2", "Li", 56.97), person("E4", "Zhao", 88)],
}


def calculated(
    path: Path, people, period: str, position: Position = CS, period_type: str = "month"
) -> Path:
    build(path, [position], people, period=period, period_type=period_type)
    assert main(["calculate", str(path), "--no-backup"]) == 0
    return path


@pytest.fixture
def months(tmp_path: Path) -> list[Path]:
    return [
        calculated(tmp_path / f"{period}.xlsx", people, period) for period, people in MONTHS.items()
    ]


def rollup_rows(path: Path) -> dict[str, dict]:
    grid = read_sheet(path, rl.ROLLUP_SHEET("en"))
    keys = grid[rl.KEY_ROW]
    return {
        row[0]: dict(zip(keys, row, strict=False))
        for row in grid[rl.FIRST_DATA_ROW :]
        if row and row[0]
    }


def test_quarter_from_three_months_with_a_joiner_and_a_leaver(tmp_path, months, capsys):
    out = tmp_path / "2026Q4.xlsx"
    # inputs out of order: the roll-up sorts months
    assert main(["rollup", str(out), str(months[2]), str(months[0]), str(months[1])]) == 0
    said = capsys.readouterr()
    assert "2026Q4" in said.out
    rows = rollup_rows(out)
    grid = read_sheet(out, rl.ROLLUP_SHEET("en"))
    assert grid[rl.TITLE_ROW][0] == "2026Q4 quarter roll-up (mean of the periods)"
    assert grid[rl.HEADER_ROW][5:8] == ["2026-10", "2026-11", "2026-12"]

    e1 = rows["E1"]
    assert (e1["score:2026-10"], e1["score:2026-11"], e1["score:2026-12"]) == (80, 90, 85)
    assert e1["score"] == 85.0 and e1["passed"] == "pass" and e1["pay_share"] == 1
    assert e1["pay"] == 2550.0  # 800 + 900 + 850
    assert e1["notes"] == ""

    e2 = rows["E2"]  # (70 + 50 + 56.97) / 3 = 58.99: fails, 50% of performance pay
    assert e2["score"] == 58.99 and e2["passed"] == "fail" and e2["pay_share"] == 0.5
    assert e2["pay"] == 884.85  # (700 + 500 + 569.70) × 50%
    assert e2["notes"] == "below 59: 50% of performance pay"

    e3 = rows["E3"]  # left after November: (60 + 58) / 2 = 59.00 passes
    assert e3["score"] == 59.0 and e3["passed"] == "pass" and e3["pay_share"] == 1
    assert e3["score:2026-12"] == ""
    assert e3["periods"] == 2
    assert e3["notes"] == "left mid-period (after 2026-11)"

    e4 = rows["E4"]  # joined in December
    assert e4["score"] == 88.0 and e4["periods"] == 1
    assert e4["notes"] == "joined mid-period (from 2026-12)"

    issues = read_sheet(out, rl.ISSUES_SHEET("en"))
    partial = [row for row in issues[1:] if "partial" in row[2]]
    assert len(partial) == 2
    assert any("2026-11.xlsx" in row[1] for row in partial)
    assert "warning" in said.err


def test_weighted_by_days_attended(tmp_path):
    """E1 worked 22, 11 and 22 days: (80×22 + 90×11 + 85×22) / 55 = 84.00."""
    files = []
    for period, days in (("2026-10", 22), ("2026-11", 11), ("2026-12", 22)):
        score = {"2026-10": 80, "2026-11": 90, "2026-12": 85}[period]
        files.append(
            calculated(tmp_path / f"{period}.xlsx", [person("E1", "Wang", score, days)], period)
        )
    out = tmp_path / "q.xlsx"
    assert main(["rollup", str(out), *map(str, files), "--method", "weighted"]) == 0
    assert rollup_rows(out)["E1"]["score"] == 84.0


def test_indicator_sets_that_differ_name_the_indicator_months_and_files(tmp_path, capsys):
    files = [
        calculated(tmp_path / "oct.xlsx", [person("E1", "Wang", 80)], "2026-10"),
        calculated(tmp_path / "nov.xlsx", [person("E1", "Wang", 90)], "2026-11"),
        calculated(tmp_path / "dec.xlsx", [person("E1", "Wang", 85)], "2026-12", CS_WITH_R),
    ]
    out = tmp_path / "q.xlsx"
    assert main(["rollup", str(out), *map(str, files)]) == 0
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "indicator 'R'" in x)
    assert "position CS: indicator 'R' is in 2026-12 but not in 2026-10, 2026-11" in line
    assert "files without it: oct.xlsx, nov.xlsx; with it: dec.xlsx" in line
    assert line.startswith("warning: oct.xlsx; nov.xlsx:")


def test_year_from_quarterly_workbooks_cancels_after_two_failed_quarters(tmp_path):
    """Quarterly assessments: E1 58.99, 70, 50, 80 → Q1 and Q3 fail: no year-end
    assessment; E2 fails only Q2: it goes ahead."""
    scores = {"E1": (58.99, 70, 50, 80), "E2": (90, 40, 90, 90)}
    files = []
    for q in range(4):
        people = [person(e, e, s[q]) for e, s in scores.items()]
        files.append(
            calculated(tmp_path / f"q{q + 1}.xlsx", people, f"2026Q{q + 1}", period_type="quarter")
        )
    out = tmp_path / "2026.xlsx"
    assert main(["rollup", str(out), *map(str, files)]) == 0
    rows = rollup_rows(out)
    assert rows["E1"]["failed_quarters"] == "2026Q1, 2026Q3"
    assert rows["E1"]["year_end"] == "cancelled" and rows["E1"]["pay_share"] == 0
    assert rows["E1"]["score"] == 64.75  # (58.99 + 70 + 50 + 80) / 4 = 64.7475
    assert rows["E2"]["failed_quarters"] == "2026Q2"
    assert rows["E2"]["year_end"] == "goes ahead" and rows["E2"]["pay_share"] == 1
    title = read_sheet(out, rl.ROLLUP_SHEET("en"))[0][0]
    assert title.startswith("2026 year roll-up")


def test_year_from_quarterly_rollups(tmp_path, months):
    """A quarter roll-up read back as the input of a year: E2 failed Q4 (58.99) and the
    second quarter file too, so the year-end assessment is cancelled."""
    q4 = tmp_path / "2026Q4.xlsx"
    assert main(["rollup", str(q4), *map(str, months)]) == 0
    q3_months = []
    for i, period in enumerate(("2026-07", "2026-08", "2026-09")):
        people = [person("E1", "Wang", 90), person("E2", "Li", 40 + i)]
        q3_months.append(calculated(tmp_path / f"{period}.xlsx", people, period))
    q3 = tmp_path / "2026Q3.xlsx"
    assert main(["rollup", str(q3), *map(str, q3_months)]) == 0
    year = tmp_path / "2026.xlsx"
    assert main(["rollup", str(year), str(q4), str(q3), "--period-type", "year"]) == 0
    rows = rollup_rows(year)
    assert rows["E2"]["failed_quarters"] == "2026Q3, 2026Q4"
    assert rows["E2"]["year_end"] == "cancelled"
    assert rows["E1"]["year_end"] == "goes ahead"
    assert rows["E1"]["score"] == 87.5  # (90 + 85) / 2


def test_chinese_inputs_give_a_chinese_rollup(tmp_path):
    files = []
    for period, score in (("2026-10", 58), ("2026-11", 59.98)):
        path = tmp_path / f"{period}.xlsx"
        build(path, [CS], [person("E1", "王工", score)], period=period, lang="zh")
        assert main(["calculate", str(path), "--no-backup"]) == 0
        files.append(path)
    out = tmp_path / "q.xlsx"
    assert main(["rollup", str(out), *map(str, files)]) == 0
    grid = read_sheet(out, rl.ROLLUP_SHEET("zh"))
    keys = grid[rl.KEY_ROW]
    row = dict(zip(keys, grid[rl.FIRST_DATA_ROW], strict=False))
    assert row["score"] == 58.99 and row["passed"] == "不合格"
    assert row["notes"] == "低于 59 分：发放 50% 绩效工资"


# -- refusals: exit code 2 ----------------------------------------------------------------


def test_refuses_to_overwrite_without_force(tmp_path, months, capsys):
    out = tmp_path / "q.xlsx"
    out.write_bytes(b"keep me")
    assert main(["rollup", "--lang", "en", str(out), *map(str, months)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    assert main(["rollup", str(out), *map(str, months), "--force"]) == 0
    assert rollup_rows(out)["E1"]["score"] == 85.0


def test_refuses_an_input_as_output(tmp_path, months, capsys):
    assert main(["rollup", "--lang", "en", str(months[0]), *map(str, months), "--force"]) == 2
    assert "is also an input" in capsys.readouterr().err


def test_uncalculated_input_is_an_error(tmp_path, months, capsys):
    fresh = build(tmp_path / "2027-01.xlsx", [CS], [person("E1", "Wang", 80)], period="2027-01")
    out = tmp_path / "q.xlsx"
    assert main(["rollup", str(out), *map(str, months[:2]), str(fresh)]) == 2
    err = capsys.readouterr().err
    assert "2027-01.xlsx (2027-01) has no totals: calculate it first" in err
    assert not out.exists()


def test_two_files_of_the_same_month(tmp_path, months, capsys):
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(months[0].read_bytes())
    out = tmp_path / "q.xlsx"
    assert main(["rollup", str(out), str(months[0]), str(copy)]) == 2
    assert "2026-10.xlsx and copy.xlsx are both period 2026-10" in capsys.readouterr().err
    assert not out.exists()


def test_missing_and_non_workbook_inputs(tmp_path, months, capsys):
    out = tmp_path / "q.xlsx"
    assert main(["rollup", str(out), str(tmp_path / "nope.xlsx")]) == 2
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    assert main(["rollup", str(out), str(text)]) == 2
    assert main(["rollup", str(tmp_path / "q.csv"), *map(str, months)]) == 2
    assert not out.exists()


def test_quarter_cannot_be_made_from_quarters(tmp_path, capsys):
    files = [
        calculated(
            tmp_path / f"q{q}.xlsx", [person("E1", "Wang", 80)], f"2026Q{q}", period_type="quarter"
        )
        for q in (1, 2)
    ]
    out = tmp_path / "x.xlsx"
    assert main(["rollup", str(out), *map(str, files), "--period-type", "quarter"]) == 2
    assert "cannot be rolled up" in capsys.readouterr().err
