"""Import refuses what would be imported wrong, naming the file and row; it marks the
results not current; impossible actuals and amounts are errors naming the cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from xlbook import build_book, write_csv

from xlkpi.cli.main import main
from xlkpi.importing import sources
from xlkpi.io.cells import Block, a1
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks


def _import(book: Path, *files: Path, capsys) -> tuple[int, str]:  # noqa: ANN001
    code = main(["--lang", "en", "import", str(book), *map(str, files)])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_book(tmp_path / "book.xlsx", "en")


def test_a_row_with_more_fields_than_the_header_is_refused(book: Path, capsys) -> None:
    before = book.read_bytes()
    csv = write_csv(
        book.parent / "wide.csv",
        "employee_id,name,Average talk time,Satisfaction\nE001,张三,1,4.4\nA001,王五,1,234,96%\n",
    )
    code, text = _import(book, csv, capsys=capsys)
    assert code == 2
    assert "wide.csv row 3" in text and "more value" in text
    assert book.read_bytes() == before


@pytest.mark.parametrize("header", ["employee_id,indicator,value,value", "工号,工号,指标,值"])
def test_duplicated_columns_are_refused(book: Path, header: str, capsys) -> None:
    before = book.read_bytes()
    csv = write_csv(book.parent / "dup.csv", f"{header}\nE001,Satisfaction,90,91\n")
    code, text = _import(book, csv, capsys=capsys)
    assert code == 2 and "appears twice" in text and "dup.csv" in text
    assert book.read_bytes() == before


def test_an_unclosed_quote_is_named_at_its_row(book: Path, capsys) -> None:
    csv = write_csv(
        book.parent / "q.csv",
        'employee_id,indicator,value\nE001,Satisfaction,90\nE002,"Satisfaction,80\nA001,x,1\n',
    )
    code, text = _import(book, csv, capsys=capsys)
    assert code == 2 and "q.csv row 3" in text and "never closed" in text


def test_size_row_and_cell_limits_name_the_file(book: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sources, "MAX_CSV_BYTES", 100)
    big = write_csv(
        book.parent / "big.csv", "employee_id,indicator,value\n" + "E001,Satisfaction,90\n" * 10
    )
    code, text = _import(book, big, capsys=capsys)
    assert code == 2 and "big.csv" in text and "MB" in text
    monkeypatch.setattr(sources, "MAX_CSV_BYTES", 10**6)
    monkeypatch.setattr(sources, "MAX_ROWS", 3)
    code, text = _import(book, big, capsys=capsys)
    assert code == 2 and "big.csv row 4" in text
    monkeypatch.setattr(sources, "MAX_ROWS", 10**6)
    long = write_csv(book.parent / "long.csv", "employee_id,name\nE001," + "李" * 40_000 + "\n")
    code, text = _import(book, long, capsys=capsys)
    assert code == 2 and "long.csv row 2" in text and "40,000 characters" in text
    assert len(text) < 2000  # the value is never echoed whole


def test_extra_long_form_columns_are_warned(book: Path, capsys) -> None:
    csv = write_csv(
        book.parent / "l.csv", "employee_id,indicator,value,comment\nE001,Satisfaction,90,ok\n"
    )
    code, text = _import(book, csv, capsys=capsys)
    assert code == 0 and "comment" in text and "Do not import" in text


def test_import_marks_the_results_not_current(book: Path, capsys) -> None:
    assert main(["--lang", "en", "calculate", str(book)]) in (0, 2)
    capsys.readouterr()
    grids = read_grids(book)
    settings = next(g for name, g in grids.items() if name in ("Settings", "设置"))
    status_row = next(
        r for r in settings if r and str(r[0]).strip() in ("Calculation status", "计算状态")
    )
    assert status_row[1]  # calculate wrote a status
    csv = write_csv(book.parent / "a.csv", "employee_id,indicator,value\nE001,Satisfaction,91\n")
    code, _ = _import(book, csv, capsys=capsys)
    assert code == 0
    grids = read_grids(book)
    settings = next(g for name, g in grids.items() if name in ("Settings", "设置"))
    status_row = next(
        r for r in settings if r and str(r[0]).strip() in ("Calculation status", "计算状态")
    )
    assert "not current" in status_row[1] and "calculate again" in status_row[1]
    summary = next(g for name, g in grids.items() if name in ("Summary", "汇总"))
    assert any(r and len(r) > 1 and "not current" in str(r[1]) for r in summary[:10])


DEMO = Path(__file__).resolve().parents[2] / "workbooks" / "demo-after-sales.xlsx"


@pytest.mark.parametrize(
    ("sheet", "key", "value", "said"),
    [
        ("客服专员", "response_time", -100, "-100超出该指标的有效范围 ≥0"),
        ("客户服务部经理", "churn", -5, "-5超出该指标的有效范围 ≥0"),
        ("客服专员", "kb_items", -3, "-3超出该指标的有效范围 ≥0"),
        ("客服专员", "satisfaction", 1.7e308, "超出该指标的有效范围 1–5"),
        ("呼叫中心坐席专员", "discipline#迟到", -2, "超出该指标的有效范围 ≥0"),
    ],
)
def test_impossible_actuals_are_errors_naming_the_cell(
    tmp_path: Path, sheet: str, key: str, value: float, said: str, capsys
) -> None:
    book = tmp_path / "demo.xlsx"
    book.write_bytes(DEMO.read_bytes())
    grid = read_grids(book, [sheet])[sheet]
    keys = next(r for r in grid if r and r[0] == "id")
    row = next(i for i, r in enumerate(grid) if i > grid.index(keys) and r and r[0])
    col = list(keys).index(key)
    write_blocks(book, [Block(sheet, row, col, [[value]])], backup=False)
    assert main(["calculate", str(book)]) == 2
    err = capsys.readouterr().err
    assert said in err, err
    assert f"{sheet}!{a1(row, col)}" in err


def test_the_valid_range_is_hrs_to_edit(tmp_path: Path, capsys) -> None:
    """Widening a range in the Indicators sheet accepts the value; a bad range is named."""
    book = tmp_path / "demo.xlsx"
    book.write_bytes(DEMO.read_bytes())
    ind = read_grids(book, ["指标"])["指标"]
    head = next(i for i, r in enumerate(ind) if r and r[0] == "岗位")
    vcol = list(ind[head]).index("有效范围")
    row = next(i for i, r in enumerate(ind) if r and r[3] == "satisfaction" and r[0] == "客服专员")
    write_blocks(book, [Block("客服专员", 4, 4, [[6]])], backup=False)
    assert main(["calculate", str(book)]) == 2
    assert "超出该指标的有效范围 1–5" in capsys.readouterr().err
    write_blocks(book, [Block("指标", row, vcol, [["1–10"]])], backup=False)
    assert main(["calculate", str(book)]) == 0
    capsys.readouterr()
    write_blocks(book, [Block("指标", row, vcol, [["sometimes"]])], backup=False)
    assert main(["calculate", str(book)]) == 2
    assert f"指标!{a1(row, vcol)}" in capsys.readouterr().err


def test_an_amount_beyond_reason_is_an_input_error(book: Path, capsys) -> None:
    roster = read_grids(book, ["Roster"])["Roster"]
    col = list(roster[0]).index("Bonus base")
    write_blocks(book, [Block("Roster", 1, col, [[1e26]])], backup=False)
    assert main(["--lang", "en", "calculate", str(book)]) == 2
    err = capsys.readouterr().err
    assert "too large for an amount of money" in err and "Roster!F2" in err
    assert "InvalidOperation" not in err


def test_a_huge_rule_is_quoted_short_and_the_issues_sheet_is_written(
    tmp_path: Path, capsys
) -> None:
    book = tmp_path / "demo.xlsx"
    book.write_bytes(DEMO.read_bytes())
    ind = read_grids(book, ["指标"])["指标"]
    head = next(i for i, r in enumerate(ind) if r and r[0] == "岗位")
    rule_col = list(ind[head]).index("评分规则")
    write_blocks(book, [Block("指标", head + 1, rule_col, [["规" * 32_000]])], backup=False)
    assert main(["calculate", str(book)]) == 2
    err = capsys.readouterr().err
    assert "问题已写入" in err and max(len(line) for line in err.splitlines()) < 1500
    issues = read_grids(book, ["问题"])["问题"]
    assert any("规规规" in str(v) and len(str(v)) < 1500 for r in issues for v in r)
