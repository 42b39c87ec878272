"""From nothing to results with the command line only, checked against hand-computed totals.

`xlkpi new` (cs-team-member template) → `xlkpi import` a GBK roster, a UTF-8-BOM wide
export and an XLSX long export → `xlkpi calculate` → the values read back with
python-calamine, and once more after LibreOffice opened the workbook and exported the
data sheet to CSV.

Hand computation (domain.md §3, customer-service team member; weighted points are
raw / scale × weight × dimension weight × 100, so each indicator's points here equal its
raw points):

    indicator        E1              E2                      E3
    response ≤30 s   25 s → 15       40 s: 2 steps → 11      31 s: 1 started step → 13
    tickets ≥98%     99% → 10        96%: −2 → 8             98% → 10
    CSAT ≥4.5        4.6 → 30        4.3: 2 × −3 → 24        4.5 → 30
    FCR ≥90%         92% → 25        85%: −5 → 20            90% → 25
    KB items ≥3      3 → 10          1: 2 × −3 → 4           3 → 10
    training 100%    100% → 10       90%: −2 → 8             80%: 2 × −2 → 6
    total            100             75                      94

Grades S ≥90 (at most 10%: ceil(0.3) = 1 person), A ≥80, B ≥70: E1 S, E3 A (capped from
S by the quota), E2 B. Ranks 1, 3, 2.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import pytest
import xlsxwriter
from xlbook import digest, write_csv

from helpers.libreoffice import require_soffice
from xlkpi.cli.main import main
from xlkpi.delivery.pdf import convert
from xlkpi.io.reader import read_grids
from xlkpi.workbook.values import parse_number

TEMPLATE = "cs-team-member"
SHEET = "客服专员"
EXPECTED = {"E1": (100.0, 1, "S"), "E2": (75.0, 3, "B"), "E3": (94.0, 2, "A")}
POINTS_E2 = {
    "response_time": 11,
    "tickets_24h": 8,
    "satisfaction": 24,
    "first_contact": 20,
    "kb_items": 4,
    "training_pass": 8,
}


def _templates_ready() -> bool:
    try:
        from xlkpi.authoring import TEMPLATES
        from xlkpi.workbook.calculate import calculate  # noqa: F401
    except ImportError:
        return False
    return TEMPLATE in TEMPLATES


pytestmark = pytest.mark.skipif(not _templates_ready(), reason="templates not built yet")


def build(tmp_path: Path, capsys) -> Path:
    book = tmp_path / "2026-10.xlsx"
    assert main(["new", str(book), "--template", TEMPLATE, "--lang", "zh"]) == 0
    roster = write_csv(
        tmp_path / "人员.csv",
        "工号,姓名,部门,班组,岗位,奖金基数\n"
        "E1,张三,客服部,A组,客服专员,8000\n"
        "E2,李四,客服部,A组,cs_member,6000\n"
        "\n"
        "E3,王五,客服部,B组,客服专员,5000\n",
        "gbk",
    )
    wide = write_csv(
        tmp_path / "crm.csv",
        "员工编号,姓名,平均响应时长,工单处理及时率,客户满意度评分,一次性解决率\n"
        "E1,张三,25,99%,4.6,92%\n"
        "E2,李四,４０,96％,4.3,85%\n"
        "E3,王五,31秒,98%,4.5,0.9\n",
        "utf-8-sig",
    )
    long = tmp_path / "培训.xlsx"
    wb = xlsxwriter.Workbook(str(long))
    ws = wb.add_worksheet("导出")
    ws.write_row(0, 0, ["employee_id", "indicator", "value"])
    rows = [
        ("E1", "kb_items", 3),
        ("E1", "Training pass rate", 1),
        ("E2", "知识库贡献度", "1"),
        ("E2", "培训考核通过率", "90%"),
        None,
        ("E3", "kb_items", 3),
        ("E3", "training_pass", 0.8),
    ]
    for r, record in enumerate(rows, 1):
        if record is not None:  # None leaves a blank row in the export
            ws.write_row(r, 0, record)
    wb.close()
    assert main(["import", str(book), str(roster), str(wide), str(long)]) == 0, capsys.readouterr()
    return book


def data_rows(grid: list[list]) -> dict[str, dict[str, object]]:
    keys = next(row for row in grid[:10] if row and row[0] == "id")
    start = grid.index(keys) + 1
    return {row[0]: dict(zip(keys, row, strict=False)) for row in grid[start:] if row[0]}


def test_new_import_calculate_read_back(tmp_path: Path, capsys) -> None:
    book = build(tmp_path, capsys)
    capsys.readouterr()
    code = main(["calculate", str(book)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "人数：3" in out and "平均分：89.67" in out and "S 1  A 1  B 1" in out
    rows = data_rows(read_grids(book)[SHEET])
    for emp, (total, rank, grade) in EXPECTED.items():
        assert rows[emp]["total"] == pytest.approx(total)
        assert (rows[emp]["rank"], rows[emp]["grade"]) == (rank, grade)
    for code_, points in POINTS_E2.items():
        assert rows["E2"][f"pts:{code_}"] == pytest.approx(points)
    roster = read_grids(book)["人员"]
    assert [r[0] for r in roster[3:6]] == ["E1", "E2", "E3"]


def test_calculate_json(tmp_path: Path, capsys) -> None:
    book = build(tmp_path, capsys)
    for backup in tmp_path.glob("*.bak.*"):  # the import's backup
        backup.unlink()
    capsys.readouterr()
    code = main(["calculate", str(book), "--json", "--no-backup"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert data["ok"] is True and data["issues"] == []
    by_id = {e["id"]: e for e in data["employees"]}
    assert set(by_id) == {"E1", "E2", "E3"}
    e2 = by_id["E2"]
    assert (e2["name"], e2["position"], e2["department"]) == ("李四", "cs_member", "客服部")
    assert (e2["total"], e2["rank"], e2["grade"]) == (75.0, 3, "B")
    assert {i["code"]: i["points"] for i in e2["indicators"]} == pytest.approx(POINTS_E2)
    assert {i["code"]: i["name"] for i in e2["indicators"]}["kb_items"] == "知识库贡献度"
    assert "bonus" in e2
    assert "客服专员" in out  # ensure_ascii=False: Chinese as is
    assert not list(tmp_path.glob("*.bak.*"))  # --no-backup


def test_a_refused_import_leaves_a_workbook_that_checks_clean(tmp_path: Path, capsys) -> None:
    book = build(tmp_path, capsys)
    bad = write_csv(tmp_path / "bad.csv", "工号,指标,值\nE1,平均响应时长,abc\n")
    before = digest(book)
    assert main(["import", str(book), str(bad)]) == 2
    assert digest(book) == before
    capsys.readouterr()
    assert main(["check", str(book)]) == 0
    out, _ = capsys.readouterr()
    assert "未发现问题" in out


@pytest.mark.libreoffice
def test_libreoffice_reads_the_results(tmp_path: Path, capsys) -> None:
    exe = require_soffice()
    book = build(tmp_path, capsys)
    assert main(["calculate", str(book)]) == 0
    sheet_index = list(read_grids(book)).index(SHEET) + 1
    outdir = tmp_path / "lo"
    with tempfile.TemporaryDirectory(prefix="xlkpi-lo-") as profile:
        # UTF-8, comma, raw values (not as shown), only the data sheet
        fmt = f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet_index}"
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        proc = convert(exe, [book], fmt, outdir, Path(profile), timeout=300, env=env)
        # the sheet name goes into the file name
    produced = list(outdir.glob("*.csv"))
    assert proc.returncode == 0 and len(produced) == 1, (proc.stdout, proc.stderr, fmt)
    with produced[0].open(encoding="utf-8", newline="") as fh:
        grid = list(csv.reader(fh))
    rows = data_rows(grid)
    for emp, (total, rank, grade) in EXPECTED.items():
        assert number(rows[emp]["total"]) == pytest.approx(total)
        assert (number(rows[emp]["rank"]), rows[emp]["grade"]) == (rank, grade)
    assert number(rows["E2"]["pts:satisfaction"]) == pytest.approx(24)
    assert number(rows["E2"]["tickets_24h"]) == pytest.approx(0.96)  # "96%" as shown


def number(text: object) -> float:
    """A number LibreOffice wrote (it may keep the cell's format: "96%")."""
    value = parse_number(text)
    assert value is not None, text
    return value
