"""Company-wide quotas and pool over three department workbooks (tests/helpers/company_books.py),
and all-or-nothing writing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers.company_books import (
    DEPARTMENTS,
    EXPECTED_BONUS,
    EXPECTED_GRADES,
    build_company,
    grids,
    write_book,
)
from xlkpi.io import atomic
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.workbook.calculate import calculate
from xlkpi.workbook.company import calculate_company, company_scoped


def _results(path: Path) -> dict[str, tuple[float, str, float]]:
    """id -> (total, grade, bonus) as written in the data sheet."""
    grid = read_grids(path)["专员数据"]
    keys = grid[3]
    out = {}
    for row in grid[4:]:
        rec = dict(zip(keys, row, strict=False))
        out[rec["id"]] = (rec["total"], rec["grade"], rec["bonus"])
    return out


def _snapshot(paths: list[Path]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


def _folder_names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_company_quota_crosses_departments(tmp_path: Path) -> None:
    paths = build_company(tmp_path)
    out = calculate_company(paths)
    assert out.ok and out.written, [p.render() for p in out.problems]
    written = {}
    for p in paths:
        written.update(_results(p))
    assert {k: v[1] for k, v in written.items()} == EXPECTED_GRADES
    for eid, (_total, grade, bonus) in written.items():
        assert bonus == EXPECTED_BONUS[grade], eid
    assert sum(v[2] for v in written.values()) == 9500
    assert written["O1"][0] == 91  # an A by score, moved by the company's quota
    note = read_grids(tmp_path / "ops.xlsx")["专员数据"][4][-1]
    assert "全公司" in note and "由A调为B" in note


def test_each_summary_says_what_applied_company_wide(tmp_path: Path) -> None:
    paths = build_company(tmp_path)
    calculate_company(paths)
    rows = [[v for v in r if v is not None] for r in read_grids(paths[2])["汇总"]]
    assert ["全公司统一执行"] in rows
    assert ["与其他工作簿一起计算：共 3 个工作簿，10 人有总分"] in rows
    # grade, quota, company limit, company count, in this workbook (运营部)
    assert ["A", "≤20%", 2, 2, 0] in rows
    assert ["C", "≥10%", 1, 3, 2] in rows
    assert ["本工作簿分得", 2000] in rows
    assert not any(r and r[0] == "未分配" for r in rows)  # the rest went to the others


def test_alone_the_department_keeps_its_a_and_is_warned(tmp_path: Path) -> None:
    (ops,) = [p for p in build_company(tmp_path) if p.name == "ops.xlsx"]
    assert company_scoped(XlsxBook(ops))
    outcome = calculate(XlsxBook(ops))
    assert outcome.ok
    assert {r.employee.id: r.grade for r in outcome.run.results}["O1"] == "A"
    assert any(p.code == "company.alone" for p in outcome.problems.warnings)


def test_plain_workbook_is_not_company_scoped(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "plain.xlsx", grids("ops.xlsx", distribution_scope="部门", pool_scope="本工作簿")
    )
    assert not company_scoped(XlsxBook(path))


def test_one_workbook_with_an_error_changes_none(tmp_path: Path) -> None:
    paths = build_company(tmp_path / "a")
    bad = grids("service.xlsx")
    bad["专员数据"][5][bad["专员数据"][3].index("Q1@approver")] = "很好"  # C2: not a number
    write_book(paths[1], bad)
    before = _snapshot(paths)
    out = calculate_company(paths)
    assert not out.ok and not out.written
    assert any("很好" in p.message("zh") for p in out.outcomes[1].problems.errors)
    assert _snapshot(paths) == before
    assert _folder_names(tmp_path / "a") == set(DEPARTMENTS)  # no backups, no temp files


def test_disagreeing_pools_change_none(tmp_path: Path) -> None:
    paths = build_company(tmp_path)
    write_book(paths[2], grids("ops.xlsx", bonus_pool=8000))
    before = _snapshot(paths)
    out = calculate_company(paths)
    assert not out.written
    errors = out.problems.errors
    assert [p.code for p in errors] == ["company.pool"]
    assert errors[0].where[0].file == "ops.xlsx" and errors[0].where[0].cell
    assert _snapshot(paths) == before


def test_a_locked_workbook_changes_none(tmp_path: Path) -> None:
    paths = build_company(tmp_path)
    (tmp_path / "~$ops.xlsx").write_bytes(b"owner")  # Excel has ops.xlsx open
    before = _snapshot(paths)
    out = calculate_company(paths)
    assert not out.written
    assert any(
        p.code == "file.locked" or "Excel" in p.message("en")
        for p in out.outcomes[2].problems.errors
    )
    assert _snapshot(paths) == before
    assert _folder_names(tmp_path) == {*DEPARTMENTS, "~$ops.xlsx"}


def test_a_failed_replace_puts_back_the_ones_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = build_company(tmp_path)
    before = _snapshot(paths)
    real_replace = os.replace
    calls = []

    def replace(src: str, dst: str) -> None:
        if str(src).endswith(".tmp") and Path(dst).suffix == ".xlsx" and ".bak" not in dst:
            calls.append(dst)
            if len(calls) == 3:  # the third workbook fails: the first two are put back
                raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    out = calculate_company(paths, backup=False)
    assert not out.written
    assert "no workbook was changed" in out.problems.errors[0].message("en")
    assert _snapshot(paths) == before
    assert _folder_names(tmp_path) == set(DEPARTMENTS)


def test_a_company_run_keeps_each_workbooks_change_log(tmp_path: Path) -> None:
    """The follow-up steps of a single Calculate (change log, deadlines) run in a company
    run too: each workbook gets its own log of what changed for its own people."""
    paths = build_company(tmp_path)
    out = calculate_company(paths)
    assert out.ok and out.written
    for path in paths:
        log = read_grids(path)["变更记录"]
        text = " ".join(str(v) for row in log for v in row if v is not None)
        own = set(_results(path))
        assert own and all(eid in text for eid in own), path.name
        others = {eid for p in paths if p != path for eid in _results(p)}
        assert not any(f" {eid} " in f" {text} " for eid in others - own), path.name


def test_company_pool_with_quotas_per_position_names_the_position(tmp_path: Path) -> None:
    """Quotas per position with a company pool: each workbook's quota warnings name the
    position as HR wrote it (专员), not its code (OP), as when calculated alone."""
    paths = build_company(tmp_path, distribution_scope="岗位")
    tied = grids("sales.xlsx", distribution_scope="岗位")
    tied["专员数据"][5][tied["专员数据"][3].index("Q1@approver")] = 95  # S2 ties S1 for the one A
    write_book(paths[0], tied)
    out = calculate_company(paths, write=False)
    assert out.ok, [p.render() for p in out.problems]
    ties = [p for p in out.outcomes[0].problems.warnings if p.code == "distribution.tie"]
    assert ties
    for lang in ("zh", "en"):
        assert all("专员" in p.message(lang) and "OP" not in p.message(lang) for p in ties)
    alone = calculate(XlsxBook(paths[0]), write=False)
    assert [p.message("zh") for p in alone.problems.warnings if p.code == "distribution.tie"] == [
        p.message("zh") for p in ties
    ]
