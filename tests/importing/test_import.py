"""Importing exports: long, wide and roster forms, CSV (UTF-8, BOM, GBK) and XLSX."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter
from xlbook import digest, imported, refused, the_error, write_csv

from xlkpi.importing import Form, import_files, read_export
from xlkpi.importing.sources import decode, sniff_delimiter
from xlkpi.io.reader import read_grids

CS, AG, ROSTER = "客服专员", "坐席", "人员"


def grid(path: Path, sheet: str) -> list[list]:
    """A sheet's cells as read back from the file."""
    return read_grids(path)[sheet]


def row_of(path: Path, sheet: str, emp: str) -> dict[str, object]:
    """One employee's data-sheet row as key -> value (key row 4 = index 3)."""
    g = grid(path, sheet)
    keys = g[3]
    for r in g[4:]:
        if r[0] == emp:
            return dict(zip(keys, r, strict=False))
    raise AssertionError(f"{emp} not on {sheet}")


# --- reading files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8-sig", "utf-8"),
        ("utf-8", "utf-8"),
        ("gbk", "gbk/gb18030"),
        ("gb18030", "gbk/gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str, expected: str) -> None:
    """UTF-8 with or without a BOM, GBK, GB18030 and UTF-16 are all read, and named."""
    f = write_csv(tmp_path / "a.csv", "工号,指标,值\nE001,满意度,９０\n", encoding)
    table = read_export(f)
    assert table.encoding == expected
    assert [r.cells for r in table.rows] == [["工号", "指标", "值"], ["E001", "满意度", "９０"]]


def test_bom_is_not_part_of_the_first_header() -> None:
    """The byte-order mark does not stick to the first header."""
    text, enc = decode("工号,值\n".encode("utf-8-sig"))
    assert text.startswith("工号") and enc == "utf-8"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ("工号，指标，值\nE1，X，1\n", "，"),
    ],
)
def test_delimiter_sniffing(text: str, delimiter: str) -> None:
    """Comma, semicolon, tab and full-width comma files are split right."""
    assert sniff_delimiter(text) == delimiter


def test_row_numbers_count_quoted_newlines(tmp_path: Path) -> None:
    """Row numbers are the file's lines, as a spreadsheet program shows them."""
    f = write_csv(tmp_path / "a.csv", '工号,备注\nE001,"两行\n备注"\nE002,x\n')
    assert [r.number for r in read_export(f).rows] == [1, 2, 4]


# --- the three forms -----------------------------------------------------------------------


def test_long_form_utf8_bom_zh_headers(book: Path, tmp_path: Path) -> None:
    """A long file with Chinese headers: actuals, rater scores, named inputs and a duration."""
    f = write_csv(
        tmp_path / "long.csv",
        "工号,指标,值,评分人\n"
        "E001,满意度,92,\n"
        "E001,CS2,90%,\n"
        "E001,服务态度,85,自评\n"
        "\n"
        "E001,Attitude,80,reviewer\n"
        "A001,纪律 迟到,2,\n"
        "A001,D2#absent,1,\n"
        "A001,平均通话时长,3:02,\n",
    )
    plan = imported(book, [f])
    assert plan.files[0].form is Form.LONG and plan.files[0].rows == 7
    e1 = row_of(book, CS, "E001")
    assert (e1["CS1"], e1["CS2"], e1["CS3@self"], e1["CS3@reviewer"]) == (92, 0.9, 85, 80)
    a1 = row_of(book, AG, "A001")
    assert (a1["AG1"], a1["D2#late"], a1["D2#absent"], a1["D2#early"]) == (182, 2, 1, None)
    assert plan.values == 7 and plan.rows_appended == 0 and plan.roster_added == 0


def test_long_form_gbk_english_headers_and_labels(book: Path, tmp_path: Path) -> None:
    """A GBK long file with English headers; a person not yet on the sheet gets a row."""
    f = write_csv(
        tmp_path / "long.csv",
        "employee_id,indicator,value,rater\n"
        "E002,Satisfaction,８８．５,\n"
        "E002,服务态度,75,考评\n"
        "E002,cs3,70,Approver\n",
        "gbk",
    )
    plan = imported(book, [f])
    e2 = row_of(book, CS, "E002")  # not on the sheet before: appended with id and name
    assert (e2["name"], e2["CS1"], e2["CS3@reviewer"], e2["CS3@approver"]) == ("李四", 88.5, 75, 70)
    assert plan.rows_appended == 1


def test_wide_form_with_rater_and_input_columns(book: Path, tmp_path: Path) -> None:
    """A wide file whose columns name raters in either language."""
    f = write_csv(
        tmp_path / "wide.csv",
        "员工编号,姓名,满意度,首次解决率,服务态度 自评,CS3(考评),Attitude approver\n"
        "E001,张三,９０,88%,90,85,\n"
        "E002,李四,1，234,0.75,,,80\n"
        ",,,,,,\n",
    )
    plan = imported(book, [f])
    assert plan.files[0].form is Form.WIDE
    e1, e2 = row_of(book, CS, "E001"), row_of(book, CS, "E002")
    assert (e1["CS1"], e1["CS2"], e1["CS3@self"], e1["CS3@reviewer"]) == (90, 0.88, 90, 85)
    assert e1["CS3@approver"] is None  # a blank cell imports nothing
    assert (e2["CS1"], e2["CS2"], e2["CS3@approver"]) == (1234, 0.75, 80)


def test_wide_form_mixed_positions(book: Path, tmp_path: Path) -> None:
    """One wide file for two positions: each person's columns go to their own sheet."""
    f = write_csv(
        tmp_path / "wide.csv",
        "工号,满意度,纪律-迟到,D2 早退,Average talk time\nE001,95,,,\nA001,,1,0,175秒\n",
    )
    imported(book, [f])
    assert row_of(book, CS, "E001")["CS1"] == 95
    a1 = row_of(book, AG, "A001")
    assert (a1["D2#late"], a1["D2#early"], a1["AG1"]) == (1, 0, 175)


def test_roster_appends_rows_and_data_rows(book: Path, tmp_path: Path) -> None:
    """A roster file adds people (Roster and data-sheet rows) and updates a bonus base."""
    f = write_csv(
        tmp_path / "人员.csv",
        "工号,姓名,部门,班组,岗位,奖金基数,手机\n"
        'E003,赵六,客服二部,C组,客服专员,"7,000",13800000000\n'
        "A002,钱七,呼叫中心,夜班,AG,￥5500.5,\n"
        "E001,张三,客服一部,A组,CS,9000,\n",
        "gbk",
    )
    plan = imported(book, [f])
    assert [p.code for p in plan.problems] == ["import.column_ignored"]  # 手机
    g = grid(book, ROSTER)
    assert g[4][:6] == ["E003", "赵六", "客服二部", "C组", "客服专员", 7000]
    assert g[5][:6] == ["A002", "钱七", "呼叫中心", "夜班", "呼叫中心坐席", 5500.5]
    assert g[4][6:] == [None] * (len(g[4]) - 6)  # e-mail, manager, password: not in the file
    assert g[1][5] == 9000  # E001's bonus base updated in place
    assert (plan.roster_added, plan.roster_updated) == (2, 1)
    assert row_of(book, CS, "E003")["name"] == "赵六"
    assert row_of(book, AG, "A002")["name"] == "钱七"


def test_roster_then_values_in_one_run_in_any_order(book: Path, tmp_path: Path) -> None:
    """Values for a person the same run's roster file adds are imported."""
    values = write_csv(tmp_path / "v.csv", "工号,指标,值\nE003,满意度,77\n")
    roster = write_csv(tmp_path / "r.csv", "工号,姓名,岗位\nE003,赵六,客服专员\n")
    plan = imported(book, [values, roster])
    e3 = row_of(book, CS, "E003")
    assert (e3["name"], e3["CS1"]) == ("赵六", 77)
    assert plan.rows_appended == 1  # one row, though E003 is both new and given a value


def test_xlsx_export_long_form(book: Path, tmp_path: Path) -> None:
    """An XLSX export with a title row above the header and a numeric id."""
    f = tmp_path / "export.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("导出")
    ws.write_row(0, 0, ["CRM 导出 2026-10"])  # a title row above the header
    ws.write_row(2, 0, ["员工编号", "指标", "实际值"])
    ws.write_row(3, 0, [1001, "满意度", 0.5])  # an id keyed as a number
    ws.write_row(4, 0, ["E001", "首次解决率", "95%"])
    wb.close()
    # give employee 1001 a place first
    roster = write_csv(tmp_path / "r.csv", "工号,姓名,岗位\n1001,孙八,CS\n")
    plan = imported(book, [f, roster])
    assert plan.files[0].sheet == "导出"
    assert row_of(book, CS, "1001")["CS1"] == 0.5
    assert row_of(book, CS, "E001")["CS2"] == 0.95


def test_english_workbook(book_en: Path, tmp_path: Path) -> None:
    """An English workbook takes English headers and rater names."""
    f = write_csv(tmp_path / "a.csv", "Employee ID,Indicator,Value,Rater\nE001,CS3,4,Self\n")
    plan = import_files(book_en, [f])
    assert plan.ok and plan.lang == "en"
    assert row_of(book_en, CS, "E001")["CS3@self"] == 4


def test_dry_run_writes_nothing(book: Path, tmp_path: Path) -> None:
    """A dry run checks everything and leaves the workbook's bytes as they were."""
    before = digest(book)
    f = write_csv(tmp_path / "a.csv", "工号,指标,值\nE001,满意度,90\n")
    plan = import_files(book, [f], dry_run=True)
    assert plan.ok and plan.values == 1
    assert digest(book) == before


def test_reimport_replaces_values_and_counts_them(book: Path, tmp_path: Path) -> None:
    """Importing again replaces the values and counts what it overwrote."""
    f = write_csv(tmp_path / "a.csv", "工号,指标,值\nE001,满意度,90\n")
    import_files(book, [f])
    g = write_csv(tmp_path / "b.csv", "工号,指标,值\nE001,满意度,91\n")
    plan = import_files(book, [g])
    assert plan.overwritten == 1 and row_of(book, CS, "E001")["CS1"] == 91


# --- bad input: a message naming the place, and the workbook untouched ------------------

BAD = {
    "unknown indicator": (
        "工号,指标,值\nE001,忠诚度,90\n",
        "bad.csv 第 2 行",
        "“忠诚度”不是岗位 客服专员 的指标",
    ),
    "indicator of another position": (
        "工号,指标,值\nE001,平均通话时长,90\n",
        "bad.csv 第 2 行",
        "不是岗位 客服专员 的指标",
    ),
    "duplicate in a file": (
        "工号,指标,值\nE001,满意度,90\nE001,CS1,91\n",
        "bad.csv 第 3 行",
        "有两个不同的值：bad.csv 第 2 行 C 列为 90，bad.csv 第 3 行 C 列为 91",
    ),
    "text value": ("工号,指标,值\nE001,满意度,优秀\n", "bad.csv 第 2 行", "“优秀”不是数字"),
    "decimal comma": (
        '工号,指标,值\nE001,满意度,"90,5"\n',
        "bad.csv 第 2 行",
        "逗号只能用作千位分隔",
    ),
    "excel error": ("工号,指标,值\nE001,满意度,#DIV/0!\n", "bad.csv 第 2 行", "Excel 错误 #DIV/0!"),
    "date typed as value": (
        "工号,指标,值\nE001,满意度,2026-10-01\n",
        "bad.csv 第 2 行",
        "“2026-10-01”不是数字",
    ),
    "empty value": ("工号,指标,值\nE001,满意度,\n", "bad.csv 第 2 行", "满意度 没有填写值"),
    "rater missing": ("工号,指标,值\nE001,服务态度,80\n", "bad.csv 第 2 行", "由评分人打分"),
    "unknown rater": (
        "工号,指标,值,评分人\nE001,服务态度,80,老板\n",
        "bad.csv 第 2 行",
        "评分人“老板”不是",
    ),
    "rater on an actual": (
        "工号,指标,值,评分人\nE001,满意度,80,自评\n",
        "bad.csv 第 2 行",
        "按实际值评分，不需要评分人",
    ),
    "input not named": ("工号,指标,值\nA001,纪律,1\n", "bad.csv 第 2 行", "有多个输入项"),
    "no id column": ("姓名,满意度\n张三,90\n", "bad.csv", "找不到员工编号列"),
    "wide column without rater": ("工号,服务态度\nE001,80\n", "bad.csv 第 1 行", "有多个输入列"),
    "empty file": ("\n\n", "bad.csv", "文件是空的"),
    "unrecognised form": ("工号,备注\nE001,好\n", "bad.csv 第 1 行", "无法判断文件内容"),
    "new employee without position": (
        "工号,姓名,部门\nE100,新人,客服一部\n",
        "bad.csv 第 2 行",
        "新员工 E100 缺少岗位",
    ),
    "unknown position": (
        "工号,姓名,岗位\nE100,新人,经理\n",
        "bad.csv 第 2 行",
        "岗位“经理”不在岗位表中",
    ),
    "position change": ("工号,姓名,岗位\nE001,张三,AG\n", "bad.csv 第 2 行", "导入不会把人调到"),
    "roster duplicate": (
        "工号,姓名,岗位\nE100,甲,CS\nE100,乙,CS\n",
        "bad.csv 第 3 行",
        "员工 E100 重复出现",
    ),
    "bad bonus base": (
        "工号,姓名,岗位,奖金基数\nE100,甲,CS,五千\n",
        "bad.csv 第 2 行",
        "“五千”不是金额",
    ),
    "negative bonus base": (
        "工号,姓名,岗位,奖金基数\nE100,甲,CS,-5\n",
        "bad.csv 第 2 行",
        "奖金基数 -5.00 为负数",
    ),
    "excel error as id": ("工号,指标,值\n#N/A,满意度,90\n", "bad.csv 第 2 行", "Excel 错误 #N/A"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_reported_and_nothing_written(book: Path, tmp_path: Path, case: str) -> None:
    """Each kind of bad input is an error naming its file and row; nothing is written."""
    text, where, message = BAD[case]
    f = write_csv(tmp_path / "bad.csv", text)
    plan = refused(book, [f])
    lines = [
        f"{p.where[0].file} 第 {p.where[0].row} 行：{p.message('zh')}"
        if p.where and p.where[0].row
        else f"{p.where[0].file}：{p.message('zh')}"
        for p in plan.problems.errors
    ]
    assert any(ln.startswith(where) and message in ln for ln in lines), lines


def test_duplicate_across_files(book: Path, tmp_path: Path) -> None:
    """Two files giving one person different values: the error names both places."""
    a = write_csv(tmp_path / "a.csv", "工号,指标,值\nE001,满意度,90\n")
    b = write_csv(tmp_path / "b.csv", "工号,满意度\nE001,91\n")
    p = the_error(book, [a, b])
    assert p.where[0].file == "b.csv" and p.where[0].row == 2
    assert "a.csv row 2" in p.message_en


def test_one_bad_file_stops_all_files(book: Path, tmp_path: Path) -> None:
    """One bad file and the good files are not imported either."""
    good = write_csv(tmp_path / "good.csv", "工号,指标,值\nE001,满意度,90\n")
    bad = write_csv(tmp_path / "bad.csv", "工号,指标,值\nE001,CS2,abc\n")
    refused(book, [good, bad])


def test_undecodable_csv(book: Path, tmp_path: Path) -> None:
    """A file in no known encoding is refused, naming the encodings tried (GBK among them)."""
    f = tmp_path / "bad.csv"
    f.write_bytes(b"\xe5\xb7\xa5\xe5\x8f\xb7,x\n\x80\xff\x80\n")
    p = the_error(book, [f])
    assert p.code == "import.encoding" and "GBK" in p.message_en


def test_unsupported_suffix_and_missing_file(book: Path, tmp_path: Path) -> None:
    """An .xls file and a missing file are both reported in one run."""
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0")
    plan = refused(book, [xls, tmp_path / "missing.csv"])
    codes = sorted(p.code for p in plan.problems.errors)
    assert codes == ["import.missing", "import.suffix"]
    assert "另存为 .xlsx" in plan.problems.errors[0].message_zh


def test_xlsx_export_that_is_not_a_workbook(book: Path, tmp_path: Path) -> None:
    """An .xlsx file that is no workbook is an input error naming the file."""
    f = tmp_path / "export.xlsx"
    f.write_text("not a zip")
    p = the_error(book, [f])
    assert p.where[0].file == "export.xlsx" and p.code.startswith("io.")


def test_xlsx_export_with_a_date_cell(book: Path, tmp_path: Path) -> None:
    """A date where a number belongs is refused, naming the cell and the date."""
    f = tmp_path / "export.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("Sheet1")
    ws.write_row(0, 0, ["工号", "指标", "值"])
    ws.write_row(1, 0, ["E001", "满意度"])
    ws.write_datetime(1, 2, dt.datetime(2026, 10, 1), wb.add_format({"num_format": "yyyy-mm-dd"}))
    wb.close()
    p = the_error(book, [f])
    assert (p.where[0].file, p.where[0].sheet, p.where[0].cell) == ("export.xlsx", "Sheet1", "C2")
    assert "是日期" in p.message_zh and "2026-10-01" in p.message_zh


def test_name_mismatch_is_a_warning(book: Path, tmp_path: Path) -> None:
    """A name that differs from the Roster's is a warning, not an error."""
    f = write_csv(tmp_path / "a.csv", "工号,姓名,满意度\nE001,张叁,90\n")
    plan = import_files(book, [f])
    assert plan.ok
    [w] = plan.problems.warnings
    assert w.code == "import.name_differs" and "张叁" in w.message_zh


def test_workbook_without_positions_sheet(tmp_path: Path) -> None:
    """A workbook that is not an xlkpi workbook is refused with a question HR understands."""
    wb = xlsxwriter.Workbook(str(tmp_path / "plain.xlsx"))
    wb.add_worksheet("Sheet1").write(0, 0, "hello")
    wb.close()
    f = write_csv(tmp_path / "a.csv", "工号,指标,值\nE001,满意度,90\n")
    plan = import_files(tmp_path / "plain.xlsx", [f])
    assert not plan.ok
    assert any("是 xlkpi 工作簿吗" in p.message_zh for p in plan.problems.errors)


def test_xlsx_export_with_an_excel_error_cell(book: Path, tmp_path: Path) -> None:
    """python-calamine reads error cells as blank; the import must not skip them silently."""
    f = tmp_path / "crm.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("报表")
    ws.write_row(0, 0, ["工号", "满意度", "首次解决率"])
    ws.write_row(1, 0, ["E001", 90])
    ws.write_formula(1, 2, "=A9/B9", None, "#DIV/0!")
    wb.close()
    p = the_error(book, [f])
    assert (p.where[0].sheet, p.where[0].cell) == ("报表", "C2")
    assert "#DIV/0!" in p.message_zh and "首次解决率" in p.message_zh
