"""360° rater groups: seven peers under the trimmed mean, worked out by hand, on a real file.

P03's approver gives 85 on Q (scale 100, "highest rater decides"). Peers weigh 30%, at least
3 raters, trimmed mean from 5 raters on. Seven peers: 90 70 88 95 60 82 79.
  sorted 60 70 79 82 88 90 95 → drop 60 and 95 → (70+79+82+88+90)/5 = 409/5 = 81.8
  Q = 70% × 85 + 30% × 81.8 = 59.5 + 24.54 = 84.04 → total 84.04
P04 has two peer ratings (fewer than 3): peers do not count (a warning) and Q stays 84.
"""

from __future__ import annotations

import datetime as dt

import fu_book
import pytest

from xlkpi.core.model import Employee, EmployeeResult, Indicator, IndicatorResult, ScoredBy
from xlkpi.core.problems import Problems
from xlkpi.core.raters360 import GroupRule, Raters360, Rating, apply_360, group_score
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.workbook.calculate import calculate

PEERS = {"周一": 90, "吴二": 70, "郑三": 88, "冯四": 95, "陈五": 60, "褚六": 82, "卫七": 79}


def test_trimmed_mean_by_hand():
    assert group_score(list(PEERS.values()), "trimmed", 5) == (pytest.approx(81.8), True)
    assert group_score(list(PEERS.values()), "mean", 5) == (pytest.approx(564 / 7), False)
    assert group_score([90, 70, 88, 95], "trimmed", 5) == (pytest.approx(85.75), False)


def _book(tmp_path):
    ratings = [
        {"id": "P03", "code": "Q", "group": "同事", "rater": name, "score": score}
        for name, score in PEERS.items()
    ]
    ratings += [
        {"id": "P04", "code": "Q", "group": "同事", "rater": "蒋八", "score": 50},
        {"id": "P04", "code": "Q", "group": "同事", "rater": "沈九", "score": 40},
    ]
    groups = [
        {
            "position": "AG",
            "code": "Q",
            "group": "同事",
            "weight": 0.3,
            "min_raters": 3,
            "method": "去掉最高最低后平均",
            "trim_from": 5,
        }
    ]
    sheets = fu_book.grids(groups360=groups, ratings360=ratings)
    return fu_book.save(tmp_path / "360.xlsx", sheets)


def test_seven_peers_trimmed_mean_on_a_real_workbook(tmp_path):
    path = _book(tmp_path)
    out = calculate(XlsxBook(path), now=dt.datetime(2026, 10, 1, 9))
    assert out.ok, [p.message_en for p in out.problems.errors]
    grid = read_grids(path)[fu_book.DATA_SHEET]
    keys = grid[3]
    rows = {r[0]: dict(zip(keys, r, strict=True)) for r in grid[4:] if r[0]}
    assert rows["P03"]["total"] == pytest.approx(84.04)
    assert rows["P04"]["total"] == pytest.approx(84)
    [few] = [p for p in out.problems if p.code == "raters360.too_few"]
    assert "9 person(s) have fewer ratings from peers than the minimum 3" in few.message_en
    assert "P04 (2)" in few.message_en and "P01 (0)" in few.message_en
    assert {s.cell for s in few.where[1:]} == {"F11", "F12"}  # the two ratings' score cells
    # Rater names stay on the ratings sheet: nowhere else in the workbook.
    for sheet, sheet_grid in read_grids(path).items():
        if sheet == "360评分":
            continue
        text = " ".join(str(v) for row in sheet_grid for v in row if v is not None)
        assert not any(name in text for name in [*PEERS, "蒋八", "沈九"]), sheet
    # ... nor in the explanation of the score (it names counts, never people).
    p03 = next(r for r in out.run.results if r.employee.id == "P03")
    words = p03.indicators["Q"].explanation
    assert "同事81.8（7份，去掉最高最低后平均）×30%" in words.zh
    assert "peers 81.8 (7, highest and lowest dropped, mean) × 30%" in words.en


def test_group_weights_must_leave_room_for_the_standard_raters():
    ind = Indicator("AG", "Q", "Q", 1.0, 100, ScoredBy.RATERS)
    emp = Employee("P1", "x", "AG")
    result = EmployeeResult(emp, {"Q": IndicatorResult("Q", 80.0, 80.0)}, 80.0, 0.0, None)
    problems = Problems()
    rules = [GroupRule("AG", "Q", "peer", 0.6), GroupRule("AG", "Q", "customer", 0.4)]
    apply_360(
        [result], Raters360(rules, [Rating("P1", "Q", "peer", 10)]), {"AG": {"Q": ind}}, problems
    )
    codes = [p.code for p in problems.errors]
    assert "raters360.weight_sum" in codes and result.indicators["Q"].raw == 80.0


def test_survey_export_is_imported_then_calculated(tmp_path, capsys):
    from xlkpi.cli.main import main

    groups = [
        {
            "position": "坐席",
            "code": "Q",
            "group": "同事",
            "weight": 0.3,
            "method": "去掉最高最低后平均",
        }
    ]
    path = fu_book.save(tmp_path / "s.xlsx", fu_book.grids(groups360=groups))
    csv = tmp_path / "peers.csv"
    lines = ["被评人工号,被评人,指标,评价关系,评分人,分数"]
    lines += [f"P03,员工03,Q,同事,{name},{score}" for name, score in PEERS.items()]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["survey", str(path), str(csv)]) == 0
    assert "已导入 7 条360°评分" in capsys.readouterr().out
    ratings = read_grids(path)["360评分"]
    assert ratings[3][:6] == ["P03", "员工03", "Q", "同事", "周一", 90]
    out = calculate(XlsxBook(path), now=dt.datetime(2026, 10, 1, 9))
    p03 = next(r for r in out.run.results if r.employee.id == "P03")
    assert p03.total == pytest.approx(84.04)
    # Importing the same file again updates in place: still seven ratings.
    assert main(["survey", str(path), str(csv)]) == 0
    assert "更新 7 条" in capsys.readouterr().out
    assert sum(1 for r in read_grids(path)["360评分"][3:] if r and r[0]) == 7


def test_survey_with_a_bad_group_writes_nothing(tmp_path, capsys):
    from xlkpi.cli.main import main

    path = fu_book.save(tmp_path / "s.xlsx", fu_book.grids())
    before = path.read_bytes()
    csv = tmp_path / "bad.csv"
    csv.write_text("工号,指标,评分组,评分人,分数\nP03,Q,朋友,周一,90\n", encoding="utf-8")
    assert main(["survey", str(path), str(csv)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "第 2 行" in err and "朋友" in err
    assert path.read_bytes() == before
