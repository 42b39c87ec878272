"""calculate/check end to end on in-memory grids: hand-computed results written next to the
inputs; errors write no results; Issues links; Summary numbers; JSON shape."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import wb_sample as sample
from memory_book import MemoryBook

from xlkpi.io.cells import Formula, Styled
from xlkpi.io.errors import FileLocked
from xlkpi.workbook import layout
from xlkpi.workbook.calculate import calculate, check
from xlkpi.workbook.issues import cell_link

NOW = dt.datetime(2026, 11, 23, 10, 2)
CS, SUP = "客服专员数据", "主管数据"


def _run(lang="zh", edit=None, **kw):
    sheets = sample.build(lang)
    if edit:
        edit(sheets)
    book = MemoryBook(sheets)
    return book, calculate(book, now=NOW, **kw)


def _row(book, sheet, eid):
    for row in book.grids[sheet]:
        if row and row[0] == eid:
            return row
    raise KeyError(eid)


def _by_key(book, sheet, eid):
    keys = book.grids[sheet][layout.KEY_ROW]
    row = _row(book, sheet, eid)
    return {k: (row[i].value if isinstance(row[i], Styled) else row[i]) for i, k in enumerate(keys)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_small_department_hand_computed(lang):
    book, out = _run(lang)
    assert out.ok and out.written, [p.render() for p in out.problems]
    assert len(book.writes) == 1  # one write, all or nothing
    cs, sup = (CS, SUP) if lang == "zh" else ("CS data", "Supervisor data")
    for eid, total in sample.EXPECTED_TOTALS.items():
        got = _by_key(book, cs if eid.startswith("E") else sup, eid)
        assert got["total"] == pytest.approx(total)
        assert got["rank"] == sample.EXPECTED_RANKS[eid]
        assert got["grade"] == sample.EXPECTED_GRADES[eid]
        assert f"{got['bonus']:.2f}" == sample.EXPECTED_BONUS[eid]
        for code, pts in sample.EXPECTED_POINTS[eid].items():
            assert got[f"pts:{code}"] == pytest.approx(pts)
    e2 = _by_key(book, cs, "E2")
    assert e2["subtotal"] == pytest.approx(64) and e2["adjustment"] == pytest.approx(6)
    assert e2["CS2"] == 85  # inputs untouched
    assert e2["note"] is None  # the stale "stale" note was cleared


def test_result_cells_carry_number_formats():
    book, _ = _run()
    row = _row(book, CS, "E1")
    keys = book.grids[CS][layout.KEY_ROW]
    cell = dict(zip(keys, row, strict=True))
    assert cell["total"] == Styled(100.0, "0.00")
    assert cell["pts:CS1"] == Styled(60.0, "0.00")
    assert cell["rank"] == Styled(1, "0")
    assert cell["bonus"] == Styled(3000.0, "¥#,##0.00")
    assert cell["grade"] == "A"


def test_blocks_are_contiguous_runs_of_result_columns_only():
    book, out = _run()
    data_blocks = [b for b in out.blocks if b.sheet == CS]
    assert len(data_blocks) == 1
    [b] = data_blocks
    keys = book.grids[CS][layout.KEY_ROW]
    assert keys[b.col] == "pts:CS1" and b.row == layout.FIRST_DATA_ROW
    assert len(b.values[0]) == len(keys) - 4  # id, name, CS1, CS2 are never written


def test_rule_words_grades_headcount_and_status():
    book, _ = _run()
    words = book.column("指标", 12, start=2)
    assert words[0] == "≥4.5得30分，≥4得20分，其他得0分"
    assert words[2] is None  # rater-scored, no rule: the stale text is cleared
    assert book.column("等级", 6, start=1) == [2, 2, 1]  # A, B, C (stale 99 replaced)
    assert book.cell("设置", "B12") == "正常 2026-11-23 10:02"
    book_en, _ = _run("en")
    assert book_en.cell("Settings", "B12") == "OK 2026-11-23 10:02"
    assert book_en.column("Indicators", 12, start=2)[0] == (
        "≥ 4.5: 30 points; ≥ 4: 20 points; otherwise 0 points"
    )


def test_summary_numbers():
    book, _ = _run()
    grid = [[v.value if isinstance(v, Styled) else v for v in row] for row in book.grids["汇总"]]
    rows = {row[0]: row for row in grid if row and row[0] is not None}
    # head count | average | highest | lowest | one column per grade (A, B, C)
    assert rows["客服专员"][1:5] == [3, 70.0, 100.0, 40.0]
    assert rows["售后服务主管"][1:5] == [2, 84.0, 96.5, 71.5]
    assert rows["售后服务部"][1:5] == [5, 75.6, 100.0, 40.0]
    assert rows["售后服务部 / 一组"][0] == "售后服务部 / 一组"  # the by-team table
    grade_rows = {row[0]: row for row in grid if row and row[0] in ("A", "B", "C")}
    assert [grade_rows[g][1] for g in "ABC"] == [2, 2, 1]
    assert grade_rows["A"][2] == pytest.approx(0.4)
    assert rows["奖金池"][1] == 11000.0 and rows["已分配"][1] == 11000.0
    assert rows["未分配"][1] == 0.0
    assert "结果为最新" in rows["计算状态"][1]
    # the charts' tables at their fixed places: grades with the quota limit, averages, bands
    top = layout.SUMMARY_CHART_ROW
    g = layout.SUMMARY_CHART_COLS["grades"]
    assert [row[g : g + 2] for row in grid[top : top + 3]] == [["A", 2], ["B", 2], ["C", 1]]
    a = layout.SUMMARY_CHART_COLS["averages"]
    assert grid[top - 1][a] == "岗位" and grid[top][a : a + 2] == ["客服专员", 70.0]
    s = layout.SUMMARY_CHART_COLS["scores"]
    assert sum(row[s + 1] for row in grid[top : top + 5]) == 5
    # the old 40×8 content is cleared everywhere below and right of the new content
    assert not any(isinstance(v, str) and v.startswith("old") for row in grid for v in row)
    assert len(grid) >= 40


def test_issues_sheet_when_clean_clears_old_rows():
    book, _ = _run()
    grid = book.grids["问题"]
    assert grid[0] == ["级别", "工作表", "单元格", "问题"]
    assert grid[1] == [None, None, None, "未发现问题"]
    assert all(v is None for row in grid[2:] for v in row)


def _break(sheets):
    sheets[CS][4][2] = "n/a"  # E1 CS1 actual: C5
    sheets[SUP][5][3] = "#N/A"  # S2 SP1 reviewer: D6


def test_errors_write_no_results_and_clear_result_columns():
    book, out = _run(edit=_break)
    assert not out.ok and out.written  # written: Issues, Summary, status, cleared columns
    for sheet in (CS, SUP):
        keys = book.grids[sheet][layout.KEY_ROW]
        result_cols = [
            i for i, k in enumerate(keys) if layout.parse_data_key(k).kind in ("points", "result")
        ]
        assert len(result_cols) >= 9
        for row in book.grids[sheet][layout.FIRST_DATA_ROW :]:
            assert all(row[c] is None for c in result_cols if c < len(row)), row
    assert _row(book, CS, "E2")[3] == 85  # inputs untouched
    assert book.column("等级", 6, start=1) == [None, None, None]
    assert book.cell("设置", "B12") == "有错误：见“问题”表"
    summary = [r for r in book.grids["汇总"] if any(v is not None for v in r)]
    assert summary[2][1].startswith("结果不是最新")
    assert len(summary) == 4  # title, period, status, counts: nothing else
    issues = book.grids["问题"]
    cells = [book.cell("问题", f"C{i}") for i in range(2, 4)]
    assert cells == [f"{CS}!C5", f"{SUP}!D6"]
    assert issues[1][0] == "错误" and issues[1][1] == CS
    assert "“n/a”不是数字" in issues[1][3]
    n = len(out.problems)  # 2 errors; the engine adds a warning for the missing reviewer
    assert issues[n][0] == "提醒" and all(v is None for row in issues[n + 1 :] for v in row)
    # the engine's "missing value" for the same cells is not repeated
    assert [p.code for p in out.problems.errors] == ["value.not_number", "value.excel_error"]


def test_status_counts_warnings():
    def warn(s):
        s["调整"].append(["S1", "赵六", None, None, None, None, "空"])

    book, out = _run(edit=warn)
    assert out.ok
    assert book.cell("设置", "B12") == "正常 2026-11-23 10:02（1 个提醒，见“问题”表）"
    assert book.cell("问题", "A2") == "提醒"


def test_issue_links():
    from xlkpi.core.problems import Source

    link = cell_link(Source("客服专员数据", "E7"))
    assert link == Formula(
        '=HYPERLINK("#\'客服专员数据\'!E7","客服专员数据!E7")', cached="客服专员数据!E7"
    )
    odd = cell_link(Source('Bob\'s "data"', "B2"))
    assert odd.text == '=HYPERLINK("#\'Bob\'\'s ""data""\'!B2","Bob\'s ""data""!B2")'
    assert odd.cached == 'Bob\'s "data"!B2'
    whole = cell_link(Source("人员"))
    assert whole.text == '=HYPERLINK("#\'人员\'!A1","人员")'
    assert cell_link(Source(file="x.csv", row=3)) == "x.csv row 3"
    assert cell_link(Source()) is None


def test_issues_in_english_with_several_places():
    def dup(s):
        s["Roster"].append(["E1", "Again", "Dept", None, "CS", 1000])

    book, out = _run("en", dup)
    row = next(r for r in book.grids["Issues"][1:] if r[3] and "listed twice" in r[3])
    assert row[0] == "Error" and row[1] == "Roster"
    assert row[2].cached == "Roster!A2"
    assert row[3] == "Employee ID 'E1' is listed twice; also: Roster!A7"


def test_json_shape():
    _, out = _run()
    data = json.loads(json.dumps(out.to_json(), ensure_ascii=False))
    assert data["ok"] is True and data["period"] == "2026-10" and data["lang"] == "zh"
    e1 = next(e for e in data["employees"] if e["id"] == "E1")
    assert e1.pop("pay", None) is None  # no pay scheme in the sample (see docs/money.md)
    assert e1 == {
        "id": "E1",
        "name": "张三",
        "position": "CS",
        "position_name": "客服专员",
        "department": "售后服务部",
        "team": "一组",
        "indicators": [
            {"code": "CS1", "name": "满意度", "points": 60.0},
            {"code": "CS2", "name": "一次解决率", "points": 40.0},
        ],
        "subtotal": 100.0,
        "adjustment": 0.0,
        "total": 100.0,
        "rank": 1,
        "grade": "A",
        "bonus": "3000.00",
    }
    assert data["issues"] == []
    _, bad = _run(edit=_break)
    data = bad.to_json()
    assert data["ok"] is False and data["employees"] == []
    first = data["issues"][0]
    assert set(first) == {"severity", "code", "sheet", "cell", "message_en", "message_zh", "places"}
    assert (first["severity"], first["sheet"], first["cell"]) == ("error", CS, "C5")
    assert first["places"] == [{"sheet": CS, "cell": "C5", "place": f"{CS}!C5"}]


def test_check_and_dry_run_write_nothing():
    sheets = sample.build("zh")
    book = MemoryBook(sheets)
    out = check(book)
    assert out.ok and out.blocks == [] and not out.written and book.writes == []
    out = calculate(book, write=False, now=NOW)
    assert out.ok and out.blocks and not out.written and book.writes == []


def test_progress_stages():
    calls = []
    _run(progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert calls == [
        ("read", 0, 4),
        ("assess", 1, 4),
        ("results", 2, 4),
        ("write", 3, 4),
        ("done", 4, 4),
    ]


def test_refused_write_becomes_a_problem():
    sheets = sample.build("zh")
    book = MemoryBook(sheets)
    book.fail_with = FileLocked("the file is open in Excel", "文件已在 Excel 中打开", path="a.xlsx")
    out = calculate(book, now=NOW)
    assert not out.written and not out.ok
    assert out.problems.errors[-1].code == "io.locked"


def test_missing_summary_and_issues_sheets_are_created():
    def drop(s):
        del s["汇总"], s["问题"]

    book, out = _run(edit=drop)
    # then the follow-up sheets this older workbook lacks (xlkpi.followup)
    assert out.ok and book.ensured[:2] == ["汇总", "问题"]
    assert book.ensured[2:] == ["面谈与改进", "申诉", "节假日", "360设置", "360评分", "变更记录"]
    assert book.cell("问题", "D2") == "未发现问题"


def test_engine_crash_is_an_internal_error_not_a_traceback(monkeypatch):
    import xlkpi.workbook.calculate as calc

    def boom(assessment):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(calc, "assess", boom)
    book, out = _run()
    assert not out.ok and isinstance(out.exception, ZeroDivisionError)
    assert out.problems.errors[-1].code == "internal.error"
    assert book.cell("设置", "B12") == "有错误：见“问题”表"
    assert _by_key(book, CS, "E1")["total"] is None


def test_empty_roster_is_a_warning_not_a_silent_zero():
    roster_sheet = sample._sheet("roster", "en")

    def empty_roster(sheets):
        grid = sheets[roster_sheet]
        header = layout.find_header_row(layout.TABLES["roster"], grid)
        del grid[header + 1 :]

    _book, out = _run("en", edit=empty_roster)
    warnings = [p for p in out.problems if p.code == "roster.empty"]
    assert len(warnings) == 1 and str(warnings[0].where[0]) == roster_sheet
    assert "nothing to calculate" in warnings[0].message_en
