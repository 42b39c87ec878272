"""`xlkpi overview`: every number checked against what the source workbooks hold after
`xlkpi calculate`, links back to the sources, and charts that carry their numbers."""

from __future__ import annotations

import re
import shutil
import statistics
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from helpers.company_books import build_company
from xlkpi.cli.main import main
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.workbook.read import read_assessment

REPO = Path(__file__).resolve().parents[2]


def _written(path: Path) -> dict[str, dict[str, object]]:
    """id -> {total, grade, bonus, department} as the calculated workbook holds them."""
    read = read_assessment(XlsxBook(path))
    grids = read_grids(path)
    dept = {e.id: e.department for e in read.assessment.employees}
    out = {}
    for place in read.where.data.values():
        grid = grids[place.sheet]
        for eid, row in place.rows.items():
            rec = {k: grid[row][place.columns[k]] for k in ("total", "grade", "bonus")}
            out[eid] = {**rec, "department": dept[eid]}
    return out


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("overview")
    books = folder / "books"
    build_company(books)
    shutil.copyfile(REPO / "workbooks" / "demo-after-sales.xlsx", books / "after-sales.xlsx")
    assert main(["calculate", str(books), "--no-backup"]) == 0
    out = folder / "overview.xlsx"
    assert main(["overview", str(out), str(books)]) == 0
    return books, out


def test_every_department_matches_its_workbook(company: tuple[Path, Path]) -> None:
    books, out = company
    grid = read_grids(out)["总览"]
    header = grid[3]
    rows = {r[0]: dict(zip(header, r, strict=False)) for r in grid[4:] if r[0]}
    everyone: list[dict[str, object]] = []
    for path in sorted(books.glob("*.xlsx")):
        people = list(_written(path).values())
        everyone += people
        row = rows[path.name]
        totals = [float(p["total"]) for p in people]  # type: ignore[arg-type]
        assert row["人数"] == len(people)
        assert row["平均分"] == pytest.approx(round(statistics.fmean(totals), 2))
        assert row["标准差"] == pytest.approx(round(statistics.pstdev(totals), 2))
        assert row["最低分"] == min(totals) and row["最高分"] == max(totals)
        grades = Counter(p["grade"] for p in people)
        for g in ("S", "A", "B", "C"):
            assert (row.get(f"{g} 人数") or 0) == grades.get(g, 0), (path.name, g)
        assert row["已分配奖金"] == pytest.approx(sum(float(p["bonus"]) for p in people))  # type: ignore[arg-type]
        assert row["部门"] == "、".join(sorted({str(p["department"]) for p in people}))
    total = rows["全公司"]
    assert total["人数"] == len(everyone) == 40
    assert total["已分配奖金"] == pytest.approx(60000 + 9500)
    assert total["奖金预算"] == pytest.approx(60000 + 9500)  # its own pool + the company pool
    assert rows["ops.xlsx"]["奖金预算"] == "（全公司奖金池）"
    assert rows["after-sales.xlsx"]["预算使用率"] == pytest.approx(1.0)


def test_quotas_show_the_company_rows(company: tuple[Path, Path]) -> None:
    _, out = company
    rows = [r[:6] for r in read_grids(out)["等级配额"][3:]]
    assert ["全公司", "A", "≤20%", 2, 2, "是"] in rows
    assert ["全公司", "C", "≥10%", 1, 3, "是"] in rows
    assert ["运营部", "A", "≤20%", 1, 0, "是"] in rows  # limits per department, for reference


def test_calibrated_grades_are_listed_with_a_link(company: tuple[Path, Path]) -> None:
    books, out = company
    changes = read_grids(out)["等级调整"]
    written = _written(books / "after-sales.xlsx")
    listed = {r[2]: r for r in changes[1:]}
    assert set(listed) == {"E1009"}  # the demo's one calibration (C by score, calibrated A)
    row = listed["E1009"]
    assert row[5:7] == ["C", written["E1009"]["grade"]] == ["C", "A"]
    ws = openpyxl.load_workbook(out)["等级调整"]
    link = ws.cell(2, 9).hyperlink
    assert link.target.replace("\\", "/") == "books/after-sales.xlsx"
    sheet, cells = link.location.rsplit("!", 1)
    grid = read_grids(books / "after-sales.xlsx")[sheet.strip("'")]
    first_row = int(re.match(r"A(\d+):", cells).group(1))  # type: ignore[union-attr]
    assert grid[first_row - 1][0] == "E1009"


def test_department_rows_link_to_their_range(company: tuple[Path, Path]) -> None:
    books, out = company
    ws = openpyxl.load_workbook(out)["总览"]
    links = {ws.cell(r, 1).value: ws.cell(r, ws.max_column).hyperlink for r in range(5, 9)}
    ops = links["ops.xlsx"]
    assert ops.target.replace("\\", "/") == "books/ops.xlsx"
    assert ops.location == "'专员数据'!A5:M7"
    ids = [row[0] for row in read_grids(books / "ops.xlsx")["专员数据"][4:7]]
    assert ids == ["O1", "O2", "O3"]


def test_charts_carry_their_numbers(company: tuple[Path, Path]) -> None:
    _, out = company
    grid = read_grids(out)["总览"]
    header = grid[3]
    a_counts = [r[header.index("A 人数")] for r in grid[4:8]]
    with zipfile.ZipFile(out) as z:
        charts = [z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("xl/charts/")]
    assert len(charts) == 3
    series = re.findall(r"<c:val>.*?</c:val>", charts[0], re.S)
    a_series = series[1]  # S, A, B, C
    cached = [float(v) for v in re.findall(r"<c:v>([^<]*)</c:v>", a_series)]
    assert cached == [float(x) for x in a_counts]


def test_the_overview_file_follows_the_umask(company: tuple[Path, Path], tmp_path: Path) -> None:
    """A new workbook xlkpi makes (overview, roll-up, new) gets the user's usual
    permissions, not those of a private temporary file (0600)."""
    import os

    folder, _ = company
    out = tmp_path / "overview.xlsx"
    old = os.umask(0o022)
    try:
        assert main(["overview", str(out), str(folder)]) in (0, 2)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
