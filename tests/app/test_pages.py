"""The pages, driven as a browser on this machine would (Starlette's TestClient)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
import python_calamine as pc
from appfiles import (
    BAD_CELL,
    BAD_SHEET,
    FIX_CSV,
    GOOD_VALUE,
    bad_demo,
    demo_copy,
    not_a_workbook,
    with_period,
    zip_bomb,
)
from appsite import Site

from xlkpi.io.backups import recent_backups
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.workbook.calculate import calculate


def _text(html: str) -> str:
    """The page's words without tags (what the reader sees)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_lists_the_folders_workbooks_but_not_backups(site: Site) -> None:
    demo_copy(site.folder)
    demo_copy(site.folder, "demo-after-sales.original.xlsx")
    demo_copy(site.folder, "demo-after-sales.bak.20261204-120000.xlsx")
    (site.folder / "~$demo-after-sales.xlsx").write_bytes(b"lock")
    (site.folder / "notes.txt").write_text("x")
    html = site.get().text
    assert 'href="/' in html and "book/demo-after-sales.xlsx" in html
    assert "demo-after-sales.original" not in html and "demo-after-sales.bak" not in html
    assert "~$" not in html and "notes.txt" not in html


def test_home_is_chinese_and_switches_to_english(site: Site) -> None:
    assert "添加工作簿" in site.get().text
    r = site.get("lang/en", params={"next": site.root})
    assert r.status_code == 303 and r.headers["location"] == site.root
    page = site.get().text
    assert "Add workbooks" in page and "添加工作簿" not in page
    site.get("lang/zh")
    assert "添加工作簿" in site.get().text


def test_language_switch_goes_back_only_to_the_apps_pages(site: Site) -> None:
    for target in ("http://evil.example/", "//evil.example/", f"{site.root}/../x"):
        r = site.get("lang/en", params={"next": target})
        assert r.headers["location"] == site.root


def test_a_known_problem_shows_its_sheet_and_cell(site: Site) -> None:
    bad_demo(site.folder)
    html = site.get("book/demo-after-sales.xlsx").text
    row = re.search(r'<tr class="error-row">.*?</tr>', html, re.S)
    assert row, html
    text = _text(row.group(0))
    assert BAD_SHEET in text and BAD_CELL in text and "四十一秒" in text and "不是数字" in text
    assert "1 个错误" in html


def test_upload_a_workbook_then_calculate_and_download(site: Site, tmp_path: Path) -> None:
    source = demo_copy(tmp_path, "十月.xlsx")
    r = site.upload("upload", source)
    assert r.status_code == 303
    assert r.headers["location"] == site.root + "book/" + quote("十月.xlsx")
    saved = site.folder / "十月.xlsx"
    assert saved.read_bytes() == source.read_bytes()

    r = site.post("book/" + quote("十月.xlsx") + "/calculate")
    assert r.status_code == 200
    assert "已计算并保存" in r.text and "<svg" in r.text and "等级分布与强制分布上限" in r.text
    assert "客服专员" in r.text  # the position chart and the Summary rows

    # the same results as the command line's calculate on the same workbook
    expected = tmp_path / "cli.xlsx"
    expected.write_bytes(source.read_bytes())
    calculate(XlsxBook(expected, backup=False))
    mine = read_grids(saved)
    theirs = read_grids(expected)
    for sheet in ("客服专员", "呼叫中心坐席专员"):
        assert mine[sheet] == theirs[sheet]

    download = site.get("book/" + quote("十月.xlsx") + "/download")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    assert download.content == saved.read_bytes()
    out = tmp_path / "download.xlsx"
    out.write_bytes(download.content)
    sheet = pc.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("客服专员").to_python()
    header = sheet[3]
    assert sheet[4][header.index("total")] not in ("", None)
    assert sheet[4][header.index("grade")] in ("S", "A", "B", "C", "D")


def test_calculate_with_errors_lists_them_and_writes_no_results(site: Site) -> None:
    path = bad_demo(site.folder)
    r = site.post(f"book/{path.name}/calculate")
    assert "计算未完成：1 个错误需要先修正" in r.text
    assert BAD_CELL in r.text
    grid = read_grids(path, ["客服专员"])["客服专员"]
    assert grid[4][grid[3].index("total")] is None


def test_uploading_the_fixed_workbook_replaces_it_with_a_backup(site: Site, tmp_path: Path) -> None:
    bad = bad_demo(site.folder)
    broken = bad.read_bytes()
    fixed = demo_copy(tmp_path)
    r = site.upload("upload", fixed)
    assert r.status_code == 303
    assert bad.read_bytes() == fixed.read_bytes()
    assert Path(recent_backups(str(bad))[-1]).read_bytes() == broken
    assert "0 个错误" in site.get("book/demo-after-sales.xlsx").text


def test_import_fixes_the_bad_value(site: Site, tmp_path: Path) -> None:
    path = bad_demo(site.folder)
    csv = tmp_path / "修正.csv"
    csv.write_text(FIX_CSV, encoding="utf-8")
    r = site.upload(f"book/{path.name}/import", csv, data={"dry_run": "1"})
    assert "检查通过" in r.text
    assert read_grids(path, [BAD_SHEET])[BAD_SHEET][4][2] == "四十一秒"
    r = site.upload(f"book/{path.name}/import", csv)
    assert r.status_code == 200, r.text
    assert "已导入：1 个值" in r.text and "修正.csv" in r.text
    assert read_grids(path, [BAD_SHEET])[BAD_SHEET][4][2] == GOOD_VALUE
    assert recent_backups(str(path))


def test_import_problems_name_the_file_and_row(site: Site, tmp_path: Path) -> None:
    path = demo_copy(site.folder)
    before = path.read_bytes()
    csv = tmp_path / "actuals.csv"
    # the same person twice with different values: refused, naming both rows
    csv.write_text("工号,指标,值\nE1022,response_time,41\nE1022,response_time,45\n", "utf-8")
    r = site.upload(f"book/{path.name}/import", csv)
    assert r.status_code == 400
    assert "导入失败" in r.text and "actuals.csv" in r.text
    assert "第 2 行" in r.text and "第 3 行" in r.text
    assert path.read_bytes() == before


def test_not_a_workbook_gets_a_clear_page(site: Site, tmp_path: Path) -> None:
    r = site.upload("upload", not_a_workbook(tmp_path))
    assert r.status_code == 400
    assert "未添加：notes.xlsx：此文件不是 Excel 工作簿" in _text(r.text)
    text = tmp_path / "名单.csv"
    text.write_text("a,b\n")
    r = site.upload("upload", text)
    assert "只能添加 .xlsx 或 .xlsm 工作簿" in r.text
    assert list(site.folder.iterdir()) == []
    assert site.get().status_code == 200


def test_zip_bomb_gets_a_clear_page(site: Site, tmp_path: Path) -> None:
    r = site.upload("upload", zip_bomb(tmp_path))
    assert r.status_code == 400
    assert "未添加：bomb.xlsx" in r.text and "压缩" in r.text
    assert list(site.folder.iterdir()) == []
    assert site.get().status_code == 200


def test_one_bad_file_among_good_ones(site: Site, tmp_path: Path) -> None:
    good = demo_copy(tmp_path, "good.xlsx")
    r = site.upload("upload", good, not_a_workbook(tmp_path))
    assert r.status_code == 400
    assert "已添加：good.xlsx" in r.text and "未添加：notes.xlsx" in r.text
    assert [p.name for p in site.folder.iterdir()] == ["good.xlsx"]


def test_names_cannot_leave_the_folder(site: Site, tmp_path: Path) -> None:
    outside = demo_copy(tmp_path, "secret.xlsx")
    for name in ("../secret.xlsx", "..%2Fsecret.xlsx", "%2E%2E%2Fsecret.xlsx"):
        r = site.get(f"book/{name}/download")
        assert r.status_code in (403, 404)
        assert outside.read_bytes()[:2] != r.content[:2]
    r = site.upload("upload", outside, data={})
    assert (site.folder / "secret.xlsx").exists()  # saved inside, under its plain name
    r = site.client.post(
        site.root + "upload",
        headers={"Origin": "http://127.0.0.1:48765"},
        files=[("files", ("..\\..\\evil.xlsx", outside.read_bytes(), "x"))],
    )
    assert (site.folder / "evil.xlsx").exists() and not (tmp_path / "evil.xlsx").exists()


def test_unknown_workbook_page(site: Site) -> None:
    r = site.get("book/nothing.xlsx")
    assert r.status_code == 404
    assert "文件夹中没有名为“nothing.xlsx”的工作簿" in r.text


def test_new_from_a_template(site: Site) -> None:
    r = site.post(
        "new",
        data={"template": "call-centre-agent", "book_lang": "en", "name": "2026-10"},
    )
    assert r.status_code == 303
    assert r.headers["location"].endswith("book/2026-10.xlsx")
    grids = read_grids(site.folder / "2026-10.xlsx")
    assert "Settings" in grids
    r = site.post("new", data={"template": "call-centre-agent", "name": "2026-10.xlsx"})
    assert r.status_code == 400 and "已存在" in r.text
    r = site.post("new", data={"template": "no-such", "name": "x.xlsx"})
    assert r.status_code == 400 and "没有名为“no-such”的模板" in r.text


def test_rollup_two_months(site: Site) -> None:
    for name, period in (("2026-01.xlsx", "2026-01"), ("2026-02.xlsx", "2026-02")):
        path = with_period(site.folder, name, period)
        assert calculate(XlsxBook(path, backup=False)).ok
    r = site.post("rollup", data={"inputs": ["2026-01.xlsx", "2026-02.xlsx"], "out": "2026Q1"})
    assert r.status_code == 200, r.text
    assert "已生成 2026Q1.xlsx：2026Q1，30 人，2 期" in r.text
    assert (site.folder / "2026Q1.xlsx").exists()
    r = site.post("rollup", data={"inputs": ["2026-01.xlsx"], "out": "2026Q1.xlsx"})
    assert r.status_code == 400 and "已存在" in r.text


def test_rollup_of_an_uncalculated_workbook_explains(site: Site) -> None:
    demo_copy(site.folder, "2026-03.xlsx")
    r = site.post("rollup", data={"inputs": ["2026-03.xlsx"], "out": "q.xlsx"})
    assert r.status_code == 400
    assert "未生成汇总" in r.text
    assert not (site.folder / "q.xlsx").exists()


@pytest.mark.libreoffice
def test_a_workbook_saved_by_libreoffice_calculates_like_the_original(
    site: Site, tmp_path: Path
) -> None:
    """The WPS / LibreOffice path: a workbook saved by another office suite (here
    LibreOffice, headless) is added, checked and calculated in the app, with the results
    of the original."""
    from helpers.libreoffice import convert

    original = demo_copy(tmp_path)
    (saved_by_lo,) = convert(original, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    assert site.upload("upload", saved_by_lo).status_code == 303
    r = site.post(f"book/{saved_by_lo.name}/calculate")
    assert "已计算并保存" in r.text, _text(r.text)[:2000]
    assert calculate(XlsxBook(original, backup=False)).ok
    for sheet in ("客服专员", "呼叫中心坐席专员", "售后服务专员"):
        mine = read_grids(site.folder / saved_by_lo.name, [sheet])[sheet]
        theirs = read_grids(original, [sheet])[sheet]
        keys = theirs[3]
        for col in ("total", "rank", "grade", "bonus"):
            c = keys.index(col)
            assert [r[c] for r in mine[4:] if r[0]] == [r[c] for r in theirs[4:] if r[0]], col


def test_new_workbooks_are_plain_xlsx(site: Site) -> None:
    r = site.post("new", data={"template": "call-centre-agent", "name": "宏.xlsm"})
    assert r.status_code == 400 and "须以 .xlsx 结尾" in r.text
    assert list(site.folder.iterdir()) == []
