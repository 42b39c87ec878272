"""Fill each template with sample data, Calculate, and check the results; check the demo
workbook and that Calculate loses nothing of what the templates carry."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from parts import parts, sheet_parts, without_sheet_data
from python_calamine import CalamineWorkbook

from helpers.templates import REPO, macro_available
from xlkpi.authoring import TEMPLATES, build_workbook
from xlkpi.authoring.catalog_source import position
from xlkpi.authoring.sample_data import DEMO_POOL
from xlkpi.authoring.texts import FORM_SHEET
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook import layout
from xlkpi.workbook.calculate import calculate

CASES = [(name, lang) for name in TEMPLATES for lang in layout.LANGS]
IDS = [f"{n}-{lang}" for n, lang in CASES]
DEMO = REPO / "workbooks" / "demo-after-sales.xlsx"


def _grids(path: Path) -> dict[str, list[list[object]]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names}


def _rows(
    grid: list[list[object]], header_row: int, table: layout.Table
) -> list[dict[str, object]]:
    cols = layout.map_columns(table, grid[header_row])
    out = []
    for row in grid[header_row + 1 :]:
        rec = {k: row[c] if c < len(row) else "" for k, c in cols.items()}
        if any(v not in ("", None) for v in rec.values()):
            out.append(rec)
    return out


def _data_rows(grid: list[list[object]]) -> list[dict[str, object]]:
    keys = grid[layout.KEY_ROW]
    return [
        dict(zip(keys, row, strict=False))
        for row in grid[layout.FIRST_DATA_ROW :]
        if row and row[0] not in ("", None)
    ]


def _calculated(tmp_path: Path, name: str, lang: str, suffix: str = "xlsx") -> Path:
    path = build_workbook(
        name, lang, tmp_path / f"{name}-{lang}.{suffix}", macro=suffix == "xlsm", sample_data=True
    )
    outcome = calculate(XlsxBook(path, backup=False))
    errors = [p.render(lang) for p in outcome.problems.items if p.is_error]
    assert outcome.ok and outcome.written, errors
    return path


@pytest.mark.parametrize(("name", "lang"), CASES, ids=IDS)
def test_sample_data_calculates_to_complete_results(tmp_path: Path, name: str, lang: str):
    path = _calculated(tmp_path, name, lang)
    grids = _grids(path)
    roster = _rows(grids[layout.sheet_name("roster", lang)], 2, layout.TABLES["roster"])
    seen = {}
    for code in TEMPLATES[name].positions:
        pos = position(code)
        for row in _data_rows(grids[pos.sheet(lang)]):
            seen[row["id"]] = row
            for ind in pos.indicators:
                assert isinstance(row[layout.points_key(ind.code)], float), (row["id"], ind.code)
            assert 0 <= row["total"] <= 100
            assert row["grade"] in ("S", "A", "B", "C")
            assert isinstance(row["rank"], float)
            assert row["total"] == pytest.approx(row["subtotal"] + row["adjustment"], abs=0.006)
            if pos.pay_scheme:  # seed 004: every pay input is filled, so everyone is paid
                assert isinstance(row["pay"], float), (row["id"], row["pay_detail"])
                assert row["pay_detail"], row["id"]
    assert set(seen) == {r["id"] for r in roster}
    bonus = sum(Decimal(str(r["bonus"])) for r in seen.values())
    assert bonus == DEMO_POOL  # the pool is split to the cent
    grades = _rows(grids[layout.sheet_name("grades", lang)], 2, layout.TABLES["grades"])
    assert sum(g["count"] for g in grades) == len(seen)


@pytest.mark.parametrize("lang", layout.LANGS)
def test_sample_pay_shows_every_piece_rate_case_and_the_parts_pool(tmp_path: Path, lang: str):
    """The repair teams: one above its quota (extra pay), one short of it (a deduction),
    one short of returns (a share of base pay); splits of 2+1, 1+2 and 1+1 people. The
    parts pool has one person per role, so no role is vacant and no warning is raised."""
    path = build_workbook("repair-technicians", lang, tmp_path / "r.xlsx", sample_data=True)
    outcome = calculate(XlsxBook(path, backup=False))
    assert outcome.ok and outcome.pay is not None
    teams = outcome.pay.teams
    assert [t.passed_units > t.quota for t in teams] == [True, False, False]
    assert teams[0].team_amount > 0 > teams[1].team_amount and teams[2].team_amount == 0
    assert sorted(len(t.shares) for t in teams) == [2, 3, 3]
    for t in teams:
        assert sum(t.shares) == t.team_amount  # split to the cent
    assert teams[2].total > 0  # base-pay shares paid instead of a deduction

    path = build_workbook("automotive-after-sales", lang, tmp_path / "a.xlsx", sample_data=True)
    outcome = calculate(XlsxBook(path, backup=False))
    assert outcome.ok and outcome.pay is not None
    [pool] = outcome.pay.pools
    assert len(pool.result.shares) == 4 and sum(pool.result.shares) == pool.result.pool
    assert not [p for p in outcome.problems.warnings if p.code.startswith("money")]


def test_demo_is_a_realistic_department():
    grids = _grids(DEMO)
    roster = _rows(grids["人员"], 2, layout.TABLES["roster"])
    assert len(roster) == 30
    assert len({r["position"] for r in roster}) >= 4
    assert len({r["department"] for r in roster}) >= 2
    assert len({r["team"] for r in roster}) >= 5
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", r["name"]) for r in roster)
    adjustments = _rows(grids["调整"], 2, layout.TABLES["adjustments"])
    assert adjustments and all(a["reason"] for a in adjustments)
    assert any(a["grade"] for a in adjustments) and any(a["points"] for a in adjustments)
    settings = {row[0]: row[1] for row in grids["设置"][3:] if row and row[0]}
    assert settings["奖金池(元)"] == float(DEMO_POOL)
    assert settings["考核周期"]
    grades = _rows(grids["等级"], 2, layout.TABLES["grades"])
    assert [g["grade"] for g in grades] == ["S", "A", "B", "C"]
    assert all(g["quota_kind"] for g in grades if g["grade"] != "B")


def test_demo_reproduces_the_seeds_worked_examples(tmp_path: Path):
    """Call-centre agent, table 9-26: talk time 182 s → 90, 178 s → 100; after-call work
    42 s → 60, 38 s → 74 (weight 15% each, so weighted points are 15% of those)."""
    path = tmp_path / "demo.xlsx"
    shutil.copy(DEMO, path)
    assert calculate(XlsxBook(path, backup=False)).ok
    rows = _data_rows(_grids(path)[position("cc_agent").sheet("zh")])
    first, second = rows[0], rows[1]
    assert (first["talk_time"], second["talk_time"]) == (182, 178)
    assert (first["acw_time"], second["acw_time"]) == (42, 38)
    assert first["pts:talk_time"] == pytest.approx(90 * 0.15)
    assert second["pts:talk_time"] == pytest.approx(100 * 0.15)
    assert first["pts:acw_time"] == pytest.approx(60 * 0.15)
    assert second["pts:acw_time"] == pytest.approx(74 * 0.15)


def test_calibrated_grade_and_veto_take_effect(tmp_path: Path):
    path = tmp_path / "demo.xlsx"
    shutil.copy(DEMO, path)
    assert calculate(XlsxBook(path, backup=False)).ok
    grids = _grids(path)
    results = {}
    for code in TEMPLATES["after-sales-department"].positions:
        for row in _data_rows(grids[position(code).sheet("zh")]):
            results[row["id"]] = row
    for adj in _rows(grids["调整"], 2, layout.TABLES["adjustments"]):
        if adj["grade"]:
            assert results[adj["id"]]["grade"] == adj["grade"]
        if adj["cap_grade"]:
            assert "SABC".index(results[adj["id"]]["grade"]) >= "SABC".index(adj["cap_grade"])


INPUT_SHEETS = ("settings", "positions", "indicators", "roster", "grades", "adjustments")


@pytest.mark.parametrize("suffix", ["xlsx", "xlsm"])
def test_calculate_loses_nothing(tmp_path: Path, suffix: str):
    """The writer's fidelity checks (shared/xlsx-fidelity.md) on the department workbook."""
    if suffix == "xlsm" and not macro_available():
        pytest.skip("the VBA project cannot be built here")
    path = build_workbook(
        "after-sales-department",
        "zh",
        tmp_path / f"d.{suffix}",
        macro=suffix == "xlsm",
        sample_data=True,
    )
    before, grids_before = parts(path), _grids(path)
    assert calculate(XlsxBook(path, backup=False)).ok
    after, grids_after = parts(path), _grids(path)

    assert sorted(after) == sorted(n for n in before if not n.endswith("calcChain.xml"))
    sheets = {part: name for name, part in sheet_parts(path).items()}
    changed = {n for n in before if before[n] != after.get(n)}
    charts = {n for n in changed if n.startswith("xl/charts/chart")}
    assert changed - charts <= set(sheets) | {"xl/styles.xml", "xl/sharedStrings.xml"}, changed
    for part in charts:  # only the series' ranges and cached values were refreshed
        plain = lambda x: re.sub(  # noqa: E731
            rb"<c:(strCache|numCache)>.*?</c:\1>|<c:f>[^<]*</c:f>|<c:(strRef|numRef)>|</c:(strRef|numRef)>",
            b"",
            x,
            flags=re.DOTALL,
        )
        assert plain(before[part]) == plain(after[part]), part
    for part in changed & set(sheets):
        strip = lambda x: re.sub(rb'<dimension ref="[^"]*"/>', b"", without_sheet_data(x))  # noqa: E731
        assert strip(before[part]) == strip(after[part]), sheets[part]
    if suffix == "xlsm":
        assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
        assert "macroEnabled" in after["[Content_Types].xml"].decode()

    # Every input cell is as it was: only computed columns and output sheets changed.
    computed = {
        layout.sheet_name(t.sheet, "zh"): {c.label("zh") for c in t.columns if c.computed}
        for t in layout.TABLES.values()
    }
    for key in INPUT_SHEETS:
        name = layout.sheet_name(key, "zh")
        old, new = grids_before[name], grids_after[name]
        header = old[2] if key != "settings" else []
        skip = {i for i, h in enumerate(header) if h in computed.get(name, set())}
        for r, row in enumerate(old):
            for c, v in enumerate(row):
                if c in skip or (key == "settings" and row[0] == "计算状态" and c == 1):
                    continue
                assert new[r][c] == v, (name, r, c)
    for code in TEMPLATES["after-sales-department"].positions:
        pos = position(code)
        old, new = grids_before[pos.sheet("zh")], grids_after[pos.sheet("zh")]
        inputs = [c for c, col in enumerate(pos.columns("zh")) if not col.computed]
        for r in range(len(old)):
            assert [old[r][c] for c in inputs] == [new[r][c] for c in inputs], (pos.code, r)


@pytest.mark.libreoffice
def test_form_shows_the_employee_after_recalculation(tmp_path: Path):
    """LibreOffice recalculates the form's INDEX/MATCH formulas on the calculated demo; the
    form must show the first employee's name, points per indicator, total and grade."""
    from helpers.libreoffice import convert

    path = tmp_path / "demo.xlsx"
    shutil.copy(DEMO, path)
    assert calculate(XlsxBook(path, backup=False)).ok
    grids = _grids(path)
    roster = _rows(grids["人员"], 2, layout.TABLES["roster"])
    person = roster[0]
    pos = position("cs_manager")
    data = next(r for r in _data_rows(grids[pos.sheet("zh")]) if r["id"] == person["id"])

    out = convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")[0]
    form = _grids(out)[FORM_SHEET("zh")]
    cells = [v for row in form for v in row if v not in ("", None)]
    assert person["name"] in cells and person["department"] in cells
    assert pos.name("zh") + "绩效考核表" in cells
    names = [i.name("zh") for i in pos.indicators]
    rows = {row[2]: row for row in form if len(row) > 2 and row[2] in names}
    assert list(rows) == names  # in order, numbered 1, 2, 3 ... (no internal codes)
    assert [rows[n][0] for n in names] == list(range(1, len(names) + 1))
    for ind in pos.indicators:
        assert rows[ind.name("zh")][10] == pytest.approx(data[layout.points_key(ind.code)])
    assert data["total"] in cells and data["grade"] in cells
