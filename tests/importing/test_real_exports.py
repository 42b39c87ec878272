"""Exports as ticket and call-centre systems really write them, imported into a fresh
template and calculated: values, results and number formats checked cell by cell.

The month's data (customer-service team template, cs-team-member):

    person  response  24h   CSAT  FCR   KB  training   points (15/10/30/25/10/10)
    K001    30 s      99%   4.6   93%   4   100%       15 10 30 25 10 10 = 100
    K002    65 s      96%   4.4   88%   2   90%         1  8 27 23  7  8 =  74
    K003    24 s      98%   4.8   95%   3   100%       15 10 30 25 10 10 = 100

written in each export in its own way: minutes instead of seconds, bare 96 for 96%,
"1:05" for 65 s, 93% and 0.95 side by side, numbers stored as text, full-width digits.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from xlbook import digest, refused, the_error, write_csv

from xlkpi.authoring import build_workbook
from xlkpi.cli.main import main
from xlkpi.importing import import_files
from xlkpi.io.cells import Block
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.io.xlsx_writer import write_blocks
from xlkpi.workbook.calculate import calculate

SHEET, MAPPING = "客服专员", "导入映射"
KEYS = [
    "response_time",
    "tickets_24h",
    "satisfaction",
    "first_contact",
    "kb_items",
    "training_pass",
]
EXPECTED = {
    "K001": ([30, 0.99, 4.6, 0.93, 4, 1], [15, 10, 30, 25, 10, 10], 100, "S"),
    "K002": ([65, 0.96, 4.4, 0.88, 2, 0.9], [1, 8, 27, 23, 7, 8], 74, "B"),
    "K003": ([24, 0.98, 4.8, 0.95, 3, 1], [15, 10, 30, 25, 10, 10], 100, "S"),
}
PERCENT_KEYS = {"tickets_24h", "first_contact", "training_pass"}

ROSTER_GBK = (
    "员工编号,姓名,部门,班组,岗位,奖金基数\n"
    'K001,张三,客服部,A组,客服专员,"8,000"\n'
    "K002,李四,客服部,A组,客服专员,6000\n"
    "K003,王五,客服部,B组,客服专员,￥7000\n"
)
# what a ticket system writes: its own id and name headers, a skill-group column the
# workbook has no use for, units in the headers (minutes!), a repeated header (page 2) and
# a total row
TICKETS = (
    "客服工号,坐席姓名,技能组,平均响应时长(分钟),工单处理及时率（%）,客户满意度评分,"
    "一次性解决率,知识库贡献度[条],培训考核通过率\n"
    "K001,张三,售后,0.5,99,4.6,93%,4,100%\n"
    'K002,李四,售前,"1:05",96,4.4,88,2,90%\n'
    ",,,,,,,,\n"
    "客服工号,坐席姓名,技能组,平均响应时长(分钟),工单处理及时率（%）,客户满意度评分,"
    "一次性解决率,知识库贡献度[条],培训考核通过率\n"
    "K003,王五,售后,0.4,98,4.8,0.95,3,1\n"
    "合计,,,1.9,97.7,4.6,92%,9,\n"
)


@pytest.fixture
def month(tmp_path: Path) -> Path:
    """A fresh workbook from the shipped template, as `xlkpi new` makes it."""
    return build_workbook("cs-team-member", "zh", tmp_path / "2026-10.xlsx")


def data_rows(path: Path) -> dict[str, dict[str, object]]:
    """The data sheet's rows by employee id, as key -> value."""
    g = read_grids(path)[SHEET]
    keys = g[3]
    return {r[0]: dict(zip(keys, r, strict=False)) for r in g[4:] if r and r[0]}


def check_month(path: Path) -> None:
    """Calculate, then every imported value, point, total and grade, and the formats."""
    outcome = calculate(XlsxBook(path))
    assert not outcome.problems.has_errors, [p.render() for p in outcome.problems.errors]
    rows = data_rows(path)
    for emp, (actuals, points, total, grade) in EXPECTED.items():
        row = rows[emp]
        for key, value, pts in zip(KEYS, actuals, points, strict=True):
            assert row[key] == pytest.approx(value), (emp, key, row[key])
            assert row[f"pts:{key}"] == pytest.approx(pts), (emp, key)
        assert row["total"] == pytest.approx(total) and row["grade"] == grade, emp
    ws = openpyxl.load_workbook(path)[SHEET]
    keys = [c.value for c in ws[4]]
    for r in range(5, 8):
        for key in KEYS:
            fmt = ws.cell(r, keys.index(key) + 1).number_format
            if key in PERCENT_KEYS:
                assert fmt.endswith("%"), (r, key, fmt)  # shows 99.0%, not 0.99 or 9900%
            else:
                assert "%" not in fmt, (r, key, fmt)


def mapping_rows(path: Path, sheet: str = MAPPING) -> list[list[object]]:
    """The mapping table's rows (first five columns)."""
    return [r[:5] for r in read_grids(path)[sheet][3:] if any(r)]


def test_csv_exports_gbk_and_utf8_bom_into_a_fresh_template(month: Path, tmp_path: Path) -> None:
    """A GBK roster and a UTF-8 ticket export into a fresh template, scored right."""
    roster = write_csv(tmp_path / "人员名单.csv", ROSTER_GBK, "gbk")
    tickets = write_csv(tmp_path / "工单导出_202610.csv", TICKETS, "utf-8-sig")
    plan = import_files(month, [roster, tickets])
    assert plan.ok, [p.render("zh") for p in plan.problems]
    # one warning: the skill-group column, listed once
    [warning] = plan.problems.warnings
    assert warning.code == "import.column_ignored" and "技能组（C）" in warning.message("zh")
    notes = [n.render("zh") for n in plan.notes]
    assert any("第 5 行" in n and "重复的表头行" in n for n in notes), notes
    assert any("第 7 行" in n and "合计" in n for n in notes), notes
    assert any("数据中的 1 个空行已跳过（第 4 行）" in n for n in notes), notes
    assert any("分钟已换算为秒（×60）" in n for n in notes), notes
    check_month(month)
    # the mapping sheet was added to the template's and records every column
    rows = mapping_rows(month)
    assert ["工单导出_*.csv", None, "技能组", "不导入", None] in rows
    assert [
        "工单导出_*.csv",
        None,
        "平均响应时长(分钟)",
        "response_time 平均响应时长",
        "分钟",
    ] in rows
    assert ["工单导出_*.csv", None, "客服工号", "工号", None] in rows


def test_second_month_imports_without_question_or_warning(month: Path, tmp_path: Path) -> None:
    """Next month's export of the same kind imports with no question or warning."""
    roster = write_csv(tmp_path / "人员名单.csv", ROSTER_GBK, "gbk")
    october = write_csv(tmp_path / "工单导出_202610.csv", TICKETS, "utf-8-sig")
    assert import_files(month, [roster, october]).ok
    before = mapping_rows(month)
    november = write_csv(
        tmp_path / "工单导出_202611.csv", TICKETS.replace("4.6,93%", "4.6,９３％"), "utf-8-sig"
    )
    plan = import_files(month, [november])
    assert plan.ok and not plan.problems.warnings, [p.render("zh") for p in plan.problems]
    assert {how for _, _, how in plan.mapping} == {"kept"}  # every column from the table
    assert mapping_rows(month) == before  # nothing new to ask about
    check_month(month)


def xlsx_export(path: Path, decoy: bool = False) -> Path:
    """A report as BI tools export it: a notes sheet first, then the data under a title
    block, with a header over two rows (merged group cells), numbers stored as text.
    `decoy` puts another table with an ID column before the data."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    cover = wb.add_worksheet("说明")
    cover.write(0, 0, "本报表由客服系统导出")
    if decoy:
        other = wb.add_worksheet("上月")
        other.write_row(0, 0, ["坐席工号", "客户满意度评分"])
        other.write_row(1, 0, ["K001", "1.0"])
    ws = wb.add_worksheet("明细")
    merge = wb.add_format({"align": "center"})
    ws.merge_range(0, 0, 0, 8, "2026年10月 客服绩效明细", merge)
    ws.write(1, 0, "导出时间：2026-11-01 08:00")
    ws.merge_range(3, 0, 4, 0, "坐席工号", merge)
    ws.merge_range(3, 1, 4, 1, "坐席姓名", merge)
    ws.merge_range(3, 2, 3, 3, "服务过程", merge)
    ws.write(4, 2, "平均响应时长\n（秒）")
    ws.write(4, 3, "24小时结单率")
    ws.merge_range(3, 4, 3, 5, "服务结果", merge)
    ws.write(4, 4, "客户满意度评分")
    ws.write(4, 5, "一次性解决率")
    ws.merge_range(3, 6, 4, 6, "知识库贡献度（条）", merge)
    ws.merge_range(3, 7, 4, 7, "培训考核通过率(%)", merge)
    ws.merge_range(3, 8, 4, 8, "备注", merge)
    rows = [
        ["K001", "张三", "30", "99%", "4.6", "93%", "4", "100", ""],
        ["K002", "李四", "65秒", "0.96", "4.4", "0.88", "２", "90", "请假 2 天"],
        ["K003", "王五", "24", "98%", 4.8, 0.95, 3, 100, ""],
        ["总计", "", "119", "97.7%", "4.6", "92%", "9", "", ""],
    ]
    for r, row in enumerate(rows, start=5):
        for c, v in enumerate(row):
            if isinstance(v, str):
                ws.write_string(r, c, v)
            else:
                ws.write_number(r, c, v)
    wb.close()
    return path


def test_xlsx_export_with_title_block_and_two_row_header(month: Path, tmp_path: Path) -> None:
    """An XLSX export with a notes sheet, a title block and a two-row header."""
    roster = write_csv(tmp_path / "人员名单.csv", ROSTER_GBK, "gbk")
    assert import_files(month, [roster]).ok
    # the export names 24h closure its own way: HR says so once on the mapping sheet
    header = read_grids(month)[MAPPING][2]
    assert header[:4] == ["来源文件", "来源工作表", "来源列", "导入到"]
    write_blocks(month, [Block(MAPPING, 9, 0, [["", "", "24小时结单率", "工单处理及时率"]])])
    export = xlsx_export(tmp_path / "客服绩效明细_2026-10.xlsx")
    plan = import_files(month, [export])
    assert plan.ok, [p.render("zh") for p in plan.problems]
    assert plan.files[0].sheet == "明细"  # the notes sheet is passed over
    [warning] = plan.problems.warnings  # 备注 only
    assert "备注（I）" in warning.message("zh")
    assert any("总计" in n.render("zh") or "合计" in n.render("zh") for n in plan.notes)
    check_month(month)
    # next month the sheet comes from the mapping table, even with another sheet first
    again = xlsx_export(tmp_path / "客服绩效明细_2026-11.xlsx", decoy=True)
    plan = import_files(month, [again])
    assert plan.ok and plan.files[0].sheet == "明细" and not plan.problems.warnings
    rows = mapping_rows(month)
    # HR's row decided that column: no row of its own
    assert [r for r in rows if "24小时结单率" in str(r[2])] == [
        [None, None, "24小时结单率", "工单处理及时率", None]
    ]
    assert ["客服绩效明细_*-*.xlsx", "明细", "坐席工号", "工号", None] in rows
    assert any(r[2] == "服务过程 平均响应时长 （秒）" and r[4] == "秒" for r in rows), rows
    assert any(
        r[2] == "服务结果 一次性解决率" and r[3] == "first_contact 一次性解决率" for r in rows
    )


def test_refusal_same_person_twice_with_different_values(month: Path, tmp_path: Path) -> None:
    """One person twice with different values is refused, naming both cells."""
    roster = write_csv(tmp_path / "人员名单.csv", ROSTER_GBK, "gbk")
    assert import_files(month, [roster]).ok
    twice = TICKETS + "K001,张三,售后,0.5,97,4.6,93%,4,100%\n"
    f = write_csv(tmp_path / "工单导出_202610.csv", twice, "utf-8-sig")
    error = the_error(month, [f])
    assert error.code == "import.duplicate_value"
    assert "工单导出_202610.csv 第 2 行 E 列为 0.99" in error.message("zh")
    assert "工单导出_202610.csv 第 8 行 E 列为 0.97" in error.message("zh")
    assert {(s.file, s.row, s.cell) for s in error.where} == {
        ("工单导出_202610.csv", 8, "E8"),
        ("工单导出_202610.csv", 2, "E2"),
    }
    # the same row twice with the same values is no conflict
    same = write_csv(tmp_path / "b.csv", TICKETS + "K001,张三,售后,0.5,99,4.6,93%,4,100%\n")
    assert import_files(month, [same]).ok


def test_refusal_column_matching_two_indicators(book: Path, tmp_path: Path) -> None:
    """A column whose header names two indicators is refused."""
    # CS2's English name made equal to CS1's Chinese name: "满意度" now names both
    write_blocks(book, [Block("指标", 2, 5, [["满意度"]])], backup=False)
    f = write_csv(tmp_path / "a.csv", "工号,首次解决率,满意度\nE001,90%,4.5\n")
    error = the_error(book, [f])
    assert error.code == "import.column_ambiguous"
    assert (
        "CS1" in error.message_en
        and "CS2" in error.message_en
        and "满意度（C）" in error.message_zh
    )
    assert (error.where[0].file, error.where[0].row, error.where[0].cell) == ("a.csv", 1, "C1")


def test_refusal_two_columns_for_one_indicator(book: Path, tmp_path: Path) -> None:
    """Two columns going to one indicator column are refused."""
    f = write_csv(tmp_path / "a.csv", "工号,满意度(分),满意度（%）\nE001,4.5,90\n")
    error = the_error(book, [f])
    assert error.code == "import.columns_same_target"
    assert "满意度(分)（B）" in error.message_zh and "满意度（%）（C）" in error.message_zh
    assert (error.where[0].row, error.where[0].cell) == (1, "C1")


def test_people_not_on_the_roster_warn_unless_strict(book: Path, tmp_path: Path) -> None:
    """People not on the Roster are one warning per file, or errors with --strict."""
    f = write_csv(tmp_path / "a.csv", "工号,满意度\nE001,90\nE998,80\nE999,70\n")
    strict = refused(book, [f], strict=True)
    assert [p.code for p in strict.problems.errors] == ["import.unknown_employee"] * 2
    plan = import_files(book, [f])
    assert plan.ok and plan.values == 1
    [warning] = plan.problems.warnings
    assert warning.code == "import.not_on_roster"
    assert "E998（a.csv 第 3 行 A 列）、E999（a.csv 第 4 行 A 列）" in warning.message_zh


def test_mapping_table_hr_alias_and_unit(book: Path, tmp_path: Path) -> None:
    """A workbook made before the mapping sheet gets it on its first import; an alias HR
    writes there (any file: blank pattern) with a unit is used by every later import."""
    first = write_csv(tmp_path / "calls_1.csv", "坐席号,纪律 迟到,通话均长\nA001,1,3\n")
    plan = import_files(book, [first])
    assert plan.ok and "导入映射" in plan.ensure_sheets
    assert [w.code for w in plan.problems.warnings] == ["import.column_ignored"]
    rows = mapping_rows(book)
    assert rows == [
        ["calls_*.csv", None, "坐席号", "工号", None],
        ["calls_*.csv", None, "纪律 迟到", "D2 纪律 late", None],
        ["calls_*.csv", None, "通话均长", "不导入", None],
    ]
    assert read_grids(book)["坐席"][4][2] is None
    write_blocks(book, [Block(MAPPING, 5, 3, [["平均通话时长", "分钟"]])], backup=False)
    second = write_csv(tmp_path / "calls_2.csv", "坐席号,纪律 迟到,通话均长\nA001,1,3\n")
    plan = import_files(book, [second])
    assert plan.ok and not plan.problems.warnings, [p.render() for p in plan.problems]
    assert read_grids(book)["坐席"][4][2] == 180  # 3 minutes -> 180 s


def test_mapping_unit_that_is_no_unit_is_refused_at_its_cell(book: Path, tmp_path: Path) -> None:
    """A unit on the mapping sheet that is no unit is refused at its cell."""
    assert import_files(book, [write_csv(tmp_path / "c.csv", "工号,平均通话时长\nA001,3\n")]).ok
    write_blocks(book, [Block(MAPPING, 4, 4, [["furlongs"]])], backup=False)
    error = the_error(book, [write_csv(tmp_path / "c.csv", "工号,平均通话时长\nA001,3\n")])
    assert error.code == "import.mapping_unit" and str(error.where[0]) == "导入映射!E5"


def test_percent_column_reads_points_and_fractions_alike(book: Path, tmp_path: Path) -> None:
    """93, "93%" and 0.93 are all 93% in a percent column; only 1 < x <= 2 is a question."""
    f = write_csv(tmp_path / "a.csv", "工号,首次解决率\nE001,93\nE002,1.5\n")
    plan = import_files(book, [f])
    assert plan.ok
    [warning] = plan.problems.warnings
    assert warning.code == "value.percent_ambiguous" and warning.where[0].cell == "B3"
    g = read_grids(book)["客服专员"]
    assert [r[3] for r in g[4:6]] == [0.93, 0.015]
    ws = openpyxl.load_workbook(book)["客服专员"]
    assert ws["D5"].number_format == ws["D6"].number_format == "0.0%"


def test_cli_dry_run_prints_the_mapping_and_the_changes(
    capsys: pytest.CaptureFixture[str], month: Path, tmp_path: Path
) -> None:
    """`xlkpi import --dry-run` shows how columns matched and what would change."""
    roster = write_csv(tmp_path / "人员名单.csv", ROSTER_GBK, "gbk")
    tickets = write_csv(tmp_path / "工单导出_202610.csv", TICKETS, "utf-8-sig")
    assert main(["import", str(month), str(roster)]) == 0
    capsys.readouterr()
    before = digest(month)
    assert main(["import", str(month), str(tickets), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert digest(month) == before
    assert (
        "平均响应时长(分钟) → response_time 平均响应时长（单位：分钟）  [新记入“导入映射”表]" in out
    )
    assert "技能组 → 不导入" in out
    assert "将写入 18 个单元格（其中 0 个替换原有的值）：" in out
    assert "客服专员!C5：（空） → 30" in out and "客服专员!D5：（空） → 99%" in out
    assert "第 7 行：合计、小计或平均行：已跳过" in out


def test_english_call_centre_export_and_an_alias_for_minutes(tmp_path: Path) -> None:
    """An English workbook: attendance inputs named alone (Late), units written in English
    on the mapping sheet, and HR's alias turning 'AHT (min)' into talk time in seconds."""
    book = build_workbook("call-centre-agent", "en", tmp_path / "cc.xlsx")
    roster = write_csv(tmp_path / "r.csv", "employee_id,name,position\nA1,Li,cc_agent\n")
    header = "Agent ID,AHT (min),Late,Early leave,Absence,QA score\n"
    october = write_csv(tmp_path / "aht_2026-10.csv", header + "A1,3,1,0,0,85\nTotal,,,,,\n")
    plan = import_files(book, [roster, october])
    assert plan.ok and [w.code for w in plan.problems.warnings] == ["import.column_ignored"]
    mapping = mapping_rows(book, "Import mapping")
    assert ["aht_*-*.csv", None, "AHT (min)", "Do not import", "min"] in mapping
    row = mapping.index(["aht_*-*.csv", None, "AHT (min)", "Do not import", "min"]) + 3
    write_blocks(book, [Block("Import mapping", row, 3, [["talk_time"]])], backup=False)
    november = write_csv(tmp_path / "aht_2026-11.csv", header + "A1,3.5,0,0,0,90\n")
    plan = import_files(book, [november])
    assert plan.ok and not plan.problems.warnings, [p.render() for p in plan.problems]
    g = read_grids(book)["Call-centre agent"]
    keys = g[3]
    values = dict(zip(keys, g[4], strict=False))
    assert values["talk_time"] == 210 and values["qa_score"] == 90
    assert values["discipline#late"] == 0
