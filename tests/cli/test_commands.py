"""new, templates, check and calculate through main(): outputs, exit codes, untouched files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from xlbook import digest, write_csv

from xlkpi.cli.main import main
from xlkpi.io.cells import Block, Formula
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks


def _ready() -> bool:
    try:
        from xlkpi.authoring import TEMPLATES
        from xlkpi.workbook.calculate import calculate  # noqa: F401
    except ImportError:
        return False
    return "cs-team-member" in TEMPLATES


needs_templates = pytest.mark.skipif(not _ready(), reason="templates not built yet")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- templates and new ---------------------------------------------------------------------


@needs_templates
def test_templates_lists_names_titles_positions(capsys) -> None:
    from xlkpi.authoring import TEMPLATES

    code, out, _ = run(capsys, "templates", "--lang", "zh")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["模板", "名称", "岗位"]
    assert len(lines) == 1 + len(TEMPLATES)
    row = next(ln for ln in lines if ln.startswith("cs-team-member "))
    assert "客服专员绩效考核表" in row and row.rstrip().endswith("客服专员")
    code, out, _ = run(capsys, "templates", "--lang", "en")
    assert "Customer-service team member assessment" in out


@needs_templates
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_builds_a_readable_workbook(capsys, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "book.xlsx"
    code, out, err = run(capsys, "new", str(path), "--template", "cs-team-member", "--lang", lang)
    assert code == 0, err
    assert path.exists() and str(path) in out
    sheets = list(read_grids(path))
    assert ("人员" if lang == "zh" else "Roster") in sheets
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".xlkpi-new-")]


@needs_templates
def test_new_refuses_to_overwrite_without_force(capsys, tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"precious")
    code, _, err = run(capsys, "new", str(path), "--lang", "en")
    assert code == 2 and "already exists; add --force" in err
    assert path.read_bytes() == b"precious"
    code, _, err = run(capsys, "new", str(path), "--lang", "en", "--force")
    assert code == 0, err
    assert path.read_bytes()[:2] == b"PK"


@needs_templates
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--template", "nope"], "there is no template named 'nope'; available: "),
        (["--macro"], "a workbook with macros must end in .xlsm"),
    ],
)
def test_new_usage_problems(capsys, tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "b.xlsx"), "--lang", "en", *args)
    assert code == 2 and message in err
    assert list(tmp_path.iterdir()) == []


@needs_templates
def test_new_xlsm_needs_macro_and_other_suffixes_are_refused(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "b.xlsm"), "--lang", "en")
    assert code == 2 and "ends in .xlsm but --macro was not given" in err
    code, _, err = run(capsys, "new", str(tmp_path / "b.xls"), "--lang", "en")
    assert code == 2 and "must end in .xlsx or .xlsm" in err
    code, _, err = run(capsys, "new", str(tmp_path / "no" / "b.xlsx"), "--lang", "en")
    assert code == 2 and "folder does not exist" in err
    assert list(tmp_path.iterdir()) == []


@needs_templates
def test_new_without_suffix_adds_xlsx(capsys, tmp_path: Path) -> None:
    code, _, _ = run(capsys, "new", str(tmp_path / "book"), "--lang", "en")
    assert code == 0 and (tmp_path / "book.xlsx").exists()


# --- check and calculate on a workbook with cells as people type them --------------------

SHEET = "客服专员"


def _book(tmp_path: Path, capsys) -> Path:
    """The cs-team-member workbook with E1 (all targets met: 100 points) and E2 (a response
    time of 31 s: one started step of 5 s over 30 s, −2 points: 98)."""
    book = tmp_path / "b.xlsx"
    assert main(["new", str(book), "--template", "cs-team-member", "--lang", "zh"]) == 0
    roster = write_csv(tmp_path / "r.csv", "工号,姓名,岗位\nE1,张三,客服专员\nE2,李四,客服专员\n")
    wide = write_csv(
        tmp_path / "w.csv",
        "工号,平均响应时长,工单处理及时率,客户满意度评分,一次性解决率,知识库贡献度,"
        "培训考核通过率\nE1,25,99%,4.6,92%,3,100%\nE2,31,99%,4.6,92%,3,100%\n",
    )
    assert main(["import", str(book), str(roster), str(wide), "--no-backup"]) == 0
    capsys.readouterr()
    return book


def _cell(book: Path, emp: str, key: str) -> tuple[int, int]:
    grid = read_grids(book)[SHEET]
    keys = grid[3]
    row = next(r for r, cells in enumerate(grid) if cells and cells[0] == emp)
    return row, keys.index(key)


@needs_templates
def test_text_numbers_in_the_workbook_are_read(capsys, tmp_path: Path) -> None:
    """Numbers typed as text, full-width digits and %, units, Chinese decimal point."""
    book = _book(tmp_path, capsys)
    r, c = _cell(book, "E2", "response_time")
    # E2 as in the hand computation of test_end_to_end.py: 75 points
    write_blocks(
        book, [Block(SHEET, r, c, [["４０秒", "96％", " 4。3 ", "85%", "1", "0.9"]])], backup=False
    )
    code, out, err = run(capsys, "calculate", str(book))
    assert code == 0, err
    grid = read_grids(book)[SHEET]
    keys = grid[3]
    assert grid[r][keys.index("total")] == pytest.approx(75)


BAD_CELLS = {
    "word": ("优秀", "“优秀”不是数字"),
    "decimal comma": ("4,3", "逗号只能用作千位分隔"),
    "excel error text": ("#DIV/0!", "Excel 错误 #DIV/0!"),
    "date": (dt.datetime(2026, 10, 1), "是日期"),
    # a formula whose cached result is an error: stored as t="e", which calamine reads as blank
    "excel error cell": (Formula("=1/0", cached="#DIV/0!"), "Excel 错误 #DIV/0!"),
}


@needs_templates
@pytest.mark.parametrize("case", sorted(BAD_CELLS))
def test_check_reports_bad_cells_with_their_address(capsys, tmp_path: Path, case: str) -> None:
    book = _book(tmp_path, capsys)
    r, c = _cell(book, "E2", "satisfaction")
    value, message = BAD_CELLS[case]
    write_blocks(book, [Block(SHEET, r, c, [[value]])], backup=False)
    before = digest(book)
    code, out, err = run(capsys, "check", str(book))
    assert code == 2
    address = f"{SHEET}!{chr(65 + c)}{r + 1}"
    line = next(ln for ln in out.splitlines() if address in ln)
    assert line.startswith("错误") and message in line
    assert "Traceback" not in out + err
    assert digest(book) == before


@needs_templates
def test_calculate_with_errors_exits_2_and_lists_them(capsys, tmp_path: Path) -> None:
    book = _book(tmp_path, capsys)
    r, c = _cell(book, "E2", "satisfaction")
    write_blocks(book, [Block(SHEET, r, c, [["n/a"]])], backup=False)
    code, out, err = run(capsys, "calculate", str(book))
    assert code == 2 and out == ""
    assert "“n/a”不是数字" in err and "计算未完成：1 个错误需要先修正。" in err
    assert "问题" in read_grids(book)  # the Issues sheet holds them


@needs_templates
def test_check_clean_workbook(capsys, tmp_path: Path) -> None:
    book = _book(tmp_path, capsys)
    before = digest(book)
    code, out, _ = run(capsys, "check", str(book))
    assert code == 0 and out.strip() == "未发现问题。"
    assert digest(book) == before


@needs_templates
def test_calculate_summary(capsys, tmp_path: Path) -> None:
    book = _book(tmp_path, capsys)
    code, out, err = run(capsys, "calculate", str(book), "--no-backup")
    assert code == 0, err
    assert out.splitlines() == [
        f"已计算 {book}",
        "  人数：2",
        "  平均分：99.00",
        "  等级分布：S 1  A 1",
        "  奖金池：未设置",
        "  提醒：0",
    ]
    assert err == ""
